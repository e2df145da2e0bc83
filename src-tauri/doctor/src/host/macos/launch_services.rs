//! "Open using Rosetta": the per-app architecture preferences LaunchServices keeps.
//!
//! The preference lives in
//! `~/Library/Preferences/com.apple.LaunchServices/com.apple.LaunchServices.plist`, a
//! binary property list, under the top-level key `"Architectures for arm64"`: a
//! dictionary from **bundle id** to an array of **alternating [bookmark `Data`, arch
//! `String`]** pairs, one pair per copy of the app, the arch being `"x86_64"` (open using
//! Rosetta) or `"arm64"`.
//!
//! The bookmark is opaque to Apple's API (`CFURLCreateByResolvingBookmarkData` resolves
//! it), and NativeGo does not link CoreFoundation for it. [`bookmark_path`] instead reads
//! the path the bookmark recorded, using the reverse-engineered layout documented by
//! mac_alias ("Mac Bookmark Format", mac-alias.readthedocs.io, by Alastair Houghton):
//! - header: `"book"`, total size (u32), a version-like word, header size (u32, 48);
//!   all offsets are relative to the end of the header, and the u32 right after the
//!   header is the offset of the first table of contents (TOC);
//! - TOC: size, magic `0xfffffffe`, id, next TOC offset, entry count, then
//!   `(key u32, offset u32, reserved u32)` entries;
//! - records: `(length u32, type u32, bytes)`; type `0x0101` is a UTF-8 string and
//!   `0x0601` an array of u32 record offsets;
//! - key `0x1004` (`kBookmarkPath`) is the array of path components, key `0x2002`
//!   (`kBookmarkVolumePath`) the volume's mount point.
//!
//! The heuristic is deliberately strict, so a wrong path is never reported: every offset
//! and length is bounds-checked, every component must be valid UTF-8 without `/`, `.` or
//! `..`, the last one must name an app bundle (`….app`), and a bookmark on a volume other
//! than `/` is only trusted when its components already start with that mount point.
//! Anything else gives `app_path: None`, and the bundle id and arch are still reported.
//!
//! Pure: bytes in, preferences out; tested on Linux with XML and binary plists built in
//! the tests and bookmarks laid out as documented above (not captured on a Mac).

use std::io::Cursor;
use std::path::PathBuf;

use crate::facts::ArchPreference;

/// The preferences file, relative to the user's home (docs/macos-facts.md, "Open using
/// Rosetta").
pub const PREFERENCES_FILE: &str =
    "Library/Preferences/com.apple.LaunchServices/com.apple.LaunchServices.plist";

/// The top-level key of the per-app architecture preferences.
pub const ARCHITECTURES_KEY: &str = "Architectures for arm64";

