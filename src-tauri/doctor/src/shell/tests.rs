//! Tests of the static evaluator on an in-memory machine: constructs, path_helper,
//! Homebrew, realistic dotfiles and hostile input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::test_host::MemHost;
use super::{evaluate, EvalOptions};
use crate::facts::{FileState, LoginEnv, Origin, Os, ShellKind};

const HOME: &str = "/Users/dev";

const APPLE_ZPROFILE: &str = "# System-wide profile for interactive zsh(1) login shells.\n\n# Setup user specific overrides for this in ~/.zprofile. See zshbuiltins(1)\n# and zshoptions(1) for more details.\n\nif [ -x /usr/libexec/path_helper ]; then\n\teval `/usr/libexec/path_helper -s`\nfi\n";

const APPLE_ZSHRC: &str = "# System-wide profile for interactive zsh(1) shells.\n\n# Correctly display UTF-8 with combining characters.\nif [[ \"$(locale LC_CTYPE)\" == \"UTF-8\" ]]; then\n    setopt COMBINING_CHARS\nfi\n\n# Disable the log builtin, so we don't conflict with /usr/bin/log\ndisable log\n\n# Save command history\nHISTFILE=${ZDOTDIR:-$HOME}/.zsh_history\nHISTSIZE=2000\nSAVEHIST=1000\n\n# Beep on error\nsetopt BEEP\n\n# Use keycodes (generated via zkbd) if present, otherwise fallback on\n# values from terminfo\nif [[ -r ${ZDOTDIR:-$HOME}/.zkbd/${TERM}-${VENDOR} ]] ; then\n    source ${ZDOTDIR:-$HOME}/.zkbd/${TERM}-${VENDOR}\nelse\n    typeset -g -A key\n\n    [[ -n \"$terminfo[kf1]\" ]] && key[F1]=$terminfo[kf1]\n    [[ -n \"$terminfo[khome]\" ]] && key[Home]=$terminfo[khome]\nfi\n\n# Default key bindings\n[[ -n ${key[Delete]} ]] && bindkey \"${key[Delete]}\" delete-char\n\n# Useful support for interacting with Terminal.app or other terminal programs\n[ -r \"/etc/zshrc_$TERM_PROGRAM\" ] && . \"/etc/zshrc_$TERM_PROGRAM\"\n";

const APPLE_PATHS: &str =
    "/usr/local/bin\n/System/Cryptexes/App/usr/bin\n/usr/bin\n/bin\n/usr/sbin\n/sbin\n";

fn mac() -> MemHost {
    MemHost::new(Os::Macos)
        .file("/etc/zprofile", APPLE_ZPROFILE)
        .file("/etc/zshrc", APPLE_ZSHRC)
        .file("/etc/paths", APPLE_PATHS)
        .dir("/etc/paths.d")
        .dir(HOME)
}

fn opts(shell: ShellKind, os: Os) -> EvalOptions {
    EvalOptions::terminal(
        shell,
        os,
        PathBuf::from(HOME),
        vec![
            ("HOME".into(), HOME.into()),
            ("PATH".into(), "/usr/bin:/bin:/usr/sbin:/sbin".into()),
            ("TERM_PROGRAM".into(), "Apple_Terminal".into()),
        ],
    )
}

fn zsh(host: &MemHost) -> LoginEnv {
    evaluate(host, &opts(ShellKind::Zsh, Os::Macos))
}

fn dirs(env: &LoginEnv) -> Vec<&str> {
    env.path.iter().map(|e| e.dir.as_str()).collect()
}

fn origin(env: &LoginEnv, dir: &str) -> Origin {
    env.path
        .iter()
        .find(|e| e.dir == dir)
        .map(|e| e.origin.clone())
        .unwrap_or_else(|| panic!("{dir} not on PATH: {:?}", dirs(env)))
}

fn at(path: &str, line: u32) -> Origin {
    Origin::StartupFile {
        path: PathBuf::from(path),
        line,
    }
}

fn ph(path: &str, line: u32) -> Origin {
    Origin::PathHelper {
        path: PathBuf::from(path),
        line,
    }
}

/// Evaluate a single ~/.zshrc on a bare macOS.
fn rc(text: &str) -> LoginEnv {
    zsh(&mac().file("/Users/dev/.zshrc", text))
}

// ----- path_helper -------------------------------------------------------------

