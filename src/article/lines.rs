//! The shape of a line of plain text: heading-like, prose, or a list item.

/// Longest line, in words, that can still be a heading or a deck.
pub const HEADING_MAX_WORDS: usize = 16;

/// Closing marks that may follow a sentence's final punctuation (`."`, `.)`).
const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '\u{201d}', '\u{2019}', '\u{bb}', '*', '_',
];

/// Does the line end like a sentence (period, exclamation mark, ellipsis, CJK full stop)?
///
/// A question mark does not count: "Next Stop: Donbas?" is a heading.
pub fn ends_sentence(line: &str) -> bool {
    let core = line.trim_end().trim_end_matches(CLOSERS);
    core.ends_with([
        '.', '!', '\u{2026}', '\u{3002}', '\u{ff01}', '\u{964}', ';', ',',
    ])
}

/// Is the line short and unpunctuated like a heading?
pub fn is_heading_like(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    words > 0
        && words <= HEADING_MAX_WORDS
        && line.chars().count() <= 120
        && !ends_sentence(line)
        && !line.ends_with(':')
        && list_item(line).is_none()
}

/// If the line is a list item (`- x`, `* x`, `• x`, `1. x`, `1) x`), its text and whether it is numbered.
pub fn list_item(line: &str) -> Option<(&str, bool)> {
    let line = line.trim_start();
    for bullet in ["- ", "* ", "\u{2022} ", "\u{2013} ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((rest.trim(), false));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((item.trim(), true));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_may_carry_question_marks_and_colons() {
        assert!(is_heading_like("Next Stop: Donbas?"));
        assert!(is_heading_like("The World\u{2019}s Quiet Response"));
        assert!(is_heading_like("Россия и Северная Корея"));
        assert!(is_heading_like("북한 노동자"));
    }

    #[test]
    fn sentences_are_not_headings() {
        assert!(!is_heading_like("The men were paid nothing."));
        assert!(!is_heading_like(
            "They called it a \u{201c}perfect answer.\u{201d}"
        ));
        assert!(!is_heading_like("노동자들은 돈을 받지 못했다."));
        assert!(!is_heading_like("Key facts:"));
        assert!(!is_heading_like("- Blog"));
        assert!(!is_heading_like(&"word ".repeat(30)));
    }

    #[test]
    fn list_items() {
        assert_eq!(list_item("- Blog"), Some(("Blog", false)));
        assert_eq!(list_item("12. Twelfth"), Some(("Twelfth", true)));
        assert_eq!(list_item("2024 was a year."), None);
        assert_eq!(list_item("-5 degrees"), None);
    }
}
