source_if_exists() { [[ -r "$1" ]] && source "$1" }
source_if_exists ~/.zsh_local
source_if_exists ~/.zsh_secrets
source_if_exists /opt/homebrew/opt/go/libexec/misc/zsh/go
