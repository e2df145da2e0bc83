//! Go's embedded build info: finding the `"\xff Go buildinf:"` blob in a data region,
//! decoding it (inline strings, Go 1.18+, or the older pointer format) and parsing the
//! module-info text.
//!
//! Mirrors Go's `debug/buildinfo` (`readRawBuildInfo`, `decodeString`, `readString`)
//! and `runtime/debug.ParseBuildInfo`, but reads through a [`ByteSource`] in bounded
//! chunks instead of loading sections whole.

use super::{corrupt, BinaryError, BuildInfo, ByteSource, Endian, Module, MAX_BUILDINFO_BYTES};

/// The 14-byte magic at the start of the blob (`buildInfoMagic` in debug/buildinfo).
pub(crate) const MAGIC: &[u8; 14] = b"\xff Go buildinf:";
/// The blob header is 32 bytes: magic, pointer size, flags, two pointers (old format).
pub(crate) const HEADER_SIZE: usize = 32;
/// The linker aligns the blob to 16 bytes (`buildInfoAlign`); a misaligned match is
/// ignored, as Go does.
pub(crate) const ALIGN: u64 = 16;
/// Flag bit 0: big-endian pointers (old format).
pub(crate) const FLAG_BIG_ENDIAN: u8 = 0x1;
/// Flag bit 1: version and modinfo are inline uvarint-prefixed strings (Go 1.18+).
pub(crate) const FLAG_INLINE: u8 = 0x2;

/// cmd/go's `modload.infoStart` / `infoEnd`: 16 random bytes framing the modinfo
/// string so that it can be found in a binary even without debug/buildinfo.
pub(crate) const INFO_START: [u8; 16] = [
    0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6,
];
pub(crate) const INFO_END: [u8; 16] = [
    0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2,
];

/// Go's `readString` refuses strings longer than this in the old pointer format;
/// we use the same bound for an inline modinfo that does not fit the first read.
const MAX_STRING: u64 = 1 << 20;

/// Scan granularity for the fallback segment search.
const CHUNK: u64 = 64 << 10;

/// A data region to search: where it is in the file and at which virtual address it
/// is mapped (alignment is judged on the virtual address, like the linker does).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Region {
    pub file_off: u64,
    pub vaddr: u64,
    pub size: u64,
}

/// A file-backed part of the address space (a Mach-O segment or ELF `PT_LOAD`), used to
/// follow the pointers of the pre-1.18 format.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mapping {
    pub vaddr: u64,
    pub file_off: u64,
    pub filesz: u64,
}

/// Search `region` (at most `scan_limit` bytes of it) for the build-info blob and decode
/// it. `Ok(None)` means "not a Go program" (no magic, or an unreadable blob).
pub(crate) fn find(
    src: &dyn ByteSource,
    region: Region,
    scan_limit: u64,
    maps: &[Mapping],
    format: &'static str,
) -> Result<Option<BuildInfo>, BinaryError> {
    let end = region.file_off.checked_add(region.size).ok_or_else(|| {
        corrupt(
            format,
            format!("build-info region size {} overflows", region.size),
        )
    })?;
    if end > src.len() {
        return Err(corrupt(
            format,
            format!(
                "the data holding Go build info spans bytes {}..{end} but the file has {} bytes",
                region.file_off,
                src.len()
            ),
        ));
    }
    let scan = region.size.min(scan_limit);
    let mut chunk_start = 0u64;
    while chunk_start < scan {
        let chunk_end = chunk_start.saturating_add(CHUNK).min(scan);
        // Read a little past an inner chunk so a header straddling the boundary is
        // whole; the last chunk ends at the limit, as Go's one 64 KiB read does (a
        // header cut by the limit is not found, there as here).
        let read_end = if chunk_end < scan {
            chunk_end.saturating_add(HEADER_SIZE as u64)
        } else {
            chunk_end
        }
        .min(region.size);
        let data = src.read_at(region.file_off + chunk_start, read_end - chunk_start)?;
        // First position in this chunk whose virtual address is 16-byte aligned.
        let misalign = region.vaddr.wrapping_add(chunk_start) % ALIGN;
        let mut pos = if misalign == 0 { 0 } else { ALIGN - misalign };
        while chunk_start + pos < chunk_end {
            let p = pos as usize;
            let Some(window) = data.get(p..p.saturating_add(HEADER_SIZE)) else {
                break;
            };
            if window.len() == HEADER_SIZE && window.starts_with(MAGIC) {
                let at = chunk_start + pos;
                let want = (region.size - at).min(MAX_BUILDINFO_BYTES);
                // What this chunk already holds of the blob is enough to decode it; an
                // inline modinfo longer than that is read on its own (`long_modinfo`).
                let have = data.len().min(p.saturating_add(want as usize));
                let blob = data[p..have].to_vec();
                let reader = BlobReader {
                    src,
                    region,
                    at,
                    maps,
                };
                return Ok(reader
                    .decode(&blob)?
                    .and_then(|(vers, module)| build_info_from(&vers, &module)));
            }
            pos += ALIGN;
        }
        chunk_start = chunk_end;
    }
    Ok(None)
}

