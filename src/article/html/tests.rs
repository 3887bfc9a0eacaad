//! Whole-reader tests on small pages: structure, metadata, chrome and bad markup.

use super::read_html;
use crate::article::model::{Article, Block};
use crate::error::ReadError;

const P1: &str = "The council voted on Tuesday, after a long and heated debate, to keep the ferry.";
const P2: &str = "Fares will rise by 5% in May, the first increase since 2019, officials said.";

fn read(html: &str) -> Article {
    read_html(html, "en", "fallback", false).expect("page reads")
}

fn all_text(a: &Article) -> String {
    let mut s: Vec<String> = a.sections.iter().map(|s| s.heading.clone()).collect();
    s.extend(a.blocks().flat_map(|b| b.paragraphs()).map(|p| p.text()));
    s.join("\n")
}

#[test]
fn article_with_chrome_around_it() {
    let html = format!(
        "<!doctype html><html lang='en-GB'><head><title>Ferry Saved | Town News</title>\
         <meta property='og:site_name' content='Town News'></head><body>\
         <header><a href='/'>Town News</a><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav></header>\
         <main><article><header><h1>Ferry Saved</h1><p class='standfirst'>A reprieve for the island.</p></header>\
         <p>{P1}</p><div class='share-bar'><a href='#'>Share on X</a></div>\
         <h2>What Next</h2><p>{P2}</p><p>Advertisement</p><h3>Fares</h3><p>{P2} {P1}</p></article>\
         <aside><h2>Related stories</h2><ul><li><a href='/x'>Bus cut</a></li></ul></aside></main>\
         <footer>&copy; 2025 Town News</footer></body></html>"
    );
    let a = read(&html);
    assert_eq!(a.title, "Ferry Saved");
    assert_eq!(a.deck.as_deref(), Some("A reprieve for the island."));
    assert_eq!(a.lang, "en-GB");
    let heads: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(heads, [("What Next", 2), ("Fares", 3)]);
    assert_eq!(a.lead.len(), 1);
    let text = all_text(&a);
    for chrome in [
        "Share on X",
        "Advertisement",
        "Related",
        "Home",
        "2025 Town News",
    ] {
        assert!(!text.contains(chrome), "{chrome} leaked: {text}");
    }
    let dropped = a.dropped.join("\n");
    for d in [
        "header: Town News · Home · World",
        "share: Share on X",
        "aside: Related stories",
        "Advertisement",
        "footer:",
    ] {
        assert!(dropped.contains(d), "{d} not reported: {dropped}");
    }
}

#[test]
fn keep_chrome_keeps_the_content_whole() {
    let html = format!(
        "<body><article><p>{P1}</p><div class='share'>Share this</div><p>{P2}</p></article><nav>Menu</nav></body>"
    );
    let a = read_html(&html, "en", "f", true).unwrap();
    assert!(all_text(&a).contains("Share this"));
    assert_eq!(a.dropped, ["nav: Menu"]);
}

#[test]
fn inline_styles_links_and_entities() {
    let a = read(
        "<body><p>A <em>quiet</em> &amp; <strong>bold</strong> move &ndash; see \
         <a href='/report?id=1&amp;v=2'>the report</a> or <a href='javascript:void(0)'>this</a>.&nbsp;\u{201c}Yes,\u{201d} she said.</p></body>",
    );
    let p = &a.lead[0].paragraphs()[0];
    assert_eq!(
        p.text(),
        "A quiet & bold move \u{2013} see the report or this. \u{201c}Yes,\u{201d} she said."
    );
    assert!(p.spans.iter().any(|s| s.em && s.text == "quiet"));
    assert!(p.spans.iter().any(|s| s.strong && s.text == "bold"));
    assert!(
        p.spans
            .iter()
            .any(|s| s.link.as_deref() == Some("/report?id=1&v=2"))
    );
    assert_eq!(p.spans.iter().filter(|s| s.link.is_some()).count(), 1);
}