#[test]
fn path_helper_orders_paths_d_and_skips_symlinks_and_dirs() {
    let host = mac()
        .file("/etc/paths.d/10-x", "/p/ten\n")
        .file("/etc/paths.d/2-y", "/p/two\n\n/usr/bin\n/p/space \n")
        .file("/etc/paths.d/go", "/usr/local/go/bin\n")
        .file("/etc/paths.d/Zed", "/p/zed\n")
        .file("/elsewhere/real", "/p/linked\n")
        .link("/etc/paths.d/link", "/elsewhere/real")
        .file("/etc/paths.d/sub/inner", "/p/inner\n")
        .file(
            "/Users/dev/.zshenv",
            "export PATH=/zshenv/bin:/usr/bin:$PATH\n",
        )
        .file("/Users/dev/.zprofile", "export PATH=/prof/bin:$PATH\n")
        .file("/Users/dev/.zshrc", "# rc\npath=(/rc/bin $path)\n");
    let env = zsh(&host);
    assert_eq!(
        dirs(&env),
        vec![
            "/rc/bin",
            "/prof/bin",
            "/usr/local/bin",
            "/System/Cryptexes/App/usr/bin",
            "/usr/bin",
            "/bin",
            "/usr/sbin",
            "/sbin",
            "/p/two",
            "/p/space ",
            "/p/ten",
            // Bytewise: "Zed" sorts before "go".
            "/p/zed",
            "/usr/local/go/bin",
            "/zshenv/bin",
        ]
    );
    assert!(!env.path_incomplete);
    assert_eq!(origin(&env, "/rc/bin"), at("/Users/dev/.zshrc", 2));
    assert_eq!(origin(&env, "/prof/bin"), at("/Users/dev/.zprofile", 1));
    assert_eq!(origin(&env, "/usr/bin"), ph("/etc/paths", 3));
    assert_eq!(origin(&env, "/p/two"), ph("/etc/paths.d/2-y", 1));
    assert_eq!(origin(&env, "/p/space "), ph("/etc/paths.d/2-y", 4));
    assert_eq!(origin(&env, "/usr/local/go/bin"), ph("/etc/paths.d/go", 1));
    // Prepended in .zshenv, pushed behind the system entries by path_helper.
    assert_eq!(origin(&env, "/zshenv/bin"), at("/Users/dev/.zshenv", 1));
    assert_eq!(
        env.files
            .iter()
            .map(|f| f.path.to_str().unwrap_or(""))
            .collect::<Vec<_>>(),
        vec![
            "/etc/zshenv",
            "/Users/dev/.zshenv",
            "/etc/zprofile",
            "/Users/dev/.zprofile",
            "/etc/zshrc",
            "/Users/dev/.zshrc",
            "/etc/zlogin",
            "/Users/dev/.zlogin",
        ]
    );
    assert_eq!(env.files[0].state, FileState::Missing);
    assert_eq!(env.files[2].state, FileState::Read);
}

#[test]
fn path_helper_without_the_binary_on_a_scenario_mac_still_runs() {
    // The scenario host has no /usr/libexec/path_helper: simulated anyway on macOS.
    let env = zsh(&mac().file("/etc/paths.d/go", "/usr/local/go/bin\n"));
    assert!(dirs(&env).contains(&"/usr/local/go/bin"));
    assert_eq!(
        env.var("PATH").map(|p| p.starts_with("/usr/local/bin:")),
        Some(true)
    );
}

#[test]
fn no_global_rcs_skips_system_files() {
    let env = zsh(&mac()
        .file("/etc/paths.d/go", "/usr/local/go/bin\n")
        .file("/Users/dev/.zshenv", "setopt no_global_rcs\n"));
    assert!(!dirs(&env).contains(&"/usr/local/go/bin"));
    assert!(!env
        .files
        .iter()
        .any(|f| f.path == Path::new("/etc/zprofile")));
}

// ----- Homebrew ------------------------------------------------------------------

#[test]
fn homebrew_shellenv_in_zprofile() {
    let host = mac()
        .exe("/opt/homebrew/bin/brew")
        .file("/etc/paths.d/go", "/usr/local/go/bin\n")
        .file(
            "/Users/dev/.zprofile",
            "\neval \"$(/opt/homebrew/bin/brew shellenv)\"\n",
        );
    let env = zsh(&host);
    let brew = Origin::BrewShellenv {
        path: PathBuf::from("/Users/dev/.zprofile"),
        line: 2,
        prefix: PathBuf::from("/opt/homebrew"),
    };
    assert_eq!(
        &dirs(&env)[..3],
        &["/opt/homebrew/bin", "/opt/homebrew/sbin", "/usr/local/bin"]
    );
    assert_eq!(origin(&env, "/opt/homebrew/bin"), brew);
    assert_eq!(env.var("HOMEBREW_PREFIX"), Some("/opt/homebrew"));
    assert_eq!(env.var("HOMEBREW_CELLAR"), Some("/opt/homebrew/Cellar"));
    assert_eq!(env.var("HOMEBREW_REPOSITORY"), Some("/opt/homebrew"));
    assert_eq!(env.origins.get("HOMEBREW_PREFIX"), Some(&brew));
    assert!(!env.path_incomplete);
}

#[test]
fn homebrew_variants_unquoted_bare_name_missing_and_already_first() {
    // Unquoted, /usr/local prefix.
    let env = zsh(&mac().exe("/usr/local/bin/brew").file(
        "/Users/dev/.zprofile",
        "eval $(/usr/local/bin/brew shellenv)\n",
    ));
    assert_eq!(env.var("HOMEBREW_REPOSITORY"), Some("/usr/local/Homebrew"));
    assert_eq!(&dirs(&env)[..2], &["/usr/local/bin", "/usr/local/sbin"]);
    // Bare `brew` found on PATH.
    let env = zsh(&mac()
        .exe("/usr/local/bin/brew")
        .file("/Users/dev/.zshrc", "eval \"$(brew shellenv)\"\n"));
    assert_eq!(env.var("HOMEBREW_PREFIX"), Some("/usr/local"));
    // Missing brew: command not found, nothing set, nothing unknown.
    let env = rc("eval \"$(/opt/homebrew/bin/brew shellenv)\"\n");
    assert_eq!(env.var("HOMEBREW_PREFIX"), None);
    assert!(!env.path_incomplete);
    assert!(env.unknowns.is_empty(), "{:?}", env.unknowns);
    // Twice: the second prints nothing.
    let env = zsh(&mac().exe("/opt/homebrew/bin/brew").file(
        "/Users/dev/.zshrc",
        "eval \"$(/opt/homebrew/bin/brew shellenv)\"\nexport HOMEBREW_PREFIX=changed\neval \"$(/opt/homebrew/bin/brew shellenv)\"\n",
    ));
    assert_eq!(env.var("HOMEBREW_PREFIX"), Some("changed"));
}

