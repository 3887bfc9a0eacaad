//! Piper neural voices (`.onnx` + `.onnx.json`), run offline through ONNX Runtime.
//!
//! Text becomes IPA phonemes with eSpeak NG (clause by clause, punctuation put back as
//! Piper does, see [`clauses`]), phonemes become the model's ids ([`voice_config`]),
//! and each sentence is one model run ([`runtime`]); the sentences' audio is joined.

pub mod clauses;
pub mod options;
pub mod runtime;
pub mod voice_config;

pub use options::PiperOptions;

use super::Voice;
use super::espeak;
use crate::error::Error;
use runtime::{ENGINE, Model};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use voice_config::VoiceConfig;

/// A loaded Piper voice.
#[derive(Debug)]
pub struct Piper {
    model: Model,
    config: VoiceConfig,
    /// `[noise_scale, length_scale, noise_w]` as the model takes them.
    scales: [f32; 3],
    path: PathBuf,
    fingerprint: String,
}

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Engine {
        engine: ENGINE,
        message: message.to_string(),
    }
}

/// Read and check a voice's `.onnx.json`.
pub fn load_config(model: &Path) -> Result<VoiceConfig, Error> {
    let path = options::config_path(model);
    let json = std::fs::read_to_string(&path).map_err(|e| {
        failed(format!(
            "{}: {e}; a Piper voice needs its .onnx.json beside the .onnx",
            path.display()
        ))
    })?;
    VoiceConfig::parse(&json).map_err(|e| failed(format!("{}: {e}", path.display())))
}

impl Piper {
    /// Find the voice and the ONNX Runtime the options name, and load the model.
    /// Errors say what is missing and how to get it.
    pub fn open(opts: &PiperOptions) -> Result<Piper, Error> {
        let model = options::find_model(opts).map_err(failed)?;
        Piper::load(&model, opts)
    }

    /// [`Piper::open`] as many copies as `[piper] parallel` asks for on this machine,
    /// to say sentences side by side.
    pub fn open_copies(opts: &PiperOptions) -> Result<Vec<Piper>, Error> {
        let model = options::find_model(opts).map_err(failed)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let (copies, threads) = opts.plan(cores);
        let opts = PiperOptions {
            parallel: 1,
            threads,
            ..opts.clone()
        };
        (0..copies).map(|_| Piper::load(&model, &opts)).collect()
    }

    /// Load the voice at `model` (its config beside it) with the options' scales.
    pub fn load(model: &Path, opts: &PiperOptions) -> Result<Piper, Error> {
        let config = load_config(model)?;
        let defaults = config.inference;
        let scales = [
            opts.noise_scale.unwrap_or(defaults.noise_scale),
            opts.length_scale.unwrap_or(defaults.length_scale),
            opts.noise_w.unwrap_or(defaults.noise_w),
        ];
        if scales.iter().any(|s| !s.is_finite() || *s < 0.0) || scales[1] == 0.0 {
            return Err(failed(format!(
                "scales must be finite and not negative, length_scale above 0 (got {scales:?})"
            )));
        }
        let speaker = (config.num_speakers > 1).then_some(config.default_speaker_id);
        let runtime = opts.runtime();
        let loaded = Model::load(&runtime.path, model, opts.threads, speaker)?;
        let fingerprint = fingerprint(model, &config, scales)?;
        Ok(Piper {
            model: loaded,
            config,
            scales,
            path: model.to_path_buf(),
            fingerprint,
        })
    }

    /// The phonemes Piper would feed the model, one string per sentence.
    pub fn phonemes(&self, text: &str) -> Result<Vec<String>, Error> {
        phonemize(&self.config, text)
    }

    /// Model input ids per sentence (what Python `piper-tts` computes for the text).
    pub fn phoneme_ids(&self, text: &str) -> Result<Vec<Vec<i64>>, Error> {
        text_ids(&self.config, text)
    }

    /// The voice's config.
    pub fn config(&self) -> &VoiceConfig {
        &self.config
    }
}

