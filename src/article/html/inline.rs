//! Collecting inline text into styled spans: emphasis, strong, links, line breaks.

use crate::article::model::Span;
use unicode_normalization::UnicodeNormalization;

/// The spans of the paragraph being read, and the styles currently open.
#[derive(Debug, Default)]
pub struct InlineBuf {
    spans: Vec<Span>,
    em: u32,
    strong: u32,
    links: Vec<Option<String>>,
    /// Depth of `<sup>`: a note number inside one is written `[1]`, so that the speech
    /// script can leave it unsaid and it does not run into the word ("signed1").
    sup: u32,
    /// A `<br>` was seen and no text since: a second one ends the paragraph.
    pending_br: bool,
}

impl InlineBuf {
    /// Add text in the current style.
    pub fn text(&mut self, text: &str) {
        if !text.trim().is_empty() {
            self.pending_br = false;
        }
        let marker = text.trim();
        let note = self.sup > 0
            && (1..=3).contains(&marker.len())
            && marker.chars().all(|c| c.is_ascii_digit());
        let bracketed;
        let text = if note {
            bracketed = format!("[{marker}]");
            bracketed.as_str()
        } else {
            text
        };
        let span = Span {
            text: text.to_string(),
            em: self.em > 0,
            strong: self.strong > 0,
            link: self.links.iter().rev().flatten().next().cloned(),
        };
        match self.spans.last_mut() {
            Some(last) if same_style(last, &span) => last.text.push_str(text),
            _ => self.spans.push(span),
        }
    }

    /// An inline element opens.
    pub fn open(&mut self, name: &str, href: Option<&str>) {
        match name {
            "em" | "i" | "cite" | "dfn" => self.em += 1,
            "strong" | "b" => self.strong += 1,
            "sup" => self.sup += 1,
            "a" => self.links.push(href.and_then(link_target)),
            _ => {}
        }
    }

    /// An inline element closes.
    pub fn close(&mut self, name: &str) {
        match name {
            "em" | "i" | "cite" | "dfn" => self.em = self.em.saturating_sub(1),
            "strong" | "b" => self.strong = self.strong.saturating_sub(1),
            "sup" => self.sup = self.sup.saturating_sub(1),
            "a" => {
                self.links.pop();
            }
            _ => {}
        }
    }

    /// A `<br>`: a space, or the end of the paragraph when it is the second in a row.
    /// Returns true when the paragraph should end here.
    pub fn br(&mut self) -> bool {
        if self.pending_br {
            self.pending_br = false;
            return true;
        }
        self.pending_br = true;
        self.text(" ");
        self.pending_br = true;
        false
    }

    /// Take the paragraph's spans: white space collapsed, ends trimmed, NFC.
    /// Open styles stay open (a paragraph may end inside `<b>` on sloppy pages).
    pub fn take(&mut self) -> Vec<Span> {
        self.pending_br = false;
        tidy(std::mem::take(&mut self.spans))
    }

    /// Is there any text waiting?
    pub fn is_empty(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }
}

/// A link target as written, unless it is a script or empty.
fn link_target(href: &str) -> Option<String> {
    let href = href.trim();
    let script = href
        .get(..11)
        .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"));
    (!href.is_empty() && !script).then(|| href.to_string())
}

fn same_style(a: &Span, b: &Span) -> bool {
    a.em == b.em && a.strong == b.strong && a.link == b.link
}

/// Collapse white space inside and between spans, trim the ends, drop empty spans.
pub fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut space_before = true; // true at the start, so leading space goes
    for mut span in spans {
        let mut text = String::with_capacity(span.text.len());
        for c in span.text.nfc() {
            if matches!(c, '\u{ad}' | '\u{200b}' | '\u{feff}') {
                continue; // soft hyphens and zero-width spaces are layout hints
            }
            if c.is_whitespace() {
                if !space_before {
                    text.push(' ');
                    space_before = true;
                }
            } else {
                text.push(c);
                space_before = false;
            }
        }
        if text.is_empty() {
            continue;
        }
        span.text = text;
        match out.last_mut() {
            Some(last) if same_style(last, &span) => last.text.push_str(&span.text),
            _ => out.push(span),
        }
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
        if last.text.is_empty() {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(spans: &[Span]) -> Vec<(&str, bool, bool, Option<&str>)> {
        spans
            .iter()
            .map(|s| (s.text.as_str(), s.em, s.strong, s.link.as_deref()))
            .collect()
    }

    #[test]
    fn styles_and_links() {
        let mut b = InlineBuf::default();
        b.text("\n  A ");
        b.open("em", None);
        b.text("quiet");
        b.close("em");
        b.text(" word, ");
        b.open("a", Some("/x?a=1&b=2"));
        b.open("strong", None);
        b.text("a link");
        b.close("strong");
        b.close("a");
        b.text(" and ");
        b.open("a", Some(" JavaScript:void(0)"));
        b.text("no link");
        b.close("a");
        b.text(".  ");
        assert_eq!(
            texts(&b.take()),
            [
                ("A ", false, false, None),
                ("quiet", true, false, None),
                (" word, ", false, false, None),
                ("a link", false, true, Some("/x?a=1&b=2")),
                (" and no link.", false, false, None),
            ]
        );
        assert!(b.is_empty());
    }

    #[test]
    fn space_between_spans_is_not_doubled() {
        let mut b = InlineBuf::default();
        b.text("one ");
        b.open("b", None);
        b.text(" two\u{a0}");
        b.close("b");
        b.text(" three\u{ad}four");
        let spans = b.take();
        let all: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "one two threefour");
    }

    #[test]
    fn second_br_in_a_row_ends_the_paragraph() {
        let mut b = InlineBuf::default();
        b.text("line one");
        assert!(!b.br());
        b.text("line two");
        assert!(!b.br());
        b.text("\n  ");
        assert!(b.br());
        let all: String = b.take().iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "line one line two");
    }
}
