//! Cues: one per utterance, its displayed text wrapped into caption lines and timed by
//! its narration clip.
//!
//! Lines are at most [`LINE_COLUMNS`] wide, broken where Unicode line breaking (UAX #14)
//! allows: at spaces, after hyphens, between CJK ideographs. A cue shows at
//! most [`CUE_LINES`] lines; a sentence that needs more becomes several cues in a row,
//! the clip's time shared among them in proportion to their characters (the voice
//! speaks at a steady rate within a sentence, so each part shows while it is said,
//! give or take a word). One cue of many lines would cover the picture or the player.

use crate::export::epub::smil::millis;
use crate::narration::Track;
use unicode_linebreak::linebreaks;
use unicode_normalization::char::is_combining_mark;

/// Width of a caption line at most, in columns: 42 Latin letters (the usual width of
/// broadcast and web captions), or 21 ideographs, kana or Hangul, which take two
/// columns each (Japanese captions are held to 13-16 characters a line for the same
/// reason); combining marks and invisible format characters take none.
pub const LINE_COLUMNS: usize = 42;

/// Lines per cue at most.
pub const CUE_LINES: usize = 2;

/// One caption: when it shows and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The utterance id; `<id>/1`, `<id>/2`... when a long sentence is split.
    pub id: String,
    /// When it appears, milliseconds from the start of the audio.
    pub start: u64,
    /// When it goes, milliseconds from the start of the audio.
    pub end: u64,
    /// Its lines, as displayed (not escaped).
    pub lines: Vec<String>,
}

impl Cue {
    /// The same cue `ms` milliseconds later (a track's cue in the whole-article file).
    pub fn later(&self, ms: u64) -> Cue {
        Cue {
            start: self.start + ms,
            end: self.end + ms,
            ..self.clone()
        }
    }
}

/// The cues of one track, in clip order. `display` gives an utterance's displayed text
/// by id; an utterance with nothing visible has no cue (it would be an empty caption).
pub fn track<'a>(
    track: &Track,
    display: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<Vec<Cue>, String> {
    let mut cues = Vec::with_capacity(track.clips.len());
    for clip in &track.clips {
        let text = display(&clip.id).ok_or_else(|| {
            format!(
                "narration clip {:?} of {} is not in the speech script",
                clip.id, track.file
            )
        })?;
        let lines = wrap(text);
        if lines.iter().any(|l| l.chars().any(shows)) {
            cues.extend(split(&clip.id, millis(clip.start), millis(clip.end), lines));
        }
    }
    check(&cues, millis(track.duration), &track.file)?;
    Ok(cues)
}

/// Cues in order, none empty, none overlapping the next, none past `limit_ms`; anything
/// else means the narration does not fit its audio, an error rather than bad captions.
pub fn check(cues: &[Cue], limit_ms: u64, file: &str) -> Result<(), String> {
    let mut prev_end = 0;
    for c in cues {
        if c.start < prev_end || c.end <= c.start || c.end > limit_ms {
            return Err(format!(
                "narration clip {:?} ({}..{} ms) is out of order, empty or past the end of \
                 {file} ({limit_ms} ms)",
                c.id, c.start, c.end
            ));
        }
        prev_end = c.end;
    }
    Ok(())
}

/// `text` in lines at most [`LINE_COLUMNS`] wide, as few as greedy filling
/// gives but balanced: the narrowest width that needs no more lines, so a sentence does
/// not end on a lone word. White space is collapsed and control characters dropped (no
/// caption can show them). No line is empty; no text gives no lines.
pub fn wrap(text: &str) -> Vec<String> {
    let visible: String = text
        .chars()
        .filter(|c| c.is_whitespace() || !c.is_control())
        .collect();
    let text = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines = fill(&text, LINE_COLUMNS);
    // Greedy filling needs no fewer lines at a narrower width, so the narrowest width
    // that keeps the count is found by bisection.
    let (mut narrow, mut wide) = (0, LINE_COLUMNS);
    while wide - narrow > 1 {
        let mid = (narrow + wide) / 2;
        if fill(&text, mid).len() <= lines.len() {
            wide = mid;
        } else {
            narrow = mid;
        }
    }
    fill(&text, wide)
}

/// Greedy filling of lines up to `width` columns at the Unicode line break
/// opportunities; a run with none longer than a line (Thai has none without a
/// dictionary) is cut between characters, never before a combining mark.
pub(super) fn fill(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut start = 0;
    for (end, _) in linebreaks(text) {
        let segment = &text[start..end];
        start = end;
        if !line.is_empty() && columns(&line) + columns(segment.trim_end()) > width {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in segment.chars() {
            let over = columns(&line) + column(c) > width;
            if over && !line.is_empty() && !c.is_whitespace() && !is_combining_mark(c) {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Whether a character draws anything: not white space and not one of the invisible
/// format characters (zero-width spaces and joiners, direction marks, soft hyphen, BOM),
/// which stay in a caption's text but cannot make one on their own.
fn shows(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(c, '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Columns `c` takes on a caption line (East Asian wide characters two, see
/// [`LINE_COLUMNS`]).
fn column(c: char) -> usize {
    match c {
        c if is_combining_mark(c) || !(c.is_whitespace() || shows(c)) => 0,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{303e}'
        | '\u{3041}'..='\u{33ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{a000}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3fffd}' => 2,
        _ => 1,
    }
}

/// Columns a line takes.
pub(super) fn columns(s: &str) -> usize {
    s.chars().map(column).sum()
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The cue(s) of one utterance shown from `start` to `end`: one when its lines fit, else
/// [`CUE_LINES`] lines a cue with the time shared by characters. Should a part round to
/// no time at all (a clip of a few milliseconds), it stays one cue with every line.
pub(super) fn split(id: &str, start: u64, end: u64, lines: Vec<String>) -> Vec<Cue> {
    let one = |lines| {
        vec![Cue {
            id: id.to_string(),
            start,
            end,
            lines,
        }]
    };
    if lines.len() <= CUE_LINES {
        return one(lines);
    }
    let parts: Vec<&[String]> = lines.chunks(CUE_LINES).collect();
    let weight = |p: &[String]| p.iter().map(|l| chars(l) as u64 + 1).sum::<u64>();
    let total: u64 = parts.iter().map(|p| weight(p)).sum();
    let span = end.saturating_sub(start);
    let mut cues = Vec::with_capacity(parts.len());
    let (mut done, mut at) = (0, start);
    for (n, part) in parts.iter().enumerate() {
        done += weight(part);
        let to = start + (span * done + total / 2) / total;
        if to <= at {
            return one(lines);
        }
        cues.push(Cue {
            id: format!("{id}/{}", n + 1),
            start: at,
            end: to,
            lines: part.to_vec(),
        });
        at = to;
    }
    cues
}
