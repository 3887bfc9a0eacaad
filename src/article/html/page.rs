//! One pass over the page: which elements are site chrome, and how much text each
//! element holds once chrome is left out.

use super::dom::{self, DomNode};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use std::collections::HashMap;

/// Class, id or aria-label words that mark a block as chrome wherever it stands.
#[rustfmt::skip] // one word per line would hide the list
const STRONG: &[&str] = &[
    "share", "sharing", "shares", "sharebar", "sharedaddy", "social", "socials", "related",
    "relatedposts", "comment", "comments", "commentlist", "respond", "newsletter",
    "subscribe", "subscription", "promo", "promos", "promotion", "advert", "advertisement",
    "ad", "ads", "adslot", "sponsor", "sponsored", "cookie", "cookies", "consent", "gdpr",
    "breadcrumb", "breadcrumbs", "tags", "tagcloud", "byline", "dateline", "paywall",
    "popup", "modal", "outbrain", "taboola", "disqus", "copyright", "caption", "captions",
    "credit", "credits", "gallery", "slideshow", "carousel", "recirc", "recommended",
    "trending", "bio", "newsletters", "signup", "toolbox", "tools", "print", "author",
    "rollover", "tooltip", "popover", "hovercard",
];

/// Words that, in the same class or id as a chrome word, say the element holds the
/// article after all (`content-with-sidebar`, `article-body pagination-first`, `widget
/// Blog`): as in Mozilla Readability, a weak chrome word then does not count.
#[rustfmt::skip] // one word per line would hide the list
const CONTENT_WORDS: &[&str] = &[
    "article", "body", "content", "main", "column", "blog",
];

/// Words of an embedded post (a tweet, an Instagram post) quoted in the article: the
/// benchmark's readers, like a person, count its text as part of the story.
const EMBED_WORDS: &[&str] = &["embed", "tweet", "twitter-tweet", "instagram-media"];

/// Words that mark chrome only on a block that is mostly links (a tag list), since
/// WordPress also puts `tag-tomatoes` on the post itself.
const LINKY: &[&str] = &[
    "tag", "keywords", "keyword", "topics", "hashtag", "hashtags",
];

/// Words that mark navigation and page furniture.
#[rustfmt::skip] // one word per line would hide the list
const WEAK: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "menubar", "sidebar", "widget", "widgets",
    "footer", "masthead", "header", "skip", "skiplink", "toolbar", "pagination", "pager",
    "colophon", "secondary",
];

/// ARIA roles of furniture.
#[rustfmt::skip] // one word per line would hide the list
const CHROME_ROLES: &[&str] = &[
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
    "alertdialog",
];

/// How an element is treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not text at all (scripts, styles); dropped without a word.
    Silent,
    /// Site chrome; dropped and reported under this label.
    Chrome(String),
}

/// Text measures of one element, counting only what is not chrome.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Text length (see [`dom::text_len`]).
    pub text: usize,
    /// Text length inside links.
    pub links: usize,
    /// Paragraphs (`p` elements of 25 characters or more).
    pub paras: usize,
    /// Commas in the text.
    pub commas: usize,
    /// Text of the paragraphs counted in `paras`.
    pub para_text: usize,
}

impl Stats {
    /// Share of the text that is link text, 0 to 1.
    pub fn link_density(&self) -> f64 {
        if self.text == 0 {
            0.0
        } else {
            self.links as f64 / self.text as f64
        }
    }
}

/// The page after the first pass.
pub struct Page<'a> {
    /// The `<body>` (or the root when there is none).
    pub body: DomNode<'a>,
    /// Elements dropped as a whole, with why; their descendants are not listed.
    pub verdicts: HashMap<NodeId, Verdict>,
    /// Measures of every element not inside dropped content.
    pub stats: HashMap<NodeId, Stats>,
}

impl<'a> Page<'a> {
    /// Measure `body` and decide which of its elements are chrome.
    pub fn new(body: DomNode<'a>) -> Self {
        let raw = measure(body, &HashMap::new());
        let total = raw.get(&body.id()).copied().unwrap_or_default();
        let mut verdicts = HashMap::new();
        for node in body.descendants() {
            if let Some(v) = verdict(node, &raw, total) {
                verdicts.insert(node.id(), v);
            }
        }
        // Only the outermost dropped element matters.
        let nested: Vec<NodeId> = verdicts
            .keys()
            .copied()
            .filter(|id| {
                body.tree()
                    .get(*id)
                    .is_some_and(|n| n.ancestors().any(|a| verdicts.contains_key(&a.id())))
            })
            .collect();
        for id in nested {
            verdicts.remove(&id);
        }
        let stats = measure(body, &verdicts);
        Page {
            body,
            verdicts,
            stats,
        }
    }

    /// Measures of an element, or `None` when it lies inside dropped content.
    pub fn stats(&self, id: NodeId) -> Option<Stats> {
        self.stats.get(&id).copied()
    }

    /// Is the node dropped (itself, not counting its ancestors)?
    pub fn is_dropped(&self, id: NodeId) -> bool {
        self.verdicts.contains_key(&id)
    }
}

