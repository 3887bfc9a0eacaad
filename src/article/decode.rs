//! From raw bytes to clean text: encodings, BOMs, line endings, NFC.
//!
//! Decoding is `encoding_rs` (the WHATWG Encoding Standard, as browsers decode), with
//! `chardetng` (Firefox's detector) guessing when the bytes are neither UTF-8 nor
//! labelled. The order, first match wins: a byte-order mark; the charset the caller
//! was given (an HTTP header); valid UTF-8; the page's own `<meta charset>`; a guess.

use crate::error::ReadError;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};
use unicode_normalization::UnicodeNormalization;

/// Decoded text and what the reader should tell the user about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// NFC text with `\n` line endings, control characters removed.
    pub text: String,
    /// Notes such as the encoding assumed, or bytes that could not be decoded.
    pub warnings: Vec<String>,
}

/// Where the bytes came from, for choosing the encoding.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hint<'a> {
    /// A charset declared outside the bytes (an HTTP `Content-Type`); wins over a guess.
    pub charset: Option<&'a str>,
    /// The bytes are HTML, so a `<meta charset>` in the first 1024 bytes is honoured.
    pub html: bool,
}

/// Share of C0 control bytes (other than tab, line ends and form feed) above which
/// unlabelled bytes are binary, not text in some legacy encoding.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decode an input's bytes into NFC text with `\n` line endings.
///
/// Rejects empty and binary files; text in a legacy encoding is decoded with a warning
/// that names the encoding assumed.
pub fn decode(bytes: &[u8], hint: Hint<'_>) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(ReadError::Binary(kind.to_string()));
    }
    let mut warnings = Vec::new();
    let (encoding, body) = choose(bytes, hint, &mut warnings)?;
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let bad = text.chars().filter(|c| *c == '\u{FFFD}').count();
        warnings.push(format!(
            "{bad} character{} could not be decoded as {} and {} replaced by \u{FFFD}",
            if bad == 1 { "" } else { "s" },
            encoding.name(),
            if bad == 1 { "was" } else { "were" },
        ));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text
        .nfc()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(ReadError::Blank);
    }
    Ok(Decoded { text, warnings })
}

/// Pick the encoding and the bytes to decode (a BOM removed).
fn choose<'b>(
    bytes: &'b [u8],
    hint: Hint<'_>,
    warnings: &mut Vec<String>,
) -> Result<(&'static Encoding, &'b [u8]), ReadError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return Ok((enc, &bytes[bom..]));
    }
    if let Some(enc) = hint
        .charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
    {
        return Ok((enc, bytes));
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary("it contains NUL bytes".into()));
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let declared = hint.html.then(|| meta_charset(bytes)).flatten();
    if utf8 {
        // A page labelled in a legacy encoding whose bytes are valid UTF-8 was
        // mislabelled (the usual case when a site moved to UTF-8): UTF-8 wins.
        return Ok((UTF_8, bytes));
    }
    if let Some(enc) = declared.filter(|e| *e != UTF_8) {
        return Ok((enc, bytes));
    }
    if control_share(bytes) > MAX_CONTROL_SHARE {
        return Err(ReadError::Binary(
            "it is not text in any encoding (control bytes throughout)".into(),
        ));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let first_bad = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    warnings.push(format!(
        "not valid UTF-8 (byte {first_bad}); read as {}, the likeliest encoding",
        guess.name()
    ));
    Ok((guess, bytes))
}

/// The encoding a page declares in its first 1024 bytes (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`), as the HTML standard's
/// prescan looks for it.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(pos) = find(&lower[at..], b"<meta") {
        let start = at + pos;
        let end = lower[start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let value: Vec<u8> = tag[c + 8..]
                .iter()
                .copied()
                .skip_while(|b| matches!(b, b'"' | b'\'' | b' '))
                .take_while(|b| !matches!(b, b'"' | b'\'' | b' ' | b';' | b'/' | b'>'))
                .collect();
            if let Some(enc) = Encoding::for_label(&value) {
                // The standard reads a UTF-16 label on ASCII-compatible bytes as UTF-8,
                // and x-user-defined as windows-1252.
                return Some(if enc == UTF_16LE || enc == UTF_16BE {
                    UTF_8
                } else if enc == X_USER_DEFINED {
                    WINDOWS_1252
                } else {
                    enc
                });
            }
        }
        at = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Share of bytes that are C0 controls no text file holds.
fn control_share(bytes: &[u8]) -> f64 {
    let controls = bytes
        .iter()
        .filter(|b| matches!(b, 0x01..=0x08 | 0x0E..=0x19 | 0x1C..=0x1F))
        .count();
    controls as f64 / bytes.len() as f64
}

