//! Finding the main content: semantic containers first, then a content-density score
//! in the spirit of Mozilla Readability.

use super::dom::{self, DomNode};
use super::page::Page;
use ego_tree::NodeId;
use std::collections::HashMap;

/// Class and id words that suggest article content.
#[rustfmt::skip] // one word per line would hide the list
const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose",
];

/// Class and id words that suggest anything else.
#[rustfmt::skip] // one word per line would hide the list
const NEGATIVE: &[&str] = &[
    "comment", "comments", "share", "related", "sidebar", "footer", "nav", "menu", "promo",
    "newsletter", "cookie", "ad", "ads", "widget", "social", "sponsor", "masthead", "meta",
    "combx", "contact", "shoutbox", "hidden", "banner",
];

/// Shortest run of text that counts as a paragraph when scoring.
const MIN_UNIT: usize = 25;

/// The elements that hold the article, in document order: usually one.
pub fn main_content<'a>(page: &Page<'a>) -> Vec<DomNode<'a>> {
    if let Some(node) = semantic(page) {
        return vec![node];
    }
    let scores = scores(page);
    let best = page
        .body
        .descendants()
        .filter_map(|n| scores.get(&n.id()).map(|s| (n, *s)))
        .fold(None::<(DomNode<'a>, f64)>, |best, (n, s)| match best {
            Some((_, b)) if b >= s => best,
            _ => Some((n, s)),
        });
    match best {
        Some((top, score)) => {
            let top = shared_ancestor(top, score, &scores);
            let score = scores.get(&top.id()).copied().unwrap_or(score).max(score);
            with_siblings(page, top, score, &scores)
        }
        None => vec![page.body],
    }
}

/// Share of the top score another candidate needs to count as more of the article.
const ALTERNATIVE_SHARE: f64 = 0.75;

/// How many such candidates an ancestor must hold to be taken instead.
const ALTERNATIVES_NEEDED: usize = 2;

/// How far up from the top candidate an ancestor may be.
const ANCESTOR_LEVELS: usize = 6;

/// An article split into several blocks (by pictures or advertisements) gives several
/// candidates of like score; the nearest ancestor holding enough of them holds the
/// article (Mozilla Readability's step for the same case).
fn shared_ancestor<'a>(top: DomNode<'a>, score: f64, scores: &HashMap<NodeId, f64>) -> DomNode<'a> {
    let tree = top.tree();
    // Candidates apart from the top one: neither inside it nor around it.
    let apart = |id: NodeId| {
        tree.get(id).is_some_and(|n| {
            n.id() != top.id()
                && !n.ancestors().any(|a| a.id() == top.id())
                && !top.ancestors().any(|a| a.id() == n.id())
        })
    };
    let alternatives: Vec<NodeId> = scores
        .iter()
        .filter(|(id, s)| **s >= score * ALTERNATIVE_SHARE && apart(**id))
        .map(|(id, _)| *id)
        .collect();
    if alternatives.len() < ALTERNATIVES_NEEDED {
        return top;
    }
    for anc in top.ancestors().take(ANCESTOR_LEVELS) {
        if anc.value().as_element().is_none() {
            break;
        }
        let inside = alternatives
            .iter()
            .filter(|id| {
                tree.get(**id)
                    .is_some_and(|n| n.ancestors().any(|a| a.id() == anc.id()))
            })
            .count();
        if inside >= ALTERNATIVES_NEEDED {
            return anc;
        }
    }
    top
}

/// `<article>`, `<main>`, `[role=main]` or `[itemprop=articleBody]` when one holds most
/// of the page's text: the tightest such element wins.
fn semantic<'a>(page: &Page<'a>) -> Option<DomNode<'a>> {
    let total = page.stats(page.body.id())?;
    page.body
        .descendants()
        .filter(|n| {
            n.value().as_element().is_some_and(|el| {
                matches!(el.name(), "article" | "main")
                    || el.attr("role") == Some("main")
                    || el.attr("itemprop") == Some("articleBody")
            })
        })
        .filter_map(|n| page.stats(n.id()).map(|s| (n, s)))
        .filter(|(_, s)| s.text * 2 >= total.text && s.text >= 140 && s.link_density() < 0.5)
        .min_by_key(|(_, s)| s.text)
        .map(|(n, _)| n)
}

/// Content scores of candidate containers, already scaled by link density.
pub fn scores(page: &Page<'_>) -> HashMap<NodeId, f64> {
    let mut raw: HashMap<NodeId, f64> = HashMap::new();
    for node in page.body.descendants() {
        let Some(name) = dom::tag(&node) else {
            continue;
        };
        if page.stats(node.id()).is_none() || dom::is_inline(name) {
            continue;
        }
        let units: Vec<(usize, usize)> = if matches!(name, "p" | "pre" | "td") {
            page.stats(node.id())
                .map(|s| (s.text, s.commas))
                .into_iter()
                .collect()
        } else {
            inline_runs(page, node)
        };
        let owner = if matches!(name, "p" | "pre" | "td") {
            node.parent()
        } else {
            Some(node)
        };
        for (len, commas) in units.into_iter().filter(|(len, _)| *len >= MIN_UNIT) {
            let score = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
            let ancestors = owner
                .into_iter()
                .flat_map(|o| std::iter::once(o).chain(o.ancestors()));
            for (level, anc) in ancestors.take(3).enumerate() {
                if anc.value().as_element().is_none() {
                    break;
                }
                let divider = [1.0, 2.0, 6.0][level];
                let entry = raw.entry(anc.id()).or_insert_with(|| base_score(anc));
                *entry += score / divider;
            }
        }
    }
    raw.into_iter()
        .map(|(id, s)| {
            let density = page.stats(id).map_or(1.0, |st| st.link_density());
            (id, s * (1.0 - density))
        })
        .collect()
}

