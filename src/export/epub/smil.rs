//! Media Overlays: one SMIL document per chapter, a `par` per narrated element; with
//! word highlighting, a `seq` per sentence holding a `par` per word.

use super::escape::escape;
use super::xhtml::{Doc, Words};
use crate::export::sync::SyncError;
use crate::narration::{Clip, Track};

/// Write a duration as a SMIL clock value (`h:mm:ss.mmm`).
pub fn clock(ms: u64) -> String {
    format!(
        "{}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// Seconds to whole milliseconds (negative and non-finite values become 0).
pub fn millis(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

/// The SMIL document that plays `track` (stored as `audio`) along `doc`, word by word
/// for the utterances `words` has spans for.
///
/// Narration that does not fit the text is an error, not a silently broken book:
/// a clip for an id the document lacks, clips out of order, overlapping, empty or
/// past the end of the audio.
pub fn overlay(
    doc: &Doc,
    track: &Track,
    audio: &str,
    words: Option<&Words>,
) -> Result<String, SyncError> {
    let duration = millis(track.duration);
    let place: std::collections::HashMap<&str, usize> = doc
        .ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut pars = String::new();
    let mut prev_end = 0;
    let mut prev_pos = None;
    for (n, clip) in track.clips.iter().enumerate() {
        let pos = place
            .get(clip.id.as_str())
            .copied()
            .ok_or_else(|| SyncError::NoElement {
                clip: clip.id.clone(),
                file: doc.file.clone(),
            })?;
        if prev_pos.is_some_and(|p| pos <= p) {
            return Err(SyncError::OutOfOrder(clip.id.clone()));
        }
        let (start, end) = (millis(clip.start), millis(clip.end));
        if start < prev_end || end <= start || end > duration {
            return Err(SyncError::BadTiming {
                clip: clip.id.clone(),
                start,
                end,
                audio: track.file.clone(),
                duration,
            });
        }
        let spans = words
            .and_then(|w| w.get(&clip.id))
            .filter(|s| !s.is_empty() && s.len() == clip.words.len())
            // Only words the document has spans for (a heading that was replaced by a
            // fallback label has none).
            .filter(|s| s.iter().all(|(id, _)| place.contains_key(id.as_str())));
        match spans {
            Some(spans) => {
                let ids: Vec<&str> = spans.iter().map(|(id, _)| id.as_str()).collect();
                word_pars(&mut pars, n + 1, (doc, audio), clip, &ids, (start, end));
            }
            None => pars.push_str(&par(
                &format!("par-{}", n + 1),
                &doc.file,
                &clip.id,
                audio,
                (start, end),
            )),
        }
        prev_end = end;
        prev_pos = Some(pos);
    }
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\">\n\
         <body>\n<seq id=\"seq-1\" epub:textref=\"{}#{}\">\n{pars}</seq>\n</body>\n</smil>\n",
        escape(&doc.file),
        escape(&doc.root)
    ))
}

/// One `par`: the element `id` of `file` with `audio` over `clip` (milliseconds).
fn par(par_id: &str, file: &str, id: &str, audio: &str, clip: (u64, u64)) -> String {
    format!(
        "<par id=\"{}\"><text src=\"{}#{}\"/>\
         <audio src=\"{}\" clipBegin=\"{}\" clipEnd=\"{}\"/></par>\n",
        escape(par_id),
        escape(file),
        escape(id),
        escape(audio),
        clock(clip.0),
        clock(clip.1)
    )
}

/// A sentence's `seq` with a `par` per word (`ids` are the words' span ids): the first
/// word from the clip's start, each word until the next word's start, the last until
/// the clip's end, so the sentence's audio plays whole. A word that rounds to no time
/// of its own is left out (its neighbours cover its sound).
fn word_pars(
    out: &mut String,
    n: usize,
    (doc, audio): (&Doc, &str),
    clip: &Clip,
    ids: &[&str],
    (start, end): (u64, u64),
) {
    out.push_str(&format!(
        "<seq id=\"par-{n}\" epub:textref=\"{}#{}\">\n",
        escape(&doc.file),
        escape(&clip.id)
    ));
    let starts: Vec<u64> = clip
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            0 => start,
            _ => millis(w.start).clamp(start, end),
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let (a, b) = (starts[i], starts.get(i + 1).copied().unwrap_or(end));
        if a < b {
            out.push_str(&par(
                &format!("par-{n}-w{}", i + 1),
                &doc.file,
                id,
                audio,
                (a, b),
            ));
        }
    }
    out.push_str("</seq>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narration::Clip;

    fn doc() -> Doc {
        Doc {
            file: "01-a.xhtml".into(),
            chapter: "a".into(),
            label: "A".into(),
            level: 2,
            xhtml: String::new(),
            body: String::new(),
            ids: vec!["a-heading".into(), "a-p1-s1".into()],
            root: "a".into(),
        }
    }

    fn track(clips: &[(&str, f64, f64)]) -> Track {
        Track {
            chapter: "a".into(),
            title: "A".into(),
            file: "a.mp3".into(),
            duration: 3.0,
            clips: clips
                .iter()
                .map(|&(id, start, end)| Clip {
                    id: id.into(),
                    start,
                    end,
                    words: Vec::new(),
                })
                .collect(),
            mp3: Vec::new().into(),
            pcm: None,
        }
    }

    #[test]
    fn clock_values() {
        assert_eq!(clock(0), "0:00:00.000");
        assert_eq!(clock(3_723_456), "1:02:03.456");
        assert_eq!(millis(1.2344), 1234);
        assert_eq!(millis(f64::NAN), 0);
    }

    #[test]
    fn pars_point_at_text_and_audio() {
        let t = track(&[("a-heading", 0.0, 1.0), ("a-p1-s1", 1.5, 2.75)]);
        let smil = overlay(&doc(), &t, "audio/01.mp3", None).unwrap();
        assert!(smil.contains(
            "<text src=\"01-a.xhtml#a-p1-s1\"/><audio src=\"audio/01.mp3\" \
             clipBegin=\"0:00:01.500\" clipEnd=\"0:00:02.750\"/>"
        ));
        assert_eq!(smil.matches("<par ").count(), 2);
        // EPUBCheck 4.2.6 wants a fragment on the textref (MED-014).
        assert!(smil.contains("epub:textref=\"01-a.xhtml#a\""));
    }

    #[test]
    fn inconsistent_narration_is_refused() {
        for clips in [
            vec![("nope", 0.0, 1.0)],
            vec![("a-p1-s1", 0.0, 1.0), ("a-heading", 1.0, 2.0)],
            vec![("a-heading", 0.0, 1.5), ("a-p1-s1", 1.0, 2.0)],
            vec![("a-heading", 1.0, 1.0)],
            vec![("a-heading", 0.0, 3.5)],
        ] {
            assert!(
                overlay(&doc(), &track(&clips), "x.mp3", None).is_err(),
                "{clips:?}"
            );
        }
    }
}
