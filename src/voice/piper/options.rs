//! `[piper]` in altformat.toml, and where voices and ONNX Runtime are looked for.

use crate::error::ConfigError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Environment variable naming the ONNX Runtime library (the `ort` crate's convention).
pub const RUNTIME_ENV: &str = "ORT_DYLIB_PATH";

/// The `[piper]` table: the neural voice. Every key is optional; unknown keys are rejected.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PiperOptions {
    /// The voice: a `.onnx` file (its `.onnx.json` beside it) or a voice name such as
    /// `en_US-joe-medium` looked up in the voice folders. Default: the first voice
    /// found there, by name.
    pub model: Option<String>,
    /// The ONNX Runtime library file. Default: `$ORT_DYLIB_PATH`, else the system's
    /// `libonnxruntime`.
    pub onnxruntime: Option<PathBuf>,
    /// Folders searched for voices before `$XDG_DATA_HOME/altformat/voices`
    /// (`~/.local/share/altformat/voices`).
    pub voice_dirs: Vec<PathBuf>,
    /// The Piper voices repository `altformat voices add` downloads from (its
    /// `voices.json` and files). Default: the Hugging Face `rhasspy/piper-voices`.
    pub voices_url: Option<String>,
    /// Phoneme length (0.1-10): above 1 speaks slower, below 1 faster. Default: the
    /// voice's own.
    pub length_scale: Option<f32>,
    /// Generator noise (0-2). Default: the voice's own. With `noise_scale = 0` and
    /// `noise_w = 0` the same text always gives the same audio.
    pub noise_scale: Option<f32>,
    /// Phoneme width (rhythm) noise (0-2). Default: the voice's own.
    pub noise_w: Option<f32>,
    /// Sentences said side by side, each by its own copy of the model (0: one per
    /// core). Independent sentences use the cores better than threads inside one
    /// model run do; each copy costs the model's memory again.
    pub parallel: usize,
    /// Threads for one synthesis (0: the cores shared out among the copies).
    pub threads: usize,
}

/// Where the ONNX Runtime library is taken from, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeLocation {
    /// File name or path handed to the dynamic loader.
    pub path: PathBuf,
    /// `config`, `ORT_DYLIB_PATH` or `system library path`.
    pub source: &'static str,
}

impl PiperOptions {
    /// Check every setting against its documented range (NaN and infinities fail).
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (key, value, lo, hi) in [
            ("piper.length_scale", self.length_scale, 0.1, 10.0),
            ("piper.noise_scale", self.noise_scale, 0.0, 2.0),
            ("piper.noise_w", self.noise_w, 0.0, 2.0),
        ] {
            if let Some(v) = value {
                ConfigError::check_range(key, v, lo, hi)?;
            }
        }
        if let Some(url) = &self.voices_url
            && !crate::article::fetch::is_web_address(url)
        {
            return Err(ConfigError::invalid(
                "piper.voices_url",
                "must be an http or https address",
            ));
        }
        ConfigError::check_range("piper.parallel", self.parallel, 0, 256)?;
        ConfigError::check_range("piper.threads", self.threads, 0, 256)
    }

    /// How many copies of the model say sentences side by side, and with how many
    /// threads each, on a machine with `cores` cores.
    pub fn plan(&self, cores: usize) -> (usize, usize) {
        let cores = cores.max(1);
        let copies = if self.parallel == 0 {
            cores
        } else {
            self.parallel
        };
        let threads = if self.threads == 0 {
            (cores / copies).max(1)
        } else {
            self.threads
        };
        (copies, threads)
    }

    /// The ONNX Runtime library to load: config, then `ORT_DYLIB_PATH`, then the
    /// platform's library name found by the loader's usual search.
    pub fn runtime(&self) -> RuntimeLocation {
        if let Some(path) = &self.onnxruntime {
            return RuntimeLocation {
                path: path.clone(),
                source: "[piper] onnxruntime",
            };
        }
        match std::env::var_os(RUNTIME_ENV) {
            Some(path) if !path.is_empty() => RuntimeLocation {
                path: path.into(),
                source: RUNTIME_ENV,
            },
            _ => RuntimeLocation {
                path: format!(
                    "{}onnxruntime{}",
                    std::env::consts::DLL_PREFIX,
                    std::env::consts::DLL_SUFFIX
                )
                .into(),
                source: "system library path",
            },
        }
    }

    /// Folders searched for voices, in order.
    pub fn voice_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = self.voice_dirs.clone();
        if let Some(data) = user_data_dir() {
            dirs.push(data.join("altformat").join("voices"));
        }
        dirs
    }
}

/// `$XDG_DATA_HOME` when set to an absolute path, else `~/.local/share`.
fn user_data_dir() -> Option<PathBuf> {
    match std::env::var_os("XDG_DATA_HOME").map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => Some(dir),
        _ => std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")),
    }
}

