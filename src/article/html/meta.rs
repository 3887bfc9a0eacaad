//! Page metadata: title, deck, byline, date, source and language.

use super::dom::{self, DomNode, meta};
use super::page::{Page, Verdict};
use super::{byline, title};
use ego_tree::NodeId;
use ego_tree::iter::Edge;

/// Class words of a standfirst under the headline.
const DECK_WORDS: &[&str] = &["deck", "dek", "standfirst", "subtitle", "subheadline"];

/// What the page says about itself.
#[derive(Debug, Default)]
pub struct Meta {
    /// The headline, site name removed.
    pub title: Option<String>,
    /// Elements that carry the title or deck (not read again as body text).
    pub used: Vec<NodeId>,
    /// Elements that carry the byline or dates (not reported as dropped chrome).
    pub quiet: Vec<NodeId>,
    /// The standfirst from the markup (not `og:description`).
    pub deck: Option<String>,
    /// `og:description` or the meta description, checked against the body later.
    pub description: Option<String>,
    /// Author line.
    pub byline: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Canonical URL.
    pub source: Option<String>,
    /// `<html lang>`, when it is a plausible tag.
    pub lang: Option<String>,
}

/// Read the metadata of a page whose main content is `roots`.
pub fn read(root: DomNode<'_>, page: &Page<'_>, roots: &[DomNode<'_>]) -> Meta {
    let mut m = Meta {
        lang: lang(root),
        source: link_canonical(root).or_else(|| meta(root, "og:url")),
        description: meta(root, "og:description").or_else(|| meta(root, "description")),
        ..Meta::default()
    };
    let usable = usable_nodes(page);
    let ok: std::collections::HashSet<NodeId> = usable.iter().map(|n| n.id()).collect();
    let h1 = roots
        .iter()
        .flat_map(|r| r.descendants())
        .find(|n| dom::tag(n) == Some("h1") && ok.contains(&n.id()));
    let h1_text = h1
        .map(|n| dom::visible_text(n, &|_| false))
        .filter(|t| !t.is_empty());
    let raw = meta(root, "og:title")
        .or(h1_text.clone())
        .or_else(|| first(root, "title").map(|n| dom::visible_text(n, &|_| false)))
        .filter(|t| !t.is_empty());
    let site = meta(root, "og:site_name").or_else(|| meta(root, "application-name"));
    m.title = raw.map(|t| title::strip_site(&t, site.as_deref(), &|s| title::repeats(page, s)));
    // Every heading that says the headline is the headline, wherever it stands
    // (old pages repeat the <title> as an h2 at the top of the text).
    let same = |t: &str| {
        m.title
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case(t))
    };
    for n in page.body.descendants() {
        let Some(level) = dom::tag(&n).and_then(dom::heading_level) else {
            continue;
        };
        let text = dom::visible_text(n, &|_| false);
        let first = h1.is_some_and(|h| h.id() == n.id());
        if first || (level <= 3 && same(&text)) {
            m.used.push(n.id());
        }
    }
    if let Some((node, text)) = deck(&usable, h1) {
        m.used.push(node);
        m.deck = Some(text);
    }
    m.byline = byline::byline(root, &usable, &mut m.quiet);
    m.date = published(root, &usable);
    quiet_metadata(page, &mut m.quiet);
    m
}

/// The publication date: `article:published_time`, else the first usable `<time>`'s
/// `datetime`.
fn published(root: DomNode<'_>, usable: &[DomNode<'_>]) -> Option<String> {
    meta(root, "article:published_time").or_else(|| {
        let t = usable.iter().find(|n| {
            dom::tag(n) == Some("time")
                && n.value()
                    .as_element()
                    .and_then(|e| e.attr("datetime"))
                    .is_some()
        })?;
        t.value()
            .as_element()?
            .attr("datetime")
            .map(|d| d.trim().to_string())
    })
}

/// Dates and author blocks are metadata, not chrome worth reporting: add them to `quiet`.
fn quiet_metadata(page: &Page<'_>, quiet: &mut Vec<NodeId>) {
    for n in page.body.descendants() {
        let is_meta = n.value().as_element().is_some_and(|el| {
            el.name() == "time"
                || dom::name_tokens(el)
                    .iter()
                    .any(|t| matches!(t.as_str(), "byline" | "dateline" | "author"))
        });
        if is_meta {
            quiet.push(n.id());
        }
    }
}

