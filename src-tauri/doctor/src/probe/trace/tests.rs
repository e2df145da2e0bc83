//! The trace parser against zsh and bash traces written by hand.

//! The traces below were recorded from zsh 5.9 and bash 5.2 (`-x -l -i -c`, the PS4 of
//! [`ps4`] with the nonce `N0`) on small startup files, then cut to the records that
//! matter.
use super::*;

const N: &str = "N0";

/// A zsh record: `%e`, `%x`, `%I`, `%N`, the command.
fn z(level: u32, file: &str, line: u32, func: &str, cmd: &str) -> String {
    format!("\x1e{N}\x1f{level}\x1f{file}\x1f{line}\x1f{func}\x1f{cmd}\n")
}

/// A bash record: the level (how often the lead byte is repeated), `BASH_SOURCE`,
/// `LINENO`, `FUNCNAME`, the command.
fn b(level: usize, file: &str, line: u32, func: &str, cmd: &str) -> String {
    format!(
        "{}{N}\x1f{file}\x1f{line}\x1f{func}\x1f{cmd}\n",
        "\x1e".repeat(level)
    )
}

fn at(file: &str, line: u32) -> Site {
    Site {
        file: file.into(),
        line,
        indirect: false,
        ran: None,
    }
}

fn site_of(t: &Trace, name: &str, value: &str) -> (String, u32) {
    let s = t
        .var_site(name, value)
        .unwrap_or_else(|| panic!("{name}={value}"));
    (s.file.display().to_string(), s.line)
}

fn path_site(t: &Trace, dir: &str) -> Option<(String, u32)> {
    match t.path_source(dir)? {
        PathSource::Site(s) => Some((s.file.display().to_string(), s.line)),
        PathSource::Inherited => None,
    }
}

const RC: &str = "/h/.zshrc";

#[test]
fn zsh_loops_functions_and_evals_are_attributed_to_their_lines() {
    let trace = [
        z(
            1,
            "/etc/zsh/zshenv",
            15,
            "/etc/zsh/zshenv",
            "[[ -z /usr/bin:/bin ]]",
        ),
        z(1, RC, 2, RC, "export GOPATH=/h/go"),
        z(1, RC, 3, RC, "f=/h/.zsh/a.zsh"),
        z(1, RC, 3, RC, "source /h/.zsh/a.zsh"),
        z(
            2,
            "/h/.zsh/a.zsh",
            1,
            "/h/.zsh/a.zsh",
            "export GOBIN=/h/gobin",
        ),
        z(1, RC, 7, RC, "setgo"),
        z(2, RC, 5, "setgo", "export GOFLAGS='-mod=mod'"),
        z(
            1,
            RC,
            8,
            RC,
            "eval $'export GOPROXY=direct\\nexport GOSUMDB=off'",
        ),
        z(2, RC, 9, "(eval)", "export GOPROXY=direct"),
        z(2, RC, 10, "(eval)", "export GOSUMDB=off"),
        z(1, RC, 10, RC, "cat /h/.gocfg"),
        z(1, RC, 10, RC, "eval 'export GOTOOLCHAIN=local'"),
        z(2, RC, 11, "(eval)", "export GOTOOLCHAIN=local"),
        z(1, RC, 11, RC, "export PATH=/h/bin:/usr/bin:/bin"),
        z(
            1,
            RC,
            12,
            RC,
            "export PATH=/h/bin:/h/bin:/usr/bin:/bin:/h/go/bin",
        ),
        z(1, RC, 13, RC, "export GITHUB_TOKEN=ghp_secret123"),
        z(1, RC, 14, RC, "path+=( /opt/x ) "),
        z(1, RC, 15, RC, "typeset -x GOOS=darwin"),
        z(1, RC, 16, RC, "GOARCH=arm64 "),
        z(1, RC, 16, RC, "export GOARCH"),
        z(1, RC, 17, RC, "export GOPATH=/h/work"),
        z(0, "zsh", 1, "zsh", "printf M"),
    ]
    .concat();
    let t = parse(ShellKind::Zsh, N, trace.as_bytes(), "/usr/bin:/bin").unwrap();
    assert_eq!(t.records, 22);
    assert_eq!(
        t.files,
        vec![
            PathBuf::from("/etc/zsh/zshenv"),
            PathBuf::from(RC),
            PathBuf::from("/h/.zsh/a.zsh")
        ]
    );
    assert_eq!(
        site_of(&t, "GOBIN", "/h/gobin"),
        ("/h/.zsh/a.zsh".into(), 1)
    );
    assert_eq!(site_of(&t, "GOFLAGS", "-mod=mod"), (RC.into(), 5));
    // How far the shell got in each file: function bodies and eval'd text do not count.
    assert_eq!(t.reached[Path::new(RC)], 17);
    assert_eq!(t.reached[Path::new("/h/.zsh/a.zsh")], 1);
    // eval'd text: the eval's line, not zsh's offset line numbers.
    assert_eq!(site_of(&t, "GOPROXY", "direct"), (RC.into(), 8));
    assert_eq!(site_of(&t, "GOSUMDB", "off"), (RC.into(), 8));
    assert!(t.var_site("GOPROXY", "direct").unwrap().indirect);
    let cat = t.var_site("GOTOOLCHAIN", "local").unwrap();
    assert_eq!((cat.line, cat.indirect), (10, true));
    assert_eq!(cat.ran.as_ref().unwrap().program, "cat");
    assert_eq!(site_of(&t, "GOOS", "darwin"), (RC.into(), 15));
    assert_eq!(site_of(&t, "GOARCH", "arm64"), (RC.into(), 16));
    // Set then overwritten: each value has its own line.
    assert_eq!(site_of(&t, "GOPATH", "/h/work"), (RC.into(), 17));
    assert_eq!(site_of(&t, "GOPATH", "/h/go"), (RC.into(), 2));
    // A PATH entry added twice keeps the line that added it first.
    assert_eq!(path_site(&t, "/h/bin"), Some((RC.into(), 11)));
    assert_eq!(path_site(&t, "/h/go/bin"), Some((RC.into(), 12)));
    assert_eq!(path_site(&t, "/opt/x"), Some((RC.into(), 14)));
    assert_eq!(t.path_source("/usr/bin"), Some(&PathSource::Inherited));
    assert_eq!(
        t.path,
        [
            "/h/bin",
            "/h/bin",
            "/usr/bin",
            "/bin",
            "/h/go/bin",
            "/opt/x"
        ]
    );
    assert!(!t.path_uncertain);
    // Nothing else is kept.
    assert!(!t.assigns("GITHUB_TOKEN"));
    assert!(!t.assigns("f"));
}

