//! Narration audio end to end: the sample article through eSpeak NG, checked with
//! ffprobe and ffmpeg the way a player sees it. Needs `apt-get install espeak-ng ffmpeg`.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

const SLUG: &str = "north-korean-labour-fuels-russia";

/// Run altformat in `dir` with the sentence cache in a folder of the test's own.
fn run_audio(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = altformat(dir, args);
    cmd.env("XDG_CACHE_HOME", dir.join("cache"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("altformat runs")
}

/// Run an FFmpeg tool; fail (never skip) with what to install when it is missing.
fn tool(name: &str, args: &[&str]) -> Output {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test ({e}); install it: apt-get install ffmpeg")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        stderr(&out)
    );
    out
}

fn probe(file: &Path) -> Value {
    let out = tool(
        "ffprobe",
        &[
            "-v",
            "error",
            "-show_chapters",
            "-show_format",
            "-of",
            "json",
            file.to_str().unwrap(),
        ],
    );
    serde_json::from_slice(&out.stdout).expect("ffprobe prints JSON")
}

fn seconds(v: &Value) -> f64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .or(v.as_f64())
        .expect("a number")
}

/// Integrated loudness (LUFS) and true peak (dBFS) as ffmpeg's ebur128 filter reads them.
fn ffmpeg_loudness(file: &Path) -> (f64, f64) {
    let out = tool(
        "ffmpeg",
        &[
            "-nostats",
            "-i",
            file.to_str().unwrap(),
            "-af",
            "ebur128=peak=true:framelog=verbose",
            "-f",
            "null",
            "-",
        ],
    );
    let log = stderr(&out);
    let summary = log.rsplit("Summary:").next().expect("an ebur128 summary");
    let value = |key: &str| -> f64 {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(key))
            .expect(key);
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (value("I:"), value("Peak:"))
}

/// Mono 16-bit samples of `file`, decoded by ffmpeg.
fn decode(file: &Path) -> Vec<i16> {
    let out = tool(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-i",
            file.to_str().unwrap(),
            "-f",
            "s16le",
            "-ac",
            "1",
            "-",
        ],
    );
    out.stdout
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// RMS level in dBFS of `pcm` between two times in seconds.
fn level_db(pcm: &[i16], rate: f64, from: f64, to: f64) -> f64 {
    let seg = &pcm[(from * rate) as usize..((to * rate) as usize).min(pcm.len())];
    let power = seg.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>() / seg.len().max(1) as f64;
    10.0 * (power / 32768f64.powi(2) + 1e-20).log10()
}

/// The clip times point at the speech: what lies between clips (the pauses) is
/// silent in the decoded MP3 and every clip has speech in it.
fn assert_clips_match_audio(file: &Path, track: &Value) {
    let pcm = decode(file);
    let clips = track["clips"].as_array().unwrap();
    let time = |c: &Value, k: &str| c[k].as_f64().unwrap();
    for pair in clips.windows(2) {
        let (end, next) = (time(&pair[0], "end"), time(&pair[1], "start"));
        let gap = level_db(&pcm, 22050.0, end + 0.01, next - 0.01);
        assert!(
            gap < -60.0,
            "{} .. {}: pause at {gap:.1} dBFS",
            pair[0]["id"],
            pair[1]["id"]
        );
    }
    for c in clips {
        let speech = level_db(&pcm, 22050.0, time(c, "start"), time(c, "end"));
        assert!(speech > -30.0, "{}: clip at {speech:.1} dBFS", c["id"]);
    }
}

