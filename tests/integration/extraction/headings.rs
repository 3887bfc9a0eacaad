//! Plain-text heading detection, measured on the development pages flattened into the
//! shape of text pasted from a web page (the sample's shape): the title line, the deck,
//! then one line per paragraph, heading and list item (`- item`), and a site-chrome
//! tail. The true headings are the sections (`h2`/`h3`) of the page read normally.
//!
//! Two sets: *clean* flattens the page as read normally (the article's own paragraphs,
//! headings and lists); *pasted* flattens it read with chrome kept, so the captions,
//! credits, bylines, share buttons, comments and "Related" headings inside the page's
//! main content are there too, as a careless copy-paste brings them.

use altformat::Article;
use altformat::article::{ReadOptions, read_bytes};

use super::metric::Page;

/// Tails of site chrome as pasted text ends, one chosen per page by its index.
const TAILS: &[&str] = &[
    "Recently Added\nCategories\n- Arts And Humanities\n- Blog\n- Business\n- Technology\n- Videos\n",
    "Share this article\nFacebook\nTwitter\nEmail\nRelated Articles\n- Five things to know today\n- The week in pictures\n- Newsletter sign-up\n",
    "Advertisement\nMost Popular\n- City council votes on budget\n- Storm warning for the coast\n- Match report: late winner\n\u{a9} 2019 Example Media. All rights reserved.\n",
];

/// Heading counts over the set: (true positives, predicted, true).
#[derive(Debug, Default, Clone, Copy)]
pub struct HeadingCounts {
    /// Predicted headings that are true headings.
    pub hits: usize,
    /// Headings the text reader reported.
    pub predicted: usize,
    /// Headings the page has.
    pub truth: usize,
}

impl HeadingCounts {
    /// Micro-averaged precision over the set.
    pub fn precision(&self) -> f64 {
        ratio(self.hits, self.predicted)
    }

    /// Micro-averaged recall over the set.
    pub fn recall(&self) -> f64 {
        ratio(self.hits, self.truth)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// One page flattened: its plain text and its true headings.
pub struct Flat {
    /// The page name.
    pub name: String,
    /// The text as pasted.
    pub text: String,
    /// The true headings, in order.
    pub headings: Vec<String>,
}

fn read(page: &Page, keep_chrome: bool) -> Option<Article> {
    let opts = ReadOptions {
        keep_chrome,
        ..ReadOptions::default()
    };
    read_bytes(&page.html, Some("html"), &page.name, &opts).ok()
}

/// Flatten every page that reads (English pages only: the heading rules under test
/// are about English line shapes, and the set is mostly English).
pub fn flatten(pages: &[Page], pasted: bool) -> Vec<Flat> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let (Some(truth), Some(kept)) = (read(page, false), read(page, pasted)) else {
            continue;
        };
        if !kept.lang.starts_with("en") {
            continue;
        }
        let mut text = format!("{}\n", kept.title);
        if let Some(deck) = &kept.deck {
            text.push_str(&format!("{deck}\n"));
        }
        push_blocks(&mut text, &kept.lead);
        for s in &kept.sections {
            text.push_str(&format!("{}\n", s.heading));
            push_blocks(&mut text, &s.blocks);
        }
        text.push_str(TAILS[i % TAILS.len()]);
        out.push(Flat {
            name: page.name.clone(),
            text,
            headings: truth.sections.iter().map(|s| s.heading.clone()).collect(),
        });
    }
    out
}

/// One line per paragraph, `- item` per list item.
fn push_blocks(text: &mut String, blocks: &[altformat::article::Block]) {
    for b in blocks {
        let list = matches!(b, altformat::article::Block::List { .. });
        for p in b.paragraphs() {
            let line = p.text();
            text.push_str(&if list {
                format!("- {line}\n")
            } else {
                format!("{line}\n")
            });
        }
    }
}

/// The headings the text reader finds in one flattened page.
pub fn predicted(flat: &Flat) -> Vec<String> {
    let opts = ReadOptions::default();
    read_bytes(flat.text.as_bytes(), Some("txt"), &flat.name, &opts)
        .map(|a| a.sections.iter().map(|s| s.heading.clone()).collect())
        .unwrap_or_default()
}

/// Score one page's headings against its truth (each true heading matched once).
pub fn score_page(predicted: &[String], truth: &[String]) -> HeadingCounts {
    let mut left: Vec<&String> = truth.iter().collect();
    let mut hits = 0;
    for p in predicted {
        if let Some(i) = left.iter().position(|t| *t == p) {
            left.remove(i);
            hits += 1;
        }
    }
    HeadingCounts {
        hits,
        predicted: predicted.len(),
        truth: truth.len(),
    }
}
