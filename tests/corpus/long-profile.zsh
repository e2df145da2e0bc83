# A long, grown-over-years .zshrc
setopt AUTO_CD EXTENDED_GLOB HIST_IGNORE_DUPS SHARE_HISTORY
bindkey -e
bindkey '^[[A' history-substring-search-up
typeset -U path PATH
[[ -d /usr/local/sbin ]] && path=(/usr/local/sbin $path)
for dir in ~/bin ~/.local/bin ~/go/bin /usr/local/go/bin; do
  [[ -d $dir ]] && path=($dir $path)
done
unset dir
while read -r line; do
  :
done < /dev/null
if (( $+commands[go] )); then
  export GOPATH="$(go env GOPATH)"
fi
() {
  local f
  for f in ~/.zsh.d/*.zsh(N); do source $f; done
}
[[ $- == *i* ]] && stty -ixon
zmodload zsh/datetime
export GOPROXY=https://proxy.golang.org,direct
export GOSUMDB=sum.golang.org
export GOTOOLCHAIN=auto