/// The raw Go version and modinfo strings of a blob.
type RawStrings = (Vec<u8>, Vec<u8>);

struct BlobReader<'a> {
    src: &'a dyn ByteSource,
    region: Region,
    /// Offset of the blob within the region.
    at: u64,
    maps: &'a [Mapping],
}

impl BlobReader<'_> {
    /// The raw version and modinfo strings, as `readRawBuildInfo` returns them.
    fn decode(&self, blob: &[u8]) -> Result<Option<RawStrings>, BinaryError> {
        let (Some(&ptr_size), Some(&flags)) = (blob.get(14), blob.get(15)) else {
            return Ok(None);
        };
        if flags & FLAG_INLINE != 0 {
            let Some((vers, rest)) = blob.get(HEADER_SIZE..).and_then(decode_string) else {
                return Ok(None);
            };
            let consumed = blob.len() - rest.len();
            let module = match decode_string(rest) {
                Some((m, _)) => m.to_vec(),
                None => self.long_modinfo(rest, consumed)?.unwrap_or_default(),
            };
            return Ok(Some((vers.to_vec(), module)));
        }
        // Pre-1.18: two pointers to Go string headers, in the target's byte order.
        let endian = if flags & FLAG_BIG_ENDIAN != 0 {
            Endian::Big
        } else {
            Endian::Little
        };
        let size = ptr_size as usize;
        let (Some(vers_ptr), Some(mod_ptr)) = (
            endian.word(blob, 16, size),
            endian.word(blob, 16 + size, size),
        ) else {
            return Ok(None);
        };
        let vers = self
            .read_go_string(vers_ptr, size, endian)?
            .unwrap_or_default();
        let module = self
            .read_go_string(mod_ptr, size, endian)?
            .unwrap_or_default();
        Ok(Some((vers, module)))
    }

    /// An inline modinfo longer than the first read: read exactly its bytes if the
    /// length is plausible (at most 1 MiB, inside the region).
    fn long_modinfo(&self, rest: &[u8], consumed: usize) -> Result<Option<Vec<u8>>, BinaryError> {
        let Some((len, n)) = uvarint(rest) else {
            return Ok(None);
        };
        let start = self
            .at
            .saturating_add(consumed as u64)
            .saturating_add(n as u64);
        let fits = start
            .checked_add(len)
            .is_some_and(|end| end <= self.region.size);
        if len > MAX_STRING || !fits {
            return Ok(None);
        }
        let data = self.src.read_at(self.region.file_off + start, len)?;
        Ok((data.len() as u64 == len).then_some(data))
    }

    /// Go's `readString`: a string header `(data, len)` at `addr`, then its bytes.
    fn read_go_string(
        &self,
        addr: u64,
        ptr_size: usize,
        endian: Endian,
    ) -> Result<Option<Vec<u8>>, BinaryError> {
        let Some(header) = self.read_vaddr(addr, 2 * ptr_size as u64)? else {
            return Ok(None);
        };
        let (Some(data), Some(len)) = (
            endian.word(&header, 0, ptr_size),
            endian.word(&header, ptr_size, ptr_size),
        ) else {
            return Ok(None);
        };
        if len > MAX_STRING {
            return Ok(None);
        }
        self.read_vaddr(data, len)
    }

    /// Bytes at a virtual address, if a single file-backed mapping holds all of them.
    fn read_vaddr(&self, addr: u64, len: u64) -> Result<Option<Vec<u8>>, BinaryError> {
        for m in self.maps {
            let Some(delta) = addr.checked_sub(m.vaddr) else {
                continue;
            };
            if delta >= m.filesz || len > m.filesz - delta {
                continue;
            }
            let Some(off) = m.file_off.checked_add(delta) else {
                continue;
            };
            let data = self.src.read_at(off, len)?;
            return Ok((data.len() as u64 == len).then_some(data));
        }
        Ok(None)
    }
}

/// `binary.Uvarint`: the value and the number of bytes used, or `None` if malformed.
pub(crate) fn uvarint(data: &[u8]) -> Option<(u64, usize)> {
    let mut x = 0u64;
    let mut shift = 0u32;
    for (i, &b) in data.iter().enumerate().take(10) {
        if b < 0x80 {
            if i == 9 && b > 1 {
                return None; // overflows u64
            }
            return Some((x | u64::from(b) << shift, i + 1));
        }
        x |= u64::from(b & 0x7f) << shift;
        shift += 7;
    }
    None
}

