//! HTML reader: metadata, main-content detection, chrome removal, and the walk from
//! markup to sections and blocks.
//!
//! The stages: [`page`] marks chrome and measures text; [`score`] picks the main
//! content; [`meta`] reads title, deck and the rest; [`walk`] turns the content into
//! blocks; [`report`] says what was left out.

mod byline;
mod depth;
mod dom;
mod grid;
mod inline;
mod meta;
mod page;
mod report;
mod score;
mod title;
mod walk;

pub use inline::tidy as tidy_spans;

use super::assemble::Assembler;
use super::model::Article;
use crate::error::ReadError;
use ego_tree::NodeId;
use scraper::Html;
use std::collections::BTreeSet;

/// Read an HTML page. `lang` is used when the page does not say; `fallback_title`
/// when it has no title. With `keep_chrome`, everything inside the main content is kept.
pub fn read_html(
    text: &str,
    lang: &str,
    fallback_title: &str,
    keep_chrome: bool,
) -> Result<Article, ReadError> {
    let doc = Html::parse_document(&depth::cap(text, depth::MAX_DEPTH));
    let root = doc.tree.root();
    let body = root
        .descendants()
        .find(|n| dom::tag(n) == Some("body"))
        .unwrap_or(root);
    let page = page::Page::new(body);
    let roots = score::main_content(&page);
    let meta = meta::read(root, &page, &roots);

    let title = meta.title.as_deref().unwrap_or(fallback_title);
    let mut asm = Assembler::new(title, meta.lang.as_deref().unwrap_or(lang));
    if meta.title.is_none() {
        asm.article_mut()
            .warnings
            .push("no title found (no og:title, h1 or <title>); the file name is used".into());
    }
    let used: BTreeSet<NodeId> = meta.used.iter().copied().collect();
    let mut walker = walk::Walker::new(&page, &used, keep_chrome);
    for r in &roots {
        walker.walk(*r, &mut asm);
    }
    let quiet: BTreeSet<NodeId> = used.iter().chain(&meta.quiet).copied().collect();
    let mut dropped = report::dropped(&page, &roots, &quiet, keep_chrome);
    dropped.extend(walker.dropped);
    let a = asm.article_mut();
    a.deck = meta.deck.clone();
    a.byline = meta.byline.clone();
    a.date = meta.date.clone();
    a.source = meta.source.clone();
    for d in dropped {
        asm.dropped(&d);
    }
    let mut article = asm.finish();
    drop_empty_headings(&mut article);
    // Pages whose text starts at h3 (the h2 being the site's) still get top-level sections.
    if article.sections.iter().all(|s| s.level > 2) {
        for s in &mut article.sections {
            s.level = 2;
        }
    }
    if article.word_count() == 0 {
        return Err(ReadError::NoText);
    }
    if article.deck.is_none() {
        article.deck = meta
            .description
            .filter(|d| *d != article.title && !repeats_body(&article, d));
    }
    Ok(article)
}

/// Read one content document of a book (an EPUB's XHTML): the whole body, in order,
/// without main-content guessing or chrome removal, since in a book everything in the
/// spine is content. Only book furniture (title page, tables of contents, print page
/// numbers) is left out; images and formulas are read by their text alternatives.
///
/// Gives the headings and blocks as an article titled `""` (blocks before the first
/// heading are its lead; `h1` gives level 2, `h2` level 3 and so on), the document's
/// language when it says, and how many formulas were left unsaid for want of `alttext`.
pub fn read_book_document(text: &str) -> BookDocument {
    let doc = Html::parse_document(&depth::cap(text, depth::MAX_DEPTH));
    let root = doc.tree.root();
    let find = |name: &str| root.descendants().find(|n| dom::tag(n) == Some(name));
    let lang = find("html").and_then(|h| {
        let el = h.value().as_element()?;
        let lang = el.attr("lang").or_else(|| el.attr("xml:lang"))?.trim();
        (!lang.is_empty()).then(|| lang.to_string())
    });
    let body = find("body").unwrap_or(root);
    let page = page::Page::new(body);
    let skip = BTreeSet::new();
    let mut asm = Assembler::new("", "und");
    let mut walker = walk::Walker::for_book(&page, &skip);
    walker.walk(body, &mut asm);
    BookDocument {
        content: asm.finish(),
        lang,
        subtitle: title_page_subtitle(body),
        unread_formulas: walker.unread_formulas,
        pronunciations: ssml_phonemes(body),
    }
}