// ----- Go setups -----------------------------------------------------------------

#[test]
fn official_pkg_goroot_and_gopath_bin() {
    let host = mac()
        .file("/etc/paths.d/go", "/usr/local/go/bin\n")
        .file(
            "/Users/dev/.zshrc",
            "export GOROOT=/usr/local/go\nexport PATH=$PATH:$(go env GOPATH)/bin\nexport PATH=\"$PATH:`go env GOBIN`\"\n",
        );
    let mut o = opts(ShellKind::Zsh, Os::Macos);
    o.go_env_file = BTreeMap::from([("GOBIN".to_string(), "/Users/dev/gobin".to_string())]);
    let env = evaluate(&host, &o);
    assert_eq!(env.var("GOROOT"), Some("/usr/local/go"));
    assert_eq!(env.origins.get("GOROOT"), Some(&at("/Users/dev/.zshrc", 1)));
    let d = dirs(&env);
    assert_eq!(
        &d[d.len() - 2..],
        &["/Users/dev/go/bin", "/Users/dev/gobin"]
    );
    assert_eq!(
        origin(&env, "/Users/dev/go/bin"),
        at("/Users/dev/.zshrc", 2)
    );
    // Entries that passed through `$PATH` keep their origins.
    assert_eq!(origin(&env, "/usr/local/go/bin"), ph("/etc/paths.d/go", 1));
}

#[test]
fn go_env_gopath_prefers_the_exported_value_and_takes_the_first_element() {
    let env = rc("export GOPATH=/a/gp:/b/gp\npath+=($(go env GOPATH)/bin)\n");
    assert_eq!(dirs(&env).last(), Some(&"/a/gp/bin"));
    let mut o = opts(ShellKind::Zsh, Os::Macos);
    o.go_env_file = BTreeMap::from([("GOPATH".to_string(), "/from/file".to_string())]);
    let env = evaluate(
        &mac().file("/Users/dev/.zshrc", "path+=($(go env GOPATH)/bin)\n"),
        &o,
    );
    assert_eq!(dirs(&env).last(), Some(&"/from/file/bin"));
}

#[test]
fn readded_entry_takes_the_origin_of_the_line_that_placed_it() {
    let env = rc("export PATH=/usr/local/go/bin:$PATH\nexport PATH=/usr/bin:$PATH\n");
    // /usr/bin moved to the front by line 2 (zsh keeps the later duplicate too).
    assert_eq!(dirs(&env)[0], "/usr/bin");
    assert_eq!(env.path[0].origin, at("/Users/dev/.zshrc", 2));
    assert_eq!(env.path[1].origin, at("/Users/dev/.zshrc", 1));
}

// ----- realistic dotfiles ------------------------------------------------------

#[test]
fn oh_my_zsh_is_followed() {
    let host = mac()
        .file(
            "/Users/dev/.zshrc",
            "export ZSH=\"$HOME/.oh-my-zsh\"\nZSH_THEME=\"robbyrussell\"\nplugins=(git golang)\nsource $ZSH/oh-my-zsh.sh\nexport GOPATH=$HOME/go\n",
        )
        .file(
            "/Users/dev/.oh-my-zsh/oh-my-zsh.sh",
            "# omz\nautoload -U compaudit compinit\nfpath=($ZSH/functions $ZSH/completions $fpath)\nfor config_file ($ZSH/lib/*.zsh); do\n  source $config_file\ndone\nunset config_file\nis_plugin() {\n  local base_dir=$1\n  test -f $base_dir/plugins/$2/$2.plugin.zsh\n}\nfor plugin ($plugins); do\n  if is_plugin $ZSH $plugin; then\n    fpath=($ZSH/plugins/$plugin $fpath)\n  fi\ndone\n",
        )
        .file("/Users/dev/.oh-my-zsh/lib/a.zsh", "export OMZ_A=1\n")
        .file("/Users/dev/.oh-my-zsh/lib/b.zsh", "path=($ZSH/bin $path)\n");
    let env = zsh(&host);
    assert_eq!(env.var("OMZ_A"), Some("1"));
    assert_eq!(env.var("GOPATH"), Some("/Users/dev/go"));
    assert_eq!(dirs(&env)[0], "/Users/dev/.oh-my-zsh/bin");
    assert_eq!(
        origin(&env, "/Users/dev/.oh-my-zsh/bin"),
        at("/Users/dev/.oh-my-zsh/lib/b.zsh", 1)
    );
    assert!(!env.path_incomplete, "{:?}", env.unknowns);
    // Missing oh-my-zsh: recorded, harmless.
    let env = rc("export ZSH=\"$HOME/.oh-my-zsh\"\nsource $ZSH/oh-my-zsh.sh\n");
    assert!(env.files.iter().any(
        |f| f.path == Path::new("/Users/dev/.oh-my-zsh/oh-my-zsh.sh")
            && f.state == FileState::Missing
    ));
    assert!(!env.path_incomplete);
}

