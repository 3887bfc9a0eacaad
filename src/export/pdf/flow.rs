//! From the article to blocks of lines, the structure tree skeleton and the outline.
//!
//! Typography (large-print guidance): title 1.5x body and section headings 1.25x
//! body (subsections 1.125x), all bold; body line height from the options (1.5 by
//! default); space between paragraphs instead of indents; emphasis drawn bold, never
//! italic; lists with a hanging marker; quotations indented with a rule beside them.

use super::fonts::Fonts;
use super::layout::{Emph, Line, Styled, break_lines, rtl_language};
use super::paginate::Block;
use crate::article::{Article, Block as ArticleBlock, Paragraph};

/// A structure element whose children are the marked content of one slot.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// Heading of a level, with its text (PDF/UA wants a title on headings).
    H(u16, String),
    /// Paragraph.
    P,
    /// List label (the bullet or number).
    Lbl,
    /// List item body.
    LBody,
    /// A table's header cell (it heads its column).
    TH,
    /// A table's row header cell (it heads its row).
    RowTH,
    /// A table's data cell.
    TD,
    /// A code block.
    Code,
}

/// The structure tree, built before layout and filled with content while drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element holding the content drawn for slot `usize`.
    Leaf(Leaf, usize),
    /// A list (`true`: numbered).
    List(bool, Vec<Node>),
    /// A list item.
    Item(Vec<Node>),
    /// A block quotation.
    Quote(Vec<Node>),
    /// A table: its rows.
    Table(Vec<Node>),
    /// A table row: its cells.
    Row(Vec<Node>),
}

/// One outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The text shown.
    pub title: String,
    /// 1 for the title, 2 for sections, 3 for subsections.
    pub level: u8,
    /// The block it points at.
    pub block: usize,
}

/// Everything layout produces before pagination.
#[derive(Debug, Default)]
pub struct Flow {
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// The structure tree's top-level nodes, in reading order.
    pub nodes: Vec<Node>,
    /// Outline entries, in reading order.
    pub marks: Vec<Mark>,
    /// Number of content slots used.
    pub slots: usize,
    /// Link targets, indexed by [`Styled::link`].
    pub links: Vec<String>,
}

/// Sizes and spacing derived from the body size.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Body size in points.
    pub body: f32,
    /// Body line height as a multiple of the size.
    pub line_spacing: f32,
    /// Width of the text area in points.
    pub width: f32,
}

/// Lay out the whole article into blocks.
pub fn flow(article: &Article, style: Style, fonts: &mut Fonts) -> Flow {
    let mut f = Builder {
        out: Flow::default(),
        style,
        fonts,
        // Paragraphs of a right-to-left language start right to left; others take their
        // direction from their first letter (a Hebrew quotation in an English article).
        rtl: rtl_language(&article.lang).then_some(true),
    };
    let body = style.body;
    let title = f.heading(1, &article.title, body * 1.5);
    f.out.marks.push(Mark {
        title: article.title.clone(),
        level: 1,
        block: title,
    });
    let front = [
        &article.deck,
        &article.byline,
        &article.date,
        &article.source,
    ];
    for (i, text) in front.into_iter().enumerate() {
        let Some(text) = text else { continue };
        let size = if i == 0 { body * 1.15 } else { body };
        let spans = [Styled::new(text.as_str(), false, Emph::None)];
        let b = f.text_block(&spans, size, 0.0, Leaf::P, None);
        f.out.blocks[b].keep_with_next = i == 0;
    }
    if let Some(last) = f.out.blocks.last_mut() {
        last.space_after = body * 1.5;
    }
    for block in &article.lead {
        f.block(block, None);
    }
    for section in &article.sections {
        let level = section.level.clamp(2, 6);
        let size = if level == 2 {
            body * 1.25
        } else {
            body * 1.125
        };
        let b = f.heading(u16::from(level), &section.heading, size);
        f.out.marks.push(Mark {
            title: section.heading.clone(),
            level,
            block: b,
        });
        for block in &section.blocks {
            f.block(block, None);
        }
    }
    f.out
}

struct Builder<'a, 'f> {
    out: Flow,
    style: Style,
    fonts: &'a mut Fonts<'f>,
    rtl: Option<bool>,
}

impl Builder<'_, '_> {
    fn slot(&mut self) -> usize {
        self.out.slots += 1;
        self.out.slots - 1
    }

    /// Add a block of text; returns its index. `into` collects the node instead of the top level.
    fn text_block(
        &mut self,
        spans: &[Styled],
        size: f32,
        indent: f32,
        leaf: Leaf,
        into: Option<&mut Vec<Node>>,
    ) -> usize {
        let lines = break_lines(self.fonts, spans, size, self.style.width - indent, self.rtl);
        let slot = self.slot();
        let node = Node::Leaf(leaf, slot);
        match into {
            Some(v) => v.push(node),
            None => self.out.nodes.push(node),
        }
        self.out.blocks.push(Block {
            lines,
            size,
            line_height: size * self.style.line_spacing,
            indent,
            space_after: self.style.body * 0.9,
            splittable: true,
            slot,
            ..Block::default()
        });
        self.out.blocks.len() - 1
    }

