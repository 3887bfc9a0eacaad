//! Articles read from web addresses, against a local server on 127.0.0.1 ([`serve`]):
//! the body goes to the reader its media type names, the charset the server declares
//! wins, compressed bodies are decoded, redirects end at the article's source, and
//! every failure names the address and its cause while the rest of the batch goes on.

use crate::common::*;
use crate::serve::{Route, Server};
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;

/// An article page with site chrome around it.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | The Daily Test</title></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a> <a href=\"/sport\">Sport</a></nav>\
         <main><article><h1>{title}</h1>{body}</article></main>\
         <footer><p>Copyright The Daily Test. All rights reserved.</p></footer></body></html>"
    )
}

/// Paragraphs enough to be an article.
fn paragraphs(first: &str) -> String {
    let mut html = format!("<p>{first}</p>");
    for n in 1..=4 {
        html.push_str(&format!(
            "<p>Paragraph {n} of the report goes on with <a href=\"../council/plans.html\">the \
             council's plans</a> for the river crossing, the cost of the works, and what \
             residents said at <a href=\"/events#meeting\">the meeting</a>.</p>"
        ));
    }
    html
}

/// Windows-1251 bytes of Russian text (the Cyrillic letters А-я are 0xC0-0xFF there).
fn windows_1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => 0xC0 + (c as u32 - 'А' as u32) as u8,
            c if c.is_ascii() => c as u8,
            c => panic!("no windows-1251 byte for {c:?} in this test"),
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(bytes).unwrap();
    z.finish().unwrap()
}

