//! Text to Piper phoneme sentences, keeping clause punctuation the way Piper does.
//!
//! Piper voices were trained on eSpeak NG phonemes with the clause punctuation put
//! back (`həlˈoʊ wˈɜːld, ðɪs ɪz ɐ tˈɛst.`). The plain `espeak_TextToPhonemes` call
//! drops it (Piper uses a patched eSpeak that reports it), so the text is split into
//! clauses here with eSpeak's own rules for the common cases, each clause is turned
//! into phonemes on its own, and the punctuation is re-inserted. Piper also starts a
//! new sentence (a separate model run) after `.`, `?` and `!`.

use crate::error::Error;

/// Characters that can end a clause.
const CLAUSE_PUNCT: &[char] = &[',', ';', ':', '.', '?', '!', '…', '–', '—'];
/// Closing quotes and brackets that may follow clause punctuation.
const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// One clause: its text (with its punctuation, as eSpeak would read it), the mark
/// Piper writes after its phonemes, and whether a sentence ends with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause<'a> {
    /// The clause as written.
    pub text: &'a str,
    /// `.`, `?`, `!`, `,`, `:`, `;` or nothing (ellipsis, end of text, paragraph).
    pub terminator: &'static str,
    /// Piper synthesises each sentence separately.
    pub ends_sentence: bool,
}

/// Split text into clauses. Punctuation ends a clause only when followed by white
/// space or the end (after any closing quotes): "3,000", "2.5" and "Hello.World" stay
/// whole; a period before a lowercase word does not end a sentence ("e.g. red");
/// dashes count only with space before them; an ellipsis always ends a clause but
/// never a sentence; a blank line ends a sentence. One scanner whose cursor and clause
/// start live in locals that every rule moves; split into helpers, each would take
/// and return both.
pub fn split(text: &str) -> Vec<Clause<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let ch = |i: usize| chars[i].1;
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < n {
        let c = ch(i);
        if c == '\n' {
            let mut j = i;
            while j < n && ch(j).is_whitespace() {
                j += 1;
            }
            let newlines = (i..j).filter(|&k| ch(k) == '\n').count();
            if newlines >= 2 && !text[at(start)..at(i)].trim().is_empty() {
                out.push(Clause {
                    text: &text[at(start)..at(i)],
                    terminator: "",
                    ends_sentence: true,
                });
                start = j;
            }
            i = j;
            continue;
        }
        if !CLAUSE_PUNCT.contains(&c) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && CLAUSE_PUNCT.contains(&ch(j)) {
            j += 1;
        }
        let mut k = j;
        while k < n && CLOSERS.contains(&ch(k)) {
            k += 1;
        }
        let mut m = k;
        while m < n && ch(m).is_whitespace() {
            m += 1;
        }
        let ellipsis = c == '…' || (j - i >= 3 && (i..i + 3).all(|x| ch(x) == '.'));
        let spaced = k == n || ch(k).is_whitespace();
        let dash = c == '–' || c == '—';
        let lowercase_next = m < n && ch(m).is_lowercase();
        let ends = ellipsis
            || (spaced
                && !(dash && (i == 0 || !ch(i - 1).is_whitespace()))
                && !(c == '.' && lowercase_next));
        if !ends {
            i = j;
            continue;
        }
        let blank_line_after = (k..m).filter(|&x| ch(x) == '\n').count() >= 2;
        let (terminator, ends_sentence) = match c {
            _ if ellipsis => ("", false),
            '.' if blank_line_after => ("", true),
            '.' => (".", true),
            '?' => ("?", true),
            '!' => ("!", true),
            ',' => (",", false),
            ':' => (":", false),
            ';' => (";", false),
            // eSpeak reads a spaced dash as a semicolon.
            _ => (";", false),
        };
        out.push(Clause {
            text: &text[at(start)..at(k)],
            terminator,
            ends_sentence,
        });
        start = m;
        i = m.max(i + 1);
    }
    if !text[at(start)..].trim().is_empty() {
        out.push(Clause {
            text: &text[at(start)..],
            terminator: "",
            ends_sentence: true,
        });
    }
    out
}