#[test]
fn zsh_temporary_and_local_assignments_do_not_count() {
    let trace = [
        // `GOOS=linux go version`: zsh prints the assignment, then the command's
        // record on the same line.
        z(1, RC, 1, RC, "GOOS=linux ")
            .trim_end_matches('\n')
            .to_string(),
        z(1, RC, 1, RC, "go version"),
        z(1, RC, 3, RC, "f"),
        z(2, RC, 2, "f", "local GOPATH=/tmp/local"),
        z(2, RC, 2, "f", "typeset -x GOARCH=y"),
        z(2, RC, 2, "f", "typeset -gx GOAMD64=v2"),
        z(2, RC, 2, "f", "local PATH=/nope:/usr/bin"),
    ]
    .concat();
    let t = parse(ShellKind::Zsh, N, trace.as_bytes(), "/usr/bin").unwrap();
    assert!(!t.assigns("GOOS"));
    assert!(!t.assigns("GOPATH"));
    assert!(!t.assigns("GOARCH"));
    assert_eq!(site_of(&t, "GOAMD64", "v2"), (RC.into(), 2));
    assert_eq!(t.path, ["/usr/bin"]);
}

#[test]
fn zsh_unique_path_and_prepends_are_followed() {
    let trace = [
        z(1, RC, 11, RC, "typeset -U path"),
        z(1, RC, 12, RC, "path=( /a /b /usr/bin /bin /a ) "),
        z(1, RC, 13, RC, "path[1,0]=/c "),
        z(1, RC, 14, RC, "path[1,0]=( /a /d ) "),
    ]
    .concat();
    let t = parse(ShellKind::Zsh, N, trace.as_bytes(), "/usr/bin:/bin").unwrap();
    assert_eq!(t.path, ["/a", "/d", "/c", "/b", "/usr/bin", "/bin"]);
    assert_eq!(path_site(&t, "/a"), Some((RC.into(), 12)));
    assert_eq!(path_site(&t, "/d"), Some((RC.into(), 14)));
    assert_eq!(path_site(&t, "/c"), Some((RC.into(), 13)));
    assert!(!t.path_uncertain);
    // A splice NativeGo does not follow is said.
    let t = parse(
        ShellKind::Zsh,
        N,
        z(1, RC, 1, RC, "path[2]=/x ").as_bytes(),
        "/a:/b",
    )
    .unwrap();
    assert!(t.path_uncertain);
}

