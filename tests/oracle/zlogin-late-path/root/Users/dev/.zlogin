# .zlogin runs after .zshrc in a login shell
export PATH=/usr/local/go/bin:$PATH
export GOROOT=/usr/local/go