/// Every preference in the LaunchServices plist (`bytes`, binary or XML), sorted by
/// bundle id, each pair of the array giving one entry.
///
/// `Err` when the bytes are not a property list or the root is not a dictionary (the
/// caller reports the fact as unknown). A missing key, or values of the wrong type, are
/// not errors: they mean no preference was set, and malformed pairs are skipped.
pub fn arch_preferences(bytes: &[u8]) -> Result<Vec<ArchPreference>, String> {
    let value = plist::Value::from_reader(Cursor::new(bytes))
        .map_err(|e| format!("not a property list: {e}"))?;
    let root = value
        .as_dictionary()
        .ok_or("the property list is not a dictionary")?;
    let Some(prefs) = root.get(ARCHITECTURES_KEY).and_then(|v| v.as_dictionary()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (bundle_id, pairs) in prefs {
        let Some(items) = pairs.as_array() else {
            continue;
        };
        let mut i = 0;
        while i < items.len() {
            // The documented shape is [Data, String]; a String alone still says which
            // arch the app opens as, so keep it without a path.
            let (bookmark, arch) = match (items[i].as_data(), items.get(i + 1)) {
                (Some(data), Some(next)) if next.as_string().is_some() => {
                    i += 2;
                    (Some(data), next.as_string())
                }
                (Some(_), _) => {
                    i += 1;
                    continue;
                }
                (None, _) => {
                    i += 1;
                    (None, items[i - 1].as_string())
                }
            };
            let Some(arch) = arch.map(str::trim).filter(|a| !a.is_empty()) else {
                continue;
            };
            let pref = ArchPreference {
                bundle_id: bundle_id.clone(),
                app_path: bookmark.and_then(bookmark_path),
                arch: arch.to_string(),
            };
            if !out.contains(&pref) {
                out.push(pref);
            }
        }
    }
    out.sort_by(|a, b| a.bundle_id.cmp(&b.bundle_id));
    Ok(out)
}

/// `kBookmarkPath`: the array of path components.
const KEY_PATH: u32 = 0x1004;
/// `kBookmarkVolumePath`: the volume's mount point, a string.
const KEY_VOLUME_PATH: u32 = 0x2002;
const TOC_MAGIC: u32 = 0xffff_fffe;
const TYPE_MASK: u32 = 0xffff_ff00;
const TYPE_STRING: u32 = 0x0100;
const TYPE_ARRAY: u32 = 0x0600;
/// Bounds on what a sane bookmark holds; beyond them the data is not trusted.
const MAX_TOCS: usize = 16;
const MAX_COMPONENTS: usize = 256;

fn u32_at(buf: &[u8], offset: usize) -> Option<u32> {
    let bytes = buf.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// A bookmark's records, addressed relative to the end of its header.
struct Bookmark<'a> {
    buf: &'a [u8],
    header: usize,
}

impl<'a> Bookmark<'a> {
    fn parse(data: &'a [u8]) -> Option<Bookmark<'a>> {
        if !(data.starts_with(b"book") || data.starts_with(b"alis")) {
            return None;
        }
        let total = usize::try_from(u32_at(data, 4)?).ok()?;
        let header = usize::try_from(u32_at(data, 12)?).ok()?;
        // The recorded size must fit the data; the header must leave room for the
        // first-TOC offset.
        let buf = data.get(..total)?;
        if header < 16 || header.checked_add(4)? > buf.len() {
            return None;
        }
        Some(Bookmark { buf, header })
    }

    /// `(type, bytes)` of the record at `offset`.
    fn record(&self, offset: u32) -> Option<(u32, &'a [u8])> {
        let base = self.header.checked_add(usize::try_from(offset).ok()?)?;
        let len = usize::try_from(u32_at(self.buf, base)?).ok()?;
        let kind = u32_at(self.buf, base + 4)?;
        let start = base.checked_add(8)?;
        Some((kind, self.buf.get(start..start.checked_add(len)?)?))
    }

    fn string(&self, offset: u32) -> Option<&'a str> {
        match self.record(offset)? {
            (kind, bytes) if kind & TYPE_MASK == TYPE_STRING => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    /// The record offset stored under `key` in the first TOC that has it.
    fn lookup(&self, key: u32) -> Option<u32> {
        let mut toc = u32_at(self.buf, self.header)?;
        for _ in 0..MAX_TOCS {
            if toc == 0 {
                return None;
            }
            let base = self.header.checked_add(usize::try_from(toc).ok()?)?;
            if u32_at(self.buf, base + 4)? != TOC_MAGIC {
                return None;
            }
            let next = u32_at(self.buf, base + 12)?;
            let count = usize::try_from(u32_at(self.buf, base + 16)?).ok()?;
            for n in 0..count {
                let entry = base.checked_add(20)?.checked_add(n.checked_mul(12)?)?;
                // Past the end: the count lies; stop reading this TOC.
                let Some(k) = u32_at(self.buf, entry) else {
                    break;
                };
                if k == key {
                    return u32_at(self.buf, entry + 4);
                }
            }
            toc = next;
        }
        None
    }
}

/// The app path recorded in a LaunchServices bookmark, or `None` when it cannot be read
/// with confidence (see the module docs for the layout and the rules).
pub fn bookmark_path(data: &[u8]) -> Option<PathBuf> {
    let bm = Bookmark::parse(data)?;
    let (kind, offsets) = bm.record(bm.lookup(KEY_PATH)?)?;
    if kind & TYPE_MASK != TYPE_ARRAY || !offsets.len().is_multiple_of(4) {
        return None;
    }
    let count = offsets.len() / 4;
    if count == 0 || count > MAX_COMPONENTS {
        return None;
    }
    let mut path = String::new();
    for chunk in offsets.chunks_exact(4) {
        let component = bm.string(u32::from_le_bytes(chunk.try_into().ok()?))?;
        if component.is_empty()
            || component == "."
            || component == ".."
            || component.contains(['/', '\0'])
        {
            return None;
        }
        path.push('/');
        path.push_str(component);
    }
    if !path.to_ascii_lowercase().ends_with(".app") {
        return None;
    }
    if let Some(volume) = bm.lookup(KEY_VOLUME_PATH).and_then(|o| bm.string(o)) {
        let volume = volume.trim_end_matches('/');
        if !volume.is_empty() && !path.starts_with(&format!("{volume}/")) {
            // Components relative to another volume's root: where that volume is
            // mounted now is for CoreFoundation to resolve.
            return None;
        }
    }
    Some(PathBuf::from(path))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use plist::{Dictionary, Value};

    /// Lays out a bookmark as mac_alias documents it: records first, then one TOC, then
    /// the 48-byte header in front. `components` go under `kBookmarkPath`, `volume`
    /// under `kBookmarkVolumePath`, with a few of the other records a real bookmark has.
    pub(crate) fn bookmark(components: &[&str], volume: Option<&str>) -> Vec<u8> {
        fn record(out: &mut Vec<u8>, kind: u32, bytes: &[u8]) -> u32 {
            let at = 4 + out.len() as u32; // offsets count from the end of the header
            out.extend((bytes.len() as u32).to_le_bytes());
            out.extend(kind.to_le_bytes());
            out.extend(bytes);
            while !out.len().is_multiple_of(4) {
                out.push(0);
            }
            at
        }
        let mut data = Vec::new();
        let mut entries: Vec<(u32, u32)> = Vec::new();
        let names: Vec<u32> = components
            .iter()
            .map(|c| record(&mut data, 0x0101, c.as_bytes()))
            .collect();
        let array: Vec<u8> = names.iter().flat_map(|o| o.to_le_bytes()).collect();
        entries.push((KEY_PATH, record(&mut data, 0x0601, &array)));
        // kBookmarkCNIDPath: file ids, numbers (CFNumber SInt64).
        let ids: Vec<u32> = (0..components.len() as u64)
            .map(|i| record(&mut data, 0x0304, &(0x1000 + i).to_le_bytes()))
            .collect();
        let ids: Vec<u8> = ids.iter().flat_map(|o| o.to_le_bytes()).collect();
        entries.push((0x1005, record(&mut data, 0x0601, &ids)));
        // kBookmarkFileProperties: resource flags (directory | package | application).
        let mut props = Vec::new();
        props.extend(0x212u64.to_le_bytes());
        props.extend(0x0fu64.to_le_bytes());
        props.extend(0u64.to_le_bytes());
        entries.push((0x1010, record(&mut data, 0x0201, &props)));
        if let Some(v) = volume {
            entries.push((KEY_VOLUME_PATH, record(&mut data, 0x0101, v.as_bytes())));
            let url = format!("file://{v}");
            entries.push((0x2005, record(&mut data, 0x0901, url.as_bytes())));
        }
        entries.push((0x2010, record(&mut data, 0x0101, b"Macintosh HD")));
        entries.push((0xd010, record(&mut data, 0x0303, &512u32.to_le_bytes())));
        entries.sort();
        let toc_at = 4 + data.len() as u32;
        let body: Vec<u8> = entries
            .iter()
            .flat_map(|(k, o)| [*k, *o, 0].into_iter().flat_map(u32::to_le_bytes))
            .collect();
        data.extend((body.len() as u32 + 20 - 8).to_le_bytes());
        data.extend(TOC_MAGIC.to_le_bytes());
        data.extend(1u32.to_le_bytes());
        data.extend(0u32.to_le_bytes());
        data.extend((entries.len() as u32).to_le_bytes());
        data.extend(body);
        let mut out = Vec::new();
        out.extend(b"book");
        out.extend((48 + 4 + data.len() as u32).to_le_bytes());
        out.extend(0x1004_0000u32.to_le_bytes());
        out.extend(48u32.to_le_bytes());
        out.extend([0u8; 32]);
        out.extend(toc_at.to_le_bytes());
        out.extend(data);
        out
    }

    fn pairs(items: &[(Vec<u8>, &str)]) -> Value {
        Value::Array(
            items
                .iter()
                .flat_map(|(b, a)| [Value::Data(b.clone()), Value::String(a.to_string())])
                .collect(),
        )
    }

    /// A LaunchServices plist with `prefs` under "Architectures for arm64", next to the
    /// handler list the file also holds.
    pub(crate) fn plist_with(prefs: Vec<(&str, Value)>) -> Value {
        let mut arches = Dictionary::new();
        for (id, v) in prefs {
            arches.insert(id.to_string(), v);
        }
        let mut handler = Dictionary::new();
        handler.insert("LSHandlerURLScheme".into(), Value::String("ssh".into()));
        handler.insert(
            "LSHandlerRoleAll".into(),
            Value::String("com.apple.terminal".into()),
        );
        let mut root = Dictionary::new();
        root.insert(
            "LSHandlers".into(),
            Value::Array(vec![Value::Dictionary(handler)]),
        );
        root.insert(ARCHITECTURES_KEY.into(), Value::Dictionary(arches));
        Value::Dictionary(root)
    }

    pub(crate) fn binary(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        value.to_writer_binary(&mut out).unwrap();
        out
    }

    fn xml(value: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        value.to_writer_xml(&mut out).unwrap();
        out
    }

    fn terminal_on_rosetta() -> Value {
        plist_with(vec![
            (
                "com.apple.Terminal",
                pairs(&[(
                    bookmark(
                        &["System", "Applications", "Utilities", "Terminal.app"],
                        Some("/"),
                    ),
                    "x86_64",
                )]),
            ),
            (
                "com.googlecode.iterm2",
                pairs(&[(bookmark(&["Applications", "iTerm.app"], Some("/")), "arm64")]),
            ),
        ])
    }

    #[test]
    fn reads_rosetta_entries_from_binary_and_xml() {
        let value = terminal_on_rosetta();
        let expected = vec![
            ArchPreference {
                bundle_id: "com.apple.Terminal".into(),
                app_path: Some("/System/Applications/Utilities/Terminal.app".into()),
                arch: "x86_64".into(),
            },
            ArchPreference {
                bundle_id: "com.googlecode.iterm2".into(),
                app_path: Some("/Applications/iTerm.app".into()),
                arch: "arm64".into(),
            },
        ];
        let bin = binary(&value);
        assert!(bin.starts_with(b"bplist00"));
        assert_eq!(arch_preferences(&bin).unwrap(), expected);
        assert_eq!(arch_preferences(&xml(&value)).unwrap(), expected);
    }

    #[test]
    fn no_key_or_no_entries_means_no_preferences() {
        let mut root = Dictionary::new();
        root.insert("LSHandlers".into(), Value::Array(vec![]));
        let value = Value::Dictionary(root);
        assert_eq!(arch_preferences(&binary(&value)).unwrap(), vec![]);
        assert_eq!(
            arch_preferences(&binary(&plist_with(vec![]))).unwrap(),
            vec![]
        );
    }

    #[test]
    fn every_pair_of_a_bundle_is_an_entry() {
        // Two copies of iTerm: one set to Rosetta, one native.
        let value = plist_with(vec![(
            "com.googlecode.iterm2",
            pairs(&[
                (
                    bookmark(&["Applications", "iTerm.app"], Some("/")),
                    "x86_64",
                ),
                (
                    bookmark(&["Users", "dev", "Applications", "iTerm.app"], Some("/")),
                    "arm64",
                ),
            ]),
        )]);
        let prefs = arch_preferences(&binary(&value)).unwrap();
        assert_eq!(prefs.len(), 2);
        assert_eq!(
            prefs[0].app_path.as_deref(),
            Some(std::path::Path::new("/Applications/iTerm.app"))
        );
        assert_eq!(prefs[0].arch, "x86_64");
        assert_eq!(
            prefs[1].app_path.as_deref(),
            Some(std::path::Path::new("/Users/dev/Applications/iTerm.app"))
        );
        assert_eq!(prefs[1].arch, "arm64");
    }

    #[test]
    fn garbage_is_skipped_or_refused_never_a_panic() {
        // Not a plist at all, or not a dictionary: an error.
        assert!(arch_preferences(b"").is_err());
        assert!(arch_preferences(b"bplist00\x00\x01\x02").is_err());
        assert!(arch_preferences(b"\xff\xfe\x00garbage").is_err());
        assert!(arch_preferences(&binary(&Value::Array(vec![]))).is_err());
        // The key holds something else than a dictionary: no preferences.
        let mut root = Dictionary::new();
        root.insert(ARCHITECTURES_KEY.into(), Value::String("x86_64".into()));
        assert_eq!(
            arch_preferences(&binary(&Value::Dictionary(root))).unwrap(),
            vec![]
        );
        // Values of the wrong shapes.
        let value = plist_with(vec![
            ("a.not.an.array", Value::String("x86_64".into())),
            ("b.integer", Value::Array(vec![Value::Integer(3.into())])),
            (
                "c.data.without.arch",
                Value::Array(vec![Value::Data(vec![1, 2, 3])]),
            ),
            (
                "d.junk.bookmark",
                Value::Array(vec![
                    Value::Data(b"book\xff\xff\xff\xff".to_vec()),
                    Value::String("x86_64".into()),
                ]),
            ),
            (
                "e.arch.only",
                Value::Array(vec![Value::String("x86_64".into())]),
            ),
            (
                "f.empty.arch",
                Value::Array(vec![Value::Data(vec![]), Value::String(" ".into())]),
            ),
        ]);
        let prefs = arch_preferences(&binary(&value)).unwrap();
        assert_eq!(
            prefs,
            vec![
                ArchPreference {
                    bundle_id: "d.junk.bookmark".into(),
                    app_path: None,
                    arch: "x86_64".into()
                },
                ArchPreference {
                    bundle_id: "e.arch.only".into(),
                    app_path: None,
                    arch: "x86_64".into()
                },
            ]
        );
    }

    #[test]
    fn bookmark_paths_are_read_strictly() {
        let ok = bookmark(&["Applications", "Ghostty.app"], Some("/"));
        assert_eq!(bookmark_path(&ok), Some("/Applications/Ghostty.app".into()));
        // No volume record: the components are taken from the root.
        let no_vol = bookmark(&["Applications", "kitty.app"], None);
        assert_eq!(
            bookmark_path(&no_vol),
            Some("/Applications/kitty.app".into())
        );
        // On another volume, with the mount point in the components: fine.
        let ext = bookmark(&["Volumes", "Tools", "WezTerm.app"], Some("/Volumes/Tools"));
        assert_eq!(
            bookmark_path(&ext),
            Some("/Volumes/Tools/WezTerm.app".into())
        );
        // Relative to another volume's root: not guessed.
        let rel = bookmark(&["WezTerm.app"], Some("/Volumes/Tools"));
        assert_eq!(bookmark_path(&rel), None);
        // Not an app bundle, or a suspicious component.
        assert_eq!(bookmark_path(&bookmark(&["bin", "zsh"], Some("/"))), None);
        assert_eq!(
            bookmark_path(&bookmark(&["Applications", "..", "x.app"], Some("/"))),
            None
        );
        assert_eq!(
            bookmark_path(&bookmark(&["Applications", "a/b.app"], Some("/"))),
            None
        );
    }

    #[test]
    fn broken_bookmarks_never_panic() {
        let good = bookmark(&["Applications", "Alacritty.app"], Some("/"));
        // Every truncation, and every single-byte corruption, of a valid bookmark.
        for n in 0..good.len() {
            let _ = bookmark_path(&good[..n]);
            for b in [0x00, 0x7f, 0xff] {
                let mut bad = good.clone();
                bad[n] = b;
                let _ = bookmark_path(&bad);
            }
        }
        assert_eq!(bookmark_path(&good[..good.len() - 1]), None);
        assert_eq!(bookmark_path(b"book"), None);
        assert_eq!(bookmark_path(b"not a bookmark at all"), None);
        // A TOC that points at itself forever stops after MAX_TOCS.
        let mut looped = good.clone();
        let toc = u32_at(&looped, 48).unwrap();
        let base = 48 + toc as usize;
        looped[base + 12..base + 16].copy_from_slice(&toc.to_le_bytes());
        looped[base + 16..base + 20].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(bookmark_path(&looped), None);
        // An entry count far beyond the data.
        let mut huge = good.clone();
        huge[base + 16..base + 20].copy_from_slice(&u32::MAX.to_le_bytes());
        let _ = bookmark_path(&huge);
    }
}
