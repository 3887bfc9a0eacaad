//! Narration: the speech script turned into audio, with an exact timeline.
//!
//! The audio exporter writes these tracks as files; the EPUB exporter uses the same
//! tracks and clip times for its Media Overlays.
//!
//! [`narrate`] says every utterance of a [`Script`] separately (through the sentence
//! [`cache::Cache`]), joins them with their pauses into one track per chapter, brings
//! each chapter to the target loudness (as ACX measures each file) and encodes it to
//! MP3 while the voice goes on with the next chapter; see [`pipeline`].

pub mod cache;
pub mod chapters;
mod limiter;
pub mod loudness;
pub mod mp3;
mod options;
mod pipeline;
pub mod timeline;
pub mod words;

pub use options::AudioOptions;
pub use words::Word;

use crate::error::Error;
use crate::speech::script::Script;
use crate::voice::espeak::Espeak;
use crate::voice::piper::{Piper, PiperOptions};
use crate::voice::{Engine, Voice};
use serde::Serialize;

/// Where one utterance sits in its chapter's track, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clip {
    /// The utterance id from the speech script.
    pub id: String,
    /// Start, seconds from the start of the track as players decode it (the MP3
    /// codec delay, [`mp3::DECODER_DELAY`], is included).
    pub start: f64,
    /// End, seconds from the start of the track (before the pause that follows).
    pub end: f64,
    /// Each displayed word's time, when the voice reports word places (eSpeak NG
    /// does); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
}

/// One chapter's audio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Track {
    /// The chapter id (`opening` or a section id).
    pub chapter: String,
    /// The chapter title.
    pub title: String,
    /// File name of this chapter's MP3 (e.g. `01-opening.mp3`).
    pub file: String,
    /// Length of the track in seconds.
    pub duration: f64,
    /// Every utterance's place in the track.
    pub clips: Vec<Clip>,
    /// The encoded MP3 (not serialised into `narration.json`), shared by the files
    /// that contain it.
    #[serde(skip)]
    pub mp3: std::sync::Arc<[u8]>,
    /// The levelled PCM the MP3 was encoded from, when [`AudioOptions::keep_pcm`]
    /// asked for it (not serialised). It starts where the decoded MP3's audio starts,
    /// [`mp3::DECODER_DELAY`] samples into the track.
    #[serde(skip)]
    pub pcm: Option<std::sync::Arc<[i16]>>,
}

/// The narration of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Narration {
    /// The voice, as a person would name it (e.g. `eSpeak NG en`).
    pub voice: String,
    /// Sample rate of the audio.
    pub sample_rate: u32,
    /// One track per chapter, in order.
    pub tracks: Vec<Track>,
}

impl Narration {
    /// Total length in seconds.
    pub fn duration(&self) -> f64 {
        self.tracks.iter().map(|t| t.duration).sum()
    }
}

/// Narrate `script` with `voices`: each voice on its own thread saying utterances in
/// turn (eSpeak NG holds global state, so it gets one; Piper may get one per core),
/// each chapter levelled and encoded to MP3 on other threads as soon as it is complete.
/// `said` is called after each utterance, for progress display. Problems that do not
/// stop the narration (the cache could not be written) are added to `warnings`.
pub fn narrate_with(
    script: &Script,
    voices: &mut [&mut dyn Voice],
    opts: &AudioOptions,
    cache: Option<&cache::Cache>,
    warnings: &mut Vec<String>,
    said: &(dyn Fn() + Sync),
) -> Result<Narration, Error> {
    let Some(first) = voices.first() else {
        return Err(narration_error("no voice to narrate with"));
    };
    let (name, rate) = (first.name(), first.sample_rate());
    let shared_warnings = std::sync::Mutex::new(std::mem::take(warnings));
    let tracks = pipeline::run(script, voices, opts, cache, &shared_warnings, said);
    *warnings = shared_warnings.into_inner().unwrap_or_default();
    let tracks = tracks?;
    if let Some(c) = cache
        && let Err(e) = c.prune()
    {
        warnings.push(format!("could not prune the sentence cache: {e}"));
    }
    Ok(Narration {
        voice: name,
        sample_rate: rate,
        tracks,
    })
}

fn narration_error(message: impl std::fmt::Display) -> Error {
    Error::Narration {
        message: message.to_string(),
    }
}

/// Narrate a script with the engine the `[audio]` options choose (eSpeak NG by default,
/// or Piper with the `[piper]` options), using the sentence cache unless it is turned
/// off or has no folder. Returns the narration and the warnings for the user.
pub fn narrate(
    script: &Script,
    opts: &AudioOptions,
    piper: &PiperOptions,
    said: &(dyn Fn() + Sync),
) -> Result<(Narration, Vec<String>), Error> {
    let mut boxes: Vec<Box<dyn Voice>> = match opts.engine {
        Engine::Espeak => vec![Box::new(Espeak::new(opts.espeak(), &script.lang)?)],
        Engine::Piper => Piper::open_copies(piper)?
            .into_iter()
            .map(|p| Box::new(p) as Box<dyn Voice>)
            .collect(),
    };
    let mut voices: Vec<&mut dyn Voice> = boxes
        .iter_mut()
        .map(|v| &mut **v as &mut dyn Voice)
        .collect();
    let dir = opts.cache_dir.clone().or_else(cache::default_dir);
    let mut warnings = Vec::new();
    let cache = match dir {
        Some(dir) if opts.cache => {
            match cache::Cache::open(&dir, opts.cache_limit_mb * 1_000_000) {
                Ok(c) => Some(c),
                Err(e) => {
                    warnings.push(format!("sentence cache not used: {e}"));
                    None
                }
            }
        }
        _ => None,
    };
    let narration = narrate_with(
        script,
        &mut voices,
        opts,
        cache.as_ref(),
        &mut warnings,
        said,
    )?;
    Ok((narration, warnings))
}

#[cfg(test)]
mod tests;
