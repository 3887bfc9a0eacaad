//! `[epub]`: options of the EPUB exporter.

use serde::Deserialize;

/// The `[epub]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EpubOptions {
    /// The book's `dc:identifier` (for example `urn:isbn:...`); by default a UUID v5
    /// derived from the article's source and title, so rebuilds keep the same identity.
    pub identifier: Option<String>,
    /// `dcterms:modified` as `YYYY-MM-DDThh:mm:ssZ`; by default taken from
    /// `SOURCE_DATE_EPOCH`, else a fixed date, never the clock.
    pub modified: Option<String>,
    /// Include the reading-comfort stylesheet.
    pub css: bool,
    /// What the read-along highlights while the narration plays.
    pub highlight: Highlight,
}

/// The unit of the Media Overlays' highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Highlight {
    /// Each sentence (and heading) as it is read: every reading system that plays
    /// Media Overlays follows it.
    #[default]
    Sentence,
    /// Each word as it is said, inside its sentence, where the voice times words
    /// (eSpeak NG does; a sentence whose words are not timed is highlighted whole).
    Word,
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            identifier: None,
            modified: None,
            css: true,
            highlight: Highlight::Sentence,
        }
    }
}

impl EpubOptions {
    /// Check the settings: `modified` must be a real date and time in UTC.
    pub fn validate(&self) -> Result<(), crate::error::ConfigError> {
        match &self.modified {
            Some(m) => super::date::modified(Some(m), None).map(drop),
            None => Ok(()),
        }
    }
}
