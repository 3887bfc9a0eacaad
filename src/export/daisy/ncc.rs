//! `ncc.html`, the navigation centre: the book's metadata, then the title and one
//! heading per section in reading order, each linking to the SMIL `par` that reads it.

use super::Book;
use super::content::page;
use crate::export::epub::escape;

/// File name of the navigation centre.
pub const FILE: &str = "ncc.html";

/// One entry of the table of contents.
pub struct Heading {
    /// `h1` (the title) to `h6`.
    pub level: u8,
    /// The heading text.
    pub label: String,
    /// The SMIL `par` it links to (`01.smil#par-title`).
    pub href: String,
}

/// What the metadata counts and dates.
pub struct Totals {
    /// The whole narration, in milliseconds.
    pub time_ms: u64,
    /// Every file of the book, this one included.
    pub files: usize,
    /// `dc:date`, `yyyy-mm-dd` (or the year, or year and month).
    pub date: String,
    /// `dc:publisher`.
    pub publisher: String,
    /// `dc:creator`.
    pub creator: String,
    /// `ncc:narrator`, the voice.
    pub narrator: String,
}

/// `hh:mm:ss`, the form `ncc:totalTime` takes (rounded to the nearest second).
pub fn whole_clock(ms: u64) -> String {
    let s = (ms + 500) / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The whole `ncc.html`.
pub fn document(book: &Book, headings: &[Heading], totals: &Totals) -> String {
    let depth = headings.iter().map(|h| h.level).max().unwrap_or(1);
    let meta = [
        ("dc:title", book.title.clone()),
        ("dc:creator", totals.creator.clone()),
        ("dc:date", totals.date.clone()),
        ("dc:format", "Daisy 2.02".into()),
        ("dc:identifier", book.identifier.clone()),
        ("dc:language", book.lang.clone()),
        ("dc:publisher", totals.publisher.clone()),
        ("ncc:charset", "utf-8".into()),
        ("ncc:generator", super::GENERATOR.into()),
        ("ncc:multimediaType", "audioFullText".into()),
        ("ncc:narrator", totals.narrator.clone()),
        ("ncc:totalTime", whole_clock(totals.time_ms)),
        ("ncc:files", totals.files.to_string()),
        ("ncc:depth", depth.to_string()),
        ("ncc:tocItems", headings.len().to_string()),
        ("ncc:pageNormal", "0".into()),
        ("ncc:pageFront", "0".into()),
        ("ncc:pageSpecial", "0".into()),
        ("ncc:maxPageNormal", "0".into()),
        ("ncc:setInfo", "1 of 1".into()),
    ];
    let head: String = meta
        .iter()
        .map(|(name, content)| format!("<meta name=\"{name}\" content=\"{}\"/>\n", escape(content)))
        .collect();
    let body: String = headings
        .iter()
        .enumerate()
        .map(|(i, h)| {
            // DAISY 2.02: the first heading is the title, marked by its class.
            let class = if i == 0 { " class=\"title\"" } else { "" };
            format!(
                "<h{l}{class} id=\"toc-{n}\"><a href=\"{href}\">{label}</a></h{l}>\n",
                l = h.level,
                n = i + 1,
                href = escape(&h.href),
                label = escape(&h.label),
            )
        })
        .collect();
    page(book, &book.title, &head, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_time_is_whole_seconds() {
        assert_eq!(whole_clock(0), "00:00:00");
        assert_eq!(whole_clock(3_723_499), "01:02:03");
        assert_eq!(whole_clock(3_723_500), "01:02:04");
    }
}
