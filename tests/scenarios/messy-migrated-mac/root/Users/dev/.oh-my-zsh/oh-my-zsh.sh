# Scenario stand-in for oh-my-zsh's loader: loads the plugins, changes nothing Go cares about.
ZSH_CACHE_DIR="$ZSH/cache"
for plugin ($plugins); do
  if [ -f "$ZSH/plugins/$plugin/$plugin.plugin.zsh" ]; then
    source "$ZSH/plugins/$plugin/$plugin.plugin.zsh"
  fi
done
unset plugin
