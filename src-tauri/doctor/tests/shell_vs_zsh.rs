//! Compares the static evaluator with the real zsh.
//!
//! Each case writes startup files into a temporary home and runs
//! `env -i HOME=$tmp ZDOTDIR=$tmp PATH=/usr/bin:/bin zsh -d -l -i -c '<print env>'`
//! (`-d`: no global rc files), then evaluates the same files statically with
//! `global_rcs: false`. Every variable the static evaluator claims to know must match.
//! Skips when zsh is absent, unless `NATIVEGO_REQUIRE_ZSH=1`.
// Tests build real files and run real programs.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use nativego_doctor::facts::Origin;

use common::{static_zsh_login_env, zsh_login_env};

/// The Go variables compared.
use nativego_doctor::shell::eval::GO_VARS as VARS;

struct Case {
    name: &'static str,
    /// (path relative to HOME, content); `@HOME@` is replaced by the home.
    files: &'static [(&'static str, &'static str)],
    /// Directories to create under HOME.
    dirs: &'static [&'static str],
    /// The static evaluator must know PATH.
    path_known: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "export and PATH prepend",
        files: &[(".zshenv", "export GOPATH=$HOME/gopath\nexport PATH=$GOPATH/bin:$PATH\n")],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "quoting",
        files: &[(
            ".zshrc",
            "export GOPROXY=\"https://proxy.golang.org,direct\"\nGOSUMDB='sum.golang.org'\nexport GOSUMDB\nexport GOPRIVATE=a\\ b\\$c\nexport GOFLAGS=\"-mod=mod \\\"q\\\" \\$x ${HOME}\"\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "parameter defaults",
        files: &[(
            ".zprofile",
            "export GOPATH=${GOPATH:-$HOME/go}\nexport GOBIN=${GOBIN:+x}\nexport GOROOT=${NOPE-/usr/local/go}\nexport GOOS=${GOPATH:+set}\nexport GOARCH=${NOPE:=amd64}\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "tilde",
        files: &[(
            ".zshrc",
            "export PATH=~/bin:~/go/bin:$PATH\nGOPATH=~/go; export GOPATH\nexport GOROOT=\"~/quoted\"\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "zsh path array",
        files: &[(
            ".zshrc",
            "path=(/opt/a $path)\npath+=(/opt/b)\npath+=/opt/c\npath=(/x $path[@])\nPATH+=:/opt/d\nexport PATH=\"/opt/e:${PATH}\"\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "typeset -U path",
        files: &[(
            ".zshrc",
            "typeset -U path\npath=(/usr/bin /opt/u $path /opt/u)\nexport PATH=/bin:$PATH\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "source and dot",
        files: &[
            (".zshrc", "source ~/.config/go.zsh\n. $HOME/.other\nsource ~/nope\nexport GOOS=after\n"),
            (".config/go.zsh", "export GOPATH=$HOME/from-source\npath=($GOPATH/bin $path)\n"),
            (".other", "export GOBIN=$HOME/dot-bin\n"),
        ],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "test guards",
        files: &[(
            ".zshrc",
            "[[ -d ~/go/bin ]] && path=(~/go/bin $path)\n[[ -d ~/nope ]] && export GOROOT=/bad\n[ -d \"$HOME/sdk\" ] && export GOTOOLCHAIN=local\ntest -f ~/.zshrc && export GO111MODULE=on\n[[ ! -e ~/nope ]] || export GOOS=bad\n[[ -n \"$HOME\" && -z \"$NOPE\" ]] && export GOARCH=ok\n",
        )],
        dirs: &["go/bin", "sdk"],
        path_known: true,
    },
    Case {
        name: "if elif else",
        files: &[(
            ".zshrc",
            "if [ -d ~/sdk/go1 ]; then\n  export GOROOT=~/sdk/go1\nelif [ -d ~/sdk/go2 ]; then\n  export GOROOT=~/sdk/go2\n  path=($GOROOT/bin $path)\nelse\n  export GOROOT=none\nfi\nif [[ -d /nonexistent ]]; then export GOOS=x; else export GOOS=y; fi\n",
        )],
        dirs: &["sdk/go2/bin"],
        path_known: true,
    },
    Case {
        name: "command -v",
        files: &[(
            ".zshrc",
            "if command -v ls >/dev/null 2>&1; then\n  export GOTOOLCHAIN=local\nfi\ncommand -v no-such-cmd-ng >/dev/null && export GOOS=plan9\nwhich no-such-cmd-ng >/dev/null 2>&1 || export GOARCH=none\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "unset",
        files: &[(
            ".zshenv",
            "export GOOS=linux\nunset GOOS\nexport GOARCH=arm64\nGOROOT=/not/exported\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "functions are skipped until called",
        files: &[(
            ".zshrc",
            "myfunc() {\n  export GOPATH=/wrong\n}\nfunction other {\n  PATH=/bad\n}\nexport GO111MODULE=on\naddpath() { path=($1 $path) }\naddpath /opt/fn\nsetgo() {\n  local x=$1\n  export GOBIN=$x/bin\n}\nsetgo /opt/gb\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "case",
        files: &[(
            ".zshrc",
            "case $OSTYPE in\n  linux*) export GOOS=linux ;;\n  darwin*) export GOOS=darwin ;;\nesac\ncase \"$HOME\" in\n  /nope) export GOARCH=bad ;;\n  *) export GOARCH=any ;;\nesac\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "heredoc and continuation",
        files: &[(
            ".zshrc",
            "cat <<EOF >/dev/null\nexport GOPATH=/no\nEOF\ncat <<-'X' >/dev/null\n\texport GOOS=no\n\tX\nexport GOBIN=$HOME/bin\nexport PATH=/opt/c1:\\\n/opt/c2:$PATH\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "ZDOTDIR from zshenv",
        files: &[
            (".zshenv", "ZDOTDIR=$HOME/zdot\nexport GOOS=env\n"),
            ("zdot/.zshrc", "export GOPATH=$HOME/zdot-gopath\n"),
            (".zshrc", "export GOPATH=/should/not/run\n"),
        ],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "startup order",
        files: &[
            (".zshenv", "path=(/o/env $path)\nexport GOOS=env\n"),
            (".zprofile", "path=(/o/profile $path)\nexport GOOS=profile\n"),
            (".zshrc", "path=(/o/rc $path)\nexport GOARCH=rc:$GOOS\n"),
            (".zlogin", "path=(/o/login $path)\nexport GOOS=login\n"),
        ],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "several assignments, semicolons, for",
        files: &[(
            ".zshrc",
            "A=1 B=2; export GOARCH=$A$B; C=3\nfor d in /opt/f1 /opt/f2; do path+=($d); done\nfor x (/opt/f3) { path+=($x) }\nexport GOROOT GOOS=o\nGOROOT=/gr\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "return in sourced file, eval of a string",
        files: &[
            (".zshrc", "source ~/.r\neval \"export GOPROXY=off\"\n[ -n \"$ZSH_VERSION\" ] && export GOARCH=zsh\n"),
            (".r", "export GOOS=a\nreturn\nexport GOOS=b\n"),
        ],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "go env GOPATH",
        files: &[(
            ".zshrc",
            "export PATH=$PATH:$(go env GOPATH)/bin\nexport GOBIN=\"$(go env GOPATH)/bin2\"\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "export of an unset name, then assignment",
        files: &[(
            ".zshrc",
            "export GOPATH\nGOPATH=/gp\nexport GOSUMDB\nGOROOT=/gr\n",
        )],
        dirs: &[],
        path_known: true,
    },
    Case {
        name: "undecidable condition",
        files: &[(
            ".zshrc",
            "if [[ \"$(uname -m)\" == arm64 ]]; then\n  export GOARCH=arm64\n  path=(/opt/arm $path)\nfi\nexport GOOS=known\n",
        )],
        dirs: &[],
        path_known: false,
    },
];

#[test]
fn static_evaluation_matches_real_zsh() {
    if !common::zsh_available() {
        return;
    }
    assert!(CASES.len() >= 15);
    let mut failures = Vec::new();
    for case in CASES {
        let tmp = tempfile::tempdir().expect("tempdir");
        // Canonical path: zsh reports the real one in PWD-relative cases.
        let home = std::fs::canonicalize(tmp.path()).expect("canonical");
        for d in case.dirs {
            std::fs::create_dir_all(home.join(d)).expect("mkdir");
        }
        for (p, content) in case.files {
            let full = home.join(p);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&full, content.replace("@HOME@", &home.to_string_lossy()))
                .expect("write");
        }
        let real =
            zsh_login_env(&home).unwrap_or_else(|| panic!("{}: zsh gave no output", case.name));
        let st = static_zsh_login_env(&home);
        let mut check = |name: &str, real_v: Option<&String>, static_v: Option<&String>| {
            if real_v != static_v {
                failures.push(format!(
                    "{}: {name}: zsh {:?}, static {:?}\n  unknowns: {:?}",
                    case.name, real_v, static_v, st.unknowns
                ));
            }
        };
        for v in VARS {
            if st.unknown_vars.iter().any(|u| u == v) {
                continue;
            }
            check(v, real.get(*v), st.vars.get(*v));
        }
        if !st.path_incomplete {
            let joined = st
                .path
                .iter()
                .map(|e| e.dir.as_str())
                .collect::<Vec<_>>()
                .join(":");
            check("PATH", real.get("PATH"), Some(&joined));
        } else if case.path_known {
            failures.push(format!(
                "{}: PATH unexpectedly incomplete: {:?}",
                case.name, st.unknowns
            ));
        }
        if !case.path_known {
            assert!(
                st.path_incomplete,
                "{}: PATH should be incomplete",
                case.name
            );
        }
        // Attribution sanity: every PATH entry from a startup file points into HOME.
        for e in &st.path {
            if let Origin::StartupFile { path, line } = &e.origin {
                assert!(path.starts_with(&home), "{}: {path:?}", case.name);
                assert!(*line > 0);
            }
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}
