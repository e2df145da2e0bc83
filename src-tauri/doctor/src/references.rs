//! The links in a check's doc, under `## References`: `owner/repo#N` (and `#N` after one, in the same
//! repository) become GitHub links, `https://…` stay as they are; prose citations (a
//! manual's chapter, a source file) have no link and are left to `nativego explain`.

pub use crate::finding::Link;

/// The hosts the app opens a reference on (in the user's browser). Other links are shown
/// as text.
pub const OPENABLE_HOSTS: &[&str] = &["go.dev", "pkg.go.dev", "github.com"];

/// Whether `url` is an `https` link to one of [`OPENABLE_HOSTS`], with nothing in it a
/// browser could take for another host or a credential.
pub fn is_openable(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    url.len() <= 2048
        && OPENABLE_HOSTS.contains(&host)
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '\\' | '"' | '<' | '>' | '`'))
}

/// The links of a check's doc, in order, without repeats.
pub fn links(doc: &str) -> Vec<Link> {
    let Some(at) = doc.find("## References\n") else {
        return Vec::new();
    };
    let section = &doc[at + "## References\n".len()..];
    let section = section.find("\n## ").map_or(section, |end| &section[..end]);
    let mut out: Vec<Link> = Vec::new();
    for line in section.lines() {
        let Some(item) = line.trim().strip_prefix("- ") else {
            continue;
        };
        // The repository a bare `#N` refers to: the last `owner/repo#N` of the line.
        let mut repo: Option<&str> = None;
        for token in item.split([',', ';', ' ']).map(str::trim) {
            let link = if let Some(url) = token.strip_prefix("https://") {
                let url = url.trim_end_matches(['.', ')', ':']);
                Some(Link {
                    label: url.trim_end_matches('/').to_string(),
                    url: format!("https://{url}"),
                })
            } else if let Some((name, n)) = token.split_once('#') {
                let number = n.parse::<u64>().ok().filter(|_| !n.starts_with('+'));
                match (name, number) {
                    ("", Some(n)) => repo.map(|r| github(r, n)),
                    (name, Some(n)) if is_repo(name) => {
                        repo = Some(name);
                        Some(github(name, n))
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some(link) = link {
                if !out.iter().any(|l| l.url == link.url) {
                    out.push(link);
                }
            }
        }
    }
    out
}

fn github(repo: &str, n: u64) -> Link {
    Link {
        label: format!("{repo}#{n}"),
        // GitHub sends an issue URL of a pull request on to the pull request.
        url: format!("https://github.com/{repo}/issues/{n}"),
    }
}

/// `owner/repo`, as GitHub spells them.
fn is_repo(s: &str) -> bool {
    let Some((owner, name)) = s.split_once('/') else {
        return false;
    };
    let ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    ok(owner) && ok(name) && !owner.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_references_and_urls_become_links() {
        let doc = "## What it checks\nx\n## References\n\
            - go-delve/delve#3777, #1710 (version window)\n\
            - https://go.dev/doc/toolchain (downloads), https://pkg.go.dev/cmd/cgo.\n\
            - zsh manual, \"Startup/Shutdown Files\"\n\
            - golang/go `src/cmd/go/internal/cfg/cfg.go` (`findGOROOT`)\n\
            - asdf-vm/asdf#914, #1785; asdf-community/asdf-golang#132, #7\n";
        let got: Vec<(String, String)> = links(doc).into_iter().map(|l| (l.label, l.url)).collect();
        let want = [
            (
                "go-delve/delve#3777",
                "https://github.com/go-delve/delve/issues/3777",
            ),
            (
                "go-delve/delve#1710",
                "https://github.com/go-delve/delve/issues/1710",
            ),
            ("go.dev/doc/toolchain", "https://go.dev/doc/toolchain"),
            ("pkg.go.dev/cmd/cgo", "https://pkg.go.dev/cmd/cgo"),
            (
                "asdf-vm/asdf#914",
                "https://github.com/asdf-vm/asdf/issues/914",
            ),
            (
                "asdf-vm/asdf#1785",
                "https://github.com/asdf-vm/asdf/issues/1785",
            ),
            (
                "asdf-community/asdf-golang#132",
                "https://github.com/asdf-community/asdf-golang/issues/132",
            ),
            (
                "asdf-community/asdf-golang#7",
                "https://github.com/asdf-community/asdf-golang/issues/7",
            ),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn only_https_links_to_go_and_github_are_openable() {
        for ok in [
            "https://go.dev/doc/toolchain",
            "https://pkg.go.dev/cmd/cgo",
            "https://github.com/golang/go/issues/57693",
            "https://go.dev",
        ] {
            assert!(is_openable(ok), "{ok}");
        }
        for bad in [
            "http://go.dev/doc",
            "https://go.dev.evil.example/",
            "https://evil.example/?go.dev",
            "https://user@github.com/",
            "https://github.com:444/x",
            "file:///etc/passwd",
            "https://github.com/a b",
            "https://mise.jdx.dev/dev-tools/shims.html",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_openable(bad), "{bad}");
        }
    }

    #[test]
    fn every_check_has_a_reference_link_the_app_can_open_or_cites_prose() {
        // Each check's links are well formed; most checks cite at least one.
        let mut with_links = 0;
        for check in crate::checks::CHECKS {
            let links = links(check.doc);
            for l in &links {
                assert!(l.url.starts_with("https://"), "{}: {l:?}", check.id);
            }
            with_links += usize::from(links.iter().any(|l| is_openable(&l.url)));
        }
        assert!(
            with_links * 10 >= crate::checks::CHECKS.len() * 8,
            "{with_links}"
        );
    }
}
