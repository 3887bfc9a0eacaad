//! Narration audio: the whole article as one MP3 with chapters, one MP3 per chapter,
//! an `.m3u8` playlist and `narration.json` (the clip timeline for other tools).
//!
//! The MP3 frames come ready from [`crate::narration`]; this exporter only tags them.
//! The whole-article file is the chapter streams joined, not a second encoding.

mod playlist;
mod tags;

pub use tags::chapter_times;

use super::base_name;
use super::{Context, Exporter, Output};
use crate::error::Error;

/// Writes the narration files.
#[derive(Debug, Clone, Copy)]
pub struct Audio;

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Export {
        format: "audio",
        message: message.to_string(),
    }
}

impl Exporter for Audio {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let narration = ctx
            .narration
            .ok_or_else(|| failed("no narration was made before the audio export"))?;
        let base = base_name(ctx.article);
        let total = narration.tracks.len() as u32;
        let mut outputs = Vec::with_capacity(narration.tracks.len() + 3);
        // The chapters' MP3 streams are shared by the whole-article file and the
        // chapter files (and the EPUB), not copied: each file is its tag and pieces.
        let mut whole = vec![tags::whole(ctx.article, narration).map_err(failed)?.into()];
        for (i, track) in narration.tracks.iter().enumerate() {
            whole.push(track.mp3.clone());
            let tag = tags::section(ctx.article, track, i as u32 + 1, total).map_err(failed)?;
            outputs.push(Output::joined(
                track.file.clone(),
                vec![tag.into(), track.mp3.clone()],
            ));
        }
        outputs.insert(0, Output::joined(format!("{base}.mp3"), whole));
        let playlist = playlist::m3u8(&ctx.article.title, &narration.tracks);
        outputs.push(Output::new(format!("{base}.m3u8"), playlist.into_bytes()));
        let mut json = serde_json::to_vec_pretty(narration).map_err(failed)?;
        json.push(b'\n');
        outputs.push(Output::new("narration.json", json));
        Ok(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::narration::{Narration, Track, mp3};

    #[test]
    fn files_and_whole_file_is_tag_plus_joined_tracks() {
        let article: Article = serde_json::from_str(r#"{"title":"A Title","lang":"en"}"#).unwrap();
        let track = |id: &str, n: usize| Track {
            chapter: id.into(),
            title: id.to_uppercase(),
            file: format!("{id}.mp3"),
            duration: 1.0,
            clips: Vec::new(),
            mp3: mp3::encode(&vec![0i16; n], 22050, 64).unwrap().into(),
            pcm: None,
        };
        let narration = Narration {
            voice: "v".into(),
            sample_rate: 22050,
            tracks: vec![track("01-opening", 22050), track("02-next", 11025)],
        };
        let ctx = Context {
            article: &article,
            script: None,
            narration: Some(&narration),
            date: &Default::default(),
        };
        let out = Audio.export(&ctx).unwrap();
        let names: Vec<&str> = out.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "a-title.mp3",
                "01-opening.mp3",
                "02-next.mp3",
                "a-title.m3u8",
                "narration.json"
            ]
        );
        let joined = [
            narration.tracks[0].mp3.clone(),
            narration.tracks[1].mp3.clone(),
        ]
        .concat();
        assert!(
            out[0].to_vec().ends_with(&joined),
            "whole file = tag + tracks, not re-encoded"
        );
        assert!(out[0].to_vec().starts_with(b"ID3\x04"));
        assert!(out[1].to_vec().ends_with(&narration.tracks[0].mp3));
        let ctx = Context {
            narration: None,
            ..ctx
        };
        assert!(Audio.export(&ctx).is_err());
    }
}
