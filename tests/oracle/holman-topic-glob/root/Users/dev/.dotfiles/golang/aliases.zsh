alias gt='go test ./...'
export GO111MODULE=on
