//! The batch runner behind `altformat build`: read every input, run the chosen exporters,
//! write outputs and manifests.
//!
//! Each article goes through [`render`] (speech script, narration, every exporter, all
//! in memory) and then [`write`] (the old manifest removed, each output written
//! atomically, the new manifest last), so a killed run leaves a folder either with a
//! manifest that matches its files or with none.

mod fresh;
mod manifest;
pub mod owner;
mod report;

pub use manifest::{FileEntry, Manifest};
pub use report::{ArticleReport, Status, summary_table};

use crate::article::{self, Article, ReadOptions, slug::slugify};
use crate::config::Config;
use crate::error::{ConfigError, Error};
use crate::export::{
    Audio, Brf, Captions, Context, Daisy, Epub, Exporter, Format, M4b, M4bOptions, ModelJson,
    Output, Pdf, SourceDate, Web, output,
};
use crate::narration::{self, Narration};
use crate::speech;
use crate::voice::piper::PiperOptions;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Batch options after the caller's settings and the config are merged.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// How to read inputs.
    pub read: ReadOptions,
    /// Output root.
    pub out: PathBuf,
    /// Formats to produce.
    pub formats: Vec<Format>,
    /// Rebuild even when the outputs are up to date.
    pub force: bool,
    /// The date reproducible outputs carry (`SOURCE_DATE_EPOCH`, read once by the
    /// caller).
    pub date: SourceDate,
}

/// What the runner reports while it works, for progress display.
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

/// The exporter of `format`, built from its table of the config.
pub fn exporter(format: Format, config: &Config) -> Box<dyn Exporter> {
    match format {
        Format::Json => Box::new(ModelJson),
        Format::Audio => Box::new(Audio),
        Format::Epub => Box::new(Epub::new(config.epub.clone())),
        Format::Pdf => Box::new(Pdf::new(config.pdf.clone())),
        Format::Web => Box::new(Web::new(config.web.clone())),
        Format::Daisy => Box::new(Daisy::new(config.daisy.clone())),
        Format::Brf => Box::new(Brf::new(config.braille.clone())),
        Format::M4b => Box::new(M4b::new(M4bOptions {
            bitrate_kbps: config.audio.bitrate_kbps,
            ..M4bOptions::default()
        })),
        Format::Captions => Box::new(Captions),
    }
}

/// What every article of one run shares.
struct Batch<'a> {
    opts: &'a BatchOptions,
    config: &'a Config,
    /// The `[piper]` options with this run's share of the cores.
    piper: PiperOptions,
    /// The installed voice, for the build key.
    voice: String,
    exporters: Vec<(Format, Box<dyn Exporter>)>,
    on_event: &'a (dyn Fn(Event) + Sync),
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

/// An input named and ready to export: its folder, and its bytes when they cannot be
/// read again (standard input, a pipe).
struct Job {
    path: PathBuf,
    named: Result<(String, Option<article::Input>), Error>,
}

