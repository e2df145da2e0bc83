# Get the aliases and functions
if [ -f ~/.bashrc ]; then
	. ~/.bashrc
fi
