alias ll='ls -lah'
export EDITOR=nano
