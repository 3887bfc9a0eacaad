//! Tables: a `w:tbl` becomes a table block, its first row a header row when Word
//! marks it one (repeated header row, or the table style's first-row look).

use super::inline::{Context, Spans};
use super::xml::{attr, child, children};
use crate::article::model::{Block, Paragraph};
use roxmltree::Node;

/// The table block of a table (`w:tbl`); none when all its cells are empty.
pub fn table_blocks(tbl: Node, cx: &mut Context) -> Vec<Block> {
    let rows: Vec<Vec<Paragraph>> = children(&tbl, "tr")
        .map(|tr| {
            let mut row = Vec::new();
            for tc in children(&tr, "tc") {
                row.push(Paragraph::plain(cell_text(tc, cx)));
                // A cell spanning columns is followed by empty ones, keeping the grid.
                let span = child(&tc, "tcPr")
                    .and_then(|p| child(&p, "gridSpan"))
                    .and_then(|g| attr(&g, "val")?.parse::<usize>().ok())
                    .unwrap_or(1);
                row.extend((1..span.min(64)).map(|_| Paragraph::plain("")));
            }
            row
        })
        .collect();
    let header_row = children(&tbl, "tr")
        .next()
        .is_some_and(|tr| child(&tr, "trPr").is_some_and(|p| child(&p, "tblHeader").is_some()))
        || child(&tbl, "tblPr")
            .and_then(|p| child(&p, "tblLook"))
            .is_some_and(|l| attr(&l, "firstRow") == Some("1"));
    let header_rows = usize::from(header_row && rows.len() > 1);
    // The table style's first-column look: the first cell of each row heads it.
    let row_headers = usize::from(
        child(&tbl, "tblPr")
            .and_then(|p| child(&p, "tblLook"))
            .is_some_and(|l| attr(&l, "firstColumn") == Some("1")),
    );
    Block::table(rows, header_rows)
        .map(|t| t.with_row_headers(row_headers))
        .into_iter()
        .collect()
}

/// The text of a cell: its paragraphs (and any nested table's) run together.
fn cell_text(tc: Node, cx: &mut Context) -> String {
    let mut parts = Vec::new();
    for p in tc
        .descendants()
        .filter(|d| d.is_element() && d.tag_name().name() == "p")
    {
        let mut spans = Spans::new(cx);
        spans.read(p);
        let text: String = spans.finish().iter().map(|s| s.text.as_str()).collect();
        if !text.is_empty() {
            parts.push(text);
        }
    }
    parts.join(" ")
}
