//! The package document (`content.opf`): metadata, manifest and spine.

use super::escape::escape;

/// One manifest entry.
#[derive(Debug, Clone)]
pub struct Item {
    /// Manifest id (an XML NCName we make up, never user text).
    pub id: String,
    /// Path relative to the package document.
    pub href: String,
    /// MIME type.
    pub media_type: &'static str,
    /// Manifest `properties`, such as `nav`.
    pub properties: Option<&'static str>,
    /// Id of this document's SMIL item, for `media-overlay`.
    pub overlay: Option<String>,
    /// Listed in the spine (in manifest order), and whether in the linear reading order.
    pub spine: Option<Linear>,
}

/// A spine entry's place: read in order, or reachable only by links (the nav).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linear {
    /// Part of the reading order.
    Yes,
    /// Outside the reading order (`linear="no"`).
    No,
}

/// The book's metadata.
#[derive(Debug, Clone)]
pub struct Meta {
    /// `dc:identifier`.
    pub identifier: String,
    /// `dc:title`.
    pub title: String,
    /// `dc:language` and the package's `xml:lang`.
    pub lang: String,
    /// `dc:creator`.
    pub creator: String,
    /// `dc:source`, when known.
    pub source: Option<String>,
    /// `dc:date`, only when it is a valid W3CDTF date.
    pub date: Option<String>,
    /// `dcterms:modified`.
    pub modified: String,
    /// `schema:accessibilitySummary`.
    pub summary: String,
    /// The narration, when the book has Media Overlays.
    pub overlays: Option<OverlayMeta>,
}

/// Media Overlays metadata.
#[derive(Debug, Clone)]
pub struct OverlayMeta {
    /// The voice, for `media:narrator`.
    pub narrator: String,
    /// Each SMIL item's id and duration (clock value).
    pub durations: Vec<(String, String)>,
    /// The total duration (clock value).
    pub total: String,
}

/// The active class the stylesheet highlights while a sentence is read.
pub const ACTIVE_CLASS: &str = "-epub-media-overlay-active";

/// Write the package document. Long, but one straight template of the OPF in
/// document order: split up, it would no longer read like the file it writes.
pub fn package(meta: &Meta, items: &[Item]) -> String {
    let mut m = String::new();
    let mut line = |s: String| {
        m.push_str(&s);
        m.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"pub-id\">{}</dc:identifier>",
        escape(&meta.identifier)
    ));
    line(format!("<dc:title>{}</dc:title>", escape(&meta.title)));
    line(format!("<dc:language>{}</dc:language>", escape(&meta.lang)));
    line(format!(
        "<dc:creator>{}</dc:creator>",
        escape(&meta.creator)
    ));
    if let Some(s) = &meta.source {
        line(format!("<dc:source>{}</dc:source>", escape(s)));
    }
    if let Some(d) = &meta.date {
        line(format!("<dc:date>{}</dc:date>", escape(d)));
    }
    let prop = |p: &str, v: &str| format!("<meta property=\"{p}\">{}</meta>", escape(v));
    line(prop("dcterms:modified", &meta.modified));
    line(prop("schema:accessMode", "textual"));
    if meta.overlays.is_some() {
        line(prop("schema:accessMode", "auditory"));
    }
    line(prop("schema:accessModeSufficient", "textual"));
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if meta.overlays.is_some() {
        features.push("synchronizedAudioText");
    }
    for f in features {
        line(prop("schema:accessibilityFeature", f));
    }
    line(prop("schema:accessibilityHazard", "none"));
    line(prop("schema:accessibilitySummary", &meta.summary));
    line(prop(
        "dcterms:conformsTo",
        "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
    ));
    if let Some(o) = &meta.overlays {
        for (id, d) in &o.durations {
            line(format!(
                "<meta property=\"media:duration\" refines=\"#{}\">{d}</meta>",
                escape(id)
            ));
        }
        line(prop("media:duration", &o.total));
        line(prop("media:narrator", &o.narrator));
        line(prop("media:active-class", ACTIVE_CLASS));
    }
    let mut manifest = String::new();
    let mut spine = String::new();
    for item in items {
        manifest.push_str(&format!(
            "<item id=\"{}\" href=\"{}\" media-type=\"{}\"",
            item.id,
            escape(&item.href),
            item.media_type
        ));
        if let Some(p) = item.properties {
            manifest.push_str(&format!(" properties=\"{p}\""));
        }
        if let Some(o) = &item.overlay {
            manifest.push_str(&format!(" media-overlay=\"{o}\""));
        }
        manifest.push_str("/>\n");
    }
    // Linear documents first, in order; the rest after them, so a reading system that
    // opens the first spine item opens the title page.
    for linear in [Linear::Yes, Linear::No] {
        for item in items.iter().filter(|i| i.spine == Some(linear)) {
            let attr = if linear == Linear::No {
                " linear=\"no\""
            } else {
                ""
            };
            spine.push_str(&format!("<itemref idref=\"{}\"{attr}/>\n", item.id));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" \
         unique-identifier=\"pub-id\" xml:lang=\"{lang}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n{m}</metadata>\n\
         <manifest>\n{manifest}</manifest>\n<spine toc=\"ncx\">\n{spine}</spine>\n</package>\n",
        lang = escape(&meta.lang)
    )
}

/// Is `date` a W3C date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`)? Others are left out of
/// `dc:date`, since EPUBCheck warns about them.
pub fn w3c_date(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}