#[test]
fn conda_init_block_makes_path_incomplete() {
    let env = rc("# >>> conda initialize >>>\n__conda_setup=\"$('/opt/miniconda3/bin/conda' 'shell.zsh' 'hook' 2> /dev/null)\"\nif [ $? -eq 0 ]; then\n    eval \"$__conda_setup\"\nelse\n    if [ -f \"/opt/miniconda3/etc/profile.d/conda.sh\" ]; then\n        . \"/opt/miniconda3/etc/profile.d/conda.sh\"\n    else\n        export PATH=\"/opt/miniconda3/bin:$PATH\"\n    fi\nfi\nunset __conda_setup\n# <<< conda initialize <<<\nexport GOPATH=$HOME/go\n");
    assert!(env.path_incomplete);
    assert!(env.unknown_vars.contains(&"PATH".to_string()));
    assert!(env
        .unknowns
        .iter()
        .any(|u| u.affects.contains(&"PATH".to_string())));
    assert_eq!(env.var("GOPATH"), Some("/Users/dev/go"));
    assert_eq!(env.var("PATH"), None);
}

#[test]
fn nvm_block_without_nvm_installed_changes_nothing() {
    let env = rc("export NVM_DIR=\"$HOME/.nvm\"\n[ -s \"$NVM_DIR/nvm.sh\" ] && \\. \"$NVM_DIR/nvm.sh\"  # This loads nvm\n[ -s \"$NVM_DIR/bash_completion\" ] && \\. \"$NVM_DIR/bash_completion\"\n");
    assert_eq!(env.var("NVM_DIR"), Some("/Users/dev/.nvm"));
    assert!(!env.path_incomplete);
    assert!(env.unknowns.is_empty(), "{:?}", env.unknowns);
}

#[test]
fn version_manager_evals_are_unknown() {
    let env =
        rc("eval \"$(pyenv init -)\"\neval \"$(goenv init -)\"\neval \"$(starship init zsh)\"\n");
    assert!(env.path_incomplete);
    assert!(env.unknown_vars.contains(&"GOROOT".to_string()));
    assert_eq!(env.unknowns.len(), 2, "{:?}", env.unknowns);
    assert_eq!(env.unknowns[0].line, 1);
    assert!(env.unknowns[0].text.contains("pyenv"));
}

#[test]
fn functions_heredocs_case_and_loops() {
    let env = rc("gopath() {\n  export GOPATH=/from/function\n}\ncat > /tmp/x <<'EOF'\nexport GOROOT=/heredoc\nEOF\ncase \"$TERM_PROGRAM\" in\n  Apple_Terminal) export GOOS=darwin ;;\n  *) export GOOS=other ;;\nesac\nwhile read -r line; do export GOARCH=$line; done < /dev/null\n");
    assert_eq!(env.var("GOPATH"), None);
    assert!(!env.unknown_vars.contains(&"GOPATH".to_string()));
    assert_eq!(env.var("GOROOT"), None);
    assert_eq!(env.var("GOOS"), Some("darwin"));
    assert!(env.unknown_vars.contains(&"GOARCH".to_string()));
    // Calling the function applies it, attributed to the function's line.
    let env = rc("gopath() {\n  export GOPATH=/from/function\n}\ngopath\n");
    assert_eq!(env.var("GOPATH"), Some("/from/function"));
    assert_eq!(env.origins.get("GOPATH"), Some(&at("/Users/dev/.zshrc", 2)));
    // A case on an unknown subject: assignments inside become unknown.
    let env = rc(
        "case $(sysctl -n machdep.cpu.brand_string) in\n  Apple*) export GOARCH=arm64 ;;\nesac\n",
    );
    assert!(env.unknown_vars.contains(&"GOARCH".to_string()));
    // `uname -m` is the terminal's architecture: this arm64 Mac's.
    let env = rc(
        "case $(uname -m) in\n  arm64) export GOARCH=arm64 ;;\n  *) export GOARCH=amd64 ;;\nesac\n",
    );
    assert_eq!(env.var("GOARCH"), Some("arm64"));
}

#[test]
fn undecidable_guard_marks_unknown() {
    let env = rc("[[ \"$(sysctl -n hw.optional.arm64)\" == \"1\" ]] && export GOARCH=arm64 && path=(/opt/arm $path)\nexport GOOS=darwin\n");
    assert!(env.unknown_vars.contains(&"GOARCH".to_string()));
    assert!(env.path_incomplete);
    let u = env
        .unknowns
        .iter()
        .find(|u| u.line == 1)
        .expect("unknown at line 1");
    assert!(u.affects.contains(&"GOARCH".to_string()));
    assert_eq!(env.var("GOOS"), Some("darwin"));
    // `uname` alone is known.
    let env = rc("[[ \"$(uname)\" == Darwin ]] && export GOOS=darwin\n");
    assert_eq!(env.var("GOOS"), Some("darwin"));
}

