//! Speech preparation end to end: the sample article's speech script (issue 3).

use crate::common::{golden, run, run_in, sample, stderr, stdout};
use altformat::article::{self, ReadOptions};
use altformat::speech::{SpeechOptions, prepare};
use std::process::Command;

/// The spoken text of every utterance of the sample, one per line.
fn sample_spoken() -> Vec<String> {
    let article = article::read_file(&sample(), &ReadOptions::default()).expect("sample reads");
    let script = prepare(&article, &SpeechOptions::default());
    script.utterances().map(|u| u.spoken.clone()).collect()
}

fn spoken_containing(needle: &str) -> String {
    let all = sample_spoken();
    all.into_iter()
        .find(|s| s.contains(needle))
        .unwrap_or_else(|| panic!("no utterance of the sample says {needle:?}"))
}

#[test]
fn sample_years_are_read_as_years() {
    let s = spoken_containing("alone, arrivals");
    assert!(s.starts_with("In twenty twenty-four alone,"), "{s}");
    let s = spoken_containing("United Nations Security Council resolution");
    assert!(s.contains("a twenty nineteen United Nations"), "{s}");
    let s = spoken_containing("successful escapes");
    assert!(
        s.contains("from about twenty in twenty twenty-two to merely ten"),
        "{s}"
    );
    assert!(!sample_spoken().iter().any(|s| s.contains("2024")));
}

#[test]
fn sample_fold_acronyms_and_spelled_numbers() {
    let s = spoken_containing("jump from the year prior");
    assert!(s.contains("a twelve-fold jump"), "{s}");
    // "UN" is spelled as letters; "thirteen thousand" was already words and stays.
    let s = spoken_containing("Security Council member");
    assert!(s.contains("a permanent U-N Security Council member"), "{s}");
    assert!(
        spoken_containing("individuals from North Korea entered")
            .contains("over thirteen thousand")
    );
    let s = spoken_containing("dollars monthly");
    assert!(
        s.contains("between one hundred and two hundred dollars monthly"),
        "{s}"
    );
}

/// The letters spelling ("U-N") and the read-as-word list are checked against the engine
/// that will say them: espeak-ng must read "U-N" as two letters and "NATO" as a word.
#[test]
fn espeak_reads_spelled_acronyms_as_letters() {
    let phonemes = |text: &str| {
        let out = Command::new("espeak-ng")
            .args(["-q", "-x", "-v", "en", text])
            .output()
            .expect("espeak-ng must be installed for this test: apt-get install -y espeak-ng");
        assert!(out.status.success(), "espeak-ng failed on {text:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let un = phonemes("a permanent U-N Security Council member");
    assert!(un.contains("j'u:'En"), "U-N not read as letters: {un}");
    let nato = phonemes("NATO");
    assert!(nato.contains("n'eItoU"), "NATO not read as a word: {nato}");
    let fold = phonemes("a twelve-fold jump");
    assert!(fold.contains("tw'Elvf'oUld"), "{fold}");
}

#[test]
fn inspect_speech_shows_every_change() {
    let path = sample();
    let (_dir, out) = run(&["inspect", "--speech", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("[2024 → twenty twenty-four]"), "{text}");
    assert!(text.contains("[UN → U-N]"));
    assert!(text.contains("[Pyongyang → pyong yang]"));
    golden("sample-speech.txt", &text);
}

#[test]
fn project_lexicon_and_config_apply_to_inspect() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample(), dir.path().join("a.txt")).unwrap();
    std::fs::write(
        dir.path().join("lexicon.toml"),
        "[words]\nPyongyang = \"pyong-yang\"\nKremlin = \"krem lin\"\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["inspect", "--speech", "a.txt"]);
    let text = stdout(&out);
    assert!(text.contains("[Pyongyang → pyong-yang]"), "{text}");
    assert!(text.contains("[Kremlin → krem lin]"));
    assert!(text.contains("[Tae → tay]"), "built-in entries stay");
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[speech.acronyms]\nwords = [\"UN\"]\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["inspect", "--speech", "a.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("[Pyongyang → pyong-yang]"));
    assert!(!stdout(&out).contains("[UN →"));
    std::fs::write(dir.path().join("lexicon.toml"), "[word]\nA = \"b\"\n").unwrap();
    let out = run_in(dir.path(), &["inspect", "--speech", "a.txt"]);
    crate::common::assert_fails(&out, 2, &["lexicon.toml", "word"]);
}
