//! Captions: WebVTT (`.vtt`) and SubRip (`.srt`) files for the narration, one cue per
//! utterance (the title, headings and every sentence) with its text as displayed.
//!
//! Each track gets `NN-<chapter>.vtt` and `.srt` beside its MP3 (the same stem), and the
//! whole article `<title>.vtt` and `.srt` for `<title>.mp3`. The whole-article MP3 is
//! the track streams joined with no gap, so a track's cues move by where the track
//! starts in it: the start its ID3 chapter frame gives (the same
//! [`chapter_times`](crate::export::audio::chapter_times), counted from the MP3 frames),
//! so captions and chapter marks agree to the millisecond.

mod cue;
mod text;

#[cfg(test)]
mod tests;

use super::audio::chapter_times;
use super::epub::smil::millis;
use super::{Context, Exporter, Output, base_name};
use crate::error::Error;
use cue::Cue;
use std::collections::HashMap;

/// Writes the caption files. There is nothing to choose: the line width and lines per
/// cue are the usual caption rules ([`cue`]).
#[derive(Debug, Clone, Copy)]
pub struct Captions;

fn failed(message: String) -> Error {
    Error::Export {
        format: "captions",
        message,
    }
}

impl Exporter for Captions {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let script = ctx
            .script
            .ok_or_else(|| failed("no speech script was made before the captions".into()))?;
        let narration = ctx
            .narration
            .ok_or_else(|| failed("the captions need narration, and none was made".into()))?;
        let display: HashMap<&str, &str> = script
            .utterances()
            .map(|u| (u.id.as_str(), u.display.as_str()))
            .collect();
        let lookup = |id: &str| display.get(id).copied();
        let times = chapter_times(&narration.tracks).map_err(|e| failed(e.to_string()))?;
        let mut outputs = Vec::with_capacity(2 * narration.tracks.len() + 2);
        let mut whole = Vec::new();
        for (track, &(start, _)) in narration.tracks.iter().zip(&times) {
            let cues = cue::track(track, &lookup).map_err(failed)?;
            let stem = track.file.strip_suffix(".mp3").unwrap_or(&track.file);
            outputs.extend(files(stem, &cues));
            whole.extend(cues.iter().map(|c| c.later(u64::from(start))));
        }
        let base = base_name(ctx.article);
        // As each track's cues were checked against its rounded length.
        let end = narration.tracks.last().zip(times.last());
        let end = end.map_or(0, |(t, &(start, _))| u64::from(start) + millis(t.duration));
        cue::check(&whole, end, &format!("{base}.mp3")).map_err(failed)?;
        outputs.splice(0..0, files(&base, &whole));
        Ok(outputs)
    }
}

/// `<stem>.vtt` and `<stem>.srt` with these cues.
fn files(stem: &str, cues: &[Cue]) -> [Output; 2] {
    [
        Output::new(format!("{stem}.vtt"), text::webvtt(cues).into_bytes()),
        Output::new(format!("{stem}.srt"), text::subrip(cues).into_bytes()),
    ]
}
