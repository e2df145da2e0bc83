shopt -s nullglob
for rc in ~/.bashrc.d/*.sh ~/.bashrc.d/*.none; do
  . "$rc"
done
shopt -u nullglob
unset rc
