//! XML escaping: every character of the input ends up as text, never as markup.

/// Escape `text` for XML element content or a double-quoted attribute value.
///
/// Characters that XML 1.0 forbids (most C0 controls) are dropped, and so are C1
/// controls and Unicode noncharacters, which the HTML validators inside EPUBCheck
/// reject; everything else is kept, with `& < > "` written as references, so
/// `<script>` or `]]>` in an article is shown as text. (Apostrophes need no escape:
/// every attribute we write is double-quoted.)
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Is `c` allowed (and not discouraged) in an XML 1.0 document?
pub fn allowed(c: char) -> bool {
    let u = c as u32;
    match u {
        0x9 | 0xA | 0xD => true,
        0x0..=0x1F | 0x7F..=0x9F => false,
        0xFDD0..=0xFDEF => false,
        _ => u & 0xFFFE != 0xFFFE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            escape("<script>alert('x & y')</script>"),
            "&lt;script&gt;alert('x &amp; y')&lt;/script&gt;"
        );
        assert_eq!(escape("a ]]> b"), "a ]]&gt; b");
        assert_eq!(escape("\"q\""), "&quot;q&quot;");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn forbidden_characters_are_dropped() {
        assert_eq!(escape("a\u{0}b\u{1}c\u{1b}d\u{7f}e\u{85}f"), "abcdef");
        assert_eq!(escape("x\u{FFFE}\u{FFFF}\u{FDD0}\u{1FFFF}y"), "xy");
        assert_eq!(escape("tab\there\nline\r"), "tab\there\nline\r");
    }

    #[test]
    fn other_scripts_and_emoji_are_kept() {
        let s = "Пхеньян 평양 👩‍👩‍👧 مرحبا";
        assert_eq!(escape(s), s);
    }
}
