//! Captions end to end: the sample narrated by eSpeak NG with `--formats audio,captions`,
//! every `.vtt` and `.srt` parsed back strictly here, checked against the speech script
//! (`inspect --speech`), the timeline (`narration.json`) and the MP3s (ffprobe), then
//! read by ffmpeg. Needs `apt-get install espeak-ng ffmpeg`.

use crate::common::*;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

const SLUG: &str = "north-korean-labour-fuels-russia";

/// One cue as read back.
#[derive(Debug, Clone, PartialEq)]
struct Cue {
    /// The WebVTT identifier (SubRip has only numbers).
    id: String,
    start: u64,
    end: u64,
    lines: Vec<String>,
}

/// `HH:MM:SS<sep>mmm` to milliseconds, strictly: two or more hour digits, minutes and
/// seconds of two digits under 60, three millisecond digits.
fn time(s: &str, sep: char) -> u64 {
    let bad = || panic!("bad time {s:?}");
    let (hms, ms) = s.split_once(sep).unwrap_or_else(bad);
    let p: Vec<&str> = hms.split(':').collect();
    let digits = |x: &str, n: usize| x.len() >= n && x.bytes().all(|b| b.is_ascii_digit());
    if p.len() != 3 || !digits(p[0], 2) || ms.len() != 3 || !digits(ms, 3) {
        bad();
    }
    let (h, m, sec): (u64, u64, u64) = (
        p[0].parse().unwrap(),
        p[1].parse().unwrap(),
        p[2].parse().unwrap(),
    );
    if p[1].len() != 2 || p[2].len() != 2 || m >= 60 || sec >= 60 {
        bad();
    }
    ((h * 60 + m) * 60 + sec) * 1000 + ms.parse::<u64>().unwrap()
}

/// The `<start> --> <end>` line.
fn timing(line: &str, sep: char) -> (u64, u64) {
    let (a, b) = line
        .split_once(" --> ")
        .unwrap_or_else(|| panic!("not a timing line: {line:?}"));
    (time(a, sep), time(b, sep))
}

/// The blocks of a caption file: separated by one blank line, the file ending with a
/// line break, no carriage returns, no BOM.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    assert!(!text.starts_with('\u{feff}') && !text.contains('\r'));
    assert!(text.ends_with('\n') && !text.ends_with("\n\n\n"));
    text.trim_end_matches('\n')
        .split("\n\n")
        .map(|b| {
            let lines: Vec<&str> = b.split('\n').collect();
            assert!(lines.iter().all(|l| !l.trim().is_empty()), "{b:?}");
            lines
        })
        .collect()
}

fn unescape(line: &str) -> String {
    let plain = line
        .replace("&lt;", "")
        .replace("&gt;", "")
        .replace("&amp;", "");
    assert!(
        !plain.contains(['&', '<', '>']),
        "unescaped markup: {line:?}"
    );
    line.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn parse_vtt(text: &str) -> Vec<Cue> {
    let blocks = blocks(text);
    assert_eq!(blocks[0], ["WEBVTT"]);
    blocks[1..]
        .iter()
        .map(|b| {
            assert!(b.len() >= 3 && !b[0].contains("-->"), "{b:?}");
            let (start, end) = timing(b[1], '.');
            let lines = b[2..].iter().map(|l| unescape(l)).collect();
            Cue {
                id: b[0].into(),
                start,
                end,
                lines,
            }
        })
        .collect()
}

fn parse_srt(text: &str) -> Vec<Cue> {
    assert!(
        text.ends_with("\n\n"),
        "a blank line after the last cue too"
    );
    blocks(text)
        .iter()
        .enumerate()
        .map(|(n, b)| {
            assert!(b.len() >= 3 && b[0] == (n + 1).to_string(), "{b:?}");
            let (start, end) = timing(b[1], ',');
            let lines = b[2..].iter().map(|l| l.to_string()).collect();
            Cue {
                id: String::new(),
                start,
                end,
                lines,
            }
        })
        .collect()
}

/// Cues in order, none empty or overlapping, the last ending within `limit_ms`.
fn ordered(cues: &[Cue], limit_ms: u64, file: &str) {
    let mut prev = 0;
    for c in cues {
        assert!(
            c.start >= prev && c.end > c.start,
            "{file}: {c:?} after {prev} ms"
        );
        assert!(
            c.lines.len() <= 2 && c.lines.iter().all(|l| l.chars().count() <= 42),
            "{c:?}"
        );
        prev = c.end;
    }
    assert!(
        prev <= limit_ms,
        "{file}: last cue ends at {prev} ms, audio {limit_ms} ms"
    );
}

/// Run an FFmpeg tool; fail (never skip) with what to install when it is missing.
fn ffmpeg_tool(name: &str, args: &[&str]) -> Output {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed for this test ({e}); install it: apt-get install ffmpeg")
    });
    assert!(out.status.success(), "{name} {args:?}: {}", stderr(&out));
    out
}

