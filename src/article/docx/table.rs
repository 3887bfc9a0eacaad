//! Tables, read row by row while the model has no table block: with a header row,
//! each row reads "Header: value; Header: value"; without one, the cells in order.
//! One function, so it can turn into a table block when the model has one.

use super::inline::{Context, Spans};
use super::xml::{attr, child, children};
use crate::article::model::{Block, Paragraph};
use roxmltree::Node;

/// The paragraphs of a table (`w:tbl`).
pub fn table_blocks(tbl: Node, cx: &mut Context) -> Vec<Block> {
    let rows: Vec<Vec<String>> = children(&tbl, "tr")
        .map(|tr| children(&tr, "tc").map(|tc| cell_text(tc, cx)).collect())
        .collect();
    let header_row = children(&tbl, "tr")
        .next()
        .is_some_and(|tr| child(&tr, "trPr").is_some_and(|p| child(&p, "tblHeader").is_some()))
        || child(&tbl, "tblPr")
            .and_then(|p| child(&p, "tblLook"))
            .is_some_and(|l| attr(&l, "firstRow") == Some("1"));
    let (header, body) = match rows.split_first() {
        Some((first, rest)) if header_row && !rest.is_empty() => (Some(first), rest),
        _ => (None, &rows[..]),
    };
    body.iter()
        .filter_map(|row| {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(
                    |(i, c)| match header.and_then(|h| h.get(i)).filter(|h| !h.is_empty()) {
                        Some(h) => format!("{h}: {c}"),
                        None => c.clone(),
                    },
                )
                .collect();
            (!cells.is_empty()).then(|| Block::Paragraph(Paragraph::plain(cells.join("; "))))
        })
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
