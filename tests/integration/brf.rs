//! Braille end to end: the sample article through liblouis (Debian `liblouis20`,
//! `liblouis-data`), checked as an embosser would take it and back-translated with
//! `lou_translate` (`liblouis-bin`).

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

const SLUG: &str = "north-korean-labour-fuels-russia";
const TABLES: &str = "/usr/share/liblouis/tables";

/// `lou_translate` over `text`; fails (never skips) with what to install.
fn lou(args: &[&str], text: &str) -> String {
    let mut child = Command::new("lou_translate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("lou_translate is needed ({e}); apt-get install liblouis-bin"));
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), text.as_bytes()).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "lou_translate {args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

/// Unicode braille to BRF through liblouis's own `en-us-brf.dis` (read here, so the
/// exporter's mapping is checked against the table, not against itself).
fn brf_of(unicode: &str) -> String {
    let dis = std::fs::read_to_string(Path::new(TABLES).join("en-us-brf.dis")).unwrap();
    let mut map = BTreeMap::new();
    for line in dis.lines().filter(|l| l.starts_with("display ")) {
        let mut parts = line.split_whitespace().skip(1);
        let (c, dots) = (parts.next().unwrap(), parts.next().unwrap());
        let c = if c == "\\s" {
            ' '
        } else {
            c.chars().last().unwrap()
        };
        let bits: u32 = dots
            .bytes()
            .filter(|b| (b'1'..=b'6').contains(b))
            .map(|b| 1 << (b - b'1'))
            .sum();
        map.insert(char::from_u32(0x2800 + bits).unwrap(), c);
    }
    unicode
        .trim_end_matches('\n')
        .chars()
        .map(|c| map[&c])
        .collect()
}

/// BRF of `text` with `table`, as lou_translate gives it.
fn braille(table: &str, text: &str) -> String {
    brf_of(&lou(&["--forward", &format!("unicode.dis,{table}")], text))
}

