//! Flags, checked settings, and the exit code. The work is all in the library.

mod console;
mod hints;
mod inspect;
mod progress;

use altformat::article::{self, ReadOptions};
use altformat::batch::{self, ArticleReport, BatchOptions, Status};
use altformat::config::Config;
use altformat::export::{Format, SourceDate, output};
use altformat::voice;
use altformat::voice::Engine;
use altformat::{ConfigError, Error, inputs};
use clap::{Parser, Subcommand, ValueEnum};
use console::{Console, EXIT_BROKEN_PIPE};
use progress::Progress;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Turn articles into accessible formats: narration audio, EPUB 3 and large-print PDF.
#[derive(Debug, Parser)]
#[command(name = "altformat", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options shared by commands that read inputs.
#[derive(Debug, clap::Args)]
struct ReadArgs {
    /// Read inputs as this format instead of going by the file extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormatArg>,
    /// Language (BCP 47) for inputs that do not name one.
    #[arg(long)]
    lang: Option<String>,
    /// Keep lines that look like site chrome (menus, share links).
    #[arg(long)]
    keep_chrome: bool,
    /// Configuration file (default: altformat.toml if it exists).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the outputs for articles (files or folders of them).
    Build(BuildArgs),
    /// Show the structure found in an article.
    Inspect(InspectArgs),
    /// Read an article aloud now through the system's speech service (your own
    /// screen-reader voice). Ctrl-C stops. Needs the `system-voice` build feature.
    #[cfg_attr(not(feature = "system-voice"), command(hide = true))]
    Speak(SpeakArgs),
    /// List the output formats that can be made here, and say why others cannot.
    Formats,
    /// List the voices available here, and say why others are not.
    Voices {
        /// Configuration file (default: altformat.toml if it exists).
        #[arg(long, global = true)]
        config: Option<PathBuf>,
        /// `add`: download a Piper voice.
        #[command(subcommand)]
        action: Option<VoicesAction>,
    },
}

/// What `voices` can do besides listing.
#[derive(Debug, Subcommand)]
enum VoicesAction {
    /// Download a Piper voice (`.onnx` and `.onnx.json`) from the Piper voices
    /// repository (`[piper] voices_url`), checked against its voice list.
    Add(AddArgs),
}

/// Options of `voices add`.
#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The voice, e.g. `en_US-joe-medium`.
    #[arg(required_unless_present = "list")]
    name: Option<String>,
    /// List the voices that can be added (for `--lang`, else all) instead.
    #[arg(long)]
    list: bool,
    /// With `--list`: only voices of this language (`en`, `en_US`, `de`...).
    #[arg(long)]
    lang: Option<String>,
    /// The voices folder to write to (default: the last of the folders voices are
    /// looked for in, `~/.local/share/altformat/voices`).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// `--input-format`: the library's [`article::InputFormat`] as a flag value.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum InputFormatArg {
    /// Plain text: title on the first line, headings as short lines.
    Text,
    /// Markdown (CommonMark) with optional front matter.
    Markdown,
    /// An HTML web page.
    Html,
    /// An EPUB book.
    Epub,
    /// A Word document (.docx).
    Docx,
}

impl From<InputFormatArg> for article::InputFormat {
    fn from(arg: InputFormatArg) -> Self {
        match arg {
            InputFormatArg::Text => Self::Text,
            InputFormatArg::Markdown => Self::Markdown,
            InputFormatArg::Html => Self::Html,
            InputFormatArg::Epub => Self::Epub,
            InputFormatArg::Docx => Self::Docx,
        }
    }
}

