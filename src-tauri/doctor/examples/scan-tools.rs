//! `scan-tools DIR`: reads every file in DIR with NativeGo's binary reader, the way the
//! diagnosis reads GOPATH/bin, through a `CountingSource`, and prints one line of JSON:
//! how many files, how many were Go programs, and the bytes and reads the reader asked for.
//!
//! Used by `bench/run.sh` (tool scanning vs `go version -m DIR`).
// A command-line tool: it reads the files it is given and prints its answer.
#![allow(clippy::disallowed_methods, clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::process::ExitCode;

use nativego_doctor::binary::{read_binary, ByteSource, CountingSource};

/// A file read on demand with positioned reads (no whole-file read, no mmap).
struct FileSource {
    file: File,
    len: u64,
}

impl ByteSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, len: u64) -> io::Result<Vec<u8>> {
        let end = offset.saturating_add(len).min(self.len);
        let mut buf = vec![0u8; end.saturating_sub(offset) as usize];
        let mut done = 0;
        while done < buf.len() {
            let n = self.file.read_at(&mut buf[done..], offset + done as u64)?;
            if n == 0 {
                break;
            }
            done += n;
        }
        buf.truncate(done);
        Ok(buf)
    }
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: scan-tools DIR");
        return ExitCode::from(2);
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("scan-tools: {}: {e}", dir.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let (mut files, mut go, mut bytes, mut reads) = (0u64, 0u64, 0u64, 0u64);
    for entry in entries.flatten() {
        let Ok(file) = File::open(entry.path()) else {
            continue;
        };
        let Ok(meta) = file.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        files += 1;
        let src = FileSource {
            file,
            len: meta.len(),
        };
        let counting = CountingSource::new(&src);
        if let Ok(info) = read_binary(&counting) {
            if info.go_version().is_some() {
                go += 1;
            }
        }
        bytes += counting.bytes_read();
        reads += counting.reads();
    }
    println!(r#"{{"files":{files},"go":{go},"bytes_read":{bytes},"reads":{reads}}}"#);
    ExitCode::SUCCESS
}
