//! A Piper voice's `.onnx.json`: sample rate, eSpeak voice, default scales and the
//! table that turns phonemes into the model's input ids.

use serde::Deserialize;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Padding id written after every phoneme.
const PAD: &str = "_";
/// Beginning of sentence.
const BOS: &str = "^";
/// End of sentence.
const EOS: &str = "$";

/// Why a voice config cannot drive the model.
#[derive(Debug, thiserror::Error)]
pub enum VoiceConfigError {
    /// Not JSON of the expected shape.
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A phoneme type altformat cannot produce.
    #[error("phoneme_type {0:?} is not supported (only \"espeak\" and \"text\" voices)")]
    PhonemeType(String),
    /// A symbol every sentence needs (padding, start, end) has no id.
    #[error("phoneme_id_map has no id for {0:?}")]
    MissingId(&'static str),
    /// The sample rate is 0.
    #[error("audio.sample_rate is 0")]
    NoSampleRate,
}

/// The parts of a Piper voice config altformat uses. Other keys (dataset, language,
/// piper_version...) are allowed and ignored: voices in the wild carry many.
#[derive(Debug, Clone, Deserialize)]
pub struct VoiceConfig {
    /// Output audio format.
    pub audio: AudioConfig,
    /// Which eSpeak NG voice makes the phonemes.
    #[serde(default)]
    pub espeak: EspeakConfig,
    /// The voice's default synthesis scales.
    #[serde(default)]
    pub inference: Scales,
    /// How text becomes phonemes: `espeak` (IPA from eSpeak NG) or `text` (characters).
    #[serde(default = "default_phoneme_type")]
    pub phoneme_type: String,
    /// Phoneme (one or more characters) to model input ids.
    pub phoneme_id_map: BTreeMap<String, Vec<i64>>,
    /// Speakers in a multi-speaker model (1 for most voices).
    #[serde(default = "one")]
    pub num_speakers: u32,
    /// Speaker used when the model has several.
    #[serde(default)]
    pub default_speaker_id: i64,
    /// Runs of single-character phonemes merged into one (e.g. `a`, `ɪ` -> `aɪ`).
    #[serde(default)]
    pub vowel_clusters: Vec<Vec<String>>,
}

/// The `audio` object.
#[derive(Debug, Clone, Deserialize)]
pub struct AudioConfig {
    /// Samples per second of the model's output.
    pub sample_rate: u32,
    /// Quality tier named by the voice (`x_low`, `low`, `medium`, `high`).
    #[serde(default)]
    pub quality: Option<String>,
}

/// The `espeak` object.
#[derive(Debug, Clone, Deserialize)]
pub struct EspeakConfig {
    /// eSpeak NG voice name, e.g. `en-us`.
    pub voice: String,
}

impl Default for EspeakConfig {
    fn default() -> Self {
        EspeakConfig {
            voice: "en-us".into(),
        }
    }
}

/// The `inference` object: VITS noise and speed scales.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default)]
pub struct Scales {
    /// Generator noise (variety of the voice).
    pub noise_scale: f32,
    /// Phoneme length: above 1 is slower, below 1 faster.
    pub length_scale: f32,
    /// Phoneme width noise (variety of the rhythm).
    pub noise_w: f32,
}

impl Default for Scales {
    /// Piper's defaults for voices that do not name their own.
    fn default() -> Self {
        Scales {
            noise_scale: 0.667,
            length_scale: 1.0,
            noise_w: 0.8,
        }
    }
}

fn default_phoneme_type() -> String {
    "espeak".into()
}

fn one() -> u32 {
    1
}

impl VoiceConfig {
    /// Parse a voice config and check it can drive the model.
    pub fn parse(json: &str) -> Result<VoiceConfig, VoiceConfigError> {
        let config: VoiceConfig = serde_json::from_str(json)?;
        if !matches!(config.phoneme_type.as_str(), "espeak" | "text") {
            return Err(VoiceConfigError::PhonemeType(config.phoneme_type));
        }
        for key in [PAD, BOS, EOS] {
            if config.phoneme_id_map.get(key).is_none_or(Vec::is_empty) {
                return Err(VoiceConfigError::MissingId(key));
            }
        }
        if config.audio.sample_rate == 0 {
            return Err(VoiceConfigError::NoSampleRate);
        }
        Ok(config)
    }

    /// Split phoneme text into the model's phonemes the way Piper does: decomposed
    /// (NFD) code points, one phoneme each, then known vowel clusters merged.
    pub fn phonemes(&self, text: &str) -> Vec<String> {
        let chars: Vec<String> = text.nfd().map(String::from).collect();
        if self.vowel_clusters.is_empty() {
            return chars;
        }
        let longest = self.vowel_clusters.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            // Longest cluster first, as Piper does; clusters have at least two members.
            let found = (2..=longest.min(chars.len() - i))
                .rev()
                .find(|&n| self.vowel_clusters.iter().any(|c| c[..] == chars[i..i + n]));
            let n = found.unwrap_or(1);
            out.push(chars[i..i + n].concat());
            i += n;
        }
        out
    }

