//! Word times for the text as displayed.
//!
//! A voice reports where each word of the *spoken* text starts; readers highlight the
//! words of the *displayed* text, and the two differ wherever the normaliser rewrote
//! something ("$3.2bn" is said "3.2 billion dollars"). The words of both are lined up
//! by their letters (a longest common subsequence, so every word said as written keeps
//! its own time); a stretch rewritten between two such words becomes one timed unit
//! covering the displayed words of the stretch and the spoken words that replaced
//! them. Displayed words nothing was said for (a silent note marker) get no time.

use crate::voice::WordMark;
use serde::Serialize;
use std::ops::Range;

/// A displayed word (or a rewritten stretch of words) and when it is said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// The word as displayed.
    pub text: String,
    /// Start, seconds from the start of the track.
    pub start: f64,
    /// End, seconds from the start of the track: the next word's start, or the end of
    /// the utterance's speech for the last.
    pub end: f64,
    /// Its characters in the utterance's displayed text, `[first, past the last)`,
    /// counted in Unicode scalar values (as JavaScript's `Array.from` counts them).
    pub range: [usize; 2],
}

/// A displayed word's time within its utterance, in samples, before the utterance is
/// placed in its track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedWord {
    /// Its characters in the displayed text.
    pub chars: Range<usize>,
    /// First sample, from the utterance's start.
    pub start: usize,
    /// Past the last sample, from the utterance's start.
    pub end: usize,
}

/// One word of a text: its bytes, and the letters and digits that identify it.
struct Token {
    bytes: Range<usize>,
    key: String,
}

