export GOPATH=/not/read/by/a/login/shell
