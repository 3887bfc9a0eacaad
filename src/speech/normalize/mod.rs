//! English text normalisation: what a reader says for digits, symbols and acronyms.
//!
//! One left-to-right scan. At every position where a word may start, the rules are
//! tried in order (lexicon first, then URLs, money, dates and times, numbers,
//! acronyms, abbreviations, symbols); the first that matches consumes some text and
//! gives its spoken form. Each replacement is recorded as a [`Change`], so a producer
//! can review exactly what was changed. Text no rule matches is kept as written, so
//! words already spelled out ("thirteen thousand") stay.

mod acronyms;
mod cursor;
mod dates;
pub mod ipa;
pub mod lexicon;
mod markup;
mod money;
mod notes;
mod numbers;
#[cfg(test)]
mod robustness;
mod symbols;
mod units;
pub mod words;

pub(crate) use cursor::{boundary, char_at, letters_end, prev_char, prev_word};
use cursor::{starts_token, tidy};
use lexicon::Lexicon;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One replacement made while preparing the spoken text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Byte range of the replaced text in the display text.
    pub range: Range<usize>,
    /// The text as written.
    pub from: String,
    /// What is said instead.
    pub to: String,
}

/// The spoken form of a piece of text and the changes that made it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Spoken {
    /// The text for the voice.
    pub text: String,
    /// Every replacement, in order.
    pub changes: Vec<Change>,
}

impl Spoken {
    /// The display text with each change shown inline as `[from → to]`.
    pub fn marked(&self, display: &str) -> String {
        let mut out = String::new();
        let mut at = 0;
        for c in &self.changes {
            out.push_str(&display[at..c.range.start]);
            // A replacement by nothing but a space or a pause still shows.
            let to = match c.to.trim() {
                "" => "␣",
                t => t,
            };
            out.push_str(&format!("[{} → {to}]", c.from));
            at = c.range.end;
        }
        out.push_str(&display[at..]);
        out
    }
}

/// How acronyms are read: all-caps words of 2-5 letters are spelled as letters unless
/// listed as words; the lists here add to (and win over) the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AcronymOptions {
    /// Always spelled as letters, whatever their length ("UNHCR").
    pub letters: Vec<String>,
    /// Always read as words ("NATO", "UNESCO").
    pub words: Vec<String>,
}

/// What the English rules need to know.
#[derive(Debug, Clone)]
pub struct Rules<'a> {
    /// Acronym lists.
    pub acronyms: &'a AcronymOptions,
    /// The pronunciation lexicon, applied before any other rule.
    pub lexicon: Option<&'a Lexicon>,
}

static NO_ACRONYMS: AcronymOptions = AcronymOptions {
    letters: Vec::new(),
    words: Vec::new(),
};

impl Default for Rules<'_> {
    fn default() -> Self {
        Rules {
            acronyms: &NO_ACRONYMS,
            lexicon: None,
        }
    }
}

/// Context for the rules: the whole text and the reading conventions.
pub(crate) struct Cx<'a> {
    pub text: &'a str,
    pub rules: &'a Rules<'a>,
    /// British-style "one hundred and five".
    pub and: bool,
    /// Dates read month first ("March fourteenth") rather than "the fourteenth of March".
    pub month_first: bool,
    /// The text has lower-case letters (so all-caps words are acronyms, not shouting).
    pub mixed_case: bool,
    /// The text is English.
    pub english: bool,
}

/// A rule: at byte `pos`, the end of the text it consumes and what is said instead.
type Rule = fn(&Cx, usize) -> Option<(usize, String)>;

const ENGLISH: [Rule; 7] = [
    symbols::web,
    money::rule,
    dates::rule,
    numbers::rule,
    acronyms::rule,
    acronyms::abbreviation,
    symbols::rule,
];

/// Rules tried inside words too: punctuation is never part of a word ("escapes—from",
/// "R&D"), engine markup is never let through, and note markers are never said.
const ANYWHERE: [Rule; 3] = [markup::rule, notes::rule, symbols::rule];

/// Is the primary subtag of `lang` `en`?
pub fn is_english(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    primary.eq_ignore_ascii_case("en")
}

