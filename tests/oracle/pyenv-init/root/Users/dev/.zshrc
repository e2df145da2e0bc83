export PATH="$HOME/go/bin:$PATH"
export GOPROXY=https://proxy.golang.org,direct
