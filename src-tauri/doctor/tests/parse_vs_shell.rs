//! NativeGo's parser against the real shells' own: `zsh -n` and `bash -n`.
//!
//! Each snippet is an idiom seen in real startup files (written here, not copied). When
//! the real shell accepts a snippet, NativeGo's lexer and parser must accept it too: a
//! valid file must never be reported as a syntax error with "the rest of the file was not
//! evaluated". When the real shell rejects one, NativeGo must not run past it silently
//! either (it may report the error or stop evaluating there).
//!
//! Skips when zsh is absent, unless `NATIVEGO_REQUIRE_ZSH=1`.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod common;

use std::process::{Command, Stdio};

use nativego_doctor::shell::lexer::lex;
use nativego_doctor::shell::parse::parse;

/// zsh idioms (zsh-only syntax included).
const ZSH: &[&str] = &[
    "sleep 1 &!",
    "{ sleep 1 } &!",
    "sleep 1 &|",
    "(sleep 1 &) &!",
    "source <(echo x=1)",
    ". <(echo x=1)",
    "source <(fzf --zsh) 2>/dev/null",
    "for f (a b) echo $f",
    "for f ($HOME/.zsh/*.zsh) source $f",
    "for f ($HOME/.zsh/*.zsh(N)) { source $f }",
    "foreach f (a b)\n echo $f\nend",
    "foreach file (`echo $sources`)\n  source $file\nend\nexport GOPATH=$HOME/g",
    "for (( i=0; i<3; i++ )); do x=$i; done",
    "for ((;;)) { break }",
    "a b () { echo; }",
    "function a b { echo }",
    "function zle-line-init zle-keymap-select {\n  echo\n}",
    "if [[ -n ${HOME}/.zcompdump(#qN.mh+24) ]]; then\n  echo\nfi",
    "if [[ -n $HOME/.zcompdump(#qN.mh+24) ]]; then compinit; else compinit -C; fi",
    "[[ $x == (a|b) ]] && echo",
    "[[ $x == *(a|b)* ]] || echo",
    "setopt extendedglob\n[[ $x = (#i)foo* ]]",
    "if true; then\nfi",
    "if true; then; else; fi",
    "if [[ -d /x ]] { echo }",
    "if [[ -d /x ]] { echo } else { echo no }",
    "if true\nthen\n  echo\nfi",
    "if true; then echo; elif false; then echo; fi",
    "() { local x=1; echo $x } a b",
    "function { echo }",
    "repeat 3 echo",
    "for f in ~/.zsh/*.zsh(N); do source $f; done",
    "{ echo } always { echo }",
    "if (( $+commands[brew] )); then echo; fi",
    "for i ({1..3}) { echo $i }",
    "x=${${(%):-%x}:A:h}",
    "while read -r l; do echo; done < /etc/passwd",
    "case $x in\n  (a) echo;;\n  b|c) echo;;\nesac",
    "echo foo |& cat",
    "[[ -f ~/.fzf.zsh ]] && source ~/.fzf.zsh",
    "if [[ \"$OSTYPE\" == darwin* ]]; then export A=1; fi",
    "for f in $HOME/.dotfiles/*/path.zsh; do source $f; done",
    "f() {\n  local dir\n  for dir in a b; do\n   echo\n  done\n}",
    "coproc cat",
    "exec {fd}</dev/null",
    "print -r -- ${(j.:.)path}",
    "typeset -A h=( [a]=1 [b]=2 )",
    "# comment \\\nexport GOARCH=amd64",
    "#compctl \\\n\nexport GOARCH=amd64",
    "if [[ -z \"$TMUX\" ]] && [ \"$TERM\" != screen ]; then :; fi",
    "select x in a b; do break; done",
    "autoload -Uz compinit && compinit -C",
    "[[ ! -r ~/.opam/opam-init/init.zsh ]] || source ~/.opam/opam-init/init.zsh > /dev/null 2> /dev/null",
    "while true; do break; done &!",
    "x=$(( 1 + 2 ))",
    "_fzf_compgen_path() {\n  fd --hidden . \"$1\"\n} &!",
    "zle -N widget; bindkey '^R' widget",
    "export DOTFILES=\"$(dirname \"$(dirname \"$(readlink \"${(%):-%N}\")\")\")\"",
    "config_files=($ZSH/**/*.zsh)\nfor file in ${(M)config_files:#*/path.zsh}; do source $file; done",
    "typeset -U path PATH\npath=(~/go/bin $path)",
    "[[ $commands[go] ]] && export GOPATH=$(go env GOPATH)",
    "if [[ $(uname -m) == arm64 ]]; then eval \"$(/opt/homebrew/bin/brew shellenv)\"; fi",
    "case $(uname -m) in arm64) B=/opt/homebrew;; x86_64) B=/usr/local;; esac",
    "if true; then\n  if false; then echo; fi\nfi",
    "x=1 &&\n  y=2 ||\n  z=3",
    "echo a |\n  cat",
    "[[ -s \"$NVM_DIR/nvm.sh\" ]] && \\. \"$NVM_DIR/nvm.sh\"",
    "eval \"$(pyenv init - zsh)\"",
    "print -P '%F{red}x%f'",
    "cat <<EOF\n$(echo hi)\nEOF\nexport GOPATH=$HOME/gp",
    "cat <<-'EOF'\n\tliteral $x\n\tEOF\nexport GOPATH=$HOME/gp",
    "read -r -d '' VAR <<'EOF'\ntext ) ( \" '\nEOF\nexport GOBIN=$HOME/bin",
    "arr=(\n  one # comment\n  two\n)",
    "alias -g L='| less'",
    "x=( ${(f)\"$(echo a)\"} )",
    "[ -n \"$PS1\" ] && { echo; }",
    "{ echo\n} 2>/dev/null",
    "if [ -f a ]; then . a; fi # trailing comment",
    "echo ${#path} ${path[1]} ${path[-1]}",
    "x=${x:-$(echo y)}",
    "for f in a b\ndo\n  echo $f\ndone",
];

