//! The Piper neural voice: phoneme ids against Python piper-tts, real synthesis through
//! ONNX Runtime, and `altformat voices`. These need eSpeak NG, ONNX Runtime and a voice;
//! without them they fail and say what to install.

use crate::common::*;
use altformat::voice::Voice;
use altformat::voice::piper::{self, Piper, PiperOptions};
use std::path::PathBuf;

const INSTALL: &str = "run `bash .ci/install-tools.sh` (installs espeak-ng, the onnxruntime \
    wheel and the en_US-joe-medium voice into /usr/local/lib/altformat-tools)";

/// The test voice: `$ALTFORMAT_PIPER_VOICE`, else where install-tools.sh puts it.
fn voice() -> PathBuf {
    let path = std::env::var_os("ALTFORMAT_PIPER_VOICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/usr/local/lib/altformat-tools/piper-voice.onnx".into());
    assert!(
        path.is_file() && piper::options::config_path(&path).is_file(),
        "Piper test voice {} (and its .onnx.json) missing; {INSTALL}",
        path.display()
    );
    path
}

/// The ONNX Runtime library: `$ORT_DYLIB_PATH`, else where install-tools.sh puts it.
fn runtime() -> PathBuf {
    let path = std::env::var_os("ORT_DYLIB_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/usr/local/lib/altformat-tools/libonnxruntime.so".into());
    assert!(
        path.is_file(),
        "ONNX Runtime library {} missing; {INSTALL}",
        path.display()
    );
    path
}

fn options() -> PiperOptions {
    PiperOptions {
        onnxruntime: Some(runtime()),
        ..PiperOptions::default()
    }
}

/// Expected ids recorded from Python piper-tts by `tools/piper_ids.py`.
#[test]
fn phoneme_ids_match_python_piper() {
    let config = piper::load_config(&voice()).unwrap_or_else(|e| panic!("{e}"));
    let fixture = std::fs::read_to_string(fixture("piper/ids.json")).unwrap();
    let cases: serde_json::Value = serde_json::from_str(&fixture).unwrap();
    let cases = cases.as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let expected: Vec<Vec<i64>> = serde_json::from_value(case["ids"].clone()).unwrap();
        let phonemes = piper::phonemize(&config, text).unwrap_or_else(|e| panic!("{e}; {INSTALL}"));
        let ids = piper::text_ids(&config, text).unwrap();
        assert_eq!(
            ids, expected,
            "{text:?}\n ours:   {phonemes:?}\n python: {}",
            case["phonemes"]
        );
    }
}

/// A lexicon's eSpeak phonemes reach Piper as IPA: the word is said as the phonemizer
/// would say it, never spelled out ("[[h@'loU]]" came out as "H at L O U").
#[test]
fn lexicon_phonemes_reach_piper_as_ipa() {
    let config = piper::load_config(&voice()).unwrap_or_else(|e| panic!("{e}"));
    let plain = piper::phonemize(&config, "Say Alabama now.").unwrap();
    let marked = piper::phonemize(&config, "Say [[,al@'bam@]] now.").unwrap();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].contains("ˌæləˈbæmə"), "{marked:?}");
    assert!(
        !marked[0].contains("eɪtʃ") && !marked[0].contains('@'),
        "{marked:?}"
    );
    // Around it, the same phonemes as without the lexicon.
    let (before, after) = plain[0].split_once("ˌæləbˈæmə").expect("eSpeak's Alabama");
    assert!(
        marked[0].starts_with(before.trim_end()),
        "{marked:?} vs {plain:?}"
    );
    assert!(
        marked[0].ends_with(after.trim_start()),
        "{marked:?} vs {plain:?}"
    );
    // Every symbol is one the voice was trained on (it has an id for it).
    for c in marked[0].chars() {
        assert!(
            config.phoneme_id_map.contains_key(&c.to_string()),
            "{c:?} has no id in the voice"
        );
    }
    // Two sentences around a phoneme entry stay two.
    let two = piper::phonemize(&config, "One [[w0n]]. Two now.").unwrap();
    assert_eq!(two.len(), 2, "{two:?}");
}

