if (( $+commands[go] )); then
  export GOPATH=$(go env GOPATH)
  export PATH=$PATH:$GOPATH/bin
fi
(( $+commands[nosuchtool] )) && export GOFLAGS=-wrong
