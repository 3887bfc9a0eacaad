//! The book's table of contents: the EPUB 3 navigation document's `toc`, else the
//! EPUB 2 NCX. It gives a heading to a spine document that has none of its own.

use super::package::{Package, text_of};
use crate::article::zipped::{Container, parse_xml, resolve};
use crate::error::ReadError;
use roxmltree::Node;
use std::collections::BTreeMap;

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The label.
    pub label: String,
    /// Nesting depth, 1 for the top level.
    pub depth: u8,
}

/// The first table-of-contents entry pointing into each part (by part name).
pub type Toc = BTreeMap<String, Entry>;

/// Read the table of contents; a book without one (or with a broken one) gets an
/// empty table and a warning, since the spine alone is still readable.
pub fn read(
    zip: &mut Container,
    pkg: &Package,
    warnings: &mut Vec<String>,
) -> Result<Toc, ReadError> {
    let nav = pkg
        .items
        .values()
        .find(|i| i.properties.iter().any(|p| p == "nav"));
    let ncx = pkg
        .ncx
        .as_ref()
        .and_then(|id| pkg.items.get(id))
        .or_else(|| {
            pkg.items
                .values()
                .find(|i| i.media_type == "application/x-dtbncx+xml")
        });
    let (part, is_nav) = match (nav, ncx) {
        (Some(nav), _) => (nav.part.clone(), true),
        (None, Some(ncx)) => (ncx.part.clone(), false),
        (None, None) => return Ok(Toc::new()),
    };
    let Some(text) = zip.text(&part)? else {
        warnings.push(format!("the table of contents {part} is missing"));
        return Ok(Toc::new());
    };
    let doc = match parse_xml(&text) {
        Ok(doc) => doc,
        Err(e) => {
            warnings.push(format!(
                "the table of contents {part} is not well-formed XML ({e})"
            ));
            return Ok(Toc::new());
        }
    };
    let mut toc = Toc::new();
    let root = doc.root_element();
    if is_nav {
        let toc_nav = root.descendants().find(|n| {
            n.has_tag_name("nav")
                && n.attributes()
                    .any(|a| a.name() == "type" && a.value().split_whitespace().any(|t| t == "toc"))
        });
        if let Some(list) = toc_nav.and_then(|n| n.children().find(|c| c.has_tag_name("ol"))) {
            nav_list(list, 1, &part, &mut toc);
        }
    } else if let Some(map) = root.children().find(|n| n.has_tag_name("navMap")) {
        ncx_points(map, 1, &part, &mut toc);
    }
    Ok(toc)
}

/// The entries of a nav `<ol>`, depth first.
fn nav_list(list: Node, depth: u8, base: &str, toc: &mut Toc) {
    for li in list.children().filter(|n| n.has_tag_name("li")) {
        if let Some(a) = li.children().find(|n| n.has_tag_name("a")) {
            add(toc, base, a.attribute("href"), text_of(a), depth);
        }
        if let Some(sub) = li.children().find(|n| n.has_tag_name("ol")) {
            nav_list(sub, depth.saturating_add(1), base, toc);
        }
    }
}

/// The `navPoint`s of an NCX, depth first.
fn ncx_points(parent: Node, depth: u8, base: &str, toc: &mut Toc) {
    for point in parent.children().filter(|n| n.has_tag_name("navPoint")) {
        let label = point
            .children()
            .find(|n| n.has_tag_name("navLabel"))
            .map(text_of)
            .unwrap_or_default();
        let src = point
            .children()
            .find(|n| n.has_tag_name("content"))
            .and_then(|n| n.attribute("src"));
        add(toc, base, src, label, depth);
        ncx_points(point, depth.saturating_add(1), base, toc);
    }
}

fn add(toc: &mut Toc, base: &str, href: Option<&str>, label: String, depth: u8) {
    let Some(href) = href.filter(|h| !h.contains("://")) else {
        return;
    };
    if !label.is_empty() {
        toc.entry(resolve(base, href))
            .or_insert(Entry { label, depth });
    }
}
