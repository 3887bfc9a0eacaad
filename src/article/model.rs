//! The document model every reader produces and every exporter reads.

use serde::{Deserialize, Serialize};

/// One article: the single model that all readers produce and all exporters read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The headline.
    pub title: String,
    /// The subtitle or standfirst, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deck: Option<String>,
    /// Author line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Publication date as written in the source, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where the article came from (a URL or a publication name), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A unique identifier the source gives (an EPUB's `dc:identifier`: an ISBN, a
    /// UUID URN), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// BCP 47 language tag, such as `en` or `ko`.
    pub lang: String,
    /// Blocks that stand before the first heading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<Block>,
    /// The sections, in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// What the reader dropped as site chrome, so a user can check it. Not part of the
    /// serialised model (which holds only the article): `inspect` and each article's
    /// `manifest.json` report it.
    #[serde(skip)]
    pub dropped: Vec<String>,
    /// Things the reader noticed and the user should know about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// How the source asks for words to be said (an EPUB's PLS lexicons and
    /// `ssml:ph` attributes), in the order met; later entries win.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pronunciations: Vec<Pronunciation>,
}

/// A word (or phrase) and how to say it, as the source gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pronunciation {
    /// The written form.
    pub text: String,
    /// How it is said.
    pub said: Said,
}

/// How a [`Pronunciation`]'s word is said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Said {
    /// In the International Phonetic Alphabet.
    Ipa(String),
    /// As other words (a PLS `alias`: "World Wide Web" for "WWW").
    Alias(String),
}

/// A headed part of the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable, unique id (a slug of the heading), usable as an XML id and a file name.
    pub id: String,
    /// The heading text.
    pub heading: String,
    /// Heading level: 2 for a top-level section, 3 for a subsection (the title is level 1).
    pub level: u8,
    /// The content under the heading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A bulleted or numbered list; each item is one paragraph.
    List {
        /// True for a numbered list.
        ordered: bool,
        /// The items.
        items: Vec<Paragraph>,
    },
    /// A block quotation.
    Quote {
        /// The quoted paragraphs.
        paragraphs: Vec<Paragraph>,
    },
    /// A block of program code (or other preformatted text marked as code): its one
    /// paragraph holds the code in one span, line breaks and indentation kept.
    Code {
        /// The language the source names (a fenced block's info word, a
        /// `language-*` class), when it names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lang: Option<String>,
        /// The code.
        code: Paragraph,
    },
    /// A table of data. A caption, when the source has one, is the paragraph before it.
    Table {
        /// Number of columns (the widest row; shorter rows are filled with empty cells).
        columns: usize,
        /// How many of the first rows are header rows (their cells head the columns).
        #[serde(default, skip_serializing_if = "is_zero")]
        header_rows: usize,
        /// How many of each other row's first cells head their row (row headers).
        #[serde(default, skip_serializing_if = "is_zero")]
        header_columns: usize,
        /// The cells, row by row (`columns` per row); a missing cell is an empty
        /// paragraph, the only place the model has one.
        cells: Vec<Paragraph>,
    },
}

