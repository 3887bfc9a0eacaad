//! What happened to each input: its status, files, warnings and timings, and the table
//! that ends a run.

use crate::error::Error;
use serde::{Serialize, Serializer};
use std::path::Path;

/// How one input ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its outputs were built.
    Built,
    /// Its outputs were already up to date, so they were left as they are.
    UpToDate,
    /// It could not be built; the report says why.
    Failed,
    /// It was not started because the run was stopped.
    Cancelled,
}

impl Status {
    /// The word in `report.json` and the summary table: `ok` for built or up to date.
    pub fn word(self) -> &'static str {
        match self {
            Status::Built | Status::UpToDate => "ok",
            Status::Failed => "failed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Built or up to date: the article's folder holds its outputs.
    pub fn is_ok(self) -> bool {
        matches!(self, Status::Built | Status::UpToDate)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word())
    }
}

/// What happened to one input.
#[derive(Debug, Serialize)]
pub struct ArticleReport {
    /// The input file.
    pub input: String,
    /// How it ended.
    pub status: Status,
    /// The output folder, when one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_dir: Option<String>,
    /// The error, when it failed, as the user reads it (naming the input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The error itself, for callers that branch on its kind.
    #[serde(skip)]
    pub failure: Option<Error>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Seconds spent per stage.
    pub seconds: Vec<(String, f64)>,
}

impl ArticleReport {
    /// An input that ended with `status` and nothing else to say yet.
    pub(super) fn new(path: &Path, status: Status) -> Self {
        ArticleReport {
            input: path.display().to_string(),
            status,
            out_dir: None,
            error: None,
            failure: None,
            files: Vec::new(),
            warnings: Vec::new(),
            seconds: Vec::new(),
        }
    }

    /// An input that failed with `e`, the message naming the input.
    pub(super) fn failed(path: &Path, e: Error) -> Self {
        ArticleReport::stopped(path, Status::Failed, e)
    }

    /// An input that ended with `status` because of `e`.
    pub(super) fn stopped(path: &Path, status: Status, e: Error) -> Self {
        let mut report = ArticleReport::new(path, status);
        // Errors while exporting name the output file or the engine; say which article too.
        let message = e.to_string();
        report.error = Some(if message.contains(&report.input) {
            message
        } else {
            format!("{}: {message}", report.input)
        });
        report.failure = Some(e);
        report
    }
}

/// A plain-text table of the batch: status, input, output folder or error, seconds.
/// Long batches list only the articles that did not succeed.
pub fn summary_table(reports: &[ArticleReport]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let shown: Vec<&ArticleReport> = if reports.len() <= 50 {
        reports.iter().collect()
    } else {
        reports.iter().filter(|r| !r.status.is_ok()).collect()
    };
    if shown.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{:<9} {:>7}  {:<40} result",
        "status", "seconds", "input"
    );
    for r in shown {
        let secs: f64 = r.seconds.iter().map(|(_, s)| s).sum();
        let result = r.error.as_deref().or(r.out_dir.as_deref()).unwrap_or("");
        let _ = writeln!(
            out,
            "{:<9} {:>7.1}  {:<40} {result}",
            r.status.word(),
            secs,
            r.input
        );
    }
    out
}
