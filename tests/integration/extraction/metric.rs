//! The article-extraction benchmark's metric and corpus loader, shared by the floor test
//! (`tests/integration/extraction.rs`) and the benchmark tool
//! (`tools/extract-bench`, which includes this file by path).
//!
//! The rules are those of the corpus README (`tests/fixtures/article-extraction-dev/`):
//! tokens are Unicode `\w+` runs; shingles are runs of 4 tokens counted with
//! multiplicity; per page tp, fp and fn are divided by their sum; precision and recall
//! are means over pages, F1 their harmonic mean.

use altformat::Article;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One page of the corpus: its file stem, saved HTML and the hand-marked body.
pub struct Page {
    /// The file name without `.html.gz`.
    pub name: String,
    /// The saved page, as downloaded.
    pub html: Vec<u8>,
    /// The article body a person marked.
    pub truth: String,
}

/// Read every page of a corpus folder (`html/*.html.gz` and `ground-truth.json`),
/// sorted by name.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let gt_path = dir.join("ground-truth.json");
    let gt_text =
        std::fs::read_to_string(&gt_path).map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let gt: serde_json::Value =
        serde_json::from_str(&gt_text).map_err(|e| format!("{}: {e}", gt_path.display()))?;
    let gt = gt
        .as_object()
        .ok_or_else(|| format!("{}: not a JSON object", gt_path.display()))?;
    let mut pages = Vec::new();
    for (name, entry) in gt {
        let path = dir.join("html").join(format!("{name}.html.gz"));
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut html)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let truth = entry["articleBody"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        pages.push(Page {
            name: name.clone(),
            html,
            truth,
        });
    }
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(pages)
}

/// The text the benchmark compares for an article read by altformat: everything after
/// the headline (lead, headings, paragraphs, list items, quotes), without the title,
/// deck, byline or date.
pub fn article_body(article: &Article) -> String {
    let mut out = String::new();
    let mut push = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    for block in &article.lead {
        for p in block.paragraphs() {
            push(&p.text());
        }
    }
    for section in &article.sections {
        push(&section.heading);
        for block in &section.blocks {
            for p in block.paragraphs() {
                push(&p.text());
            }
        }
    }
    out
}

/// Per-page counts, already divided by their sum.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Shingles in both.
    pub tp: f64,
    /// Predicted shingles not in the truth.
    pub fp: f64,
    /// Truth shingles not predicted.
    pub fn_: f64,
}

/// The `\w+` tokens of a text (letters, marks, digits and connector punctuation).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Shingles of 4 tokens with their counts (a shorter text is one shingle).
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out: HashMap<Vec<&str>, usize> = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < 4 {
        out.insert(toks, 1);
        return out;
    }
    for w in toks.windows(4) {
        *out.entry(w.to_vec()).or_default() += 1;
    }
    out
}

/// Score one page: predicted text against the truth.
pub fn counts(predicted: &str, truth: &str) -> Counts {
    let pred = shingles(predicted);
    let gold = shingles(truth);
    let pred_n: usize = pred.values().sum();
    let gold_n: usize = gold.values().sum();
    let tp: usize = pred
        .iter()
        .map(|(s, n)| (*n).min(gold.get(s).copied().unwrap_or(0)))
        .sum();
    let (fp, fn_) = (pred_n - tp, gold_n - tp);
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return Counts::default();
    }
    Counts {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Precision, recall and F1 over pages.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    /// Mean per-page precision.
    pub precision: f64,
    /// Mean per-page recall.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
}

/// Per-page precision, or `None` when nothing was predicted (left out of the mean).
pub fn page_precision(c: &Counts) -> Option<f64> {
    if c.tp == 0.0 && c.fp == 0.0 && c.fn_ == 0.0 {
        Some(1.0)
    } else if c.tp + c.fp == 0.0 {
        None
    } else {
        Some(c.tp / (c.tp + c.fp))
    }
}

/// Per-page recall, or `None` when the truth is empty.
pub fn page_recall(c: &Counts) -> Option<f64> {
    if c.tp == 0.0 && c.fp == 0.0 && c.fn_ == 0.0 {
        Some(1.0)
    } else if c.tp + c.fn_ == 0.0 {
        None
    } else {
        Some(c.tp / (c.tp + c.fn_))
    }
}

/// The benchmark's score over all pages.
pub fn score(pages: &[Counts]) -> Score {
    let mean = |vals: Vec<f64>| {
        if vals.is_empty() {
            0.0
        } else {
            vals.iter().sum::<f64>() / vals.len() as f64
        }
    };
    let precision = mean(pages.iter().filter_map(page_precision).collect());
    let recall = mean(pages.iter().filter_map(page_recall).collect());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}