/// `--formats`: the library's [`Format`] as a flag value.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// The document model as JSON (`article.json`).
    Json,
    /// Narration: a chaptered MP3, one MP3 per section, a playlist, `narration.json`.
    Audio,
    /// EPUB 3 with Media Overlays when narration was made (`<title>.epub`).
    Epub,
    /// Large-print tagged PDF (`<title>.pdf`).
    Pdf,
    /// A read-along web page with the section MP3s (`web/index.html`).
    Web,
    /// DAISY 2.02 talking book, full text and audio (`<title>-daisy/` and its zip).
    Daisy,
    /// Contracted braille for embossers, BRF (`<title>.brf`).
    Brf,
    /// M4B audiobook with chapters, tags and a cover (`<title>.m4b`; needs ffmpeg).
    M4b,
    /// WebVTT and SubRip captions for the narration, per track and whole (`.vtt`, `.srt`).
    Captions,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Json => Self::Json,
            FormatArg::Audio => Self::Audio,
            FormatArg::Epub => Self::Epub,
            FormatArg::Pdf => Self::Pdf,
            FormatArg::Web => Self::Web,
            FormatArg::Daisy => Self::Daisy,
            FormatArg::Brf => Self::Brf,
            FormatArg::M4b => Self::M4b,
            FormatArg::Captions => Self::Captions,
        }
    }
}

/// `--voice`: the library's [`Engine`] as a flag value.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum EngineArg {
    /// eSpeak NG (libespeak-ng, loaded at run time): the screen-reader voice.
    Espeak,
    /// A Piper neural voice through ONNX Runtime.
    Piper,
}

impl From<EngineArg> for Engine {
    fn from(arg: EngineArg) -> Self {
        match arg {
            EngineArg::Espeak => Self::Espeak,
            EngineArg::Piper => Self::Piper,
        }
    }
}

/// Options of `build`.
#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// Article files, folders or web addresses (http, https); `-` reads an article from
    /// standard input.
    #[arg(required_unless_present = "urls")]
    inputs: Vec<PathBuf>,
    /// A file of web addresses to build, one per line (`-`: standard input; blank lines
    /// and lines starting with `#` skipped), besides the inputs named.
    #[arg(long, value_name = "FILE")]
    urls: Option<PathBuf>,
    /// Output folder (one subfolder per article).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Formats to build, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    formats: Option<Vec<FormatArg>>,
    /// Articles processed at once (default: one per core; at most 4 per core and
    /// one per article).
    #[arg(long)]
    jobs: Option<usize>,
    /// Sentence cache folder for narration (default: ~/.cache/altformat).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Narration voice engine (default: espeak; piper uses the [piper] settings).
    #[arg(long, value_enum)]
    voice: Option<EngineArg>,
    /// Rebuild articles whose outputs are already up to date.
    #[arg(long)]
    force: bool,
    /// Print only errors.
    #[arg(long)]
    quiet: bool,
    /// Build only part K (from 0) of N disjoint, stable parts of the inputs, such as
    /// `--shard $JOB_COMPLETION_INDEX/8`; the report is then `report-K-of-N.json`.
    #[arg(long, value_name = "K/N")]
    shard: Option<altformat::inputs::Shard>,
    #[command(flatten)]
    read: ReadArgs,
}

/// Options of `inspect`.
#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// The article file.
    input: PathBuf,
    /// Print the whole model as JSON.
    #[arg(long)]
    json: bool,
    /// Print the speech script: every utterance with what is said and each change.
    #[arg(long, conflicts_with = "json")]
    speech: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// Options of `speak`.
#[derive(Debug, clap::Args)]
struct SpeakArgs {
    /// The article file.
    #[arg(required_unless_present = "list_voices")]
    input: Option<PathBuf>,
    /// Speed from -100 (slowest) through 0 (normal) to 100 (fastest); default: the
    /// speech service's own setting.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i8).range(-100..=100))]
    rate: Option<i8>,
    /// A voice of the speech service by name (see --list-voices); default: its own.
    #[arg(long)]
    voice_name: Option<String>,
    /// List the speech service's voices (name and language) and exit.
    #[arg(long)]
    list_voices: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// Exit codes: 0 all good, 1 some inputs failed, 2 usage or configuration error.
const EXIT_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
/// Exit code when the listener stopped a read-aloud with Ctrl-C (128 + SIGINT).
#[cfg(feature = "system-voice")]
const EXIT_STOPPED: u8 = 130;

/// Parse the command line, run it, and turn the outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let console = Console::default();
    let code = match dispatch(cli, &console) {
        Ok(code) => code,
        Err(e) => {
            console.err(&format!("altformat: {}", hints::error(&e)));
            ExitCode::from(if e.is_usage() {
                EXIT_USAGE
            } else {
                EXIT_FAILED
            })
        }
    };
    // The work is done (and the report written); a reader that went away early is
    // told the usual way.
    if console.broken_pipe() {
        ExitCode::from(EXIT_BROKEN_PIPE)
    } else {
        code
    }
}

