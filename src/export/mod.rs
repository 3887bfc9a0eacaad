//! Exporters: each turns the finished model into output files, all with the same shape.
//!
//! An exporter only reads the [`Context`] and returns [`Output`]s (a name and bytes);
//! only [`output::write_atomic`] ever touches the disk, so nothing half-written is left.

pub mod audio;
pub mod epub;
mod model_json;
pub mod output;
pub mod pdf;

use crate::article::Article;
use crate::config::Config;
use crate::error::Error;
use crate::narration::Narration;
use crate::speech::script::Script;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What an exporter gets to read.
#[derive(Debug)]
pub struct Context<'a> {
    /// The article.
    pub article: &'a Article,
    /// The whole configuration (each exporter reads its own table).
    pub config: &'a Config,
    /// The speech script (sentence ids for read-along), when one was made.
    pub script: Option<&'a Script>,
    /// The narration, when audio was made before this exporter ran.
    pub narration: Option<&'a Narration>,
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
    /// Which format this is.
    fn format(&self) -> Format;
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
}

impl Format {
    /// What `build` makes when no formats are named.
    pub fn defaults() -> Vec<Format> {
        vec![Format::Json, Format::Audio, Format::Epub, Format::Pdf]
    }

    /// The exporter for this format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Json => Box::new(model_json::ModelJson),
            Format::Audio => Box::new(audio::Audio),
            Format::Epub => Box::new(epub::Epub),
            Format::Pdf => Box::new(pdf::Pdf),
        }
    }

    /// Does this format need the narration (and so a voice engine)? The EPUB uses it
    /// when it is there (audio built too) but does not require it.
    pub fn needs_narration(self) -> bool {
        matches!(self, Format::Audio)
    }

    /// Does this format read the speech script (sentence ids, spoken text)?
    pub fn needs_script(self) -> bool {
        matches!(self, Format::Audio | Format::Epub)
    }
}
