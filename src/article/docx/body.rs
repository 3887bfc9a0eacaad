//! The document body in order: headings, paragraphs, lists and quotes by their
//! styles and numbering, tables row by row. The title-page paragraphs (Title,
//! Subtitle, pandoc's Author and Date) are metadata, not text.

use super::inline::{Context, Spans};
use super::styles::{Numbering, Role, Styles};
use super::table::table_blocks;
use super::xml::{attr, child, local};
use crate::article::assemble::Assembler;
use crate::article::model::{Block, Paragraph, Span};
use roxmltree::Node;

/// The title-page lines found in the body.
#[derive(Debug, Default)]
pub struct Front {
    /// The first Title paragraph.
    pub title: Option<String>,
    /// The first Subtitle paragraph.
    pub subtitle: Option<String>,
    /// The Author paragraphs, joined.
    pub author: Option<String>,
    /// The first Date paragraph.
    pub date: Option<String>,
}

/// Reads a body into an [`Assembler`].
pub struct Body<'a, 'c, 's> {
    /// Styles and numbering.
    pub styles: &'a Styles,
    /// List numbering definitions.
    pub numbering: &'a Numbering,
    /// The inline reader's context.
    pub cx: &'c mut Context<'s>,
    /// The title page found.
    pub front: Front,
    /// The list or quote being filled: `Some(ordered)` for a list, `None` a quote.
    open: Option<(Option<bool>, Vec<Paragraph>)>,
    /// The alt text of the last picture, to drop a caption repeating it.
    last_alt: Vec<String>,
}

impl<'a, 'c, 's> Body<'a, 'c, 's> {
    /// A reader over these definitions.
    pub fn new(styles: &'a Styles, numbering: &'a Numbering, cx: &'c mut Context<'s>) -> Self {
        Body {
            styles,
            numbering,
            cx,
            front: Front::default(),
            open: None,
            last_alt: Vec::new(),
        }
    }

    /// Read the block-level children of `node` (the body, a content control).
    pub fn read(&mut self, node: Node, asm: &mut Assembler) {
        for c in node.children().filter(Node::is_element) {
            match local(&c) {
                "p" => self.paragraph(c, asm),
                "tbl" => {
                    self.close(asm);
                    for block in table_blocks(c, self.cx) {
                        asm.block(block);
                    }
                }
                "sdt" if !is_toc(c) => {
                    if let Some(content) = child(&c, "sdtContent") {
                        self.read(content, asm);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.read(c, asm),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node, asm: &mut Assembler) {
        let ppr = child(&p, "pPr");
        let style = ppr
            .and_then(|pr| child(&pr, "pStyle"))
            .and_then(|s| attr(&s, "val"))
            .unwrap_or("");
        let outline = ppr
            .and_then(|pr| child(&pr, "outlineLvl"))
            .and_then(|o| attr(&o, "val")?.parse::<u8>().ok())
            .filter(|l| *l < 6);
        let role = match outline {
            Some(level) => Role::Heading(level + 1),
            None => self.styles.role(style),
        };
        let num = ppr.and_then(|pr| child(&pr, "numPr"));
        let num_id = num
            .and_then(|n| child(&n, "numId"))
            .and_then(|n| attr(&n, "val"))
            .or_else(|| self.styles.num_id(style))
            .filter(|id| *id != "0");
        let level = num
            .and_then(|n| child(&n, "ilvl"))
            .and_then(|l| attr(&l, "val")?.parse().ok())
            .unwrap_or(0);
        let mut spans = Spans::new(self.cx);
        spans.read(p);
        let alts = std::mem::take(&mut spans.alts);
        let spans = spans.finish();
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        let caption_repeats = role == Role::Caption && self.last_alt.contains(&text);
        self.last_alt = alts;
        if text.is_empty() || caption_repeats {
            return;
        }
        match role {
            Role::Title if self.front.title.is_none() => self.front.title = Some(text),
            Role::Subtitle if self.front.subtitle.is_none() => self.front.subtitle = Some(text),
            Role::Author => {
                let a = self.front.author.take();
                self.front.author = Some(a.map_or(text.clone(), |a| format!("{a}, {text}")));
            }
            Role::Date if self.front.date.is_none() => self.front.date = Some(text),
            Role::Toc => {}
            Role::Heading(level) => {
                self.close(asm);
                asm.heading(&text, level + 1);
            }
            Role::Quote if num_id.is_none() => self.add(None, spans, asm),
            _ => match num_id {
                Some(id) => {
                    let ordered = self.numbering.is_ordered(id, level);
                    self.add(Some(ordered), spans, asm);
                }
                None => {
                    self.close(asm);
                    asm.block(Block::Paragraph(para(spans)));
                }
            },
        }
    }

    /// Add a paragraph to the open list (`Some(ordered)`) or quote (`None`).
    fn add(&mut self, kind: Option<bool>, spans: Vec<Span>, asm: &mut Assembler) {
        if self.open.as_ref().is_some_and(|(k, _)| *k != kind) {
            self.close(asm);
        }
        self.open
            .get_or_insert_with(|| (kind, Vec::new()))
            .1
            .push(para(spans));
    }

    /// End the open list or quote.
    pub fn close(&mut self, asm: &mut Assembler) {
        if let Some((kind, paras)) = self.open.take() {
            asm.block(match kind {
                Some(ordered) => Block::List {
                    ordered,
                    items: paras,
                },
                None => Block::Quote { paragraphs: paras },
            });
        }
    }
}

fn para(spans: Vec<Span>) -> Paragraph {
    Paragraph {
        id: String::new(),
        spans,
    }
}

/// Is this content control a table of contents (Word's and pandoc's `--toc`)?
fn is_toc(sdt: Node) -> bool {
    child(&sdt, "sdtPr")
        .and_then(|p| p.descendants().find(|d| local(d) == "docPartGallery"))
        .and_then(|g| attr(&g, "val"))
        .is_some_and(|v| v.contains("Table of Contents"))
}
