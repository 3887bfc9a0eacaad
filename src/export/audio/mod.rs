//! Narration audio: the whole article as one MP3 with chapters, one MP3 per chapter,
//! an `.m3u8` playlist and `narration.json` (the clip timeline for other tools).
//!
//! The MP3 frames come ready from [`crate::narration`]; this exporter only tags them.
//! The whole-article file is the chapter streams joined, not a second encoding.

mod playlist;
mod tags;

use super::{Context, Exporter, Format, Output};
use crate::error::Error;

/// Writes the narration files.
#[derive(Debug, Clone, Copy)]
pub struct Audio;

fn failed(message: String) -> Error {
    Error::Export {
        format: "audio",
        message,
    }
}

impl Exporter for Audio {
    fn format(&self) -> Format {
        Format::Audio
    }

    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let narration = ctx
            .narration
            .ok_or_else(|| failed("no narration was made before the audio export".into()))?;
        let total = narration.tracks.len() as u32;
        let mut outputs = Vec::with_capacity(narration.tracks.len() + 3);
        let mut whole = tags::whole(ctx.article, narration).map_err(failed)?;
        for (i, track) in narration.tracks.iter().enumerate() {
            whole.extend_from_slice(&track.mp3);
            let mut bytes =
                tags::section(ctx.article, track, i as u32 + 1, total).map_err(failed)?;
            bytes.extend_from_slice(&track.mp3);
            outputs.push(Output {
                name: track.file.clone(),
                bytes,
            });
        }
        outputs.insert(
            0,
            Output {
                name: format!("{}.mp3", ctx.slug),
                bytes: whole,
            },
        );
        outputs.push(Output {
            name: format!("{}.m3u8", ctx.slug),
            bytes: playlist::m3u8(&ctx.article.title, &narration.tracks).into_bytes(),
        });
        let mut json = serde_json::to_vec_pretty(narration).map_err(|e| failed(e.to_string()))?;
        json.push(b'\n');
        outputs.push(Output {
            name: "narration.json".into(),
            bytes: json,
        });
        Ok(outputs)
    }
}
