//! `build`: read every input, run the chosen exporters, write outputs and manifests.

use crate::article::{self, Article, ReadOptions, slug::slugify};
use crate::config::Config;
use crate::error::Error;
use crate::export::{Context, Format, Output, output};
use crate::narration;
use crate::speech;
use crate::speech::engine::piper::PiperOptions;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

mod fresh;

/// One file written for an article, as listed in its manifest.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// File name inside the article folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

/// `manifest.json` of one article: deterministic (no timings), written last.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The article title.
    pub title: String,
    /// The input file, as given.
    pub input: String,
    /// The files written, in order.
    pub files: Vec<FileEntry>,
    /// Warnings from reading and exporting.
    pub warnings: Vec<String>,
    /// What the reader dropped as site chrome (menus, share links, notices).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// Hash of everything the outputs depend on; a re-run with the same key and intact
    /// files skips the article.
    pub build_key: String,
}

/// What happened to one input.
#[derive(Debug, Serialize)]
pub struct ArticleReport {
    /// The input file.
    pub input: String,
    /// `ok`, `failed`, or `cancelled` (not started because the run was interrupted).
    pub status: &'static str,
    /// The output folder, when one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_dir: Option<String>,
    /// The error, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Files written.
    pub files: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Seconds spent per stage.
    pub seconds: Vec<(String, f64)>,
}

/// Build options after the CLI and config are merged.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// How to read inputs.
    pub read: ReadOptions,
    /// Output root.
    pub out: PathBuf,
    /// Formats to produce.
    pub formats: Vec<Format>,
    /// Rebuild even when the outputs are up to date.
    pub force: bool,
}

/// Set by the CLI's Ctrl-C handler: articles not yet started are skipped.
pub static CANCELLED: AtomicBool = AtomicBool::new(false);

/// What `build` reports while it works, for progress display.
#[derive(Debug)]
pub enum Event<'a> {
    /// Narration of an article started; it has this many utterances to say.
    Narrating {
        /// The input file.
        input: &'a Path,
        /// Utterances in its speech script.
        utterances: usize,
    },
    /// One more utterance of that article was said (or found in the cache).
    Said {
        /// The input file.
        input: &'a Path,
    },
    /// An article is finished, built or not.
    Done(&'a ArticleReport),
}

/// The `[piper]` options with an automatic `parallel` set to each article's share of
/// the cores: articles built side by side each get some, so copies of the model do not
/// crowd the cores (or the memory) of a batch. It does not change the sound, so it is
/// not part of the build key.
fn share_cores(piper: &PiperOptions, inputs: usize) -> PiperOptions {
    let mut piper = piper.clone();
    if piper.parallel == 0 {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let side_by_side = rayon::current_num_threads().min(inputs).max(1);
        piper.parallel = (cores / side_by_side).max(1);
    }
    piper
}

