//! Large-print tagged PDF (PDF/UA-1) for low-vision readers and screen readers.
//!
//! The stages, each in its own module:
//! 1. [`system`]: faces from the machine for what the embedded fonts lack;
//!    [`fonts`]: the embedded fonts, per-character font choice, shaping;
//! 2. [`layout`]: Unicode line breaking with real glyph advances;
//! 3. [`flow`]: the article as blocks of lines plus the structure tree and outline;
//! 4. [`paginate`]: blocks onto pages (keep with next, no widows or orphans);
//! 5. [`render`]: krilla draws and validates against PDF/UA-1;
//! 6. [`structure`]: the structure tree, bookmarks and metadata.
//!
//! Written with krilla rather than printpdf because krilla has the structure tree,
//! marked content, outlines, font subsetting with ToUnicode maps and a PDF/UA-1
//! validator; krilla has no line breaking, which [`layout`] supplies.

mod flow;
mod fonts;
mod layout;
mod options;
mod paginate;
mod render;
mod structure;
mod system;

/// The bold fonts, for the M4B cover (the same large-print face as the PDF).
pub(crate) use fonts::{FALLBACK_BOLD, MAIN_BOLD};
pub use options::PdfOptions;

use super::{Context, Exporter, Output};
use crate::article::Article;
use crate::error::Error;
use krilla::metadata::DateTime;

/// Writes `<title slug>.pdf`.
#[derive(Debug, Clone, Default)]
pub struct Pdf {
    options: PdfOptions,
}

impl Pdf {
    /// The PDF exporter with these options.
    pub fn new(options: PdfOptions) -> Self {
        Pdf { options }
    }
}

impl Exporter for Pdf {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let date = ctx.date.seconds().and_then(epoch_to_date);
        let (bytes, warnings) = make_pdf(ctx.article, &self.options, date)?;
        Ok(vec![Output {
            warnings,
            ..Output::new(format!("{}.pdf", super::base_name(ctx.article)), bytes)
        }])
    }
}

/// Make the PDF of `article`: its bytes and the warnings for the user.
///
/// `date` becomes the creation date; without one the file carries no date at all, so
/// the same input always gives the same bytes.
pub fn make_pdf(
    article: &Article,
    opts: &PdfOptions,
    date: Option<DateTime>,
) -> Result<(Vec<u8>, Vec<String>), Error> {
    let fail = |message: String| Error::Export {
        format: "pdf",
        message,
    };
    opts.validate().map_err(|e| fail(e.to_string()))?;
    let mut article = article.clone();
    if article.title.trim().is_empty() {
        // PDF/UA needs a document title; say plainly that there was none.
        article.title = "Untitled article".into();
    }
    let (width, height) = opts.page_points(&article.lang);
    let margin = opts.margin();
    let style = flow::Style {
        body: opts.body(),
        line_spacing: opts.line_spacing,
        width: width - 2.0 * margin,
    };
    let chosen = system::choose(&article_chars(&article), &article.lang, opts)?;
    let mut fonts = fonts::Fonts::new(&chosen.files, chosen.assigned);
    let laid = flow::flow(&article, style, &mut fonts);
    let pages = paginate::paginate(&laid.blocks, height - 2.0 * margin);
    let render_opts = render::RenderOptions {
        geometry: paginate::Geometry {
            width,
            height,
            margin,
        },
        body: opts.body(),
        running_title: opts.running_title,
        date,
    };
    let bytes = render::render(
        &article,
        &laid,
        &pages,
        &mut fonts,
        &chosen.files,
        &render_opts,
    )
    .map_err(fail)?;
    Ok((bytes, missing_warning(&fonts.missing)))
}

/// Every character of the text the PDF draws (title, front matter, headings, body),
/// with how often it occurs.
fn article_chars(article: &Article) -> std::collections::BTreeMap<char, usize> {
    let front = [
        &article.deck,
        &article.byline,
        &article.date,
        &article.source,
    ];
    let paragraphs = article
        .lead
        .iter()
        .chain(article.sections.iter().flat_map(|s| s.blocks.iter()))
        .flat_map(|b| b.paragraphs());
    let texts = std::iter::once(article.title.as_str())
        .chain(front.into_iter().flatten().map(String::as_str))
        .chain(article.sections.iter().map(|s| s.heading.as_str()))
        .chain(paragraphs.flat_map(|p| p.spans.iter().map(|s| s.text.as_str())));
    system::count_chars(texts)
}

/// One warning naming every character no font could draw.
fn missing_warning(missing: &std::collections::BTreeSet<char>) -> Vec<String> {
    if missing.is_empty() {
        return Vec::new();
    }
    const SHOWN: usize = 20;
    let mut names: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|c| format!("'{c}' (U+{:04X})", u32::from(*c)))
        .collect();
    if missing.len() > SHOWN {
        names.push(format!("and {} more", missing.len() - SHOWN));
    }
    vec![format!(
        "pdf: {} character(s) have no glyph in the embedded fonts (Atkinson Hyperlegible, \
         DejaVu Sans) or the fonts found on this machine and were left out of the PDF: {}",
        missing.len(),
        names.join(", ")
    )]
}

