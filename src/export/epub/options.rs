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
}

impl Default for EpubOptions {
    fn default() -> Self {
        EpubOptions {
            identifier: None,
            modified: None,
            css: true,
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
