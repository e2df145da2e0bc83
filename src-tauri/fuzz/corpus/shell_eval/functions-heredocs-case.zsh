# Long aliases and functions
alias k='kubectl'
alias kgp='kubectl get pods -o wide --sort-by=.metadata.creationTimestamp | grep -v Completed'
alias dps='docker ps --format "table {{.ID}}\t{{.Image}}\t{{.Status}}\t{{.Names}}"'
alias gcm='git commit -m'
alias please='sudo $(fc -ln -1)'

mkcd() { mkdir -p -- "$1" && cd -P -- "$1"; }

function gobuild-all {
  local os arch
  for os in darwin linux windows; do
    for arch in amd64 arm64; do
      echo "building $os/$arch"
      GOOS=$os GOARCH=$arch go build -o "bin/${PWD:t}-$os-$arch" . || return 1
    done
  done
}

usage() {
  cat <<EOF2
usage: tool [-h] [-v] <command>
  \$HOME is $HOME
  export GOPATH=/not/real
EOF2
  cat <<-'RAW'
	literal $PATH and `backticks` and "quotes"
	RAW
}

case "$(uname -s)" in
  Darwin)
    export CLICOLOR=1
    alias ls='ls -G'
    ;;
  Linux|*BSD)
    alias ls='ls --color=auto'
    ;;
  *) ;;
esac

case $TERM in
  xterm*|rxvt*) precmd() { print -Pn "\e]0;%n@%m: %~\a" } ;;
esac

export GOPRIVATE="github.com/acme/*,gitlab.internal.example/*"
export GOFLAGS=-mod=mod
