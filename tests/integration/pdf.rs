//! The large-print PDF, checked with the tools a library or a CI would use:
//! poppler-utils (`pdfinfo`, `pdffonts`, `pdftotext`, `pdftoppm`) and `qpdf`.
//! These tests fail, never skip, when a tool is missing.

use crate::common::{build_args, run_in, sample, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "apt-get install -y poppler-utils qpdf";

/// The sample's section headings.
const SECTIONS: [&str; 17] = [
    "A Partnership Born from War",
    "The Human Commodity",
    "Defying Global Sanctions",
    "Conditions on the Work Site",
    "A Cage with No Bars",
    "Stripped of Their Pay",
    "The Devastating Human Cost",
    "A Spark of Digital Defiance",
    "The Dangerous Escape",
    "Pyongyang’s Iron Fist Clenches",
    "Next Stop: Donbas?",
    "The World’s Quiet Response",
    "Russia's Ideal Workforce",
    "The Selection System Back Home",
    "The Weight of Humiliation",
    "The Activists on the Frontline",
    "A Dark and Lasting Alliance",
];

/// Run an external tool; panic with what to install when it is missing.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{name}` ({e}); these tests need it: {INSTALL}"));
    assert!(
        out.status.success(),
        "`{name} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

/// Build the PDF of `input` in `dir` with an optional `[pdf]` config; return its path.
pub(crate) fn build_pdf(dir: &Path, input: &Path, pdf_config: &str) -> PathBuf {
    std::fs::write(dir.join("altformat.toml"), format!("[pdf]\n{pdf_config}")).unwrap();
    let out = run_in(
        dir,
        &build_args(input.to_str().unwrap(), "pdf", &["--out", "out"]),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("an article folder");
    pdf_in(&folder)
}

/// The one PDF in an article's output folder (named after the title).
fn pdf_in(folder: &Path) -> PathBuf {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap_or_else(|| panic!("no PDF in {}", folder.display()))
}

/// The article's words in reading order, from `inspect --json` (title, deck, lead,
/// then each heading and its blocks).
fn article_words(input: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["inspect", "--json", input.to_str().unwrap()]);
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut text = format!(
        "{} {}",
        a["title"].as_str().unwrap(),
        a["deck"].as_str().unwrap_or("")
    );
    let blocks = |blocks: &Value, text: &mut String| {
        for b in blocks.as_array().into_iter().flatten() {
            for key in ["spans", "items", "paragraphs"] {
                let paras = match key {
                    "spans" if b.get("spans").is_some() => vec![b],
                    _ => b[key]
                        .as_array()
                        .map(|v| v.iter().collect())
                        .unwrap_or_default(),
                };
                for p in paras {
                    for s in p["spans"].as_array().into_iter().flatten() {
                        text.push(' ');
                        text.push_str(s["text"].as_str().unwrap());
                    }
                }
            }
        }
    };
    blocks(&a["lead"], &mut text);
    for s in a["sections"].as_array().unwrap() {
        text.push(' ');
        text.push_str(s["heading"].as_str().unwrap());
        blocks(&s["blocks"], &mut text);
    }
    words(&text)
}

/// Words with only line-break differences removed: a word ending in a dash joins the
/// next (a line may break after a dash), and hyphens are dropped, because pdftotext
/// removes a hyphen at a line end ("pitch-" + "black" gives "pitchblack").
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut join = false;
    for w in text.split_whitespace() {
        let key = w.replace('-', "");
        match out.last_mut() {
            Some(last) if join => last.push_str(&key),
            _ => out.push(key),
        }
        join = w.ends_with(['-', '\u{2010}', '\u{2013}', '\u{2014}']);
    }
    out
}

/// Assert two word sequences are equal, showing where they first differ.
fn assert_same_words(actual: &[String], expected: &[String]) {
    if let Some(i) = (0..actual.len().min(expected.len())).find(|&i| actual[i] != expected[i]) {
        let window = |v: &[String]| v[i.saturating_sub(5)..(i + 5).min(v.len())].join(" ");
        panic!(
            "word {i} differs:\n  pdf:     ...{}...\n  article: ...{}...",
            window(actual),
            window(expected)
        );
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "word counts differ (pdf, article)"
    );
}

/// Page size in points from `pdfinfo`.
fn page_size(info: &str) -> (f32, f32) {
    let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let nums: Vec<f32> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// qpdf's JSON of the whole file, with helpers to follow references.
pub struct Objects(serde_json::Map<String, Value>);

impl Objects {
    pub fn load(pdf: &Path) -> Objects {
        let json: Value =
            serde_json::from_str(&tool("qpdf", &["--json=2", pdf.to_str().unwrap()])).unwrap();
        Objects(json["qpdf"][1].as_object().unwrap().clone())
    }

    /// Follow an indirect reference ("12 0 R") or return the value itself.
    pub(crate) fn get<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.as_str() {
            Some(r) if r.ends_with(" R") => &self.0[&format!("obj:{r}")]["value"],
            _ => v,
        }
    }

    pub fn root(&self) -> &Value {
        self.get(&self.0["trailer"]["value"]["/Root"])
    }

    /// Structure types in depth-first (reading) order.
    pub fn struct_types(&self, node: &Value, out: &mut Vec<String>) {
        let node = self.get(node);
        if let Some(kids) = node.as_array() {
            for k in kids {
                self.struct_types(k, out);
            }
        } else if node.is_object() {
            if let Some(s) = node.get("/S").and_then(Value::as_str) {
                out.push(s.trim_start_matches('/').to_string());
            }
            if let Some(k) = node.get("/K") {
                self.struct_types(k, out);
            }
        }
    }

    /// Titles of the top-level outline entries.
    fn outline_titles(&self) -> Vec<String> {
        let outlines = self.get(&self.root()["/Outlines"]);
        let mut titles = Vec::new();
        let mut item = outlines.get("/First");
        while let Some(i) = item {
            let entry = self.get(i);
            titles.push(
                entry["/Title"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("u:")
                    .to_string(),
            );
            item = entry.get("/Next");
        }
        titles
    }

    /// Ascent minus descent (per 1000) of the first font descriptor named `font`.
    fn font_height(&self, font: &str) -> f32 {
        let d = self
            .0
            .values()
            .map(|o| &o["value"])
            .find(|v| {
                v["/Type"] == "/FontDescriptor" && v["/FontName"].as_str().unwrap().contains(font)
            })
            .expect("font descriptor");
        (d["/Ascent"].as_f64().unwrap() - d["/Descent"].as_f64().unwrap()) as f32 / 1000.0
    }
}

/// Everything the issue asks of the sample's PDF at 18 pt on one paper size.
fn check_sample(config: &str, body_pt: f32, expect_size: (f32, f32)) {
    let dir = tempfile::tempdir().unwrap();
    let pdf = build_pdf(dir.path(), &sample(), config);
    let p = pdf.to_str().unwrap();

    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        info.contains("Title:           North Korean Labour Fuels Russia"),
        "{info}"
    );
    let (w, h) = page_size(&info);
    assert!(
        (w - expect_size.0).abs() < 0.5 && (h - expect_size.1).abs() < 0.5,
        "{info}"
    );

    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object-id gen
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "not embedded+subset+ToUnicode: {row}"
        );
        assert!(row.contains("AtkinsonHyperlegible"), "{row}");
    }

    let check = tool("qpdf", &["--check", p]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );

    // Reading order: the text area only (running title and page numbers are artifacts
    // that pdftotext cannot tell apart, so they are cropped off and checked below).
    let margin = 25.0 * 72.0 / 25.4;
    let crop = |y: f32, hh: f32, first: usize, last: usize| {
        let (f, l) = (first.to_string(), last.to_string());
        let args = [
            "-f",
            &f,
            "-l",
            &l,
            "-x",
            "0",
            "-y",
            &format!("{}", y as i32),
            "-W",
            &format!("{}", w as i32),
            "-H",
            &format!("{}", hh as i32),
            p,
            "-",
        ];
        tool("pdftotext", &args)
    };
    let pages: usize = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let body = crop(margin * 0.8, h - 1.6 * margin, 1, pages);
    assert_same_words(&words(&body), &article_words(&sample()));
    let all = tool("pdftotext", &[p, "-"]);
    for chrome in ["Recently Added", "Categories"] {
        assert!(!all.contains(chrome), "site chrome {chrome:?} in the PDF");
    }
    for n in 1..=pages {
        let foot = crop(h - margin * 0.8, margin * 0.8, n, n);
        assert_eq!(foot.trim(), n.to_string(), "page number on page {n}");
        let head = crop(0.0, margin * 0.8, n, n);
        let expected = if n == 1 {
            ""
        } else {
            "North Korean Labour Fuels Russia"
        };
        assert_eq!(head.trim(), expected, "running title on page {n}");
        // Keep with next: no page's text ends with a section heading.
        let text = crop(margin * 0.8, h - 1.6 * margin, n, n);
        let last = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        assert!(
            !SECTIONS.contains(&last.trim()),
            "heading {last:?} stranded at the foot of page {n}"
        );
    }

    // Structure, language, marking, outline, PDF/UA identification.
    let o = Objects::load(&pdf);
    let root = o.root();
    assert_eq!(root["/Lang"], "u:en");
    assert_eq!(o.get(&root["/MarkInfo"])["/Marked"], true);
    assert_eq!(o.get(&root["/ViewerPreferences"])["/DisplayDocTitle"], true);
    let mut types = Vec::new();
    o.struct_types(&o.get(&root["/StructTreeRoot"])["/K"], &mut types);
    assert_eq!(types[..3], ["Document", "H1", "P"], "{types:?}");
    assert_eq!(types.iter().filter(|t| *t == "H1").count(), 1);
    assert_eq!(types.iter().filter(|t| *t == "H2").count(), 17);
    assert_eq!(
        types.iter().filter(|t| *t == "P").count(),
        1 + 1 + 17,
        "deck, lead, one per section"
    );
    let titles = o.outline_titles();
    assert_eq!(
        titles.len(),
        1 + 17,
        "title + one entry per section: {titles:?}"
    );
    assert_eq!(titles[0], "North Korean Labour Fuels Russia");
    assert_eq!(titles[1..], SECTIONS);
    let meta = root["/Metadata"].as_str().unwrap().trim_end_matches(" 0 R");
    let xmp = tool(
        "qpdf",
        &[
            &format!("--show-object={meta}"),
            "--filtered-stream-data",
            p,
        ],
    );
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");

    // Body size: every word is at least 18 pt. Poppler's word box is the font size
    // times (Ascent - Descent) of the font descriptor, 1.24 for Atkinson Hyperlegible.
    let em_height = o.font_height("AtkinsonHyperlegible");
    let bbox = tool("pdftotext", &["-bbox", p, "-"]);
    let mut sizes = Vec::new();
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |k: &str| -> f32 {
            let at = line.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        sizes.push((attr("yMax") - attr("yMin")) / em_height);
    }
    assert!(sizes.len() > 2000, "{}", sizes.len());
    let smallest = sizes.iter().copied().fold(f32::MAX, f32::min);
    assert!(smallest >= body_pt - 0.05, "smallest text is {smallest} pt");

    // Page 1 renders.
    let png = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            p,
            png.to_str().unwrap(),
        ],
    );
    let image = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|e| e == "png"))
        .expect("pdftoppm wrote a PNG");
    let bytes = std::fs::read(image).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 5_000);
}

