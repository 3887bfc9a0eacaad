//! Small questions about elements: what kind of tag, which name tokens, what text.

use crate::article::assemble::collapse;
use ego_tree::NodeRef;
use scraper::node::{Element, Node};

/// A node of the parsed page.
pub type DomNode<'a> = NodeRef<'a, Node>;

/// Tags whose content is never article text (code, styling, embedded media, form fields).
#[rustfmt::skip] // one word per line would hide the list
const SILENT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "video", "audio", "select", "textarea", "head", "title", "meta", "link",
];

/// Tags that are page furniture by their nature (the HTML5 sectioning of a site).
const CHROME_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "button", "dialog",
];

/// Tags that flow inside a paragraph.
#[rustfmt::skip] // one word per line would hide the list
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr", "img", "label", "del", "ins",
];

/// `epub:type` values of a book's furniture rather than its text: the title page and
/// cover (the metadata gives title and author), the tables of contents, and page
/// numbers of the print edition.
const BOOK_FURNITURE: &[&str] = &[
    "titlepage",
    "cover",
    "toc",
    "landmarks",
    "page-list",
    "pagebreak",
];

/// Is this element book furniture by its `epub:type` (see [`BOOK_FURNITURE`]), or a
/// `nav` (a table of contents inside a chapter)?
pub fn is_book_furniture(el: &Element) -> bool {
    el.name() == "nav"
        || el
            .attr("epub:type")
            .is_some_and(|t| t.split_whitespace().any(|w| BOOK_FURNITURE.contains(&w)))
}

/// The element's tag name, or `None` for text, comments and the document.
pub fn tag<'a>(node: &DomNode<'a>) -> Option<&'a str> {
    node.value().as_element().map(Element::name)
}

/// Is this a tag whose content is never text to read?
pub fn is_silent(name: &str) -> bool {
    SILENT.contains(&name)
}

/// Is this a tag that is site chrome by its nature?
pub fn is_chrome_tag(name: &str) -> bool {
    CHROME_TAGS.contains(&name)
}

/// Does this tag flow inside a paragraph?
pub fn is_inline(name: &str) -> bool {
    INLINE.contains(&name)
}

/// Does this tag run on inside the text around it when read? The inline tags, and
/// custom elements (`<hl-trusted-source>`): a browser lays an unknown element out
/// inline, and a block inside one still opens its own paragraph.
pub fn flows_inline(name: &str) -> bool {
    is_inline(name) || name.contains('-')
}

/// The heading level of `h1`..`h6`.
pub fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Lower-case words of the class, id and aria-label: `share-bar jpShare` gives
/// `share`, `bar`, `jpshare`. Matching whole tokens avoids `ad` hitting `header`.
pub fn name_tokens(el: &Element) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["class", "id", "aria-label"] {
        if let Some(v) = el.attr(attr) {
            out.extend(
                v.split(|c: char| !c.is_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(str::to_lowercase),
            );
        }
    }
    out
}

/// Tokens of the class and id only (for content scoring).
pub fn class_id_tokens(el: &Element) -> [Vec<String>; 2] {
    ["class", "id"].map(|attr| {
        el.attr(attr)
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_lowercase)
            .collect()
    })
}

/// Is the element hidden from every reader (the `hidden` attribute, `aria-hidden`,
/// or an inline `display:none`)?
pub fn is_hidden(el: &Element) -> bool {
    let style = el
        .attr("style")
        .unwrap_or("")
        .to_lowercase()
        .replace(' ', "");
    el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || style.contains("display:none")
        || style.contains("visibility:hidden")
}

/// Text length as altformat counts it: characters of the words plus one per word,
/// so indentation and newlines in the markup count for nothing.
pub fn text_len(text: &str) -> usize {
    text.split_whitespace().map(|w| w.chars().count() + 1).sum()
}

/// Commas in a text (Latin, full-width and ideographic), a sign of real sentences.
pub fn commas(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, ',' | '\u{ff0c}' | '\u{3001}'))
        .count()
}

/// The collapsed text of a subtree, leaving out silent tags and any node `skip` names.
pub fn visible_text(node: DomNode<'_>, skip: &dyn Fn(DomNode<'_>) -> bool) -> String {
    let mut out = String::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                if n.id() != node.id() && (tag(&n).is_some_and(is_silent) || skip(n)) {
                    skipping = Some(n.id());
                } else if let Some(t) = n.value().as_text() {
                    out.push_str(t);
                } else if tag(&n).is_some_and(|t| !flows_inline(t)) {
                    out.push(' ');
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                } else if skipping.is_none() && tag(&n).is_some_and(|t| !flows_inline(t)) {
                    out.push(' ');
                }
            }
        }
    }
    super::super::assemble::collapse(&out)
}

/// Shorten `text` to at most `max` characters, ending with an ellipsis when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// `<meta property=key content>` or `<meta name=key content>`, trimmed and non-empty.
pub fn meta(root: DomNode<'_>, key: &str) -> Option<String> {
    root.descendants()
        .filter_map(|n| n.value().as_element().filter(|e| e.name() == "meta"))
        .find(|e| {
            ["property", "name", "itemprop"].iter().any(|a| {
                e.attr(a)
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(key))
            })
        })
        .and_then(|e| e.attr("content"))
        .map(collapse)
        .filter(|c| !c.is_empty())
}
