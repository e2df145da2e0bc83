export GOPROXY=https://goproxy.io,direct
export GOPRIVATE=github.com/acme-corp/*
