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

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Export {
        format: "brf",
        message: message.to_string(),
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
        let undefined = Undefined::default();
        let braille = |text: &str| -> Result<String, Error> {
            let dots = louis::translate(&tables, text).map_err(failed)?;
            let (brf, escapes) = to_brf(&dots).map_err(|c| {
                failed(format!(
                    "the braille table {table} wrote {c:?}, which is not a six-dot cell \
                     (BRF holds only six-dot braille)"
                ))
            })?;
            undefined.note(text, escapes, &tables);
            Ok(brf)
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
        let mut output = Output::new(file_name(article), brf.into_bytes());
        output
            .warnings
            .extend(undefined.verdict(&table).map_err(failed)?);
        Ok(vec![output])
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
            // Code keeps its lines: each at the margin, run-over lines indented.
            Block::Code { code, .. } => {
                for line in code.text().lines().filter(|l| !l.trim().is_empty()) {
                    pieces.push(text(braille(line.trim())?, 0, 2));
                }
                continue;
            }
            Block::Table { .. } => {
                table(block, braille, pieces)?;
                continue;
            }
        };
        for p in block.paragraphs() {
            pieces.push(text(braille(&p.text())?, first, rest));
        }
    }
    Ok(())
}

/// A table row by row, each row one entry at the margin (run-over lines indented two
/// cells): its cells in order, a data cell after its column header ("Price: 4"),
/// cells parted by semicolons. The header row itself is not repeated as a row.
fn table(
    block: &Block,
    braille: &dyn Fn(&str) -> Result<String, Error>,
    pieces: &mut Vec<Piece>,
) -> Result<(), Error> {
    let headers = block.column_headers();
    for (header, row) in block.rows() {
        if header && !headers.is_empty() {
            continue;
        }
        let line = row_text(row, &headers);
        if !line.is_empty() {
            pieces.push(text(braille(&line)?, 0, 2));
        }
    }
    Ok(())
}

/// A table row as one line: "Header: value; Header: value" (empty cells left out).
fn row_text(row: &[crate::article::Paragraph], headers: &[String]) -> String {
    row.iter()
        .enumerate()
        .filter_map(|(i, cell)| {
            let value = cell.text();
            let value = value.trim();
            (!value.is_empty()).then(|| match headers.get(i).map(|h| h.trim()) {
                Some(h) if !h.is_empty() => format!("{h}: {value}"),
                _ => value.to_string(),
            })
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// liblouis writes a character its table does not define as `'\\xHHHH'`, and in
/// `unicode.dis` the backslash of that escape is this eight-dot cell (dots 1256 and 7);
/// in BRF it is the backslash cell, as `en-us-brf.dis` writes it.
const ESCAPE: char = '\u{2873}';

/// Unicode braille to BRF ASCII, with the number of liblouis's escapes for undefined
/// characters in it; the first character that is not a six-dot cell (or a space or line
/// break) otherwise.
fn to_brf(dots: &str) -> Result<(String, usize), char> {
    let mut escapes = 0;
    let brf = dots
        .chars()
        .map(|c| match c as u32 {
            0x2800..=0x283F => Ok(BRF[(c as u32 - 0x2800) as usize] as char),
            _ if c == ESCAPE => {
                escapes += 1;
                Ok('\\')
            }
            _ if c == ' ' => Ok(' '),
            // Line breaks inside a paragraph become word spaces; layout breaks lines.
            _ if c == '\n' || c == '\r' || c == '\t' => Ok(' '),
            _ => Err(c),
        })
        .collect::<Result<String, char>>()?;
    Ok((brf, escapes))
}

/// The characters the table has no braille for, over the whole article. A few (a name
/// in another script, a rare symbol) are written as liblouis's escapes with a warning;
/// an article mostly outside its table fails, since its braille would be escapes.
#[derive(Default)]
struct Undefined {
    /// Characters translated, not counting spaces.
    total: std::cell::Cell<usize>,
    /// Escapes written.
    escaped: std::cell::Cell<usize>,
    /// The distinct characters escaped, in the order met.
    chars: std::cell::RefCell<Vec<char>>,
}

/// At most this share of an article's characters may be undefined in its table.
const MOST_UNDEFINED: f64 = 0.01;

impl Undefined {
    fn note(&self, text: &str, escapes: usize, tables: &str) {
        self.total
            .set(self.total.get() + text.chars().filter(|c| !c.is_whitespace()).count());
        if escapes == 0 {
            return;
        }
        self.escaped.set(self.escaped.get() + escapes);
        // Which characters: each distinct one outside ASCII, translated alone.
        let mut chars = self.chars.borrow_mut();
        for c in text.chars().filter(|c| !c.is_ascii()) {
            if chars.contains(&c) {
                continue;
            }
            let alone = louis::translate(tables, c.encode_utf8(&mut [0; 4]));
            if alone.is_ok_and(|d| d.contains(ESCAPE)) {
                chars.push(c);
            }
        }
    }

    /// The warning to give, or the error when too much of the article is undefined.
    fn verdict(&self, table: &str) -> Result<Option<String>, String> {
        let (escaped, total) = (self.escaped.get(), self.total.get());
        if escaped == 0 {
            return Ok(None);
        }
        let some: String = self.chars.borrow().iter().take(8).collect();
        let what = format!(
            "{escaped} of {total} characters have no braille in {table} (such as {some:?})"
        );
        if escaped as f64 > total as f64 * MOST_UNDEFINED {
            return Err(format!(
                "{what}; the article's language may need another table ([braille] table)"
            ));
        }
        Ok(Some(format!(
            "{what}; they are written as liblouis's escapes ('\\xHHHH')"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_cells_map_to_north_american_ascii() {
        assert_eq!(to_brf("⠙⠻⠜⠶⠵⠀⠘⠍").unwrap(), ("D]>7Z ^M".into(), 0));
        assert_eq!(to_brf("⠠⠓⠑⠇⠇⠕").unwrap(), (",HELLO".into(), 0));
        // liblouis's escape for a character its table lacks, as en-us-brf.dis writes it.
        assert_eq!(to_brf("⠄⡳⠭⠉⠁⠁⠉⠄").unwrap(), ("'\\XCAAC'".into(), 1));
        assert_eq!(to_brf("⣿"), Err('⣿'));
        assert!(BRF.iter().all(|&b| (0x20..=0x5F).contains(&b)));
    }

    #[test]
    fn a_table_row_reads_with_its_headers() {
        let row = [
            crate::article::Paragraph::plain("Pears"),
            crate::article::Paragraph::plain(""),
            crate::article::Paragraph::plain("$4"),
        ];
        let headers = ["Item".to_string(), "Stock".into(), "Price".into()];
        assert_eq!(row_text(&row, &headers), "Item: Pears; Price: $4");
        assert_eq!(row_text(&row, &[]), "Pears; $4");
    }

    #[test]
    fn tables_follow_the_language() {
        assert_eq!(table_for("en-GB"), Some("en-ueb-g2.ctb"));
        assert_eq!(table_for("ru"), Some("ru-litbrl.ctb"));
        assert_eq!(table_for("ko-KR"), Some("ko-g2.ctb"));
        assert_eq!(table_for("xx"), None);
    }
}
