alias gob='go build'
alias goc='go clean'
alias got='go test'
alias gofa='go fmt ./...'
