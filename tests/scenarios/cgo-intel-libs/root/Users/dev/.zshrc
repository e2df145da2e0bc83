# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# for github.com/lib/pq + librdkafka (from the old Intel setup notes)
export CGO_LDFLAGS="-L/usr/local/lib"
export PKG_CONFIG_PATH=/usr/local/lib/pkgconfig