/// debug/buildinfo's `decodeString`: a uvarint length and that many bytes.
fn decode_string(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, n) = uvarint(data)?;
    let rest = data.get(n..)?;
    let len = usize::try_from(len).ok()?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// Turn the raw strings into [`BuildInfo`]; no version means "not a Go executable".
fn build_info_from(vers: &[u8], module: &[u8]) -> Option<BuildInfo> {
    if vers.is_empty() {
        return None;
    }
    // readRawBuildInfo: strip the sentinels if the framing looks right, else no modinfo.
    let n = module.len();
    let text: &[u8] = if n >= 33 && module.get(n - 17) == Some(&b'\n') {
        &module[16..n - 16]
    } else {
        &[]
    };
    let mut info = parse_modinfo(&String::from_utf8_lossy(text));
    info.go_version = String::from_utf8_lossy(vers).into_owned();
    Some(info)
}

/// Parse module-info text (`path\t…`, `mod\t…`, `dep\t…`, `=>\t…`, `build\tK=V` lines, as
/// written by `runtime/debug.BuildInfo.String`). Lenient: malformed lines are skipped.
/// The returned `go_version` is empty (it is stored separately in binaries).
pub fn parse_modinfo(text: &str) -> BuildInfo {
    let mut info = BuildInfo::default();
    // Which module the next `=>` line replaces: the main module or a dependency.
    #[derive(PartialEq)]
    enum Last {
        None,
        Main,
        Dep,
    }
    let mut last = Last::None;
    for line in text.split('\n') {
        if let Some(rest) = line.strip_prefix("path\t") {
            info.path = Some(rest.to_string());
            last = Last::None;
        } else if let Some(rest) = line.strip_prefix("mod\t") {
            info.main = module_line(rest, false);
            last = if info.main.is_some() {
                Last::Main
            } else {
                Last::None
            };
        } else if let Some(rest) = line.strip_prefix("dep\t") {
            last = if module_line(rest, false).is_some() {
                Last::Dep
            } else {
                Last::None
            };
        } else if let Some(rest) = line.strip_prefix("=>\t") {
            // A replacement applies to the module on the preceding line.
            if last == Last::Main {
                if let Some(m) = module_line(rest, true) {
                    info.main = Some(m);
                }
            }
            last = Last::None;
        } else if let Some(rest) = line.strip_prefix("build\t") {
            if let Some((k, v)) = build_line(rest) {
                info.settings.insert(k, v);
            }
            last = Last::None;
        }
    }
    info
}

/// `readModuleLine`: path, version and an optional sum (three columns required for a
/// replacement line).
fn module_line(rest: &str, replacement: bool) -> Option<Module> {
    let elem: Vec<&str> = rest.split('\t').collect();
    match elem.as_slice() {
        [path, version] if !replacement => Some(Module {
            path: path.to_string(),
            version: version.to_string(),
            sum: None,
        }),
        [path, version, sum] => Some(Module {
            path: path.to_string(),
            version: version.to_string(),
            sum: (!sum.is_empty()).then(|| sum.to_string()),
        }),
        _ => None,
    }
}

/// `build\t<key>=<value>` where key and value may be Go-quoted.
fn build_line(kv: &str) -> Option<(String, String)> {
    let (key, raw_value) = match kv.as_bytes().first()? {
        b'=' => return None,
        b'"' | b'`' => {
            let (key, used) = unquote_prefix(kv)?;
            let rest = kv.get(used..)?;
            (key, rest.strip_prefix('=')?)
        }
        _ => {
            let (k, v) = kv.split_once('=')?;
            (k.to_string(), v)
        }
    };
    let value = match raw_value.as_bytes().first() {
        Some(b'"' | b'`') => {
            let (v, used) = unquote_prefix(raw_value)?;
            if used != raw_value.len() {
                return None;
            }
            v
        }
        _ => raw_value.to_string(),
    };
    Some((key, value))
}

