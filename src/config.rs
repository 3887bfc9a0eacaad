//! `altformat.toml`: one table per stage, unknown keys rejected.

use crate::error::{ConfigError, Error};
use crate::export::Format;
use crate::export::epub::EpubOptions;
use crate::export::pdf::PdfOptions;
use crate::export::web::WebOptions;
use crate::speech::SpeechOptions;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The whole configuration file. Every table is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// How inputs are read.
    #[serde(default)]
    pub input: InputConfig,
    /// What `build` produces and where.
    #[serde(default)]
    pub build: BuildConfig,
    /// Speech preparation: pauses, acronyms, lexicon.
    #[serde(default)]
    pub speech: SpeechOptions,
    /// EPUB options.
    #[serde(default)]
    pub epub: EpubOptions,
    /// The large-print PDF.
    #[serde(default)]
    pub pdf: PdfOptions,
    /// The read-along web page.
    #[serde(default)]
    pub web: WebOptions,
    /// The DAISY 2.02 talking book.
    #[serde(default)]
    pub daisy: crate::export::daisy::DaisyOptions,
    /// Braille: the liblouis table and the page size.
    #[serde(default)]
    pub braille: crate::export::brf::BrailleOptions,
    /// How narration is voiced, levelled, encoded and cached.
    #[serde(default)]
    pub audio: crate::narration::AudioOptions,
    /// The Piper neural voice: model, ONNX Runtime, scales.
    #[serde(default)]
    pub piper: crate::voice::piper::PiperOptions,
}

/// The `[input]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    /// Language tag for inputs that do not name one.
    pub lang: Option<String>,
    /// Keep lines that look like site chrome.
    #[serde(default)]
    pub keep_chrome: bool,
    /// Largest input read, in MB (1-100000); larger files are refused unread.
    #[serde(default = "default_max_mb")]
    pub max_mb: u64,
    /// Largest web page downloaded, in MB after decompression (1-100000).
    #[serde(default = "default_fetch_max_mb")]
    pub fetch_max_mb: u64,
    /// Seconds a web server may take to accept the connection, to answer, and to send
    /// each next piece of the page (1-3600).
    #[serde(default = "default_fetch_timeout_s")]
    pub fetch_timeout_s: u64,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            lang: None,
            keep_chrome: false,
            max_mb: default_max_mb(),
            fetch_max_mb: default_fetch_max_mb(),
            fetch_timeout_s: default_fetch_timeout_s(),
        }
    }
}

fn default_max_mb() -> u64 {
    200
}

fn default_fetch_max_mb() -> u64 {
    crate::article::fetch::DEFAULT_MAX_BYTES / 1_000_000
}

fn default_fetch_timeout_s() -> u64 {
    30
}

/// The `[build]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Output folder.
    #[serde(default = "default_out")]
    pub out: PathBuf,
    /// Formats to produce.
    #[serde(default = "Format::defaults")]
    pub formats: Vec<Format>,
    /// Articles processed at once (0: one per core; 0-4096, and never more than the
    /// inputs or a few per core).
    #[serde(default)]
    pub jobs: usize,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            out: default_out(),
            formats: Format::defaults(),
            jobs: 0,
        }
    }
}

fn default_out() -> PathBuf {
    PathBuf::from("exports")
}