/// Drop eSpeak's language-switch flags such as `(fr)` around foreign words, as Piper does.
fn strip_language_flags(phonemes: &str) -> String {
    let mut out = String::with_capacity(phonemes.len());
    let mut rest = phonemes;
    while let Some(open) = rest.find('(') {
        match rest[open + 1..].find(')') {
            Some(len) if len > 0 => {
                out.push_str(&rest[..open]);
                rest = &rest[open + 1 + len + 1..];
            }
            // "()" is not a flag: keep it and look further.
            Some(_) => {
                out.push_str(&rest[..open + 2]);
                rest = &rest[open + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Phoneme text per sentence for `text`, with `to_phonemes` turning one clause into
/// eSpeak IPA. After `,`, `:` and `;` a space follows the mark; after an ellipsis
/// nothing does, exactly as in Piper (so the voice hears what it was trained on).
pub fn sentences(
    text: &str,
    mut to_phonemes: impl FnMut(&str) -> Result<String, Error>,
) -> Result<Vec<String>, Error> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    for clause in split(text) {
        current.push_str(&strip_language_flags(&to_phonemes(clause.text)?));
        current.push_str(clause.terminator);
        if matches!(clause.terminator, "," | ":" | ";") {
            current.push(' ');
        }
        if clause.ends_sentence {
            sentences.push(std::mem::take(&mut current));
        }
    }
    sentences.push(current);
    sentences.retain(|s| !s.is_empty());
    Ok(sentences)
}

/// Longest phoneme string given to the model in one run. Piper itself has no limit;
/// this keeps memory bounded when a "sentence" is a whole page without a full stop.
/// Ordinary sentences (up to about 80 words) stay whole.
pub const MAX_PHONEMES: usize = 800;

/// Split phoneme sentences longer than `max` characters at the last space before the
/// limit (or hard at the limit when there is none), so no model run is unbounded.
pub fn limit_length(sentences: Vec<String>, max: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        let mut rest = sentence.as_str();
        while rest.chars().count() > max {
            let limit = rest.char_indices().nth(max).map_or(rest.len(), |(b, _)| b);
            let cut = match rest[..limit].rfind(' ') {
                Some(space) if space > 0 => space,
                _ => limit,
            };
            out.push(rest[..cut].to_string());
            rest = rest[cut..].trim_start_matches(' ');
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Vec<(&str, &str, bool)> {
        split(text)
            .into_iter()
            .map(|c| (c.text, c.terminator, c.ends_sentence))
            .collect()
    }

    #[test]
    fn clause_punctuation_is_kept_and_sentences_end() {
        assert_eq!(
            marks("Hello world, this is a test. Another? Yes! Three: four; five."),
            [
                ("Hello world,", ",", false),
                ("this is a test.", ".", true),
                ("Another?", "?", true),
                ("Yes!", "!", true),
                ("Three:", ":", false),
                ("four;", ";", false),
                ("five.", ".", true),
            ]
        );
    }

    #[test]
    fn punctuation_inside_words_and_numbers_is_not_a_break() {
        assert_eq!(
            marks("3,000 or 2.5 at 10:30"),
            [("3,000 or 2.5 at 10:30", "", true)]
        );
        assert_eq!(marks("Hello.World"), [("Hello.World", "", true)]);
        assert_eq!(marks("e.g. red ones"), [("e.g. red ones", "", true)]);
        assert_eq!(marks("word—word"), [("word—word", "", true)]);
    }

    #[test]
    fn quotes_runs_dashes_ellipses_and_blank_lines() {
        assert_eq!(
            marks("\"Yes,\" she said."),
            [("\"Yes,\"", ",", false), ("she said.", ".", true)]
        );
        assert_eq!(
            marks("What?! No."),
            [("What?!", "?", true), ("No.", ".", true)]
        );
        assert_eq!(
            marks("It was – so – over"),
            [
                ("It was –", ";", false),
                ("so –", ";", false),
                ("over", "", true)
            ]
        );
        assert_eq!(
            marks("ones... and So…well"),
            [
                ("ones...", "", false),
                ("and So…", "", false),
                ("well", "", true)
            ]
        );
        assert_eq!(
            marks("One.\n\nTwo\n\nThree"),
            [("One.", "", true), ("Two", "", true), ("Three", "", true)]
        );
        assert_eq!(
            marks("Mr. Smith"),
            [("Mr.", ".", true), ("Smith", "", true)]
        );
        assert!(marks("  ").is_empty());
        assert_eq!(marks("..."), [("...", "", false)]);
    }

    #[test]
    fn sentences_reinsert_marks_like_piper() {
        let fake = |t: &str| -> Result<String, Error> {
            Ok(t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase())
        };
        assert_eq!(
            sentences("Hi, you. Go; now! So... well", fake).unwrap(),
            ["hi, you.", "go; now!", "sowell"]
        );
        assert!(sentences("", fake).unwrap().is_empty());
    }

    #[test]
    fn long_sentences_are_cut_at_spaces() {
        let s = vec!["ab cd ef".to_string(), "x".to_string()];
        assert_eq!(limit_length(s.clone(), 100), s);
        assert_eq!(limit_length(s, 5), ["ab", "cd ef", "x"]);
        assert_eq!(limit_length(vec!["abcdefg".into()], 3), ["abc", "def", "g"]);
        assert_eq!(limit_length(vec!["ˈaˈbˈc".into()], 4), ["ˈaˈb", "ˈc"]);
    }

    #[test]
    fn language_flags_are_removed() {
        assert_eq!(strip_language_flags("ðə (fr)kafe(en) ɪz"), "ðə kafe ɪz");
        assert_eq!(strip_language_flags("a () b (c"), "a () b (c");
        assert_eq!(strip_language_flags("() (fr)x"), "() x");
    }
}
