//! DAISY 2.02 end to end: the sample article narrated by eSpeak NG, then checked with
//! xmllint against the XHTML 1.0 and SMIL 1.0 DTDs (Debian `libxml2-utils` and
//! `w3c-sgml-lib`, resolved through the system XML catalog, never the network) and with
//! ffprobe against the MP3s it plays.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const SLUG: &str = "north-korean-labour-fuels-russia";

/// Run a checking tool; fail (never skip) with what to install when it is missing.
fn tool(name: &str, args: &[&str], package: &str) -> std::process::Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed ({e}); apt-get install {package}"))
}

/// `<meta name content>` pairs of a head, in order.
fn metas(doc: &roxmltree::Document) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in doc.descendants().filter(|n| n.has_tag_name("meta")) {
        if let (Some(name), Some(content)) = (m.attribute("name"), m.attribute("content")) {
            map.entry(name.into()).or_default().push(content.into());
        }
    }
    map
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).expect("well-formed XML")
}

/// `hh:mm:ss[.sss]` to seconds.
fn clock(v: &str) -> f64 {
    let p: Vec<f64> = v.split(':').map(|x| x.parse().expect(v)).collect();
    assert_eq!(p.len(), 3, "{v}");
    p[0] * 3600.0 + p[1] * 60.0 + p[2]
}

fn npt(v: &str) -> f64 {
    v.strip_prefix("npt=")
        .and_then(|s| s.strip_suffix('s'))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not npt=…s: {v}"))
}

fn mp3_seconds(file: &Path) -> f64 {
    let out = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            file.to_str().unwrap(),
        ],
        "ffmpeg",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().parse().expect("a duration")
}

/// Build the sample's talking book in `dir`; the article's output folder.
fn build_book(dir: &Path) -> std::path::PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args([
            "build",
            sample().to_str().unwrap(),
            "--formats",
            "daisy,json",
        ])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    dir.join("exports").join(SLUG)
}

#[test]
fn sample_talking_book_is_valid_daisy_202() {
    let dir = tempfile::tempdir().unwrap();
    let article_dir = build_book(dir.path());
    let book = article_dir.join(format!("{SLUG}-daisy"));
    let read = |name: &str| std::fs::read_to_string(book.join(name)).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&book)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();

    // Every XML file well-formed; the XHTML and SMIL valid against their DTDs.
    for name in names.iter().filter(|n| !n.ends_with(".mp3")) {
        parse(&read(name));
        let v = tool(
            "xmllint",
            &[
                "--noout",
                "--valid",
                "--nonet",
                book.join(name).to_str().unwrap(),
            ],
            "libxml2-utils w3c-sgml-lib",
        );
        assert!(v.status.success(), "{name}: {}", stderr(&v));
    }

    let ncc_text = read("ncc.html");
    let ncc = parse(&ncc_text);
    let meta = metas(&ncc);
    let one = |name: &str| -> String {
        let v = meta
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in ncc.html"));
        assert_eq!(v.len(), 1, "{name} more than once");
        v[0].clone()
    };
    for name in [
        "dc:title",
        "dc:creator",
        "dc:identifier",
        "dc:publisher",
        "ncc:narrator",
    ] {
        assert!(!one(name).trim().is_empty(), "{name} empty");
    }
    assert_eq!(one("dc:title"), "North Korean Labour Fuels Russia");
    assert_eq!(one("dc:format"), "Daisy 2.02");
    assert_eq!(one("dc:date"), "2023-11-14");
    assert_eq!(one("dc:language"), "en");
    assert_eq!(one("ncc:charset"), "utf-8");
    assert!(one("ncc:generator").starts_with("altformat "));
    assert_eq!(one("ncc:multimediaType"), "audioFullText");
    assert!(one("ncc:narrator").contains("eSpeak NG"));
    assert_eq!(one("ncc:files"), names.len().to_string());
    for page in ["ncc:pageNormal", "ncc:pageFront", "ncc:pageSpecial"] {
        assert_eq!(one(page), "0");
    }
    assert_eq!(one("ncc:setInfo"), "1 of 1");

    // The table of contents: the title then every section, in order, each a link
    // to a par of a SMIL file that exists.
    let headings: Vec<roxmltree::Node> = ncc
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        .collect();
    assert_eq!(headings.len(), 18, "title + 17 sections");
    assert_eq!(one("ncc:tocItems"), "18");
    let depth = headings
        .iter()
        .map(|h| h.tag_name().name()[1..].parse::<u32>().unwrap())
        .max()
        .unwrap();
    assert_eq!(one("ncc:depth"), depth.to_string());
    assert_eq!(headings[0].attribute("class"), Some("title"));
    let body_first = ncc
        .descendants()
        .find(|n| n.has_tag_name("body"))
        .and_then(|b| b.first_element_child())
        .unwrap();
    assert_eq!(body_first, headings[0], "the title comes first");

    // Content: every id, for text src to resolve to.
    let content_text = read("content.html");
    let content = parse(&content_text);
    let ids: std::collections::BTreeSet<&str> = content
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();

    // Each SMIL: pars in order inside the MP3, text src resolving, times adding up.
    let master_text = read("master.smil");
    let master = parse(&master_text);
    let refs: Vec<&str> = master
        .descendants()
        .filter(|n| n.has_tag_name("ref"))
        .map(|n| n.attribute("src").unwrap())
        .collect();
    assert_eq!(refs.len(), 18);
    let mut elapsed = 0.0;
    let mut par_ids = BTreeMap::new();
    for smil_name in &refs {
        let text = read(smil_name);
        let smil = parse(&text);
        let m = metas(&smil);
        assert_eq!(m["dc:format"], ["Daisy 2.02"]);
        let this = clock(&m["ncc:timeInThisSmil"][0]);
        let before = clock(&m["ncc:totalElapsedTime"][0]);
        assert!(
            (before - elapsed).abs() < 0.0015,
            "{smil_name}: {before} vs {elapsed}"
        );
        elapsed += this;
        let mut prev_end = 0.0;
        let mut audio_file = None;
        for par in smil.descendants().filter(|n| n.has_tag_name("par")) {
            par_ids.insert(format!("{smil_name}#{}", par.attribute("id").unwrap()), ());
            let text_src = par
                .children()
                .find(|n| n.has_tag_name("text"))
                .and_then(|n| n.attribute("src"))
                .unwrap();
            let (file, id) = text_src.split_once('#').unwrap();
            assert_eq!(file, "content.html");
            assert!(ids.contains(id), "{text_src} does not resolve");
            let audio = par.children().find(|n| n.has_tag_name("audio")).unwrap();
            let (begin, end) = (
                npt(audio.attribute("clip-begin").unwrap()),
                npt(audio.attribute("clip-end").unwrap()),
            );
            assert!(
                prev_end <= begin && begin < end,
                "{smil_name}: {begin}..{end}"
            );
            prev_end = end;
            audio_file = audio.attribute("src");
        }
        let mp3 = book.join(audio_file.expect("a par"));
        let seconds = mp3_seconds(&mp3);
        assert!(
            prev_end <= seconds + 0.001,
            "{smil_name}: {prev_end} past {seconds}"
        );
        assert!(
            (this - seconds).abs() < 0.1,
            "{smil_name}: {this} vs ffprobe {seconds}"
        );
    }
    assert!((clock(&metas(&master)["ncc:timeInThisSmil"][0]) - elapsed).abs() < 0.0015);
    assert!((clock(&one("ncc:totalTime")) - elapsed).abs() <= 0.5);
    for h in &headings {
        let a = h.first_element_child().expect("a link");
        let href = a.attribute("href").unwrap();
        assert!(par_ids.contains_key(href), "{href} is not a par");
    }

    // The zip holds the same files, byte for byte, under the book's folder; the MP3s
    // are the narration's chapter streams (the audio files' own frames).
    let zip = std::fs::File::open(article_dir.join(format!("{SLUG}-daisy.zip"))).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    assert_eq!(zip.len(), names.len());
    for name in &names {
        let mut entry = zip.by_name(&format!("{SLUG}-daisy/{name}")).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        assert_eq!(bytes, std::fs::read(book.join(name)).unwrap(), "{name}");
    }
    let manifest = std::fs::read_to_string(article_dir.join("manifest.json")).unwrap();
    assert!(
        manifest.contains(&format!("\"{SLUG}-daisy/ncc.html\"")),
        "{manifest}"
    );
}