    fn heading(&mut self, level: u16, text: &str, size: f32) -> usize {
        let spans = [Styled::new(text, true, Emph::None)];
        let b = self.text_block(&spans, size, 0.0, Leaf::H(level, text.to_string()), None);
        let block = &mut self.out.blocks[b];
        // Headings: tighter leading, space above to set them off, kept with what follows.
        block.line_height = size * 1.25;
        block.space_before = if level == 1 {
            0.0
        } else {
            self.style.body * 1.5
        };
        block.space_after = self.style.body * 0.5;
        block.keep_with_next = true;
        block.splittable = false;
        b
    }

    fn block(&mut self, block: &ArticleBlock, into: Option<&mut Vec<Node>>) {
        let em = self.style.body;
        match block {
            ArticleBlock::Paragraph(p) => {
                let spans = self.spans(p);
                self.text_block(&spans, em, 0.0, Leaf::P, into);
            }
            ArticleBlock::Quote { paragraphs } => {
                let mut children = Vec::new();
                for p in paragraphs {
                    let spans = self.spans(p);
                    let b = self.text_block(&spans, em, 1.5 * em, Leaf::P, Some(&mut children));
                    self.out.blocks[b].rule = true;
                }
                push(&mut self.out.nodes, into, Node::Quote(children));
            }
            ArticleBlock::List { ordered, items } => self.list(*ordered, items, into),
            ArticleBlock::Code { code, .. } => {
                // Tabs as four spaces; the line breaks are the text's own.
                let text = code.text().replace('\t', "    ");
                let spans = [Styled::new(text, false, Emph::None)];
                let b = self.text_block(&spans, em, 0.0, Leaf::Code, into);
                self.out.blocks[b].rule = true;
            }
            ArticleBlock::Table { .. } => self.table(block, into),
        }
    }

    /// A table, laid out row by row for large print (a grid of columns this size
    /// would not fit the page): each cell a line of its own, a data cell's column
    /// header before it in bold ("Price: 4 dollars"), the cells after a row's first
    /// indented, space between rows. The tags keep the grid: Table, TR, TH, TD.
    fn table(&mut self, block: &ArticleBlock, into: Option<&mut Vec<Node>>) {
        let em = self.style.body;
        let headers = block.column_headers();
        let row_headers = block.row_headers();
        let mut rows = Vec::new();
        for (header, row) in block.rows() {
            let mut cells = Vec::new();
            for (i, cell) in row.iter().enumerate() {
                if cell.text().trim().is_empty() {
                    continue;
                }
                let mut spans = self.spans(cell);
                let label = headers.get(i).filter(|h| !header && !h.trim().is_empty());
                if let Some(h) = label {
                    spans.insert(0, Styled::new(format!("{h}: "), true, Emph::None));
                }
                if header {
                    spans.iter_mut().for_each(|s| s.bold = true);
                }
                let indent = if i == 0 { 0.0 } else { 1.5 * em };
                let leaf = match (header, i < row_headers) {
                    (true, _) => Leaf::TH,
                    (false, true) => Leaf::RowTH,
                    (false, false) => Leaf::TD,
                };
                let b = self.text_block(&spans, em, indent, leaf, Some(&mut cells));
                self.out.blocks[b].space_after = 0.2 * em;
            }
            if let Some(last) = self.out.blocks.last_mut() {
                last.space_after = 0.7 * em;
            }
            if !cells.is_empty() {
                rows.push(Node::Row(cells));
            }
        }
        push(&mut self.out.nodes, into, Node::Table(rows));
    }

    fn list(&mut self, ordered: bool, items: &[Paragraph], into: Option<&mut Vec<Node>>) {
        let em = self.style.body;
        let label = |i: usize| {
            if ordered {
                format!("{}.", i + 1)
            } else {
                "•".to_string()
            }
        };
        let markers: Vec<Line> = (0..items.len())
            .map(|i| {
                let spans = [Styled::new(label(i), false, Emph::None)];
                break_lines(self.fonts, &spans, em, f32::MAX, None).remove(0)
            })
            .collect();
        let widest = markers.iter().map(|m| m.width).fold(0.0, f32::max);
        let indent = (widest + 0.6 * em).max(1.5 * em);
        let mut children = Vec::new();
        for (item, marker) in items.iter().zip(markers) {
            let lbl = self.slot();
            let mut body = Vec::new();
            let spans = self.spans(item);
            let b = self.text_block(&spans, em, indent, Leaf::LBody, Some(&mut body));
            let block = &mut self.out.blocks[b];
            block.space_after = 0.4 * em;
            // Numbers are right-aligned against the text; bullets sit at the margin.
            block.marker_x = if ordered {
                indent - 0.6 * em - marker.width
            } else {
                0.3 * em
            };
            block.marker = Some(marker);
            block.marker_slot = Some(lbl);
            let mut li = vec![Node::Leaf(Leaf::Lbl, lbl)];
            li.extend(body);
            children.push(Node::Item(li));
        }
        if let Some(last) = self.out.blocks.last_mut() {
            last.space_after = 0.9 * em;
        }
        push(&mut self.out.nodes, into, Node::List(ordered, children));
    }
}

