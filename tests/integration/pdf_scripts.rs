//! Every script in the large-print PDF: Korean, Japanese, Arabic and Hebrew articles
//! drawn with the system's Noto fonts (`fonts-noto-cjk`, `fonts-noto-core`, installed
//! by `.ci/install-tools.sh`), text extracted by `pdftotext` in reading order, and
//! the clear failure when no font has the script.

use crate::common::{assert_fails, fixture, run_in, stderr};
use crate::pdf::{Objects, tool};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Build `fixture` (in `tests/fixtures/scripts/`) with `[pdf]` settings and `formats`;
/// return the run's output and the article folder.
fn build(
    dir: &Path,
    name: &str,
    pdf_config: &str,
    formats: &str,
) -> (std::process::Output, PathBuf) {
    std::fs::write(dir.join("altformat.toml"), format!("[pdf]\n{pdf_config}")).unwrap();
    let input = fixture(&format!("scripts/{name}"));
    let out = run_in(
        dir,
        &[
            "build",
            input.to_str().unwrap(),
            "--formats",
            formats,
            "--out",
            "out",
        ],
    );
    let folder = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("an article folder");
    (out, folder)
}

/// The article's text with white space removed, in reading order, from `article.json`
/// (title, lead, then each heading and its blocks).
fn article_text(folder: &Path) -> String {
    let a: Value =
        serde_json::from_slice(&std::fs::read(folder.join("article.json")).unwrap()).unwrap();
    let push_blocks = |blocks: &Value, out: &mut String| {
        for b in blocks.as_array().into_iter().flatten() {
            for s in b["spans"].as_array().into_iter().flatten() {
                out.push_str(s["text"].as_str().unwrap());
            }
        }
    };
    let mut out = a["title"].as_str().unwrap().to_string();
    push_blocks(&a["lead"], &mut out);
    for s in a["sections"].as_array().unwrap() {
        out.push_str(s["heading"].as_str().unwrap());
        push_blocks(&s["blocks"], &mut out);
    }
    out.split_whitespace().collect()
}

/// Check one script's PDF: every character drawn (no warning, every character in the
/// extracted text), `pdftotext` gives the article's text in reading order, fonts
/// embedded with ToUnicode maps, `qpdf --check`, `/Lang` and the structure tree.
fn check_script(name: &str, lang: &str, font: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = build(dir.path(), name, "", "json,pdf");
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["warnings"],
        Value::Array(vec![]),
        "{name}: {manifest}"
    );
    let pdf = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let p = pdf.to_str().unwrap();

    // Reading order: the extracted text, without white space and the page number
    // (an artifact on its own line at the foot), is the article's text.
    let extracted = tool("pdftotext", &[p, "-"]);
    // pdftotext marks right-to-left lines and the left-to-right words inside them with
    // bidi embedding controls (U+202A..U+202E); they are not part of the text.
    let body: String = extracted
        .lines()
        .map(|l| l.replace(|c| ('\u{202A}'..='\u{202E}').contains(&c), ""))
        .filter(|l| l.trim() != "1")
        .flat_map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
        .collect();
    let expected = article_text(&folder);
    assert_eq!(body, expected, "{name}: pdftotext order differs");

    let fonts = tool("pdffonts", &[p]);
    assert!(fonts.contains(font), "{name}: no {font}: {fonts}");
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type [encoding...] emb sub uni object ID: emb, sub, uni are yes.
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{name}: {line}");
    }
    tool("qpdf", &["--check", p]);
    let o = Objects::load(Path::new(p));
    assert_eq!(o.root()["/Lang"], format!("u:{lang}"), "{name}");
    let mut types = Vec::new();
    o.struct_types(&o.root()["/StructTreeRoot"], &mut types);
    for t in ["Document", "H1", "H2", "P", "Strong"] {
        assert!(types.iter().any(|x| x == t), "{name}: no {t} in {types:?}");
    }
}

#[test]
fn korean_is_drawn_with_noto_sans_cjk_kr() {
    check_script("korean.md", "ko", "NotoSansCJKkr");
}

#[test]
fn japanese_is_drawn_with_noto_sans_cjk_jp() {
    check_script("japanese.md", "ja", "NotoSansCJKjp");
}

// Arabic and Hebrew are in the embedded DejaVu Sans, which comes first; the lam-alef
// ligature (الأسواق) must still come back from pdftotext as its two letters in order.
#[test]
fn arabic_is_drawn_right_to_left_in_reading_order() {
    check_script("arabic.md", "ar", "DejaVuSans");
}

#[test]
fn hebrew_is_drawn_right_to_left_in_reading_order() {
    check_script("hebrew.md", "he", "DejaVuSans");
}

#[test]
fn hindi_is_drawn_with_noto_sans_devanagari() {
    check_script("hindi.md", "hi", "NotoSansDevanagari");
}

#[test]
fn right_to_left_paragraphs_are_right_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = build(dir.path(), "hebrew.md", "", "pdf");
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let bbox = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    // Every line's right edge is the text area's right edge (A4 is 595.28 pt wide, the
    // margin 25 mm = 70.87 pt), and short lines start well inside the left margin.
    let right = 595.28 - 70.87;
    let mut lines = 0;
    let mut short = 0;
    for l in bbox.lines().filter(|l| l.trim_start().starts_with("<line")) {
        let num = |key: &str| -> f32 {
            let at = l.find(&format!(" {key}=\"")).unwrap() + key.len() + 3;
            l[at..].split('"').next().unwrap().parse().unwrap()
        };
        if num("yMin") > 780.0 {
            continue; // the page number, centred at the foot
        }
        lines += 1;
        assert!(
            (num("xMax") - right).abs() < 1.0,
            "line ends at {}, not {right}: {l}",
            num("xMax")
        );
        short += usize::from(num("xMin") > 200.0);
    }
    assert!(
        lines >= 8 && short >= 4,
        "{lines} lines, {short} short:\n{bbox}"
    );
}

#[test]
fn without_a_font_for_the_script_the_pdf_fails_and_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let (out, folder) = build(
        dir.path(),
        "korean.md",
        "system_fonts = false\n",
        "json,pdf",
    );
    assert_fails(&out, 1, &["korean.md", "pdf", "Hangul", "fonts-noto-cjk"]);
    // The other formats are still written, and no PDF.
    assert!(folder.join("article.json").is_file());
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    assert_eq!(report[0]["status"], "failed", "{report}");

    // An empty fonts folder is no help either; a named font file is.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (out, _) = build(
        dir.path(),
        "japanese.md",
        "system_fonts = false\nfonts = [\"empty\"]\n",
        "pdf",
    );
    assert_fails(&out, 1, &["empty", "no font found"]);
    // A named font that does not exist is a configuration error.
    let (out, _) = build(dir.path(), "korean.md", "fonts = [\"nope.ttf\"]\n", "pdf");
    assert_fails(&out, 2, &["pdf.fonts", "nope.ttf", "does not exist"]);
    let cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    assert!(
        Path::new(cjk).is_file(),
        "bash .ci/install-tools.sh installs {cjk}"
    );
    let (out, folder) = build(
        dir.path(),
        "korean.md",
        &format!("system_fonts = false\nfonts = [\"{cjk}\"]\n"),
        "json,pdf",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_dir(&folder)
            .unwrap()
            .any(|e| { e.unwrap().path().extension().is_some_and(|x| x == "pdf") })
    );
}