impl Block {
    /// The paragraphs of this block in reading order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        match self {
            Block::Paragraph(p) => std::slice::from_ref(p),
            Block::List { items, .. } => items,
            Block::Quote { paragraphs } => paragraphs,
            Block::Code { code, .. } => std::slice::from_ref(code),
            Block::Table { cells, .. } => cells,
        }
    }

    /// A table's rows (each `columns` cells) with whether each is a header row; no
    /// rows for any other block.
    pub fn rows(&self) -> impl Iterator<Item = (bool, &[Paragraph])> {
        let (columns, header_rows, cells) = match self {
            Block::Table {
                columns,
                header_rows,
                cells,
                ..
            } => (*columns, *header_rows, &cells[..]),
            _ => (1, 0, &[][..]),
        };
        cells
            .chunks(columns.max(1))
            .enumerate()
            .map(move |(i, row)| (i < header_rows, row))
    }

    /// The header text of each column of a table (the last header row's cells, an
    /// empty string where it has none); empty for other blocks and tables without one.
    pub fn column_headers(&self) -> Vec<String> {
        self.rows()
            .take_while(|(header, _)| *header)
            .last()
            .map(|(_, row)| row.iter().map(Paragraph::text).collect())
            .unwrap_or_default()
    }

    /// The paragraphs of this block, to change in place.
    pub(crate) fn paragraphs_mut(&mut self) -> &mut [Paragraph] {
        match self {
            Block::Paragraph(p) => std::slice::from_mut(p),
            Block::List { items, .. } => items,
            Block::Quote { paragraphs } => paragraphs,
            Block::Code { code, .. } => std::slice::from_mut(code),
            Block::Table { cells, .. } => cells,
        }
    }
}

impl Block {
    /// A table from rows of cells: rows are padded with empty cells to the widest,
    /// `header_rows` is capped at the number of rows. `None` when every cell is empty.
    pub fn table(rows: Vec<Vec<Paragraph>>, header_rows: usize) -> Option<Block> {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if rows.iter().flatten().all(|p| p.text().trim().is_empty()) {
            return None;
        }
        let header_rows = header_rows.min(rows.len());
        let cells = rows
            .into_iter()
            .flat_map(|mut row| {
                row.resize_with(columns, || Paragraph {
                    id: String::new(),
                    spans: Vec::new(),
                });
                row
            })
            .collect();
        Some(Block::Table {
            columns,
            header_rows,
            header_columns: 0,
            cells,
        })
    }

    /// The same table with `n` row-header columns (capped at its columns); any other
    /// block as it is.
    pub fn with_row_headers(mut self, n: usize) -> Block {
        if let Block::Table {
            columns,
            header_columns,
            ..
        } = &mut self
        {
            *header_columns = n.min(*columns);
        }
        self
    }

    /// How many of a table's first columns head their rows (0 for other blocks).
    pub fn row_headers(&self) -> usize {
        match self {
            Block::Table { header_columns, .. } => *header_columns,
            _ => 0,
        }
    }
}

/// A run of text with a stable id that later stages (sentences, read-along) point at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Stable id, unique in the article and valid as an XML id.
    pub id: String,
    /// The text as styled spans.
    pub spans: Vec<Span>,
}

impl Paragraph {
    /// A paragraph of plain text (the id is assigned by [`Article::assign_ids`]).
    pub fn plain(text: impl Into<String>) -> Self {
        Paragraph {
            id: String::new(),
            spans: vec![Span::plain(text)],
        }
    }

    /// The paragraph's text with styling removed.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A piece of inline text with its styling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Emphasised (italic in print; bold in large print).
    #[serde(default, skip_serializing_if = "is_false")]
    pub em: bool,
    /// Strongly emphasised (bold).
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    /// Link target, when the span is a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Span {
    /// An unstyled span.
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            em: false,
            strong: false,
            link: None,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Article {
    /// An article with a title and language and nothing else yet.
    pub fn new(title: impl Into<String>, lang: impl Into<String>) -> Self {
        Article {
            title: title.into(),
            deck: None,
            byline: None,
            date: None,
            source: None,
            identifier: None,
            lang: lang.into(),
            lead: Vec::new(),
            sections: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            pronunciations: Vec::new(),
        }
    }

    /// All blocks in reading order: the lead, then each section's blocks.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.lead
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.blocks.iter()))
    }

    /// Number of words in the body (lead and sections, headings excluded).
    pub fn word_count(&self) -> usize {
        self.blocks().map(blocks_words).sum()
    }

    /// Give every section a unique slug id and every paragraph a stable id.
    ///
    /// Ids depend only on the structure, so the same input always yields the same ids.
    pub fn assign_ids(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        number_paragraphs("lead", &mut self.lead);
        for (i, section) in self.sections.iter_mut().enumerate() {
            let base = match super::slug::slugify(&section.heading) {
                s if s.is_empty() => format!("section-{}", i + 1),
                s if clashes_with_derived(&s) => format!("{s}-section"),
                s => s,
            };
            let mut id = base.clone();
            let mut n = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            section.id = id;
            number_paragraphs(&section.id, &mut section.blocks);
        }
    }
}