    /// Model input ids for one sentence of phonemes: BOS, PAD, then every phoneme's ids
    /// followed by PAD, then EOS. Phonemes the voice does not know are skipped (Piper
    /// does the same) and returned so the caller can report them.
    pub fn ids(&self, phonemes: &[String]) -> (Vec<i64>, Vec<String>) {
        let map = &self.phoneme_id_map;
        let pad = &map[PAD];
        let mut ids = Vec::with_capacity(phonemes.len() * 2 + 3);
        let mut unknown = Vec::new();
        ids.extend_from_slice(&map[BOS]);
        ids.extend_from_slice(pad);
        for p in phonemes {
            match map.get(p) {
                Some(found) => {
                    ids.extend_from_slice(found);
                    ids.extend_from_slice(pad);
                }
                None => unknown.push(p.clone()),
            }
        }
        ids.extend_from_slice(&map[EOS]);
        (ids, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{
        "audio": {"sample_rate": 16000},
        "espeak": {"voice": "de"},
        "inference": {"noise_scale": 0.5, "length_scale": 1.2, "noise_w": 0.7},
        "phoneme_type": "espeak",
        "phoneme_id_map": {"_": [0], "^": [1], "$": [2], " ": [3], "a": [14],
                           "ɪ": [74], "aɪ": [161], "ˈ": [120], "̃": [141]},
        "dataset": "ignored", "language": {"code": "de_DE"}
    }"#;

    #[test]
    fn parses_the_fields_piper_uses() {
        let c = VoiceConfig::parse(SMALL).unwrap();
        assert_eq!(c.audio.sample_rate, 16000);
        assert_eq!(c.espeak.voice, "de");
        assert_eq!(
            c.inference,
            Scales {
                noise_scale: 0.5,
                length_scale: 1.2,
                noise_w: 0.7
            }
        );
        assert_eq!(c.num_speakers, 1);
    }

    #[test]
    fn missing_scales_take_piper_defaults() {
        let c = VoiceConfig::parse(
            r#"{"audio": {"sample_rate": 22050}, "phoneme_id_map": {"_": [0], "^": [1], "$": [2]}}"#,
        )
        .unwrap();
        assert_eq!(c.inference, Scales::default());
        assert_eq!(c.espeak.voice, "en-us");
        assert_eq!(c.phoneme_type, "espeak");
    }

    #[test]
    fn bad_configs_say_why() {
        let no_eos = r#"{"audio": {"sample_rate": 22050}, "phoneme_id_map": {"_": [0], "^": [1]}}"#;
        assert!(
            VoiceConfig::parse(no_eos)
                .unwrap_err()
                .to_string()
                .contains("\"$\"")
        );
        let pinyin = SMALL.replace(
            "\"phoneme_type\": \"espeak\"",
            "\"phoneme_type\": \"pinyin\"",
        );
        assert!(
            VoiceConfig::parse(&pinyin)
                .unwrap_err()
                .to_string()
                .contains("pinyin")
        );
        assert!(VoiceConfig::parse("{").is_err());
        assert!(
            VoiceConfig::parse(r#"{"audio": {}}"#)
                .unwrap_err()
                .to_string()
                .contains("sample_rate")
        );
    }

    #[test]
    fn ids_are_bos_pad_then_phoneme_pad_pairs_then_eos() {
        let c = VoiceConfig::parse(SMALL).unwrap();
        let (ids, unknown) = c.ids(&c.phonemes("ˈa a"));
        assert_eq!(ids, [1, 0, 120, 0, 14, 0, 3, 0, 14, 0, 2]);
        assert!(unknown.is_empty());
        let (ids, unknown) = c.ids(&c.phonemes("aX"));
        assert_eq!(ids, [1, 0, 14, 0, 2]);
        assert_eq!(unknown, ["X"]);
        assert_eq!(c.ids(&[]).0, [1, 0, 2]);
    }

    #[test]
    fn phonemes_are_decomposed_code_points() {
        let c = VoiceConfig::parse(SMALL).unwrap();
        // "ã" is one precomposed character; Piper feeds "a" and the combining tilde.
        assert_eq!(c.phonemes("ã"), ["a", "\u{303}"]);
        assert_eq!(c.ids(&c.phonemes("ã")).0, [1, 0, 14, 0, 141, 0, 2]);
    }

    #[test]
    fn vowel_clusters_merge_longest_first() {
        let mut c = VoiceConfig::parse(SMALL).unwrap();
        c.vowel_clusters = vec![vec!["a".into(), "ɪ".into()]];
        assert_eq!(c.phonemes("aɪa"), ["aɪ", "a"]);
        assert_eq!(c.ids(&c.phonemes("aɪ")).0, [1, 0, 161, 0, 2]);
    }
}
