export GOFLAGS=-from-completion