/// bash idioms (what bash 3.2 on macOS also accepts).
const BASH: &[&str] = &[
    "for f in $DIR/*.bash; do source $f; done",
    "load() {\n  local f\n  for f in \"$1\"/*.bash; do\n    source \"$f\"\n  done\n}\nload ~/.bash.d",
    "files=(path.sh homebrew.sh)\nfor f in \"${files[@]}\"; do source ~/.init/$f; done",
    "for (( i=0; i<3; i++ )); do x=$i; done",
    "[[ -f ~/.bashrc ]] && . ~/.bashrc",
    "if [ -f ~/.bashrc ]; then\n  source ~/.bashrc\nfi",
    "case \"$(uname -m)\" in arm64) B=/opt/homebrew;; *) B=/usr/local;; esac",
    "shopt -s nullglob\nfor f in ~/.bash/*.sh; do . \"$f\"; done",
    "source <(kubectl completion bash)",
    "export PS1='\\u@\\h:\\w\\$ '",
    "[[ $- == *i* ]] || return",
    "function f { echo; }",
    "f() ( echo )",
    "x=$(cat <<EOF\nhello\nEOF\n)",
    "while IFS= read -r line; do echo \"$line\"; done < <(echo a)",
    "complete -F _f f",
    "eval \"$(/opt/homebrew/bin/brew shellenv)\"",
];

fn shell_accepts(shell: &str, text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("snippet");
    std::fs::write(&f, text).unwrap();
    Command::new(shell)
        .arg("-n")
        .arg(&f)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn ours(text: &str) -> Option<(u32, String)> {
    let lexed = lex(text);
    if let Some(e) = lexed.error {
        return Some(e);
    }
    parse(&lexed.tokens).error
}

fn check(shell: &str, snippets: &[&str]) {
    let mut wrong = Vec::new();
    for s in snippets {
        let real = shell_accepts(shell, s);
        let mine = ours(s);
        match (real, &mine) {
            (true, Some((line, msg))) => wrong.push(format!(
                "{shell} -n accepts but NativeGo says line {line}: {msg}:\n{s}\n"
            )),
            (false, None) => eprintln!("note: {shell} -n rejects a snippet NativeGo parses:\n{s}"),
            _ => {}
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} snippets:\n{}",
        wrong.len(),
        snippets.len(),
        wrong.join("\n")
    );
}

#[test]
fn zsh_idioms_parse_as_zsh_parses_them() {
    if !common::zsh_available() {
        return;
    }
    check(common::ZSH, ZSH);
}

#[test]
fn bash_idioms_parse_as_bash_parses_them() {
    check("/bin/bash", BASH);
}