#[test]
fn sample_a4_passes_every_check() {
    check_sample("page = \"a4\"\n", 18.0, (595.28, 841.89));
}

#[test]
fn sample_letter_passes_every_check() {
    check_sample("page = \"letter\"\n", 18.0, (612.0, 792.0));
}

#[test]
fn sample_giant_print_passes_every_check() {
    // The language tag "en" gives A4; 24 pt moves every page break.
    check_sample("preset = \"giant\"\n", 24.0, (595.28, 841.89));
}

#[test]
fn two_builds_are_byte_identical() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let a = std::fs::read(build_pdf(one.path(), &sample(), "")).unwrap();
    let b = std::fs::read(build_pdf(two.path(), &sample(), "")).unwrap();
    assert!(a == b, "two builds of the same input differ");
}

#[test]
fn fallback_font_and_missing_glyph_warning() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.md");
    // U+0378 is unassigned, so no font anywhere has it: one such character among many
    // is left out with a warning (more than 1% would fail the PDF).
    std::fs::write(
        &input,
        "---\nlang: ru\n---\n# Привет, мир\n\nПервый абзац по-русски. Ελληνικά γράμματα. \
         Korean: 한국어 문장. Unassigned: \u{378}. Ещё несколько слов, чтобы абзац был длинным, \
         как настоящая статья, и в нём было больше ста букв.\n\n## Второй раздел\n\n\
         Ещё **немного** текста.\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &build_args(input.to_str().unwrap(), "pdf", &["--out", "out"]),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning:") && err.contains("U+0378"), "{err}");
    let folder = dir
        .path()
        .join("out")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .unwrap();
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    let warnings = manifest["warnings"].to_string();
    assert!(warnings.contains("U+0378"), "{warnings}");
    for drawn in ["U+041F", "U+D55C"] {
        assert!(
            !warnings.contains(drawn),
            "{drawn} must be drawn: {warnings}"
        );
    }

    let p = pdf_in(&folder);
    let p = p.to_str().unwrap();
    let fonts = tool("pdffonts", &[p]);
    assert!(fonts.contains("DejaVuSans"), "{fonts}");
    assert!(
        fonts.contains("DejaVuSans-Bold"),
        "bold Cyrillic heading: {fonts}"
    );
    // Hangul from the system's Noto Sans CJK (Korean forms), installed by install-tools.
    assert!(fonts.contains("NotoSansCJKkr"), "{fonts}");
    let text = tool("pdftotext", &[p, "-"]);
    for w in [
        "Привет,",
        "по-русски.",
        "Ελληνικά",
        "немного",
        "Korean:",
        "한국어",
    ] {
        assert!(text.contains(w), "{w:?} missing from: {text}");
    }
    assert!(
        !text.contains('\u{378}'),
        "an undrawable character was drawn"
    );
    // The Korean words are marked as Korean (a screen reader switches voice).
    let qdf = dir.path().join("uncompressed.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            p,
            qdf.to_str().unwrap(),
        ],
    );
    let raw = std::fs::read(&qdf).unwrap();
    let has = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Lang(ko)>>BDC"), "no Korean span");
    let o = Objects::load(Path::new(p));
    assert_eq!(o.root()["/Lang"], "u:ru");
}

