//! Content documents are XHTML, read by the HTML parser (which forgives the broken
//! markup real books have). One XML habit trips an HTML parser: `<span/>` or
//! `<a id="p5"/>` is an open tag there, and `<script src="x"/>` swallows the rest of
//! the document as script. Such tags are written out as open-and-close first.

use std::borrow::Cow;

/// HTML's void elements, which close themselves anyway.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// `text` with every self-closing non-void tag `<x .../>` written `<x ...></x>`.
/// Comments, CDATA and processing instructions are passed over untouched.
pub fn expand_self_closing(text: &str) -> Cow<'_, str> {
    if !text.contains("/>") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let skip_to = |end: &str| rest.find(end).map_or(rest.len(), |i| i + end.len());
        let taken = if rest.starts_with("<!--") {
            skip_to("-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>")
        } else if rest.starts_with("<?") || rest.starts_with("<!") || rest.starts_with("</") {
            skip_to(">")
        } else {
            match tag_end(rest) {
                Some((end, name)) if rest[..end].ends_with("/>") && !is_void(name) => {
                    out.push_str(rest[..end - 2].trim_end());
                    out.push_str("></");
                    out.push_str(name);
                    out.push('>');
                    rest = &rest[end..];
                    continue;
                }
                Some((end, _)) => end,
                None => 1,
            }
        };
        out.push_str(&rest[..taken]);
        rest = &rest[taken..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// For a start tag at the beginning of `s`: the byte just after its `>` and its name.
/// Quoted attribute values may hold `>` and `/`.
fn tag_end(s: &str) -> Option<(usize, &str)> {
    let name_len = s[1..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.')))
        .map_or(s.len() - 1, |i| i);
    if name_len == 0 {
        return None;
    }
    let name = &s[1..1 + name_len];
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1 + name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((i + 1, name)),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

fn is_void(name: &str) -> bool {
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_closing_tags_are_closed() {
        assert_eq!(
            expand_self_closing(r#"<p>a<span epub:type="pagebreak" title="5"/>b<br/></p>"#),
            r#"<p>a<span epub:type="pagebreak" title="5"></span>b<br/></p>"#
        );
        assert_eq!(
            expand_self_closing(r#"<script src="x.js" /><a title="1/>2"/>"#),
            r#"<script src="x.js"></script><a title="1/>2"></a>"#
        );
        let kept = "<!-- <a/> --><![CDATA[<b/>]]> 3 < 4";
        assert_eq!(expand_self_closing(kept), kept);
    }
}
