//! Sentence splitting. First version: split after `.`, `!`, `?` followed by a space and
//! an upper-case letter (abbreviation handling is being built out, issue 3).

use std::ops::Range;

/// Byte ranges of the sentences in `text`, in order, each trimmed of surrounding spaces.
/// Their concatenation (with the spaces between) covers all non-space text.
pub fn split(text: &str, _lang: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            let next = chars.get(i + 1).map(|x| x.1);
            let after = chars.get(i + 2).map(|x| x.1);
            if next == Some(' ') && after.is_some_and(char::is_uppercase) {
                push(text, start..pos + c.len_utf8(), &mut out);
                start = pos + c.len_utf8();
            }
        }
    }
    push(text, start..text.len(), &mut out);
    out
}

fn push(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}