/// A Markdown article with every block the model has: subsections, both kinds of
/// list, a quote, emphasis; long enough for several pages.
fn structured_article(dir: &Path) -> PathBuf {
    let filler = "This paragraph is here so the article runs over several pages of large \
        print, and every line of it is ordinary body text. "
        .repeat(6);
    let text = format!(
        "# Zebra Crossing Manual\n\n## Before You Cross\n\n{filler}\n\n\
         ### Looking Both Ways\n\nLook *left*, then **right**.\n\n\
         - Stop at the kerb\n- Listen for traffic\n\n\
         1. Wait for the signal\n2. Cross briskly\n\n\
         > A quoted warning from the highway code.\n\n{filler}\n\n\
         ## After You Cross\n\n{filler}\n\n{filler}\n"
    );
    let input = dir.join("manual.md");
    std::fs::write(&input, text).unwrap();
    input
}

#[test]
fn subsections_lists_and_quotes_are_tagged_and_nested_in_the_outline() {
    let dir = tempfile::tempdir().unwrap();
    let input = structured_article(dir.path());
    let pdf = build_pdf(dir.path(), &input, "");
    assert!(tool("qpdf", &["--check", pdf.to_str().unwrap()]).contains("No syntax or stream"));
    let objects = Objects::load(&pdf);
    let tree = objects.get(&objects.root()["/StructTreeRoot"]);
    let mut types = Vec::new();
    objects.struct_types(&tree["/K"], &mut types);
    for needed in [
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "BlockQuote",
    ] {
        assert!(
            types.iter().any(|t| t == needed),
            "no {needed} in {types:?}"
        );
    }
    let pos = |t: &str| types.iter().position(|x| x == t).unwrap();
    assert!(pos("H1") < pos("H2") && pos("H2") < pos("H3") && pos("H3") < pos("L"));
    assert!(pos("L") < pos("BlockQuote"), "reading order: {types:?}");
    // Bookmarks: the title, one per section, the subsection under its section.
    assert_eq!(
        objects.outline_titles(),
        [
            "Zebra Crossing Manual",
            "Before You Cross",
            "After You Cross"
        ]
    );
    let outlines = objects.get(&objects.root()["/Outlines"]);
    let section = objects.get(&objects.get(&outlines["/First"])["/Next"]);
    let child = objects.get(&section["/First"]);
    assert_eq!(
        child["/Title"].as_str().unwrap().trim_start_matches("u:"),
        "Looking Both Ways"
    );
    // The list markers and the quote are in the text a screen reader gets.
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    for needed in [
        "Stop at the kerb",
        "1.",
        "Cross briskly",
        "A quoted warning",
    ] {
        assert!(text.contains(needed), "{needed:?} missing");
    }
}

#[test]
fn running_title_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let input = structured_article(dir.path());
    let page_two = |pdf: &Path| {
        tool(
            "pdftotext",
            &["-f", "2", "-l", "2", pdf.to_str().unwrap(), "-"],
        )
    };
    let with = page_two(&build_pdf(dir.path(), &input, ""));
    assert!(with.contains("Zebra Crossing Manual"), "{with}");
    let other = tempfile::tempdir().unwrap();
    let without = page_two(&build_pdf(other.path(), &input, "running_title = false\n"));
    assert!(!without.contains("Zebra Crossing Manual"), "{without}");
    assert!(
        without.contains("ordinary body text"),
        "page 2 has the text: {without}"
    );
}