#[test]
fn says_a_sentence_at_the_voices_rate() {
    let mut voice = Piper::load(&voice(), &options()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(voice.sample_rate(), 22050);
    assert_eq!(voice.name(), "Piper piper-voice");
    assert!(voice.fingerprint().contains("scales=[0.667, 1.0, 0.8]"));
    let pcm = voice
        .synthesize(
            "The Kremlin, grappling with a significant worker deficit, now brings in countless citizens.",
            "en",
        )
        .unwrap();
    let secs = pcm.len() as f64 / 22050.0;
    assert!((3.0..10.0).contains(&secs), "{secs} s");
    let peak = pcm.iter().map(|s| s.unsigned_abs()).max().unwrap();
    assert_eq!(peak, 32767, "Piper scales each sentence to full range");
    let rms = (pcm.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / pcm.len() as f64).sqrt();
    assert!(rms > 1000.0, "nearly silent: rms {rms}");
    // Two sentences are two model runs, joined.
    let two = voice.synthesize("Hello there. How are you?", "en").unwrap();
    assert!(two.len() as f64 / 22050.0 > 1.0);
    assert!(voice.synthesize(" \0 ", "en").unwrap().is_empty());
}

#[test]
fn odd_text_is_spoken_or_skipped_without_failing() {
    let mut voice = Piper::load(&voice(), &options()).unwrap_or_else(|e| panic!("{e}"));
    for text in [
        "...",
        "?!",
        "🙂",
        "안녕하세요",
        "<script>&amp;]]>",
        "\u{7}bell",
        "[[ hi ]]",
    ] {
        voice
            .synthesize(text, "en")
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    // A page without a full stop is cut into bounded model runs, not one huge run.
    let page = "and the workers kept on building ".repeat(30);
    let pcm = voice.synthesize(&page, "en").unwrap();
    assert!(pcm.len() as f64 / 22050.0 > 30.0, "{} samples", pcm.len());
}

#[test]
fn zero_noise_gives_the_same_audio_twice() {
    let opts = PiperOptions {
        noise_scale: Some(0.0),
        noise_w: Some(0.0),
        ..options()
    };
    let mut voice = Piper::load(&voice(), &opts).unwrap_or_else(|e| panic!("{e}"));
    let a = voice.synthesize("Same text, same sound.", "en").unwrap();
    let b = voice.synthesize("Same text, same sound.", "en").unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_missing_runtime_or_voice_says_what_to_install() {
    let opts = PiperOptions {
        model: Some("no-such-voice".into()),
        voice_dirs: vec![root().join("tests/fixtures/piper")],
        ..options()
    };
    let err = Piper::open(&opts).unwrap_err().to_string();
    assert!(
        err.contains("\"no-such-voice\" not found") && err.contains("piper-voices"),
        "{err}"
    );

    // A missing runtime, in its own process (a process loads ONNX Runtime once).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        format!(
            "[piper]\nmodel = \"{}\"\nonnxruntime = \"/nonexistent/libonnxruntime.so\"\n",
            voice().display()
        ),
    )
    .unwrap();
    std::fs::copy(sample(), dir.path().join("a.txt")).unwrap();
    let out = run_in(
        dir.path(),
        &build_args("a.txt", "audio", &["--voice", "piper"]),
    );
    assert_fails(
        &out,
        1,
        &[
            "a.txt",
            "could not load ONNX Runtime",
            "pip install onnxruntime",
        ],
    );
    assert!(
        !dir.path()
            .join("exports/north-korean-labour-fuels-russia/manifest.json")
            .exists()
    );
}

#[test]
fn voices_command_lists_the_configured_voice_and_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[piper]\nmodel = \"{}\"\nonnxruntime = \"{}\"\n",
        voice().display(),
        runtime().display()
    );
    std::fs::write(dir.path().join("altformat.toml"), config).unwrap();
    let out = run_in(dir.path(), &["voices"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("eSpeak NG (default engine): available"),
        "{text}\n{INSTALL}"
    );
    assert!(
        text.contains("ONNX Runtime (for Piper voices): 1."),
        "{text}"
    );
    assert!(
        text.contains("piper-voice: ")
            && text.contains("22050 Hz")
            && text.contains("[configured]"),
        "{text}"
    );
    std::fs::write(dir.path().join("bad.toml"), "[piper]\nvoice = \"joe\"\n").unwrap();
    let out = run_in(dir.path(), &["voices", "--config", "bad.toml"]);
    assert_fails(&out, 2, &["bad.toml", "voice"]);
}