/// The phonemes a voice with `config` is fed for `text`, one string per sentence:
/// eSpeak NG IPA with Piper's clause punctuation, or the text itself for `text` voices.
pub fn phonemize(config: &VoiceConfig, text: &str) -> Result<Vec<String>, Error> {
    let text: String = text.chars().filter(|&c| c != '\0').collect();
    if config.phoneme_type == "text" {
        return Ok(vec![text].into_iter().filter(|t| !t.is_empty()).collect());
    }
    let voice = &config.espeak.voice;
    let say = |t: &str| clauses::sentences(t, |clause| espeak::text_to_phonemes(clause, voice));
    if !text.contains("[[") {
        return say(&text);
    }
    // A lexicon's eSpeak phonemes (`[[,al@'bam@]]`) go in as IPA, as the voice takes
    // them: given to the phonemizer as text they would be spelled out letter by letter.
    let mut sentences: Vec<String> = Vec::new();
    // Whether the last sentence is still open (more of it may follow).
    let mut open = false;
    let join = |sentences: &mut Vec<String>, piece: String, open: bool| match sentences.last_mut() {
        Some(last) if open => {
            if !last.is_empty() && !last.ends_with(' ') {
                last.push(' ');
            }
            last.push_str(piece.trim_start());
        }
        _ => sentences.push(piece),
    };
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let (words, phonemes, next) = match rest.split_once("[[") {
            Some((words, tail)) => match tail.split_once("]]") {
                Some((ph, next)) => (words, Some(ph), next),
                None => (rest, None, ""),
            },
            None => (rest, None, ""),
        };
        for (i, said) in say(words)?.into_iter().enumerate() {
            join(&mut sentences, said, open && i == 0);
        }
        if !words.trim().is_empty() {
            open = !words.trim_end().ends_with(['.', '!', '?']);
        }
        if let Some(ph) = phonemes {
            let ipa = crate::speech::normalize::ipa::from_espeak(ph);
            join(&mut sentences, ipa, open);
            open = true;
        }
        rest = next;
    }
    sentences.retain(|s| !s.trim().is_empty());
    Ok(sentences)
}

/// Model input ids per sentence for `text`; needs eSpeak NG but not the model.
pub fn text_ids(config: &VoiceConfig, text: &str) -> Result<Vec<Vec<i64>>, Error> {
    Ok(phonemize(config, text)?
        .iter()
        .map(|s| config.ids(&config.phonemes(s)).0)
        .collect())
}

/// Everything that changes the sound: the model and config contents (by size and
/// hash), the scales, and the eSpeak NG that makes the phonemes.
fn fingerprint(model: &Path, config: &VoiceConfig, scales: [f32; 3]) -> Result<String, Error> {
    let json = std::fs::read(options::config_path(model))
        .map_err(|e| failed(format!("{}: {e}", model.display())))?;
    let size = std::fs::metadata(model)
        .map_err(|e| failed(format!("{}: {e}", model.display())))?
        .len();
    let hash = Sha256::digest(&json);
    let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    let espeak = match config.phoneme_type.as_str() {
        "espeak" => espeak::library_version().unwrap_or_default(),
        _ => String::new(),
    };
    Ok(format!(
        "piper model={} bytes={size} config={hex} scales={scales:?} espeak-ng={espeak} voice={}",
        stem(model),
        config.espeak.voice
    ))
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Voice for Piper {
    fn name(&self) -> String {
        format!("Piper {}", stem(&self.path))
    }

    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn sample_rate(&self) -> u32 {
        self.config.audio.sample_rate
    }

    /// Piper voices speak one language; `lang` does not change the voice.
    fn synthesize(&mut self, text: &str, _lang: &str) -> Result<Vec<i16>, Error> {
        let mut pcm = Vec::new();
        let sentences = clauses::limit_length(self.phonemes(text)?, clauses::MAX_PHONEMES);
        for sentence in sentences {
            let (ids, _unknown) = self.config.ids(&self.config.phonemes(&sentence));
            let audio = self.model.infer(ids, self.scales)?;
            pcm.extend(runtime::to_pcm(&audio));
        }
        Ok(pcm)
    }
}
