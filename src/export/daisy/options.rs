//! The `[daisy]` table of `altformat.toml`.

use serde::Deserialize;

/// How the DAISY 2.02 talking book is labelled and packed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DaisyOptions {
    /// `dc:identifier`; default: the same `urn:uuid` v5 of source and title the EPUB
    /// carries, so both editions of an article share one identity.
    pub identifier: Option<String>,
    /// `dc:publisher`, the agency producing the book; default: the article's source,
    /// else "Unknown publisher".
    pub publisher: Option<String>,
    /// Also write the book zipped (`<title>-daisy.zip`), as lending systems take it.
    pub zip: bool,
}

impl Default for DaisyOptions {
    fn default() -> Self {
        DaisyOptions {
            identifier: None,
            publisher: None,
            zip: true,
        }
    }
}
