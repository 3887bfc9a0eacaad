//! Word documents in: one pandoc wrote from `tests/fixtures/docx/pandoc-features.md`
//! (every feature of the issue), its golden model, a build checked by EPUBCheck and
//! Ace, and damaged or password-protected files refused.

use crate::books::{assert_refused, build_valid};
use crate::common::*;
use serde_json::Value;

fn fixture_docx() -> std::path::PathBuf {
    fixture("docx/pandoc-features.docx")
}

#[test]
fn pandoc_docx_model() {
    let path = fixture_docx();
    let (_d, out) = run(&["inspect", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["title"], "The Harbour Survey");
    assert_eq!(a["deck"], "Findings of the spring inspection");
    assert_eq!(a["byline"], "Mira Olsen");
    assert_eq!(a["lang"], "en-GB");
    let heads: Vec<(&str, u64)> = a["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["heading"].as_str().unwrap(), s["level"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        heads,
        [
            ("Moorings", 2),
            ("Chains and shackles", 3),
            ("Records", 4),
            ("Lights", 2),
            ("Notes", 2)
        ]
    );
    let text = serde_json::to_string(&a).unwrap();
    // Notes are marked in the text and read at the end, not in the sentence.
    assert!(text.contains("worn thin,[2] and was replaced."), "{text}");
    // Issue 15 item 4: the table is a model table (header row, cells row by row),
    // no longer one "Header: value" paragraph per row.
    let records = &a["sections"][2]["blocks"];
    let table = records
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["type"] == "table")
        .unwrap_or_else(|| panic!("no table block in {records}"));
    let cells = crate::tables::table_cells(table, 2, 1);
    assert_eq!(cells, ["Berth", "Condition", "4", "replaced", "7", "sound"]);
    assert!(!text.contains("Berth: 4; Condition: replaced"), "{text}");
    assert_eq!(
        text.matches("A green harbour light on a stone pier")
            .count(),
        1
    );
    for absent in [
        "struck out",
        "TOC",
        "Table of Contents",
        "Check this.\"",
        "Editor",
    ] {
        assert!(!text.contains(absent), "{absent} was read: {text}");
    }
    golden("docx-pandoc.json", &stdout(&out));
    let (_d, out) = run(&["inspect", path.to_str().unwrap()]);
    golden("docx-pandoc.inspect.txt", &stdout(&out));
}

#[test]
fn docx_in_builds_valid_epub_json_and_pdf() {
    build_valid("docx/pandoc-features.docx", "survey.docx");
}

/// A folder of mixed inputs picks up Word documents and books too.
#[test]
fn folders_collect_docx_and_epub() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(fixture_docx(), inputs.join("survey.docx")).unwrap();
    std::fs::copy(fixture("epub/pandoc-book.epub"), inputs.join("book.epub")).unwrap();
    let out = run_in(dir.path(), &build_args("in", "json", &["--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    for slug in ["the-harbour-survey", "the-lighthouse-keeper"] {
        assert!(
            dir.path()
                .join("exports")
                .join(slug)
                .join("article.json")
                .is_file(),
            "{slug}"
        );
    }
}

#[test]
fn damaged_and_protected_docx_are_refused() {
    let good = std::fs::read(fixture_docx()).unwrap();
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    let cases: [(&str, Vec<u8>, &[&str]); 3] = [
        ("locked.docx", ole, &["encrypted", "Word document"]),
        (
            "cut.docx",
            good[..good.len() / 3].to_vec(),
            &["damaged Word document"],
        ),
        (
            "notes.docx",
            b"Title\nText.\n".to_vec(),
            &["damaged Word document", "not a readable zip"],
        ),
    ];
    assert_refused(&cases);
}