/// The words of `text`: runs of letters and digits, with an apostrophe, hyphen, dot
/// or comma kept inside them ("don't", "well-known", "3.2", "12,000") and a currency
/// sign before them ("$3.2bn", matched by its letters and digits). eSpeak phoneme
/// markup (`[[...]]`) is one word that matches nothing displayed.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if text[i..].starts_with("[[") {
            let end = text[i..].find("]]").map_or(text.len(), |e| i + e + 2);
            out.push(Token {
                bytes: i..end,
                key: "\u{0}".into(),
            });
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
            continue;
        }
        // A currency sign or `#` belongs to the number after it ("$3.2bn", "#1").
        let leads = matches!(c, '$' | '£' | '€' | '¥' | '₹' | '#')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if !c.is_alphanumeric() && !leads {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut key: String = if leads {
            String::new()
        } else {
            c.to_lowercase().collect()
        };
        while let Some(&(j, d)) = chars.peek() {
            let joins = matches!(d, '\'' | '’' | '-' | '.' | ',')
                && text[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if d.is_alphanumeric() {
                key.extend(d.to_lowercase());
            } else if !joins {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        out.push(Token { bytes: i..end, key });
    }
    out
}

/// Pairs `(d, s)` of display and spoken tokens with the same key, in order, as many as
/// possible (longest common subsequence; sentences are short, so the table is small).
fn matches(display: &[Token], spoken: &[Token]) -> Vec<(usize, usize)> {
    let (n, m) = (display.len(), spoken.len());
    let mut table = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if display[i].key == spoken[j].key {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if display[i].key == spoken[j].key {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The displayed words of an utterance with their times: `marks` are where the voice
/// started each word of `spoken`, `samples` the length of its speech.
pub fn align(display: &str, spoken: &str, marks: &[WordMark], samples: usize) -> Vec<TimedWord> {
    if marks.is_empty() {
        return Vec::new();
    }
    let shown = tokens(display);
    let said = tokens(spoken);
    // Each spoken word's start: the first mark inside it.
    let mut next_mark = 0;
    let starts: Vec<Option<usize>> = said
        .iter()
        .map(|t| {
            while marks
                .get(next_mark)
                .is_some_and(|m| m.text.start < t.bytes.start)
            {
                next_mark += 1;
            }
            marks
                .get(next_mark)
                .filter(|m| m.text.start < t.bytes.end)
                .map(|m| m.sample)
        })
        .collect();
    // Units: (display tokens, spoken tokens) that go together, in order.
    let mut units: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut d, mut s) = (0, 0);
    let pairs = matches(&shown, &said);
    for &(pd, ps) in pairs
        .iter()
        .chain(std::iter::once(&(shown.len(), said.len())))
    {
        if d < pd && s < ps {
            units.push((d..pd, s..ps));
        }
        if pd < shown.len() {
            units.push((pd..pd + 1, ps..ps + 1));
        }
        (d, s) = (pd + 1, ps + 1);
    }
    let mut words: Vec<TimedWord> = Vec::with_capacity(units.len());
    for (ds, ss) in units {
        let Some(start) = starts[ss].iter().flatten().min().copied() else {
            continue; // nothing timed was said for these displayed words
        };
        if words.last().is_some_and(|w| w.start >= start) {
            continue;
        }
        let bytes = shown[ds.start].bytes.start..shown[ds.end - 1].bytes.end;
        words.push(TimedWord {
            chars: char_index(display, bytes.start)..char_index(display, bytes.end),
            start,
            end: 0,
        });
    }
    let speech_end = samples.max(words.last().map_or(0, |w| w.start + 1));
    let next_starts: Vec<usize> = words
        .iter()
        .skip(1)
        .map(|w| w.start)
        .chain(std::iter::once(speech_end))
        .collect();
    for (w, end) in words.iter_mut().zip(next_starts) {
        w.end = end;
    }
    words
}

/// The number of characters before byte `at` of `text`.
fn char_index(text: &str, at: usize) -> usize {
    text[..at].chars().count()
}

/// `words` of an utterance placed in its track: `offset` is the sample where the
/// utterance starts (the MP3 delay included), `rate` the sample rate.
pub fn place(words: &[TimedWord], display: &str, offset: usize, rate: u32) -> Vec<Word> {
    let secs = |n: usize| (n + offset) as f64 / f64::from(rate);
    let chars: Vec<char> = display.chars().collect();
    words
        .iter()
        .map(|w| Word {
            text: chars[w.chars.clone()].iter().collect(),
            start: secs(w.start),
            end: secs(w.end),
            range: [w.chars.start, w.chars.end],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks at each spoken word's start, 100 samples apart.
    fn marks(spoken: &str) -> Vec<WordMark> {
        tokens(spoken)
            .iter()
            .enumerate()
            .map(|(i, t)| WordMark {
                text: t.bytes.clone(),
                sample: i * 100,
            })
            .collect()
    }

    fn shown(display: &str, spoken: &str) -> Vec<(String, usize, usize)> {
        let chars: Vec<char> = display.chars().collect();
        align(display, spoken, &marks(spoken), 10_000)
            .into_iter()
            .map(|w| (chars[w.chars].iter().collect(), w.start, w.end))
            .collect()
    }

    #[test]
    fn words_said_as_written_keep_their_own_times() {
        assert_eq!(
            shown("The café’s owner—said “no”.", "The café’s owner, said no."),
            [
                ("The".into(), 0, 100),
                ("café’s".into(), 100, 200),
                ("owner".into(), 200, 300),
                ("said".into(), 300, 400),
                ("no".into(), 400, 10_000),
            ]
        );
    }

    #[test]
    fn a_rewritten_stretch_is_one_unit() {
        let w = shown(
            "It cost $3.2bn in 2024.",
            "It cost 3.2 billion dollars in twenty twenty-four.",
        );
        assert_eq!(
            w,
            [
                ("It".into(), 0, 100),
                ("cost".into(), 100, 200),
                ("$3.2bn".into(), 200, 500),
                ("in".into(), 500, 600),
                ("2024".into(), 600, 10_000),
            ]
        );
    }

    #[test]
    fn unsaid_words_get_no_time_and_phonemes_match_nothing() {
        let w = shown("Tbilisi is far [1] away.", "[[tbI'li:si]] is far away.");
        let texts: Vec<&str> = w.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["Tbilisi", "is", "far", "away"], "{w:?}");
        assert_eq!(w[0].1, 0, "the phonemes time the word they replace");
    }

    #[test]
    fn no_marks_no_words_and_placing_counts_characters() {
        assert!(align("Hello there.", "Hello there.", &[], 100).is_empty());
        let words = align("Où est-il?", "Où est-il?", &marks("Où est-il?"), 1000);
        let placed = place(&words, "Où est-il?", 500, 1000);
        assert_eq!(placed[1].text, "est-il");
        assert_eq!(placed[1].range, [3, 9]);
        assert_eq!(placed[0].start, 0.5);
        assert_eq!(placed[1].end, 1.5);
    }
}