#[test]
fn br_runs_split_paragraphs_and_single_br_joins() {
    let a = read(&format!(
        "<body><div id='text'>{P1}<br>{P2}<br><br>\n{P2}<br/>\n<br/>{P1}</div></body>"
    ));
    let paras: Vec<String> = a.lead.iter().map(|b| b.paragraphs()[0].text()).collect();
    assert_eq!(
        paras,
        [format!("{P1} {P2}"), P2.to_string(), P1.to_string()]
    );
}

#[test]
fn lists_and_quotes() {
    let a = read(&format!(
        "<body><article><p>{P1}</p><ol><li>First <b>step</b></li><li>Second<ul><li>nested</li></ul></li></ol>\
         <blockquote><p>{P2}</p><footer>Jane Roe</footer></blockquote></article></body>"
    ));
    assert!(matches!(&a.lead[1], Block::List { ordered: true, items } if items.len() == 3));
    assert!(matches!(&a.lead[2], Block::Quote { paragraphs } if paragraphs.len() == 2));
}

#[test]
fn title_falls_back_to_h1_then_title_element() {
    let a = read(&format!(
        "<title>Page | Site</title><body><h1>The Headline</h1><p>{P1}</p></body>"
    ));
    assert_eq!(a.title, "The Headline");
    assert!(a.sections.is_empty(), "the h1 is not a section");
    let a = read(&format!(
        "<html><head><title>Only Title</title></head><body><p>{P1}</p></body></html>"
    ));
    assert_eq!(a.title, "Only Title");
    let a = read(&format!("<p>{P1}</p>"));
    assert_eq!(a.title, "fallback");
    assert_eq!(a.warnings.len(), 1);
}

#[test]
fn metadata_from_meta_tags() {
    let a = read(&format!(
        "<html lang='ko_KR'><head><meta name='author' content='Kim Min-ji'>\
         <meta property='article:published_time' content='2025-06-01T09:00:00+09:00'>\
         <link rel='canonical' href='https://example.kr/a/1'>\
         <meta property='og:description' content='A different summary of the story.'></head>\
         <body><p>{P1}</p></body></html>"
    ));
    assert_eq!(a.byline.as_deref(), Some("Kim Min-ji"));
    assert_eq!(a.date.as_deref(), Some("2025-06-01T09:00:00+09:00"));
    assert_eq!(a.source.as_deref(), Some("https://example.kr/a/1"));
    assert_eq!(a.lang, "ko-KR");
    assert_eq!(a.deck.as_deref(), Some("A different summary of the story."));
}

#[test]
fn description_repeating_the_first_paragraph_is_not_a_deck() {
    let a = read(&format!(
        "<head><meta property='og:description' content='The council voted on Tuesday, after a long\u{2026}'></head><body><p>{P1}</p></body>"
    ));
    assert_eq!(a.deck, None);
}

#[test]
fn byline_and_time_in_the_markup() {
    let a = read(&format!(
        "<body><article><p class='byline'>By <a rel='author' href='/a'>Ana Ruiz</a> and <a rel='author' href='/b'>Tom Li</a></p>\
         <time datetime='2025-03-03'>3 March</time><p>{P1}</p><p>{P2}</p></article></body>"
    ));
    assert_eq!(a.byline.as_deref(), Some("Ana Ruiz and Tom Li"));
    assert_eq!(a.date.as_deref(), Some("2025-03-03"));
    assert!(!all_text(&a).contains("Ana Ruiz"));
}

#[test]
fn pages_without_text_are_refused() {
    for html in [
        "<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script><style>p{}</style></body></html>",
        "<html><head><title>Nothing</title></head></html>",
        "<body><nav><a href='/'>Home</a></nav><!-- comment --></body>",
    ] {
        assert_eq!(
            read_html(html, "en", "f", false),
            Err(ReadError::NoText),
            "{html}"
        );
    }
}

