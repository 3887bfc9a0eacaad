//! The speech script: what the narrator says, in order, with stable ids.
//!
//! Chapter 0 (`opening`) reads the title, the deck and the lead; each section is a
//! chapter of its own that starts with its heading. Every utterance keeps the text as
//! displayed (for EPUB highlighting) and the text as spoken (after normalisation).

use crate::article::{Article, Block, Paragraph};
use serde::Serialize;
use std::ops::Range;

/// Id of the chapter that reads the title, deck and lead.
pub const OPENING: &str = "opening";

/// What kind of thing an utterance is; pauses and voice settings depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The article title.
    Title,
    /// The deck (subtitle).
    Deck,
    /// A section heading.
    Heading,
    /// A sentence of body text.
    Sentence,
}

/// One thing to say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Utterance {
    /// Stable id: `title`, `deck`, `<section-id>-heading`, or `<paragraph-id>-s<n>`.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// The paragraph it belongs to (sentences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Byte range of the sentence within its paragraph's text (sentences only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<std::ops::Range<usize>>,
    /// The text as shown.
    pub display: String,
    /// Words said before the displayed text and not displayed: a table cell's row
    /// number and column header ("Row 2. Price: "), a code block's announcement.
    /// `spoken` includes them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lead_in: String,
    /// The text as the voice should read it.
    pub spoken: String,
    /// Silence after this utterance, in milliseconds.
    pub pause_after_ms: u32,
}

/// A chapter of narration: the opening, or one section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chapter {
    /// [`OPENING`] or the section id.
    pub id: String,
    /// The chapter title (the article title for the opening, else the heading).
    pub title: String,
    /// What is said, in order.
    pub utterances: Vec<Utterance>,
}

/// The whole speech script of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Script {
    /// Language of the text (BCP 47).
    pub lang: String,
    /// Chapters in order.
    pub chapters: Vec<Chapter>,
}

/// Pauses, in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pauses {
    /// After a sentence inside a paragraph.
    pub sentence_ms: u32,
    /// After the last sentence of a paragraph.
    pub paragraph_ms: u32,
    /// After a heading (and after the title and deck).
    pub heading_ms: u32,
    /// At the end of a chapter, before the next heading.
    pub chapter_ms: u32,
}

impl Default for Pauses {
    fn default() -> Self {
        Pauses {
            sentence_ms: 250,
            paragraph_ms: 600,
            heading_ms: 700,
            chapter_ms: 1000,
        }
    }
}

impl Script {
    /// All utterances in reading order.
    pub fn utterances(&self) -> impl Iterator<Item = &Utterance> {
        self.chapters.iter().flat_map(|c| c.utterances.iter())
    }
}

impl Script {
    /// The script of an article. `spoken` turns display text into spoken text
    /// (normalisation and lexicon); pass `|s| s.to_string()` for none.
    pub fn from_article(
        article: &Article,
        pauses: &Pauses,
        spoken: &dyn Fn(&str) -> String,
    ) -> Script {
        let mut opening = Chapter {
            id: OPENING.into(),
            title: article.title.clone(),
            utterances: vec![whole("title", Kind::Title, &article.title, pauses, spoken)],
        };
        if let Some(deck) = &article.deck {
            opening
                .utterances
                .push(whole("deck", Kind::Deck, deck, pauses, spoken));
        }
        add_blocks(&mut opening, &article.lead, &article.lang, pauses, spoken);
        let mut chapters = vec![opening];
        for section in &article.sections {
            let mut chapter = Chapter {
                id: section.id.clone(),
                title: section.heading.clone(),
                utterances: vec![whole(
                    &format!("{}-heading", section.id),
                    Kind::Heading,
                    &section.heading,
                    pauses,
                    spoken,
                )],
            };
            add_blocks(&mut chapter, &section.blocks, &article.lang, pauses, spoken);
            chapters.push(chapter);
        }
        for chapter in &mut chapters {
            if let Some(last) = chapter.utterances.last_mut() {
                last.pause_after_ms = pauses.chapter_ms;
            }
        }
        Script {
            lang: article.lang.clone(),
            chapters,
        }
    }
}

fn whole(
    id: &str,
    kind: Kind,
    text: &str,
    pauses: &Pauses,
    speak: &dyn Fn(&str) -> String,
) -> Utterance {
    Utterance {
        id: id.into(),
        kind,
        paragraph: None,
        range: None,
        display: text.into(),
        lead_in: String::new(),
        spoken: speak(text),
        pause_after_ms: pauses.heading_ms,
    }
}