/// Decide whether one element is chrome. `raw` measures ignore chrome; `total` is the body.
fn verdict(node: DomNode<'_>, raw: &HashMap<NodeId, Stats>, total: Stats) -> Option<Verdict> {
    let el = node.value().as_element()?;
    let name = el.name();
    if dom::is_silent(name) {
        return Some(Verdict::Silent);
    }
    if matches!(name, "html" | "body" | "main" | "article")
        || el.attr("role") == Some("main")
        || el.attr("itemprop") == Some("articleBody")
    {
        return None;
    }
    // An attribution <footer> inside a quote or figure belongs to it.
    let in_quote = n_parent_is(node, &["blockquote", "figure"]);
    let label = if dom::is_hidden(el) {
        Some("hidden".to_string())
    } else if dom::is_chrome_tag(name) && !(name == "footer" && in_quote) {
        Some(name.to_string())
    } else if matches!(name, "figure" | "figcaption") {
        // Pictures and their captions and credits are not read in the article's flow.
        Some("figure".to_string())
    } else if let Some(role) = el.attr("role").filter(|r| CHROME_ROLES.contains(r)) {
        Some(role.to_string())
    } else if dom::is_inline(name) {
        None
    } else {
        let tokens = dom::name_tokens(el);
        let linky = raw
            .get(&node.id())
            .is_some_and(|s| s.text > 0 && s.link_density() >= 0.5);
        let has = |words: &[&str]| tokens.iter().any(|t| words.contains(&t.as_str()));
        let embed = has(EMBED_WORDS) || el.attr("class").is_some_and(|c| c.contains("embed"));
        let content = has(CONTENT_WORDS);
        (!embed)
            .then(|| {
                tokens
                    .iter()
                    .find(|t| STRONG.contains(&t.as_str()))
                    .or_else(|| {
                        tokens
                            .iter()
                            .find(|t| !content && WEAK.contains(&t.as_str()))
                    })
                    .or_else(|| tokens.iter().find(|t| linky && LINKY.contains(&t.as_str())))
                    .cloned()
            })
            .flatten()
    }?;
    // A "chrome" element that holds most of the page's paragraphs is a wrapper
    // (an ASP.NET <form>, a <div class="has-sidebar">, a blog's "widget"), not furniture.
    let own = raw.get(&node.id()).copied().unwrap_or_default();
    let wrapper =
        own.paras >= 2 && (own.text * 2 >= total.text || own.para_text * 2 >= total.para_text);
    (!wrapper || label == "hidden").then_some(Verdict::Chrome(label))
}

fn n_parent_is(node: DomNode<'_>, tags: &[&str]) -> bool {
    node.parent()
        .and_then(|p| dom::tag(&p))
        .is_some_and(|t| tags.contains(&t))
}

/// Measure every element under `root`, leaving out the subtrees in `skip`.
///
/// Long because it is one walk over open and close edges whose two arms share the
/// skipped subtree and the link depth; a split would pass both back and forth.
fn measure(root: DomNode<'_>, skip: &HashMap<NodeId, Verdict>) -> HashMap<NodeId, Stats> {
    let mut stats: HashMap<NodeId, Stats> = HashMap::new();
    let mut skipping: Option<NodeId> = None;
    let mut link_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                let silent = dom::tag(&n).is_some_and(dom::is_silent);
                if silent || skip.contains_key(&n.id()) {
                    skipping = Some(n.id());
                    continue;
                }
                match n.value() {
                    scraper::Node::Element(el) => {
                        if el.name() == "a" {
                            link_depth += 1;
                        }
                        stats.insert(n.id(), Stats::default());
                    }
                    scraper::Node::Text(t) => {
                        let len = dom::text_len(t);
                        if let Some(parent) = n.parent().and_then(|p| stats.get_mut(&p.id())) {
                            parent.text += len;
                            parent.commas += dom::commas(t);
                            if link_depth > 0 {
                                parent.links += len;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                let Some(mut own) = stats.get(&n.id()).copied() else {
                    continue;
                };
                if dom::tag(&n) == Some("a") {
                    link_depth = link_depth.saturating_sub(1);
                }
                if dom::tag(&n) == Some("p") && own.text >= 25 {
                    own.paras += 1;
                    own.para_text += own.text;
                    stats.insert(n.id(), own);
                }
                if n.id() == root.id() {
                    continue;
                }
                if let Some(parent) = n.parent().and_then(|p| stats.get_mut(&p.id())) {
                    parent.text += own.text;
                    parent.links += own.links;
                    parent.paras += own.paras;
                    parent.para_text += own.para_text;
                    parent.commas += own.commas;
                }
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn page_labels(html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let body = doc
            .tree
            .root()
            .descendants()
            .find(|n| dom::tag(n) == Some("body"));
        let page = Page::new(body.unwrap());
        let mut out: Vec<String> = page
            .verdicts
            .values()
            .filter_map(|v| match v {
                Verdict::Chrome(l) => Some(l.clone()),
                Verdict::Silent => None,
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn chrome_by_tag_class_and_role() {
        let labels = page_labels(
            "<body><nav>a</nav><div class='share-bar'>s</div><div id='ad-slot-1'>x</div>\
             <div role='search'>q</div><div class='header-shadow-loader'>h</div>\
             <p>Plain text that is a paragraph of the article.</p></body>",
        );
        assert_eq!(labels, ["ad", "header", "nav", "search", "share"]);
    }

    #[test]
    fn words_inside_tokens_do_not_count() {
        let labels = page_labels("<body><div class='shadow loading download'>t</div></body>");
        assert!(labels.is_empty());
    }

    #[test]
    fn a_wrapper_holding_the_article_is_not_chrome() {
        let para = "<p>This is a sentence of the article, long enough to count.</p>";
        let html =
            format!("<body><form id='aspnetForm'>{para}{para}{para}</form><nav>x</nav></body>");
        assert_eq!(page_labels(&html), ["nav"]);
    }
}
