//! The M4B audiobook: the whole narration as AAC-LC in MP4, one chapter per section
//! (a QuickTime chapter track and a Nero `chpl` list), audiobook tags and a cover.
//!
//! It is encoded from the same levelled chapter PCM as the MP3s (the narration keeps it
//! when this format is asked for; see [`crate::narration::AudioOptions::keep_pcm`]),
//! laid out on the MP3's own timeline: each chapter starts where the MP3 decoder's
//! delay puts its audio and lasts as long as its MP3 frames, so chapter marks, the
//! EPUB's clip times and the MP3's chapters all agree.

mod cover;
mod ffmpeg;

use super::audio::chapter_times;
use super::{Context, Exporter, Output, SourceDate, base_name};
use crate::article::Article;
use crate::error::Error;
use crate::narration::{Narration, mp3};
use std::path::PathBuf;

/// How the M4B is encoded.
#[derive(Debug, Clone, PartialEq)]
pub struct M4bOptions {
    /// AAC bit rate in kbit/s (the `[audio] bitrate_kbps` of the MP3s; mono).
    pub bitrate_kbps: u32,
    /// The `ffmpeg` program that encodes and muxes (found on `PATH` by default).
    pub ffmpeg: PathBuf,
}

impl Default for M4bOptions {
    fn default() -> Self {
        M4bOptions {
            bitrate_kbps: 64,
            ffmpeg: PathBuf::from("ffmpeg"),
        }
    }
}

/// Writes `<title>.m4b`.
#[derive(Debug, Clone)]
pub struct M4b {
    options: M4bOptions,
}

impl M4b {
    /// An M4B exporter with these options.
    pub fn new(options: M4bOptions) -> Self {
        M4b { options }
    }
}

fn failed(message: impl std::fmt::Display) -> Error {
    Error::Export {
        format: "m4b",
        message: message.to_string(),
    }
}

impl Exporter for M4b {
    fn export(&self, ctx: &Context) -> Result<Vec<Output>, Error> {
        let narration = ctx
            .narration
            .ok_or_else(|| failed("no narration was made before the M4B export"))?;
        let pcm = book_pcm(narration).map_err(failed)?;
        let times = chapter_times(&narration.tracks).map_err(failed)?;
        let titles = narration.tracks.iter().map(|t| t.title.as_str());
        let chapters: Vec<(&str, u32, u32)> = titles
            .zip(times)
            .map(|(title, (start, end))| (title, start, end))
            .collect();
        let metadata = ffmetadata(ctx.article, ctx.date, &chapters);
        let cover = cover::png(ctx.article).map_err(failed)?;
        let job = ffmpeg::Job {
            pcm: &pcm,
            rate: narration.sample_rate,
            kbps: self.options.bitrate_kbps,
            metadata: &metadata,
            cover: &cover,
        };
        let bytes = ffmpeg::encode(&self.options.ffmpeg, &job).map_err(failed)?;
        Ok(vec![Output::new(
            format!("{}.m4b", base_name(ctx.article)),
            bytes,
        )])
    }
}

/// The whole book's PCM on the MP3's timeline, as pieces of the chapters' own samples
/// (not copied): per chapter, the decoder delay's silence, the levelled PCM, then
/// silence to the length of its MP3 frames.
fn book_pcm(narration: &Narration) -> Result<Vec<ffmpeg::Piece<'_>>, String> {
    let mut pieces = Vec::new();
    for track in &narration.tracks {
        let samples = track.pcm.as_deref().ok_or_else(|| {
            format!(
                "chapter {} has no levelled audio kept for the M4B",
                track.chapter
            )
        })?;
        let length = mp3::frames(&track.mp3)
            .map_err(|e| e.to_string())?
            .samples();
        let lead = mp3::DECODER_DELAY.min(length);
        let kept = samples.len().min(length - lead);
        pieces.push(ffmpeg::Piece::Silence(lead));
        pieces.push(ffmpeg::Piece::Samples(&samples[..kept]));
        pieces.push(ffmpeg::Piece::Silence(length - lead - kept));
    }
    Ok(pieces)
}

/// The year the book carries: the first plausible year in the article's date, else
/// the year of `SOURCE_DATE_EPOCH`.
fn year(article: &Article, date: &SourceDate) -> Option<String> {
    let from_article = article.date.as_deref().and_then(|d| {
        d.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 4 && (w.starts_with('1') || w.starts_with('2')))
            .map(str::to_string)
    });
    from_article.or_else(|| date.seconds().map(|s| super::date::civil(s).0.to_string()))
}

/// ffmpeg's metadata file: the tags, then one `[CHAPTER]` per `(title, start, end)`
/// in milliseconds.
fn ffmetadata(article: &Article, date: &SourceDate, chapters: &[(&str, u32, u32)]) -> String {
    let mut out = String::from(";FFMETADATA1\n");
    let mut tag = |key: &str, value: &str| {
        out.push_str(key);
        out.push('=');
        out.push_str(&escape(value));
        out.push('\n');
    };
    tag("title", &article.title);
    tag("album", &article.title);
    if let Some(by) = &article.byline {
        tag("artist", by);
        tag("album_artist", by);
    }
    tag("genre", "Audiobook");
    // iTunes media kind 2: an audiobook (Apple Books files it under Audiobooks).
    tag("media_type", "2");
    if let Some(y) = year(article, date) {
        tag("date", &y);
    }
    tag("language", &article.lang);
    for (title, start, end) in chapters {
        out.push_str(&format!(
            "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART={start}\nEND={end}\ntitle={}\n",
            escape(title)
        ));
    }
    out
}

/// ffmetadata escapes `=`, `;`, `#`, `\` and line breaks with a backslash.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '=' | ';' | '#' | '\\' | '\n') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
