//! The two caption file formats, written from the same cues: WebVTT (W3C, for the web
//! and HLS players) and SubRip (`.srt`, what most desktop and TV players read).

use super::cue::Cue;
use std::fmt::Write;

/// `HH:MM:SS<sep>mmm` for `ms` milliseconds (`.` in WebVTT, `,` in SubRip). Hours grow
/// past two digits rather than wrap; minutes and seconds never reach 60.
pub fn timestamp(ms: u64, sep: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{sep}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// WebVTT cue text: `&`, `<` and `>` as character references (anything else, including
/// right-to-left and non-Latin text, stays as it is).
pub fn escape(text: &str) -> String {
    // Only these three: WebVTT readers such as ffmpeg's know few named references
    // (no `&quot;`), so quotes and the rest stay as they are.
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A WebVTT file: the `WEBVTT` header, then each cue with its id as identifier.
pub fn webvtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n");
    for c in cues {
        let _ = write!(
            out,
            "\n{}\n{} --> {}\n",
            c.id,
            timestamp(c.start, '.'),
            timestamp(c.end, '.')
        );
        for line in &c.lines {
            let _ = writeln!(out, "{}", escape(line));
        }
    }
    out
}

/// A SubRip file: cues numbered from 1, a blank line after each, UTF-8 with no BOM.
/// SubRip has no escapes; the text is written as displayed.
pub fn subrip(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (n, c) in cues.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}\n{} --> {}\n{}\n",
            n + 1,
            timestamp(c.start, ','),
            timestamp(c.end, ','),
            c.lines.join("\n")
        );
    }
    out
}
