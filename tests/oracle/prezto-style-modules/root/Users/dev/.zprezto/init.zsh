# prezto-like: load the modules named in pmodules, relative to this file
pmodules=(environment homebrew golang)
for pmodule in "$pmodules[@]"; do
  source "${0:A:h}/modules/$pmodule/init.zsh"
done
unset pmodule
