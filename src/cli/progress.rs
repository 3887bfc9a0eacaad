//! Progress on a terminal: one bar for the batch and, while an article is narrated, a
//! bar of its sentences with an ETA. Off a terminal: one plain line per article.

use altformat::batch::{ArticleReport, Event};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;

/// Shows what `build` reports. Errors are always printed, even with `--quiet`.
pub struct Progress {
    bars: Option<(MultiProgress, ProgressBar)>,
    sentences: Mutex<BTreeMap<PathBuf, ProgressBar>>,
    quiet: bool,
}

impl Progress {
    /// Bars when standard error is a terminal and not `quiet`.
    pub fn new(total: u64, quiet: bool) -> Self {
        let bars = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let multi = MultiProgress::new();
            let bar = multi.add(ProgressBar::new(total));
            bar.set_style(style("{bar:40} {pos}/{len} articles"));
            (multi, bar)
        });
        Progress {
            bars,
            sentences: Mutex::new(BTreeMap::new()),
            quiet,
        }
    }

    /// Take one event from the build.
    pub fn event(&self, event: Event) {
        match event {
            Event::Narrating { input, utterances } => {
                if let Some((multi, _)) = &self.bars {
                    let bar = multi.add(ProgressBar::new(utterances as u64));
                    bar.set_style(style("  {bar:30} {pos}/{len} sentences, {eta} left  {msg}"));
                    bar.set_message(input.display().to_string());
                    self.lock().insert(input.to_path_buf(), bar);
                }
            }
            Event::Said { input } => {
                if let Some(bar) = self.lock().get(input) {
                    bar.inc(1);
                }
            }
            Event::Done(report) => self.done(report),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<PathBuf, ProgressBar>> {
        // A panic elsewhere cannot leave the map half-updated; keep showing progress.
        self.sentences.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn done(&self, r: &ArticleReport) {
        if let Some(bar) = self.lock().remove(&PathBuf::from(&r.input)) {
            bar.finish_and_clear();
        }
        let error = super::hints::report_error(r);
        let line = match (&error, &r.out_dir) {
            (Some(e), _) => format!("altformat: {e}"),
            (None, Some(dir)) => format!("built {} ({} files)", dir, r.files.len()),
            (None, None) => return,
        };
        match &self.bars {
            Some((_, bar)) => {
                bar.inc(1);
                if error.is_some() {
                    bar.println(line);
                }
            }
            None if error.is_some() || !self.quiet => eprintln!("{line}"),
            None => {}
        }
        if !self.quiet {
            for w in &super::hints::report_warnings(r) {
                eprintln!("warning: {}: {w}", r.input);
            }
        }
    }

    /// Clear the bars before the summary is printed.
    pub fn finish(&self) {
        if let Some((_, bar)) = &self.bars {
            bar.finish_and_clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).expect("static template")
}
