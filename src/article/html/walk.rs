//! Turning the main content into headings and blocks, in reading order.

use super::dom::{self, DomNode};
use super::grid::{self, TableBuild};
use super::inline::InlineBuf;
use super::page::{Page, Verdict};
use crate::article::assemble::Assembler;
use crate::article::chrome::is_chrome_line;
use crate::article::lines::{is_heading_like, is_not_heading};
use crate::article::model::{Block, Paragraph, Span};
use crate::article::noise::{self, Noise};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use std::collections::BTreeSet;

/// Longest paragraph, in words, that a chrome phrase ("Advertisement") can take out.
const CHROME_LINE_WORDS: usize = 8;

/// Longest paragraph, in words, that is taken for a cross-link when it is all link.
const LINK_LINE_WORDS: usize = 25;

/// A list or quote being filled.
#[derive(Debug)]
struct Collector {
    node: NodeId,
    ordered: Option<bool>,
    paras: Vec<Paragraph>,
}

/// Walks content roots and feeds an [`Assembler`].
pub struct Walker<'p, 'a> {
    page: &'p Page<'a>,
    /// Nodes already used elsewhere (the title `h1`, the deck): not read again.
    skip: &'p BTreeSet<NodeId>,
    keep_chrome: bool,
    inline: InlineBuf,
    heading: Option<(NodeId, u8)>,
    collectors: Vec<Collector>,
    /// The last thing seen was a dropped chrome label ("Related"): a list of links
    /// right after it goes too.
    after_chrome: bool,
    /// Table rows open around the text being read.
    rows: usize,
    /// A paragraph all in bold with a heading's shape (never in a book, whose headings
    /// are marked), waiting for what follows: before prose it is a subheading, before
    /// anything else a paragraph.
    bold: Option<Paragraph>,
    /// A heading element has opened a section, so bold subheads sit below it.
    headed: bool,
    /// The open block whose class names it a subheading (`class="subhead"`,
    /// `"pf_subheadline"`, `"crosshead"`): its text is taken as a bold paragraph is.
    subhead: Option<NodeId>,
    /// A paragraph of the article has been read: a class-named subhead before any is
    /// the article's deck, not a section's heading.
    read_prose: bool,
    /// Paragraphs and headings dropped because their text is chrome.
    pub dropped: Vec<String>,
    /// Reading a book's content document: everything is content, and images and
    /// formulas are read by their text alternatives.
    book: bool,
    /// In a book, MathML formulas left unsaid because they have no `alttext`.
    pub unread_formulas: usize,
    /// The data table being read, cell by cell.
    table: Option<TableBuild>,
    /// How deep in `<noframes>` content (read as markup) the walk is.
    noframes: u8,
}

/// Deepest `<noframes>` inside `<noframes>` whose content is read as markup.
const NOFRAMES_DEPTH: u8 = 3;

impl<'p, 'a> Walker<'p, 'a> {
    /// A walker over `page` that leaves out `skip`.
    pub fn new(page: &'p Page<'a>, skip: &'p BTreeSet<NodeId>, keep_chrome: bool) -> Self {
        Walker {
            page,
            skip,
            keep_chrome,
            inline: InlineBuf::default(),
            heading: None,
            collectors: Vec::new(),
            after_chrome: false,
            rows: 0,
            bold: None,
            headed: false,
            subhead: None,
            read_prose: false,
            dropped: Vec::new(),
            book: false,
            unread_formulas: 0,
            table: None,
            noframes: 0,
        }
    }

    /// A walker for a book's content document (see [`super::read_book_document`]):
    /// chrome is kept, and `img` alt text and MathML `alttext` are read.
    pub fn for_book(page: &'p Page<'a>, skip: &'p BTreeSet<NodeId>) -> Self {
        Walker {
            book: true,
            ..Walker::new(page, skip, true)
        }
    }

