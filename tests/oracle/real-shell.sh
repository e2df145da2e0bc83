#!/bin/sh
# The real-shell oracle: runs real zsh or bash, as a Mac's Terminal would start it, on a
# scenario's tree at the scenario's own absolute paths (/Users/dev, /opt/homebrew, /etc/…).
#
#   unshare -m -n -p -f --propagation private sh real-shell.sh ROOT OUT zsh|bash WORK
#
# ROOT is the scenario's root/ folder, OUT an empty folder that receives `env` (the login
# shell's `env -0`), `go` (`whence -p go` / `type -P go`), `stderr` (with the shell's
# xtrace: `+NAME|FILE:LINE> command` from zsh, `+FILE:LINE> command` from bash, one `+` per
# level) and `status`; WORK an empty scratch folder. Run it as root inside private mount
# and PID namespaces (unshare -m -p -f): every mount below is private to the namespace and
# disappears with it, and any process a startup file leaves in the background is killed
# when this script (PID 1 there) exits; nothing on the machine changes (the only writes
# outside the namespace's tmpfs are into OUT).
set -eu
ROOT=$1
OUT=$2
KIND=$3
WORK=$4

N=$WORK/ns
mkdir -p "$N"
mount -t tmpfs -o mode=755 oracle "$N"
mkdir -p "$N/root" "$N/usr.up" "$N/usr.work" "$N/etc.up" "$N/etc.work" "$N/local"

# /usr: the machine's, with the scenario's files on top, Debian's go and the programs that
# take over a terminal hidden (overlay whiteouts), and oracle-only stand-ins for the macOS
# programs startup files ask about.
if [ -d "$ROOT/usr" ]; then
	cp -a "$ROOT/usr/." "$N/usr.up/"
fi
rm -rf "$N/usr.up/local"
if [ -d "$ROOT/usr/local" ]; then
	cp -a "$ROOT/usr/local/." "$N/local/"
fi
mkdir -p "$N/usr.up/bin"
for p in go gofmt tmux screen; do
	rm -f "$N/usr.up/bin/$p"
	mknod "$N/usr.up/bin/$p" c 0 0
done
cat >"$N/usr.up/bin/uname" <<'EOF'
#!/bin/sh
# Oracle stand-in: uname as an Apple silicon Mac answers.
[ $# -eq 0 ] && set -- -s
out=""
for a in "$@"; do
	case "$a" in
	-s) v=Darwin ;;
	-m) v=arm64 ;;
	-p) v=arm ;;
	-r) v=24.1.0 ;;
	-n) v=mac ;;
	-v) v="Darwin Kernel Version 24.1.0: Thu Oct 10 21:06:23 PDT 2024; root:xnu-11215.41.3~3/RELEASE_ARM64_T6041" ;;
	-a) v="Darwin mac 24.1.0 Darwin Kernel Version 24.1.0: Thu Oct 10 21:06:23 PDT 2024; root:xnu-11215.41.3~3/RELEASE_ARM64_T6041 arm64" ;;
	*) v="" ;;
	esac
	out="${out:+$out }$v"
done
echo "$out"
EOF
cat >"$N/usr.up/bin/arch" <<'EOF'
#!/bin/sh
# Oracle stand-in: arch as an Apple silicon Mac answers (no Rosetta: -x86_64 runs natively).
if [ $# -eq 0 ]; then echo arm64; exit 0; fi
case "$1" in -*) shift ;; esac
exec "$@"
EOF
cat >"$N/usr.up/bin/sw_vers" <<'EOF'
#!/bin/sh
# Oracle stand-in: sw_vers of macOS 15.1.
case "${1:-}" in
-productName) echo macOS ;;
-productVersion) echo 15.1 ;;
-buildVersion) echo 24B83 ;;
*) printf 'ProductName:\t\tmacOS\nProductVersion:\t\t15.1\nBuildVersion:\t\t24B83\n' ;;
esac
EOF
chmod 755 "$N/usr.up/bin/uname" "$N/usr.up/bin/arch" "$N/usr.up/bin/sw_vers"

