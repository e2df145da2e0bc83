eval "$(/opt/homebrew/bin/brew shellenv)"
dirs=($HOME/go/bin $HOME/.cargo/bin)
for (( i=1; i<=${#dirs}; i++ )); do
  [[ -d ${dirs[i]} ]] && path=(${dirs[i]} $path)
done
export GO111MODULE=on
