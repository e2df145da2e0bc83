export GOPATH=/not/read/because/of/bash_login
