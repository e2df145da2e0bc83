# Homebrew's installer tells you to add this line.
eval "$(/opt/homebrew/bin/brew shellenv)"