fn add_blocks(
    chapter: &mut Chapter,
    blocks: &[Block],
    lang: &str,
    pauses: &Pauses,
    speak: &dyn Fn(&str) -> String,
) {
    let said = Said::for_lang(lang);
    let mut say = |p: &Paragraph, ranges: Vec<Range<usize>>, first: String| {
        add_paragraph(chapter, p, ranges, &first, pauses, speak);
    };
    for block in blocks {
        match block {
            Block::Code { code, .. } => {
                let lines = code_lines(&code.text());
                let first = said.code(lines.len());
                say(code, lines, first);
            }
            Block::Table { .. } => {
                let headers = block.column_headers();
                let body_rows = block.rows().filter(|(h, _)| !h).count();
                let mut announce = Some(said.table(body_rows));
                let mut n = 0;
                for (header, row) in block.rows() {
                    n += usize::from(!header);
                    let mut row_start = (!header).then(|| said.row(n));
                    for (i, cell) in row.iter().enumerate() {
                        let ranges = super::sentences::split(&cell.text(), lang);
                        if ranges.is_empty() {
                            continue;
                        }
                        let label = headers.get(i).filter(|h| !header && !h.trim().is_empty());
                        let first = [
                            announce.take(),
                            row_start.take(),
                            label.map(|h| format!("{h}: ")),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        say(cell, ranges, first);
                    }
                }
            }
            _ => {
                for p in block.paragraphs() {
                    let ranges = super::sentences::split(&p.text(), lang);
                    say(p, ranges, String::new());
                }
            }
        }
    }
}

/// The sentences (`ranges` of its text) of one paragraph, the first said after `first`
/// (a table's row number and column header, a code block's announcement), which is
/// spoken but not displayed.
fn add_paragraph(
    chapter: &mut Chapter,
    p: &Paragraph,
    ranges: Vec<Range<usize>>,
    first: &str,
    pauses: &Pauses,
    speak: &dyn Fn(&str) -> String,
) {
    let text = p.text();
    let n = ranges.len();
    for (i, r) in ranges.into_iter().enumerate() {
        let display = text[r.clone()].to_string();
        let lead_in = if i == 0 {
            first.to_string()
        } else {
            String::new()
        };
        let spoken = speak(&format!("{lead_in}{display}"));
        chapter.utterances.push(Utterance {
            id: format!("{}-s{}", p.id, i + 1),
            kind: Kind::Sentence,
            paragraph: Some(p.id.clone()),
            range: Some(r),
            spoken,
            display,
            lead_in,
            pause_after_ms: if i + 1 == n {
                pauses.paragraph_ms
            } else {
                pauses.sentence_ms
            },
        });
    }
}

/// The lines of a code block that have text, as byte ranges without their
/// indentation: each is said (and highlighted) as a sentence of its own, since code
/// has no sentences and a long block would otherwise be one utterance.
fn code_lines(code: &str) -> Vec<Range<usize>> {
    let mut at = 0;
    let mut out = Vec::new();
    for line in code.split_inclusive('\n') {
        let start = at + (line.len() - line.trim_start().len());
        let end = at + line.trim_end().len();
        if end > start {
            out.push(start..end);
        }
        at += line.len();
    }
    out
}

/// The words said around tables and code, in the article's language. Code is
/// announced with its length ("Code block, 3 lines."), so a listener knows what is
/// coming and for how long before the symbols start; a table with its number of rows,
/// each row with its number. In a language these words are not written for, nothing is
/// announced and only the column headers are said before their cells.
struct Said {
    /// Code block, line, lines, Table, row, rows, Row.
    words: Option<[&'static str; 7]>,
}

impl Said {
    fn for_lang(lang: &str) -> Said {
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        let words = match primary.to_ascii_lowercase().as_str() {
            "en" => Some(["Code block", "line", "lines", "Table", "row", "rows", "Row"]),
            "fr" => Some([
                "Bloc de code",
                "ligne",
                "lignes",
                "Tableau",
                "ligne",
                "lignes",
                "Ligne",
            ]),
            "de" => Some([
                "Codeblock",
                "Zeile",
                "Zeilen",
                "Tabelle",
                "Zeile",
                "Zeilen",
                "Zeile",
            ]),
            "es" => Some([
                "Bloque de código",
                "línea",
                "líneas",
                "Tabla",
                "fila",
                "filas",
                "Fila",
            ]),
            _ => None,
        };
        Said { words }
    }

    /// "Code block, 3 lines. " before a code block's first line.
    fn code(&self, lines: usize) -> String {
        self.words.map_or(String::new(), |w| {
            format!("{}, {lines} {}. ", w[0], w[if lines == 1 { 1 } else { 2 }])
        })
    }

    /// "Table, 4 rows. " before a table's first cell.
    fn table(&self, rows: usize) -> String {
        self.words.map_or(String::new(), |w| {
            format!("{}, {rows} {}. ", w[3], w[if rows == 1 { 4 } else { 5 }])
        })
    }

    /// "Row 2. " before a data row's first cell.
    fn row(&self, n: usize) -> String {
        self.words
            .map_or(String::new(), |w| format!("{} {n}. ", w[6]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, Section};

    fn article(lang: &str, block: Block) -> Article {
        let mut a = Article::new("T", lang);
        a.sections.push(Section {
            id: String::new(),
            heading: "H".into(),
            level: 2,
            blocks: vec![block],
        });
        a.assign_ids();
        a
    }

    fn lead_ins(a: &Article) -> Vec<(String, String)> {
        let script = Script::from_article(a, &Pauses::default(), &|s| s.to_string());
        script
            .utterances()
            .filter(|u| u.kind == Kind::Sentence)
            .map(|u| (u.lead_in.clone(), u.display.clone()))
            .collect()
    }

    fn table(rows: &[&[&str]], header_rows: usize) -> Block {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|c| Paragraph::plain(*c)).collect())
            .collect();
        Block::table(rows, header_rows).unwrap()
    }

    #[test]
    fn one_row_is_one_row_and_french_says_ligne() {
        let t = table(&[&["Prix", "Stock"], &["4", ""]], 1);
        assert_eq!(
            lead_ins(&article("fr-FR", t)),
            [
                ("Tableau, 1 ligne. ".to_string(), "Prix".to_string()),
                (String::new(), "Stock".into()),
                ("Ligne 1. Prix: ".into(), "4".into()),
            ]
        );
    }

    #[test]
    fn a_language_without_the_words_gets_only_the_headers() {
        let t = table(&[&["가격", "재고"], &["4", "9"]], 1);
        let said = lead_ins(&article("ko", t));
        assert_eq!(said[2], ("가격: ".to_string(), "4".to_string()));
        assert_eq!(said[0].0, "");
        let code = Block::Code {
            lang: None,
            code: Paragraph::plain("a\n\n  b"),
        };
        let said = lead_ins(&article("ko", code));
        assert_eq!(
            said,
            [
                (String::new(), "a".into()),
                (String::new(), "b".to_string())
            ]
        );
    }
}