fn build(dir: &Path, input: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_altformat"));
    cmd.args(["build", input.to_str().unwrap(), "--formats", "json,brf"])
        .current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// The one `.brf` an article folder holds, and its `article.json`.
fn outputs(dir: &Path) -> (String, Value) {
    let folder = std::fs::read_dir(dir.join("exports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("an article folder");
    let brf = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "brf"))
        .expect("a .brf");
    let json = std::fs::read_to_string(folder.join("article.json")).unwrap();
    (
        std::fs::read_to_string(brf).unwrap(),
        serde_json::from_str(&json).unwrap(),
    )
}

/// Pages of lines, checking the characters and the limits on the way.
fn pages(brf: &str, cells: usize, lines: usize) -> Vec<Vec<&str>> {
    for (i, b) in brf.bytes().enumerate() {
        assert!(
            (0x20..=0x5F).contains(&b) || b == b'\r' || b == b'\n' || b == 0x0C,
            "byte {b:#x} at {i} is not BRF"
        );
    }
    let pages: Vec<Vec<&str>> = brf
        .split('\x0C')
        .map(|p| p.strip_suffix("\r\n").unwrap_or(p).split("\r\n").collect())
        .collect();
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.len() <= lines,
            "page {} has {} lines",
            n + 1,
            page.len()
        );
        for line in page {
            assert!(line.len() <= cells, "{line:?} is over {cells} cells");
            assert_eq!(*line, line.trim_end(), "trailing spaces");
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        // The braille page number at the right of the first line.
        let number: String = (n + 1)
            .to_string()
            .bytes()
            .map(|d| b"JABCDEFGHI"[usize::from(d - b'0')] as char)
            .collect();
        assert_eq!(page[0], format!("{:>cells$}", format!("#{number}")));
    }
    pages
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Length of the longest common subsequence.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

/// Every text of the model in reading order. `serde_json` keeps an object's keys
/// sorted, which is not reading order (a section's `blocks` sort before its
/// `heading`), so the keys that carry text are visited in the model's own order.
fn model_text(v: &Value, out: &mut String) {
    const ORDER: [&str; 9] = [
        "title", "deck", "byline", "heading", "text", "lead", "spans", "items", "blocks",
    ];
    match v {
        Value::Object(m) => {
            let rest = m.keys().filter(|k| !ORDER.contains(&k.as_str()));
            for k in ORDER.iter().copied().chain(rest.map(String::as_str)) {
                match (k, m.get(k)) {
                    (_, None) | ("id" | "lang" | "link" | "type", _) => {}
                    (_, Some(x)) => model_text(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| model_text(x, out)),
        Value::String(s) => {
            out.push_str(s);
            out.push(' ');
        }
        _ => {}
    }
}

#[test]
fn sample_in_ueb_grade_2_fits_the_page_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &sample(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (brf, model) = outputs(dir.path());
    let pages = pages(&brf, 40, 25);
    assert!(pages.len() > 3);

    // The title centred on page 1, every heading centred after a blank line.
    let centred = |text: &str, page: &[&str], at: usize| {
        let line = page[at];
        let pad = line.len() - line.trim_start().len();
        assert_eq!(
            pad,
            (40 - line.trim_start().len()) / 2,
            "{text:?}: {line:?}"
        );
    };
    let title = braille("en-ueb-g2.ctb", model["title"].as_str().unwrap());
    assert_eq!(pages[0][1].trim_start(), title);
    centred("title", &pages[0], 1);
    let sections = model["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 17);
    for s in sections {
        let heading = braille("en-ueb-g2.ctb", s["heading"].as_str().unwrap());
        assert!(heading.len() <= 40, "one-line headings in the sample");
        let (page, at) = pages
            .iter()
            .find_map(|p| {
                p.iter()
                    .position(|l| l.trim_start() == heading)
                    .map(|i| (p, i))
            })
            .unwrap_or_else(|| panic!("heading {heading:?} not found"));
        centred(&heading, page, at);
        assert!(
            at == 1 || page[at - 1].is_empty(),
            "{heading:?} has no blank line before"
        );
        assert!(at + 1 < page.len(), "{heading:?} ends a page");
    }
    // Paragraphs start two cells in.
    assert!(
        pages[1]
            .iter()
            .any(|l| l.starts_with("  ") && !l.starts_with("   "))
    );

    // Back-translation recovers the article's words in order.
    // lou_translate reads backslash escapes in its input: BRF's backslash cell is doubled.
    let text = brf.replace(['\x0C', '\r'], "").replace('\\', "\\\\");
    let back = lou(&["--backward", "en-us-brf.dis,en-ueb-g2.ctb"], &text);
    let mut print = String::new();
    model_text(&model, &mut print);
    let (want, got) = (words(&print), words(&back));
    let score = lcs(&want, &got) as f64 / want.len() as f64;
    // Issue 12 asks for 0.97 (measured: 0.9995, 2,020 of 2,021; liblouis reads
    // back "enough", contracted as "en", as "en").
    assert!(
        score >= 0.97,
        "{score:.3} of {} words recovered in order",
        want.len()
    );
}

#[test]
fn russian_and_korean_use_their_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &fixture("braille/russian.txt"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (brf, model) = outputs(dir.path());
    let title = braille("ru-litbrl.ctb", model["title"].as_str().unwrap());
    assert_eq!(pages(&brf, 40, 25)[0][1].trim(), title);
    // Korean in liblouis's Korean grade 2 table; the three characters that table
    // lacks (a tilde and corner brackets) are named in a warning, not a failure.
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &fixture("html/korean-subway.html"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 of") && stderr(&out).contains("no braille in ko-g2.ctb"),
        "{}",
        stderr(&out)
    );
    let (brf, model) = outputs(dir.path());
    let title = braille("ko-g2.ctb", model["title"].as_str().unwrap());
    assert_eq!(pages(&brf, 40, 25)[0][1].trim(), title);
}

#[test]
fn characters_outside_the_table_are_escaped_a_few_and_refused_many() {
    // An English article naming a place in Hangul: liblouis's escape, as lou_translate
    // writes it in BRF, and a warning naming the characters.
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Seoul Stations\n\n{}\n\nThe first station, 서울, opened in 1974.\n",
        "The city's underground railway carries millions of people every day. ".repeat(4)
    );
    let input = dir.path().join("seoul.txt");
    std::fs::write(&input, text).unwrap();
    let out = build(dir.path(), &input, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 of"), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"서울\""), "{}", stderr(&out));
    let (brf, _) = outputs(dir.path());
    let want = lou(&["--forward", "en-us-brf.dis,en-ueb-g2.ctb"], "서울");
    assert!(brf.contains(want.trim()), "{want:?} not in the BRF");
    // A Korean article given the English table would be all escapes: it fails, with
    // the file and the table named, and no BRF is written.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[braille]\ntable = \"en-ueb-g2.ctb\"\n",
    )
    .unwrap();
    let out = build(dir.path(), &fixture("html/korean-subway.html"), &[]);
    assert_fails(
        &out,
        1,
        &["korean-subway.html", "en-ueb-g2.ctb", "another table"],
    );
    assert!(
        crate::common::files_under(&dir.path().join("exports"))
            .iter()
            .all(|(p, _)| p.extension().is_none_or(|x| x != "brf"))
    );
}

#[test]
fn missing_liblouis_fails_the_article_but_keeps_the_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("ALTFORMAT_LOUIS_LIB", "/nonexistent/liblouis.so.20")];
    let out = build(dir.path(), &sample(), &env);
    assert_fails(
        &out,
        1,
        &[
            "north-korean-labour.txt",
            "liblouis",
            "apt-get install liblouis20",
        ],
    );
    let folder = dir.path().join("exports").join(SLUG);
    assert!(folder.join("article.json").is_file());
    assert!(
        !folder.join("manifest.json").exists(),
        "an incomplete article has no manifest"
    );
    let (_d, formats) = run(&["formats"]);
    assert!(
        stdout(&formats).contains("brf      available: liblouis 3."),
        "{}",
        stdout(&formats)
    );
}

#[test]
fn braille_table_and_page_size_are_configurable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[braille]\ntable = \"en-ueb-g1.ctb\"\ncells = 32\nlines = 20\n",
    )
    .unwrap();
    let out = build(dir.path(), &sample(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (brf, model) = outputs(dir.path());
    let pages = pages(&brf, 32, 20);
    let title = braille("en-ueb-g1.ctb", model["title"].as_str().unwrap());
    let first: Vec<&str> = pages[0][1..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.trim())
        .collect();
    assert_eq!(
        first.join(" "),
        title,
        "the title in grade 1, wrapped at 32 cells"
    );
    std::fs::write(dir.path().join("altformat.toml"), "[braille]\ncells = 2\n").unwrap();
    assert_fails(&build(dir.path(), &sample(), &[]), 2, &["braille.cells"]);
}