/// Give every input its own folder ([`owner`]), then export them in parallel (on the
/// current rayon pool). Once `stop` is set, articles not yet started are reported as
/// cancelled; those in progress finish.
///
/// Files are read twice: once up front, only to name their folders (so names do not
/// depend on the order threads finish in), and again when exported, so a batch of
/// thousands never holds more than the articles in progress in memory. A pipe can be
/// read only once: its bytes are kept from the first reading. So is a web page (fetched
/// once, so its folder and its outputs come from the same answer of the server).
///
/// Long because the two readings (naming, then exporting in parallel) share the batch,
/// the options and the stop flag as closures over its locals.
pub fn run(
    inputs: &[PathBuf],
    opts: &BatchOptions,
    config: &Config,
    stop: &AtomicBool,
    on_event: &(dyn Fn(Event) + Sync),
) -> Result<Vec<ArticleReport>, Error> {
    if opts.out.exists() && !opts.out.is_dir() {
        return Err(Error::Config {
            path: opts.out.clone(),
            problem: ConfigError::NotAFolder,
        });
    }
    output::create_dir(&opts.out)?;
    let batch = Batch {
        opts,
        config,
        piper: share_cores(&config.piper, inputs.len()),
        voice: fresh::voice_identity(config, &opts.formats),
        exporters: opts
            .formats
            .iter()
            .map(|&f| (f, exporter(f, config)))
            .collect(),
        on_event,
    };
    let mut used = BTreeSet::new();
    let mut name = |path: &Path| -> Result<(String, Option<article::Input>), Error> {
        let input = article::read_input(path, &opts.read)?;
        let article = article::read_source(path, &input, &opts.read)?;
        let identity = owner::identity(path, &input.bytes);
        let slug = folder_slug(&article, path);
        let slug = owner::claim(&opts.out, &slug, &identity, path, &mut used)?;
        let rereadable = std::fs::metadata(path).is_ok_and(|m| m.is_file());
        Ok((slug, (!rereadable).then_some(input)))
    };
    let jobs: Vec<Job> = inputs
        .iter()
        .map(|path| Job {
            path: path.clone(),
            named: name(path),
        })
        .collect();
    use rayon::prelude::*;
    let reports = jobs
        .into_par_iter()
        .map(|Job { path, named }| {
            let read = |(slug, kept): (String, Option<article::Input>)| {
                let input = match kept {
                    Some(input) => input,
                    None => article::read_input(&path, &opts.read)?,
                };
                let article = article::read_source(&path, &input, &opts.read)?;
                Ok((input.bytes, article, slug))
            };
            let report = match named.and_then(read) {
                _ if stop.load(Ordering::SeqCst) => {
                    ArticleReport::stopped(&path, Status::Cancelled, Error::Cancelled)
                }
                Ok((bytes, article, slug)) => batch.export_one((&path, &bytes), &article, &slug),
                Err(e) => ArticleReport::failed(&path, e),
            };
            on_event(Event::Done(&report));
            report
        })
        .collect();
    Ok(reports)
}

/// A folder name from the title, else the file name; [`owner::claim`] makes it unique.
fn folder_slug(article: &Article, path: &Path) -> String {
    let mut base = slugify(&article.title);
    if base.is_empty() {
        base = slugify(&article::input_name(path));
    }
    if base.is_empty() || is_reserved(&base) {
        base = format!("article-{base}").trim_end_matches('-').to_string();
    }
    base
}

/// Names Windows refuses as file or folder names.
fn is_reserved(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || (name.len() == 4
            && (name.starts_with("com") || name.starts_with("lpt"))
            && name.as_bytes()[3].is_ascii_digit())
}

/// One article's outputs, made but not yet written.
struct Rendered {
    outputs: Vec<Output>,
    /// The reader's and the narration's warnings (the outputs carry their own).
    warnings: Vec<String>,
    /// Seconds spent per stage.
    seconds: Vec<(String, f64)>,
    /// The first format that failed, when one did: the others are written, but not
    /// the manifest, so the next run builds the article again.
    failure: Option<Error>,
}