/// The config file Piper expects beside a model: `voice.onnx` -> `voice.onnx.json`.
pub fn config_path(model: &Path) -> PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

/// The `.onnx` files in `dir`, sorted by name (empty if the folder is missing).
pub fn voices_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "onnx") && p.is_file())
        .collect();
    found.sort();
    found
}

/// No Piper voice where `[piper] model` or the voice folders point.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelNotFound {
    /// The configured model is neither a file nor a voice name in a voice folder.
    #[error("Piper voice {model:?} not found (not a file; searched {searched}); {VOICE_HINT}")]
    Named {
        /// `[piper] model` as configured.
        model: String,
        /// The folders searched, comma-separated.
        searched: String,
    },
    /// No model was configured and the voice folders hold none.
    #[error("no Piper voice found in {searched}; {VOICE_HINT}")]
    NoneInstalled {
        /// The folders searched, comma-separated.
        searched: String,
    },
}

/// Resolve `[piper] model` (a path or a voice name) to a model file, or say what was
/// searched and how to get a voice.
pub fn find_model(opts: &PiperOptions) -> Result<PathBuf, ModelNotFound> {
    let dirs = opts.voice_dirs();
    let searched = || {
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &opts.model {
        Some(model) => {
            let path = Path::new(model);
            if path.is_file() {
                return Ok(path.to_path_buf());
            }
            let file = format!("{}.onnx", model.trim_end_matches(".onnx"));
            dirs.iter()
                .map(|d| d.join(&file))
                .find(|p| p.is_file())
                .ok_or_else(|| ModelNotFound::Named {
                    model: model.clone(),
                    searched: searched(),
                })
        }
        None => dirs
            .iter()
            .flat_map(|d| voices_in(d))
            .next()
            .ok_or_else(|| ModelNotFound::NoneInstalled {
                searched: searched(),
            }),
    }
}

/// How to get a voice.
pub const VOICE_HINT: &str = "get a voice (a .onnx file and its .onnx.json) from \
    https://huggingface.co/rhasspy/piper-voices or `python3 -m piper.download_voices \
    en_US-joe-medium`, put both files in ~/.local/share/altformat/voices or set \
    `[piper] model` to the .onnx path (in this repository: `bash .ci/install-tools.sh`)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_reject_unknown_keys() {
        let o: PiperOptions =
            toml::from_str("model = \"en_US-joe-medium\"\nlength_scale = 1.1\nthreads = 2\n")
                .unwrap();
        assert_eq!(o.model.as_deref(), Some("en_US-joe-medium"));
        assert_eq!(o.length_scale, Some(1.1));
        assert_eq!(o.threads, 2);
        assert_eq!(o.plan(4), (4, 2));
        assert_eq!(o.noise_w, None);
        let err = toml::from_str::<PiperOptions>("modell = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("modell"), "{err}");
    }

    #[test]
    fn plan_shares_the_cores_among_copies() {
        let auto = PiperOptions::default();
        assert_eq!(auto.plan(2), (2, 1));
        assert_eq!(auto.plan(0), (1, 1));
        let one = PiperOptions {
            parallel: 1,
            ..PiperOptions::default()
        };
        assert_eq!(one.plan(8), (1, 8));
        let three = PiperOptions {
            parallel: 3,
            ..PiperOptions::default()
        };
        assert_eq!(three.plan(2), (3, 1));
    }

    #[test]
    fn configured_runtime_wins() {
        let o = PiperOptions {
            onnxruntime: Some("/opt/ort/libonnxruntime.so".into()),
            ..PiperOptions::default()
        };
        assert_eq!(
            o.runtime().path,
            PathBuf::from("/opt/ort/libonnxruntime.so")
        );
        assert_eq!(o.runtime().source, "[piper] onnxruntime");
    }

    #[test]
    fn models_are_found_by_path_or_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b-voice.onnx"), b"x").unwrap();
        std::fs::write(dir.path().join("a-voice.onnx"), b"x").unwrap();
        std::fs::write(dir.path().join("a-voice.onnx.json"), b"{}").unwrap();
        let mut o = PiperOptions {
            voice_dirs: vec![dir.path().to_path_buf()],
            ..PiperOptions::default()
        };
        assert_eq!(find_model(&o).unwrap(), dir.path().join("a-voice.onnx"));
        o.model = Some("b-voice".into());
        assert_eq!(find_model(&o).unwrap(), dir.path().join("b-voice.onnx"));
        o.model = Some(dir.path().join("b-voice.onnx").display().to_string());
        assert_eq!(find_model(&o).unwrap(), dir.path().join("b-voice.onnx"));
        o.model = Some("missing".into());
        let err = find_model(&o).unwrap_err().to_string();
        assert!(
            err.contains("\"missing\" not found") && err.contains("piper-voices"),
            "{err}"
        );
        assert_eq!(
            config_path(Path::new("/v/a.onnx")),
            PathBuf::from("/v/a.onnx.json")
        );
    }
}