/// Normalise `text` for a voice speaking `lang`. English rules apply only when the
/// primary subtag is `en`; for other languages only the lexicon and white-space cleanup
/// apply, and the engine reads the rest.
pub fn normalize(text: &str, lang: &str, rules: &Rules) -> Spoken {
    let english = is_english(lang);
    let region = lang
        .split(['-', '_'])
        .nth(1)
        .unwrap_or("")
        .to_ascii_uppercase();
    let cx = Cx {
        text,
        rules,
        and: !matches!(region.as_str(), "" | "US" | "CA" | "PH"),
        month_first: matches!(region.as_str(), "" | "US" | "CA" | "PH"),
        mixed_case: text.chars().any(char::is_lowercase),
        english,
    };
    let lexicon_rule: Rule = |cx, pos| {
        cx.rules
            .lexicon
            .and_then(|l| l.at(cx.text, pos, cx.english))
    };
    // Engine markup in the text goes first, in every language; the lexicon's own
    // phonemes are added after it, so they are never taken out. Note markers are
    // silent in every language.
    let only_lexicon = [markup::rule, lexicon_rule, notes::rule];
    let mut all = only_lexicon.to_vec();
    all.extend(ENGLISH);
    if english {
        scan(&cx, &all, &ANYWHERE)
    } else {
        scan(&cx, &only_lexicon, &[markup::rule, notes::rule])
    }
}

fn scan(cx: &Cx, rules: &[Rule], anywhere: &[Rule]) -> Spoken {
    let text = cx.text;
    let mut out = String::with_capacity(text.len() + 16);
    let mut changes = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let tried = if starts_token(text, pos) {
            rules
        } else {
            anywhere
        };
        let hit = tried
            .iter()
            .find_map(|r| r(cx, pos).filter(|(end, _)| *end > pos && text.is_char_boundary(*end)));
        match hit {
            Some((end, said)) if said != text[pos..end] => {
                out.push_str(&said);
                changes.push(Change {
                    range: pos..end,
                    from: text[pos..end].to_string(),
                    to: said,
                });
                pos = end;
            }
            Some((end, _)) => {
                out.push_str(&text[pos..end]);
                pos = end;
            }
            None => {
                let c = text[pos..].chars().next().unwrap_or(' ');
                out.push(c);
                pos += c.len_utf8();
            }
        }
    }
    Spoken {
        text: tidy(&out),
        changes,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Normalise English (US conventions) with default options.
    pub fn en(text: &str) -> String {
        normalize(text, "en", &Rules::default()).text
    }

    /// Normalise British English.
    pub fn gb(text: &str) -> String {
        normalize(text, "en-GB", &Rules::default()).text
    }

    #[test]
    fn spelled_out_numbers_stay() {
        assert_eq!(
            en("over thirteen thousand individuals"),
            "over thirteen thousand individuals"
        );
        assert_eq!(
            en("between one hundred and two hundred dollars monthly"),
            "between one hundred and two hundred dollars monthly"
        );
    }

    #[test]
    fn other_languages_get_only_whitespace_cleanup() {
        assert_eq!(
            normalize("Im  Jahr 2024 sagte die UN", "de", &Rules::default()).text,
            "Im Jahr 2024 sagte die UN"
        );
        assert_eq!(
            normalize("2024年", "zh-Hans", &Rules::default()).text,
            "2024年"
        );
    }

    #[test]
    fn changes_are_recorded_and_marked() {
        let text = "In 2024 alone, the UN said";
        let s = normalize(text, "en", &Rules::default());
        assert_eq!(s.text, "In twenty twenty-four alone, the U-N said");
        assert_eq!(s.changes.len(), 2);
        assert_eq!(s.changes[0].from, "2024");
        assert_eq!(s.changes[0].range, 3..7);
        assert_eq!(
            s.marked(text),
            "In [2024 → twenty twenty-four] alone, the [UN → U-N] said"
        );
        let s = normalize("this and/or that", "en", &Rules::default());
        assert_eq!(s.marked("this and/or that"), "this and[/ → ␣]or that");
    }
}