    /// Read one content root into `asm`.
    pub fn walk(&mut self, root: DomNode<'a>, asm: &mut Assembler) {
        let mut skipping: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    if skipping.is_some() {
                        continue;
                    }
                    let stand_in = self.stand_in(n);
                    if self.leave_out(n) {
                        skipping = Some(n.id());
                        match stand_in {
                            // A formula read by its alternative text stays in the sentence.
                            Some(text) => self.inline.text(&format!(" {text} ")),
                            // A formula without one is left unsaid, but it is inline.
                            None if self.book && dom::tag(&n) == Some("math") => {
                                self.unread_formulas += 1;
                                self.inline.text(" ");
                            }
                            // A dropped block still separates the text around it.
                            None => self.flush(asm),
                        }
                        continue;
                    }
                    if let Some(t) = n.value().as_text() {
                        if n.parent().and_then(|p| dom::tag(&p)) == Some("noframes")
                            && self.noframes < NOFRAMES_DEPTH
                        {
                            self.read_noframes(t, asm);
                        } else {
                            self.inline.text(t);
                        }
                    } else if let Some(el) = n.value().as_element() {
                        if self.structured(n, el, asm) {
                            if dom::tag(&n) == Some("pre") {
                                skipping = Some(n.id());
                            }
                            continue;
                        }
                        self.open(n.id(), el.name(), el.attr("href"), asm);
                        if !self.book && self.subhead.is_none() && names_subhead(el) {
                            self.subhead = Some(n.id());
                        }
                    }
                    if let Some(text) = stand_in {
                        self.inline.text(&format!(" {text} "));
                    }
                }
                Edge::Close(n) => {
                    if skipping == Some(n.id()) {
                        skipping = None;
                    } else if skipping.is_none()
                        && let Some(name) = dom::tag(&n)
                        && !self.close_table_part(n.id(), name, asm)
                    {
                        self.close(n.id(), name, asm);
                    }
                }
            }
        }
        self.flush(asm);
        self.settle_bold(asm, false);
    }

    /// In a book, the text that stands for an image (its `alt`) or a MathML formula
    /// (its `alttext`; the markup itself is never read).
    fn stand_in(&self, n: DomNode<'_>) -> Option<String> {
        let el = n.value().as_element().filter(|_| self.book)?;
        let text = match el.name() {
            "img" => el.attr("alt"),
            "math" => el.attr("alttext"),
            _ => None,
        }?;
        let text = crate::article::assemble::collapse(text);
        // A figure whose caption says the same as the image's alt text says it once.
        let captioned = || {
            let figure = n.ancestors().find(|a| dom::tag(a) == Some("figure"))?;
            let caption = figure
                .descendants()
                .find(|d| dom::tag(d) == Some("figcaption"))?;
            Some(dom::visible_text(caption, &|_| false) == text)
        };
        (!text.is_empty() && captioned() != Some(true)).then_some(text)
    }

    /// Should this subtree be left out of the article?
    fn leave_out(&self, n: DomNode<'_>) -> bool {
        if self.skip.contains(&n.id()) {
            return true;
        }
        if self.book && n.value().as_element().is_some_and(dom::is_book_furniture) {
            return true;
        }
        match self.page.verdicts.get(&n.id()) {
            Some(Verdict::Silent) => true,
            // A book keeps what a web page would call chrome, but not what is hidden.
            Some(Verdict::Chrome(label)) => !self.keep_chrome || (self.book && label == "hidden"),
            None => dom::tag(&n).is_some_and(dom::is_silent),
        }
    }

    fn open(&mut self, id: NodeId, name: &str, href: Option<&str>, asm: &mut Assembler) {
        if dom::flows_inline(name) {
            self.inline.open(name, href);
            return;
        }
        match name {
            "br" => {
                if self.inline.br() {
                    self.flush(asm);
                }
            }
            // Table cells and definition terms run on in one paragraph.
            "td" | "th" | "dt" | "dd" if self.heading.is_none() => self.inline.text(" "),
            "tr" => {
                self.flush(asm);
                self.rows += 1;
            }
            // Inside a table row, blocks are only the cells' inner layout: one row reads
            // as one line ("1 Kyle Busch 5040 5 1").
            _ if self.rows > 0 && self.heading.is_none() => self.inline.text(" "),
            _ => {
                self.flush(asm);
                if let Some(level) = dom::heading_level(name) {
                    if self.collectors.is_empty() && self.heading.is_none() {
                        self.heading = Some((id, level));
                    }
                } else if matches!(name, "ul" | "ol" | "blockquote") {
                    self.collectors.push(Collector {
                        node: id,
                        ordered: (name != "blockquote").then_some(name == "ol"),
                        paras: Vec::new(),
                    });
                }
            }
        }
    }

    fn close(&mut self, id: NodeId, name: &str, asm: &mut Assembler) {
        if dom::flows_inline(name) {
            self.inline.close(name);
            return;
        }
        if name == "br" {
            return;
        }
        if self.heading.is_some_and(|(h, _)| h == id) {
            self.end_heading(asm);
            return;
        }
        if name == "tr" {
            self.flush(asm);
            self.rows = self.rows.saturating_sub(1);
            return;
        }
        if self.rows > 0 && self.heading.is_none() {
            self.inline.text(" ");
            return;
        }
        self.flush(asm);
        if self.subhead == Some(id) {
            self.subhead = None;
        }
        if self.collectors.last().is_some_and(|c| c.node == id)
            && let Some(done) = self.collectors.pop()
        {
            self.end_collector(done, asm);
        }
    }

    fn end_heading(&mut self, asm: &mut Assembler) {
        let Some((_, level)) = self.heading.take() else {
            return;
        };
        let text = spans_text(&self.inline.take());
        if text.is_empty() {
            return;
        }
        if !self.keep_chrome && is_chrome_line(&text) {
            self.dropped.push(text);
            self.after_chrome = true;
            return;
        }
        if !self.keep_chrome
            && let Some(kind) = noise::classify(&text).filter(|k| *k != Noise::Byline)
        {
            self.drop_noise(kind, &text);
            return;
        }
        // h1 inside the content counts as a top-level section; h4-h6 as subsections.
        self.settle_bold(asm, false);
        // A book keeps its whole outline (h1 -> 2 ... h5 -> 6); its reader shifts it.
        let level = if self.book {
            level + 1
        } else {
            level.clamp(2, 3)
        };
        asm.heading(&text, level);
        self.headed = true;
        self.after_chrome = false;
    }

    fn end_collector(&mut self, done: Collector, asm: &mut Assembler) {
        if done.paras.is_empty() {
            return;
        }
        // Nested lists and quotes are flattened into the enclosing one.
        if let Some(outer) = self.collectors.last_mut() {
            outer.paras.extend(done.paras);
            return;
        }
        if !self.keep_chrome
            && (self.after_chrome || done.paras.len() >= 2)
            && is_link_list(&done.paras)
        {
            let items: Vec<String> = done.paras.iter().map(Paragraph::text).collect();
            self.dropped
                .push(dom::truncate(&items.join(" \u{b7} "), 80));
            return;
        }
        self.after_chrome = false;
        self.settle_bold(asm, false);
        asm.block(match done.ordered {
            Some(ordered) => Block::List {
                ordered,
                items: done.paras,
            },
            None => Block::Quote {
                paragraphs: done.paras,
            },
        });
    }

    /// End the paragraph being read (unless a heading or a table cell is still open).
    fn flush(&mut self, asm: &mut Assembler) {
        if self.heading.is_some()
            || self.inline.is_empty()
            || self.table.as_ref().is_some_and(TableBuild::in_cell)
        {
            return;
        }
        let spans = self.inline.take();
        let text = spans_text(&spans);
        if text.is_empty() {
            return;
        }
        let words = text.split_whitespace().count();
        if !self.keep_chrome && words <= CHROME_LINE_WORDS && is_chrome_line(&text) {
            self.dropped.push(text);
            self.after_chrome = true;
            return;
        }
        // A table row of figures is data, not a widget's counter.
        if !self.keep_chrome
            && self.rows == 0
            && let Some(kind) = noise::classify(&text)
        {
            self.drop_noise(kind, &text);
            return;
        }
        if !self.keep_chrome
            && self.collectors.is_empty()
            && words <= LINK_LINE_WORDS
            && mostly_link(&spans)
        {
            self.dropped
                .push(format!("link: {}", dom::truncate(&text, 80)));
            return;
        }
        let para = Paragraph {
            id: String::new(),
            spans,
        };
        match self.collectors.last_mut() {
            Some(c) => c.paras.push(para),
            None => {
                self.after_chrome = false;
                let prose = !is_heading_like(&text);
                self.settle_bold(asm, prose);
                let named = self.subhead.is_some() && self.read_prose && is_subhead_text(&text);
                if !self.book && (named || is_bold_subhead(&para.spans, &text)) {
                    self.bold = Some(para);
                } else {
                    self.read_prose |= prose;
                    asm.block(Block::Paragraph(para));
                }
            }
        }
    }
}

