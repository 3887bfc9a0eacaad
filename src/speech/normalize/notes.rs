//! Footnote reference markers: shown in the text (and linked to their note in the EPUB
//! and PDF), never said. A listener hears "the treaty was signed", not "the treaty was
//! signed bracket one" or "signed one".

use super::{Cx, prev_char};

/// Longest bracketed marker body: `[12]`, `[a]`, `[note 3]`.
const MAX_MARKER: usize = 8;

/// Superscript digits, as Word and web pages write note references (`signed¹`).
fn superscript(c: char) -> bool {
    matches!(
        c,
        '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}'
    )
}

/// Units written with a superscript power: `m²` is "square metres", not a note.
const POWER_UNITS: &[&str] = &["m", "km", "cm", "mm", "ft", "in", "mi", "yd", "s"];

/// The note rule: `[1]`, `[12]`, `[a]`, `[note 3]` and superscript digits after a word
/// are said as nothing.
pub(crate) fn rule(cx: &Cx, pos: usize) -> Option<(usize, String)> {
    let rest = &cx.text[pos..];
    if let Some(body) = rest.strip_prefix('[') {
        let close = body
            .char_indices()
            .take(MAX_MARKER + 1)
            .find(|(_, c)| *c == ']')?
            .0;
        let inner = &body[..close];
        let word = inner.strip_prefix("note ").unwrap_or(inner).trim();
        let numeric =
            !word.is_empty() && word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit());
        let letter = word.len() == 1 && word.chars().all(|c| c.is_ascii_lowercase());
        // A note marker follows text: "[1]" opening a line is a list number.
        let after_text = prev_char(cx.text, pos).is_some_and(|c| !c.is_whitespace())
            || cx.text[..pos]
                .trim_end()
                .ends_with(|c: char| c.is_alphanumeric() || ".,;:!?\"\u{201d}".contains(c));
        return ((numeric || letter) && after_text).then(|| (pos + 1 + close + 1, String::new()));
    }
    let run = rest
        .chars()
        .take_while(|c| superscript(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if run == 0 {
        return None;
    }
    let before = &cx.text[..pos];
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after_text =
        before.ends_with(|c: char| c.is_alphabetic() || ".,;:!?\"\u{201d})".contains(c));
    (after_text && !POWER_UNITS.contains(&word.as_str())).then(|| (pos + run, String::new()))
}

#[cfg(test)]
mod tests {
    use super::super::{Rules, normalize};

    fn say(text: &str) -> String {
        normalize(text, "en", &Rules::default()).text
    }

    #[test]
    fn markers_are_silent() {
        assert_eq!(
            say("The treaty was signed[1] in May."),
            "The treaty was signed in May."
        );
        assert_eq!(say("It was signed.[12] Then"), "It was signed. Then");
        assert_eq!(
            say("as noted [a] before"),
            "as noted  before".replace("  ", " ")
        );
        assert_eq!(
            say("the treaty\u{b9} and the pact\u{b2}\u{b3}."),
            "the treaty and the pact."
        );
    }

    #[test]
    fn powers_and_brackets_that_are_not_markers_stay() {
        assert!(
            say("a 40 m\u{b2} flat").contains("square"),
            "{}",
            say("a 40 m\u{b2} flat")
        );
        assert!(say("[1] First point").contains("First point"));
        assert!(say("the [sic] word").contains("sic"));
    }

    #[test]
    fn other_languages_lose_markers_too() {
        let s = normalize(
            "Der Vertrag[3] wurde unterzeichnet.",
            "de",
            &Rules::default(),
        );
        assert_eq!(s.text, "Der Vertrag wurde unterzeichnet.");
        assert_eq!(s.changes.len(), 1);
    }
}
