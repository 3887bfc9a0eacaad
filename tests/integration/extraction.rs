//! The HTML reader on real pages: the article-extraction development set (91 saved news
//! and blog pages with the body marked by hand, `tests/fixtures/article-extraction-dev/`,
//! MIT) scored by the benchmark's metric. `tools/extract-bench` prints the full table.

#[path = "extraction/headings.rs"]
mod headings;
#[path = "extraction/metric.rs"]
mod metric;

use crate::common::root;
use altformat::article::{ReadOptions, read_bytes};

/// The floor the reader must hold over the development set. BENCHMARKS.md has the score
/// itself; this only catches a change that makes reading real pages clearly worse.
const F1_FLOOR: f64 = 0.95;

/// The floor plain-text heading detection must hold on the development pages flattened
/// into pasted text (the *clean* set of BENCHMARKS.md), for precision and recall alike.
const HEADING_FLOOR: f64 = 0.88;

#[test]
fn plain_text_headings_hold_their_floor() {
    let pages =
        metric::load(&root().join("tests/fixtures/article-extraction-dev")).expect("corpus loads");
    let mut total = headings::HeadingCounts::default();
    for flat in headings::flatten(&pages, false) {
        let c = headings::score_page(&headings::predicted(&flat), &flat.headings);
        total.hits += c.hits;
        total.predicted += c.predicted;
        total.truth += c.truth;
    }
    let (p, r) = (total.precision(), total.recall());
    eprintln!(
        "plain-text headings: precision {p:.3}, recall {r:.3} ({} of {} true found, {} reported)",
        total.hits, total.truth, total.predicted
    );
    assert!(
        total.truth > 200,
        "the flattened set has its headings: {}",
        total.truth
    );
    assert!(
        p >= HEADING_FLOOR && r >= HEADING_FLOOR,
        "precision {p:.3} or recall {r:.3} below {HEADING_FLOOR}"
    );
}

#[test]
fn development_set_f1_holds_its_floor() {
    let pages =
        metric::load(&root().join("tests/fixtures/article-extraction-dev")).expect("corpus loads");
    assert_eq!(pages.len(), 91, "the development set has 91 pages");
    let mut counts = Vec::new();
    let mut empty = Vec::new();
    for page in &pages {
        let text = match read_bytes(
            &page.html,
            Some("html"),
            &page.name,
            &ReadOptions::default(),
        ) {
            Ok(article) => metric::article_body(&article),
            Err(_) => String::new(),
        };
        if text.trim().is_empty() && !page.truth.trim().is_empty() {
            empty.push(page.name.clone());
        }
        counts.push(metric::counts(&text, &page.truth));
    }
    let s = metric::score(&counts);
    eprintln!(
        "development set: F1 {:.3}, precision {:.3}, recall {:.3}",
        s.f1, s.precision, s.recall
    );
    assert!(
        empty.is_empty(),
        "pages read as having no article: {empty:?}"
    );
    assert!(
        s.f1 >= F1_FLOOR,
        "F1 {:.3} is below the floor {F1_FLOOR} (precision {:.3}, recall {:.3})",
        s.f1,
        s.precision,
        s.recall
    );
}

#[test]
fn metric_matches_the_benchmark_rules() {
    // Identical texts score 1; nothing predicted scores 0 recall and is left out of
    // precision; shingles count with multiplicity.
    let truth = "one two three four five six";
    let same = metric::counts(truth, truth);
    assert_eq!(metric::page_precision(&same), Some(1.0));
    assert_eq!(metric::page_recall(&same), Some(1.0));
    let none = metric::counts("", truth);
    assert_eq!(metric::page_precision(&none), None);
    assert_eq!(metric::page_recall(&none), Some(0.0));
    // "one two three four" twice predicted, once true: one of two is a false positive.
    let twice = metric::counts(
        "one two three four. one two three four",
        "one two three four",
    );
    let p = metric::page_precision(&twice).unwrap();
    assert!(p > 0.0 && p < 1.0, "{p}");
    let both = metric::score(&[same, none]);
    assert!((both.precision - 1.0).abs() < 1e-9 && (both.recall - 0.5).abs() < 1e-9);
}