# /etc: the machine's, with the scenario's on top. Debian's zsh reads /etc/zsh/*, a Mac's
# zsh /etc/z*: the scenario's files go to /etc/zsh/ (missing ones empty), zshenv first says
# what a Mac's zsh was compiled for; bash is told the same through /etc/profile.
cp -a "$ROOT/etc/." "$N/etc.up/"
mkdir -p "$N/etc.up/zsh"
{
	echo 'OSTYPE=darwin24.0 MACHTYPE=arm64 CPUTYPE=arm64 VENDOR=apple'
	# The trace (stderr) tells which file and line set each variable.
	echo "PS4='+%N|%x:%I> '; setopt xtrace"
	[ -f "$ROOT/etc/zshenv" ] && cat "$ROOT/etc/zshenv"
	true
} >"$N/etc.up/zsh/zshenv"
for f in zprofile zshrc zlogin zlogout; do
	if [ -f "$ROOT/etc/$f" ]; then cp "$ROOT/etc/$f" "$N/etc.up/zsh/$f"; else : >"$N/etc.up/zsh/$f"; fi
done
{
	echo 'OSTYPE=darwin24'
	echo "PS4='+\${BASH_SOURCE}:\${LINENO}> '; set -x"
	[ -f "$ROOT/etc/profile" ] && cat "$ROOT/etc/profile"
	true
} >"$N/etc.up/profile"
# No Debian bash.bashrc or profile.d: a Mac has neither.
for f in bash.bashrc profile.d; do
	if [ ! -e "$ROOT/etc/$f" ]; then
		rm -rf "$N/etc.up/$f"
		mknod "$N/etc.up/$f" c 0 0
	fi
done
grep -v '^dev:' /etc/passwd >"$N/etc.up/passwd"
echo 'dev:x:501:20:dev:/Users/dev:/bin/zsh' >>"$N/etc.up/passwd"

mkdir -p "$N/root/usr" "$N/root/etc"
mount -t overlay overlay -o "lowerdir=/usr,upperdir=$N/usr.up,workdir=$N/usr.work" "$N/root/usr"
mount --bind "$N/local" "$N/root/usr/local"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$N/etc.up,workdir=$N/etc.work" "$N/root/etc"
for l in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$l" ]; then ln -s "$(readlink "/$l")" "$N/root/$l"; fi
done

# Everything else of the scenario (/Users, /opt, /Library, /System, …) is copied in.
for d in "$ROOT"/* "$ROOT"/.[!.]*; do
	[ -e "$d" ] || [ -L "$d" ] || continue
	name=${d##*/}
	case "$name" in etc | usr | bin | sbin | lib | lib64 | dev | proc | tmp) continue ;; esac
	cp -a "$d" "$N/root/$name"
done
mkdir -p "$N/root/Users/dev" "$N/root/tmp" "$N/root/var/tmp" "$N/root/dev" "$N/root/proc" "$N/root/run"
chmod 1777 "$N/root/tmp" "$N/root/var/tmp"
chown -R 501:20 "$N/root/Users/dev"
mount --rbind /dev "$N/root/dev"
mount -t proc proc "$N/root/proc"
mkdir -m 777 "$N/root/tmp/out"

case "$KIND" in
zsh)
	SH=/usr/bin/zsh
	ARGV0=-zsh
	LOGIN_SHELL=/bin/zsh
	CMD='/usr/bin/env -0 >/tmp/out/env; builtin whence -p go >/tmp/out/go'
	;;
bash)
	SH=/usr/bin/bash
	ARGV0=-bash
	LOGIN_SHELL=/bin/bash
	CMD='/usr/bin/env -0 >/tmp/out/env; builtin type -P go >/tmp/out/go'
	;;
*)
	echo "unknown shell $KIND" >&2
	exit 2
	;;
esac

status=0
chroot "$N/root" /bin/sh -c '
	cd /Users/dev || exit 3
	exec /usr/bin/setpriv --reuid=501 --regid=20 --clear-groups \
		/usr/bin/setsid -w /usr/bin/timeout -s KILL 20 \
		/usr/bin/env -i HOME=/Users/dev USER=dev SHELL="$1" PATH=/usr/bin:/bin:/usr/sbin:/sbin TERM=xterm \
		/usr/bin/perl -e "exec {\$ARGV[0]} @ARGV[1..\$#ARGV]" "$2" "$3" -l -i -c "$4"
' oracle "$LOGIN_SHELL" "$SH" "$ARGV0" "$CMD" </dev/null >/dev/null 2>"$OUT/stderr" || status=$?
echo "$status" >"$OUT/status"
cp "$N/root/tmp/out/env" "$OUT/env" 2>/dev/null || true
cp "$N/root/tmp/out/go" "$OUT/go" 2>/dev/null || true
exit 0