#[test]
fn guards_against_the_host() {
    let host = mac()
        .exe("/opt/homebrew/bin/go")
        .dir("/Users/dev/go/bin")
        .file("/Users/dev/.zshrc", "[[ -d ~/go/bin ]] && path+=(~/go/bin)\n[ -x /opt/homebrew/bin/go ] && export GOROOT=/opt/homebrew/opt/go/libexec\ntest -f /nope || export GOOS=darwin\nif command -v go >/dev/null; then export GOARCH=x; fi\nexport PATH=/opt/homebrew/bin:$PATH\nif command -v go >/dev/null; then export GOTOOLCHAIN=local; fi\n");
    let env = zsh(&host);
    assert_eq!(dirs(&env).last(), Some(&"/Users/dev/go/bin"));
    assert_eq!(env.var("GOROOT"), Some("/opt/homebrew/opt/go/libexec"));
    assert_eq!(env.var("GOOS"), Some("darwin"));
    assert_eq!(env.var("GOARCH"), None);
    assert_eq!(env.var("GOTOOLCHAIN"), Some("local"));
}

#[test]
fn bash_login_reads_first_profile_only() {
    let host = mac()
        .file("/etc/profile", "# System-wide .profile for sh(1)\n\nif [ -x /usr/libexec/path_helper ]; then\n\teval `/usr/libexec/path_helper -s`\nfi\n\nif [ \"${BASH-no}\" != \"no\" ]; then\n\t[ -r /etc/bashrc ] && . /etc/bashrc\nfi\n")
        .file("/etc/bashrc", "# System-wide .bashrc file for interactive bash(1) shells.\nif [ -z \"$PS1\" ]; then\n   return\nfi\n\nPS1='\\h:\\W \\u\\$ '\nshopt -s checkwinsize\n\n[ -r \"/etc/bashrc_$TERM_PROGRAM\" ] && . \"/etc/bashrc_$TERM_PROGRAM\"\nexport FROM_BASHRC=1\n")
        .file("/etc/paths.d/go", "/usr/local/go/bin\n")
        .file("/Users/dev/.bash_profile", "export GOPATH=$HOME/go\n[ -f ~/.bashrc ] && source ~/.bashrc\n")
        .file("/Users/dev/.bashrc", "export PATH=$PATH:$GOPATH/bin\n")
        .file("/Users/dev/.profile", "export GOOS=never\n");
    let env = evaluate(&host, &opts(ShellKind::Bash, Os::Macos));
    assert_eq!(env.var("GOPATH"), Some("/Users/dev/go"));
    assert_eq!(env.var("GOOS"), None);
    assert_eq!(env.var("FROM_BASHRC"), Some("1"));
    assert_eq!(dirs(&env).last(), Some(&"/Users/dev/go/bin"));
    assert!(dirs(&env).contains(&"/usr/local/go/bin"));
    assert_eq!(
        origin(&env, "/Users/dev/go/bin"),
        at("/Users/dev/.bashrc", 1)
    );
    assert!(!env
        .files
        .iter()
        .any(|f| f.path == Path::new("/Users/dev/.profile")));
    assert!(!env.path_incomplete, "{:?}", env.unknowns);
}

#[test]
fn linux_uses_debian_system_paths() {
    let host = MemHost::new(Os::Linux)
        .file("/etc/zsh/zshenv", "export FROM_ZSHENV=1\n")
        .file("/etc/zsh/zprofile", "eval `/usr/libexec/path_helper -s`\n")
        .file("/etc/paths", "/should/not/appear\n");
    let env = evaluate(&host, &opts(ShellKind::Zsh, Os::Linux));
    assert_eq!(env.var("FROM_ZSHENV"), Some("1"));
    assert!(!dirs(&env).contains(&"/should/not/appear"));
    assert_eq!(env.files[0].path, PathBuf::from("/etc/zsh/zshenv"));
}

#[test]
fn non_login_non_interactive_reads_only_zshenv() {
    let host = mac()
        .file("/Users/dev/.zshenv", "export GOOS=env\n")
        .file("/Users/dev/.zshrc", "export GOARCH=rc\n");
    let mut o = opts(ShellKind::Zsh, Os::Macos);
    o.login = false;
    o.interactive = false;
    let env = evaluate(&host, &o);
    assert_eq!(env.var("GOOS"), Some("env"));
    assert_eq!(env.var("GOARCH"), None);
    assert_eq!(env.var("PATH"), Some("/usr/bin:/bin:/usr/sbin:/sbin"));
    assert_eq!(env.origins.get("PATH"), Some(&Origin::Inherited));
}

#[test]
fn path_glob_qualifier_is_unknown() {
    let env = rc("path=($^path(N-/))\n");
    assert!(env.path_incomplete);
    let env = rc("path=(/opt/*/bin $path)\n");
    assert!(env.path_incomplete);
}

// ----- bad input ---------------------------------------------------------------

