//! The Xcode licence facts, from property lists: the selected Xcode's version
//! (`<Xcode.app>/Contents/version.plist`, `CFBundleShortVersionString`) and the version whose
//! licence was accepted (`/Library/Preferences/com.apple.dt.Xcode.plist`,
//! `IDEXcodeVersionForAgreedToGMLicense`, written by `sudo xcodebuild -license accept`).
//!
//! Pure: bytes in, strings out; XML or binary property lists (the `plist` crate reads both).

use std::io::Cursor;

/// Where `xcodebuild -license accept` records the accepted licence.
pub const LICENSE_PLIST: &str = "/Library/Preferences/com.apple.dt.Xcode.plist";
/// The key holding the Xcode version whose licence was accepted.
pub const AGREED_KEY: &str = "IDEXcodeVersionForAgreedToGMLicense";
/// The key holding an Xcode bundle's version (`26.1`).
pub const VERSION_KEY: &str = "CFBundleShortVersionString";

/// The non-empty string at `key` of the root dictionary. `Err` when the bytes are not a
/// property list with a dictionary at the root; `Ok(None)` when the key is missing, empty or
/// not a string.
pub fn string_key(bytes: &[u8], key: &str) -> Result<Option<String>, String> {
    let value = plist::Value::from_reader(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let dict = value
        .as_dictionary()
        .ok_or_else(|| "the property list is not a dictionary".to_string())?;
    Ok(dict
        .get(key)
        .and_then(|v| v.as_string())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>IDELastGMLicenseAgreedTo</key>
	<string>EA1805</string>
	<key>IDEXcodeVersionForAgreedToGMLicense</key>
	<string>16.4</string>
</dict>
</plist>
"#;

    #[test]
    fn reads_the_agreed_version() {
        assert_eq!(
            string_key(PREFS.as_bytes(), AGREED_KEY).unwrap().as_deref(),
            Some("16.4")
        );
        assert_eq!(string_key(PREFS.as_bytes(), VERSION_KEY).unwrap(), None);
        assert!(string_key(b"not a plist", AGREED_KEY).is_err());
    }

    #[test]
    fn reads_binary_plists() {
        let value = plist::Value::from_reader(Cursor::new(PREFS.as_bytes())).unwrap();
        let mut bytes = Vec::new();
        value.to_writer_binary(&mut bytes).unwrap();
        assert_eq!(
            string_key(&bytes, AGREED_KEY).unwrap().as_deref(),
            Some("16.4")
        );
    }
}
