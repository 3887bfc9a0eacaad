//! The HTML reader through the CLI, on saved pages of different shapes.

use crate::common::*;
use serde_json::Value;

const FIXTURES: &[(&str, &str)] = &[
    ("news-harbour-herald", "html-news.json"),
    ("blog-balcony-tomatoes", "html-blog.json"),
    ("menu-millbrook-canal", "html-menu.json"),
    ("korean-subway", "html-korean.json"),
];

fn page(name: &str) -> std::path::PathBuf {
    fixture(&format!("html/{name}.html"))
}

fn inspect(name: &str, extra: &[&str]) -> Value {
    let path = page(name);
    let mut args = vec!["inspect", "--json"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    let (_d, out) = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut a: Value = serde_json::from_slice(&out.stdout).expect("inspect --json prints JSON");
    assert!(a.get("dropped").is_none(), "the model must hold no chrome");
    a["dropped"] = dropped_lines(&path, extra).into();
    a
}

fn headings(a: &Value) -> Vec<String> {
    a["sections"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|s| s["heading"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Title, deck, lead and sections as one string: everything a reader would hear.
fn body(a: &Value) -> String {
    serde_json::to_string(&serde_json::json!([
        a["title"],
        a["deck"],
        a["lead"],
        a["sections"]
    ]))
    .unwrap()
}

fn dropped(a: &Value) -> String {
    a["dropped"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|x| x.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Assert no chrome word is in the body and each is reported as dropped.
fn assert_chrome(a: &Value, words: &[&str]) {
    let (body, dropped) = (body(a), dropped(a));
    for w in words {
        assert!(!body.contains(w), "{w:?} leaked into the model");
        assert!(
            dropped.contains(w),
            "{w:?} not reported as dropped:\n{dropped}"
        );
    }
}

#[test]
fn golden_html_inspect_json() {
    for (name, golden_name) in FIXTURES {
        let path = page(name);
        let (_d, out) = run(&["inspect", "--json", path.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        golden(golden_name, &stdout(&out));
        // The summary, with what was dropped as chrome, so review sees that too.
        let (_d, out) = run(&["inspect", path.to_str().unwrap()]);
        golden(&golden_name.replace(".json", ".inspect.txt"), &stdout(&out));
    }
}

#[test]
fn news_site() {
    let a = inspect("news-harbour-herald", &[]);
    assert_eq!(
        a["title"],
        "Six electric ferries to replace harbour\u{2019}s diesel fleet by 2028"
    );
    assert_eq!(
        a["deck"],
        "Council signs \u{a3}94m contract for battery boats, but island residents fear higher fares and fewer late crossings"
    );
    assert_eq!(a["byline"], "Priya Nair");
    assert_eq!(a["date"], "2025-04-17T06:30:00+01:00");
    assert_eq!(a["lang"], "en-GB");
    assert_eq!(
        headings(&a),
        [
            "A \u{a3}94m bet on batteries",
            "How charging will work",
            "Not everyone is convinced",
            "What happens to the old boats"
        ]
    );
    assert_eq!(a["lead"].as_array().unwrap().len(), 3);
    assert_chrome(
        &a,
        &[
            "cookies",
            "Subscribe",
            "Politics",
            "Sign in",
            "Advertisement",
            "Related stories",
            "Quay repairs",
            "Comments (42)",
            "Follow us",
            "Facebook",
        ],
    );
    let body = body(&a);
    // Entities decoded, curly quotes kept, links as written.
    assert!(body.contains("\u{a3}94\u{a0}million") || body.contains("\u{a3}94 million"));
    assert!(body.contains("\u{201c}This is the single biggest investment"));
    assert!(body.contains("\"link\":\"https://strandmarine.example\""));
    let quote = &a["sections"][2]["blocks"][1];
    assert_eq!(quote["type"], "quote");
    assert_eq!(
        quote["paragraphs"][1]["spans"][0]["text"],
        "Morag Fettes, Skerry Residents\u{2019} Association"
    );
    let list = &a["sections"][1]["blocks"][2];
    assert_eq!(list["type"], "list");
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
}

#[test]
fn wordpress_blog_without_article_element() {
    let a = inspect("blog-balcony-tomatoes", &[]);
    assert_eq!(
        a["title"],
        "Balcony Tomatoes: What One Summer in Pots Taught Me"
    );
    assert_eq!(a["byline"], "Marta Lindqvist");
    assert_eq!(a["lang"], "en-US");
    // og:description only repeats the first paragraph, so it is not a deck.
    assert!(a["deck"].is_null());
    assert_eq!(
        headings(&a),
        [
            "Choosing the right varieties",
            "Pots, soil and water",
            "The watering schedule that worked",
            "What went wrong"
        ]
    );
    assert_eq!(a["sections"][2]["level"], 3);
    assert_chrome(
        &a,
        &[
            "Recent Posts",
            "Categories",
            "Archives",
            "Share this",
            "Related",
            "3 thoughts on",
            "Proudly powered",
        ],
    );
    let body = body(&a);
    for gone in [
        "Leave a Reply",
        "Red Robin",
        "Overwintering chillies",
        "Skip to content",
        "Posted on",
    ] {
        assert!(!body.contains(gone), "{gone} leaked");
    }
    // A single <br> inside a paragraph joins lines; it does not split the paragraph.
    assert!(body.contains("Water the soil, not the leaves. Water in the morning"));
}

#[test]
fn long_menu_and_br_paragraphs() {
    let a = inspect("menu-millbrook-canal", &[]);
    assert_eq!(a["title"], "The Winter the Canal Froze");
    assert_eq!(a["lang"], "en");
    assert_eq!(headings(&a), ["Skating on the Cut", "The Thaw"]);
    assert_eq!(a["sections"][0]["level"], 2);
    // The <br><br> runs make four lead paragraphs, not one blob.
    let lead = a["lead"].as_array().unwrap();
    assert_eq!(lead.len(), 4);
    assert!(
        lead[1]["spans"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("In the last week of January 1947")
    );
    assert!(
        lead[1]["spans"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with("nearly 3\u{bd} miles.")
    );
    assert_chrome(
        &a,
        &["About the Group", "Past Talks", "Site Map", "Back to top"],
    );
    assert!(!body(&a).contains("Millbrook Local History Group"));
}

#[test]
fn korean_page() {
    let a = inspect("korean-subway", &[]);
    assert_eq!(a["title"], "서울 지하철, 새벽 첫차 30분 앞당긴다");
    assert_eq!(
        a["deck"],
        "새벽 노동자 이동권 보장을 위한 조치\u{2026} 노조는 인력 충원 요구"
    );
    assert_eq!(a["byline"], "김서연");
    assert_eq!(a["lang"], "ko");
    assert_eq!(
        headings(&a),
        [
            "첫차 시간, 왜 바뀌나",
            "시민 반응 엇갈려",
            "노조 \u{201c}인력 충원이 먼저\u{201d}"
        ]
    );
    assert_chrome(
        &a,
        &[
            "많이 본 뉴스",
            "관련기사",
            "무단전재",
            "#첫차",
            "로그인",
            "광고",
        ],
    );
}

#[test]
fn keep_chrome_keeps_what_is_inside_the_article() {
    let a = inspect("news-harbour-herald", &["--keep-chrome"]);
    let body = body(&a);
    assert!(body.contains("Advertisement"));
    assert!(body.contains("Subscribe to Morning Tide"));
    // Outside the article is still not the article, and is still reported.
    assert!(!body.contains("Politics"));
    assert!(dropped(&a).contains("Politics"));
    assert!(!dropped(&a).contains("Advertisement"));
}

#[test]
fn lang_flag_overrides_the_page() {
    let a = inspect("korean-subway", &["--lang", "ko-KR"]);
    assert_eq!(a["lang"], "ko-KR");
}

#[test]
fn pages_without_text_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "scripts.html",
            "<html><head><script>var x = '<p>hi</p>';</script></head><body><script>go()</script></body></html>",
        ),
        (
            "menu-only.html",
            "<!doctype html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav></body>",
        ),
    ];
    for (name, html) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, html).unwrap();
        let out = run_in(dir.path(), &["inspect", path.to_str().unwrap()]);
        assert_fails(&out, 1, &[name, "no article text"]);
    }
    let nested = dir.path().join("nested.html");
    let para = "<p>One sentence of text inside a great many divs, which is fine.</p>";
    std::fs::write(
        &nested,
        format!("{}{para}{}", "<div>".repeat(100), "</div>".repeat(100)),
    )
    .unwrap();
    let out = run_in(dir.path(), &["inspect", nested.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}
