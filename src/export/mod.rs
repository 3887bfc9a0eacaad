//! Exporters: each turns the finished inputs into output files, all with the same shape.
//!
//! # The shape of an exporter (copy it for the next format)
//!
//! - **Its own options.** `export/<format>/options.rs` (or the module itself) has
//!   `pub struct <Format>Options`: the `[<format>]` table of `altformat.toml`,
//!   `#[serde(deny_unknown_fields, default)]`, every field documented, with a
//!   `Default` that is the recommended output and a `validate` when values can be
//!   out of range. An exporter with nothing to choose (`article.json`, the audio
//!   files) has none.
//! - **Built from its options.** `pub struct <Format>` holds them and is made with
//!   `<Format>::new(options)` (a unit struct when there are no options). The batch
//!   runner (`batch`) builds it from the config; nothing else in the
//!   exporter sees the config.
//! - **Given finished inputs.** [`Exporter::export`] gets a [`Context`]: the article,
//!   its speech script and narration when the format asked for them (see
//!   [`Format::needs_script`], [`Format::needs_narration`]), and the reproducible
//!   [`SourceDate`], read once by the caller. An exporter never reads the
//!   environment, the clock or the disk.
//! - **Files out as values.** It returns [`Output`]s (a name, the bytes in shared
//!   pieces, warnings for the user). Only the batch runner writes them, through
//!   [`output::write_atomic_parts`], so nothing half-written is ever left.
//! - **Its own error text.** Failures are [`Error::Export`] naming the format.
//!
//! A new format is then: its module, a [`Format`] variant, its options table in
//! `config::Config`, and one line in the runner's `exporter`.

pub mod audio;
pub mod available;
pub mod brf;
pub mod captions;
pub mod daisy;
mod date;
pub mod epub;
pub mod m4b;
mod model_json;
pub mod output;
pub mod pdf;
mod sync;
pub mod web;

pub use audio::Audio;
pub use brf::Brf;
pub use captions::Captions;
pub use daisy::Daisy;
pub use date::SourceDate;
pub use epub::Epub;
pub use m4b::{M4b, M4bOptions};
pub use model_json::ModelJson;
pub use pdf::Pdf;
pub use sync::SyncError;
pub use web::Web;

use crate::article::Article;
use crate::error::Error;
use crate::narration::Narration;
use crate::speech::script::Script;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The finished inputs an exporter reads.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The article.
    pub article: &'a Article,
    /// The speech script (sentence ids for read-along), when the formats asked for one.
    pub script: Option<&'a Script>,
    /// The narration, when audio was made before this exporter ran.
    pub narration: Option<&'a Narration>,
    /// The date reproducible outputs carry, if any.
    pub date: &'a SourceDate,
}

/// The stem of every whole-article file (`<stem>.mp3`, `<stem>.epub`, `<stem>.pdf`): the
/// title's slug, or `article` when the title gives none.
pub fn base_name(article: &Article) -> String {
    match crate::article::slug::slugify(&article.title) {
        s if s.is_empty() => "article".into(),
        s => s,
    }
}

/// One file an exporter produced, not yet written.
#[derive(Debug, Clone)]
pub struct Output {
    /// File name inside the article's output folder.
    pub name: String,
    /// The file's content, in pieces written one after another: pieces such as a
    /// chapter's MP3 are shared with other outputs rather than copied, so a long
    /// article's audio is held once.
    pub parts: Vec<Arc<[u8]>>,
    /// What the user should know about this file (for example characters no font
    /// could draw); reported in the manifest and on the terminal.
    pub warnings: Vec<String>,
}

impl Output {
    /// A file with no warnings.
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Output::joined(name, vec![bytes.into()])
    }

    /// A file made of `parts`, with no warnings.
    pub fn joined(name: impl Into<String>, parts: Vec<Arc<[u8]>>) -> Self {
        Output {
            name: name.into(),
            parts,
            warnings: Vec::new(),
        }
    }

    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole content in one buffer (a copy; for tests and small files).
    pub fn to_vec(&self) -> Vec<u8> {
        self.parts.concat()
    }
}

/// The one interface every exporter implements.
pub trait Exporter: Sync {
    /// Produce the files for one article.
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error>;
}

/// The output formats `build` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The document model as JSON (`article.json`).
    Json,
    /// Narration: a chaptered MP3, one MP3 per section, a playlist, `narration.json`.
    Audio,
    /// EPUB 3 with Media Overlays when narration was made (`<title>.epub`).
    Epub,
    /// Large-print tagged PDF (`<title>.pdf`).
    Pdf,
    /// A read-along web page with the section MP3s (`web/index.html`).
    Web,
    /// DAISY 2.02 talking book, full text and audio (`<title>-daisy/` and its zip).
    Daisy,
    /// Contracted braille for embossers, BRF (`<title>.brf`).
    Brf,
    /// M4B audiobook with chapters, tags and a cover (`<title>.m4b`).
    M4b,
    /// WebVTT and SubRip captions, per track and for the whole article (`<title>.vtt`,
    /// `<title>.srt`, `NN-<chapter>.vtt`, `.srt`).
    Captions,
}

impl Format {
    /// What `build` makes when no formats are named: every format, braille only when
    /// liblouis can be loaded here (the narrated ones need a voice, as the audio does).
    pub fn defaults() -> Vec<Format> {
        let mut formats = vec![
            Format::Json,
            Format::Audio,
            Format::Epub,
            Format::Pdf,
            Format::Daisy,
        ];
        if brf::louis::version().is_ok() {
            formats.push(Format::Brf);
        }
        formats
    }

    /// Every format, in the order `build` makes them.
    pub fn all() -> [Format; 9] {
        use Format::*;
        [Json, Audio, Epub, Pdf, Web, Daisy, Brf, M4b, Captions]
    }

    /// The format's name as written in `[build] formats` and timings.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Audio => "audio",
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Web => "web",
            Format::Daisy => "daisy",
            Format::Brf => "brf",
            Format::M4b => "m4b",
            Format::Captions => "captions",
        }
    }

    /// Does this format need the narration (and so a voice engine)? The EPUB uses it
    /// when it is there (audio built too) but does not require it.
    pub fn needs_narration(self) -> bool {
        matches!(
            self,
            Format::Audio | Format::Web | Format::Daisy | Format::M4b | Format::Captions
        )
    }

    /// Does this format encode the levelled chapter PCM itself (not only the MP3s)?
    pub fn needs_pcm(self) -> bool {
        matches!(self, Format::M4b)
    }

    /// Does this format read the speech script (sentence ids, spoken text)?
    pub fn needs_script(self) -> bool {
        matches!(
            self,
            Format::Audio
                | Format::Epub
                | Format::Web
                | Format::Daisy
                | Format::M4b
                | Format::Captions
        )
    }
}