/// `strconv.QuotedPrefix` + `strconv.Unquote`: decode the Go string literal at the
/// start of `s` and return it with the number of bytes it used.
pub(crate) fn unquote_prefix(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'`' => {
            let end = s.get(1..)?.find('`')? + 1;
            Some((s.get(1..end)?.replace('\r', ""), end + 1))
        }
        b'"' => {
            let mut out: Vec<u8> = Vec::new();
            let mut i = 1;
            loop {
                let c = *bytes.get(i)?;
                match c {
                    b'"' => return Some((String::from_utf8_lossy(&out).into_owned(), i + 1)),
                    b'\n' => return None,
                    b'\\' => {
                        let e = *bytes.get(i + 1)?;
                        i += 2;
                        match e {
                            b'a' => out.push(0x07),
                            b'b' => out.push(0x08),
                            b'f' => out.push(0x0c),
                            b'n' => out.push(b'\n'),
                            b'r' => out.push(b'\r'),
                            b't' => out.push(b'\t'),
                            b'v' => out.push(0x0b),
                            b'\\' => out.push(b'\\'),
                            b'\'' => out.push(b'\''),
                            b'"' => out.push(b'"'),
                            b'x' => {
                                out.push(u8::try_from(hex(s.get(i..i + 2)?)?).ok()?);
                                i += 2;
                            }
                            b'u' | b'U' => {
                                let n = if e == b'u' { 4 } else { 8 };
                                let ch = char::from_u32(hex(s.get(i..i + n)?)?)?;
                                let mut buf = [0u8; 4];
                                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                                i += n;
                            }
                            b'0'..=b'7' => {
                                let oct = s.get(i - 1..i + 2)?;
                                let v = u32::from_str_radix(oct, 8).ok()?;
                                out.push(u8::try_from(v).ok()?);
                                i += 2;
                            }
                            _ => return None,
                        }
                    }
                    _ => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
        }
        _ => None,
    }
}

fn hex(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(s, 16).ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uvarint_matches_go() {
        assert_eq!(uvarint(&[0]), Some((0, 1)));
        assert_eq!(uvarint(&[0x7f]), Some((127, 1)));
        assert_eq!(uvarint(&[0x80, 0x01]), Some((128, 2)));
        assert_eq!(uvarint(&[0x80]), None);
        assert_eq!(uvarint(&[]), None);
        assert_eq!(uvarint(&[0xff; 10]), None);
        let max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(uvarint(&max), Some((u64::MAX, 10)));
    }

    #[test]
    fn unquote_handles_go_escapes() {
        let (s, n) = unquote_prefix(r#""a b\t\"c\\\n\x41\u00e9\101"=rest"#).unwrap();
        assert_eq!(s, "a b\t\"c\\\nAéA");
        assert_eq!(&r#""a b\t\"c\\\n\x41\u00e9\101"=rest"#[n..], "=rest");
        assert_eq!(unquote_prefix("`raw\\n`x"), Some(("raw\\n".to_string(), 7)));
        assert_eq!(unquote_prefix(r#""unterminated"#), None);
        assert_eq!(unquote_prefix(r#""bad \q""#), None);
        assert_eq!(unquote_prefix(r#""\x4""#), None);
        assert_eq!(unquote_prefix(r#""\u12""#), None);
        assert_eq!(unquote_prefix("\"é\\"), None);
    }

    #[test]
    fn parses_modinfo_lines() {
        let text = "path\texample.com/cmd/x\n\
                    mod\texample.com\tv1.2.3\th1:abc=\n\
                    dep\tgolang.org/x/mod\tv0.1.0\th1:def=\n\
                    =>\t../mod\t(devel)\t\n\
                    build\t-buildmode=exe\n\
                    build\t-ldflags=\"-s -w -X main.v=1\"\n\
                    build\t\"we=ird\"=x\n\
                    build\tCGO_ENABLED=0\n\
                    build\tGOARCH=arm64\n\
                    build\tbroken\n";
        let info = parse_modinfo(text);
        assert_eq!(info.path.as_deref(), Some("example.com/cmd/x"));
        let main = info.main.unwrap();
        assert_eq!(main.path, "example.com");
        assert_eq!(main.version, "v1.2.3");
        assert_eq!(main.sum.as_deref(), Some("h1:abc="));
        assert_eq!(info.settings["-ldflags"], "-s -w -X main.v=1");
        assert_eq!(info.settings["we=ird"], "x");
        assert_eq!(info.settings["GOARCH"], "arm64");
        assert_eq!(info.settings.len(), 5);
    }

    #[test]
    fn replacement_of_main_module_becomes_main() {
        let text = "path\tx/cmd\nmod\tx\tv1.0.0\n=>\t/src/x\t(devel)\t\n";
        let main = parse_modinfo(text).main.unwrap();
        assert_eq!(main.path, "/src/x");
        assert_eq!(main.version, "(devel)");
        assert_eq!(main.sum, None);
    }

    #[test]
    fn modinfo_without_sentinels_is_ignored() {
        let info = build_info_from(b"go1.22.0", b"path\tx\n").unwrap();
        assert_eq!(info.go_version, "go1.22.0");
        assert_eq!(info.path, None);
        assert!(build_info_from(b"", b"").is_none());
    }
}