#[test]
fn sample_article_narration() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_audio(
        dir.path(),
        &[],
        &build_args(sample().to_str().unwrap(), "audio", &[]),
    );
    assert!(
        out.status.success(),
        "{} (needs libespeak-ng: apt-get install espeak-ng)",
        stderr(&out)
    );
    let art = dir.path().join("exports").join(SLUG);
    let model: Value = {
        let (_d, o) = run(&["inspect", "--json", sample().to_str().unwrap()]);
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let mut headings = vec![model["title"].as_str().unwrap().to_string()];
    for s in model["sections"].as_array().unwrap() {
        headings.push(s["heading"].as_str().unwrap().to_string());
    }
    assert_eq!(headings.len(), 18);

    // The whole file: chapters titled like the headings, in order, covering the audio.
    let whole = art.join(format!("{SLUG}.mp3"));
    let p = probe(&whole);
    let duration = seconds(&p["format"]["duration"]);
    assert!((600.0..=960.0).contains(&duration), "duration {duration} s");
    let tags = &p["format"]["tags"];
    assert_eq!(tags["title"], headings[0]);
    assert_eq!(tags["genre"], "Speech");
    let chapters = p["chapters"].as_array().unwrap();
    let titles: Vec<&str> = chapters
        .iter()
        .map(|c| c["tags"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, headings);
    let mut previous_end = 0.0;
    for c in chapters {
        let (start, end) = (seconds(&c["start_time"]), seconds(&c["end_time"]));
        assert!((start - previous_end).abs() < 0.002 && end > start, "{c}");
        previous_end = end;
    }
    assert!(
        (previous_end - duration).abs() < 0.1,
        "{previous_end} vs {duration}"
    );

    // Section files, the playlist and the timeline agree with each other.
    let narration: Value =
        serde_json::from_slice(&std::fs::read(art.join("narration.json")).unwrap()).unwrap();
    let tracks = narration["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 18);
    assert_eq!(narration["sample_rate"], 22050);
    let playlist = std::fs::read_to_string(art.join(format!("{SLUG}.m3u8"))).unwrap();
    let lines: Vec<&str> = playlist.lines().collect();
    assert_eq!(lines[0], "#EXTM3U");
    let entries: Vec<(&str, &str)> = lines
        .iter()
        .zip(lines.iter().skip(1))
        .filter(|(l, _)| l.starts_with("#EXTINF:"))
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(entries.len(), 18);
    let mut sum = 0.0;
    for (i, (track, (extinf, file))) in tracks.iter().zip(&entries).enumerate() {
        let name = track["file"].as_str().unwrap();
        assert_eq!(*file, name);
        assert!(name.starts_with(&format!("{:02}-", i + 1)), "{name}");
        let (secs, title) = extinf["#EXTINF:".len()..].split_once(',').unwrap();
        assert_eq!(title, headings[i]);
        let d = track["duration"].as_f64().unwrap();
        assert!((secs.parse::<f64>().unwrap() - d).abs() < 0.001);
        let sp = probe(&art.join(name));
        assert!(
            (seconds(&sp["format"]["duration"]) - d).abs() < 0.05,
            "{name}"
        );
        assert_eq!(sp["format"]["tags"]["title"], headings[i]);
        assert_eq!(sp["format"]["tags"]["track"], format!("{}/18", i + 1));
        assert_eq!(sp["format"]["tags"]["album"], headings[0]);
        let mut last = 0.0;
        for clip in track["clips"].as_array().unwrap() {
            let (s, e) = (
                clip["start"].as_f64().unwrap(),
                clip["end"].as_f64().unwrap(),
            );
            assert!(s >= last && e > s && e <= d, "{name}: {clip}");
            last = e;
        }
        sum += d;
        if i < 3 {
            assert_clips_match_audio(&art.join(name), track);
        }
        if i % 4 == 1 {
            // Each chapter file is levelled on its own, as ACX measures each file.
            let (lufs, peak) = ffmpeg_loudness(&art.join(name));
            assert!((-20.0..=-16.0).contains(&lufs), "{name}: {lufs} LUFS");
            assert!(peak <= -2.9, "{name}: true peak {peak} dBFS");
        }
    }
    assert!(
        (sum - duration).abs() < 0.1,
        "tracks {sum} vs whole {duration}"
    );

    // Loudness for spoken word, as a player's meter reads the encoded file.
    let (lufs, peak) = ffmpeg_loudness(&whole);
    assert!(
        (-20.0..=-16.0).contains(&lufs),
        "integrated loudness {lufs} LUFS"
    );
    assert!(peak <= -2.9, "true peak {peak} dBFS");

    // The sentence cache went to $XDG_CACHE_HOME. Forced re-runs with --cache-dir
    // start a cache there (voice again) and then build from it (no voice): the same
    // bytes each time, the output is deterministic.
    assert!(dir.path().join("cache/altformat").is_dir());
    let first = std::fs::read(&whole).unwrap();
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    for _ in 0..2 {
        let input = sample();
        let args = build_args(
            input.to_str().unwrap(),
            "audio",
            &["--cache-dir", "own", "--force"],
        );
        let before = mtime(&whole);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let out = run_audio(dir.path(), &[], &args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(mtime(&whole) > before, "--force rewrote the MP3");
        assert!(
            first == std::fs::read(&whole).unwrap(),
            "re-run changed the MP3"
        );
    }
    assert!(dir.path().join("own").read_dir().unwrap().next().is_some());
}

#[test]
fn missing_espeak_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("ALTFORMAT_ESPEAK_LIB", "/nonexistent/libespeak-ng.so.1")];
    let input = sample();
    let out = run_audio(
        dir.path(),
        &env,
        &build_args(input.to_str().unwrap(), "audio", &[]),
    );
    assert_fails(
        &out,
        1,
        &[
            "apt-get install espeak-ng",
            "/nonexistent/libespeak-ng.so.1",
        ],
    );
    // Formats that need no voice still build.
    let out = run_audio(
        dir.path(),
        &env,
        &build_args(input.to_str().unwrap(), "json", &[]),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("exports")
            .join(SLUG)
            .join("article.json")
            .is_file()
    );
}

/// Bytes of every file under `dir`.
fn size_of_tree(dir: &Path) -> u64 {
    files_under(dir).iter().map(|(_, m)| m.len()).sum()
}

#[test]
fn cache_can_be_turned_off_and_stays_under_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.md");
    std::fs::write(
        &input,
        "# Cache Test\n\nOne sentence to say. Another sentence to say, a little longer.\n\n\
         ## Part\n\nA third sentence, in a second chapter.\n",
    )
    .unwrap();
    let build = |config: &str, cache: &str| {
        std::fs::write(dir.path().join("altformat.toml"), config).unwrap();
        let args = build_args("a.md", "audio", &["--cache-dir", cache]);
        let out = run_audio(dir.path(), &[], &args);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    build("[audio]\ncache = false\n", "off");
    assert!(dir.path().join("cache/altformat").read_dir().is_err());
    assert_eq!(size_of_tree(&dir.path().join("off")), 0, "cache = false");
    build("", "on");
    let full = size_of_tree(&dir.path().join("on"));
    assert!(
        full > 100_000,
        "sentences and chapters cached: {full} bytes"
    );
    // A limit under what one article needs: the build still succeeds, and pruning at
    // its end brings the cache back under the limit.
    build("[audio]\ncache_limit_mb = 0\n", "small");
    assert_eq!(size_of_tree(&dir.path().join("small")), 0);
}
