//! Narration: the speech script turned into audio, with an exact timeline.
//!
//! The audio exporter writes these tracks as files; the EPUB exporter uses the same
//! tracks and clip times for its Media Overlays.

use serde::Serialize;

/// Where one utterance sits in its chapter's track, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clip {
    /// The utterance id from the speech script.
    pub id: String,
    /// Start, seconds from the start of the track.
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
    /// The voice, as a person would name it (e.g. `eSpeak NG en-gb`).
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
