# edited on Windows
export GOPROXY=https://goproxy.cn,direct
export GOSUMDB=sum.golang.google.cn