/// Runs of inline text directly inside a block, split at blocks and at `<br><br>`:
/// (length, commas) of each. This is how pages without `<p>` get scored.
fn inline_runs(page: &Page<'_>, node: DomNode<'_>) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut cur = (0usize, 0usize);
    let mut last_br = false;
    let end = |cur: &mut (usize, usize), runs: &mut Vec<(usize, usize)>| {
        if cur.0 > 0 {
            runs.push(*cur);
        }
        *cur = (0, 0);
    };
    for child in node.children() {
        if page.is_dropped(child.id()) {
            continue;
        }
        match child.value() {
            scraper::Node::Text(t) => {
                if !t.trim().is_empty() {
                    last_br = false;
                }
                cur.0 += dom::text_len(t);
                cur.1 += dom::commas(t);
            }
            scraper::Node::Element(el) if el.name() == "br" => {
                if last_br {
                    end(&mut cur, &mut runs);
                }
                last_br = true;
            }
            scraper::Node::Element(el) if dom::is_inline(el.name()) => {
                let st = page.stats(child.id()).unwrap_or_default();
                cur.0 += st.text;
                cur.1 += st.commas;
                last_br = false;
            }
            scraper::Node::Element(_) => end(&mut cur, &mut runs),
            _ => {}
        }
    }
    end(&mut cur, &mut runs);
    runs
}

/// Starting score of a candidate: its tag and the words in its class and id.
fn base_score(node: DomNode<'_>) -> f64 {
    let Some(el) = node.value().as_element() else {
        return 0.0;
    };
    let tag = match el.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let words: f64 = dom::class_id_tokens(el)
        .iter()
        .map(|tokens| {
            if tokens.iter().any(|t| NEGATIVE.contains(&t.as_str())) {
                -25.0
            } else if tokens.iter().any(|t| POSITIVE.contains(&t.as_str())) {
                25.0
            } else {
                0.0
            }
        })
        .sum();
    tag + words
}

/// The top candidate plus siblings that look like more of the same article
/// (Readability's sibling step), in document order.
fn with_siblings<'a>(
    page: &Page<'a>,
    top: DomNode<'a>,
    score: f64,
    scores: &HashMap<NodeId, f64>,
) -> Vec<DomNode<'a>> {
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let threshold = (score * 0.2).max(10.0);
    parent
        .children()
        .filter(|s| {
            if s.id() == top.id() {
                return true;
            }
            let Some(st) = page.stats(s.id()) else {
                return false;
            };
            let scored = scores.get(&s.id()).is_some_and(|v| *v >= threshold);
            let para = dom::tag(s) == Some("p") && st.text >= 80 && st.link_density() < 0.25;
            scored || para
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn chosen(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let body = doc
            .tree
            .root()
            .descendants()
            .find(|n| dom::tag(n) == Some("body"));
        let page = Page::new(body.unwrap());
        main_content(&page)
            .iter()
            .map(|n| {
                let el = n.value().as_element().unwrap();
                format!("{}#{}", el.name(), el.id().unwrap_or(""))
            })
            .collect()
    }

    const PARA: &str =
        "<p>The council voted on Tuesday, after a long debate, to keep the ferry running.</p>";

    #[test]
    fn densest_container_wins() {
        let html = format!(
            "<body><div id='menu-ish'><p><a href='/'>Home</a>, <a href='/a'>About us and more</a>, <a href='/b'>Contact the team</a></p></div>\
             <div id='story'>{PARA}{PARA}{PARA}</div><div id='other'>{PARA}</div></body>"
        );
        assert_eq!(chosen(&html), ["div#story"]);
    }

    #[test]
    fn class_names_tip_the_balance() {
        let html = format!(
            "<body><div id='comments-box'>{PARA}{PARA}</div><div class='entry-content' id='c'>{PARA}{PARA}</div></body>"
        );
        assert_eq!(chosen(&html), ["div#c"]);
    }

    #[test]
    fn semantic_article_is_used_when_substantial() {
        let html = format!(
            "<body><div id='x'>{PARA}</div><article id='a'>{PARA}{PARA}{PARA}</article></body>"
        );
        assert_eq!(chosen(&html), ["article#a"]);
        // A tiny <article> (a teaser card) is not the main content.
        let html = format!(
            "<body><article id='t'><p>Teaser.</p></article><div id='s'>{PARA}{PARA}</div></body>"
        );
        assert_eq!(chosen(&html), ["div#s"]);
    }

    #[test]
    fn br_separated_text_is_scored() {
        let text = "The canal froze in 1947, and the barges stayed put for weeks.";
        let html = format!(
            "<body><div id='nav-links'><a href='/'>Home</a></div><div id='text'>{text}<br><br>{text}<br><br>{text}</div></body>"
        );
        assert_eq!(chosen(&html), ["div#text"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "<body>{}{PARA}{}</body>",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        assert_eq!(chosen(&html).len(), 1);
    }
}