impl Builder<'_, '_> {
    /// A paragraph's spans as styled text: emphasis of either kind is drawn bold;
    /// links keep their target for a link annotation.
    fn spans(&mut self, p: &Paragraph) -> Vec<Styled> {
        p.spans
            .iter()
            .map(|s| {
                let emph = if s.strong {
                    Emph::Strong
                } else if s.em {
                    Emph::Em
                } else {
                    Emph::None
                };
                let link = s.link.as_ref().map(|l| {
                    self.out.links.push(l.clone());
                    (self.out.links.len() - 1) as u32
                });
                Styled::new(s.text.as_str(), emph != Emph::None, emph).with_link(link)
            })
            .collect()
    }
}

fn push(top: &mut Vec<Node>, into: Option<&mut Vec<Node>>, node: Node) {
    match into {
        Some(v) => v.push(node),
        None => top.push(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Section, Span};

    fn style() -> Style {
        Style {
            body: 18.0,
            line_spacing: 1.5,
            width: 450.0,
        }
    }

    #[test]
    fn structure_and_outline_follow_the_article() {
        let mut a = Article::new("Title", "en");
        a.deck = Some("Deck".into());
        a.lead
            .push(ArticleBlock::Paragraph(Paragraph::plain("Lead.")));
        let mut s = Section {
            id: "s".into(),
            heading: "Section".into(),
            level: 2,
            blocks: vec![ArticleBlock::List {
                ordered: true,
                items: vec![Paragraph::plain("one"), Paragraph::plain("two")],
            }],
        };
        s.blocks.push(ArticleBlock::Quote {
            paragraphs: vec![Paragraph::plain("Quoted.")],
        });
        a.sections.push(s);
        let f = flow(&a, style(), &mut Fonts::embedded_only());
        assert_eq!(f.marks.iter().map(|m| m.level).collect::<Vec<_>>(), [1, 2]);
        assert!(matches!(&f.nodes[0], Node::Leaf(Leaf::H(1, t), 0) if t == "Title"));
        assert!(matches!(&f.nodes[1], Node::Leaf(Leaf::P, 1)));
        assert!(matches!(&f.nodes[3], Node::Leaf(Leaf::H(2, _), _)));
        let Node::List(true, items) = &f.nodes[4] else {
            panic!("{:?}", f.nodes[4])
        };
        assert!(matches!(&items[1], Node::Item(v) if matches!(v[0], Node::Leaf(Leaf::Lbl, _))));
        assert!(matches!(&f.nodes[5], Node::Quote(q) if q.len() == 1));
        assert!(f.blocks[f.marks[1].block].keep_with_next);
        let quoted = f.blocks.last().unwrap();
        assert!(quoted.rule && quoted.indent > 0.0);
    }

    #[test]
    fn emphasis_is_bold_not_italic_and_sizes_scale() {
        let mut a = Article::new("T", "en");
        let mut p = Paragraph::plain("a ");
        p.spans.push(Span {
            em: true,
            ..Span::plain("b")
        });
        a.lead.push(ArticleBlock::Paragraph(p));
        let f = flow(&a, style(), &mut Fonts::embedded_only());
        assert_eq!(f.blocks[0].size, 27.0);
        let runs = &f.blocks[1].lines[0].runs;
        assert_eq!(runs[1].emph, Emph::Em);
        assert_eq!(runs[1].shaped.font, super::super::fonts::FontId::MAIN_BOLD);
        assert_eq!(f.blocks[1].line_height, 27.0);
    }

    #[test]
    fn a_long_heading_wraps_within_the_measure() {
        let mut a = Article::new("A very long title ".repeat(12), "en");
        a.sections.push(Section {
            id: "x".into(),
            heading: "Heading ".repeat(30),
            level: 2,
            blocks: vec![],
        });
        let f = flow(&a, style(), &mut Fonts::embedded_only());
        assert!(f.blocks[0].lines.len() > 3);
        assert!(f.blocks[1].lines.len() > 3);
        for b in &f.blocks {
            for l in &b.lines {
                assert!(l.width <= 450.0 + 0.01);
            }
        }
    }
}
