//! A second, deliberately separate reader of Mach-O load commands for the tests: it
//! shares no code with `binary/macho.rs`, reads the whole file into memory, and knows
//! only what the tests compare (LC_UUID present; LC_BUILD_VERSION / LC_VERSION_MIN_MACOSX
//! platform, minos and sdk, as raw `xxxx.yy.zz` words). Little-endian 64-bit slices
//! only, thin or inside a 32- or 64-bit universal header — every executable the tests
//! download is one of those; anything else is `None`.

/// One slice's facts, as this walker reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LcFacts {
    pub cputype: u32,
    pub uuid: bool,
    /// (command, platform, minos, sdk) of the first LC_BUILD_VERSION, else of the
    /// first LC_VERSION_MIN_MACOSX (platform 1).
    pub version: Option<(u32, u32, u32, u32)>,
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Every slice of a Mach-O file, or `None` if it is not one this walker reads.
pub fn walk(file: &[u8]) -> Option<Vec<LcFacts>> {
    match be32(file, 0)? {
        0xcafe_babe | 0xcafe_babf => {
            let wide = be32(file, 0)? == 0xcafe_babf;
            let n = be32(file, 4)? as usize;
            let mut out = Vec::new();
            for i in 0..n {
                let entry = 8 + i * if wide { 32 } else { 20 };
                let (off, size) = if wide {
                    (
                        be64(file, entry + 8)? as usize,
                        be64(file, entry + 16)? as usize,
                    )
                } else {
                    (
                        be32(file, entry + 8)? as usize,
                        be32(file, entry + 12)? as usize,
                    )
                };
                out.push(thin(file.get(off..off.checked_add(size)?)?)?);
            }
            Some(out)
        }
        _ => Some(vec![thin(file)?]),
    }
}

fn thin(b: &[u8]) -> Option<LcFacts> {
    if le32(b, 0)? != 0xfeed_facf {
        return None;
    }
    let cputype = le32(b, 4)?;
    let ncmds = le32(b, 16)?;
    let mut at = 32usize;
    let mut facts = LcFacts {
        cputype,
        uuid: false,
        version: None,
    };
    let mut legacy = None;
    for _ in 0..ncmds {
        let cmd = le32(b, at)?;
        let size = le32(b, at + 4)? as usize;
        match cmd {
            0x1b => facts.uuid = true,
            0x32 if facts.version.is_none() => {
                facts.version = Some((cmd, le32(b, at + 8)?, le32(b, at + 12)?, le32(b, at + 16)?))
            }
            0x24 if legacy.is_none() => {
                legacy = Some((cmd, 1, le32(b, at + 8)?, le32(b, at + 12)?))
            }
            _ => {}
        }
        if size < 8 {
            return None;
        }
        at += size;
    }
    facts.version = facts.version.or(legacy);
    Some(facts)
}

/// `xxxx.yy.zz` as otool prints it (`11.0`, `10.13.4`).
pub fn version_text(v: u32) -> String {
    let (a, b, c) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if c == 0 {
        format!("{a}.{b}")
    } else {
        format!("{a}.{b}.{c}")
    }
}
