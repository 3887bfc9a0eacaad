//! Narration: the speech script turned into audio, with an exact timeline.
//!
//! The audio exporter writes these tracks as files; the EPUB exporter uses the same
//! tracks and clip times for its Media Overlays.
//!
//! [`narrate`] says every utterance of a [`Script`] separately (through the sentence
//! [`cache::Cache`]), joins them with their pauses into one track per chapter, levels
//! the loudness of the whole article with one gain, and encodes the chapters to MP3 in
//! parallel.

pub mod cache;
mod limiter;
pub mod loudness;
pub mod mp3;
mod options;
pub mod timeline;

pub use options::{AudioOptions, Engine};

use crate::error::Error;
use crate::speech::engine::Voice;
use crate::speech::engine::espeak::Espeak;
use crate::speech::engine::piper::{Piper, PiperOptions};
use crate::speech::script::Script;
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
    /// The encoded MP3 (not serialised into `narration.json`).
    #[serde(skip)]
    pub mp3: Vec<u8>,
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

/// Narrate `script` with `voice`: synthesis on this thread (engines hold global
/// state), MP3 encoding of the chapters in parallel; `said` is called after each
/// utterance, for progress display. Problems that do not stop the
/// narration (the cache could not be written) are added to `warnings`.
pub fn narrate(
    script: &Script,
    voice: &mut dyn Voice,
    opts: &AudioOptions,
    cache: Option<&cache::Cache>,
    warnings: &mut Vec<String>,
    said: &dyn Fn(),
) -> Result<Narration, Error> {
    let rate = voice.sample_rate();
    let fingerprint = voice.fingerprint();
    let mut chapters = Vec::with_capacity(script.chapters.len());
    for chapter in &script.chapters {
        let mut pcms = Vec::with_capacity(chapter.utterances.len());
        for u in &chapter.utterances {
            pcms.push(say(
                voice,
                cache,
                &fingerprint,
                &u.spoken,
                &script.lang,
                warnings,
            )?);
            said();
        }
        let parts: Vec<timeline::Part> = chapter
            .utterances
            .iter()
            .zip(&pcms)
            .map(|(u, pcm)| timeline::Part {
                id: &u.id,
                pcm,
                pause_ms: u.pause_after_ms,
            })
            .collect();
        chapters.push(timeline::assemble(&parts, rate, mp3::DECODER_DELAY));
    }
    if let Some(c) = cache
        && let Err(e) = c.prune()
    {
        warnings.push(format!("could not prune the sentence cache: {e}"));
    }
    let mut pcm: Vec<Vec<i16>> = chapters
        .iter_mut()
        .map(|c| std::mem::take(&mut c.samples))
        .collect();
    loudness::level(&mut pcm, rate, opts.loudness_lufs, opts.true_peak_db)
        .map_err(|message| audio_error(format!("loudness levelling: {message}")))?;
    let width = script.chapters.len().to_string().len().max(2);
    use rayon::prelude::*;
    let tracks = chapters
        .into_par_iter()
        .zip(pcm)
        .zip(script.chapters.par_iter())
        .enumerate()
        .map(|(i, ((assembled, samples), chapter))| {
            let mp3 = mp3::encode(&samples, rate, opts.bitrate_kbps).map_err(audio_error)?;
            let frames = mp3::frames(&mp3).map_err(audio_error)?;
            Ok(Track {
                chapter: chapter.id.clone(),
                title: chapter.title.clone(),
                file: format!("{:0width$}-{}.mp3", i + 1, chapter.id),
                duration: frames.seconds(),
                clips: assembled.clips,
                mp3,
            })
        })
        .collect::<Result<Vec<Track>, Error>>()?;
    Ok(Narration {
        voice: voice.name(),
        sample_rate: rate,
        tracks,
    })
}

/// One utterance's PCM, from the cache when it is there.
fn say(
    voice: &mut dyn Voice,
    cache: Option<&cache::Cache>,
    fingerprint: &str,
    text: &str,
    lang: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<i16>, Error> {
    let key = cache::Cache::key(fingerprint, text);
    if let Some(pcm) = cache.and_then(|c| c.get(&key)) {
        return Ok(pcm);
    }
    let pcm = voice.synthesize(text, lang)?;
    if let Some(c) = cache
        && let Err(e) = c.put(&key, &pcm)
    {
        // One warning is enough: the cause is the same for every sentence.
        const NOT_WRITTEN: &str = "sentence cache not written";
        if !warnings.iter().any(|w| w.starts_with(NOT_WRITTEN)) {
            warnings.push(format!("{NOT_WRITTEN}: {e}"));
        }
    }
    Ok(pcm)
}

fn audio_error(message: String) -> Error {
    Error::Export {
        format: "audio",
        message,
    }
}

/// Narrate a script with the engine the `[audio]` options choose (eSpeak NG by default,
/// or Piper with the `[piper]` options), using the sentence cache unless it is turned
/// off or has no folder. Returns the narration and the warnings for the user.
pub fn prepare(
    script: &Script,
    opts: &AudioOptions,
    piper: &PiperOptions,
    said: &dyn Fn(),
) -> Result<(Narration, Vec<String>), Error> {
    let mut voice: Box<dyn Voice> = match opts.engine {
        Engine::Espeak => Box::new(Espeak::new(opts.espeak(), &script.lang)?),
        Engine::Piper => Box::new(Piper::open(piper)?),
    };
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
    let narration = narrate(
        script,
        voice.as_mut(),
        opts,
        cache.as_ref(),
        &mut warnings,
        said,
    )?;
    Ok((narration, warnings))
}

#[cfg(test)]
mod tests;
