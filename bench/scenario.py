"""Generated benchmark scenarios (the format of tests/scenarios/README.md).

A realistic machine: Apple's /etc files, an official go1.26.4 .pkg install in /usr/local/go,
Homebrew's go1.27.3 in /opt/homebrew, a GOTOOLCHAIN download of go1.27.3 in the module cache,
N arm64 tools in ~/go/bin and about `lines` lines of zsh startup files. The binaries are
written by the project's own generator (`scenario-binaries`), so they are real Mach-O files
with real Go build info.
"""

import os
import shutil
import subprocess

SYSTEM_FILES = {
    "etc/paths": "/usr/local/bin\n/System/Cryptexes/App/usr/bin\n/usr/bin\n/bin\n/usr/sbin\n/sbin\n",
    "etc/paths.d/go": "/usr/local/go/bin\n",
    "etc/zprofile": (
        "# System-wide profile for interactive zsh(1) login shells.\n\n"
        "# Setup user specific overrides for this in ~/.zprofile. See zshbuiltins(1)\n"
        "# and zshoptions(1) for more details.\n\n"
        "if [ -x /usr/libexec/path_helper ]; then\n"
        "\teval `/usr/libexec/path_helper -s`\n"
        "fi\n"
    ),
    "etc/zshrc": "# System-wide profile for interactive zsh(1) shells.\nsetopt BEEP\n",
    "usr/libexec/path_helper": "#!/bin/sh\n# stand-in, never run\n",
    "Library/Apple/usr/libexec/oah/libRosettaRuntime": "stand-in\n",
    "System/Library/CoreServices/SystemVersion.plist": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
        '<plist version="1.0">\n<dict>\n'
        "\t<key>ProductBuildVersion</key>\n\t<string>24B83</string>\n"
        "\t<key>ProductName</key>\n\t<string>macOS</string>\n"
        "\t<key>ProductVersion</key>\n\t<string>15.1</string>\n"
        "</dict>\n</plist>\n"
    ),
}

GO_ENV = (
    "# This file contains the initial defaults for go command configuration.\n"
    "GOPROXY=https://proxy.golang.org,direct\n"
    "GOSUMDB=sum.golang.org\n"
    "GOTOOLCHAIN=auto\n"
)

HOST_TOML = """description = "Benchmark machine: official go, Homebrew go, a GOTOOLCHAIN download, {tools} tools, ~{lines} startup-file lines"
os = "macos"
arch = "arm64"
home = "/Users/dev"
shell = "/bin/zsh"
translated = false

[env]
HOME = "/Users/dev"
USER = "dev"
LOGNAME = "dev"
SHELL = "/bin/zsh"
LANG = "en_US.UTF-8"

[[processes]]
pid = 612
ppid = 1
name = "Terminal"
exe = "/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal"
translated = false
"""

TOOL_MODULES = [
    ("golang.org/x/tools/gopls", "golang.org/x/tools/gopls", "v0.20.0"),
    ("github.com/go-delve/delve/cmd/dlv", "github.com/go-delve/delve", "v1.25.2"),
    ("honnef.co/go/tools/cmd/staticcheck", "honnef.co/go/tools", "v0.6.1"),
    ("github.com/golangci/golangci-lint/v2/cmd/golangci-lint", "github.com/golangci/golangci-lint/v2", "v2.5.0"),
    ("golang.org/x/tools/cmd/goimports", "golang.org/x/tools", "v0.38.0"),
    ("mvdan.cc/gofumpt", "mvdan.cc/gofumpt", "v0.9.1"),
    ("github.com/air-verse/air", "github.com/air-verse/air", "v1.63.0"),
    ("github.com/sqlc-dev/sqlc/cmd/sqlc", "github.com/sqlc-dev/sqlc", "v1.30.0"),
]


def _toolchain(b, root, version, arch, min_os):
    goarch = "arm64" if arch == "arm64" else "amd64"
    for pkg, rel in (("cmd/go", "bin/go"), ("cmd/gofmt", "bin/gofmt"),
                     ("cmd/compile", f"pkg/tool/darwin_{goarch}/compile")):
        b.append(
            f'[[binary]]\npath = "{root}/{rel}"\nformat = "macho"\narch = ["{arch}"]\n'
            f'go = "{version}"\npackage = "{pkg}"\nmodule = "cmd"\nmin_os = "{min_os}"\n'
        )


def _goroot_files(rootdir, goroot, version):
    base = os.path.join(rootdir, goroot.lstrip("/"))
    _write(os.path.join(base, "VERSION"), f"{version}\ntime 2026-10-07T16:32:11Z\n")
    _write(os.path.join(base, "go.env"), GO_ENV)
    _write(os.path.join(base, "src/runtime/extern.go"), "package runtime\n")


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


