//! Small text helpers shared by the rules: looking around a byte position without ever
//! slicing outside the text or inside a character.

/// A rule may start here: not inside a word or a number.
pub(super) fn starts_token(text: &str, pos: usize) -> bool {
    prev_char(text, pos).is_none_or(|c| !c.is_alphanumeric())
}

/// Collapse white space, drop spaces before punctuation and doubled commas, which
/// replacements of dashes and ellipses can leave behind.
pub(super) fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | ')') && out.ends_with(' ') {
            out.pop();
        }
        if c == ',' && (out.ends_with(',') || out.is_empty()) {
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':') && out.ends_with(',') {
            out.pop();
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// The character before byte `pos`.
pub(crate) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`.
pub(crate) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The end of the run of letters starting at `pos`.
pub(crate) fn letters_end(text: &str, pos: usize) -> usize {
    text.get(pos..)
        .unwrap_or("")
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| pos + i)
}

/// The word (letters, apostrophes inside) ending right before `pos`, skipping spaces.
pub(crate) fn prev_word(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// Whether `pos` is at the end of a word: end of text or a non-alphanumeric char.
pub(crate) fn boundary(text: &str, pos: usize) -> bool {
    char_at(text, pos).is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_cleans_spaces_and_commas() {
        assert_eq!(tidy("a  ,  b"), "a, b");
        assert_eq!(tidy("a, , b"), "a, b");
        assert_eq!(tidy("end, ."), "end.");
        assert_eq!(tidy(", start"), "start");
        assert_eq!(tidy("end, "), "end,");
    }
}
