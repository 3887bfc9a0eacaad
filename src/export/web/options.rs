//! `[web]`: options of the read-along web page.

use serde::Deserialize;

/// The `[web]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebOptions {
    /// Copy Atkinson Hyperlegible (the PDF's font, SIL OFL 1.1, about 110 KB with its
    /// licence) into `web/fonts/`, so the page's hyperlegible font option works offline.
    /// Without it the option is not offered.
    pub font: bool,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions { font: true }
    }
}
