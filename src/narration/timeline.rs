//! Joining utterances and pauses into one chapter track, with exact clip times.

use super::Clip;
use super::words::{self, TimedWord};

/// One utterance's audio and the silence after it.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    /// The utterance id.
    pub id: &'a str,
    /// Its PCM, given up to the chapter's track as it is joined.
    pub pcm: Vec<i16>,
    /// Its displayed text.
    pub display: &'a str,
    /// The times of its displayed words within `pcm` (empty when the voice gives none).
    pub words: Vec<TimedWord>,
    /// Silence after it, in milliseconds.
    pub pause_ms: u32,
}

/// A chapter's PCM and where each utterance sits in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assembled {
    /// The samples of the whole chapter.
    pub samples: Vec<i16>,
    /// One clip per part, in order.
    pub clips: Vec<Clip>,
}

/// Samples in `ms` milliseconds at `rate`, rounded to the nearest sample.
pub fn ms_to_samples(ms: u32, rate: u32) -> usize {
    ((u64::from(ms) * u64::from(rate) + 500) / 1000) as usize
}

/// Concatenate the parts with their pauses. Clip times come from sample counts, shifted
/// by `lead_samples` (where sample 0 lands in the decoded file, e.g. the MP3 delay).
/// Each part's PCM is freed once copied, so a chapter is not held twice.
pub fn assemble(parts: Vec<Part>, rate: u32, lead_samples: usize) -> Assembled {
    let total: usize = parts
        .iter()
        .map(|p| p.pcm.len() + ms_to_samples(p.pause_ms, rate))
        .sum();
    let mut samples = Vec::with_capacity(total);
    let mut clips = Vec::with_capacity(parts.len());
    let secs = |n: usize| (n + lead_samples) as f64 / f64::from(rate);
    for p in parts {
        let start = samples.len();
        samples.extend_from_slice(&p.pcm);
        drop(p.pcm);
        clips.push(Clip {
            id: p.id.to_string(),
            start: secs(start),
            end: secs(samples.len()),
            words: words::place(&p.words, p.display, start + lead_samples, rate),
        });
        samples.resize(samples.len() + ms_to_samples(p.pause_ms, rate), 0);
    }
    Assembled { samples, clips }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_follow_sample_counts_and_pauses() {
        let a = [1i16; 100];
        let b = [2i16; 50];
        let parts = [
            Part {
                id: "x",
                pcm: a.to_vec(),
                display: "",
                words: Vec::new(),
                pause_ms: 10,
            },
            Part {
                id: "y",
                pcm: b.to_vec(),
                display: "",
                words: Vec::new(),
                pause_ms: 20,
            },
        ];
        let out = assemble(parts.to_vec(), 1000, 0);
        assert_eq!(out.samples.len(), 100 + 10 + 50 + 20);
        assert_eq!(out.clips[0].start, 0.0);
        assert_eq!(out.clips[0].end, 0.1);
        assert_eq!(out.clips[1].start, 0.11);
        assert_eq!(out.clips[1].end, 0.16);
        assert_eq!(&out.samples[100..110], &[0; 10]);
        assert_eq!(out.samples[110], 2);
    }

    #[test]
    fn lead_shifts_every_clip() {
        let a = [1i16; 22050];
        let parts = [Part {
            id: "x",
            pcm: a.to_vec(),
            display: "",
            words: Vec::new(),
            pause_ms: 0,
        }];
        let out = assemble(parts.to_vec(), 22050, 2205);
        assert!((out.clips[0].start - 0.1).abs() < 1e-12);
        assert!((out.clips[0].end - 1.1).abs() < 1e-12);
    }

    #[test]
    fn pause_rounding() {
        assert_eq!(ms_to_samples(250, 22050), 5513); // 5512.5 rounds up
        assert_eq!(ms_to_samples(0, 22050), 0);
        assert_eq!(ms_to_samples(1000, 22050), 22050);
    }
}
