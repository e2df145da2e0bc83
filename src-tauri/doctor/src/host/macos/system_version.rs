//! `ProductVersion` from `/System/Library/CoreServices/SystemVersion.plist`.
//!
//! Apple ships that file as an XML property list, but a property list may be stored in
//! the binary `bplist00` format just as well, and tools such as `plutil -convert binary1`
//! rewrite it that way. The `plist` crate reads both, so the probe
//! ([`crate::probe::machine::os_version`]) does not depend on which one a Mac (or a
//! scenario) has.
//!
//! Pure: bytes in, version out. Tested on Linux with XML and binary samples.

/// `ProductVersion` (`"15.1"`) from the bytes of SystemVersion.plist, XML or binary.
/// `None` when the bytes are not a property list, the root is not a dictionary, or the
/// key is missing, empty or not a string.
pub fn product_version(bytes: &[u8]) -> Option<String> {
    super::xcode::string_key(bytes, "ProductVersion")
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// SystemVersion.plist as macOS 15.1 ships it.
    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>BuildID</key>
	<string>6E5A1C02-9F0B-11EF-8B2D-3A4C1E5F7B90</string>
	<key>ProductBuildVersion</key>
	<string>24B83</string>
	<key>ProductCopyright</key>
	<string>1983-2024 Apple Inc.</string>
	<key>ProductName</key>
	<string>macOS</string>
	<key>ProductUserVisibleVersion</key>
	<string>15.1</string>
	<key>ProductVersion</key>
	<string>15.1</string>
	<key>iOSSupportVersion</key>
	<string>18.1</string>
</dict>
</plist>
"#;

    #[test]
    fn reads_the_xml_file() {
        assert_eq!(product_version(XML.as_bytes()).as_deref(), Some("15.1"));
    }

    #[test]
    fn reads_the_binary_file() {
        let value = plist::Value::from_reader(Cursor::new(XML.as_bytes())).unwrap();
        let mut bin = Vec::new();
        value.to_writer_binary(&mut bin).unwrap();
        assert!(bin.starts_with(b"bplist00"));
        assert_eq!(product_version(&bin).as_deref(), Some("15.1"));
    }

    #[test]
    fn refuses_what_is_not_a_version() {
        assert_eq!(product_version(b""), None);
        assert_eq!(product_version(b"bplist00\xff\xff\xff"), None);
        assert_eq!(product_version(b"\x00\x01garbage"), None);
        let no_key = "<plist><dict><key>ProductName</key><string>macOS</string></dict></plist>";
        assert_eq!(product_version(no_key.as_bytes()), None);
        let not_string =
            "<plist><dict><key>ProductVersion</key><integer>15</integer></dict></plist>";
        assert_eq!(product_version(not_string.as_bytes()), None);
        let empty = "<plist><dict><key>ProductVersion</key><string> </string></dict></plist>";
        assert_eq!(product_version(empty.as_bytes()), None);
        let array = "<plist><array><string>15.1</string></array></plist>";
        assert_eq!(product_version(array.as_bytes()), None);
    }
}
