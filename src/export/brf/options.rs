//! The `[braille]` table of `altformat.toml`.

use crate::error::ConfigError;
use serde::Deserialize;

/// Braille translation and page size.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BrailleOptions {
    /// A liblouis table (`en-ueb-g1.ctb`, or any installed table); default: chosen
    /// from the article's language (Unified English Braille grade 2 for English).
    pub table: Option<String>,
    /// Cells per line (embossers: 40 on 11.5-inch paper).
    pub cells: usize,
    /// Lines per page, the page-number line included (25 on 11-inch paper).
    pub lines: usize,
}

impl Default for BrailleOptions {
    fn default() -> Self {
        BrailleOptions {
            table: None,
            cells: 40,
            lines: 25,
        }
    }
}

impl BrailleOptions {
    /// Refuse page sizes no embosser or display has; the message names the key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !(12..=100).contains(&self.cells) {
            return Err(ConfigError::invalid(
                "braille.cells",
                format!("= {} is not within 12 to 100", self.cells),
            ));
        }
        if !(3..=100).contains(&self.lines) {
            return Err(ConfigError::invalid(
                "braille.lines",
                format!("= {} is not within 3 to 100", self.lines),
            ));
        }
        match &self.table {
            Some(t) if t.trim().is_empty() || t.contains('\0') => Err(ConfigError::invalid(
                "braille.table",
                format!("= {t:?} is not a table name"),
            )),
            _ => Ok(()),
        }
    }
}
