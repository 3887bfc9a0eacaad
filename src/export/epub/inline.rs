//! A paragraph's styled spans as XHTML, with every sentence wrapped in a `<span id>`.
//!
//! Sentences (byte ranges of the paragraph's plain text, from the speech script) and
//! styled spans (emphasis, links) cut the text independently, so a sentence may start
//! inside an `<em>` and a link may cover two sentences. The text is cut at both kinds
//! of boundary; each piece carries its own styling, and pieces of one sentence share a
//! `<span>`. Element nesting therefore always stays well-formed. Words timed by the
//! narration (for word-by-word highlighting) are spans of their own inside their
//! sentence's, cut the same way.

use super::escape::escape;
use crate::article::{Paragraph, Span};
use std::ops::Range;

/// A sentence to wrap: its utterance id and byte range in the paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The utterance id, used as the span's `id`.
    pub id: &'a str,
    /// Byte range in [`Paragraph::text`].
    pub range: Range<usize>,
    /// Its timed words: each word's span id and byte range in [`Paragraph::text`],
    /// inside `range`, in order (empty: the sentence is highlighted whole).
    pub words: Vec<(&'a str, Range<usize>)>,
}

/// Render the inside of a paragraph element. Ids of the sentence and word spans
/// written are appended to `ids`, in reading order. Ranges that do not fit the text (out of order, overlapping, off a
/// character boundary) are ignored as a whole rather than risking broken markup.
/// Long: it cuts the text at every span and sentence boundary, then writes the pieces
/// with the sentence and emphasis tags opened and closed in order, one pass that
/// shares its cut list.
pub fn render(p: &Paragraph, sentences: &[Sentence], ids: &mut Vec<String>) -> String {
    let text = p.text();
    let sentences = if fits(&text, sentences) {
        sentences
    } else {
        &[]
    };
    // Words that do not fit their sentence are left out; the sentences still work.
    let words_fit = sentences
        .iter()
        .all(|s| in_order(&text, s.range.clone(), s.words.iter().map(|(_, r)| r)));
    let no_words = |s: &Sentence| if words_fit { s.words.len() } else { 0 };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let mut offset = 0;
    let mut span_ranges = Vec::with_capacity(p.spans.len());
    for span in &p.spans {
        span_ranges.push(offset..offset + span.text.len());
        offset += span.text.len();
        cuts.push(offset);
    }
    for s in sentences {
        cuts.push(s.range.start);
        cuts.push(s.range.end);
        for (_, w) in &s.words[..no_words(s)] {
            cuts.push(w.start);
            cuts.push(w.end);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::new();
    let mut open: Option<usize> = None;
    let mut open_word: Option<usize> = None;
    // Cuts, sentences and spans are all in text order, so one cursor each walks them
    // in step: a search from the start for every piece was quadratic and took minutes
    // on a 10 MB paragraph.
    let (mut si, mut ki) = (0, 0);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while si < sentences.len() && sentences[si].range.end <= a {
            si += 1;
        }
        let sentence = sentences
            .get(si)
            .filter(|s| s.range.start <= a && b <= s.range.end)
            .map(|_| si);
        if sentence != open {
            if open_word.take().is_some() {
                out.push_str("</span>");
            }
            if open.is_some() {
                out.push_str("</span>");
            }
            if let Some(i) = sentence {
                out.push_str(&format!("<span id=\"{}\">", escape(sentences[i].id)));
                ids.push(sentences[i].id.to_string());
            }
            open = sentence;
        }
        let word = sentence.and_then(|i| {
            let words = &sentences[i].words[..no_words(&sentences[i])];
            words.iter().position(|(_, w)| w.start <= a && b <= w.end)
        });
        if word != open_word {
            if open_word.is_some() {
                out.push_str("</span>");
            }
            if let (Some(i), Some(w)) = (sentence, word) {
                let id = sentences[i].words[w].0;
                out.push_str(&format!("<span id=\"{}\">", escape(id)));
                ids.push(id.to_string());
            }
            open_word = word;
        }
        while ki < span_ranges.len() && span_ranges[ki].end <= a {
            ki += 1;
        }
        if span_ranges
            .get(ki)
            .is_some_and(|r| r.start <= a && b <= r.end)
        {
            styled(&mut out, &p.spans[ki], &text[a..b]);
        }
    }
    if open_word.is_some() {
        out.push_str("</span>");
    }
    if open.is_some() {
        out.push_str("</span>");
    }
    out
}

/// Plain text (a title, a deck, a heading) with its timed words in spans of their own;
/// `words` are span ids and byte ranges of `text`, ignored unless they fit it. The ids
/// written are appended to `ids`.
pub fn plain(text: &str, words: &[(&str, Range<usize>)], ids: &mut Vec<String>) -> String {
    if !in_order(text, 0..text.len(), words.iter().map(|(_, r)| r)) {
        return escape(text);
    }
    let mut out = String::new();
    let mut at = 0;
    for (id, r) in words {
        out.push_str(&escape(&text[at..r.start]));
        out.push_str(&format!(
            "<span id=\"{}\">{}</span>",
            escape(id),
            escape(&text[r.clone()])
        ));
        ids.push(id.to_string());
        at = r.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

/// Are the ranges ordered, disjoint, non-empty and on character boundaries of `text`?
fn fits(text: &str, sentences: &[Sentence]) -> bool {
    in_order(text, 0..text.len(), sentences.iter().map(|s| &s.range))
}

/// Are `ranges` in order, disjoint, non-empty, inside `within` and on character
/// boundaries of `text`?
fn in_order<'r>(
    text: &str,
    within: Range<usize>,
    ranges: impl IntoIterator<Item = &'r Range<usize>>,
) -> bool {
    let mut prev_end = within.start;
    ranges.into_iter().all(|r| {
        let ok = r.start >= prev_end
            && r.start < r.end
            && r.end <= within.end
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        prev_end = r.end;
        ok
    })
}

/// Write one piece of text with its span's styling.
fn styled(out: &mut String, span: &Span, piece: &str) {
    let href = span.link.as_deref().filter(|h| safe_link(h));
    if let Some(h) = href {
        out.push_str(&format!("<a href=\"{}\">", escape(h)));
    }
    if span.strong {
        out.push_str("<strong>");
    }
    if span.em {
        out.push_str("<em>");
    }
    out.push_str(&escape(piece));
    if span.em {
        out.push_str("</em>");
    }
    if span.strong {
        out.push_str("</strong>");
    }
    if href.is_some() {
        out.push_str("</a>");
    }
}

/// Only absolute web and mail links survive: a relative link would point at a file
/// the EPUB does not contain (an EPUBCheck error), and `javascript:` has no place here.
fn safe_link(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && href.len() > 8
        && href.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(c, '<' | '>' | '"' | '\\' | '`' | '{' | '}' | '|' | '^')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, em: bool, link: Option<&str>) -> Span {
        Span {
            text: text.into(),
            em,
            strong: false,
            link: link.map(String::from),
        }
    }

    /// "One <em>two. Three</em> four." and its two sentences, without words.
    fn one_two_three() -> (Paragraph, [Sentence<'static>; 2]) {
        let p = Paragraph {
            id: "p1".into(),
            spans: vec![
                span("One ", false, None),
                span("two. Three", true, None),
                span(" four.", false, None),
            ],
        };
        let sentence = |id, range| Sentence {
            id,
            range,
            words: Vec::new(),
        };
        (p, [sentence("p1-s1", 0..8), sentence("p1-s2", 9..20)])
    }

    #[test]
    fn sentences_split_styled_spans() {
        let (p, s) = one_two_three();
        let mut ids = Vec::new();
        let html = render(&p, &s, &mut ids);
        assert_eq!(
            html,
            "<span id=\"p1-s1\">One <em>two.</em></span><em> </em>\
             <span id=\"p1-s2\"><em>Three</em> four.</span>"
        );
        assert_eq!(ids, ["p1-s1", "p1-s2"]);
    }

    #[test]
    fn timed_words_are_spans_inside_their_sentence() {
        let (p, mut s) = one_two_three();
        s[1].words = vec![("p1-s2-w1", 9..14), ("p1-s2-w2", 15..19)];
        let mut ids = Vec::new();
        let html = render(&p, &s, &mut ids);
        assert_eq!(
            html,
            "<span id=\"p1-s1\">One <em>two.</em></span><em> </em>\
             <span id=\"p1-s2\"><span id=\"p1-s2-w1\"><em>Three</em></span> \
             <span id=\"p1-s2-w2\">four</span>.</span>"
        );
        assert_eq!(ids, ["p1-s1", "p1-s2", "p1-s2-w1", "p1-s2-w2"]);
        // A word outside its sentence: the words are dropped, the sentences kept.
        let mut bad = s.clone();
        bad[1].words[1].1 = 15..21;
        assert_eq!(
            render(&p, &bad, &mut Vec::new()),
            "<span id=\"p1-s1\">One <em>two.</em></span><em> </em>\
             <span id=\"p1-s2\"><em>Three</em> four.</span>"
        );
        assert_eq!(
            plain(
                "The Title",
                &[("t-w1", 0..3), ("t-w2", 4..9)],
                &mut Vec::new()
            ),
            "<span id=\"t-w1\">The</span> <span id=\"t-w2\">Title</span>"
        );
        assert_eq!(plain("A & B", &[("x", 2..9)], &mut Vec::new()), "A &amp; B");
    }

    #[test]
    fn link_across_sentences_is_split_and_escaped() {
        let p = Paragraph {
            id: "p".into(),
            spans: vec![span("A & B. <C>", false, Some("https://x.org/?a=1&b=2"))],
        };
        let s = [
            Sentence {
                id: "s1",
                range: 0..6,
                words: Vec::new(),
            },
            Sentence {
                id: "s2",
                range: 7..10,
                words: Vec::new(),
            },
        ];
        let html = render(&p, &s, &mut Vec::new());
        assert_eq!(
            html,
            "<span id=\"s1\"><a href=\"https://x.org/?a=1&amp;b=2\">A &amp; B.</a></span>\
             <a href=\"https://x.org/?a=1&amp;b=2\"> </a>\
             <span id=\"s2\"><a href=\"https://x.org/?a=1&amp;b=2\">&lt;C&gt;</a></span>"
        );
    }

    #[test]
    fn unsafe_links_become_text() {
        for href in ["javascript:alert(1)", "../etc/passwd", "http://a b"] {
            let p = Paragraph {
                id: "p".into(),
                spans: vec![span("x", false, Some(href))],
            };
            assert_eq!(render(&p, &[], &mut Vec::new()), "x");
        }
    }

    /// Bug: every piece searched all sentences from the start, so a 10 MB paragraph
    /// (200,000 sentences) took minutes. 20,000 sentences must render in well under
    /// a second even in a debug build; the quadratic version took about 4 s here.
    #[test]
    fn twenty_thousand_sentences_all_get_their_span() {
        // Speed is measured by tools/bench.py, not asserted here; a quadratic renderer
        // would still make this test take minutes instead of milliseconds.
        let sentence = "One sentence here. ";
        let p = Paragraph::plain(sentence.repeat(20_000));
        let ids: Vec<String> = (0..20_000).map(|i| format!("s{i}")).collect();
        let s: Vec<Sentence> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| Sentence {
                id,
                range: i * sentence.len()..i * sentence.len() + sentence.len() - 1,
                words: Vec::new(),
            })
            .collect();
        let mut out = Vec::new();
        let html = render(&p, &s, &mut out);
        assert_eq!(out.len(), 20_000);
        assert!(html.starts_with("<span id=\"s0\">One sentence here.</span> "));
        assert!(html.ends_with("<span id=\"s19999\">One sentence here.</span> "));
        assert_eq!(html.matches("<span id=").count(), 20_000);
    }

    #[test]
    fn bad_ranges_are_ignored_not_panicked_on() {
        let p = Paragraph::plain("Korean 평양 text.");
        let mut ids = Vec::new();
        // 8 is inside the first Hangul character.
        let html = render(
            &p,
            &[Sentence {
                id: "s",
                range: 0..8,
                words: Vec::new(),
            }],
            &mut ids,
        );
        assert_eq!(html, "Korean 평양 text.");
        assert!(ids.is_empty());
        let html = render(
            &p,
            &[Sentence {
                id: "s",
                range: 0..999,
                words: Vec::new(),
            }],
            &mut ids,
        );
        assert!(!html.contains("<span"));
    }
}