impl Config {
    /// Load a config file; errors name the file and the bad key or value.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut config = Config::parse(&text).map_err(|problem| Error::Config {
            path: path.to_path_buf(),
            problem,
        })?;
        // The project lexicon sits next to the config file.
        let base = path.parent().unwrap_or(Path::new("."));
        config.speech.load_lexicon(base)?;
        // Font paths in [pdf] fonts are relative to the config file, like the lexicon.
        config.pdf.resolve_font_paths(base);
        if let Some(missing) = config.pdf.fonts.iter().find(|p| !p.exists()) {
            return Err(Error::Config {
                path: path.to_path_buf(),
                problem: ConfigError::Missing {
                    key: "pdf.fonts",
                    path: missing.clone(),
                },
            });
        }
        Ok(config)
    }

    /// Parse config text and check every setting, so a bad value is reported once,
    /// before any article starts.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::syntax(&e))?;
        config.validate()?;
        Ok(config)
    }

    /// Check every setting: ranges, and no NaN or infinity in any number.
    pub fn validate(&self) -> Result<(), ConfigError> {
        ConfigError::check_range("input.max_mb", self.input.max_mb, 1, 100_000)?;
        ConfigError::check_range("input.fetch_max_mb", self.input.fetch_max_mb, 1, 100_000)?;
        ConfigError::check_range("input.fetch_timeout_s", self.input.fetch_timeout_s, 1, 3600)?;
        ConfigError::check_range("build.jobs", self.build.jobs, 0, 4096)?;
        self.speech.validate()?;
        self.audio.validate()?;
        self.piper.validate()?;
        self.epub.validate()?;
        self.braille.validate()?;
        self.pdf.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_default() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.build.out, PathBuf::from("exports"));
        assert!(c.epub.css);
    }

    #[test]
    fn speech_table_parses_and_rejects_unknown_keys() {
        let c = Config::parse(
            "[speech]\nlexicon = \"words.toml\"\n[speech.pauses]\nsentence_ms = 300\n\
             [speech.acronyms]\nwords = [\"BAFTA\"]\n",
        )
        .unwrap();
        assert_eq!(c.speech.pauses.sentence_ms, 300);
        assert_eq!(c.speech.acronyms.words, ["BAFTA"]);
        assert_eq!(c.speech.lexicon_file, Some(PathBuf::from("words.toml")));
        let err = Config::parse("[speech]\npauze = 1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("pauze"), "{err}");
    }

    #[test]
    fn config_loads_the_project_lexicon_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lexicon.toml"), "[words]\nFoo = \"bar\"\n").unwrap();
        let path = dir.path().join("altformat.toml");
        std::fs::write(&path, "").unwrap();
        let c = Config::load(&path).unwrap();
        let said = crate::speech::spoken_form("Foo and Pyongyang", "en", &c.speech).text;
        assert_eq!(said, "bar and pyong yang");
        std::fs::write(&path, "[speech]\nlexicon = \"missing.toml\"\n").unwrap();
        assert!(Config::load(&path).is_err());
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        let err = Config::parse("[input]\nlangg = \"en\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("langg"), "{err}");
        let err = Config::parse("[epub]\ncss = false\nfonts = 1\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("fonts"), "{err}");
        let err = Config::parse("[bogus]\n").unwrap_err().to_string();
        assert!(err.contains("bogus"), "{err}");
        let err = Config::parse("[pdf]\nfont_size = 18\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("font_size"), "{err}");
        let err = Config::parse("[audio]\nbitrate = 64\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bitrate"), "{err}");
    }

    #[test]
    fn audio_table_overrides_defaults() {
        let c = Config::parse("[audio]\nbitrate_kbps = 96\nvoice = \"en-us\"\ncache = false\n")
            .unwrap();
        assert_eq!(c.audio.bitrate_kbps, 96);
        assert_eq!(c.audio.voice.as_deref(), Some("en-us"));
        assert!(!c.audio.cache);
        assert_eq!(c.audio.rate, 175);
        assert_eq!(Config::default().audio.cache_limit_mb, 500);
    }

    #[test]
    fn pdf_table_is_read_and_checked() {
        let c = Config::parse("[pdf]\npreset = \"giant\"\npage = \"letter\"\n").unwrap();
        assert_eq!(c.pdf.body(), 24.0);
        let err = Config::parse("[pdf]\nmargin_mm = 5\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("pdf.margin_mm"), "{err}");
        let err = Config::parse("[pdf]\npreset = \"huge\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("huge"), "{err}");
    }

    /// Bug: NaN, infinities and out-of-range numbers were accepted (a NaN loudness gave
    /// silent MP3s) or failed every article separately instead of once up front.
    #[test]
    fn every_numeric_setting_is_range_checked_and_nan_is_refused() {
        for (text, key) in [
            ("[audio]\nloudness_lufs = nan\n", "audio.loudness_lufs"),
            ("[audio]\nloudness_lufs = inf\n", "audio.loudness_lufs"),
            ("[audio]\nloudness_lufs = 1e308\n", "audio.loudness_lufs"),
            ("[audio]\ntrue_peak_db = -1e308\n", "audio.true_peak_db"),
            ("[audio]\ntrue_peak_db = -inf\n", "audio.true_peak_db"),
            ("[audio]\nbitrate_kbps = 7\n", "audio.bitrate_kbps"),
            ("[audio]\npitch = 101\n", "audio.pitch"),
            ("[audio]\nrate = 20\n", "audio.rate"),
            ("[audio]\nrate = 4000\n", "audio.rate"),
            (
                "[audio]\ncache_limit_mb = 10000001\n",
                "audio.cache_limit_mb",
            ),
            ("[piper]\nlength_scale = nan\n", "piper.length_scale"),
            ("[piper]\nlength_scale = 0.0\n", "piper.length_scale"),
            ("[piper]\nnoise_scale = inf\n", "piper.noise_scale"),
            ("[piper]\nnoise_w = -1.0\n", "piper.noise_w"),
            ("[piper]\nparallel = 100000\n", "piper.parallel"),
            ("[pdf]\nline_spacing = nan\n", "pdf.line_spacing"),
            ("[pdf]\nbody_size = inf\n", "pdf.body_size"),
            (
                "[speech.pauses]\nsentence_ms = 100000000\n",
                "speech.pauses.sentence_ms",
            ),
            ("[input]\nmax_mb = 0\n", "input.max_mb"),
            ("[input]\nfetch_timeout_s = 0\n", "input.fetch_timeout_s"),
            ("[build]\njobs = 100000\n", "build.jobs"),
            ("[epub]\nmodified = \"not a date\"\n", "epub.modified"),
            (
                "[epub]\nmodified = \"2024-13-45T25:61:61Z\"\n",
                "epub.modified",
            ),
        ] {
            let err = Config::parse(text).expect_err(text).to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
        for text in [
            "[audio]\nloudness_lufs = -16.0\ntrue_peak_db = -1.0\nbitrate_kbps = 128\n",
            "[audio]\npitch = 0\nrate = 80\n",
            "[piper]\nnoise_scale = 0.0\nnoise_w = 0.0\nlength_scale = 1.2\n",
            "[epub]\nmodified = \"2024-02-29T23:59:59Z\"\n",
        ] {
            Config::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
    }

    /// The typed errors (`ConfigError`) kept the words the `String` errors had.
    #[test]
    fn setting_errors_read_as_they_did_before_they_were_typed() {
        let rates = format!(
            "audio.bitrate_kbps must be one of the MP3 rates {:?} (got 7)",
            crate::narration::mp3::BITRATES
        );
        for (text, said) in [
            (
                "[audio]\nrate = 20\n",
                "audio.rate must be between 80 and 450 (got 20)",
            ),
            ("[audio]\nbitrate_kbps = 7\n", rates.as_str()),
            (
                "[braille]\ncells = 5\n",
                "braille.cells = 5 is not within 12 to 100",
            ),
            (
                "[pdf]\nline_spacing = 5.0\n",
                "pdf.line_spacing must be between 1.0 and 3.0 (got 5)",
            ),
            (
                "[epub]\nmodified = \"soon\"\n",
                "epub.modified = \"soon\" is not a date and time of the form \
                 2024-05-31T12:00:00Z",
            ),
        ] {
            assert_eq!(Config::parse(text).unwrap_err().to_string(), said, "{text}");
        }
        let lexicon = crate::speech::normalize::lexicon::Lexicon::parse("[words]\nA = \"[[a]]\"\n");
        assert_eq!(
            lexicon.unwrap_err().to_string(),
            "words.\"A\" = \"[[a]]\": a respelling cannot hold [[ or ]] (put phonemes under \
             [phonemes])"
        );
    }

    #[test]
    fn piper_table_is_read_and_checked() {
        let c = Config::parse("[piper]\nmodel = \"voices/joe.onnx\"\nnoise_w = 0.0\n").unwrap();
        assert_eq!(c.piper.model.as_deref(), Some("voices/joe.onnx"));
        assert_eq!(c.piper.noise_w, Some(0.0));
        assert_eq!(Config::default().piper.model, None);
        let err = Config::parse("[piper]\nspeed = 2\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("speed"), "{err}");
    }
}

/// The configuration example in the README is real: it parses and means what it says.
#[cfg(test)]
mod readme {
    use super::*;

    #[test]
    fn readme_configuration_example_parses() {
        let readme = include_str!("../README.md");
        let section = &readme[readme.find("\n## Configuration\n").expect("section")..];
        let start = section.find("```toml\n").expect("toml block") + 8;
        let block = &section[start..start + section[start..].find("```").expect("end")];
        let config = Config::parse(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        assert_eq!(config.build.formats.len(), 4);
        assert_eq!(config.audio.rate, 175);
        assert_eq!(config.speech.acronyms.words, ["NATO", "UNESCO"]);
    }
}
