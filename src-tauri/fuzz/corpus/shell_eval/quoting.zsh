# Unusual quoting
export A='single '"double"' mixed'
export B=$'ansi\tc\nquoted'
export C="nested \"quotes\" and \$dollar and \`tick\`"
export D=back\ slash\ spaces
export E="${HOME}/with space/bin"
export F='it'\''s'
G="multi
line value"
export H=${A:-"default with spaces"}
export PS1='%F{green}%n@%m%f:%F{blue}%~%f %# '
export LESS_TERMCAP_md=$'\e[01;31m'
print -r -- "done: $A $B" >/dev/null
export PATH="/opt/with space/bin:$PATH"
path=("$HOME/.cargo/bin" "${path[@]}")
export GOBIN="$HOME/go/bin"
: ${GOPATH:=$HOME/go}
export GOPATH