/// Duration and chapter starts of an MP3 as ffprobe reads them, in milliseconds.
fn mp3_times(file: &Path) -> (u64, Vec<u64>) {
    let mut args: Vec<&str> = "-v error -show_chapters -show_format -of json"
        .split(' ')
        .collect();
    args.push(file.to_str().unwrap());
    let out = ffmpeg_tool("ffprobe", &args);
    let v: Value = serde_json::from_slice(&out.stdout).expect("ffprobe prints JSON");
    let ms = |v: &Value| (v.as_str().unwrap().parse::<f64>().unwrap() * 1000.0).round() as u64;
    let starts = v["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| ms(&c["start_time"]));
    (ms(&v["format"]["duration"]), starts.collect())
}

/// Every utterance's displayed text, by id, as `inspect --speech` prints the script.
fn displayed(input: &Path) -> HashMap<String, String> {
    let (_d, out) = run(&["inspect", "--speech", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter_map(|w| {
            let text = w[1].strip_prefix("  display: ")?;
            Some((w[0].split(" (").next()?.to_string(), text.to_string()))
        })
        .collect()
}

/// Words without the spaces caption lines were broken at.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The track's cues against its clips: one run of cues per clip (a long sentence in
/// several, `<id>/1`, `<id>/2`...), its text the script's, from the clip's start to end.
fn matches_clips(cues: &[Cue], clips: &[Value], display: &HashMap<String, String>, file: &str) {
    let mut rest = cues;
    for clip in clips {
        let id = clip["id"].as_str().unwrap();
        let n = rest
            .iter()
            .take_while(|c| c.id.split('/').next() == Some(id))
            .count();
        assert!(n > 0, "{file}: no cue for clip {id}");
        let (run, next) = rest.split_at(n);
        rest = next;
        if n > 1 {
            let ids: Vec<String> = (1..=n).map(|i| format!("{id}/{i}")).collect();
            assert_eq!(
                run.iter().map(|c| &c.id).collect::<Vec<_>>(),
                ids.iter().collect::<Vec<_>>()
            );
        }
        let text: Vec<&str> = run
            .iter()
            .flat_map(|c| c.lines.iter().map(String::as_str))
            .collect();
        assert_eq!(
            squeeze(&text.concat()),
            squeeze(&display[id]),
            "{file}: {id}"
        );
        let ms = |k: &str| (clip[k].as_f64().unwrap() * 1000.0).round() as u64;
        assert!(
            run[0].start.abs_diff(ms("start")) <= 1,
            "{file}: {id} starts {}",
            run[0].start
        );
        assert!(
            run[n - 1].end.abs_diff(ms("end")) <= 1,
            "{file}: {id} ends {}",
            run[n - 1].end
        );
    }
    assert!(rest.is_empty(), "{file}: cues without clips: {rest:?}");
}

/// ffmpeg decodes the file with no complaint, and converted to ASS it has one dialogue
/// line per cue, at the cue's start (ASS counts centiseconds), with the cue's lines.
fn ffmpeg_reads(file: &Path, cues: &[Cue]) {
    let name = file.to_str().unwrap();
    let out = ffmpeg_tool(
        "ffmpeg",
        &["-v", "error", "-i", name, "-c:s", "ass", "-f", "null", "-"],
    );
    assert!(stderr(&out).trim().is_empty(), "{name}: {}", stderr(&out));
    let ass = file.with_extension(format!(
        "{}.ass",
        file.extension().unwrap().to_str().unwrap()
    ));
    let out = ffmpeg_tool(
        "ffmpeg",
        &["-v", "error", "-y", "-i", name, ass.to_str().unwrap()],
    );
    assert!(stderr(&out).trim().is_empty(), "{name}: {}", stderr(&out));
    let text = std::fs::read_to_string(&ass).unwrap();
    let events: Vec<(u64, String)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Dialogue: "))
        .map(|l| {
            let fields: Vec<&str> = l.splitn(10, ',').collect();
            let start = fields[1].replace('.', ":");
            let p: Vec<u64> = start.split(':').map(|x| x.parse().unwrap()).collect();
            let ms = ((p[0] * 60 + p[1]) * 60 + p[2]) * 1000 + p[3] * 10;
            (ms, fields[9].to_string())
        })
        .collect();
    assert_eq!(events.len(), cues.len(), "{name}: dialogue events");
    for ((ms, text), c) in events.iter().zip(cues) {
        assert!(
            ms.abs_diff(c.start) < 10,
            "{name}: ffmpeg reads {} at {ms} ms, not {}",
            c.id,
            c.start
        );
        assert_eq!(*text, c.lines.join("\\N"), "{name}: {}", c.id);
    }
}

/// Build `inputs` with `--formats audio,captions` in `dir`; the outputs folder.
fn build(dir: &Path, inputs: &[&Path]) -> std::path::PathBuf {
    let mut args = vec!["build"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    args.extend(["--formats", "audio,captions"]);
    let out = altformat(dir, &args)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    dir.join("exports")
}

/// Check every caption file of the article built from `input` into `art` (whole-article
/// files `<base>.vtt`, `.srt`); the whole-article cues.
fn check_article(art: &Path, input: &Path, base: &str) -> Vec<Cue> {
    let read = |name: &str| {
        std::fs::read_to_string(art.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let narration: Value = serde_json::from_str(&read("narration.json")).unwrap();
    let tracks = narration["tracks"].as_array().unwrap();
    let display = displayed(input);
    let (whole_ms, chapter_starts) = mp3_times(&art.join(format!("{base}.mp3")));
    assert_eq!(chapter_starts.len(), tracks.len());

    let mut shifted = Vec::new();
    for (track, offset) in tracks.iter().zip(&chapter_starts) {
        let mp3 = track["file"].as_str().unwrap();
        let stem = mp3.strip_suffix(".mp3").unwrap();
        let (vtt_name, srt_name) = (format!("{stem}.vtt"), format!("{stem}.srt"));
        let vtt = parse_vtt(&read(&vtt_name));
        let srt = parse_srt(&read(&srt_name));
        ordered(&vtt, mp3_times(&art.join(mp3)).0, &vtt_name);
        let clips = track["clips"].as_array().unwrap();
        matches_clips(&vtt, clips, &display, &vtt_name);
        let bare: Vec<Cue> = vtt
            .iter()
            .map(|c| Cue {
                id: String::new(),
                ..c.clone()
            })
            .collect();
        assert_eq!(srt, bare, "{srt_name} says what {vtt_name} says");
        ffmpeg_reads(&art.join(&vtt_name), &vtt);
        ffmpeg_reads(&art.join(&srt_name), &srt);
        shifted.extend(vtt.into_iter().map(|c| Cue {
            start: c.start + offset,
            end: c.end + offset,
            ..c
        }));
    }
    let whole_vtt = parse_vtt(&read(&format!("{base}.vtt")));
    let whole_srt = parse_srt(&read(&format!("{base}.srt")));
    assert_eq!(
        whole_vtt, shifted,
        "whole = each track at its chapter's start"
    );
    ordered(&whole_vtt, whole_ms, "the whole-article captions");
    let clips: usize = tracks
        .iter()
        .map(|t| t["clips"].as_array().unwrap().len())
        .sum();
    let firsts = whole_vtt
        .iter()
        .filter(|c| !c.id.contains('/') || c.id.ends_with("/1"));
    assert_eq!(firsts.count(), clips, "a cue (or a run of them) per clip");
    assert_eq!(whole_srt.len(), whole_vtt.len());
    ffmpeg_reads(&art.join(format!("{base}.vtt")), &whole_vtt);
    ffmpeg_reads(&art.join(format!("{base}.srt")), &whole_srt);
    whole_vtt
}

#[test]
fn sample_captions_parse_back_match_the_script_and_the_mp3s_and_ffmpeg_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let art = build(dir.path(), &[&sample()]).join(SLUG);
    let whole = check_article(&art, &sample(), SLUG);
    let narration = std::fs::read_to_string(art.join("narration.json")).unwrap();
    let tracks = serde_json::from_str::<Value>(&narration).unwrap()["tracks"]
        .as_array()
        .map_or(0, Vec::len);
    let headings = whole.iter().filter(|c| c.id.ends_with("-heading"));
    assert_eq!(
        headings.count(),
        tracks - 1,
        "every section's heading is a cue"
    );
    assert!(
        whole.iter().any(|c| c.id.ends_with("/2")),
        "long sentences are split"
    );

    let (_d, formats) = run(&["formats"]);
    let formats = stdout(&formats);
    assert!(formats.contains("captions available"), "{formats}");
}

#[test]
fn right_to_left_and_cjk_captions_keep_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = ["scripts/arabic.md", "scripts/japanese.md"].map(fixture);
    let exports = build(dir.path(), &[&inputs[0], &inputs[1]]);
    for (input, name, sample) in [
        (&inputs[0], "arabic", "القاهرة"),
        (&inputs[1], "japanese", "東京"),
    ] {
        let whole = check_article(&exports.join(name), input, "article");
        let text: String = whole
            .iter()
            .flat_map(|c| c.lines.iter().map(String::as_str))
            .collect();
        assert!(text.contains(sample), "{name}: {text}");
    }
}
