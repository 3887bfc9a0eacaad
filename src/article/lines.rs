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

/// Does the line, though short, have a shape no heading has? Addresses (URLs, e-mail),
/// a lower-case start (the rest of a sentence), an opening quote or dash (a pull quote,
/// an attribution), a closing quote, or a price first.
pub fn is_not_heading(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    let address = lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || t.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        });
    let first = t.chars().next();
    // "and then the lights…", not "iPhone Sales Slump": the whole first word in lower case.
    let lower_start = t.split_whitespace().next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_lowercase) && w.chars().all(|c| !c.is_uppercase())
    });
    let quoted = first.is_some_and(|c| {
        matches!(
            c,
            '"' | '\u{201c}'
                | '\u{201e}'
                | '\u{ab}'
                | '\u{2018}'
                | '\''
                | '\u{2014}'
                | '\u{2013}'
                | '\u{2026}'
        )
    }) || t.ends_with(['"', '\u{201d}', '\u{bb}']);
    let price = first.is_some_and(|c| matches!(c, '$' | '\u{a3}' | '\u{20ac}' | '\u{a5}'));
    address || lower_start || quoted || price
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
    fn shapes_that_are_never_headings() {
        for line in [
            "Contact: press@example.org",
            "www.example.com/tickets",
            "and then the lights went out",
            "\u{201c}We will not be moved\u{201d}",
            "\u{2014} Robert Maguire (@RobertMaguire_) November 18, 2019",
            "$199 at Amazon",
            "\u{a3}4.99 a month",
        ] {
            assert!(is_not_heading(line), "{line}");
        }
        for line in [
            "A Partnership Born from War",
            "Next Stop: Donbas?",
            "iPhone Sales Slump",
            "The $3 Billion Question",
        ] {
            assert!(!is_not_heading(line), "{line}");
        }
    }

    #[test]
    fn list_items() {
        assert_eq!(list_item("- Blog"), Some(("Blog", false)));
        assert_eq!(list_item("12. Twelfth"), Some(("Twelfth", true)));
        assert_eq!(list_item("2024 was a year."), None);
        assert_eq!(list_item("-5 degrees"), None);
    }
}
