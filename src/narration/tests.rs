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
        lead_in: String::new(),
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
    let n = narrate_with(
        &script(),
        &mut [&mut voice],
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
    let first = narrate_with(
        &script(),
        &mut [&mut voice],
        &AudioOptions::default(),
        Some(&cache),
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 4);
    let second = narrate_with(
        &script(),
        &mut [&mut voice],
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
    narrate_with(
        &edited,
        &mut [&mut voice],
        &AudioOptions::default(),
        Some(&cache),
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    assert_eq!(voice.calls, 5);
}

/// Says texts starting with "fail" as an error, everything else as [`Tone`] does.
struct Failing(Tone);

impl Voice for Failing {
    fn name(&self) -> String {
        self.0.name()
    }
    fn fingerprint(&self) -> String {
        self.0.fingerprint()
    }
    fn sample_rate(&self) -> u32 {
        self.0.sample_rate()
    }
    fn synthesize(&mut self, text: &str, lang: &str) -> Result<Vec<i16>, Error> {
        if text.starts_with("fail") {
            return Err(Error::Engine {
                engine: "Tone",
                message: format!("cannot say {text:?}"),
            });
        }
        self.0.synthesize(text, lang)
    }
}

/// A script of `chapters` chapters of `each` sentences, sentence `fail` (if any) bad.
fn long_script(chapters: usize, each: usize, fail: Option<(usize, usize)>) -> Script {
    Script {
        lang: "en".into(),
        chapters: (0..chapters)
            .map(|c| Chapter {
                id: format!("c{c}"),
                title: format!("Chapter {c}"),
                utterances: (0..each)
                    .map(|u| {
                        let text = if fail == Some((c, u)) {
                            "fail here".to_string()
                        } else {
                            format!("Sentence {u} of {c}.")
                        };
                        utterance(&format!("c{c}-s{u}"), &text, 300)
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn several_voices_give_the_same_narration_as_one() {
    let script = long_script(6, 5, None);
    let mut one = Tone { calls: 0 };
    let alone = narrate_with(
        &script,
        &mut [&mut one],
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {},
    )
    .unwrap();
    let (mut a, mut b, mut c) = (Tone { calls: 0 }, Tone { calls: 0 }, Tone { calls: 0 });
    let said = std::sync::atomic::AtomicUsize::new(0);
    let together = narrate_with(
        &script,
        &mut [&mut a, &mut b, &mut c],
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {
            said.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        },
    )
    .unwrap();
    assert_eq!(alone, together);
    assert_eq!(a.calls + b.calls + c.calls, 30, "each sentence said once");
    assert_eq!(said.into_inner(), 30);
    let chapters: Vec<_> = together.tracks.iter().map(|t| t.chapter.as_str()).collect();
    assert_eq!(chapters, ["c0", "c1", "c2", "c3", "c4", "c5"]);
}

#[test]
fn a_failing_sentence_stops_the_narration_with_its_error() {
    for voices in [1, 2] {
        let script = long_script(8, 4, Some((5, 2)));
        let mut tones: Vec<Failing> = (0..voices).map(|_| Failing(Tone { calls: 0 })).collect();
        let mut refs: Vec<&mut dyn Voice> = tones.iter_mut().map(|t| t as &mut dyn Voice).collect();
        let err = narrate_with(
            &script,
            &mut refs,
            &AudioOptions::default(),
            None,
            &mut Vec::new(),
            &|| {},
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("cannot say \"fail here\""),
            "{err}"
        );
    }
}

#[test]
fn each_chapter_is_levelled_to_the_target() {
    // A quiet and a loud chapter: levelled one by one, both reach the target, so the
    // encoded chapters end up about the same size of signal. Measured on the PCM the
    // encoder gets, through the same level() the pipeline calls.
    let quiet: Vec<i16> = (0..22050 * 3)
        .map(|i| ((i as f64 * 0.05).sin() * 800.0) as i16)
        .collect();
    let loud: Vec<i16> = (0..22050 * 3)
        .map(|i| ((i as f64 * 0.05).sin() * 12000.0) as i16)
        .collect();
    for mut pcm in [quiet, loud] {
        let reached = loudness::level(std::slice::from_mut(&mut pcm), 22050, -18.0, -3.0).unwrap();
        let (measured, peak) = loudness::measure(&[&pcm], 22050, true).unwrap();
        assert!((measured - reached).abs() < 0.1, "{measured} vs {reached}");
        // A sine peaks 3 dB over its loudness: the -3 dBTP ceiling caps it near -18.
        assert!(measured > -19.5 && measured <= -17.5, "{measured} LUFS");
        assert!(20.0 * peak.log10() <= -2.9, "peak {peak}");
    }
}

/// Panics on every text: a bug in a voice must not leave the others waiting.
struct Panicking;

impl Voice for Panicking {
    fn name(&self) -> String {
        "Panicking".into()
    }
    fn fingerprint(&self) -> String {
        "panic-1".into()
    }
    fn sample_rate(&self) -> u32 {
        22050
    }
    fn synthesize(&mut self, _text: &str, _lang: &str) -> Result<Vec<i16>, Error> {
        panic!("voice bug");
    }
}

#[test]
#[should_panic(expected = "a scoped thread panicked")]
fn a_panicking_voice_is_passed_on_not_a_hang() {
    let mut tone = Tone { calls: 0 };
    let mut bad = Panicking;
    let _ = narrate_with(
        &long_script(4, 3, None),
        &mut [&mut tone, &mut bad],
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {},
    );
}

#[test]
fn no_voice_is_an_error_not_a_hang() {
    let err = narrate_with(
        &script(),
        &mut [],
        &AudioOptions::default(),
        None,
        &mut Vec::new(),
        &|| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("no voice"), "{err}");
}

#[test]
fn bad_bitrate_is_reported() {
    let mut voice = Tone { calls: 0 };
    let opts = AudioOptions {
        bitrate_kbps: 65,
        ..AudioOptions::default()
    };
    let err = narrate_with(
        &script(),
        &mut [&mut voice],
        &opts,
        None,
        &mut Vec::new(),
        &|| {},
    )
    .unwrap_err();
    assert!(err.to_string().contains("65 kbit/s"), "{err}");
}

#[test]
fn unchanged_chapters_come_encoded_from_the_cache_and_damage_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache::Cache::open(dir.path(), 1 << 30).unwrap();
    let opts = AudioOptions::default();
    let run = |script: &Script, voice: &mut Tone| {
        narrate_with(
            script,
            &mut [voice],
            &opts,
            Some(&cache),
            &mut Vec::new(),
            &|| {},
        )
        .unwrap()
    };
    let mut voice = Tone { calls: 0 };
    let first = run(&script(), &mut voice);
    let keys: Vec<String> = script()
        .chapters
        .iter()
        .map(|c| chapters::key("tone-1", c, 22050, &opts))
        .collect();
    for (c, (key, track)) in script().chapters.iter().zip(keys.iter().zip(&first.tracks)) {
        let (clips, mp3) = chapters::get(&cache, key, c)
            .unwrap()
            .expect("chapter cached");
        assert_eq!(clips, track.clips);
        assert_eq!(&mp3[..], &track.mp3[..]);
    }
    // A damaged chapter entry is a miss: that chapter is made again, the same.
    cache.put_bytes(&keys[1], b"AFCHAP1\n garbage").unwrap();
    assert_eq!(run(&script(), &mut voice), first);
    assert!(matches!(
        chapters::get(&cache, &keys[1], &script().chapters[1]),
        Ok(Some(_))
    ));
    // Sentences gone, chapters kept: nothing is said again.
    let calls = voice.calls;
    for c in &script().chapters {
        for u in &c.utterances {
            let key = cache::Cache::key("tone-1", &u.spoken);
            std::fs::remove_file(
                dir.path()
                    .join(cache::VERSION)
                    .join(&key[..2])
                    .join(format!("{key}.pcm")),
            )
            .unwrap();
        }
    }
    assert_eq!(run(&script(), &mut voice), first);
    assert_eq!(voice.calls, calls);
    // An edit in one chapter says only that chapter again.
    let mut edited = script();
    edited.chapters[0].utterances[1].spoken = "First, edited.".into();
    let again = run(&edited, &mut voice);
    assert_eq!(
        voice.calls,
        calls + 2,
        "both sentences of the edited chapter"
    );
    assert_eq!(again.tracks[1], first.tracks[1]);
    assert_ne!(again.tracks[0], first.tracks[0]);
}

/// Bug: `loudness_lufs = nan` (which the config now refuses) gave MP3s of digital
/// silence with exit 0; the narration itself refuses to write such audio.
#[test]
fn narration_levelled_to_silence_is_refused() {
    for (lufs, peak) in [(f64::NAN, -3.0), (1e308, -1e308)] {
        let opts = AudioOptions {
            loudness_lufs: lufs,
            true_peak_db: peak,
            ..AudioOptions::default()
        };
        let err = narrate_with(
            &script(),
            &mut [&mut Tone { calls: 0 }],
            &opts,
            None,
            &mut Vec::new(),
            &|| {},
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("silent") || err.contains("clipped"), "{err}");
    }
}

/// Bug: cache entries were trusted blindly. Every damaged entry (another sentence's
/// audio, random bytes, cut short) is a miss: said again, the narration the same, one
/// warning, and the entry repaired.
#[test]
fn damaged_sentence_entries_are_said_again_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache::Cache::open(dir.path(), 1 << 30).unwrap();
    let opts = AudioOptions::default();
    let mut voice = Tone { calls: 0 };
    let run = |voice: &mut Tone| {
        let mut warnings = Vec::new();
        let n = narrate_with(
            &script(),
            &mut [voice],
            &opts,
            Some(&cache),
            &mut warnings,
            &|| {},
        );
        (n.unwrap(), warnings)
    };
    let (first, _) = run(&mut voice);
    let entries = entry_files(&dir.path().join(cache::VERSION));
    assert!(entries.len() >= 6, "{entries:?}");
    for (i, path) in entries.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let damaged = match i % 3 {
            0 => std::fs::read(&entries[(i + 1) % entries.len()]).unwrap(),
            1 => bytes.iter().map(|b| b ^ 0x55).collect(),
            _ => bytes[..bytes.len() / 2].to_vec(),
        };
        std::fs::write(path, damaged).unwrap();
    }
    let calls = voice.calls;
    let (again, warnings) = run(&mut voice);
    assert_eq!(again, first, "the narration is made again, the same");
    assert_eq!(voice.calls, calls + 4, "every sentence said again");
    let damaged: Vec<_> = warnings.iter().filter(|w| w.contains("damaged")).collect();
    assert_eq!(damaged.len(), 1, "{warnings:?}");
    let (_, clean) = run(&mut voice);
    assert_eq!(voice.calls, calls + 4, "entries repaired");
    assert!(clean.is_empty(), "{clean:?}");
}

/// The entry files of a cache folder, sorted.
fn entry_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|sub| std::fs::read_dir(sub.path()).unwrap().flatten())
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}
