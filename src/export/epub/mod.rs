//! EPUB 3 with Media Overlays (read-along), accessible under EPUB Accessibility 1.1.
//!
//! The package is written by hand (OPF, nav, NCX, XHTML, CSS, SMIL) and zipped with the
//! `zip` crate rather than generated with `epub-builder`: measured on epub-builder 0.8.3,
//! it cannot link Media Overlays (fixed manifest `properties`, no `media-overlay`),
//! writes duplicate metadata ids (EPUBCheck RSC-005), leaves `lang`, `role="doc-toc"`
//! and a landmarks `aria-label` out of its nav (Ace violations), and stamps zip entries
//! with the current time, so builds are not reproducible.
//!
//! Documents: a title page (title, deck, byline, source, date, then the lead) matching
//! the narration's `opening` chapter, and one document per section. Every sentence is
//! a `<span>` with its speech-script id, so a SMIL `par` can highlight it.

pub(crate) mod date;
mod escape;
pub(crate) mod inline;
mod nav;
pub(crate) mod opf;
mod options;
pub(crate) mod package;
pub(crate) mod smil;
pub(crate) mod xhtml;

use super::{Context, Exporter, Output};
use crate::article::Article;
use crate::error::Error;
use crate::export::sync::SyncError;
use crate::narration::Narration;
use crate::speech::script::Script;
use opf::{Item, Linear, Meta, OverlayMeta};
use package::Entry;
use xhtml::{Doc, PageInfo};

pub use escape::escape;
pub use options::{EpubOptions, Highlight};

/// Writes `<title-slug>.epub`.
#[derive(Debug, Clone, Default)]
pub struct Epub {
    options: EpubOptions,
}

impl Epub {
    /// The EPUB exporter with these options.
    pub fn new(options: EpubOptions) -> Self {
        Epub { options }
    }
}

impl Exporter for Epub {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let bytes = package(ctx, &self.options).map_err(|message| Error::Export {
            format: "epub",
            message,
        })?;
        Ok(vec![Output::new(file_name(ctx.article), bytes)])
    }
}

/// The EPUB's file name: `<title slug>.epub`, or `article.epub`.
pub fn file_name(article: &Article) -> String {
    format!("{}.epub", super::base_name(article))
}

/// The whole EPUB, in memory.
///
/// Long because the manifest items and the zip entries are built side by side, in the
/// order the OPF lists them (navigation, style, overlays, documents).
fn package(ctx: &Context, options: &EpubOptions) -> Result<Vec<u8>, String> {
    let article = ctx.article;
    let script: &Script = ctx
        .script
        .ok_or("no speech script was made before the EPUB export")?;
    let lang = language(&article.lang);
    let words = match (options.highlight, ctx.narration) {
        (Highlight::Word, Some(n)) => Some(xhtml::timed_words(script, n)),
        _ => None,
    };
    let info = PageInfo {
        lang: &lang,
        css: options.css,
        words: words.as_ref(),
    };
    let docs = xhtml::documents(article, script, &info);
    let title = xhtml::non_empty(&article.title, "Untitled article");
    let identifier = identifier(options, article)?;
    let epoch = ctx.date.seconds();
    let mut entries = Vec::new();
    let mut items = vec![
        item("nav", "nav.xhtml", "application/xhtml+xml", Some("nav")),
        item("ncx", "toc.ncx", "application/x-dtbncx+xml", None),
    ];
    // The landmarks link to the toc, and EPUBCheck wants every linked document in the
    // spine (RSC-011): the nav goes there outside the linear reading order.
    items[0].spine = Some(Linear::No);
    entries.push(text_entry(
        "nav.xhtml",
        nav::nav_xhtml(&docs, &title, &info),
    ));
    entries.push(text_entry(
        "toc.ncx",
        nav::toc_ncx(&docs, &title, &identifier, &lang),
    ));
    if options.css {
        items.push(item("css", "style.css", "text/css", None));
        entries.push(text_entry("style.css", include_str!("style.css").into()));
    }
    let overlays = ctx
        .narration
        .map(|n| add_overlays(n, words.as_ref(), &docs, &mut items, &mut entries))
        .transpose()
        .map_err(|e| e.to_string())?;
    for (i, doc) in docs.iter().enumerate() {
        let mut it = item(&doc_id(i), &doc.file, "application/xhtml+xml", None);
        it.spine = Some(Linear::Yes);
        it.overlay = items
            .iter()
            .find(|s| s.href == smil_name(doc))
            .map(|s| s.id.clone());
        items.push(it);
        entries.push(text_entry(&doc.file, doc.xhtml.clone()));
    }
    let meta = Meta {
        identifier,
        title: title.clone(),
        lang: lang.clone(),
        creator: creator(article),
        source: article.source.clone().filter(|s| !s.trim().is_empty()),
        date: article.date.clone().filter(|d| opf::w3c_date(d)),
        modified: date::modified(options.modified.as_deref(), epoch).map_err(|e| e.to_string())?,
        summary: summary(&docs, ctx.narration),
        overlays,
    };
    entries.insert(0, text_entry("content.opf", opf::package(&meta, &items)));
    package::zip(&entries, date::zip_time(epoch)).map_err(|e| e.to_string())
}

