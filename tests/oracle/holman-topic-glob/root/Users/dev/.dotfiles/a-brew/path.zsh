export PATH="/opt/homebrew/bin:/opt/homebrew/sbin:$PATH"
