# Set PATH, MANPATH, etc., for Homebrew.
eval "$(/opt/homebrew/bin/brew shellenv)"

# x86 brew for the casks that are not on arm64 yet (kept from the Intel MacBook)
eval "$(/usr/local/bin/brew shellenv)"
