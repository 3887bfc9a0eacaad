//! `narrate` with a stand-in voice: timeline, files, levelling and the cache, no FFI.

use super::*;
use crate::speech::script::{Chapter, Kind, Utterance};

/// Says every text as a tone whose length depends on the text; counts calls.
struct Tone {
    calls: usize,
}

impl Voice for Tone {
    fn name(&self) -> String {
        "Tone".into()
    }
    fn fingerprint(&self) -> String {
        "tone-1".into()
    }
    fn sample_rate(&self) -> u32 {
        22050
    }
    fn synthesize(&mut self, text: &str, _lang: &str) -> Result<Vec<i16>, Error> {
        self.calls += 1;
        let n = text.len() * 2205; // a tenth of a second per byte
        Ok((0..n)
            .map(|i| ((i as f64 * 0.1).sin() * 3000.0) as i16)
            .collect())
    }
}

fn utterance(id: &str, text: &str, pause: u32) -> Utterance {
    Utterance {
        id: id.into(),
        kind: Kind::Sentence,
        paragraph: None,
        range: None,
        display: text.into(),
        spoken: text.into(),
        pause_after_ms: pause,
    }
}

fn script() -> Script {
    Script {
        lang: "en".into(),
        chapters: vec![
            Chapter {
                id: "opening".into(),
                title: "Title".into(),
                utterances: vec![
                    utterance("title", "Title", 700),
                    utterance("p1-s1", "First one.", 1000),
                ],
            },
            Chapter {
                id: "next".into(),
                title: "Next".into(),
                utterances: vec![
                    utterance("next-heading", "Next", 700),
                    utterance("p2-s1", "Second.", 1000),
                ],
            },
        ],
    }
}

#[test]
fn tracks_clips_and_files() {
    let mut voice = Tone { calls: 0 };
    let n = narrate(
        &script(),
        &mut voice,
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 4);
    assert_eq!(n.voice, "Tone");
    let files: Vec<_> = n.tracks.iter().map(|t| t.file.as_str()).collect();
    assert_eq!(files, ["01-opening.mp3", "02-next.mp3"]);
    let t = &n.tracks[0];
    let delay = mp3::DECODER_DELAY as f64 / 22050.0;
    assert!((t.clips[0].start - delay).abs() < 1e-9);
    assert!((t.clips[0].end - t.clips[0].start - 0.5).abs() < 1e-9); // "Title": 5 bytes
    // The pause after the title separates the clips exactly.
    assert!((t.clips[1].start - t.clips[0].end - 0.7).abs() < 1e-4);
    for t in &n.tracks {
        assert!(t.clips.windows(2).all(|w| w[0].end <= w[1].start));
        assert!(t.clips.last().unwrap().end <= t.duration, "{t:?}");
        assert_eq!(mp3::frames(&t.mp3).unwrap().seconds(), t.duration);
    }
    let json = serde_json::to_string(&n).unwrap();
    assert!(json.contains("\"p2-s1\"") && !json.contains("mp3\":"));
}

#[test]
fn second_run_comes_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache::Cache::open(dir.path(), 1 << 30).unwrap();
    let mut voice = Tone { calls: 0 };
    let first = narrate(
        &script(),
        &mut voice,
        &AudioOptions::default(),
        Some(&cache),
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 4);
    let second = narrate(
        &script(),
        &mut voice,
        &AudioOptions::default(),
        Some(&cache),
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 4, "nothing re-synthesised");
    assert_eq!(first, second);
    // Editing one sentence re-synthesises only that one.
    let mut edited = script();
    edited.chapters[1].utterances[1].spoken = "Second, edited.".into();
    narrate(
        &edited,
        &mut voice,
        &AudioOptions::default(),
        Some(&cache),
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 5);
}

#[test]
fn loudness_is_levelled_across_the_article() {
    let mut voice = Tone { calls: 0 };
    let n = narrate(
        &script(),
        &mut voice,
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    // The tone peaks at 3000 (about -20.8 dBFS); it is raised, but the peak limit
    // (-3 dBTP) holds: a sine's loudness sits about 3 dB under its peak.
    let _ = n;
    let pcm: Vec<i16> = voice.synthesize("0123456789", "en").unwrap();
    let g = loudness::gain(&[&pcm], 22050, -18.0, -3.0).unwrap();
    let peak_db = 20.0 * (3000.0 * g / 32768.0f64).log10();
    assert!(peak_db <= -2.9, "{peak_db}");
    assert!(g > 1.0);
}

#[test]
fn bad_bitrate_is_reported() {
    let mut voice = Tone { calls: 0 };
    let opts = AudioOptions {
        bitrate_kbps: 65,
        ..AudioOptions::default()
    };
    let err = narrate(&script(), &mut voice, &opts, None, &mut Vec::new(), &|| {}).unwrap_err();
    assert!(err.to_string().contains("65 kbit/s"), "{err}");
}
