//! A libFuzzer-free bounded fuzzer: for each target, for SECONDS, random inputs and
//! mutations of the checked-in seeds (see [`seed_dir`]) go through the same target
//! functions as the libFuzzer targets. A panic saves the input to
//! `artifacts/TARGET/crash-N` and fails. Prints one summary line per target.
//!
//! `cargo run --release --no-default-features --bin random_inputs -- SECONDS [TARGET...]`
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

use std::fs;
use std::panic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that matter to the parsers, for insertion.
const INTERESTING: &[&[u8]] = &[
    b"\n",
    b"\r\n",
    b"\"",
    b"'",
    b"$",
    b"${",
    b"}",
    b"$(",
    b")",
    b"((",
    b"[[",
    b"]]",
    b"\\",
    b"`",
    b"<<EOF\n",
    b"\nEOF\n",
    b"if ",
    b"; then\n",
    b"\nfi\n",
    b"case ",
    b" in\n",
    b"esac",
    b"path=(",
    b"export GOPATH=",
    b"source ",
    b"eval \"",
    b"\0",
    b"\xff",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"\x7fELF",
    b"\xff Go buildinf:",
    b"bplist00",
    b"<?xml",
    b"<dict>",
    b"<key>",
    b"<string>",
    b"=",
    b"[[processes]]\n",
    b"[env]\n",
    b"os = \"macos\"\n",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..=rng.below(8) {
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 => {
                let i = rng.below(v.len() + 1);
                let ins = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(i..i, ins.iter().copied());
            }
            3 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(64)).min(v.len());
                v.drain(a..b);
            }
            4 if !v.is_empty() => {
                // Duplicate a chunk.
                let a = rng.below(v.len());
                let b = (a + rng.below(128)).min(v.len());
                let chunk = v[a..b].to_vec();
                let at = rng.below(v.len() + 1);
                v.splice(at..at, chunk);
            }
            5 => v.truncate(rng.below(v.len() + 1)),
            _ => {
                let at = rng.below(v.len() + 1);
                let n = rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, bytes);
            }
        }
    }
    v.truncate(1 << 16);
    v
}

/// Where a target's seeds are, relative to the fuzz crate: `corpus/TARGET/`, except for
/// `shell_eval`, whose seeds are the realistic startup files of the engine's corpus test
/// (`tests/corpus/`). `scripts/test-reliability.sh` passes the same folders to cargo-fuzz.
fn seed_dir(base: &Path, target: &str) -> PathBuf {
    match target {
        "shell_eval" => base.join("../../tests/corpus"),
        _ => base.join("corpus").join(target),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let secs: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(10);
    let only: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed0 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for (name, target) in nativego_fuzz::TARGETS {
        if !only.is_empty() && !only.contains(name) {
            continue;
        }
        let mut seeds: Vec<Vec<u8>> = fs::read_dir(seed_dir(base, name))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| fs::read(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        seeds.push(Vec::new());
        let mut rng = Rng(seed0 ^ name.len() as u64 ^ (name.as_bytes()[0] as u64) << 32);
        let start = Instant::now();
        let (mut execs, mut crashes, mut slowest) = (0u64, 0u64, Duration::ZERO);
        while start.elapsed() < Duration::from_secs(secs) {
            let input = if rng.below(4) == 0 {
                let n = rng.below(512);
                (0..n).map(|_| rng.next() as u8).collect()
            } else {
                let s = &seeds[rng.below(seeds.len())];
                mutate(&mut rng, s)
            };
            let t = Instant::now();
            let r = panic::catch_unwind(|| target(&input));
            slowest = slowest.max(t.elapsed());
            execs += 1;
            if r.is_err() {
                crashes += 1;
                let dir = base.join("artifacts").join(name);
                let _ = fs::create_dir_all(&dir);
                let _ = fs::write(dir.join(format!("crash-{crashes}")), &input);
                eprintln!("{name}: panic on an input saved to {}", dir.display());
                if crashes >= 5 {
                    break;
                }
            }
        }
        println!(
            "random_inputs {name}: {execs} executions in {:.1}s, {} seeds, slowest input {} ms, {crashes} crashes",
            start.elapsed().as_secs_f64(),
            seeds.len(),
            slowest.as_millis()
        );
        failed |= crashes > 0;
    }
    if failed {
        std::process::exit(1);
    }
}