fn server() -> Server {
    // The page's own (wrong) declaration says Latin-1; the server's header is right and
    // wins, as browsers let it.
    let russian = page(
        "Новости дня",
        "<p>Сегодня в городе открыли новый мост через реку, и жители пришли посмотреть на него.</p>\
         <p>Строительство моста заняло три года и стоило больше, чем планировали в городском совете.</p>\
         <p>Мэр сказал, что мост поможет людям быстрее добираться до работы и до школы каждый день.</p>",
    )
    .replace("charset=\"utf-8\"", "charset=\"iso-8859-1\"");
    let gzipped = page(
        "Compressed Page Arrives Whole",
        &paragraphs("The gzip body of this page is decoded before it is read."),
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    Server::start(HashMap::from([
        (
            "/news/bridge-opens.html",
            Route::ok(
                "text/html; charset=utf-8",
                page(
                    "Bridge Opens After Three Years",
                    &paragraphs("The new bridge over the river opened on Monday morning."),
                ),
            ),
        ),
        (
            "/notes.txt",
            Route::ok(
                "text/plain; charset=utf-8",
                "Field Notes From The Valley\n\nThe first paragraph of the notes says what was \
                 seen on the walk.\n\nThe second paragraph says what was heard.\n",
            ),
        ),
        (
            "/guide",
            Route::ok(
                "text/markdown",
                "# A Guide In Markdown\n\nAn opening paragraph.\n\n## Getting there\n\nTake the \
                 train to the end of the line.\n\n- one\n- two\n",
            ),
        ),
        ("/start", Route::redirect(302, "/step-two")),
        ("/step-two", Route::redirect(301, "/news/bridge-opens.html")),
        ("/loop", Route::redirect(302, "/loop")),
        (
            "/cyrillic.html",
            Route::ok("text/html; charset=windows-1251", windows_1251(&russian)),
        ),
        (
            "/compressed.html",
            Route::ok("text/html", gzip(gzipped.as_bytes())).with("Content-Encoding", "gzip"),
        ),
        (
            "/deflated.txt",
            Route::ok(
                "text/plain",
                deflate(b"Deflated Notes\n\nThis text came deflated and was read whole.\n"),
            )
            .with("Content-Encoding", "deflate"),
        ),
        (
            "/huge.html",
            Route::ok("text/html", page("Huge", &"<p>word </p>".repeat(200_000))),
        ),
        (
            "/huge-no_length.html",
            Route {
                no_length: true,
                ..Route::ok("text/html", page("Huge", &"<p>word </p>".repeat(200_000)))
            },
        ),
        (
            "/stalls.html",
            Route {
                stall: true,
                ..Route::ok(
                    "text/html",
                    page("Never Finished", &paragraphs("Never read.")),
                )
            },
        ),
        ("/picture.png", Route::ok("image/png", png)),
    ]))
}

fn inspect_json(url: &str) -> Value {
    let (_d, out) = run(&["inspect", "--json", url]);
    assert!(out.status.success(), "{url}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("inspect --json prints JSON")
}

/// Every paragraph's text in a model, joined.
fn text_of(model: &Value) -> String {
    let mut text = String::new();
    let blocks = model["lead"].as_array().into_iter().flatten().chain(
        model["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s["blocks"].as_array().into_iter().flatten()),
    );
    for block in blocks {
        for span in block["spans"].as_array().into_iter().flatten() {
            text.push_str(span["text"].as_str().unwrap_or(""));
            text.push(' ');
        }
    }
    text
}

#[test]
fn html_text_and_markdown_bodies_are_read_by_their_media_type() {
    let server = server();
    let html = inspect_json(&server.url("/news/bridge-opens.html"));
    assert_eq!(html["title"], "Bridge Opens After Three Years");
    assert_eq!(html["source"], server.url("/news/bridge-opens.html"));
    let body = text_of(&html);
    assert!(body.contains("opened on Monday morning"), "{body}");
    assert!(
        !body.contains("All rights reserved"),
        "site chrome kept: {body}"
    );
    // Relative links are resolved against the page's address.
    let links: Vec<&str> = html["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["blocks"].as_array().into_iter().flatten())
        .chain(html["lead"].as_array().into_iter().flatten())
        .flat_map(|b| b["spans"].as_array().into_iter().flatten())
        .filter_map(|s| s["link"].as_str())
        .collect();
    assert!(
        links.contains(&server.url("/council/plans.html").as_str()),
        "{links:?}"
    );
    assert!(
        links.contains(&server.url("/events#meeting").as_str()),
        "{links:?}"
    );

    let text = inspect_json(&server.url("/notes.txt"));
    assert_eq!(text["title"], "Field Notes From The Valley");
    assert!(text_of(&text).contains("what was heard"));

    // No extension: the media type says Markdown, so the headings and list are kept.
    let md = inspect_json(&server.url("/guide"));
    assert_eq!(md["title"], "A Guide In Markdown");
    assert_eq!(md["sections"][0]["heading"], "Getting there");
    let list = &md["sections"][0]["blocks"][1];
    assert_eq!(list["type"], "list", "{md}");

    let heads = server.requests();
    assert!(
        heads
            .iter()
            .all(|h| h.contains("user-agent: altformat/") && h.contains("accept-encoding: gzip")),
        "{heads:?}"
    );
}

#[test]
fn a_redirect_chain_ends_at_the_source_and_names_the_folder() {
    let server = server();
    let start = server.url("/start");
    let (dir, out) = run(&build_args(&start, "json,epub,audio", &[]));
    assert!(out.status.success(), "{}", stderr(&out));
    let folder = dir.path().join("exports/bridge-opens-after-three-years");
    let model: Value =
        serde_json::from_slice(&std::fs::read(folder.join("article.json")).unwrap()).unwrap();
    let source = server.url("/news/bridge-opens.html");
    assert_eq!(model["source"], source);
    // The source in the EPUB's package and in the MP3's ID3 tag (WOAS, a URL frame).
    let epub = std::fs::read(folder.join("bridge-opens-after-three-years.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(
        opf.contains(&format!("<dc:source>{source}</dc:source>")),
        "{opf}"
    );
    let mp3 = std::fs::read(folder.join("bridge-opens-after-three-years.mp3")).unwrap();
    let at = mp3
        .windows(4)
        .position(|w| w == b"WOAS")
        .expect("a WOAS frame");
    // After the frame's id, size and flags, the address.
    assert!(mp3[at + 10..].starts_with(source.as_bytes()));
    let owner = std::fs::read_to_string(folder.join(".altformat-owner")).unwrap();
    assert_eq!(
        owner.trim(),
        format!("url:{start}"),
        "the address given owns it"
    );
    let fetched: Vec<_> = server
        .requests()
        .iter()
        .filter_map(|h| h.split_whitespace().nth(1).map(str::to_string))
        .collect();
    assert_eq!(
        fetched,
        ["/start", "/step-two", "/news/bridge-opens.html"],
        "fetched once, each step of the chain once"
    );
}

#[test]
fn the_declared_charset_wins_and_compressed_bodies_are_decoded() {
    let server = server();
    let russian = inspect_json(&server.url("/cyrillic.html"));
    assert_eq!(russian["title"], "Новости дня");
    assert!(
        text_of(&russian).contains("открыли новый мост"),
        "{russian}"
    );

    let gz = inspect_json(&server.url("/compressed.html"));
    assert_eq!(gz["title"], "Compressed Page Arrives Whole");
    assert!(text_of(&gz).contains("decoded before it is read"));

    let deflated = inspect_json(&server.url("/deflated.txt"));
    assert_eq!(deflated["title"], "Deflated Notes");
    assert!(text_of(&deflated).contains("read whole"));
}

#[test]
fn each_failure_names_the_address_and_its_cause_and_the_batch_goes_on() {
    let server = server();
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}/gone.html")
    };
    let failures = [
        (
            server.url("/missing.html"),
            "HTTP 404 Not Found".to_string(),
        ),
        (server.url("/loop"), "more than 10 redirects".into()),
        (
            server.url("/huge.html"),
            "larger than the download limit of 1 MB".into(),
        ),
        (
            server.url("/huge-no_length.html"),
            "larger than the download limit of 1 MB".into(),
        ),
        (
            server.url("/stalls.html"),
            "timed out receiving the page (no answer in 1 s)".into(),
        ),
        (
            server.url("/picture.png"),
            "not an article: the server sent image/png".into(),
        ),
        (refused.clone(), "connection refused".into()),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[input]\nfetch_max_mb = 1\nfetch_timeout_s = 1\n",
    )
    .unwrap();
    let mut list = String::from("# addresses to build\n\n");
    for (url, _) in &failures {
        list.push_str(&format!("{url}\n"));
    }
    list.push_str(&format!("  {}  \n", server.url("/notes.txt")));
    std::fs::write(dir.path().join("urls.txt"), list).unwrap();
    let started = std::time::Instant::now();
    let out = run_in(
        dir.path(),
        &build_args(
            sample().to_str().unwrap(),
            "json",
            &["--urls", "urls.txt", "--jobs", "2"],
        ),
    );
    let err = stderr(&out);
    assert_fails(&out, 1, &[]);
    for (url, cause) in &failures {
        let line = format!("{url}: {cause}");
        assert!(err.contains(&line), "expected {line:?} in:\n{err}");
    }
    assert!(
        started.elapsed().as_secs() < 30,
        "a stalled server held the batch for {:?}",
        started.elapsed()
    );
    let mut built: Vec<String> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.starts_with("report"))
        .collect();
    built.sort();
    assert_eq!(
        built,
        [
            "field-notes-from-the-valley",
            "north-korean-labour-fuels-russia"
        ],
        "the file and the good address were built, nothing for the failures"
    );
}

#[test]
fn addresses_come_from_standard_input_and_bad_lines_are_named() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    let mut child = altformat(dir.path(), &["build", "--urls", "-", "--formats", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let list = format!("{}\n", server.url("/guide"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("exports/a-guide-in-markdown/article.json")
            .is_file()
    );

    std::fs::write(
        dir.path().join("list.txt"),
        format!("{}\nfile:///etc/passwd\n", server.url("/guide")),
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["build", "--urls", "list.txt", "--formats", "json"],
    );
    assert_fails(
        &out,
        2,
        &["list.txt: line 2: not an http or https address: \"file:///etc/passwd\""],
    );
}