/// Give every input a unique folder name, then export them in parallel.
///
/// Inputs are read twice: once up front, only to name their folders (so names do not
/// depend on the order threads finish in), and again when exported, so a batch of
/// thousands never holds more than the articles in progress in memory.
pub fn build(
    inputs: &[PathBuf],
    opts: &BuildOptions,
    config: &Config,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<Vec<ArticleReport>, Error> {
    output::create_dir(&opts.out)?;
    let piper = &share_cores(&config.piper, inputs.len());
    let voice = &fresh::voice_identity(config, &opts.formats);
    let mut used = BTreeSet::new();
    let jobs: Vec<(PathBuf, Result<String, Error>)> = inputs
        .iter()
        .map(|path| {
            let slug =
                article::read_file(path, &opts.read).map(|a| unique_slug(&a, path, &mut used));
            (path.clone(), slug)
        })
        .collect();
    use rayon::prelude::*;
    let reports = jobs
        .into_par_iter()
        .map(|(path, slug)| {
            let report =
                match slug.and_then(|slug| Ok((article::read_file(&path, &opts.read)?, slug))) {
                    _ if CANCELLED.load(Ordering::SeqCst) => ArticleReport {
                        status: "cancelled",
                        ..failed(&path, Error::Cancelled)
                    },
                    Ok((article, slug)) => export_one(
                        &path,
                        &article,
                        &slug,
                        opts,
                        config,
                        (piper, voice),
                        on_event,
                    ),
                    Err(e) => failed(&path, e),
                };
            on_event(Event::Done(&report));
            report
        })
        .collect();
    Ok(reports)
}

fn failed(path: &Path, e: Error) -> ArticleReport {
    let input = path.display().to_string();
    // Errors while exporting name the output file or the engine; say which article too.
    let message = e.to_string();
    let error = if message.contains(&input) {
        message
    } else {
        format!("{input}: {message}")
    };
    ArticleReport {
        input,
        status: "failed",
        out_dir: None,
        error: Some(error),
        files: Vec::new(),
        warnings: Vec::new(),
        seconds: Vec::new(),
    }
}

/// A folder name from the title, else the file name, unique within this run.
fn unique_slug(article: &Article, path: &Path, used: &mut BTreeSet<String>) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let mut base = slugify(&article.title);
    if base.is_empty() {
        base = slugify(stem);
    }
    if base.is_empty() || is_reserved(&base) {
        base = format!("article-{base}").trim_end_matches('-').to_string();
    }
    let mut slug = base.clone();
    let mut n = 2;
    while !used.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

/// Names Windows refuses as file or folder names.
fn is_reserved(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || (name.len() == 4
            && (name.starts_with("com") || name.starts_with("lpt"))
            && name.as_bytes()[3].is_ascii_digit())
}

fn export_one(
    path: &Path,
    article: &Article,
    slug: &str,
    opts: &BuildOptions,
    config: &Config,
    (piper, voice): (&PiperOptions, &str),
    on_event: &(dyn Fn(Event) + Sync),
) -> ArticleReport {
    let dir = opts.out.join(slug);
    let mut seconds = Vec::new();
    let mut warnings = article.warnings.clone();
    let key = match std::fs::read(path) {
        Ok(bytes) => fresh::build_key(
            &bytes,
            opts,
            config,
            &std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default(),
            voice,
        ),
        Err(e) => return failed(path, Error::io(path, e)),
    };
    if !opts.force
        && let Some(files) = fresh::up_to_date(&dir, &key)
    {
        return ArticleReport {
            input: path.display().to_string(),
            status: "ok",
            out_dir: Some(dir.display().to_string()),
            error: None,
            files,
            warnings: vec!["up to date; not rebuilt (--force rebuilds)".into()],
            seconds,
        };
    }
    // A format that fails on its own (a PDF missing a script's font) leaves the other
    // formats to be written; the article then counts as failed, naming it.
    let result = (|| -> Result<(Vec<FileEntry>, Option<Error>), Error> {
        output::create_dir(&dir)?;
        output::remove_stale_temps(&dir);
        let wants = |need: fn(Format) -> bool| opts.formats.iter().any(|&f| need(f));
        let script = wants(Format::needs_script).then(|| speech::prepare(article, &config.speech));
        let narration = match &script {
            Some(script) if wants(Format::needs_narration) => {
                let started = Instant::now();
                on_event(Event::Narrating {
                    input: path,
                    utterances: script.utterances().count(),
                });
                let said = || on_event(Event::Said { input: path });
                let (n, w) = narration::prepare(script, &config.audio, piper, &said)?;
                seconds.push(("narration".into(), started.elapsed().as_secs_f64()));
                warnings.extend(w);
                Some(n)
            }
            _ => None,
        };
        let ctx = Context {
            article,
            config,
            script: script.as_ref(),
            narration: narration.as_ref(),
        };
        let mut outputs: Vec<Output> = Vec::new();
        let mut format_error = None;
        for format in &opts.formats {
            let started = Instant::now();
            match format.exporter().export(&ctx) {
                Ok(out) => outputs.extend(out),
                Err(e @ Error::Export { .. }) if format_error.is_none() => format_error = Some(e),
                Err(e @ Error::Export { .. }) => warnings.push(e.to_string()),
                Err(e) => return Err(e),
            }
            seconds.push((
                format!("{format:?}").to_lowercase(),
                started.elapsed().as_secs_f64(),
            ));
        }
        // The old manifest goes before the first output changes: a run killed between
        // two writes must not leave a manifest whose hashes no longer match its files.
        output::remove(&dir.join("manifest.json"))?;
        let mut files = Vec::new();
        for out in &outputs {
            warnings.extend(out.warnings.iter().cloned());
            output::write_atomic_parts(&dir, &out.name, &out.parts)?;
            let mut hash = Sha256::new();
            out.parts.iter().for_each(|p| hash.update(p));
            files.push(FileEntry {
                name: out.name.clone(),
                bytes: out.len(),
                sha256: hex(&hash.finalize()),
            });
        }
        warnings.sort();
        warnings.dedup();
        let manifest = Manifest {
            title: article.title.clone(),
            input: path.display().to_string(),
            files: files.clone(),
            warnings: warnings.clone(),
            dropped: article.dropped.clone(),
            // An incomplete folder is never up to date: the next run tries again.
            build_key: if format_error.is_some() {
                String::new()
            } else {
                key.clone()
            },
        };
        let mut json = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
        json.push(b'\n');
        output::write_atomic(&dir, "manifest.json", &json)?;
        Ok((files, format_error))
    })();
    match result {
        Ok((files, Some(e))) => ArticleReport {
            out_dir: Some(dir.display().to_string()),
            files: files.into_iter().map(|f| f.name).collect(),
            warnings,
            seconds,
            ..failed(path, e)
        },
        Ok((files, None)) => ArticleReport {
            input: path.display().to_string(),
            status: "ok",
            out_dir: Some(dir.display().to_string()),
            error: None,
            files: files.into_iter().map(|f| f.name).collect(),
            warnings,
            seconds,
        },
        Err(e) => failed(path, e),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A plain-text table of the batch: status, input, output folder or error, seconds.
/// Long batches list only the articles that did not succeed.
pub fn summary_table(reports: &[ArticleReport]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let shown: Vec<&ArticleReport> = if reports.len() <= 50 {
        reports.iter().collect()
    } else {
        reports.iter().filter(|r| r.status != "ok").collect()
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
            r.status, secs, r.input
        );
    }
    out
}