#[test]
fn brew_shellenv_and_path_helper_are_named_at_their_eval_lines() {
    let zp = "/etc/zprofile";
    let trace = [
        z(1, zp, 2, zp, "/usr/libexec/path_helper -s"),
        z(1, zp, 2, zp, "eval 'PATH=\"/usr/local/bin:/usr/bin:/bin\"; export PATH;'"),
        z(2, zp, 3, "(eval)", "PATH=/usr/local/bin:/usr/bin:/bin"),
        z(2, zp, 3, "(eval)", "export PATH"),
        z(1, RC, 4, RC, "/opt/homebrew/bin/brew shellenv"),
        z(1, RC, 4, RC, "eval 'export HOMEBREW_PREFIX=\"/opt/homebrew\"; …'"),
        z(2, RC, 5, "(eval)", "export HOMEBREW_PREFIX=/opt/homebrew"),
        // Homebrew on macOS 14 evaluates path_helper again, with its own root.
        z(2, RC, 5, "(eval)", "/usr/bin/env PATH_HELPER_ROOT=/opt/homebrew /usr/libexec/path_helper -s"),
        z(2, RC, 5, "(eval)", "eval 'PATH=\"/opt/homebrew/bin:/opt/homebrew/sbin:/usr/local/bin:/usr/bin:/bin\"; export PATH;'"),
        z(3, RC, 6, "(eval)", "PATH=/opt/homebrew/bin:/opt/homebrew/sbin:/usr/local/bin:/usr/bin:/bin"),
    ]
    .concat();
    let t = parse(ShellKind::Zsh, N, trace.as_bytes(), "/usr/bin:/bin").unwrap();
    let PathSource::Site(ph) = t.path_source("/usr/local/bin").unwrap() else {
        panic!()
    };
    assert_eq!((ph.file.as_path(), ph.line), (Path::new(zp), 2));
    assert_eq!(ph.ran.as_ref().unwrap().kind, RanKind::PathHelper);
    assert_eq!(ph.ran.as_ref().unwrap().program, "path_helper -s");
    let PathSource::Site(brew) = t.path_source("/opt/homebrew/bin").unwrap() else {
        panic!()
    };
    assert_eq!((brew.file.as_path(), brew.line), (Path::new(RC), 4));
    let ran = brew.ran.as_ref().unwrap();
    assert_eq!(
        (ran.kind, ran.program.as_str()),
        (RanKind::BrewShellenv, "brew shellenv")
    );
    assert_eq!(ran.brew_prefix.as_deref(), Some(Path::new("/opt/homebrew")));
    // path_helper placed /usr/bin, although the terminal passed it in.
    let PathSource::Site(usr) = t.path_source("/usr/bin").unwrap() else {
        panic!()
    };
    assert_eq!((usr.file.as_path(), usr.line), (Path::new(zp), 2));
}