#[test]
fn binary_invalid_utf8_and_unreadable_files() {
    let host = mac()
        .bytes("/Users/dev/.zshenv", b"export A=1\0\x01\x02".to_vec())
        .bytes(
            "/Users/dev/.zprofile",
            b"export GOOS=\xff\xfe\nexport GOARCH=arm64\n".to_vec(),
        )
        .dir("/Users/dev/.zshrc");
    let env = zsh(&host);
    let state = |p: &str| {
        env.files
            .iter()
            .find(|f| f.path == Path::new(p))
            .map(|f| f.state.clone())
    };
    assert_eq!(state("/Users/dev/.zshenv"), Some(FileState::Binary));
    assert_eq!(state("/Users/dev/.zprofile"), Some(FileState::Read));
    assert!(matches!(
        state("/Users/dev/.zshrc"),
        Some(FileState::Unreadable(_))
    ));
    assert_eq!(env.var("A"), None);
    assert_eq!(env.var("GOOS"), Some("\u{fffd}\u{fffd}"));
    assert_eq!(env.var("GOARCH"), Some("arm64"));
}

#[test]
fn unterminated_constructs_keep_earlier_lines() {
    for text in [
        "export GOOS=darwin\nexport GOPATH='/unterminated\n",
        "export GOOS=darwin\nif [ -d / ]; then\n  export GOPATH=/x\n",
        "export GOOS=darwin\nf() {\n  export GOPATH=/x\n",
        "export GOOS=darwin\ncase x in\n  x) export GOPATH=/x\n",
        "export GOOS=darwin\nexport A=\"$(echo\n",
    ] {
        let env = rc(text);
        assert_eq!(env.var("GOOS"), Some("darwin"), "{text}");
        assert_eq!(env.var("GOPATH"), None, "{text}");
        assert!(
            env.unknowns
                .iter()
                .any(|u| u.reason.contains("syntax error")),
            "{text}: {:?}",
            env.unknowns
        );
    }
    // A here-document without its delimiter swallows the rest (as zsh does), with a note.
    let env = rc("export GOOS=darwin\ncat <<EOF\nexport GOPATH=/x\n");
    assert_eq!(env.var("GOOS"), Some("darwin"));
    assert_eq!(env.var("GOPATH"), None);
    assert!(!env.unknowns.is_empty());
}

#[test]
fn source_cycles_and_depth_bombs_terminate() {
    let env = zsh(&mac()
        .file("/Users/dev/.zshrc", "source ~/a\n")
        .file("/Users/dev/a", "export A=1\nsource ~/b\n")
        .file("/Users/dev/b", "export B=1\nsource ~/a\n"));
    assert_eq!(env.var("A"), Some("1"));
    assert_eq!(env.var("B"), Some("1"));
    assert!(env.unknowns.iter().any(|u| u.reason.contains("cycle")));

    let mut host = mac().file("/Users/dev/.zshrc", "source ~/f0\n");
    for k in 0..40 {
        host = host.file(
            &format!("/Users/dev/f{k}"),
            &format!("export D{k}=1\nsource ~/f{}\n", k + 1),
        );
    }
    let env = zsh(&host);
    assert_eq!(env.var("D0"), Some("1"));
    assert_eq!(env.var("D39"), None);
    assert!(env.unknowns.iter().any(|u| u.reason.contains("too deeply")));

    // A self-recursive function.
    let env = rc("f() { f; }\nf\nexport GOOS=after\n");
    assert_eq!(env.var("GOOS"), Some("after"));
}

#[test]
fn huge_inputs_finish_fast() {
    let start = Instant::now();
    let mut big = String::with_capacity(5 << 20);
    while big.len() < 5 << 20 {
        big.push_str("export GOPATH=$HOME/go; path=(/x $path); alias ll='ls -l'\n");
    }
    let env = rc(&big);
    assert_eq!(env.var("GOPATH"), Some("/Users/dev/go"));
    let long_line = format!("export GOOS={}\nexport GOARCH=arm64\n", "a".repeat(1 << 20));
    let env2 = rc(&long_line);
    assert_eq!(env2.var("GOARCH"), Some("arm64"));
    assert_eq!(env2.var("GOOS").map(str::len), Some(1 << 20));
    let elapsed = start.elapsed();
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
    // Unknown texts are shortened and the list is capped.
    let many = "eval \"$(pyenv init - --and-a-very-long-argument-list-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on)\"\n".repeat(300);
    let env3 = rc(&many);
    assert!(env3.unknowns.len() <= 200);
    assert!(env3.unknowns.iter().all(|u| u.text.chars().count() <= 120));
}

#[test]
fn every_unknown_has_a_location() {
    let env = rc("eval \"$(conda shell.zsh hook)\"\n");
    let u = &env.unknowns[0];
    assert_eq!(u.path, PathBuf::from("/Users/dev/.zshrc"));
    assert_eq!(u.line, 1);
    assert_eq!(u.affects, vec!["PATH".to_string()]);
}

#[test]
fn big_plain_file_timing() {
    let big = "export GOPATH=$HOME/go; alias ll='ls -l'\n".repeat(120_000);
    let env = rc(&big);
    assert_eq!(env.var("GOPATH"), Some("/Users/dev/go"));
}

// ----- real dotfiles idioms ------------------------------------------------------

fn var<'a>(env: &'a LoginEnv, name: &str) -> Option<&'a str> {
    env.vars.get(name).map(String::as_str)
}

