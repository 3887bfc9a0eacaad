//! The timeline the page's script reads: one entry per narrated chapter, with the
//! audio file and every clip's id, start and end (seconds, as the EPUB's overlays),
//! and the start of each of its words when the narration timed them.

use crate::narration::Narration;
use serde::Serialize;

/// One chapter of the timeline.
#[derive(Debug, Serialize)]
pub struct Chapter<'a> {
    /// The chapter id (`opening` or the section id; the element that holds it).
    pub id: &'a str,
    /// The chapter's title, for the player's labels.
    pub title: &'a str,
    /// The audio file, relative to `index.html`.
    pub audio: String,
    /// Length in seconds.
    pub duration: f64,
    /// One entry per clip, in reading order: compact, since a long article has
    /// thousands.
    pub clips: Vec<Clip<'a>>,
}

/// A clip of the timeline, written as a JSON array.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Clip<'a> {
    /// `[id, start, end]`: a sentence without word times.
    Sentence(&'a str, f64, f64),
    /// `[id, start, end, [word starts]]`: word `n` (from 0) is the element
    /// `<id>-w<n + 1>` and lasts until the next word's start (the last, the clip's end).
    Words(&'a str, f64, f64, Vec<f64>),
}

/// Audio file of a track, relative to `index.html`.
pub fn audio_path(file: &str) -> String {
    format!("audio/{file}")
}

/// The chapters of `narration` that have clips.
pub fn chapters(narration: &Narration) -> Vec<Chapter<'_>> {
    narration
        .tracks
        .iter()
        .filter(|t| !t.clips.is_empty())
        .map(|t| Chapter {
            id: &t.chapter,
            title: &t.title,
            audio: audio_path(&t.file),
            duration: round(t.duration),
            clips: t
                .clips
                .iter()
                .map(|c| match c.words.is_empty() {
                    true => Clip::Sentence(&c.id, round(c.start), round(c.end)),
                    false => Clip::Words(
                        &c.id,
                        round(c.start),
                        round(c.end),
                        c.words.iter().map(|w| round(w.start)).collect(),
                    ),
                })
                .collect(),
        })
        .collect()
}

/// Milliseconds are precise enough to follow speech, and keep the page small.
fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

/// The timeline as JSON safe inside a `<script>` element: `<` is escaped so no text
/// of the article can close the element.
pub fn json(chapters: &[Chapter]) -> String {
    serde_json::to_string(chapters)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c")
}
