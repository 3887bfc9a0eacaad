//! Scores article extractors on the article-extraction development set.
//!
//! ```sh
//! cargo run --release --manifest-path tools/extract-bench/Cargo.toml -- \
//!     [--corpus DIR] [--only NAME] [--pages] [--json]
//! ```
//!
//! Extractors: altformat's HTML reader (the library, in process), `rs-trafilatura` and
//! `dom_smoothie`, each given the same saved bytes. For each: F1, precision and recall by
//! the benchmark's metric, pages without text where the truth has an article, and pages
//! per second (best of three passes, extraction only). `--pages` prints altformat's
//! per-page scores, worst first, so a change can be looked at page by page; `--show
//! PREFIX` prints one page's paragraphs as altformat reads them, each marked with the
//! share of its shingles found in the truth, then the truth's lines altformat missed.

#[path = "../../../tests/integration/extraction/headings.rs"]
mod headings;
#[path = "../../../tests/integration/extraction/metric.rs"]
mod metric;

use metric::{Counts, Page};
use std::path::PathBuf;
use std::time::Instant;

type Extract = fn(&Page) -> String;

fn altformat_text(page: &Page) -> String {
    let opts = altformat::article::ReadOptions::default();
    match altformat::article::read_bytes(&page.html, Some("html"), &page.name, &opts) {
        Ok(article) => metric::article_body(&article),
        Err(_) => String::new(),
    }
}

fn trafilatura_text(page: &Page) -> String {
    rs_trafilatura::extract_bytes(&page.html)
        .map(|r| r.content_text)
        .unwrap_or_default()
}

fn smoothie_text(page: &Page) -> String {
    let html = String::from_utf8_lossy(&page.html);
    dom_smoothie::Readability::new(html.as_ref(), None, None)
        .and_then(|mut r| r.parse())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default()
}

struct Row {
    name: &'static str,
    score: metric::Score,
    empty: usize,
    pages_per_s: f64,
    per_page: Vec<(String, Counts)>,
}

fn run(name: &'static str, extract: Extract, pages: &[Page]) -> Row {
    let mut best = f64::INFINITY;
    let mut texts = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        texts = pages.iter().map(extract).collect::<Vec<_>>();
        best = best.min(start.elapsed().as_secs_f64());
    }
    let per_page: Vec<(String, Counts)> = pages
        .iter()
        .zip(&texts)
        .map(|(p, t)| (p.name.clone(), metric::counts(t, &p.truth)))
        .collect();
    let empty = pages
        .iter()
        .zip(&texts)
        .filter(|(p, t)| t.trim().is_empty() && !p.truth.trim().is_empty())
        .count();
    let counts: Vec<Counts> = per_page.iter().map(|(_, c)| *c).collect();
    Row {
        name,
        score: metric::score(&counts),
        empty,
        pages_per_s: pages.len() as f64 / best,
        per_page,
    }
}