#[test]
fn loops_that_source_files_follow_every_file() {
    let host = mac()
        .file("/Users/dev/.zsh/a.zsh", "export GOPATH=$HOME/gp\n")
        .file("/Users/dev/.zsh/b.zsh", "export GOBIN=$GOPATH/bin\n")
        .file("/Users/dev/.zsh/c.sh", "export GOARCH=amd64\n");
    for text in [
        "for f ($HOME/.zsh/*.zsh) source $f\n",
        "for f ($HOME/.zsh/*.zsh(N)) { source $f }\n",
        "foreach f ($HOME/.zsh/*.zsh)\n  source $f\nend\n",
        "for f in ~/.zsh/*.zsh; do source $f; done\n",
        "files=(a.zsh b.zsh)\nfor f in \"${files[@]}\"; do source ~/.zsh/$f; done\n",
        "config_files=($HOME/.zsh/**/*.zsh)\nfor file in ${(M)config_files:#*/a.zsh}; do source $file; done\nsource ~/.zsh/b.zsh\n",
        "sources=\"$HOME/.zsh/a.zsh $HOME/.zsh/b.zsh\"\nforeach file (`echo $sources`)\n  source $file\nend\n",
    ] {
        let env = zsh(&host.clone().file("/Users/dev/.zshrc", text));
        assert_eq!(var(&env, "GOPATH"), Some("/Users/dev/gp"), "{text}\n{:?}", env.unknowns);
        assert_eq!(var(&env, "GOBIN"), Some("/Users/dev/gp/bin"), "{text}\n{:?}", env.unknowns);
        assert_eq!(var(&env, "GOARCH"), None, "{text}");
        assert!(!env.unknown_vars.contains(&"GOPATH".to_string()), "{text}");
    }
}

#[test]
fn zsh_only_syntax_keeps_the_rest_of_the_file() {
    for text in [
        "sleep 1 &!\nexport GOARCH=amd64\n",
        "{ sleep 1 } &!\nexport GOARCH=amd64\n",
        "_f() {\n  :\n} &!\nexport GOARCH=amd64\n",
        "sleep 1 &|\nexport GOARCH=amd64\n",
        "source <(echo x=1) 2>/dev/null\nexport GOARCH=amd64\n",
        "for (( i=0; i<3; i++ )); do x=$i; done\nexport GOARCH=amd64\n",
        "a b () { :; }\nexport GOARCH=amd64\n",
        "if [[ -n $HOME/.zcompdump(#qN.mh+24) ]]; then :; fi\nexport GOARCH=amd64\n",
        "if [[ -d /Users ]] { export GOARCH=amd64 }\n",
        "if [[ -d /nope ]] { export GOARCH=arm64 } else { export GOARCH=amd64 }\n",
        "() { export GOARCH=$1 } amd64\n",
        "{ export GOARCH=amd64 } always { : }\n",
        "function a b { : }\nexport GOARCH=amd64\n",
    ] {
        let env = rc(text);
        assert_eq!(
            var(&env, "GOARCH"),
            Some("amd64"),
            "{text}\n{:?}",
            env.unknowns
        );
        assert!(
            !env.unknowns
                .iter()
                .any(|u| u.reason.contains("syntax error")),
            "{text}\n{:?}",
            env.unknowns
        );
    }
}

#[test]
fn dotfiles_folder_found_through_the_symlinked_zshrc() {
    let host = mac()
        .link("/Users/dev/.zshrc", "/Users/dev/src/dotfiles/zsh/zshrc.symlink")
        .file(
            "/Users/dev/src/dotfiles/zsh/zshrc.symlink",
            "export DOTFILES=\"$(dirname \"$(dirname \"$(readlink \"${(%):-%N}\")\")\")\"\nfor f in $DOTFILES/*/path.zsh; do source $f; done\nexport HERE=${0:A:h}\n",
        )
        .file("/Users/dev/src/dotfiles/go/path.zsh", "export GOPATH=$HOME/code\nexport WHO=$0\nexport ME=${${(%):-%N}:t}\n")
        .file("/Users/dev/src/dotfiles/ruby/path.zsh", "export GOFLAGS=-mod=mod\n");
    let env = zsh(&host);
    assert_eq!(
        var(&env, "DOTFILES"),
        Some("/Users/dev/src/dotfiles"),
        "{:?}",
        env.unknowns
    );
    assert_eq!(var(&env, "GOPATH"), Some("/Users/dev/code"));
    assert_eq!(var(&env, "GOFLAGS"), Some("-mod=mod"));
    // In a sourced file `$0` is its path as given; in a startup file, the shell's name.
    assert_eq!(
        var(&env, "WHO"),
        Some("/Users/dev/src/dotfiles/go/path.zsh")
    );
    assert_eq!(var(&env, "HERE"), Some("/Users/dev"));
    assert!(env
        .files
        .iter()
        .any(|f| f.path == Path::new("/Users/dev/src/dotfiles/go/path.zsh")));
}

