//! Braille for embossers and braille displays: `<title>.brf`, contracted braille
//! (Unified English Braille grade 2 for English) in North American ASCII braille.
//!
//! liblouis translates (loaded at run time, see [`louis`]); the table comes from the
//! article's language unless `[braille] table` names one. liblouis writes Unicode
//! braille (`unicode.dis`), which is mapped to BRF's ASCII cells here: the same
//! mapping as liblouis's `en-us-brf.dis`, but independent of any display table a
//! language's table brings with it (the Russian ones bring their own). Layout is
//! [`layout`]'s.

pub mod layout;
pub mod louis;
mod options;

pub use options::BrailleOptions;

use super::{Context, Exporter, Output, base_name};
use crate::article::{Article, Block};
use crate::error::Error;
use layout::{Piece, Size};

/// North American ASCII braille: the character of each six-dot cell, indexed by the
/// cell's dots as Unicode numbers them (U+2800 + dot bits).
const BRF: &[u8; 64] = b" A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)=";

/// Writes `<title>.brf`.
#[derive(Debug, Clone, Default)]
pub struct Brf {
    options: BrailleOptions,
}

impl Brf {
    /// The braille exporter with these options.
    pub fn new(options: BrailleOptions) -> Self {
        Brf { options }
    }
}

fn failed(message: String) -> Error {
    Error::Export {
        format: "brf",
        message,
    }
}

/// The liblouis table for a language tag, when one is known.
pub fn table_for(lang: &str) -> Option<&'static str> {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => "en-ueb-g2.ctb",
        "ru" => "ru-litbrl.ctb",
        "ko" => "ko-g2.ctb",
        "de" => "de-g2.ctb",
        "fr" => "fr-bfu-g2.ctb",
        "es" => "es-g2.ctb",
        "pt" => "pt-pt-g2.ctb",
        "sv" => "sv-g1.ctb",
        _ => return None,
    })
}

impl Exporter for Brf {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let article = ctx.article;
        let table = match &self.options.table {
            Some(t) => t.clone(),
            None => table_for(&article.lang)
                .ok_or_else(|| {
                    failed(format!(
                        "no braille table is known for the language {:?}; name a liblouis \
                         table in [braille] table",
                        article.lang
                    ))
                })?
                .to_string(),
        };
        let tables = format!("unicode.dis,{table}");
        let braille = |text: &str| -> Result<String, Error> {
            let dots = louis::translate(&tables, text).map_err(failed)?;
            to_brf(&dots).map_err(|c| {
                failed(format!(
                    "the braille table {table} wrote {c:?}, which is not a six-dot cell \
                     (BRF holds only six-dot braille)"
                ))
            })
        };
        let mut pieces = vec![Piece::Title(braille(&article.title)?)];
        for line in [
            &article.deck,
            &article.byline,
            &article.date,
            &article.source,
        ]
        .into_iter()
        .flatten()
        .filter(|l| !l.trim().is_empty())
        {
            pieces.push(text(braille(line)?, 0, 2));
        }
        blocks(&article.lead, &braille, &mut pieces)?;
        for section in &article.sections {
            pieces.push(Piece::Heading(braille(&section.heading)?));
            blocks(&section.blocks, &braille, &mut pieces)?;
        }
        let size = Size {
            cells: self.options.cells,
            lines: self.options.lines,
        };
        let brf = layout::pages(&pieces, size);
        Ok(vec![Output::new(file_name(article), brf.into_bytes())])
    }
}

/// `<title slug>.brf`.
pub fn file_name(article: &Article) -> String {
    format!("{}.brf", base_name(article))
}

fn text(text: String, first: usize, rest: usize) -> Piece {
    Piece::Text { text, first, rest }
}

/// Paragraphs indented two cells; list items and quotations at the margin with their
/// run-over lines indented two cells (BANA's 1-3 and 3-1 indentation, in 0-based cells).
fn blocks(
    blocks: &[Block],
    braille: &dyn Fn(&str) -> Result<String, Error>,
    pieces: &mut Vec<Piece>,
) -> Result<(), Error> {
    for block in blocks {
        let (first, rest) = match block {
            Block::Paragraph(_) => (2, 0),
            Block::List { .. } | Block::Quote { .. } => (0, 2),
        };
        for p in block.paragraphs() {
            pieces.push(text(braille(&p.text())?, first, rest));
        }
    }
    Ok(())
}

/// Unicode braille to BRF ASCII; the first character that is not a six-dot cell (or a
/// space) is the error.
fn to_brf(dots: &str) -> Result<String, char> {
    dots.chars()
        .map(|c| match c as u32 {
            0x2800..=0x283F => Ok(BRF[(c as u32 - 0x2800) as usize] as char),
            _ if c == ' ' => Ok(' '),
            // Line breaks inside a paragraph become word spaces; layout breaks lines.
            _ if c == '\n' || c == '\r' || c == '\t' => Ok(' '),
            _ => Err(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_cells_map_to_north_american_ascii() {
        assert_eq!(to_brf("⠙⠻⠜⠶⠵⠀⠘⠍").unwrap(), "D]>7Z ^M");
        assert_eq!(to_brf("⠠⠓⠑⠇⠇⠕").unwrap(), ",HELLO");
        assert_eq!(to_brf("⣿"), Err('⣿'));
        assert!(BRF.iter().all(|&b| (0x20..=0x5F).contains(&b)));
    }

    #[test]
    fn tables_follow_the_language() {
        assert_eq!(table_for("en-GB"), Some("en-ueb-g2.ctb"));
        assert_eq!(table_for("ru"), Some("ru-litbrl.ctb"));
        assert_eq!(table_for("ko-KR"), Some("ko-g2.ctb"));
        assert_eq!(table_for("xx"), None);
    }
}
