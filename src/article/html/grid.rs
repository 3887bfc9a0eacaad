//! Tables of data and blocks of code: which `<table>`s hold data (read as table blocks,
//! cell by cell) and which `<pre>`s hold code (read as code blocks, line breaks kept).

use super::dom::{self, DomNode};
use crate::article::model::{Block, Paragraph, Span};
use ego_tree::NodeId;
use scraper::node::Element;

/// Most words a data table's cell holds; a longer one is a layout table's column.
const CELL_WORDS: usize = 80;

/// Elements a layout table holds and a data table's cell does not.
const NOT_IN_CELLS: &[&str] = &[
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "form",
    "article",
    "section",
];

/// Does this `<table>` hold data rather than lay out a page? It has header cells, or
/// at least two rows of at least two cells; it is not `role="presentation"`; and no
/// cell holds a heading, a list, a nested table or a long text (a layout table's
/// columns do).
pub fn is_data_table(table: DomNode<'_>) -> bool {
    let Some(el) = table.value().as_element() else {
        return false;
    };
    if matches!(el.attr("role"), Some("presentation" | "none")) {
        return false;
    }
    let mut rows = 0;
    let mut widest = 0;
    let mut headed = false;
    for d in table.descendants().skip(1) {
        match dom::tag(&d) {
            Some(name) if NOT_IN_CELLS.contains(&name) => return false,
            Some("tr") => {
                rows += 1;
                let cells = d
                    .children()
                    .filter(|c| matches!(dom::tag(c), Some("td" | "th")))
                    .count();
                widest = widest.max(cells);
            }
            Some("th") | Some("thead") => headed = true,
            Some("td") => {
                let words = dom::visible_text(d, &|_| false).split_whitespace().count();
                if words > CELL_WORDS {
                    return false;
                }
            }
            _ => {}
        }
    }
    widest >= 1 && (headed || (rows >= 2 && widest >= 2))
}

/// A data table being read: its rows so far and the one being filled.
#[derive(Debug)]
pub struct TableBuild {
    /// The `<table>` element.
    pub node: NodeId,
    rows: Vec<(bool, Vec<Paragraph>)>,
    row: Vec<Paragraph>,
    /// Whether the first cell of each row so far was a `<th>`.
    first_th: Vec<bool>,
    /// Whether the open row's first cell is a `<th>`, once it has one.
    row_first_th: Option<bool>,
    /// For each column, how many rows below the open one a cell above still covers
    /// (`rowspan`).
    below: Vec<usize>,
    /// Cells of the open row spanning rows: first column, columns, rows below.
    fresh: Vec<(usize, usize, usize)>,
    /// Every cell of the open row so far is a `<th>`.
    row_all_th: bool,
    /// Inside `<thead>`.
    in_thead: bool,
    /// Inside a cell: how many columns and rows it spans.
    cell: Option<(usize, usize)>,
}

impl TableBuild {
    /// Start reading the table `node`.
    pub fn new(node: NodeId) -> Self {
        TableBuild {
            node,
            rows: Vec::new(),
            row: Vec::new(),
            first_th: Vec::new(),
            row_first_th: None,
            below: Vec::new(),
            fresh: Vec::new(),
            row_all_th: true,
            in_thead: false,
            cell: None,
        }
    }

    /// `<thead>` opens (`true`) or closes.
    pub fn thead(&mut self, open: bool) {
        self.in_thead = open;
    }