impl Batch<'_> {
    /// Build one article into `out/<slug>/`, unless it is up to date.
    fn export_one(
        &self,
        (path, bytes): (&Path, &[u8]),
        article: &Article,
        slug: &str,
    ) -> ArticleReport {
        let dir = self.opts.out.join(slug);
        // The key hashes the bytes this build read, not a second reading of the file.
        let key = fresh::build_key(
            bytes,
            self.opts,
            self.config,
            self.opts.date.given(),
            &self.voice,
        );
        if !self.opts.force
            && let Some(files) = fresh::up_to_date(&dir, &key)
        {
            return ArticleReport {
                out_dir: Some(dir.display().to_string()),
                files,
                ..ArticleReport::new(path, Status::UpToDate)
            };
        }
        let result = output::create_dir(&dir).and_then(|()| {
            output::remove_stale_temps(&dir);
            let rendered = self.render(path, article)?;
            let (files, warnings) = write(&dir, path, article, &key, &rendered)?;
            Ok((files, warnings, rendered))
        });
        match result {
            Ok((files, warnings, rendered)) => {
                let built = ArticleReport {
                    out_dir: Some(dir.display().to_string()),
                    files: files.into_iter().map(|f| f.name).collect(),
                    warnings,
                    seconds: rendered.seconds,
                    ..ArticleReport::new(path, Status::Built)
                };
                match rendered.failure {
                    // The other formats were written; the article still failed.
                    Some(e) => ArticleReport {
                        out_dir: built.out_dir,
                        files: built.files,
                        warnings: built.warnings,
                        seconds: built.seconds,
                        ..ArticleReport::failed(path, e)
                    },
                    None => built,
                }
            }
            Err(e) => ArticleReport::failed(path, e),
        }
    }

    /// The speech script and narration when a format needs them, then every
    /// exporter's outputs, in memory.
    fn render(&self, path: &Path, article: &Article) -> Result<Rendered, Error> {
        let mut seconds = Vec::new();
        let mut warnings = article.warnings.clone();
        let wants = |need: fn(Format) -> bool| self.opts.formats.iter().any(|&f| need(f));
        let script =
            wants(Format::needs_script).then(|| speech::prepare(article, &self.config.speech));
        let narration = match &script {
            Some(script) if wants(Format::needs_narration) => {
                let started = Instant::now();
                let (n, w) = self.narrate(path, script)?;
                seconds.push(("narration".into(), started.elapsed().as_secs_f64()));
                warnings.extend(w);
                Some(n)
            }
            _ => None,
        };
        let ctx = Context {
            article,
            script: script.as_ref(),
            narration: narration.as_ref(),
            date: &self.opts.date,
        };
        let mut outputs = Vec::new();
        let mut failure = None;
        for (format, exporter) in &self.exporters {
            let started = Instant::now();
            // One format failing (braille without liblouis) does not stop the others.
            match exporter.export(&ctx) {
                Ok(out) => outputs.extend(out),
                Err(e) => failure = failure.or(Some(e)),
            }
            seconds.push((format.name().into(), started.elapsed().as_secs_f64()));
        }
        Ok(Rendered {
            outputs,
            warnings,
            seconds,
            failure,
        })
    }

    /// Narrate the script with the configured voice, reporting progress.
    fn narrate(
        &self,
        path: &Path,
        script: &speech::script::Script,
    ) -> Result<(Narration, Vec<String>), Error> {
        (self.on_event)(Event::Narrating {
            input: path,
            utterances: script.utterances().count(),
        });
        let said = || (self.on_event)(Event::Said { input: path });
        let audio = narration::AudioOptions {
            keep_pcm: self.opts.formats.iter().any(|f| f.needs_pcm()),
            ..self.config.audio.clone()
        };
        narration::narrate(script, &audio, &self.piper, &said)
    }
}

/// Write an article's outputs into `dir` and its manifest last (none when an exporter
/// failed); the files listed and all the warnings (sorted, once each).
fn write(
    dir: &Path,
    path: &Path,
    article: &Article,
    key: &str,
    rendered: &Rendered,
) -> Result<(Vec<FileEntry>, Vec<String>), Error> {
    let mut warnings = rendered.warnings.clone();
    // The old manifest goes before the first output changes: a run killed between
    // two writes must not leave a manifest whose hashes no longer match its files.
    output::remove(&dir.join("manifest.json"))?;
    let mut files = Vec::new();
    for out in &rendered.outputs {
        warnings.extend(out.warnings.iter().cloned());
        // Some outputs live in a folder of their own (`web/audio/01-opening.mp3`); the
        // temp file stays in `dir`, where a killed run's leftovers are cleaned.
        if let Some(folder) = dir.join(&out.name).parent().filter(|f| *f != dir) {
            output::create_dir(folder)?;
        }
        output::write_atomic_parts(dir, &out.name, &out.parts)?;
        files.push(FileEntry::of(out));
    }
    warnings.sort();
    warnings.dedup();
    if rendered.failure.is_some() {
        return Ok((files, warnings));
    }
    let manifest = Manifest {
        title: article.title.clone(),
        input: path.display().to_string(),
        files: files.clone(),
        warnings: warnings.clone(),
        dropped: article.dropped.clone(),
        build_key: key.to_string(),
    };
    manifest.write(dir)?;
    Ok((files, warnings))
}