fn load_config(args: &ReadArgs) -> Result<Config, Error> {
    config_from(args.config.as_ref())
}

fn config_from(path: Option<&PathBuf>) -> Result<Config, Error> {
    match path {
        Some(path) => Config::load(path),
        None => {
            let default = PathBuf::from("altformat.toml");
            if default.is_file() {
                Config::load(&default)
            } else {
                // No config file: a project lexicon.toml here still applies.
                let mut config = Config::default();
                config.speech.load_lexicon(std::path::Path::new("."))?;
                Ok(config)
            }
        }
    }
}

/// `voices add`: list the repository's voices, or download one into the voices folder.
fn add_voice(args: &AddArgs, config: &Config, console: &Console) -> Result<ExitCode, Error> {
    use altformat::voice::download::{self, DEFAULT_VOICES_URL, VoiceList};
    let base = config
        .piper
        .voices_url
        .as_deref()
        .unwrap_or(DEFAULT_VOICES_URL);
    let fetch = fetch_options(config);
    let dirs = config.piper.voice_dirs();
    let dir = args
        .dir
        .clone()
        .or_else(|| dirs.last().cloned())
        .ok_or_else(|| Error::Config {
            path: "voices add".into(),
            problem: altformat::ConfigError::Other(
                "no voices folder: set HOME or XDG_DATA_HOME, or give --dir".into(),
            ),
        })?;
    if args.list {
        let list = VoiceList::fetch(base, &fetch)?;
        let installed = |name: &str| {
            dirs.iter()
                .chain(std::iter::once(&dir))
                .any(|d| d.join(format!("{name}.onnx")).is_file())
        };
        let mut lines = Vec::new();
        for v in list.for_language(args.lang.as_deref()) {
            lines.push(format!(
                "{:<32} {:<10} {:<8} {:>4} MB{}",
                v.key,
                v.language.code,
                v.quality,
                v.model_size().div_ceil(1_000_000),
                if installed(&v.key) {
                    "  (installed)"
                } else {
                    ""
                }
            ));
        }
        if lines.is_empty() {
            lines.push(format!(
                "no Piper voices for {:?} in {base}",
                args.lang.as_deref().unwrap_or("any language")
            ));
        }
        console.out(&lines.join("\n"));
        return Ok(ExitCode::SUCCESS);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let model = download::add(name, base, &dir, &fetch)?;
    console.out(&format!(
        "added {name}: {}\nbuild with it: altformat build ARTICLE --voice piper \
         (with [piper] model = {name:?} when other voices are installed)",
        model.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// How web addresses (and voices) are fetched, from `[input]`.
fn fetch_options(config: &Config) -> altformat::article::fetch::FetchOptions {
    altformat::article::fetch::FetchOptions {
        max_bytes: config.input.fetch_max_mb.saturating_mul(1_000_000),
        timeout: std::time::Duration::from_secs(config.input.fetch_timeout_s),
        ..Default::default()
    }
}

fn read_options(args: &ReadArgs, config: &Config) -> ReadOptions {
    ReadOptions {
        format: args.input_format.map(Into::into),
        lang: args.lang.clone().or_else(|| config.input.lang.clone()),
        keep_chrome: args.keep_chrome || config.input.keep_chrome,
        max_bytes: Some(config.input.max_mb.saturating_mul(1_000_000)),
        fetch: fetch_options(config),
    }
}

fn dispatch(cli: Cli, console: &Console) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Speak(args) => speak(args, console),
        Command::Formats => {
            console.out(&altformat::export::available::report());
            Ok(ExitCode::SUCCESS)
        }
        Command::Voices {
            config,
            action: Some(VoicesAction::Add(args)),
        } => add_voice(&args, &config_from(config.as_ref())?, console),
        Command::Voices { config, .. } => {
            let config = config_from(config.as_ref())?;
            console.out(&voice::list::report(&config.piper));
            console.out(&hints::voice_by_language(
                &voice::list::ready_piper_voices(&config.piper),
                config.audio.engine,
            ));
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect(args) => inspect(args, console),
        Command::Build(args) => build(args, console),
    }
}

/// `inspect`: the structure found, the whole model, or the speech script.
fn inspect(args: InspectArgs, console: &Console) -> Result<ExitCode, Error> {
    let config = load_config(&args.read)?;
    let article = article::read_file(&args.input, &read_options(&args.read, &config))?;
    if args.speech {
        let speech = altformat::speech::for_article(&article, &config.speech);
        let script = altformat::speech::prepare(&article, &speech);
        console.out(&altformat::speech::review::speech_review(&script, &speech));
    } else if args.json {
        let json = serde_json::to_string_pretty(&article).expect("model serialises");
        console.out(&format!("{json}\n"));
    } else {
        console.out(&inspect::summary(&article));
    }
    Ok(ExitCode::SUCCESS)
}

/// `build`: flags over the config, the batch on a pool of `--jobs` threads, then the
/// report, the summary and the exit code.
fn build(args: BuildArgs, console: &Console) -> Result<ExitCode, Error> {
    let mut config = load_config(&args.read)?;
    // Checked once here, before any article starts.
    let date = SourceDate::from_env();
    date.check()?;
    if args.cache_dir.is_some() {
        config.audio.cache_dir = args.cache_dir;
    }
    if let Some(engine) = args.voice {
        config.audio.engine = engine.into();
    }
    let opts = BatchOptions {
        read: read_options(&args.read, &config),
        out: args.out.unwrap_or_else(|| config.build.out.clone()),
        formats: args.formats.map_or_else(
            || config.build.formats.clone(),
            |f| f.into_iter().map(Into::into).collect(),
        ),
        force: args.force,
        date,
    };
    let mut files = inputs::collect(&args.inputs)?;
    if let Some(list) = &args.urls {
        files.extend(inputs::web_addresses(list)?);
    }
    if let Some(shard) = args.shard {
        files.retain(|f| shard.contains(f));
    }
    let jobs = useful_jobs(args.jobs.unwrap_or(config.build.jobs), files.len(), console);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Config {
            path: "--jobs".into(),
            problem: ConfigError::Other(e.to_string()),
        })?;
    let stop = stop_on_ctrlc();
    let progress = Progress::new(files.len() as u64, args.quiet, console);
    let mut reports =
        pool.install(|| batch::run(&files, &opts, &config, &stop, &|e| progress.event(e)))?;
    progress.finish();
    reports.iter_mut().for_each(hints::apply);
    let report_name = match args.shard {
        Some(s) => format!("report-{}-of-{}.json", s.index, s.count),
        None => "report.json".into(),
    };
    write_report(&opts.out, &report_name, &reports)?;
    if !args.quiet {
        console.err_text(&batch::summary_table(&reports));
        let narrated = opts.formats.iter().any(|f| f.needs_narration());
        if narrated && args.voice.is_none() && config.audio.engine == Engine::Espeak {
            let ready = voice::list::ready_piper_voices(&config.piper);
            if let Some(hint) = hints::natural_voice(&ready) {
                console.err(&hint);
            }
        }
    }
    Ok(finish_build(&reports, &opts.out, console))
}

/// The last line of a build and its exit code.
fn finish_build(reports: &[ArticleReport], out: &std::path::Path, console: &Console) -> ExitCode {
    let count = |ended: fn(Status) -> bool| reports.iter().filter(|r| ended(r.status)).count();
    let (built, failed, cancelled) = (
        count(Status::is_ok),
        count(|s| s == Status::Failed),
        count(|s| s == Status::Cancelled),
    );
    let out = out.display();
    if cancelled > 0 {
        console.err(&format!(
            "altformat: interrupted: {built} built, {failed} failed, \
             {cancelled} not started; outputs in {out} are complete"
        ));
    } else {
        console.err(&format!(
            "altformat: {built} built, {failed} failed, outputs in {out}"
        ));
    }
    if failed + cancelled > 0 {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Read an article aloud through the system voice.
#[cfg(feature = "system-voice")]
fn speak(args: SpeakArgs, console: &Console) -> Result<ExitCode, Error> {
    use altformat::speak::system::{SystemVoice, SystemVoiceOptions, voices};

    if args.list_voices {
        for v in voices()? {
            console.out(&format!("{}\t{}\n", v.name, v.lang));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let input = args.input.ok_or_else(|| Error::Config {
        path: "speak".into(),
        problem: ConfigError::Other("name the article to read".into()),
    })?;
    let config = load_config(&args.read)?;
    let article = article::read_file(&input, &read_options(&args.read, &config))?;
    let script = altformat::speech::prepare(&article, &config.speech);
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let opts = SystemVoiceOptions {
        rate: args.rate,
        voice: args.voice_name,
    };
    let mut voice = SystemVoice::new(&opts, Arc::clone(&stop))?;
    let outcome = altformat::speak::read_aloud(&script, &mut voice, &stop)?;
    // The voice cancels anything still queued when it goes.
    drop(voice);
    console.err(&format!(
        "altformat: said {} of {} utterances{}",
        outcome.spoken,
        outcome.total,
        if outcome.stopped { "; stopped" } else { "" }
    ));
    Ok(if outcome.stopped {
        ExitCode::from(EXIT_STOPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Without the feature, `speak` is hidden and says how to get it.
#[cfg(not(feature = "system-voice"))]
fn speak(_args: SpeakArgs, console: &Console) -> Result<ExitCode, Error> {
    console.err(
        "altformat: speak: built without the system-voice feature: \
         cargo build --features system-voice (needs libspeechd-dev, clang)",
    );
    Ok(ExitCode::from(EXIT_USAGE))
}

/// Most articles worth building side by side per core: more only add threads that
/// wait (and thousands took minutes just to start).
const JOBS_PER_CORE: usize = 4;

/// The articles built at once: `asked` (0: one per core), at most one per article and
/// [`JOBS_PER_CORE`] per core; a larger request is turned down with a note.
fn useful_jobs(asked: usize, articles: usize, console: &Console) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores * JOBS_PER_CORE;
    let wanted = if asked == 0 { cores } else { asked };
    if wanted > most {
        console.err(&format!(
            "altformat: --jobs {asked} is more than helps on {cores} cores; using {most} \
             ({JOBS_PER_CORE} per core)"
        ));
    }
    wanted.min(most).min(articles.max(1))
}

/// The stop flag of a build. First Ctrl-C: set it, so the articles in progress finish
/// and no more start. Second: stop now.
fn stop_on_ctrlc() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let _ = ctrlc::set_handler(move || {
        // The handler outlives any borrowed console; a closed stderr is not an error.
        let say = |line: &str| {
            let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        };
        if flag.swap(true, Ordering::SeqCst) {
            say("altformat: stopped; outputs already written are complete\n");
            std::process::exit(130);
        }
        say(
            "altformat: interrupted; finishing the articles in progress (Ctrl-C again to stop now)\n",
        );
    });
    stop
}

fn write_report(out: &std::path::Path, name: &str, reports: &[ArticleReport]) -> Result<(), Error> {
    let mut json = serde_json::to_vec_pretty(reports).expect("report serialises");
    json.push(b'\n');
    output::create_dir(out)?;
    output::write_atomic(out, name, &json)
}
