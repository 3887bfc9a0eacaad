//! Code blocks and tables through the whole pipeline (issue 15 item 4): read from
//! Markdown, HTML and Word into model blocks, written as EPUB `<pre>`/`<table>`
//! (EPUBCheck 5 and 4, Ace), tagged in the PDF (Table/TR/TH/TD, Code), and said row by
//! row with their headers in the speech script.

use crate::common::*;
use crate::epub::{find_epub, validate};
use crate::pdf::{Objects, build_pdf};
use serde_json::Value;
use std::path::PathBuf;

fn markdown() -> PathBuf {
    fixture("tables/code-and-tables.md")
}

fn html() -> PathBuf {
    fixture("tables/table-and-code.html")
}

fn inspect_json(path: &std::path::Path) -> (Value, String) {
    let (_d, out) = run(&["inspect", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = stdout(&out);
    (serde_json::from_str(&json).unwrap(), json)
}

/// Every block of the model, lead first, in reading order.
fn blocks(a: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = a["lead"].as_array().cloned().unwrap_or_default();
    for s in a["sections"].as_array().into_iter().flatten() {
        out.extend(s["blocks"].as_array().cloned().unwrap_or_default());
    }
    out
}

fn text(p: &Value) -> String {
    p["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect()
}

/// A model table's cell texts, row by row, after checking its shape.
pub(crate) fn table_cells(table: &Value, columns: u64, header_rows: u64) -> Vec<String> {
    assert_eq!(table["type"], "table", "{table}");
    assert_eq!(table["columns"], columns, "{table}");
    assert_eq!(table["header_rows"], header_rows, "{table}");
    table["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(text)
        .collect()
}

fn of_type(blocks: &[Value], kind: &str) -> Vec<Value> {
    blocks
        .iter()
        .filter(|b| b["type"] == kind)
        .cloned()
        .collect()
}

/// Regression for issue 15 item 4: "rm -rf /tmp/x Second paragraph." (a code block
/// glued to the next paragraph) and a final code block dropped; raw HTML blocks losing
/// their prose.
#[test]
fn markdown_code_blocks_stand_alone_and_raw_html_keeps_its_prose() {
    let (a, json) = inspect_json(&markdown());
    let all = blocks(&a);
    let code = of_type(&all, "code");
    let codes: Vec<String> = code.iter().map(|c| text(&c["code"])).collect();
    assert_eq!(
        codes,
        [
            "rm -rf /tmp/x\ndu -sh /var/cache",
            "echo indented code",
            "truncate -s 0 build.log"
        ]
    );
    assert_eq!(code[0]["lang"], "sh");
    assert!(
        code[1].get("lang").is_none(),
        "an indented block names no language"
    );
    let paragraphs: Vec<String> = of_type(&all, "paragraph").iter().map(text).collect();
    for whole in [
        "Second paragraph after the first code block.",
        "A paragraph after the indented block.",
        "A note written in raw HTML, inside a div.",
        "A centred paragraph in raw HTML.",
        "Hidden prose inside a details element.",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == whole),
            "{whole}: {paragraphs:?}"
        );
    }
    assert!(!json.contains("/tmp/x Second"), "glued again: {json}");
    // The pipe table is a table with its header row; the missing cell is empty.
    let cells = table_cells(&of_type(&all, "table")[0], 3, 1);
    assert_eq!(
        cells,
        [
            "Item", "Price", "Stock", "Apples", "$3", "40", "Pears", "$4", ""
        ]
    );
    // A raw HTML table goes through the HTML reader: its first column heads the rows.
    let hours = &of_type(&all, "table")[1];
    assert_eq!(hours["header_columns"], 1, "{hours}");
    let cells = table_cells(hours, 3, 1);
    assert_eq!(&cells[3..6], ["Monday", "9", "17"]);
    // What raw HTML held and gave no block is reported, not lost silently.
    let dropped = dropped_lines(&markdown(), &[]);
    assert!(
        dropped.iter().any(|d| d.contains("trackVisitor")),
        "{dropped:?}"
    );
    assert!(!json.contains("trackVisitor"));
    golden("markdown-tables.json", &json);
}

#[test]
fn html_table_is_a_model_table_and_noframes_is_read() {
    let (a, json) = inspect_json(&html());
    let all = blocks(&a);
    let tables = of_type(&all, "table");
    assert_eq!(tables.len(), 1, "{json}");
    let cells = table_cells(&tables[0], 3, 1);
    assert_eq!(&cells[..3], ["Length", "Price", "Season"]);
    assert_eq!(&cells[6..9], ["8 to 12 metres", "4 dollars", "Summer only"]);
    // A cell spanning two columns is followed by an empty one, so rows stay aligned.
    assert_eq!(&cells[9..], ["Over 12 metres by arrangement", "", "Winter"]);
    // The caption is the paragraph before the table, not a cell.
    let at = all.iter().position(|b| b["type"] == "table").unwrap();
    assert_eq!(text(&all[at - 1]), "Mooring fees per night");
    let code = &of_type(&all, "code")[0];
    assert_eq!(code["lang"], "python");
    assert_eq!(
        text(&code["code"]),
        "import tides\nfor day in tides.week():\n    print(day.high_water)"
    );
    let paragraphs: Vec<String> = of_type(&all, "paragraph").iter().map(text).collect();
    assert!(
        paragraphs.contains(
            &"This page is best read with frames, but the fees are all listed above in the table."
                .to_string()
        ),
        "{paragraphs:?}"
    );
    assert!(
        !json.contains("<p>"),
        "noframes read as literal markup: {json}"
    );
}

/// The utterances of `inspect --speech`: (display, spoken) pairs.
fn speech(input: &std::path::Path) -> Vec<(String, String)> {
    let (_d, out) = run(&["inspect", "--speech", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let mut pairs = Vec::new();
    let mut display = None;
    for line in text.lines() {
        if let Some(d) = line.strip_prefix("  display: ") {
            display = Some(d.to_string());
        } else if let Some(s) = line.strip_prefix("  spoken:  ") {
            let d = display.take().expect("display before spoken");
            let s = if s == "(as displayed)" {
                d.clone()
            } else {
                s.to_string()
            };
            pairs.push((d, s));
        }
    }
    pairs
}

#[test]
fn speech_reads_a_table_row_by_row_with_its_headers_and_announces_code() {
    let said = speech(&html());
    let spoken = |display: &str| {
        said.iter()
            .find(|(d, _)| d == display)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| panic!("no utterance shows {display:?}: {said:?}"))
    };
    // The displayed text stays the cell's own (EPUB sentence spans fit it); what is
    // said adds the table, the row number and the column header.
    assert_eq!(spoken("Length"), "Table, [3 → three] rows. Length");
    assert_eq!(
        spoken("8 to 12 metres"),
        "Row [2 → two]. Length: [8 → eight] to [12 → twelve] metres"
    );
    assert_eq!(spoken("4 dollars"), "Price: [4 → four] dollars");
    assert_eq!(spoken("Winter"), "Season: Winter");
    assert_eq!(
        spoken("import tides"),
        "Code block, [3 → three] lines. import tides"
    );
    // Each line of code is an utterance of its own.
    assert_eq!(spoken("print(day.high_water)"), "print(day.high_water)");
    // A Markdown table's dollar amounts are normalised after the header.
    let md = speech(&markdown());
    assert!(
        md.iter()
            .any(|(d, s)| d == "$4" && s == "Price: [$4 → four dollars]"),
        "{md:?}"
    );
}

#[test]
fn epub_with_tables_and_code_passes_epubcheck_and_ace() {
    for input in [html(), markdown()] {
        let (dir, out) = run(&build_args(input.to_str().unwrap(), "epub", &["--quiet"]));
        assert!(out.status.success(), "{}", stderr(&out));
        let epub = find_epub(&dir.path().join("exports"));
        validate(&epub);
        let file = std::fs::File::open(&epub).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut xhtml = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            if f.name().is_ok_and(|n| n.ends_with(".xhtml")) {
                std::io::Read::read_to_string(&mut f, &mut xhtml).unwrap();
            }
        }
        assert!(xhtml.contains("<table>"), "{xhtml}");
        assert!(xhtml.contains("<th scope=\"col\""), "{xhtml}");
        assert!(xhtml.contains("<pre><code"), "{xhtml}");
        if input == markdown() {
            assert!(xhtml.contains("<th scope=\"row\""), "{xhtml}");
        }
    }
}

#[test]
fn pdf_tags_tables_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(dir.path(), &html(), "");
    let objects = Objects::load(&pdf);
    let tree = objects.get(&objects.root()["/StructTreeRoot"]);
    let mut types = Vec::new();
    objects.struct_types(&tree["/K"], &mut types);
    let count = |t: &str| types.iter().filter(|x| *x == t).count();
    assert_eq!(count("Table"), 1, "{types:?}");
    // Four rows; three header cells; 3 + 3 + 2 data cells (the spanned cell is empty).
    assert_eq!(count("TR"), 4, "{types:?}");
    assert_eq!(count("TH"), 3, "{types:?}");
    assert_eq!(count("TD"), 8, "{types:?}");
    assert_eq!(count("Code"), 1, "{types:?}");
    let pos = |t: &str| types.iter().position(|x| x == t).unwrap();
    assert!(pos("Table") < pos("TR") && pos("TR") < pos("TH") && pos("TH") < pos("TD"));
    assert!(pos("TD") < pos("Code"), "reading order: {types:?}");
    // The large-print layout reads a data cell after its column header.
    let text = crate::pdf::tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Price: 4 dollars"), "{text}");
    // Row headers (the raw HTML table of the Markdown fixture) are TH scoped to rows.
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(dir.path(), &markdown(), "");
    let tree = crate::pdf::tool("pdfinfo", &["-struct", pdf.to_str().unwrap()]);
    assert_eq!(tree.matches("/Scope /Row").count(), 2, "{tree}");
    assert!(tree.contains("/Scope /Column"), "{tree}");
}

#[test]
fn daisy_content_with_a_table_and_code_is_valid_xhtml_1() {
    let input = html();
    let (dir, out) = run(&build_args(input.to_str().unwrap(), "daisy", &["--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let book = dir
        .path()
        .join("exports/harbour-fees-explained/harbour-fees-explained-daisy");
    let content = std::fs::read_to_string(book.join("content.html")).unwrap();
    assert!(content.contains("<th scope=\"col\""), "{content}");
    assert!(content.contains("<pre><code"), "{content}");
    for name in ["content.html", "ncc.html", "01.smil"] {
        let path = book.join(name);
        let v = std::process::Command::new("xmllint")
            .args(["--noout", "--valid", "--nonet", path.to_str().unwrap()])
            .output()
            .expect("xmllint (libxml2-utils) runs");
        assert!(v.status.success(), "{name}: {}", stderr(&v));
    }
}