/// `build --voice piper` narrates through Piper: chapters per section, the voice named
/// in narration.json, and the sentence cache that eSpeak uses too.
#[test]
fn build_with_voice_piper_narrates_every_chapter() {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[piper]\nmodel = \"{}\"\nonnxruntime = \"{}\"\n",
        voice().display(),
        runtime().display()
    );
    std::fs::write(dir.path().join("altformat.toml"), config).unwrap();
    let input = fixture("markdown/feature-article.md");
    let args = build_args(
        input.to_str().unwrap(),
        "audio",
        &["--voice", "piper", "--cache-dir", "cache"],
    );
    let out = run_in(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let art = dir
        .path()
        .join("exports/the-quiet-return-of-the-night-train");
    let narration: serde_json::Value =
        serde_json::from_slice(&std::fs::read(art.join("narration.json")).unwrap()).unwrap();
    let voice_name = narration["voice"].as_str().unwrap().to_lowercase();
    assert!(voice_name.contains("piper"), "{voice_name}");
    let tracks = narration["tracks"].as_array().unwrap();
    // Opening + "Why Now?", "The Economics", "What Passengers Pay".
    assert_eq!(tracks.len(), 4);
    for t in tracks {
        assert!(t["duration"].as_f64().unwrap() > 1.0, "{t}");
        assert!(art.join(t["file"].as_str().unwrap()).is_file());
    }
    // The sentence cache filled, and a forced re-run builds from it the same audio
    // (Piper's own noise would otherwise make it differ).
    let cached = std::fs::read_dir(dir.path().join("cache/altformat-pcm-3"))
        .unwrap()
        .count();
    assert!(cached > 0, "nothing cached");
    let whole = art.join("the-quiet-return-of-the-night-train.mp3");
    let first = std::fs::read(&whole).unwrap();
    let out = run_in(dir.path(), &[&args[..], &["--force"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        first == std::fs::read(&whole).unwrap(),
        "re-run from the cache differs"
    );
}

/// Issue 17: with a Piper voice installed and ONNX Runtime loading, a build narrated by
/// eSpeak NG says so and names the flag; `voices` says which voice each language gets.
/// Without one (or with the engine chosen), nothing is said.
#[test]
fn an_installed_piper_voice_is_one_flag_away() {
    let dir = tempfile::tempdir().unwrap();
    let voice = voice();
    let folder = voice.parent().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        format!(
            "[piper]\nonnxruntime = {:?}\nvoice_dirs = [{:?}]\n",
            runtime(),
            folder
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "A Title\n\nOne short sentence. Yes.\n",
    )
    .unwrap();
    let name = voice.file_stem().unwrap().to_str().unwrap().to_string();
    let build = |more: &[&str]| {
        let mut cmd = altformat(dir.path(), &build_args("a.txt", "audio", more));
        cmd.env("XDG_DATA_HOME", dir.path().join("data"));
        cmd.output().unwrap()
    };
    let out = build(&["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hint = format!("the Piper voice {name} (en-us) is installed: `--voice piper`");
    assert!(stderr(&out).contains(&hint), "{}", stderr(&out));
    let out = build(&["--force", "--voice", "espeak"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("--voice piper"), "{}", stderr(&out));

    let mut voices = altformat(dir.path(), &["voices"]);
    let out = voices
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let want = format!("  en-us: eSpeak NG (default); Piper {name} with --voice piper");
    assert!(stdout(&out).contains(&want), "{}", stdout(&out));

    // No voice folder with a voice: no hint.
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[piper]\nvoice_dirs = []\n",
    )
    .unwrap();
    let out = build(&["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("--voice piper"), "{}", stderr(&out));
}
