//! The M4B audiobook end to end: the sample built with the MP3s, read back by ffprobe
//! (chapters, tags, cover, duration) and AtomicParsley (the chapter atoms and tags), and
//! built again byte for byte. Needs espeak-ng, ffmpeg and atomicparsley (Debian).

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const SLUG: &str = "north-korean-labour-fuels-russia";

fn build(dir: &Path, input: &Path, path: &str, formats: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args(["build", input.to_str().unwrap(), "--formats", formats])
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("PATH", path)
        .output()
        .expect("altformat runs")
}

fn tool(name: &str, args: &[&str]) -> Output {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test ({e}); run .ci/install-tools.sh")
    });
    assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
    out
}

fn probe(file: &Path) -> Value {
    let file = file.to_str().unwrap();
    let args = [
        "-v",
        "error",
        "-show_chapters",
        "-show_format",
        "-show_streams",
    ];
    let out = tool("ffprobe", &[&args[..], &["-of", "json", file]].concat());
    serde_json::from_slice(&out.stdout).expect("ffprobe prints JSON")
}

fn secs(v: &Value) -> f64 {
    v.as_str().and_then(|s| s.parse().ok()).expect("a number")
}

/// (title, start) of every chapter ffprobe reads.
fn chapters(p: &Value) -> Vec<(String, f64)> {
    p["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["tags"]["title"].as_str().unwrap().to_string(),
                secs(&c["start_time"]),
            )
        })
        .collect()
}

#[test]
fn sample_m4b_has_the_mp3s_chapters_tags_and_cover_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var("PATH").unwrap_or_default();
    let out = build(dir.path(), &sample(), &path, "audio,m4b");
    assert!(out.status.success(), "{}", stderr(&out));
    let art = dir.path().join("exports").join(SLUG);
    let m4b = art.join(format!("{SLUG}.m4b"));
    let mp3 = probe(&art.join(format!("{SLUG}.mp3")));
    let p = probe(&m4b);

    let (want, got) = (chapters(&mp3), chapters(&p));
    assert_eq!(got.len(), 18);
    for ((title, start), (mp3_title, mp3_start)) in got.iter().zip(&want) {
        assert_eq!(title, mp3_title);
        assert!(
            (start - mp3_start).abs() < 0.05,
            "{title}: {start} vs {mp3_start}"
        );
    }
    let (d, mp3_d) = (
        secs(&p["format"]["duration"]),
        secs(&mp3["format"]["duration"]),
    );
    assert!((d - mp3_d).abs() < 0.5, "M4B {d} s, MP3 {mp3_d} s");

    let tags = &p["format"]["tags"];
    assert_eq!(tags["major_brand"], "M4B ");
    assert_eq!(tags["title"], want[0].0);
    assert_eq!(tags["album"], want[0].0);
    assert_eq!(tags["genre"], "Audiobook");
    assert!(
        tags["date"].as_str().is_some_and(|y| y.len() == 4),
        "{tags}"
    );
    assert!(tags.get("encoder").is_none(), "no version strings: {tags}");
    let streams = p["streams"].as_array().unwrap();
    let audio = streams.iter().find(|s| s["codec_type"] == "audio").unwrap();
    assert_eq!(
        (audio["codec_name"].as_str(), audio["profile"].as_str()),
        (Some("aac"), Some("LC"))
    );
    assert_eq!(audio["channels"], 1);
    let kbps = secs(&audio["bit_rate"]) / 1000.0;
    assert!((48.0..=80.0).contains(&kbps), "{kbps} kbit/s");
    let cover = streams
        .iter()
        .find(|s| s["disposition"]["attached_pic"] == 1)
        .expect("a cover");
    assert_eq!(cover["codec_name"], "png");
    assert_eq!(
        (cover["width"].as_u64(), cover["height"].as_u64()),
        (Some(1400), Some(1400))
    );

    // AtomicParsley, another reader: the tags and cover, the QuickTime chapter track
    // reference (`chap`) and the Nero chapter list (`chpl`).
    let m4b_arg = m4b.to_str().unwrap();
    let tags = stdout(&tool("AtomicParsley", &[m4b_arg, "-t"]));
    for needle in [
        "\"©gen\" contains: Audiobook",
        "\"covr\" contains: 1 piece of artwork",
    ] {
        assert!(tags.contains(needle), "{needle} in {tags}");
    }
    assert!(
        tags.contains(&format!("\"©nam\" contains: {}", want[0].0)),
        "{tags}"
    );
    let tree = stdout(&tool("AtomicParsley", &[m4b_arg, "-T"]));
    for atom in ["Atom chap", "Atom chpl", "Atom text"] {
        assert!(tree.contains(atom), "{atom} in {tree}");
    }

    // Built again from the sentence cache: the same bytes.
    let first = std::fs::read(&m4b).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args([
            "build",
            sample().to_str().unwrap(),
            "--formats",
            "audio,m4b",
            "--force",
        ])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        first == std::fs::read(&m4b).unwrap(),
        "a second build changed the M4B"
    );
}

#[test]
fn without_ffmpeg_the_m4b_fails_clearly_and_the_other_formats_still_build() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-tools");
    std::fs::create_dir(&empty).unwrap();
    let input = dir.path().join("short.txt");
    std::fs::write(&input, "A Short Book\n\nIt has one sentence.\n").unwrap();
    let out = build(dir.path(), &input, empty.to_str().unwrap(), "json,m4b");
    assert_fails(
        &out,
        1,
        &["short.txt", "m4b", "ffmpeg", "apt-get install ffmpeg"],
    );
    let art = dir.path().join("exports").join("a-short-book");
    assert!(
        art.join("article.json").is_file(),
        "the JSON was still written"
    );
    assert!(!art.join("a-short-book.m4b").exists());
    assert!(
        !art.join("manifest.json").exists(),
        "no manifest: the next run builds again"
    );
}
