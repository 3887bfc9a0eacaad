//! A small builder that readers feed headings and blocks into, in reading order.

use super::model::{Article, Block, Section};

/// Collects headings and blocks into an [`Article`]: blocks before the first heading
/// become the lead, each heading opens a section.
#[derive(Debug)]
pub struct Assembler {
    article: Article,
}

impl Assembler {
    /// Start an article with its title and language.
    pub fn new(title: impl Into<String>, lang: impl Into<String>) -> Self {
        Assembler {
            article: Article::new(collapse(&title.into()), lang),
        }
    }

    /// The article being built, for setting metadata (deck, byline, ...).
    pub fn article_mut(&mut self) -> &mut Article {
        &mut self.article
    }

    /// Open a new section.
    pub fn heading(&mut self, text: &str, level: u8) {
        let heading = collapse(text);
        if heading.is_empty() {
            return;
        }
        self.article.sections.push(Section {
            id: String::new(),
            heading,
            level: level.clamp(2, 6),
            blocks: Vec::new(),
        });
    }

    /// Add a block to the current section (or the lead). Empty blocks are skipped.
    pub fn block(&mut self, mut block: Block) {
        match &mut block {
            Block::Paragraph(p) => {
                if p.text().trim().is_empty() {
                    return;
                }
            }
            Block::List { items, .. } => items.retain(|p| !p.text().trim().is_empty()),
            Block::Quote { paragraphs } => paragraphs.retain(|p| !p.text().trim().is_empty()),
            Block::Code { code, .. } => {
                if code.text().trim().is_empty() {
                    return;
                }
            }
            // A table keeps its empty cells (they hold the grid), but not when all are.
            Block::Table { cells, .. } => {
                if cells.iter().all(|p| p.text().trim().is_empty()) {
                    return;
                }
            }
        }
        if block.paragraphs().is_empty() {
            return;
        }
        match self.article.sections.last_mut() {
            Some(section) => section.blocks.push(block),
            None => self.article.lead.push(block),
        }
    }

    /// Note something dropped as site chrome.
    pub fn dropped(&mut self, text: &str) {
        let text = collapse(text);
        if !text.is_empty() {
            self.article.dropped.push(text);
        }
    }

    /// Finish: give everything its id.
    pub fn finish(mut self) -> Article {
        self.article.assign_ids();
        self.article
    }
}

/// Make the top heading level 2 (a book whose chapters are `h2`, or a document
/// whose first heading is Heading 2, has no sections at 2 otherwise), keeping the steps between levels.
pub fn shift_levels(sections: &mut [Section]) {
    let Some(top) = sections.iter().map(|s| s.level).min() else {
        return;
    };
    for s in sections {
        s.level = (s.level - (top - 2)).clamp(2, 6);
    }
}

/// Collapse runs of white space into single spaces and trim the ends.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