impl Walker<'_, '_> {
    /// Open an element that gives structure of its own: a code `<pre>` (read whole, as
    /// a code block: the caller skips its subtree), a data `<table>`, or a row or cell
    /// of the table being read. True when handled here.
    fn structured(
        &mut self,
        n: DomNode<'_>,
        el: &scraper::node::Element,
        asm: &mut Assembler,
    ) -> bool {
        let free = self.heading.is_none() && self.collectors.is_empty();
        match el.name() {
            "pre" if free && self.table.is_none() => {
                let Some(code) = grid::code_block(n) else {
                    return false;
                };
                self.flush(asm);
                self.settle_bold(asm, false);
                asm.block(code);
                true
            }
            "table" if free && self.table.is_none() && grid::is_data_table(n) => {
                self.flush(asm);
                self.table = Some(TableBuild::new(n.id()));
                true
            }
            name => {
                let Some(table) = self.table.as_mut().filter(|_| self.heading.is_none()) else {
                    return false;
                };
                match name {
                    "thead" => table.thead(true),
                    "tr" => self.rows += 1,
                    "td" | "th" => {
                        // Text between cells (white space) belongs to none.
                        self.inline.take();
                        table.start_cell(name == "th", el);
                    }
                    "br" if table.in_cell() => self.inline.text(" "),
                    _ => return false,
                }
                true
            }
        }
    }

