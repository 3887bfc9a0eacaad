//! EPUB books in: altformat's own EPUB read back, pandoc's, IDPF samples (with a PLS
//! lexicon, and Arabic right to left), and damaged or encrypted books refused.

use crate::common::*;
use crate::epub::{find_epub, validate};
use serde_json::Value;
use std::io::{Cursor, Read, Write};
use std::path::Path;

fn inspect_json(path: &Path) -> Value {
    let (_d, out) = run(&["inspect", "--json", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("inspect --json prints JSON")
}

fn headings(a: &Value) -> Vec<(String, u64)> {
    a["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["heading"].as_str().unwrap().to_string(),
                s["level"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The sample built to EPUB and read back gives the same model: title, deck, lead,
/// sections, paragraphs with their spans and ids; the book keeps its identifier.
#[test]
fn altformats_own_epub_round_trips() {
    let (dir, out) = run(&build_args(
        sample().to_str().unwrap(),
        "epub,json",
        &["--quiet"],
    ));
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = find_epub(&dir.path().join("exports"));
    let json = epub.with_file_name("article.json");
    let built: Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let back = inspect_json(&epub);
    for key in ["title", "deck", "lang", "lead", "sections"] {
        assert_eq!(back[key], built[key], "{key} differs after the round trip");
    }
    assert!(built["sections"].as_array().unwrap().len() > 10);
    assert!(
        back["identifier"]
            .as_str()
            .unwrap()
            .starts_with("urn:uuid:"),
        "{}",
        back["identifier"]
    );
    // Built again from the EPUB, the book keeps that identifier.
    let dir2 = tempfile::tempdir().unwrap();
    let copy = dir2.path().join("book.epub");
    std::fs::copy(&epub, &copy).unwrap();
    let out = run_in(dir2.path(), &build_args("book.epub", "epub", &["--quiet"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let again = find_epub(&dir2.path().join("exports"));
    let opf = unzip_text(&std::fs::read(again).unwrap(), "content.opf");
    assert!(
        opf.contains(back["identifier"].as_str().unwrap()),
        "identifier not kept: {opf}"
    );
}

/// A book pandoc wrote (from `tests/fixtures/epub/pandoc-book.md`): metadata, the
/// outline with its subsection, styled spans, lists, a quote, an image's alt text said
/// once (pandoc repeats it as the caption), and a formula without alttext reported.
#[test]
fn pandoc_epub() {
    let path = fixture("epub/pandoc-book.epub");
    let a = inspect_json(&path);
    assert_eq!(a["title"], "The Lighthouse Keeper");
    assert_eq!(a["deck"], "A short book written by pandoc");
    assert_eq!(a["byline"], "Ada Mercer");
    assert_eq!(a["lang"], "en-GB");
    assert_eq!(
        a["identifier"],
        "urn:uuid:6c1f2a34-8a2e-4c6b-9d61-2f0d4b9e7a10"
    );
    assert_eq!(
        headings(&a),
        [
            ("The Island".into(), 2),
            ("The Lamp".into(), 3),
            ("The Storm".into(), 2)
        ]
    );
    let body = serde_json::to_string(&a["sections"]).unwrap();
    assert_eq!(
        body.matches("A lighthouse on a rocky island at dusk")
            .count(),
        1
    );
    assert!(!body.contains("sqrt"), "raw formula markup read: {body}");
    assert!(body.contains("The formula for the beam’s reach was in her notes."));
    assert!(a["warnings"][0].as_str().unwrap().contains("no alttext"));
    golden(
        "epub-pandoc.json",
        &serde_json::to_string_pretty(&a).unwrap(),
    );
}

/// The Georgia book's PLS lexicon (71 lexemes in IPA) and its `ssml:ph` attributes are
/// said as the book asks: as eSpeak NG phonemes in the speech script, every one of them
/// accepted by eSpeak NG itself. They were ignored before (issue 11).
#[test]
fn epub_pronunciation_lexicon_and_ssml_ph_are_said() {
    let book = fixture("epub-dev/georgia-pls-ssml.epub");
    let model = inspect_json(&book);
    let said = model["pronunciations"].as_array().expect("pronunciations");
    assert!(said.len() > 100, "{}", said.len());
    let (_d, out) = run(&["inspect", "--speech", book.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let review = stdout(&out);
    // From the lexicon (en.pls: Alabama ˌæləˈbæmə) and from ssml:ph on "30°".
    assert!(review.contains("[Alabama → [[,al@'bam@]]]"), "{review}");
    assert!(review.contains("[30° → [['T3:ti dI'gri:z]]]"), "{review}");
    let mut phonemes: Vec<&str> = review
        .split("[[")
        .skip(1)
        .filter_map(|p| p.split_once("]]").map(|(p, _)| p))
        .collect();
    phonemes.sort_unstable();
    phonemes.dedup();
    assert!(phonemes.len() > 50, "{}", phonemes.len());
    // eSpeak NG reads each as phonemes: `-x` prints what it will say, and an
    // unknown mnemonic makes it print nothing for the string.
    for p in phonemes {
        let out = std::process::Command::new("espeak-ng")
            .args(["-v", "en-us", "-q", "-x", &format!("[[{p}]]")])
            .output()
            .expect("espeak-ng is needed (apt-get install espeak-ng)");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && !said.trim().is_empty(),
            "eSpeak NG does not read [[{p}]]"
        );
    }
}

/// IDPF samples: the Georgia book (NCX and nav, a PLS lexicon, `ssml:ph`), the Arabic
/// right-to-left book, and the short illustrated one.
#[test]
fn idpf_samples() {
    let georgia = inspect_json(&fixture("epub-dev/georgia-pls-ssml.epub"));
    assert_eq!(georgia["title"], "Georgia");
    assert_eq!(georgia["lang"], "en-US");
    let h = headings(&georgia);
    assert_eq!(h.len(), 11, "{h:?}");
    assert_eq!(h[0].0, "GEORGIA");
    assert_eq!(h[10].0, "History.");
    let text = serde_json::to_string(&georgia["sections"]).unwrap();
    // The ssml:ph spans are read as their text, never their phonemes.
    assert!(text.contains("30° 31′ 39″"), "{}", &text[..400]);
    assert!(!text.contains("ˈθɜrti"));

    let arabic = inspect_json(&fixture("epub-dev/regime-anticancer-arabic.epub"));
    assert_eq!(arabic["lang"], "ar");
    let h = headings(&arabic);
    assert_eq!(h.len(), 9, "{h:?}");
    assert!(
        h.iter()
            .all(|(t, _)| t.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)))
    );
    assert!(arabic["sections"][2]["blocks"].as_array().unwrap().len() > 3);

    let trees = inspect_json(&fixture("epub-dev/trees.epub"));
    assert_eq!(trees["title"], "Trees");
    assert_eq!(
        headings(&trees),
        [("Classification".into(), 2), ("Morphology".into(), 2)]
    );
    golden(
        "epub-trees.json",
        &serde_json::to_string_pretty(&trees).unwrap(),
    );
}

/// `build book.epub` makes every text format, and the EPUB passes EPUBCheck and Ace.
#[test]
fn epub_in_builds_valid_epub_and_json() {
    for book in [
        "epub/pandoc-book.epub",
        "epub-dev/regime-anticancer-arabic.epub",
    ] {
        build_valid(book, "book.epub");
    }
}

/// Build the fixture `rel` (copied as `name`) to EPUB, JSON and PDF; the EPUB must
/// pass EPUBCheck and Ace.
pub(crate) fn build_valid(rel: &str, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture(rel), dir.path().join(name)).unwrap();
    let out = run_in(dir.path(), &build_args(name, "epub,json,pdf", &["--quiet"]));
    assert!(out.status.success(), "{rel}: {}", stderr(&out));
    let epub = find_epub(&dir.path().join("exports"));
    assert!(epub.with_file_name("article.json").is_file());
    assert!(
        files_under(&dir.path().join("exports"))
            .iter()
            .any(|(p, _)| p.extension().is_some_and(|e| e == "pdf"))
    );
    validate(&epub);
}

/// Each `(file name, bytes, words)` case built alone fails with exit 1 and one
/// message naming the file and holding every word; no article is written.
pub(crate) fn assert_refused(cases: &[(&str, Vec<u8>, &[&str])]) {
    for (name, bytes, needles) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let out = run_in(dir.path(), &build_args(name, "epub,json", &["--quiet"]));
        assert_fails(&out, 1, &[&[*name][..], needles].concat());
        let built = files_under(&dir.path().join("exports"))
            .into_iter()
            .any(|(p, _)| p.ends_with("article.json"));
        assert!(!built, "{name}: something was built");
    }
}

fn unzip_text(bytes: &[u8], suffix: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let name = z
        .file_names()
        .map(|n| n.unwrap().to_string())
        .find(|n| n.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix}"));
    let mut s = String::new();
    z.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// `trees.epub` rewritten with its parts changed by `edit` (`None` drops a part).
fn rewrite(edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>, extra: &[(&str, &str)]) -> Vec<u8> {
    let bytes = std::fs::read(fixture("epub-dev/trees.epub")).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some(data) = edit(&name, data) {
            w.start_file(name, o).unwrap();
            w.write_all(&data).unwrap();
        }
    }
    for (name, text) in extra {
        w.start_file(*name, o).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Damaged, encrypted and empty books: one line naming the file and the problem,
/// exit 1, nothing built.
#[test]
fn broken_and_encrypted_epubs_are_refused() {
    let good = std::fs::read(fixture("epub-dev/trees.epub")).unwrap();
    let encryption = r#"<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
        xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
      <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
        <enc:CipherData><enc:CipherReference URI="EPUB/s04.xhtml"/></enc:CipherData></enc:EncryptedData>
    </encryption>"#;
    let encrypted = rewrite(
        |_, d| Some(d),
        &[(
            "META-INF/encryption.xml",
            &encryption.replace("EPUB/s04.xhtml", "EPUB/c1.xhtml"),
        )],
    );
    let fonts_only = rewrite(
        |_, d| Some(d),
        &[(
            "META-INF/encryption.xml",
            &encryption
                .replace("EPUB/s04.xhtml", "EPUB/fonts/x.otf")
                .replace(
                    "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
                    "http://www.idpf.org/2008/embedding",
                ),
        )],
    );
    let no_container = rewrite(|n, d| (n != "META-INF/container.xml").then_some(d), &[]);
    let bad_opf = rewrite(
        |n, d| {
            Some(if n.ends_with(".opf") {
                b"<package><metadata>".to_vec()
            } else {
                d
            })
        },
        &[],
    );
    let cases: [(&str, Vec<u8>, &[&str]); 5] = [
        (
            "truncated.epub",
            good[..good.len() / 2].to_vec(),
            &["damaged EPUB", "not a readable zip"],
        ),
        ("drm.epub", encrypted, &["encrypted (DRM"]),
        (
            "nocontainer.epub",
            no_container,
            &["damaged EPUB", "META-INF/container.xml is missing"],
        ),
        (
            "badopf.epub",
            bad_opf,
            &["damaged EPUB", "not well-formed XML"],
        ),
        ("text.epub", b"just some text".to_vec(), &["damaged EPUB"]),
    ];
    assert_refused(&cases);
    // Obfuscated fonts are not DRM: the book reads.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fonts.epub"), fonts_only).unwrap();
    let out = run_in(dir.path(), &["inspect", "fonts.epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A container named by no extension: `--input-format epub` says what it is, and a
/// Word document on standard input is recognised by its parts.
#[test]
fn containers_without_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("epub-dev/trees.epub"), dir.path().join("trees.bin")).unwrap();
    let out = run_in(
        dir.path(),
        &["inspect", "--input-format", "epub", "trees.bin"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Title:    Trees"),
        "{}",
        stdout(&out)
    );
    let docx = std::fs::File::open(fixture("docx/pandoc-features.docx")).unwrap();
    let out = altformat(dir.path(), &["inspect", "-"])
        .stdin(docx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Title:    The Harbour Survey"));
}