/// Nodes not inside furniture other than a header or byline block (where metadata
/// lives), in document order; one pass, so deep pages stay linear.
fn usable_nodes<'a>(page: &Page<'a>) -> Vec<DomNode<'a>> {
    let mut out = Vec::new();
    let mut skipping: Option<NodeId> = None;
    for edge in page.body.traverse() {
        match edge {
            Edge::Open(n) if skipping.is_none() => {
                let ok = match page.verdicts.get(&n.id()) {
                    None => true,
                    Some(Verdict::Silent) => false,
                    Some(Verdict::Chrome(label)) => {
                        matches!(label.as_str(), "header" | "byline" | "dateline")
                    }
                };
                if ok {
                    out.push(n);
                } else {
                    skipping = Some(n.id());
                }
            }
            Edge::Close(n) if skipping == Some(n.id()) => skipping = None,
            _ => {}
        }
    }
    out
}

/// The standfirst: a deck-classed element, or the line right under the headline in
/// the article header. A page has one deck: a class that several elements carry
/// ("pf_subheadline" over each section) names subheadings instead.
fn deck(usable: &[DomNode<'_>], h1: Option<DomNode<'_>>) -> Option<(NodeId, String)> {
    fn class<'a>(n: &DomNode<'a>) -> Option<&'a str> {
        n.value().as_element().and_then(|el| el.attr("class"))
    }
    let by_class = usable.iter().copied().find(|n| {
        n.value().as_element().is_some_and(|el| {
            dom::name_tokens(el)
                .iter()
                .any(|t| DECK_WORDS.contains(&t.as_str()))
        }) && usable
            .iter()
            .filter(|m| class(m).is_some() && class(m) == class(n))
            .count()
            == 1
    });
    let under_h1 = h1.filter(|h| {
        h.ancestors().take(3).any(|a| {
            a.value().as_element().is_some_and(|el| {
                matches!(el.name(), "header" | "hgroup")
                    || dom::name_tokens(el).iter().any(|t| t == "header")
            })
        })
    });
    let next = under_h1
        .and_then(|h| h.next_siblings().find(|s| s.value().is_element()))
        .filter(|s| {
            let el = s.value().as_element();
            el.is_some_and(|el| {
                matches!(el.name(), "p" | "h2") || dom::name_tokens(el).iter().any(|t| t == "lede")
            }) && !s
                .descendants()
                .any(|d| matches!(dom::tag(&d), Some("time" | "a")))
        });
    let node = by_class.or(next)?;
    let text = dom::visible_text(node, &|_| false);
    let words = text.split_whitespace().count();
    let is_byline = !byline::strip_by(&text).eq(text.as_str());
    ((1..=60).contains(&words) && !is_byline).then(|| (node.id(), text))
}

/// The first element with this tag.
fn first<'a>(root: DomNode<'a>, name: &str) -> Option<DomNode<'a>> {
    root.descendants().find(|n| dom::tag(n) == Some(name))
}

fn link_canonical(root: DomNode<'_>) -> Option<String> {
    root.descendants()
        .filter_map(|n| n.value().as_element().filter(|e| e.name() == "link"))
        .find(|e| {
            e.attr("rel").is_some_and(|r| {
                r.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|e| e.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// `<html lang>` when it looks like a BCP 47 tag (`en`, `en-GB`, `ko`; `en_US` is mended).
fn lang(root: DomNode<'_>) -> Option<String> {
    let raw = first(root, "html")?.value().as_element()?.attr("lang")?;
    let tag = raw.trim().replace('_', "-");
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    ok.then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags_are_checked_and_mended() {
        let doc = scraper::Html::parse_document("<html lang='en_GB'><p>x</p></html>");
        assert_eq!(lang(doc.tree.root()).as_deref(), Some("en-GB"));
        let doc = scraper::Html::parse_document("<html lang='{{ lang }}'><p>x</p></html>");
        assert_eq!(lang(doc.tree.root()), None);
    }
}
