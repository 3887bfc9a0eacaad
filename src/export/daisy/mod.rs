//! DAISY 2.02 talking books, full text and full audio (`audioFullText`), the format
//! national libraries for the blind lend and DAISY players navigate heading by heading.
//!
//! The book is a folder `<title>-daisy/` (and the same zipped for lending systems):
//! `ncc.html` (the navigation centre and the book's metadata), `content.html` (the
//! text, every sentence an element with its speech-script id), one SMIL 1.0 file and
//! one MP3 per narration track, and `master.smil`. The MP3s are the narration's own
//! streams, shared with the audio files rather than encoded again; the clip times are
//! the narration timeline's.

mod content;
mod ncc;
mod options;
mod smil;

pub use options::DaisyOptions;

use super::epub::package::{Entry, archive};
use super::epub::{self, opf::w3c_date, smil::millis, xhtml::non_empty};
use super::{Context, Exporter, Output, base_name};
use crate::article::Article;
use crate::error::Error;
use crate::export::sync::SyncError;
use crate::narration::Narration;
use crate::speech::script::{OPENING, Script};
use ncc::{Heading, Totals};
use std::sync::Arc;

/// `ncc:generator`.
const GENERATOR: &str = concat!("altformat ", env!("CARGO_PKG_VERSION"));

/// Writes `<title>-daisy/` and `<title>-daisy.zip`.
#[derive(Debug, Clone, Default)]
pub struct Daisy {
    options: DaisyOptions,
}

impl Daisy {
    /// The DAISY exporter with these options.
    pub fn new(options: DaisyOptions) -> Self {
        Daisy { options }
    }
}

/// What every document of the book shares.
pub(crate) struct Book<'a> {
    article: &'a Article,
    script: &'a Script,
    title: String,
    lang: String,
    identifier: String,
    /// Each section's heading level, 2 to 6 with none skipped (the title is 1).
    levels: Vec<u8>,
}

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Export {
        format: "daisy",
        message: message.to_string(),
    }
}

impl Exporter for Daisy {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let script = ctx
            .script
            .ok_or_else(|| failed("no speech script was made before the DAISY export"))?;
        let narration = ctx
            .narration
            .ok_or_else(|| failed("the DAISY book needs narration, and none was made"))?;
        let identifier = match &self.options.identifier {
            Some(id) if id.trim().is_empty() => {
                return Err(failed("[daisy] identifier is empty"));
            }
            Some(id) => id.clone(),
            None => epub::default_identifier(ctx.article),
        };
        let book = Book {
            article: ctx.article,
            script,
            title: non_empty(&ctx.article.title, "Untitled article"),
            lang: epub::language(&ctx.article.lang),
            identifier,
            levels: levels(ctx.article),
        };
        let files = self.files(&book, narration, ctx).map_err(failed)?;
        let folder = format!("{}-daisy", base_name(ctx.article));
        let mut outputs: Vec<Output> = files
            .iter()
            .map(|e| Output::joined(format!("{folder}/{}", e.path), vec![e.bytes.clone()]))
            .collect();
        if self.options.zip {
            let entries: Vec<Entry> = files
                .into_iter()
                .map(|e| Entry {
                    path: format!("{folder}/{}", e.path),
                    ..e
                })
                .collect();
            let time = epub::date::zip_time(ctx.date.seconds());
            let zip = archive(&entries, time).map_err(failed)?;
            outputs.push(Output::new(format!("{folder}.zip"), zip));
        }
        Ok(outputs)
    }
}

impl Daisy {
    /// Every file of the book in order: the NCC, the content, each track's SMIL and
    /// MP3, the master SMIL.
    fn files(
        &self,
        book: &Book,
        narration: &Narration,
        ctx: &Context,
    ) -> Result<Vec<Entry>, SyncError> {
        let (content, ids) = content::document(book);
        let mut files = vec![text(content::FILE, content)];
        let mut headings = Vec::new();
        let mut smils = Vec::new();
        let mut elapsed = 0;
        for (i, track) in narration.tracks.iter().enumerate() {
            let (smil_file, audio) = (format!("{:02}.smil", i + 1), format!("{:02}.mp3", i + 1));
            files.push(text(
                &smil_file,
                smil::track(book, track, &audio, &ids, elapsed)?,
            ));
            files.push(Entry {
                path: audio,
                bytes: track.mp3.clone(),
                stored: true,
            });
            elapsed += millis(track.duration);
            headings.push(heading(book, track, &smil_file)?);
            smils.push((smil_file, track.title.clone()));
        }
        if headings.first().is_none_or(|h| h.level != 1) {
            return Err(SyncError::NoTitle);
        }
        files.push(text("master.smil", smil::master(book, &smils, elapsed)));
        let article = book.article;
        let totals = Totals {
            time_ms: elapsed,
            files: files.len() + 1,
            date: date(article, ctx),
            publisher: self
                .options
                .publisher
                .clone()
                .or_else(|| article.source.clone())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| "Unknown publisher".into()),
            creator: epub::creator(article),
            narrator: non_empty(&narration.voice, "synthetic voice"),
        };
        files.insert(0, text(ncc::FILE, ncc::document(book, &headings, &totals)));
        Ok(files)
    }
}

/// The NCC entry of a track: the title for the opening, else its section's heading,
/// linked to the `par` that reads it.
fn heading(book: &Book, track: &crate::narration::Track, file: &str) -> Result<Heading, SyncError> {
    let (level, label, id) = if track.chapter == OPENING {
        (1, book.title.clone(), "title".to_string())
    } else {
        let (section, level) = book
            .article
            .sections
            .iter()
            .zip(&book.levels)
            .find(|(s, _)| s.id == track.chapter)
            .ok_or_else(|| SyncError::NoChapter {
                chapter: track.chapter.clone(),
                what: "section",
            })?;
        let label = non_empty(&section.heading, "Section");
        (*level, label, format!("{}-heading", section.id))
    };
    if !track.clips.iter().any(|c| c.id == id) {
        return Err(SyncError::UnreadHeading(label));
    }
    Ok(Heading {
        level,
        label,
        href: format!("{file}#{}", smil::par_id(&id)),
    })
}

/// Section heading levels as the NCC needs them: 2 to 6, never deeper than one more
/// than the heading before (DAISY players build their levels from the nesting).
fn levels(article: &Article) -> Vec<u8> {
    let mut prev = 1;
    article
        .sections
        .iter()
        .map(|s| {
            prev = s.level.clamp(2, 6).min(prev + 1);
            prev
        })
        .collect()
}

/// `dc:date`: the reproducible build date when one is given, else the article's own
/// date when it is a W3C date, else the fixed date the EPUB uses.
fn date(article: &Article, ctx: &Context) -> String {
    if let Some(secs) = ctx.date.seconds() {
        let (y, m, d, ..) = crate::export::date::civil(secs);
        return format!("{y:04}-{m:02}-{d:02}");
    }
    article
        .date
        .clone()
        .filter(|d| w3c_date(d))
        .unwrap_or_else(|| "1980-01-01".into())
}

fn text(path: &str, text: String) -> Entry {
    Entry {
        path: path.into(),
        bytes: Arc::from(text.into_bytes()),
        stored: false,
    }
}

#[cfg(test)]
mod tests;
