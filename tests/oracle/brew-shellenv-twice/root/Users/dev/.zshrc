# again, as many people do: Homebrew prints nothing when its folders already lead PATH
eval "$(/opt/homebrew/bin/brew shellenv)"
export PATH=$HOME/go/bin:$PATH