fn main() {
    let mut corpus = PathBuf::from("tests/fixtures/article-extraction-dev");
    let (mut only, mut show_pages, mut json) = (None, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--corpus" => corpus = args.next().map(PathBuf::from).unwrap_or(corpus),
            "--only" => only = args.next(),
            "--pages" => show_pages = true,
            "--json" => json = true,
            "--headings" => {
                heading_report(&corpus, args.next().as_deref());
                return;
            }
            "--dump-flat" => {
                dump_flat(&corpus, &PathBuf::from(args.next().unwrap_or_default()));
                return;
            }
            "--show" => {
                show(&corpus, &args.next().unwrap_or_default());
                return;
            }
            other => {
                eprintln!("extract-bench: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let pages = match metric::load(&corpus) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("extract-bench: {e}");
            std::process::exit(1);
        }
    };
    let all: [(&'static str, Extract); 3] = [
        ("altformat", altformat_text),
        ("rs-trafilatura 0.2.2", trafilatura_text),
        ("dom_smoothie 0.19.0", smoothie_text),
    ];
    let rows: Vec<Row> = all
        .iter()
        .filter(|(n, _)| only.as_deref().is_none_or(|o| n.starts_with(o)))
        .map(|(n, f)| run(n, *f, &pages))
        .collect();
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "extractor": r.name, "pages": pages.len(), "f1": r.score.f1,
                    "precision": r.score.precision, "recall": r.score.recall,
                    "empty": r.empty, "pages_per_s": r.pages_per_s,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(out));
    } else {
        println!("| extractor | F1 | precision | recall | pages without text | pages/s |");
        println!("|---|---:|---:|---:|---:|---:|");
        for r in &rows {
            println!(
                "| {} | {:.3} | {:.3} | {:.3} | {} | {:.0} |",
                r.name, r.score.f1, r.score.precision, r.score.recall, r.empty, r.pages_per_s
            );
        }
    }
    if show_pages && let Some(r) = rows.iter().find(|r| r.name == "altformat") {
        let mut worst: Vec<&(String, Counts)> = r.per_page.iter().collect();
        let f = |c: &Counts| {
            let p = metric::page_precision(c).unwrap_or(0.0);
            let r = metric::page_recall(c).unwrap_or(0.0);
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        worst.sort_by(|a, b| f(&a.1).total_cmp(&f(&b.1)));
        for (name, c) in worst {
            println!(
                "{:.3} p={:.3} r={:.3} {}",
                f(c),
                metric::page_precision(c).unwrap_or(0.0),
                metric::page_recall(c).unwrap_or(0.0),
                &name[..12]
            );
        }
    }
}

/// Print a page's paragraphs with the share of each found in the truth, then the
/// truth's lines that altformat's text does not hold.
fn show(corpus: &std::path::Path, prefix: &str) {
    let pages = metric::load(corpus).unwrap_or_default();
    let Some(page) = pages.iter().find(|p| p.name.starts_with(prefix)) else {
        eprintln!("extract-bench: no page starts with {prefix:?}");
        return;
    };
    let text = altformat_text(page);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let c = metric::counts(line, &page.truth);
        let found = metric::page_precision(&c).unwrap_or(0.0);
        println!("{:>4.0}% {}", found * 100.0, line);
    }
    println!("---- missed:");
    for line in page.truth.lines().filter(|l| !l.trim().is_empty()) {
        let c = metric::counts(line, &text);
        if metric::page_precision(&c).unwrap_or(0.0) < 0.5 {
            println!("     {line}");
        }
    }
}

/// Heading precision and recall of the plain-text reader on the flattened pages; with
/// a page prefix, that page's text and the headings found and missed.
fn heading_report(corpus: &std::path::Path, page: Option<&str>) {
    let pages = metric::load(corpus).unwrap_or_default();
    for pasted in [false, true] {
        heading_set(&pages, pasted, page);
    }
}

fn heading_set(pages: &[Page], pasted: bool, page: Option<&str>) {
    let flats = headings::flatten(pages, pasted);
    let mut total = headings::HeadingCounts::default();
    for f in &flats {
        let found = headings::predicted(f);
        let c = headings::score_page(&found, &f.headings);
        total.hits += c.hits;
        total.predicted += c.predicted;
        total.truth += c.truth;
        let wanted = page.is_some_and(|p| f.name.starts_with(p));
        if wanted || (page == Some("all") && c.hits < c.predicted.max(c.truth)) {
            println!("=== {}", &f.name[..12]);
            for h in &found {
                let ok = if f.headings.contains(h) { "ok " } else { "NOT" };
                println!("  {ok} {h}");
            }
            for h in f.headings.iter().filter(|h| !found.contains(h)) {
                println!("  MISSED {h}");
            }
        }
        if wanted && !pasted {
            println!("{}", f.text);
        }
    }
    println!(
        "| plain-text headings, {} ({} English pages) | {:.3} | {:.3} | {} | {} | {} |",
        if pasted { "pasted" } else { "clean" },
        flats.len(),
        total.precision(),
        total.recall(),
        total.predicted,
        total.truth,
        total.hits
    );
}

/// Write each flattened page (both sets) and its true headings into `dir`, for study.
fn dump_flat(corpus: &std::path::Path, dir: &std::path::Path) {
    let pages = metric::load(corpus).unwrap_or_default();
    std::fs::create_dir_all(dir).expect("create the dump folder");
    for pasted in [false, true] {
        let set = if pasted { "pasted" } else { "clean" };
        for f in headings::flatten(&pages, pasted) {
            let base = dir.join(format!("{set}-{}", &f.name[..12]));
            std::fs::write(base.with_extension("txt"), &f.text).expect("write text");
            std::fs::write(base.with_extension("headings"), f.headings.join("\n"))
                .expect("write headings");
        }
    }
}