/// Characters that draw nothing and are not white space to Rust: zero-width space and
/// joiners, word joiner, a stray BOM, soft hyphen. A file of only these is blank.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
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

    fn text(bytes: &[u8]) -> String {
        decode(bytes, Hint::default()).unwrap().text
    }

    fn html(bytes: &[u8]) -> Decoded {
        decode(
            bytes,
            Hint {
                html: true,
                ..Hint::default()
            },
        )
        .unwrap()
    }

    fn utf16(s: &str, big: bool) -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in s.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf8_bom_crlf_and_lone_cr_are_removed() {
        assert_eq!(text(b"\xEF\xBB\xBFTitle\r\nBody\r\n"), "Title\nBody\n");
        assert_eq!(text(b"Title\rBody\rEnd"), "Title\nBody\nEnd");
    }

    #[test]
    fn utf16_with_either_bom_is_read() {
        assert_eq!(text(&utf16("Hi\r\nthere", false)), "Hi\nthere");
        assert_eq!(text(&utf16("Hi\nthere", true)), "Hi\nthere");
    }

    #[test]
    fn windows_1252_from_word_is_decoded_with_a_warning() {
        // Smart quotes and a dash as Word writes them in Windows-1252.
        let d = decode(
            b"Caf\xe9 Title\n\x93Quoted,\x94 she said \x96 and left.\n",
            Hint::default(),
        )
        .unwrap();
        assert_eq!(
            d.text,
            "Caf\u{e9} Title\n\u{201c}Quoted,\u{201d} she said \u{2013} and left.\n"
        );
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("windows-1252"), "{:?}", d.warnings);
        assert!(d.warnings[0].contains("byte 3"), "{:?}", d.warnings);
    }

    #[test]
    fn latin1_text_is_decoded() {
        let d = decode(
            b"Na\xefve r\xe9sum\xe9 of the d\xe9j\xe0 vu.\n",
            Hint::default(),
        )
        .unwrap();
        assert_eq!(
            d.text,
            "Na\u{ef}ve r\u{e9}sum\u{e9} of the d\u{e9}j\u{e0} vu.\n"
        );
    }

    #[test]
    fn meta_charset_is_honoured() {
        let d = html(b"<html><head><meta charset=\"iso-8859-1\"></head><p>Caf\xe9</p>");
        assert!(d.text.contains("Caf\u{e9}"), "{}", d.text);
        assert!(d.warnings.is_empty(), "a declared charset is not a guess");
        let d = html(
            b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'><p>\xcf\xf0\xe8</p>",
        );
        assert!(d.text.contains("\u{41f}\u{440}\u{438}"), "{}", d.text);
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_label() {
        let d = html("<meta charset='windows-1252'><p>Caf\u{e9}</p>".as_bytes());
        assert!(d.text.contains("Caf\u{e9}"));
    }

    #[test]
    fn an_outside_charset_wins() {
        let d = decode(
            b"<p>\xe9t\xe9</p>",
            Hint {
                charset: Some("ISO-8859-15"),
                html: true,
            },
        )
        .unwrap();
        assert!(d.text.contains("\u{e9}t\u{e9}"));
    }

    #[test]
    fn undecodable_bytes_are_warned_about() {
        // A lone surrogate and an odd trailing byte in UTF-16.
        let mut bytes = utf16("Title\nText", false);
        bytes.extend([0x00, 0xD8, 0x41]);
        let d = decode(&bytes, Hint::default()).unwrap();
        assert!(d.text.starts_with("Title\nText"));
        assert!(d.warnings[0].contains("UTF-16LE"), "{:?}", d.warnings);
    }

    #[test]
    fn text_is_nfc() {
        assert_eq!(text("Cafe\u{301}".as_bytes()), "Caf\u{e9}");
    }

    #[test]
    fn empty_blank_and_binary_are_refused() {
        let d = |b: &[u8]| decode(b, Hint::default());
        assert_eq!(d(b""), Err(ReadError::Empty));
        assert_eq!(d(b" \n\t\n"), Err(ReadError::Blank));
        assert!(matches!(d(b"\x89PNG\r\n"), Err(ReadError::Binary(_))));
        assert!(matches!(d(b"ab\0cd"), Err(ReadError::Binary(_))));
        // No magic number, no NUL, not UTF-8, control bytes throughout: binary.
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8 | 1).collect();
        assert!(
            matches!(d(&noise), Err(ReadError::Binary(_))),
            "{:?}",
            d(&noise)
        );
    }

    /// Bug: a file of only zero-width characters gave an article with an invisible title.
    #[test]
    fn zero_width_only_file_is_blank() {
        let d = |b: &[u8]| decode(b, Hint::default());
        let zw = "\u{200B}\u{FEFF}\u{200D}\n\u{200B}\u{2060}\n";
        assert_eq!(d(zw.as_bytes()), Err(ReadError::Blank));
        assert!(d("\u{200B}Title\n".as_bytes()).is_ok());
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(text(b"a\x07b\x1bc"), "abc");
    }
}
