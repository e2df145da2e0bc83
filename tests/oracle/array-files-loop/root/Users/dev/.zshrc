# a list of init files, sourced in order
files=(path.sh homebrew.sh golang.sh)
for f in "${files[@]}"; do
  source ~/.init/$f
done