#[test]
fn bash_levels_tell_evals_sources_and_functions_apart() {
    let bp = "/h/.bash_profile";
    let brc = "/h/.bashrc";
    let trace = [
        b(1, bp, 1, "", "source /h/.bashrc"),
        b(2, brc, 4, "", "loadall"),
        b(2, brc, 2, "loadall", "for f in $HOME/.bash.d/*.bash"),
        b(2, brc, 2, "loadall", "source /h/.bash.d/a.bash"),
        b(3, "/h/.bash.d/a.bash", 1, "source", "export GOBIN=/h/gobin"),
        b(3, "/h/.bash.d/a.bash", 1, "source", "GOBIN=/h/gobin"),
        b(
            2,
            brc,
            6,
            "",
            "eval 'export GOPROXY=direct\nexport GOSUMDB=off'",
        ),
        b(3, brc, 6, "", "export GOPROXY=direct"),
        b(3, brc, 6, "", "GOPROXY=direct"),
        b(3, brc, 7, "", "export GOSUMDB=off"),
        b(3, brc, 7, "", "cat /h/.gocfg"),
        b(2, brc, 7, "", "eval 'export GOTOOLCHAIN=local'"),
        b(3, brc, 7, "", "export GOTOOLCHAIN=local"),
        b(2, brc, 8, "", "export PATH=/h/bin:/usr/bin:/bin"),
        b(2, brc, 10, "", "path_add /opt/y"),
        b(2, brc, 9, "path_add", "PATH=/opt/y:/h/bin:/usr/bin:/bin"),
        b(2, brc, 11, "", "GOARCH=arm64"),
        b(2, brc, 11, "", "export GOARCH"),
        b(2, brc, 13, "", "export GITHUB_TOKEN=ghp_secret123"),
        b(2, brc, 15, "", "x='multi\nline GOOS=x'"),
        b(1, bp, 2, "", "export GOPATH=/h/go"),
        b(1, "", 1, "", "printf M"),
    ]
    .concat();
    let t = parse(ShellKind::Bash, N, trace.as_bytes(), "/usr/bin:/bin").unwrap();
    assert_eq!(t.records, 22);
    assert_eq!(
        site_of(&t, "GOBIN", "/h/gobin"),
        ("/h/.bash.d/a.bash".into(), 1)
    );
    assert_eq!(site_of(&t, "GOPROXY", "direct"), (brc.into(), 6));
    assert_eq!(site_of(&t, "GOSUMDB", "off"), (brc.into(), 6));
    assert_eq!(site_of(&t, "GOTOOLCHAIN", "local"), (brc.into(), 7));
    assert_eq!(
        t.var_site("GOTOOLCHAIN", "local")
            .unwrap()
            .ran
            .as_ref()
            .unwrap()
            .program,
        "cat"
    );
    assert_eq!(site_of(&t, "GOARCH", "arm64"), (brc.into(), 11));
    assert_eq!(site_of(&t, "GOPATH", "/h/go"), (bp.into(), 2));
    assert!(!t.assigns("GOOS"), "inside a quoted value");
    assert_eq!(path_site(&t, "/opt/y"), Some((brc.into(), 9)));
    assert_eq!(path_site(&t, "/h/bin"), Some((brc.into(), 8)));
    assert_eq!(t.path, ["/opt/y", "/h/bin", "/usr/bin", "/bin"]);
    assert_eq!(t.files.len(), 3);
}

#[test]
fn a_trace_without_records_is_none_and_strip_keeps_only_what_files_printed() {
    assert_eq!(
        parse(ShellKind::Bash, N, b"+ export GOPATH=/x\n", "/bin"),
        None
    );
    let stderr = [
        "zsh: command not found: pyenv\n".to_string(),
        z(1, RC, 13, RC, "export GITHUB_TOKEN=ghp_secret123"),
        // A file name with a quote in it.
        z(1, "/h/o'neil.zsh", 1, "f", "export A=ghp_secret123"),
        "warning: done\n".to_string(),
    ]
    .concat();
    let kept = String::from_utf8(strip(ShellKind::Zsh, N, stderr.as_bytes())).unwrap();
    assert_eq!(kept, "zsh: command not found: pyenv\nwarning: done\n");
    let stderr = [
        b(
            2,
            "/h/.bashrc",
            2,
            "",
            "x='ghp_secret123\nstill the record'",
        ),
        "bash: warning\n".to_string(),
    ]
    .concat();
    let kept = String::from_utf8(strip(ShellKind::Bash, N, stderr.as_bytes())).unwrap();
    assert_eq!(kept, "bash: warning\n");
}

#[test]
fn any_bytes_parse_without_panicking() {
    // Records cut anywhere, mixed with quotes, escapes, markers and noise.
    let pieces: [&[u8]; 14] = [
        b"\x1eN0\x1f",
        b"\x1f",
        b"\x1e",
        b"'",
        b"$'",
        b"\\",
        b"\"",
        b"\n",
        b"PATH=",
        b"path+=( ",
        b" ) ",
        b"eval ",
        b"/h/.zshrc",
        b"\xff\xfe",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut input = Vec::new();
        for _ in 0..(seed % 40) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            input.extend_from_slice(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        for kind in [ShellKind::Zsh, ShellKind::Bash] {
            let _ = parse(kind, N, &input, "/usr/bin:/bin");
            let kept = strip(kind, N, &input);
            assert!(kept.len() <= input.len());
        }
    }
}

#[test]
fn quoting_is_undone() {
    let w = words(b"export A='it''s' B=$'a\\tb\\x41' C=\"q\\\"x\" D=e\\ f\nnot this");
    let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(t, ["export", "A=its", "B=a\tbA", "C=q\"x", "D=e f"]);
    assert_eq!(at("/x", 1).line, 1);
}

#[test]
fn go_variables_are_recognised() {
    for v in [
        "GOPATH",
        "GOROOT",
        "GO111MODULE",
        "CGO_ENABLED",
        "GOEXPERIMENT",
    ] {
        assert!(is_go_var(v), "{v}");
    }
    for v in ["GITHUB_TOKEN", "GOpher", "PATH", "go"] {
        assert!(!is_go_var(v), "{v}");
    }
}
