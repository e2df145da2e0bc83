eval "$(/opt/homebrew/bin/brew shellenv)"
private=(github.com/acme gitlab.com/acme bitbucket.org/acme)
export GOPRIVATE=${(j:,:)private}
extra=($HOME/go/bin $HOME/.local/bin)
export PATH=${(j.:.)extra}:$PATH