#[test]
fn odd_markup_does_not_panic() {
    let nested = format!("{}<p>{P1}</p>{}", "<div>".repeat(100), "</div>".repeat(100));
    assert_eq!(read(&nested).lead.len(), 1);
    let deep = format!("{}{P1}", "<div><span><b>".repeat(1500));
    assert!(read(&deep).word_count() > 5);
    let no_body = format!("{P1} <i>unclosed <b>tags</i> & stray </p></div> <");
    assert!(read(&no_body).word_count() > 5);
}

#[test]
fn deeper_headings_are_subsections_and_h2_under_h1_is_the_deck() {
    let a = read(&format!(
        "<body><article><header><h1>Title</h1><h2>The deck line</h2></header>\
         <p>{P1}</p><h2>Part</h2><p>{P2}</p><h4>Detail</h4><p>{P1}</p><h6>Fine print</h6><p>{P2}</p></article></body>"
    ));
    assert_eq!(a.deck.as_deref(), Some("The deck line"));
    let levels: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(levels, [("Part", 2), ("Detail", 3), ("Fine print", 3)]);
}

#[test]
fn chrome_heading_takes_its_link_list_with_it() {
    let a = read(&format!(
        "<body><article><p>{P1}</p><p>{P2}</p><h3>Read more</h3>\
         <ul><li><a href='/a'>Other story one</a></li><li><a href='/b'>Other story two</a></li></ul>\
         <p>{P1}</p></article></body>"
    ));
    assert!(a.sections.is_empty());
    assert_eq!(a.lead.len(), 3);
    assert_eq!(
        a.dropped,
        ["Read more", "Other story one \u{b7} Other story two"]
    );
}

/// A paragraph was cut in three at a custom element (`<hl-trusted-source>` around a
/// citation link), leaving "... longer (" as a line of its own.
#[test]
fn regression_custom_element_runs_on_in_its_paragraph() {
    let html = format!(
        "<html><body><article><h1>Fibre</h1><p>{P1}</p>\
         <p>Fibre keeps you full longer (<hl-trusted-source><a href='https://x.test/16'>16</a></hl-trusted-source>).</p>\
         <p>{P2}</p><x-card><p>{P1} {P2}</p></x-card></article></body></html>"
    );
    let a = read(&html);
    let paras: Vec<String> = a
        .blocks()
        .flat_map(|b| b.paragraphs())
        .map(|p| p.text())
        .collect();
    assert_eq!(paras[1], "Fibre keeps you full longer (16).");
    // A block inside a custom element is still a paragraph of its own.
    assert_eq!(paras.len(), 4, "{paras:?}");
}

/// Subheads set as bold or capital paragraphs ("<p><strong>...</strong></p>",
/// "<p>HOW WILL OBAMA PLAY?</p>") were read as paragraphs: no section to navigate to.
#[test]
fn bold_and_capital_subheads_before_prose_are_headings() {
    let html = format!(
        "<html><body><article><h1>Debate</h1><p>{P1}</p>\
         <p><strong>Who is the front-runner?</strong></p><p>{P2}</p>\
         <p>HOW WILL OBAMA PLAY?</p><p>{P1}</p>\
         <p><b>Not before a list</b></p><ul><li>{P2}</li></ul>\
         <p><strong>A bold sentence that ends the article.</strong></p></article></body></html>"
    );
    let a = read(&html);
    let heads: Vec<(&str, u8)> = a
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.level))
        .collect();
    assert_eq!(
        heads,
        [("Who is the front-runner?", 2), ("HOW WILL OBAMA PLAY?", 2)]
    );
    let last = &a.sections[1].blocks;
    assert_eq!(last[1].paragraphs()[0].text(), "Not before a list");
    assert_eq!(last.len(), 4, "{last:?}");
}

