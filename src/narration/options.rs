//! `[audio]`: how narration is voiced, levelled, encoded and cached.

use crate::error::ConfigError;
use crate::voice::Engine;
use serde::Deserialize;
use std::path::PathBuf;

/// The `[audio]` table. Every key is optional; unknown keys are rejected.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AudioOptions {
    /// The voice engine: `espeak` (default, eSpeak NG) or `piper` (a neural Piper voice,
    /// configured in `[piper]`).
    pub engine: Engine,
    /// MP3 bit rate in kbit/s (8-320, one of the MP3 rates); mono.
    pub bitrate_kbps: u32,
    /// eSpeak NG voice name (see `espeak-ng --voices`); default from the article language.
    pub voice: Option<String>,
    /// eSpeak NG voice variant such as `f3` or `m2`.
    pub variant: Option<String>,
    /// Speaking rate in words per minute (80-450).
    pub rate: u32,
    /// Base pitch, 0-100 (50 is normal).
    pub pitch: u32,
    /// Integrated loudness to aim for, LUFS (-40 to -10; spoken word: about -18).
    pub loudness_lufs: f64,
    /// Highest true peak allowed after levelling, dBTP (-20 to 0).
    pub true_peak_db: f64,
    /// Keep synthesised sentences in a cache so re-runs only say what changed.
    pub cache: bool,
    /// The cache folder (default: `$XDG_CACHE_HOME/altformat` or `~/.cache/altformat`).
    pub cache_dir: Option<PathBuf>,
    /// Size limit of the cache in MB (0-10000000; 0 keeps nothing after the run); the
    /// least recently used sentences go first.
    pub cache_limit_mb: u64,
    /// Not a key of `[audio]`: set by the caller when an output encodes the levelled
    /// chapter audio itself (the M4B), so each [`super::Track`] keeps its PCM.
    #[serde(skip)]
    pub keep_pcm: bool,
}

impl Default for AudioOptions {
    fn default() -> Self {
        AudioOptions {
            engine: Engine::Espeak,
            bitrate_kbps: 64,
            voice: None,
            variant: None,
            rate: 175,
            pitch: 50,
            loudness_lufs: -18.0,
            true_peak_db: -3.0,
            cache: true,
            cache_dir: None,
            cache_limit_mb: 500,
            keep_pcm: false,
        }
    }
}

impl AudioOptions {
    /// Check every setting against its documented range (NaN and infinities fail).
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !super::mp3::BITRATES.contains(&self.bitrate_kbps) {
            return Err(ConfigError::invalid(
                "audio.bitrate_kbps",
                format!(
                    "must be one of the MP3 rates {:?} (got {})",
                    super::mp3::BITRATES,
                    self.bitrate_kbps
                ),
            ));
        }
        ConfigError::check_range("audio.rate", self.rate, 80, 450)?;
        ConfigError::check_range("audio.pitch", self.pitch, 0, 100)?;
        ConfigError::check_range("audio.loudness_lufs", self.loudness_lufs, -40.0, -10.0)?;
        ConfigError::check_range("audio.true_peak_db", self.true_peak_db, -20.0, 0.0)?;
        ConfigError::check_range("audio.cache_limit_mb", self.cache_limit_mb, 0, 10_000_000)
    }

    /// The eSpeak NG settings these options ask for.
    pub fn espeak(&self) -> crate::voice::espeak::EspeakSettings {
        crate::voice::espeak::EspeakSettings {
            voice: self.voice.clone(),
            variant: self.variant.clone(),
            rate: self.rate,
            pitch: self.pitch,
        }
    }
}
