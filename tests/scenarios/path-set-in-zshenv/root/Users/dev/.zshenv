# Homebrew first, so its Go wins (or so it seems)
export PATH="/opt/homebrew/bin:/opt/homebrew/sbin:$PATH"