/// Add one SMIL and one MP3 per narrated chapter; returns the overlay metadata.
fn add_overlays(
    narration: &Narration,
    words: Option<&xhtml::Words>,
    docs: &[Doc],
    items: &mut Vec<Item>,
    entries: &mut Vec<Entry>,
) -> Result<OverlayMeta, SyncError> {
    let mut durations = Vec::new();
    let mut total = 0;
    for (i, track) in narration.tracks.iter().enumerate() {
        let doc = docs
            .iter()
            .find(|d| d.chapter == track.chapter)
            .ok_or_else(|| SyncError::NoChapter {
                chapter: track.chapter.clone(),
                what: "document",
            })?;
        if track.clips.is_empty() {
            continue;
        }
        let audio = format!("audio/{:02}.mp3", i);
        let smil = smil::overlay(doc, track, &audio, words)?;
        let smil_id = format!("mo-{i:02}");
        let ms = smil::millis(track.duration);
        total += ms;
        durations.push((smil_id.clone(), smil::clock(ms)));
        items.push(item(
            &smil_id,
            &smil_name(doc),
            "application/smil+xml",
            None,
        ));
        items.push(item(&format!("audio-{i:02}"), &audio, "audio/mpeg", None));
        entries.push(text_entry(&smil_name(doc), smil));
        entries.push(Entry {
            path: audio,
            bytes: track.mp3.clone(),
            stored: true,
        });
    }
    Ok(OverlayMeta {
        narrator: xhtml::non_empty(&narration.voice, "synthetic voice"),
        durations,
        total: smil::clock(total),
    })
}

fn smil_name(doc: &Doc) -> String {
    doc.file.replace(".xhtml", ".smil")
}

fn doc_id(i: usize) -> String {
    format!("doc-{i:02}")
}

fn item(id: &str, href: &str, media_type: &'static str, properties: Option<&'static str>) -> Item {
    Item {
        id: id.into(),
        href: href.into(),
        media_type,
        properties,
        overlay: None,
        spine: None,
    }
}

fn text_entry(path: &str, text: String) -> Entry {
    Entry {
        path: path.into(),
        bytes: text.into_bytes().into(),
        stored: false,
    }
}

/// The configured identifier, else the article's own (a book read from an EPUB keeps
/// its identity), else the default one.
fn identifier(options: &EpubOptions, article: &Article) -> Result<String, String> {
    match &options.identifier {
        Some(id) if id.trim().is_empty() => Err("[epub] identifier is empty".into()),
        Some(id) => Ok(id.clone()),
        None => Ok(article
            .identifier
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| default_identifier(article))),
    }
}

/// A stable identifier: UUID v5 of the source and title, so the same article keeps
/// its identity in a reader's library across rebuilds.
pub(crate) fn default_identifier(article: &Article) -> String {
    let name = format!(
        "altformat\n{}\n{}",
        article.source.as_deref().unwrap_or(""),
        article.title
    );
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
    )
}

/// The byline when known, else the publication; otherwise we say we do not know
/// rather than inventing an author.
pub(crate) fn creator(article: &Article) -> String {
    [&article.byline, &article.source]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| "Unknown author".into())
}

/// A language tag that is at least well-formed (`und` otherwise), since EPUBCheck
/// rejects malformed `dc:language` values.
pub(crate) fn language(tag: &str) -> String {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    let ok = (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok { tag.to_string() } else { "und".into() }
}

/// A true description of this book for `schema:accessibilitySummary`.
fn summary(docs: &[Doc], narration: Option<&Narration>) -> String {
    let sections = docs.len().saturating_sub(1);
    let mut s = format!(
        "This publication is an article as structured text: a title page and {sections} \
         section{}, each with a heading, listed in a table of contents. It has no images, \
         so nothing depends on sight, and its text can be resized and restyled by the \
         reading system.",
        if sections == 1 { "" } else { "s" }
    );
    if let Some(n) = narration {
        s.push_str(&format!(
            " It includes narration read by {}, synchronized with the text so that each \
             sentence is highlighted as it is read.",
            xhtml::non_empty(&n.voice, "a synthetic voice")
        ));
    }
    s
}

#[cfg(test)]
pub(crate) mod tests;