/// Subheads marked only by their class ("<div class=\"pf_subheadline\">") were read as
/// paragraphs, and the first taken for the deck; one before the article's prose is
/// its deck, and stays out of the sections.
#[test]
fn class_named_subheads_after_prose_are_headings() {
    let html = format!(
        "<html><body><article><h1>Tariffs</h1>\
         <div class=\"article-subhead\">Who pays for them</div><p>{P1}</p>\
         <div class=\"pf_subheadline\">Don't tariffs produce revenue?</div><p>{P2}</p>\
         <div class=\"pf_subheadline\">Who pays in the end</div><p>{P2}</p>\
         <div class=\"crosshead\">Photo: Jane Doe</div><p>{P1}</p></article></body></html>"
    );
    let a = read(&html);
    let heads: Vec<&str> = a.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(
        heads,
        ["Don't tariffs produce revenue?", "Who pays in the end"],
        "{a:#?}"
    );
}

/// Issue 15 item 4: a table that lays out the page (a cell holding headings and
/// paragraphs) is read as text, as before; only data tables become table blocks.
#[test]
fn layout_tables_stay_text_and_data_tables_become_tables() {
    let html = format!(
        "<html><body><article><h1>Ferry Saved</h1><table><tr><td><h2>Vote</h2><p>{P1}</p></td>\
         <td><p>{P2}</p></td></tr></table>\
         <table><tr><th>Route</th><th>Fare</th></tr><tr><td>Island</td><td>5 pounds</td></tr></table>\
         </article></body></html>"
    );
    let a = read(&html);
    let tables: Vec<&Block> = a
        .blocks()
        .filter(|b| matches!(b, Block::Table { .. }))
        .collect();
    assert_eq!(tables.len(), 1, "{a:#?}");
    assert_eq!(tables[0].column_headers(), ["Route", "Fare"]);
    assert!(all_text(&a).contains(P1) && all_text(&a).contains(P2));
}

/// Preformatted prose (no `<code>`, no class saying code) is a paragraph; `<pre><code>`
/// is a code block with its line breaks.
#[test]
fn pre_is_code_only_when_it_holds_code() {
    let html = format!(
        "<html><body><article><h1>Poem</h1><p>{P1}</p><pre>The sea at night\n   is loud</pre>\
         <pre><code>let x = 1;\nlet y = 2;</code></pre><p>{P2}</p></article></body></html>"
    );
    let a = read(&html);
    let code: Vec<String> = a
        .blocks()
        .filter_map(|b| match b {
            Block::Code { code, .. } => Some(code.text()),
            _ => None,
        })
        .collect();
    assert_eq!(code, ["let x = 1;\nlet y = 2;"]);
    assert!(all_text(&a).contains("The sea at night is loud"), "{a:#?}");
}

/// `<noframes>` inside `<noframes>` as far as anyone nests them: read to a small
/// depth, then left as the text it is, never a stack overflow.
#[test]
fn deeply_nested_noframes_are_bounded() {
    let html = format!(
        "<html><body><p>{P1}</p>{}<p>{P2}</p>{}</body></html>",
        "<noframes>".repeat(20_000),
        "</noframes>".repeat(20_000)
    );
    let a = read(&html);
    assert!(all_text(&a).contains(P1));
}

/// A cell spanning rows or columns leaves empty cells where it reaches, so every
/// other cell stays under its own column header.
#[test]
fn spanned_cells_keep_the_grid() {
    let html = format!(
        "<html><body><article><h1>Fares</h1><p>{P1}</p><table>\
         <tr><th>Route</th><th>Day</th><th>Fare</th></tr>\
         <tr><td rowspan='2'>Island</td><td>Mon</td><td>5</td></tr>\
         <tr><td>Sat</td><td>7</td></tr>\
         <tr><td colspan='2'>Any other</td><td>9</td></tr></table><p>{P2}</p></article></body></html>"
    );
    let a = read(&html);
    let table = a
        .blocks()
        .find(|b| matches!(b, Block::Table { .. }))
        .expect("a table");
    let rows: Vec<Vec<String>> = table
        .rows()
        .map(|(_, r)| r.iter().map(|p| p.text()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["Route", "Day", "Fare"],
            ["Island", "Mon", "5"],
            ["", "Sat", "7"],
            ["Any other", "", "9"],
        ]
    );
}