    /// Close a part of the data table being read: a cell, a row, the table (placed
    /// as a block). True when handled here.
    fn close_table_part(&mut self, id: NodeId, name: &str, asm: &mut Assembler) -> bool {
        let Some(table) = self.table.as_mut().filter(|_| self.heading.is_none()) else {
            return false;
        };
        match name {
            "td" | "th" if table.in_cell() => table.end_cell(self.inline.take()),
            "tr" => {
                table.end_row();
                self.rows = self.rows.saturating_sub(1);
            }
            "thead" => table.thead(false),
            "table" if table.node == id => {
                if let Some(block) = self.table.take().and_then(TableBuild::finish) {
                    self.settle_bold(asm, false);
                    self.read_prose = true;
                    asm.block(block);
                }
            }
            "br" => {}
            _ => return false,
        }
        true
    }

    /// `<noframes>` content, which the parser keeps as text: read as the markup it is,
    /// with the same rules as the page around it.
    fn read_noframes(&mut self, markup: &str, asm: &mut Assembler) {
        self.flush(asm);
        let doc =
            scraper::Html::parse_fragment(&super::depth::cap(markup, super::depth::MAX_DEPTH));
        let root = doc.tree.root();
        let page = Page::new(root);
        let skip = BTreeSet::new();
        let mut inner = Walker::new(&page, &skip, self.keep_chrome);
        inner.book = self.book;
        inner.noframes = self.noframes + 1;
        inner.walk(root, asm);
        self.dropped.append(&mut inner.dropped);
        self.unread_formulas += inner.unread_formulas;
    }

    /// Place the waiting bold paragraph: a subheading when `before_prose`, else a
    /// paragraph as it was.
    fn settle_bold(&mut self, asm: &mut Assembler, before_prose: bool) {
        let Some(para) = self.bold.take() else {
            return;
        };
        if before_prose {
            asm.heading(&para.text(), if self.headed { 3 } else { 2 });
        } else {
            asm.block(Block::Paragraph(para));
        }
    }

    /// Leave out a line that is not article text, reporting what kind it was.
    fn drop_noise(&mut self, kind: Noise, text: &str) {
        self.dropped
            .push(format!("{}: {}", kind.label(), dom::truncate(text, 80)));
        // "Related:" or "More:" heads a list of links that goes with it.
        self.after_chrome = kind == Noise::Promo;
    }
}

/// Is the paragraph a subheading set in bold or in capitals ("<p><strong>Don't tariffs
/// produce revenue?</strong></p>", "<p>HOW WILL OBAMA PLAY?</p>")? All its text bold or
/// all its letters capitals, none of it a link, and the shape of a heading by the
/// plain-text reader's rules (short, unpunctuated, not a label, credit or figure).
fn is_bold_subhead(spans: &[Span], text: &str) -> bool {
    let visible = || spans.iter().filter(|s| !s.text.trim().is_empty());
    let linked = visible().any(|s| s.link.is_some());
    let bold = visible().all(|s| s.strong);
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = letters >= 4 && !text.chars().any(char::is_lowercase);
    !linked && (bold || capitals) && is_subhead_text(text)
}

/// Does the text have a subheading's shape by the plain-text reader's rules (short,
/// unpunctuated, not a label, credit or figure)?
fn is_subhead_text(text: &str) -> bool {
    is_heading_like(text) && !is_not_heading(text) && noise::classify(text).is_none()
}

/// Does the element's class name it a subheading: a class word containing "subhead",
/// "sub-head" or "crosshead" ("subhead", "pf_subheadline", "article-sub-headline")?
/// Decks carry such names too; the walker takes one only after the article's prose.
fn names_subhead(el: &scraper::node::Element) -> bool {
    el.attr("class").is_some_and(|c| {
        c.split_whitespace().any(|w| {
            let w = w.to_ascii_lowercase();
            w.contains("subhead") || w.contains("sub-head") || w.contains("crosshead")
        })
    })
}

fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// Is every item of the list (mostly) a link, like "more stories" lists?
fn is_link_list(paras: &[Paragraph]) -> bool {
    paras.iter().all(|p| mostly_link(&p.spans))
}

/// Is at least four fifths of the text link text?
fn mostly_link(spans: &[Span]) -> bool {
    let total: usize = spans.iter().map(|s| s.text.len()).sum();
    let linked: usize = spans
        .iter()
        .filter(|s| s.link.is_some())
        .map(|s| s.text.len())
        .sum();
    linked * 5 >= total * 4
}
