//! Command substitution: the few commands whose output a startup file's `$(…)` can be
//! known statically from.

use super::expand::brew_formula;
use super::*;

impl Evaluator<'_> {
    /// The output of a command substitution, when knowable.
    pub fn command_subst(&mut self, inner: &str) -> Option<String> {
        let words = command_words(inner)?;
        let mut args = Vec::new();
        for w in &words {
            for f in self.expand(w, Ctx::Args) {
                args.push(field_str(&f)?);
            }
        }
        let prog = args.first()?;
        let base = Path::new(prog)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rest: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        match (base.as_str(), rest.as_slice()) {
            ("go", ["env", "GOPATH"]) => {
                let v = self.go_setting("GOPATH")?;
                let v = if v.is_empty() {
                    format!("{}/go", self.env.get_known("HOME")?)
                } else {
                    v
                };
                let sep = if self.opts.os == Os::Other { ';' } else { ':' };
                Some(v.split(sep).next().unwrap_or_default().to_string())
            }
            ("go", ["env", "GOBIN"]) => self.go_setting("GOBIN"),
            ("uname", ["-m"]) | ("uname", ["-p"])
                if rest == ["-m"] || self.opts.os == Os::Macos =>
            {
                let a = self.terminal_arch()?;
                // macOS's `uname -p` says `arm` on Apple silicon, `i386` on Intel.
                Some(match (rest.as_slice(), a.as_str()) {
                    (["-p"], "arm64") => "arm".to_string(),
                    (["-p"], _) => "i386".to_string(),
                    _ => a,
                })
            }
            ("arch", []) => {
                let a = self.terminal_arch()?;
                Some(if self.opts.os == Os::Macos && a == "x86_64" {
                    "i386".to_string()
                } else {
                    a
                })
            }
            ("uname", []) | ("uname", ["-s"]) => match self.opts.os {
                Os::Macos => Some("Darwin".into()),
                Os::Linux => Some("Linux".into()),
                Os::Other => None,
            },
            ("echo", a) if a.first().map(|x| !x.starts_with('-')).unwrap_or(true) => {
                Some(a.join(" "))
            }
            ("dirname", [p]) => {
                let p = p.trim_end_matches('/');
                Some(match p.rfind('/') {
                    Some(0) => "/".into(),
                    Some(k) => p[..k].to_string(),
                    None => ".".into(),
                })
            }
            ("readlink", [p]) if !p.starts_with('-') => {
                match self.host.read_link(Path::new(&self.abs_from_home(p)?)) {
                    Ok(t) => Some(t.display().to_string()),
                    // Not a link: readlink prints nothing (and fails).
                    Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Some(String::new()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(String::new()),
                    Err(_) => None,
                }
            }
            ("readlink", ["-f", p]) | ("realpath", [p]) => self
                .host
                .canonicalize(Path::new(&self.abs_from_home(p)?))
                .ok()
                .map(|t| t.display().to_string()),
            ("basename", [p]) => Some(
                p.trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            ),
            ("brew", ["--prefix"]) => {
                let prefix = self.brew_prefix_of(prog)?;
                Some(prefix)
            }
            ("brew", ["--prefix", formula]) if !formula.starts_with('-') => {
                let prefix = self.brew_prefix_of(prog)?;
                Some(format!("{prefix}/opt/{}", brew_formula(formula)))
            }
            ("brew", ["--cellar"]) => {
                let prefix = self.brew_prefix_of(prog)?;
                Some(format!("{prefix}/Cellar"))
            }
            ("brew", ["--cellar", formula]) if !formula.starts_with('-') => {
                let prefix = self.brew_prefix_of(prog)?;
                Some(format!("{prefix}/Cellar/{}", brew_formula(formula)))
            }
            ("brew", ["--repository"]) | ("brew", ["--repo"]) => {
                let prefix = self.brew_prefix_of(prog)?;
                // Intel Homebrew keeps its repository apart from its prefix.
                Some(if prefix == "/usr/local" {
                    "/usr/local/Homebrew".to_string()
                } else {
                    prefix
                })
            }
            _ => None,
        }
    }

    /// `go env NAME` for GOPATH/GOBIN: the exported value, else the go env file, else "".
    /// Assumes a `go` is reachable (documented simplification).
    pub(super) fn go_setting(&self, name: &str) -> Option<String> {
        if let Some(v) = self.env.vars.get(name) {
            if v.exported {
                match &v.val {
                    Some(s) if !s.is_empty() => return Some(s.clone()),
                    Some(_) => {}
                    None => return None,
                }
            }
        }
        match self.opts.go_env_file.get(name) {
            Some(s) if !s.is_empty() => Some(s.clone()),
            _ => Some(String::new()),
        }
    }
}