#[test]
fn a_glob_without_matches_ends_the_file_in_zsh_and_stays_literal_in_bash() {
    let env = rc("for f in ~/.zsh/*.zsh; do source $f; done\nexport GOARCH=amd64\n");
    assert_eq!(
        var(&env, "GOARCH"),
        None,
        "zsh's NOMATCH skips the rest of .zshrc"
    );
    let env =
        rc("setopt nullglob\nfor f in ~/.zsh/*.zsh; do source $f; done\nexport GOARCH=amd64\n");
    assert_eq!(var(&env, "GOARCH"), Some("amd64"));
    let env = rc("for f in ~/.zsh/*.zsh(N); do source $f; done\nexport GOARCH=amd64\n");
    assert_eq!(var(&env, "GOARCH"), Some("amd64"));
    let host = mac().file(
        "/Users/dev/.bash_profile",
        "for f in ~/.bash.d/*.sh; do export LAST=$f; done\nexport GOARCH=amd64\n",
    );
    let env = evaluate(&host, &opts(ShellKind::Bash, Os::Macos));
    assert_eq!(var(&env, "LAST"), Some("/Users/dev/.bash.d/*.sh"));
    assert_eq!(var(&env, "GOARCH"), Some("amd64"));
}

#[test]
fn an_unknown_command_substitution_makes_the_variable_unknown() {
    let env = rc("export GOROOT=\"$(some-tool --prefix)/libexec\"\n");
    assert_eq!(var(&env, "GOROOT"), None);
    assert!(env.unknown_vars.contains(&"GOROOT".to_string()));
    assert_eq!(env.origins.get("GOROOT"), Some(&at("/Users/dev/.zshrc", 1)));
}

#[test]
fn brew_prefix_resolves_formula_aliases() {
    let host = mac()
        .exe("/opt/homebrew/bin/brew")
        .file(
            "/Users/dev/.zshrc",
            "export PATH=/opt/homebrew/bin:$PATH\nexport GOROOT=\"$(brew --prefix golang)/libexec\"\nexport A=$(brew --cellar go)\nexport B=$(brew --repository)\nexport C=$(brew --prefix go@1.24)\n",
        );
    let env = zsh(&host);
    assert_eq!(var(&env, "GOROOT"), Some("/opt/homebrew/opt/go/libexec"));
    assert_eq!(var(&env, "A"), Some("/opt/homebrew/Cellar/go"));
    assert_eq!(var(&env, "B"), Some("/opt/homebrew"));
    assert_eq!(var(&env, "C"), Some("/opt/homebrew/opt/go@1.24"));
}

#[test]
fn arrays_keep_their_elements_for_loops() {
    let host = mac()
        .file("/Users/dev/.init/path.sh", "export GOPATH=$HOME/golang\n")
        .file("/Users/dev/.init/go.sh", "export GOBIN=$GOPATH/bin\n");
    let env = zsh(&host.clone().file(
        "/Users/dev/.zshrc",
        "files=(path.sh)\nfiles+=(go.sh)\nmine=($path[@])\nexport N=${#files}\nfor f in $files; do source ~/.init/$f; done\n",
    ));
    assert_eq!(
        var(&env, "GOPATH"),
        Some("/Users/dev/golang"),
        "{:?}",
        env.unknowns
    );
    assert_eq!(var(&env, "GOBIN"), Some("/Users/dev/golang/bin"));
    assert_eq!(var(&env, "N"), Some("2"));
    let bash = host.file(
        "/Users/dev/.bash_profile",
        "files=(path.sh go.sh)\nload() {\n  local f\n  for f in \"${files[@]}\"; do\n    source ~/.init/$f\n  done\n}\nload\n",
    );
    let env = evaluate(&bash, &opts(ShellKind::Bash, Os::Macos));
    assert_eq!(
        var(&env, "GOBIN"),
        Some("/Users/dev/golang/bin"),
        "{:?}",
        env.unknowns
    );
}

#[test]
fn a_statement_nativego_cannot_parse_costs_that_statement_only() {
    // `if` closed by `}`: no shell accepts it, but in a scenario NativeGo cannot ask; it
    // skips the statement, says so, and evaluates the rest.
    let env = rc("export GOOS=darwin\nif true; then\n  export GOPATH=/x\n}\nexport GOARCH=amd64\n");
    assert_eq!(env.var("GOOS"), Some("darwin"));
    assert_eq!(env.var("GOARCH"), Some("amd64"));
    assert!(
        env.unknown_vars.contains(&"GOPATH".to_string()),
        "{:?}",
        env.unknowns
    );
    let u = env
        .unknowns
        .iter()
        .find(|u| u.reason.contains("could not parse"))
        .expect("an unknown for the skipped lines");
    assert_eq!(u.line, 2);
    assert!(!env
        .unknowns
        .iter()
        .any(|u| u.reason.contains("syntax error")));
}

#[test]
fn partly_quoted_patterns_match_their_quoted_parts_literally() {
    let text = "export PATH=/a:/b\npathadd() {\n  if [ -d \"$1\" ] && [[ \":$PATH:\" != *\":$1:\"* ]]; then\n    PATH=\"${PATH:+\"$PATH:\"}$1\"\n  fi\n}\npathadd /Users\npathadd /Users\n[[ $HOME == \"/Users/\"* ]] && export GOFLAGS=home\n[[ x* == \"x*\" ]] || export GOOS=literal\n";
    let env = rc(text);
    assert_eq!(dirs(&env), vec!["/a", "/b", "/Users"], "{:?}", env.unknowns);
    assert_eq!(var(&env, "GOFLAGS"), Some("home"));
    assert_eq!(var(&env, "GOOS"), None);
}