/// Ids that other stages use for themselves (title page, navigation, the opening chapter).
const RESERVED_IDS: &[&str] = &[
    "lead",
    "title",
    "deck",
    "opening",
    "nav",
    "toc",
    "titlepage",
    "style",
    "package",
    "cover",
];

/// Could this slug equal an id derived from another one (`<section>-p3`, `<para>-s2`,
/// `<section>-heading`) or a reserved id? Such slugs get a suffix, which keeps section ids,
/// paragraph ids and sentence ids disjoint.
fn clashes_with_derived(slug: &str) -> bool {
    let numbered = |tag: char| {
        slug.rsplit_once('-').is_some_and(|(_, last)| {
            last.strip_prefix(tag)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
    };
    RESERVED_IDS.contains(&slug) || slug.ends_with("-heading") || numbered('p') || numbered('s')
}

/// Word count of one block.
pub fn blocks_words(block: &Block) -> usize {
    block
        .paragraphs()
        .iter()
        .map(|p| {
            p.spans
                .iter()
                .map(|s| s.text.split_whitespace().count())
                .sum::<usize>()
        })
        .sum()
}

fn number_paragraphs(prefix: &str, blocks: &mut [Block]) {
    let mut n = 0;
    for block in blocks {
        for p in block.paragraphs_mut() {
            n += 1;
            p.id = format!("{prefix}-p{n}");
        }
    }
}

/// A promise of the model that a reader broke (see [`check_invariants`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvariantError {
    /// A section id that is not a valid XML id, or is used twice.
    #[error("bad or duplicate section id {0:?}")]
    SectionId(String),
    /// A paragraph id that is not a valid XML id, is used twice, or is reserved.
    #[error("bad or duplicate paragraph id {0:?}")]
    ParagraphId(String),
    /// A paragraph with no text.
    #[error("empty paragraph {0}")]
    EmptyParagraph(String),
    /// A table whose cells do not fill whole rows.
    #[error("table at {0} has cells that do not fill its rows")]
    TableShape(String),
}

/// Check what every reader promises: a title, unique section and paragraph ids that are
/// valid XML ids, no empty paragraphs (but a table's missing cells), and tables whose
/// cells fill whole rows. Used by tests and fuzz targets.
pub fn check_invariants(article: &Article) -> Result<(), InvariantError> {
    let mut ids = std::collections::BTreeSet::new();
    let valid = |id: &str| {
        id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let sections = article.sections.iter().map(|s| (s.id.as_str(), &s.blocks));
    for (id, blocks) in std::iter::once(("lead", &article.lead)).chain(sections) {
        if !valid(id) || (id != "lead" && !ids.insert(id.to_string())) {
            return Err(InvariantError::SectionId(id.to_string()));
        }
        for block in blocks {
            for p in block.paragraphs() {
                if !valid(&p.id)
                    || !ids.insert(p.id.clone())
                    || RESERVED_IDS.contains(&p.id.as_str())
                {
                    return Err(InvariantError::ParagraphId(p.id.clone()));
                }
                // A table's missing cell is the one empty paragraph allowed.
                if p.text().trim().is_empty() && !matches!(block, Block::Table { .. }) {
                    return Err(InvariantError::EmptyParagraph(p.id.clone()));
                }
            }
            if let Block::Table { columns, cells, .. } = block
                && (*columns == 0 || cells.len() % columns != 0)
            {
                return Err(InvariantError::TableShape(block.paragraphs()[0].id.clone()));
            }
        }
    }
    Ok(())
}