/// `<span ssml:ph="ˈθɜrti dɪˈgriz">30°</span>`: the element's text and its phonemes,
/// where the alphabet is IPA (`ssml:alphabet`, on it or an ancestor; IPA when unsaid).
fn ssml_phonemes(body: dom::DomNode<'_>) -> Vec<crate::article::Pronunciation> {
    use crate::article::{Pronunciation, Said};
    let alphabet = |n: dom::DomNode<'_>| {
        std::iter::once(n)
            .chain(n.ancestors())
            .find_map(|a| a.value().as_element()?.attr("ssml:alphabet"))
            .unwrap_or("ipa")
            .to_string()
    };
    body.descendants()
        .filter_map(|n| {
            let ph = n.value().as_element()?.attr("ssml:ph")?.trim();
            let text = dom::visible_text(n, &|_| false);
            (!ph.is_empty() && !text.is_empty() && alphabet(n) == "ipa").then(|| Pronunciation {
                text,
                said: Said::Ipa(ph.to_string()),
            })
        })
        .collect()
}

fn title_page_subtitle(body: dom::DomNode<'_>) -> Option<String> {
    let types = |n: &dom::DomNode<'_>, attr: &str, words: &[&str]| {
        n.value()
            .as_element()
            .and_then(|e| e.attr(attr))
            .is_some_and(|v| v.split_whitespace().any(|w| words.contains(&w)))
    };
    let page = body
        .descendants()
        .find(|n| types(n, "epub:type", &["titlepage"]))?;
    let sub = page.descendants().find(|n| {
        types(n, "epub:type", &["subtitle"]) || types(n, "class", &["subtitle", "deck"])
    })?;
    Some(dom::visible_text(sub, &|_| false)).filter(|t| !t.is_empty())
}

/// One content document of a book, read by [`read_book_document`].
#[derive(Debug)]
pub struct BookDocument {
    /// Its headings and blocks (the blocks before the first heading are the lead).
    pub content: Article,
    /// The language it declares.
    pub lang: Option<String>,
    /// The subtitle on its title page, if it is one (`epub:type="subtitle"`, or class
    /// `subtitle` or `deck` as pandoc and altformat write them).
    pub subtitle: Option<String>,
    /// MathML formulas left unsaid because they have no `alttext`.
    pub unread_formulas: usize,
    /// Each element's `ssml:ph` in IPA, with the element's text.
    pub pronunciations: Vec<crate::article::Pronunciation>,
}

/// Headings left with nothing under them once their links and widgets are gone ("Top
/// Video", "Don't Miss"): the last ones, and those followed by a heading of the same or
/// a higher level. A heading over subsections keeps its place.
fn drop_empty_headings(article: &mut Article) {
    let mut keep = vec![true; article.sections.len()];
    // The level of the next heading kept; `None` at the end of the article.
    let mut next_level: Option<u8> = None;
    for (i, s) in article.sections.iter().enumerate().rev() {
        if s.blocks.is_empty() && next_level.is_none_or(|n| n <= s.level) {
            keep[i] = false;
        } else {
            next_level = Some(s.level);
        }
    }
    let mut flags = keep.iter();
    let mut gone = Vec::new();
    article.sections.retain(|s| {
        let kept = flags.next().copied().unwrap_or(true);
        if !kept {
            gone.push(format!("empty heading: {}", s.heading));
        }
        kept
    });
    article.dropped.extend(gone);
}

/// Does the description just repeat the body (usually the first paragraph, cut short)?
fn repeats_body(article: &Article, description: &str) -> bool {
    let needle: Vec<String> = words(description).into_iter().take(8).collect();
    if needle.is_empty() {
        return true;
    }
    article.blocks().flat_map(|b| b.paragraphs()).any(|p| {
        let hay = words(&p.text());
        hay.windows(needle.len()).any(|w| w == needle.as_slice())
    })
}

/// Lower-case words, punctuation removed.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests;
