//! Nesting depth capped before parsing, as browsers cap it.
//!
//! The HTML tree builder checks the stack of open elements at every start tag (is a
//! `<p>` open in button scope?), so a page of 100,000 nested `<div>`s costs time in
//! the square of its depth: 13 s, where 12,500 take 0.2 s. Browsers do not build such
//! trees either: Chromium's parser stops nesting at depth 512 and adds deeper elements
//! as children of the 512th. Much the same is done here, on the markup: beyond
//! [`MAX_DEPTH`], the start and end tags of plain containers (`div`, `span`,
//! `section`...) are left out, so their content joins the deepest element kept;
//! elements that mean something (a heading, a paragraph, a link) are kept, up to twice
//! that depth, where every tag goes. The text is all still there.

use std::borrow::Cow;

/// The deepest nesting kept, as in Chromium's HTML parser.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Containers that only group: beyond the depth cap they are left out first.
const PLAIN: &[&str] = &[
    "div", "span", "section", "article", "aside", "main", "header", "footer", "nav", "font",
    "center", "figure", "form", "fieldset", "details", "summary",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// `html` with the start and end tags of elements nested deeper than `max` removed;
/// borrowed as it is when nothing is that deep (nearly every page).
pub fn cap(html: &str, max: usize) -> Cow<'_, str> {
    let cuts = deep_tags(html, max);
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// One open element: its name and whether its tags are cut.
struct Open<'a> {
    name: &'a str,
    cut: bool,
}

/// The byte ranges of the tags to cut, in order.
///
/// Long because it is one forward scan, with the position, the open-element stack and
/// the kept depth in locals that every kind of tag (comment, end, raw text, start) moves.
fn deep_tags(html: &str, max: usize) -> Vec<(usize, usize)> {
    let bytes = html.as_bytes();
    let mut stack: Vec<Open<'_>> = Vec::new();
    // How many open elements are kept (not cut): the depth the parser sees.
    let mut kept = 0usize;
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_at = start + if closing { 2 } else { 1 };
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = &html[name_at..name_at + name_len];
        let end = tag_end(bytes, name_at + name_len);
        if closing {
            if let Some(pos) = stack
                .iter()
                .rposition(|o| o.name.eq_ignore_ascii_case(name))
            {
                if stack[pos].cut {
                    cuts.push((start, end));
                }
                for o in stack.drain(pos..) {
                    kept -= usize::from(!o.cut);
                }
            }
            i = end;
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let self_closed = html[..end].ends_with("/>");
        if RAW.contains(&lower.as_str()) {
            // Skip to the end tag: what is inside is not markup.
            let close = format!("</{lower}");
            i = find_ignore_case(html, end, &close).unwrap_or(html.len());
            continue;
        }
        if !VOID.contains(&lower.as_str()) && !self_closed {
            let cut = kept >= 2 * max || (kept >= max && PLAIN.contains(&lower.as_str()));
            if cut {
                cuts.push((start, end));
            } else {
                kept += 1;
            }
            stack.push(Open { name, cut });
        }
        i = end;
    }
    cuts
}

/// Where the tag whose name ends at `from` ends: after its `>`, quoted attribute
/// values skipped.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return k + 1,
            None => {}
        }
    }
    bytes.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// The first place at or after `from` where `needle` (lower case ASCII) occurs in
/// `hay`, ignoring ASCII case.
fn find_ignore_case(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()[from..]
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_markup_is_borrowed_unchanged() {
        let html = "<html><body><div><p>One <b>two</b><br>three</p><img src=x></div></body></html>";
        assert!(matches!(cap(html, 5), Cow::Borrowed(_)));
        assert!(matches!(cap(html, 2), Cow::Owned(_)), "the <div> is third");
    }

    #[test]
    fn deeper_containers_are_cut_with_their_end_tags_and_the_rest_kept() {
        let html = "<div><div><div><p>Deep <em>text</em></p></div></div></div><p>After</p>";
        assert_eq!(
            cap(html, 2),
            "<div><div><p>Deep <em>text</em></p></div></div><p>After</p>"
        );
        // At twice the cap every tag goes.
        assert_eq!(cap(html, 1), "<div><p>Deep text</p></div><p>After</p>");
    }

    #[test]
    fn comments_scripts_and_quoted_brackets_are_not_tags() {
        let html = "<div a='x>y'><!-- <div><div> --><script>if (a<b) { '<div>' }</script><div><div><p>T</p></div></div></div>";
        assert_eq!(
            cap(html, 2),
            "<div a='x>y'><!-- <div><div> --><script>if (a<b) { '<div>' }</script><div><p>T</p></div></div>"
        );
    }

    #[test]
    fn end_tags_close_what_they_match_even_when_others_are_left_open() {
        // The unclosed <p>s are closed by </div>, as the parser closes them.
        let html = "<div><p>a<div><p>b</div></div><div><p>c</p></div>";
        assert_eq!(cap(html, 2), "<div><p>a<p>b</div><div><p>c</p></div>");
    }
}