/// The DAISY 2.02 player Debian ships opens the book and lists its table of contents:
/// the title and the 17 sections, in order. daisy-player is a terminal program, so it
/// runs in tmux and the test reads its screen.
#[test]
fn daisy_player_lists_the_books_18_items() {
    let dir = tempfile::tempdir().unwrap();
    let article_dir = build_book(dir.path());
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(article_dir.join("article.json")).unwrap())
            .unwrap();
    let mut items = vec![model["title"].as_str().unwrap().to_string()];
    for s in model["sections"].as_array().unwrap() {
        items.push(s["heading"].as_str().unwrap().to_string());
    }
    assert_eq!(items.len(), 18);

    let book = article_dir.join(format!("{SLUG}-daisy"));
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fake-sound-card.sh");
    let session = format!("altformat-daisy-{}", std::process::id());
    let command = format!(
        "HOME={home} unshare -m {shim} {scratch} daisy-player -i -n -d null:null {book} \
         2>{home}/stderr; sleep 60",
        home = dir.path().display(),
        shim = shim.display(),
        scratch = dir.path().join("scratch").display(),
        book = book.display(),
    );
    let tmux = |args: &[&str]| tool("tmux", args, "tmux");
    let started = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    assert!(started.status.success(), "tmux: {}", stderr(&started));
    // The screen, once every item is on it (or what it shows after 30 s).
    let mut screen = String::new();
    for _ in 0..60 {
        std::thread::sleep(std::time::Duration::from_millis(500));
        screen = stdout(&tmux(&["capture-pane", "-p", "-t", &session]));
        if items.iter().all(|i| screen.contains(i.as_str())) {
            break;
        }
    }
    tmux(&["kill-session", "-t", &session]);
    let err = std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
    // Each item on a line of its own, in the book's order.
    let lines: Vec<&str> = screen.lines().collect();
    let mut at = 0;
    for item in &items {
        let found = lines[at..]
            .iter()
            .position(|l| l.trim_start().starts_with(item.as_str()))
            .unwrap_or_else(|| {
                panic!("daisy-player does not list {item:?}:\n{screen}\nstderr: {err}")
            });
        at += found + 1;
    }
    assert!(
        screen.contains("level: 1 of 2"),
        "two heading levels:\n{screen}"
    );
}
