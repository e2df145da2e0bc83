eval "$(/opt/homebrew/bin/brew shellenv)"
cat >/dev/null <<EOT
export GOPATH=/inside/a/heredoc
if then fi (( unbalanced
EOT
cat >/dev/null <<-'END'
	export GOROOT=/also/inside
	END
export GOPATH=$HOME/src/go
export PATH="$PATH:$GOPATH/bin"