    /// A cell opens; `th` for a header cell, `el` for its `colspan` and `rowspan`.
    pub fn start_cell(&mut self, th: bool, el: &Element) {
        self.row_first_th.get_or_insert(th);
        self.row_all_th &= th;
        let span = |name: &str| {
            el.attr(name)
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, 64)
        };
        self.fill_covered();
        self.cell = Some((span("colspan"), span("rowspan")));
    }

    /// Columns of the open row that a cell above covers get an empty cell, so the
    /// cells after them stay in their columns.
    fn fill_covered(&mut self) {
        while self.below.get(self.row.len()).is_some_and(|n| *n > 0) {
            self.row.push(Paragraph::plain(""));
        }
    }

    /// Is a cell open?
    pub fn in_cell(&self) -> bool {
        self.cell.is_some()
    }

    /// The open cell closes with these spans; a cell spanning columns is followed by
    /// empty cells, so the grid holds.
    pub fn end_cell(&mut self, spans: Vec<Span>) {
        let Some((span, rows)) = self.cell.take() else {
            return;
        };
        if rows > 1 {
            self.fresh.push((self.row.len(), span, rows - 1));
        }
        self.row.push(Paragraph {
            id: String::new(),
            spans,
        });
        self.row.extend((1..span).map(|_| Paragraph::plain("")));
    }

    /// The open row closes.
    pub fn end_row(&mut self) {
        if self.cell.is_some() {
            self.end_cell(Vec::new());
        }
        self.fill_covered();
        for n in &mut self.below {
            *n = n.saturating_sub(1);
        }
        for (first, columns, rows) in std::mem::take(&mut self.fresh) {
            if self.below.len() < first + columns {
                self.below.resize(first + columns, 0);
            }
            for n in &mut self.below[first..first + columns] {
                *n = (*n).max(rows);
            }
        }
        let first_th = self.row_first_th.take();
        if !self.row.is_empty() {
            // A row only of cells covered from above heads nothing.
            let header = self.in_thead || (first_th.is_some() && self.row_all_th);
            self.rows.push((header, std::mem::take(&mut self.row)));
            self.first_th.push(first_th.unwrap_or(false));
        }
        self.row_all_th = true;
    }

    /// The table block: its leading header rows (in `<thead>`, or all `<th>`) head
    /// the columns, unless every row is one; when every other row opens with a `<th>`,
    /// the first column heads the rows.
    pub fn finish(mut self) -> Option<Block> {
        // Cells left open by markup that never closed its last row.
        if self.cell.is_some() || !self.row.is_empty() {
            self.end_row();
        }
        let mut header_rows = self.rows.iter().take_while(|(h, _)| *h).count();
        if header_rows == self.rows.len() {
            header_rows = 0;
        }
        let body_first_th = self.first_th.get(header_rows..).unwrap_or_default();
        let row_headers = usize::from(
            !body_first_th.is_empty()
                && body_first_th.len() + header_rows == self.rows.len()
                && body_first_th.iter().all(|th| *th),
        );
        Block::table(self.rows.into_iter().map(|(_, r)| r).collect(), header_rows)
            .map(|t| t.with_row_headers(row_headers))
    }
}

/// Class words that mark code: `language-rust`, `lang-py`, `highlight`, `sourceCode`,
/// `brush: js`, `code`.
fn names_code(el: &Element) -> bool {
    el.attr("class").is_some_and(|c| {
        c.split_whitespace().any(|w| {
            let w = w.to_ascii_lowercase();
            w.starts_with("language-")
                || w.starts_with("lang-")
                || ["code", "highlight", "brush"].iter().any(|k| w.contains(k))
        })
    })
}

/// The language a class names (`language-rust`, `lang-py`), or `data-lang`.
fn named_lang(el: &Element) -> Option<String> {
    let class = el.attr("class").unwrap_or("");
    class
        .split_whitespace()
        .find_map(|w| {
            w.strip_prefix("language-")
                .or_else(|| w.strip_prefix("lang-"))
        })
        .or_else(|| el.attr("data-lang"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
}

/// A `<pre>` that holds code (a `<code>` inside it, or a class on it or just around it
/// saying so) as a code block, its text as written; `None` for any other element and
/// for preformatted prose (a poem, a plain-text page in `<pre>`), read as text.
pub fn code_block(pre: DomNode<'_>) -> Option<Block> {
    let el = pre.value().as_element().filter(|e| e.name() == "pre")?;
    let around: Vec<&Element> = std::iter::once(pre)
        .chain(pre.ancestors().take(3))
        .chain(pre.descendants().filter(|d| dom::tag(d) == Some("code")))
        .filter_map(|n| n.value().as_element())
        .collect();
    let has_code = pre.descendants().any(|d| dom::tag(&d) == Some("code"));
    if !has_code && !around.iter().any(|e| names_code(e)) {
        return None;
    }
    let mut text = String::new();
    for d in pre.descendants() {
        if let Some(t) = d.value().as_text() {
            text.push_str(t);
        } else if dom::tag(&d) == Some("br") {
            text.push('\n');
        }
    }
    let text = text.trim_end().trim_start_matches(['\n', '\r']);
    if text.trim().is_empty() {
        return None;
    }
    let lang = named_lang(el).or_else(|| around.iter().find_map(|e| named_lang(e)));
    Some(Block::Code {
        lang,
        code: Paragraph::plain(text),
    })
}
