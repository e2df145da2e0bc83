# share the POSIX profile with other shells
[[ -e ~/.profile ]] && emulate sh -c 'source ~/.profile'
