//! Encoded chapters kept in the sentence cache, so a re-run levels and encodes only the
//! chapters that changed: a one-sentence edit costs one sentence and one chapter.
//!
//! A chapter's MP3 depends only on what its utterances say (with which voice), the
//! pauses between them and the audio settings (each chapter is levelled on its own), so
//! those make the key, with the displayed text (word times name displayed characters).
//! The entry holds the clip and word times and the MP3; clip ids come from the current
//! script, since an id may change while the words stay the same.

use super::cache::{Cache, Damaged};
use super::{AudioOptions, Clip, Word, mp3};
use crate::speech::script::Chapter;
use sha2::{Digest, Sha256};

/// Bump when levelling, encoding or the entry format changes.
const VERSION: &str = "altformat-chapter-2";
/// The first bytes of an entry.
const MAGIC: &[u8; 8] = b"AFCHAP2\n";

/// The cache key of `chapter` said by the voice with `fingerprint` at `rate`.
pub fn key(fingerprint: &str, chapter: &Chapter, rate: u32, opts: &AudioOptions) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        // Length-prefixed so no two different sequences hash the same bytes.
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(VERSION.as_bytes());
    field(fingerprint.as_bytes());
    field(&rate.to_le_bytes());
    field(&opts.loudness_lufs.to_le_bytes());
    field(&opts.true_peak_db.to_le_bytes());
    field(&opts.bitrate_kbps.to_le_bytes());
    field(&(mp3::DECODER_DELAY as u64).to_le_bytes());
    for u in &chapter.utterances {
        field(u.spoken.as_bytes());
        field(u.display.as_bytes());
        field(&u.pause_after_ms.to_le_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// An entry: the magic, the clip count, each clip's start and end and its words
/// (their count, then each word's character range as two `u32`s and its start and
/// end), then the MP3.
pub fn entry(clips: &[Clip], mp3: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + clips.len() * 20 + mp3.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(clips.len() as u32).to_le_bytes());
    let u32le = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    for c in clips {
        out.extend_from_slice(&c.start.to_le_bytes());
        out.extend_from_slice(&c.end.to_le_bytes());
        out.extend_from_slice(&u32le(c.words.len()));
        for w in &c.words {
            out.extend_from_slice(&u32le(w.range[0]));
            out.extend_from_slice(&u32le(w.range[1]));
            out.extend_from_slice(&w.start.to_le_bytes());
            out.extend_from_slice(&w.end.to_le_bytes());
        }
    }
    out.extend_from_slice(mp3);
    out
}

/// Take `N` bytes off the front of `rest`.
fn take<const N: usize>(rest: &mut &[u8]) -> Option<[u8; N]> {
    let (first, after) = rest.split_first_chunk::<N>()?;
    *rest = after;
    Some(*first)
}

/// The words of a clip of an entry, their text from `display`; `None` if a range falls
/// outside it or the times do not lie in order inside the clip.
fn read_words(rest: &mut &[u8], display: &str, clip: (f64, f64)) -> Option<Vec<Word>> {
    let count = u32::from_le_bytes(take(rest)?) as usize;
    let chars: Vec<char> = display.chars().collect();
    let mut words = Vec::with_capacity(count.min(chars.len()));
    let mut last = (0usize, clip.0);
    for _ in 0..count {
        let first = u32::from_le_bytes(take(rest)?) as usize;
        let past = u32::from_le_bytes(take(rest)?) as usize;
        let start = f64::from_le_bytes(take(rest)?);
        let end = f64::from_le_bytes(take(rest)?);
        let fits = last.0 <= first
            && first < past
            && past <= chars.len()
            && last.1 <= start
            && start < end
            && end <= clip.1;
        if !fits {
            return None;
        }
        last = (past, end);
        words.push(Word {
            text: chars[first..past].iter().collect(),
            start,
            end,
            range: [first, past],
        });
    }
    Some(words)
}

/// The clips (with `chapter`'s ids) and MP3 of an entry; `None` if it is damaged or
/// does not fit the chapter: the clip count differs, the MP3 is not whole frames, or a
/// clip time is not finite, out of order or outside the audio.
pub fn read(bytes: &[u8], chapter: &Chapter) -> Option<Entry> {
    let mut rest = bytes.strip_prefix(MAGIC)?;
    if u32::from_le_bytes(take(&mut rest)?) as usize != chapter.utterances.len() {
        return None;
    }
    let mut clips = Vec::with_capacity(chapter.utterances.len());
    for u in &chapter.utterances {
        let start = f64::from_le_bytes(take(&mut rest)?);
        let end = f64::from_le_bytes(take(&mut rest)?);
        let words = read_words(&mut rest, &u.display, (start, end))?;
        clips.push(Clip {
            id: u.id.clone(),
            start,
            end,
            words,
        });
    }
    let duration = mp3::frames(rest).ok()?.seconds();
    clips_fit(&clips, duration).then(|| (clips, rest.to_vec()))
}

/// Are these clip times finite, each after the one before and inside a track of
/// `duration` seconds?
pub fn clips_fit(clips: &[Clip], duration: f64) -> bool {
    let mut last_end = 0.0;
    clips.iter().all(|c| {
        let fits = c.start.is_finite()
            && c.end.is_finite()
            && last_end <= c.start
            && c.start <= c.end
            && c.end <= duration;
        last_end = c.end;
        fits
    })
}

/// A chapter's clip times and MP3, as kept in the cache.
pub type Entry = (Vec<Clip>, Vec<u8>);

/// The cached clips and MP3 of `chapter`: `Ok(None)` if the cache has none, `Err`
/// (saying what was wrong) if the entry was damaged and has been removed.
pub fn get(cache: &Cache, key: &str, chapter: &Chapter) -> Result<Option<Entry>, Damaged> {
    let Some(bytes) = cache.get_bytes(key)? else {
        return Ok(None);
    };
    match read(&bytes, chapter) {
        Some(entry) => Ok(Some(entry)),
        None => Err(cache.discard(key, "its clip times or audio do not fit the chapter")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::script::{Kind, Utterance};

    fn chapter(texts: &[&str]) -> Chapter {
        Chapter {
            id: "c".into(),
            title: "C".into(),
            utterances: texts
                .iter()
                .enumerate()
                .map(|(i, t)| Utterance {
                    id: format!("s{i}"),
                    kind: Kind::Sentence,
                    paragraph: None,
                    range: None,
                    display: t.to_string(),
                    spoken: t.to_string(),
                    lead_in: String::new(),
                    pause_after_ms: 500,
                })
                .collect(),
        }
    }

    #[test]
    fn key_follows_words_pauses_voice_and_settings() {
        let opts = AudioOptions::default();
        let a = chapter(&["One.", "Two."]);
        let k = key("v1", &a, 22050, &opts);
        assert_eq!(k, key("v1", &a, 22050, &opts));
        let mut renamed = a.clone();
        renamed.utterances[0].id = "other".into();
        assert_eq!(k, key("v1", &renamed, 22050, &opts), "ids are not sound");
        let mut paused = a.clone();
        paused.utterances[0].pause_after_ms = 600;
        let louder = AudioOptions {
            loudness_lufs: -16.0,
            ..AudioOptions::default()
        };
        for other in [
            key("v2", &a, 22050, &opts),
            key("v1", &chapter(&["One.", "Two!"]), 22050, &opts),
            key("v1", &chapter(&["One.Two."]), 22050, &opts),
            key("v1", &paused, 22050, &opts),
            key("v1", &a, 24000, &opts),
            key("v1", &a, 22050, &louder),
        ] {
            assert_ne!(k, other);
        }
    }

    #[test]
    fn entries_read_back_exactly_and_damage_is_a_miss() {
        let c = chapter(&["One.", "Two."]);
        let clips = vec![
            Clip {
                id: "x".into(),
                start: 0.05,
                end: 1.0 / 3.0,
                words: Vec::new(),
            },
            Clip {
                id: "y".into(),
                start: 0.5,
                end: 0.875,
                words: Vec::new(),
            },
        ];
        let mp3 = mp3::encode(&[0i16; 22050], 22050, 64).unwrap();
        let e = entry(&clips, &mp3);
        let (back, audio) = read(&e, &c).unwrap();
        assert_eq!(audio, mp3);
        assert_eq!(back[0].id, "s0", "ids from the script");
        assert_eq!((back[0].start, back[0].end), (0.05, 1.0 / 3.0));
        assert_eq!((back[1].start, back[1].end), (0.5, 0.875));
        assert!(read(&e[..20], &c).is_none(), "cut short");
        assert!(read(&e, &chapter(&["One."])).is_none(), "other chapter");
        assert!(read(b"AFCHAP1\n\x00\x00\x00\x00junk", &chapter(&[])).is_none());
        assert!(read(b"", &c).is_none());
    }

    /// Bug: clip times from the cache were used as they were, so NaN, 1e300 or a
    /// negative time went into narration.json and every EPUB re-run failed.
    #[test]
    fn clip_times_must_be_finite_ordered_and_inside_the_audio() {
        let c = chapter(&["One.", "Two."]);
        let mp3 = mp3::encode(&[0i16; 22050], 22050, 64).unwrap();
        let seconds = mp3::frames(&mp3).unwrap().seconds();
        let entry_with = |times: [(f64, f64); 2]| {
            let clips: Vec<Clip> = times
                .iter()
                .map(|&(start, end)| Clip {
                    id: "x".into(),
                    start,
                    end,
                    words: Vec::new(),
                })
                .collect();
            entry(&clips, &mp3)
        };
        assert!(read(&entry_with([(0.05, 0.4), (0.5, 0.9)]), &c).is_some());
        for bad in [
            [(f64::NAN, 0.4), (0.5, 0.9)],
            [(0.05, 0.4), (0.5, f64::INFINITY)],
            [(0.05, 0.4), (0.5, 1e300)],
            [(-5.0, 0.4), (0.5, 0.9)],
            [(0.05, 0.4), (0.3, 0.9)],
            [(0.5, 0.4), (0.5, 0.9)],
            [(0.05, 0.4), (0.5, seconds + 0.01)],
        ] {
            assert!(read(&entry_with(bad), &c).is_none(), "{bad:?} accepted");
        }
    }
}
