//! Short descriptions of what was left out, for `article.dropped`.

use super::dom::{self, DomNode};
use super::page::{Page, Verdict};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use std::collections::BTreeSet;

/// Longest description, in characters.
const MAX_CHARS: usize = 80;

/// Describe every dropped block of the page in document order: chrome inside and
/// outside the main content, and whatever else stands outside it. With `keep_chrome`
/// the main content is kept whole, so only what lies outside it is reported.
/// `quiet` nodes (title, deck, byline, dates) are used as metadata, not reported.
pub fn dropped(
    page: &Page<'_>,
    roots: &[DomNode<'_>],
    quiet: &BTreeSet<NodeId>,
    keep_chrome: bool,
) -> Vec<String> {
    let root_ids: BTreeSet<NodeId> = roots.iter().map(|r| r.id()).collect();
    let path: BTreeSet<NodeId> = roots
        .iter()
        .flat_map(|r| r.ancestors())
        .map(|a| a.id())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut skipping: Option<NodeId> = None;
    let mut in_root: Option<NodeId> = None;
    for edge in page.body.traverse() {
        let n = match edge {
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                }
                if in_root == Some(n.id()) {
                    in_root = None;
                }
                continue;
            }
            Edge::Open(n) => n,
        };
        if skipping.is_some() {
            continue;
        }
        if root_ids.contains(&n.id()) {
            if keep_chrome {
                skipping = Some(n.id());
            } else {
                in_root = Some(n.id());
            }
            continue;
        }
        let label = match page.verdicts.get(&n.id()) {
            _ if quiet.contains(&n.id()) => None,
            Some(Verdict::Silent) => None,
            Some(Verdict::Chrome(label)) => Some(label.as_str()),
            None if in_root.is_some() || path.contains(&n.id()) => continue,
            None => Some("outside the article"),
        };
        skipping = Some(n.id());
        if let Some(d) = label.and_then(|l| describe(n, l, quiet))
            && !out.contains(&d)
        {
            out.push(d);
        }
    }
    out
}

/// "related: Related stories · Fares to rise in May" - headings when the block has
/// them, the links of a menu, or else its text; cut to [`MAX_CHARS`].
fn describe(n: DomNode<'_>, label: &str, quiet: &BTreeSet<NodeId>) -> Option<String> {
    let skip = |c: DomNode<'_>| quiet.contains(&c.id());
    let full = dom::visible_text(n, &skip);
    let words = full.split_whitespace().count();
    // Stray bits outside the article, and the glue left when the title, byline and
    // date are taken out of a header ("Posted on"), are not worth a line.
    let had_metadata = n.descendants().any(skip);
    if words == 0 || ((label == "outside the article" || had_metadata) && words <= 3) {
        return None;
    }
    let texts = |pred: &dyn Fn(&str) -> bool| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        let mut skipping: Option<NodeId> = None;
        for edge in n.traverse() {
            match edge {
                Edge::Close(d) if skipping == Some(d.id()) => skipping = None,
                Edge::Open(d) if skipping.is_none() => {
                    if skip(d) || dom::tag(&d).is_some_and(dom::is_silent) {
                        skipping = Some(d.id());
                    } else if dom::tag(&d).is_some_and(pred) {
                        skipping = Some(d.id());
                        let t = dom::visible_text(d, &skip);
                        if !t.is_empty() && !v.contains(&t) {
                            v.push(t);
                        }
                    }
                }
                _ => {}
            }
        }
        v
    };
    let headings = texts(&|t| dom::heading_level(t).is_some());
    let links = texts(&|t| t == "a");
    let link_len: usize = links.iter().map(|l| dom::text_len(l)).sum();
    let body = if !headings.is_empty() {
        headings.join(" \u{b7} ")
    } else if links.len() >= 3 && link_len * 2 >= dom::text_len(&full) {
        links.join(" \u{b7} ")
    } else {
        full
    };
    Some(dom::truncate(&format!("{label}: {body}"), MAX_CHARS))
}