# One block of a realistic ~/.zshrc: comments, options, aliases, functions, exports,
# conditionals. Every variable is distinct so the environment grows linearly, and PATH is
# only touched by the fixed head of the file (a PATH that grows with the file would make
# any evaluator quadratic and would not be realistic).
BLOCK = """# --- section {i}: project {i} ---
alias p{i}='cd ~/src/project{i}'
alias p{i}t='go test ./... -count=1'
export PROJECT{i}_HOME="$HOME/src/project{i}"
export PROJECT{i}_ENV=development
if [ -d "$PROJECT{i}_HOME" ]; then
  export PROJECT{i}_READY=1
else
  export PROJECT{i}_READY=0
fi
p{i}_build() {{
  go build -o "$PROJECT{i}_HOME/bin" ./...
}}
setopt HIST_IGNORE_DUPS
"""
BLOCK_LINES = BLOCK.count("\n")

ZSHRC_HEAD = """# ~/.zshrc
export GOPATH="$HOME/go"
export PATH="/opt/homebrew/bin:/opt/homebrew/sbin:$PATH:$GOPATH/bin"
export EDITOR=vim
HISTSIZE=10000
SAVEHIST=10000
"""

ZPROFILE = """# Set PATH, MANPATH, etc., for Homebrew.
export HOMEBREW_PREFIX="/opt/homebrew"
export HOMEBREW_CELLAR="/opt/homebrew/Cellar"
export HOMEBREW_REPOSITORY="/opt/homebrew"
"""


def zshrc_text(lines):
    head = ZSHRC_HEAD.count("\n")
    blocks = max(1, (lines - head) // BLOCK_LINES)
    return ZSHRC_HEAD + "".join(BLOCK.format(i=i) for i in range(blocks))


def build(dest, gen_bin, tools=40, lines=300, tools_from=None):
    """Writes the scenario into `dest` (replaced). With `tools_from`, GOPATH/bin gets copies
    of the files in that directory instead of generated tools. Returns the scenario path."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    root = os.path.join(dest, "root")
    for rel, text in SYSTEM_FILES.items():
        _write(os.path.join(root, rel), text)
    os.chmod(os.path.join(root, "usr/libexec/path_helper"), 0o755)
    _write(os.path.join(dest, "host.toml"), HOST_TOML.format(tools=tools, lines=lines))

    b = [
        '[[binary]]\npath = "/bin/zsh"\nformat = "fat"\narch = ["x86_64", "arm64e"]\n',
        '[[binary]]\npath = "/Library/Developer/CommandLineTools/usr/bin/xcrun"\n'
        'format = "fat"\narch = ["x86_64", "arm64e"]\n',
    ]
    # Official .pkg, Homebrew, and a toolchain download.
    _toolchain(b, "/usr/local/go", "go1.26.4", "arm64", "12.0")
    _goroot_files(root, "/usr/local/go", "go1.26.4")
    cellar = "/opt/homebrew/Cellar/go/1.27.3/libexec"
    _toolchain(b, cellar, "go1.27.3", "arm64", "13.0")
    _goroot_files(root, cellar, "go1.27.3")
    tc = "/Users/dev/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.darwin-arm64"
    _toolchain(b, tc, "go1.27.3", "arm64", "13.0")
    _goroot_files(root, tc, "go1.27.3")

    gobin = os.path.join(root, "Users/dev/go/bin")
    os.makedirs(gobin, exist_ok=True)
    if tools_from is None:
        for k in range(tools):
            pkg, mod, ver = TOOL_MODULES[k % len(TOOL_MODULES)]
            b.append(
                f'[[binary]]\npath = "/Users/dev/go/bin/tool{k:05d}"\nformat = "macho"\n'
                f'arch = ["arm64"]\ngo = "go1.27.3"\npackage = "{pkg}"\nmodule = "{mod}"\n'
                f'version = "{ver}"\nmin_os = "13.0"\n'
            )
    _write(os.path.join(dest, "binaries.toml"), "\n".join(b))
    subprocess.run([gen_bin, dest], check=True, stdout=subprocess.DEVNULL)
    if tools_from is not None:
        for name in sorted(os.listdir(tools_from)):
            shutil.copy2(os.path.join(tools_from, name), os.path.join(gobin, name))

    # Homebrew's symlinks.
    hb = os.path.join(root, "opt/homebrew/bin")
    os.makedirs(hb, exist_ok=True)
    for prog in ("go", "gofmt"):
        os.symlink(f"../Cellar/go/1.27.3/libexec/bin/{prog}", os.path.join(hb, prog))

    home = os.path.join(root, "Users/dev")
    _write(os.path.join(home, ".zshenv"), "# nothing here\n")
    _write(os.path.join(home, ".zprofile"), ZPROFILE)
    rest = max(lines - ZPROFILE.count("\n") - 1, 1)
    _write(os.path.join(home, ".zshrc"), zshrc_text(rest))
    _write(os.path.join(home, "Library/Application Support/go/env"), "GOPROXY=https://proxy.golang.org,direct\n")
    return dest


def startup_lines(dest):
    home = os.path.join(dest, "root/Users/dev")
    n = 0
    for f in (".zshenv", ".zprofile", ".zshrc"):
        with open(os.path.join(home, f)) as fh:
            n += fh.read().count("\n")
    return n
