//! From raw bytes to clean text: encoding checks, BOMs, line endings, NFC.

use crate::error::ReadError;
use unicode_normalization::UnicodeNormalization;

/// Decode an input file's bytes into NFC text with `\n` line endings.
///
/// Accepts UTF-8 (with or without BOM) and UTF-16 with a BOM. Rejects empty and
/// binary files and invalid UTF-8 with the byte offset of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(ReadError::Binary(kind.to_string()));
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        if bytes.contains(&0) {
            return Err(ReadError::Binary("it contains NUL bytes".into()));
        }
        utf8(bytes)?
    };
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text
        .nfc()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(ReadError::Blank);
    }
    Ok(text)
}

/// Characters that draw nothing and are not white space to Rust: zero-width space and
/// joiners, word joiner, a stray BOM, soft hyphen. A file of only these is blank.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn utf8(bytes: &[u8]) -> Result<String, ReadError> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| ReadError::InvalidUtf8(e.valid_up_to()))
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| read([c[0], c[1]])).collect();
    String::from_utf16_lossy(&units)
}

/// Recognise common binary formats by their magic bytes.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x7FELF", "an ELF program"),
        (b"PK\x03\x04", "a ZIP archive (EPUB, DOCX or similar)"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"ID3", "an MP3 file"),
        (b"RIFF", "a RIFF (WAV or AVI) file"),
        (b"MZ", "a Windows program"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_removed() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFTitle\r\nBody\r\n").unwrap(),
            "Title\nBody\n"
        );
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Hi\nthere".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Hi\nthere");
    }

    #[test]
    fn text_is_nfc() {
        assert_eq!(decode("Cafe\u{301}".as_bytes()).unwrap(), "Caf\u{e9}");
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        assert_eq!(decode(b"abc\xFFdef"), Err(ReadError::InvalidUtf8(3)));
    }

    #[test]
    fn empty_blank_and_binary_are_refused() {
        assert_eq!(decode(b""), Err(ReadError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(ReadError::Blank));
        assert!(matches!(decode(b"\x89PNG\r\n"), Err(ReadError::Binary(_))));
        assert!(matches!(decode(b"ab\0cd"), Err(ReadError::Binary(_))));
    }

    /// Bug: a file of only zero-width characters gave an article with an invisible title.
    #[test]
    fn zero_width_only_file_is_blank() {
        let text = "\u{200B}\u{FEFF}\u{200D}\n\u{200B}\u{2060}\n";
        assert_eq!(decode(text.as_bytes()), Err(ReadError::Blank));
        assert!(decode("\u{200B}Title\n".as_bytes()).is_ok());
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(decode(b"a\x07b\x1bc").unwrap(), "abc");
    }
}