/// Seconds since 1970 (UTC) to a calendar date and time; `None` outside years 1970-9999.
fn epoch_to_date(secs: i64) -> Option<DateTime> {
    if secs < 0 {
        return None;
    }
    let (year, month, day, hour, minute, second) = crate::export::date::civil(secs);
    let year = u16::try_from(year).ok().filter(|y| *y <= 9999)?;
    Some(
        DateTime::new(year)
            .month(month as u8)
            .day(day as u8)
            .hour(hour as u8)
            .minute(minute as u8)
            .second(second as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_dates() {
        let d = format!("{:?}", epoch_to_date(1_700_000_000).unwrap());
        // 2023-11-14 22:13:20 UTC
        for part in ["2023", "11", "14", "22", "13", "20"] {
            assert!(d.contains(part), "{d}");
        }
        assert!(format!("{:?}", epoch_to_date(951_782_400).unwrap()).contains("29")); // 2000-02-29
        assert!(epoch_to_date(-1).is_none());
    }

    #[test]
    fn same_input_same_bytes_and_no_date_by_default() {
        let mut a = Article::new("Title", "en");
        a.lead.push(crate::article::Block::Paragraph(
            crate::article::Paragraph::plain("Text."),
        ));
        let (one, w) = make_pdf(&a, &PdfOptions::default(), None).unwrap();
        let (two, _) = make_pdf(&a, &PdfOptions::default(), None).unwrap();
        assert!(w.is_empty());
        assert_eq!(one, two);
        assert!(one.starts_with(b"%PDF-1.7"));
        let text = String::from_utf8_lossy(&one);
        assert!(!text.contains("CreationDate"));
    }

    #[test]
    fn a_thousand_sections_each_get_a_bookmark() {
        use crate::article::{Block, Paragraph, Section};
        let mut a = Article::new("Many sections", "en");
        for i in 0..1000 {
            a.sections.push(Section {
                id: format!("s{i}"),
                heading: format!("Section {i}"),
                level: 2,
                blocks: vec![Block::Paragraph(Paragraph::plain(format!("Text {i}.")))],
            });
        }
        let (pdf, _) = make_pdf(&a, &PdfOptions::default(), None).unwrap();
        let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
        assert_eq!(count(b"/Dest "), 1001, "title + 1000 sections");
        assert!(
            count(b"/Type/Page/") > 50,
            "pages: {}",
            count(b"/Type/Page/")
        );
    }

    #[test]
    fn links_become_tagged_link_annotations() {
        use crate::article::{Block, Paragraph, Span};
        let mut a = Article::new("Links", "en");
        let mut p = Paragraph::plain("See ");
        p.spans.push(Span {
            link: Some("https://example.org/study".into()),
            ..Span::plain("the study")
        });
        a.lead.push(Block::Paragraph(p));
        let (pdf, _) = make_pdf(&a, &PdfOptions::default(), None).unwrap();
        let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"/Subtype/Link"), "no link annotation");
        assert!(has(b"/S/Link"), "no Link structure element");
        assert!(has(b"(https://example.org/study)"), "no URI");
    }

    /// Options that use only the embedded fonts, so a unit test does not depend on
    /// the fonts of the machine it runs on.
    fn embedded_only() -> PdfOptions {
        PdfOptions {
            system_fonts: false,
            ..PdfOptions::default()
        }
    }

    #[test]
    fn odd_text_still_makes_a_valid_pdf() {
        use crate::article::{Block, Paragraph};
        let odd = [
            "Emoji 👩\u{200D}👩\u{200D}👧 and 👍🏽 ok",
            "Hebrew שלום and Arabic مرحبا بالعالم",
            "Controls \u{0}\u{1}\u{7}\tTab\u{FFFF}\u{FFFE}\u{E000}\u{FEFF} end",
            "Combining e\u{301}\u{302}\u{303} and Z\u{355}\u{356}alg\u{34F}o",
            "<script>&amp; ]]> \u{2028} \u{2029}",
            "",
        ];
        let mut a = Article::new("👍", "und");
        for t in odd {
            a.lead.push(Block::Paragraph(Paragraph::plain(t)));
        }
        // Enough ordinary text that the few emoji stay under the missing share.
        let filler = "Ordinary words fill the page. ".repeat(40);
        a.lead.push(Block::Paragraph(Paragraph::plain(filler)));
        let (pdf, w) = make_pdf(&a, &embedded_only(), None).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(w[0].contains("U+1F44D"), "{w:?}");
        assert!(
            !w[0].contains("U+FFFF"),
            "noncharacters are dropped silently: {w:?}"
        );
        let mut empty = Article::new("", "en");
        empty.lead.push(Block::Paragraph(Paragraph::plain("   ")));
        assert!(make_pdf(&empty, &PdfOptions::default(), None).is_ok());
    }

    #[test]
    fn a_few_missing_glyphs_are_named_in_a_warning() {
        let mut a = Article::new("Seoul 서울", "en");
        let text = format!("{} 한국어", "Seoul is a large city. ".repeat(40));
        a.lead.push(crate::article::Block::Paragraph(
            crate::article::Paragraph::plain(text),
        ));
        let (_, w) = make_pdf(&a, &embedded_only(), None).unwrap();
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("'한' (U+D55C)"), "{}", w[0]);
        assert!(w[0].contains("5 character(s)"), "{}", w[0]);
    }

    #[test]
    fn many_missing_glyphs_fail_naming_the_script_and_package() {
        let mut a = Article::new("서울", "ko");
        a.lead.push(crate::article::Block::Paragraph(
            crate::article::Paragraph::plain("서울은 대한민국의 수도입니다. Seoul."),
        ));
        let err = make_pdf(&a, &embedded_only(), None)
            .unwrap_err()
            .to_string();
        for needle in ["pdf", "Hangul", "fonts-noto-cjk", "[pdf] fonts"] {
            assert!(err.contains(needle), "{needle}: {err}");
        }
    }
}
