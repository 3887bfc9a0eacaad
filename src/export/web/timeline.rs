//! The timeline the page's script reads: one entry per narrated chapter, with the
//! audio file and every clip's id, start and end (seconds, as the EPUB's overlays).

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
    /// `[id, start, end]` per clip, in reading order: compact, since a long article
    /// has thousands.
    pub clips: Vec<(&'a str, f64, f64)>,
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
                .map(|c| (c.id.as_str(), round(c.start), round(c.end)))
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
