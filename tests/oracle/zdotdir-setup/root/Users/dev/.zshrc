export GOPATH=/not/read/because/of/zdotdir
