//! The `[pdf]` table of `altformat.toml` and the page geometry it resolves to.
//!
//! Defaults follow APH and UKAAF large-print guidance: 18 pt body text, 1.5 line
//! spacing, generous margins. Every value can be changed, within limits that keep
//! the result large print (body at least 14 pt, margins at least 20 mm).

use crate::error::ConfigError;
use serde::Deserialize;
use std::path::PathBuf;

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// Size presets named by large-print guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// "Clear print": 16 pt body.
    Clear,
    /// "Large print": 18 pt body (the default).
    #[default]
    Large,
    /// "Giant print": 24 pt body.
    Giant,
}

impl Preset {
    /// The body size of this preset, in points.
    pub fn body_size(self) -> f32 {
        match self {
            Preset::Clear => 16.0,
            Preset::Large => 18.0,
            Preset::Giant => 24.0,
        }
    }
}

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSize {
    /// Letter in the regions that use it (see [`letter_region`]), A4 elsewhere.
    #[default]
    Auto,
    /// ISO A4, 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

/// The `[pdf]` table.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfOptions {
    /// Size preset; `body_size` overrides its size.
    pub preset: Preset,
    /// Body text size in points (default: the preset's size).
    pub body_size: Option<f32>,
    /// Paper size: `auto` (from the article's language region), `a4` or `letter`.
    pub page: PageSize,
    /// Margin on every side, in millimetres (at least 20).
    pub margin_mm: f32,
    /// Line height as a multiple of the text size.
    pub line_spacing: f32,
    /// Print the article title at the top of every page after the first.
    pub running_title: bool,
    /// Font files or folders to draw what the embedded fonts lack, tried before the
    /// system's fonts (relative paths are from the folder of `altformat.toml`).
    pub fonts: Vec<PathBuf>,
    /// Also look in the system's font folders (`/usr/share/fonts`, `~/.local/share/fonts`...).
    pub system_fonts: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            preset: Preset::Large,
            body_size: None,
            page: PageSize::Auto,
            margin_mm: 25.0,
            line_spacing: 1.5,
            running_title: true,
            fonts: Vec::new(),
            system_fonts: true,
        }
    }
}

impl PdfOptions {
    /// The body size in points.
    pub fn body(&self) -> f32 {
        self.body_size.unwrap_or_else(|| self.preset.body_size())
    }

    /// Check the values; the message names the key and the allowed range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let body = self.body();
        if !(14.0..=72.0).contains(&body) {
            return Err(ConfigError::invalid(
                "pdf.body_size",
                format!("must be between 14 and 72 points for large print (got {body})"),
            ));
        }
        if !(20.0..=60.0).contains(&self.margin_mm) {
            return Err(ConfigError::invalid(
                "pdf.margin_mm",
                format!("must be between 20 and 60 (got {})", self.margin_mm),
            ));
        }
        if !(1.0..=3.0).contains(&self.line_spacing) {
            return Err(ConfigError::invalid(
                "pdf.line_spacing",
                format!("must be between 1.0 and 3.0 (got {})", self.line_spacing),
            ));
        }
        Ok(())
    }

    /// Page width and height in points for an article in language `lang`.
    pub fn page_points(&self, lang: &str) -> (f32, f32) {
        let letter = match self.page {
            PageSize::A4 => false,
            PageSize::Letter => true,
            PageSize::Auto => letter_region(lang),
        };
        if letter {
            (612.0, 792.0)
        } else {
            (210.0 * PT_PER_MM, 297.0 * PT_PER_MM)
        }
    }

    /// Take relative paths in `fonts` from `base` (the folder of `altformat.toml`).
    pub fn resolve_font_paths(&mut self, base: &std::path::Path) {
        for p in &mut self.fonts {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
    }

    /// The margin in points.
    pub fn margin(&self) -> f32 {
        self.margin_mm * PT_PER_MM
    }
}

/// Does the BCP 47 tag name a region whose standard paper is Letter?
///
/// The United States, Canada, Mexico, the Philippines, Chile and Colombia; every
/// other tag, including a bare language such as `en`, gets A4.
pub fn letter_region(lang: &str) -> bool {
    lang.split(['-', '_']).skip(1).any(|sub| {
        sub.len() == 2
            && ["US", "CA", "MX", "PH", "CL", "CO"]
                .iter()
                .any(|r| r.eq_ignore_ascii_case(sub))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_override() {
        let mut o = PdfOptions::default();
        assert_eq!(o.body(), 18.0);
        o.preset = Preset::Giant;
        assert_eq!(o.body(), 24.0);
        o.body_size = Some(20.0);
        assert_eq!(o.body(), 20.0);
    }

    #[test]
    fn page_size_follows_region() {
        let o = PdfOptions::default();
        assert_eq!(o.page_points("en-US"), (612.0, 792.0));
        assert_eq!(o.page_points("fr-CA"), (612.0, 792.0));
        assert_eq!(o.page_points("en"), o.page_points("en-GB"));
        assert!((o.page_points("de").0 - 595.27).abs() < 0.1);
        // A script subtag is not a region.
        assert!((o.page_points("zh-Hant").0 - 595.27).abs() < 0.1);
        let letter = PdfOptions {
            page: PageSize::Letter,
            ..PdfOptions::default()
        };
        assert_eq!(letter.page_points("de"), (612.0, 792.0));
    }

    #[test]
    fn limits_are_enforced() {
        let small = PdfOptions {
            body_size: Some(10.0),
            ..PdfOptions::default()
        };
        assert!(
            small
                .validate()
                .unwrap_err()
                .to_string()
                .contains("pdf.body_size")
        );
        let narrow = PdfOptions {
            margin_mm: 10.0,
            ..PdfOptions::default()
        };
        assert!(
            narrow
                .validate()
                .unwrap_err()
                .to_string()
                .contains("pdf.margin_mm")
        );
        assert!(PdfOptions::default().validate().is_ok());
    }
}
