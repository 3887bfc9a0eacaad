//! The pronunciation lexicon: words the engines get wrong, and what to say instead.
//!
//! TOML with two tables: `[words]` maps a word (or phrase) to a respelling that any
//! engine reads well (`Pyongyang = "pyong yang"`), `[phonemes]` to espeak-ng phoneme
//! mnemonics, emitted inline as `[[...]]` (espeak-ng reads these when phoneme input is
//! enabled). Matching is whole-word, exact case first, then case-insensitive. A
//! built-in lexicon (`assets/lexicon.toml`) is compiled in; a project file is merged
//! over it, entry by entry. The built-in respellings are English ("tay" for Tae), so
//! they apply to English text only; project entries apply to every language.

use crate::error::{ConfigError, Error};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The built-in lexicon.
const BUILTIN: &str = include_str!("../../../assets/lexicon.toml");

/// The file format.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    words: BTreeMap<String, String>,
    #[serde(default)]
    phonemes: BTreeMap<String, String>,
}

/// Refuse entries that would break out of eSpeak NG's phoneme mode: a `]]` inside a
/// phoneme string ends it early and the rest is read as words; an empty one (or only
/// brackets) silences the word; `[[` in a respelling starts phoneme mode.
fn check(file: &File) -> Result<(), ConfigError> {
    for (word, said) in &file.words {
        if said.contains("[[") || said.contains("]]") {
            return Err(ConfigError::invalid(
                format!("words.{word:?}"),
                format!(
                    "= {said:?}: a respelling cannot hold [[ or ]] \
                     (put phonemes under [phonemes])"
                ),
            ));
        }
    }
    for (word, phonemes) in &file.phonemes {
        let t = phonemes.trim();
        let inner = t
            .strip_prefix("[[")
            .and_then(|t| t.strip_suffix("]]"))
            .unwrap_or(t);
        if inner.trim().is_empty() || inner.contains(['[', ']']) || inner.contains(char::is_control)
        {
            return Err(ConfigError::invalid(
                format!("phonemes.{word:?}"),
                format!(
                    "= {phonemes:?} is not an eSpeak NG phoneme string \
                     (non-empty, no brackets inside, optionally wrapped in [[...]])"
                ),
            ));
        }
    }
    Ok(())
}

/// A replacement and whether it suits every language or English only.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    said: String,
    all_languages: bool,
}

/// Words and their spoken replacements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    /// Written form -> replacement text (phonemes already wrapped in `[[...]]`).
    entries: BTreeMap<String, Entry>,
    /// Lower-cased written form -> replacement, for the case-insensitive fallback.
    folded: BTreeMap<String, Entry>,
    /// Longest entry in bytes, to bound the look-ahead.
    longest: usize,
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        // The built-in file is tested below; a parse failure cannot reach users.
        if let Ok(file) = toml::from_str::<File>(BUILTIN) {
            lex.merge_file(file, false);
        }
        lex
    }

    /// Parse lexicon TOML.
    pub fn parse(text: &str) -> Result<Lexicon, ConfigError> {
        let file: File = toml::from_str(text).map_err(|e| ConfigError::syntax(&e))?;
        check(&file)?;
        let mut lex = Lexicon::default();
        lex.merge_file(file, true);
        Ok(lex)
    }

    /// The built-in lexicon with the file at `path` merged over it.
    pub fn load_over_builtin(path: &Path) -> Result<Lexicon, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let project = Lexicon::parse(&text).map_err(|problem| Error::Config {
            path: path.to_path_buf(),
            problem,
        })?;
        let mut lex = Lexicon::builtin();
        lex.merge(&project);
        Ok(lex)
    }

    /// Merge `other` over this lexicon: its entries win.
    pub fn merge(&mut self, other: &Lexicon) {
        for (k, v) in &other.entries {
            self.insert(k, v.clone());
        }
    }

    fn merge_file(&mut self, file: File, all_languages: bool) {
        // Phoneme strings may come wrapped in `[[...]]` already; `check` made sure
        // nothing else in them is a bracket.
        for (k, said) in file.words {
            self.insert(
                &k,
                Entry {
                    said,
                    all_languages,
                },
            );
        }
        for (k, v) in file.phonemes {
            let inner = v.trim().trim_start_matches("[[").trim_end_matches("]]");
            let said = format!("[[{inner}]]");
            self.insert(
                &k,
                Entry {
                    said,
                    all_languages,
                },
            );
        }
    }

    /// This lexicon with the source's own pronunciations merged over it. IPA becomes
    /// eSpeak NG's English phonemes, so it is used only when `english`; an entry whose
    /// IPA holds a symbol English does not use is left out, as is an alias holding
    /// engine markup. Returns the lexicon and how many entries were left out.
    pub fn with_source(
        &self,
        said: &[crate::article::Pronunciation],
        english: bool,
    ) -> (Lexicon, usize) {
        use crate::article::Said;
        let mut lex = self.clone();
        let mut left_out = 0;
        for p in said {
            let spoken = match &p.said {
                Said::Ipa(ipa) if english => super::ipa::to_espeak(ipa).map(|e| format!("[[{e}]]")),
                Said::Ipa(_) => None,
                Said::Alias(words) => {
                    Some(words.clone()).filter(|w| !w.contains("[[") && !w.contains("]]"))
                }
            };
            match spoken {
                Some(said) => lex.insert(
                    &p.text,
                    Entry {
                        said,
                        all_languages: true,
                    },
                ),
                None => left_out += 1,
            }
        }
        (lex, left_out)
    }

    fn insert(&mut self, word: &str, entry: Entry) {
        let word = word.trim();
        if word.is_empty() {
            return;
        }
        self.longest = self.longest.max(word.len());
        self.folded.insert(word.to_lowercase(), entry.clone());
        self.entries.insert(word.to_string(), entry);
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The replacement for an entry starting at byte `pos` of `text` (which must be at
    /// a word start), longest entry first; exact case wins over other case. Built-in
    /// entries are used only when `english`.
    pub fn at(&self, text: &str, pos: usize, english: bool) -> Option<(usize, String)> {
        let usable = |e: &&Entry| english || e.all_languages;
        if self.entries.is_empty() {
            return None;
        }
        // Candidate ends: each word boundary up to the longest entry.
        let limit = (pos + self.longest).min(text.len());
        // Only look as far as the longest entry: this runs at every word start.
        let mut ends: Vec<usize> = text[pos..]
            .char_indices()
            .map(|(i, _)| pos + i)
            .skip(1)
            .take_while(|&e| e <= limit)
            .chain((limit == text.len()).then_some(text.len()))
            .filter(|&e| super::boundary(text, e))
            .collect();
        ends.reverse();
        for &end in &ends {
            if let Some(e) = self.entries.get(&text[pos..end]).filter(usable) {
                return Some((end, e.said.clone()));
            }
        }
        for &end in &ends {
            let folded = text[pos..end].to_lowercase();
            if let Some(e) = self.folded.get(&folded).filter(usable) {
                return Some((end, e.said.clone()));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AcronymOptions, Rules, normalize};
    use super::*;

    fn say(lex: &Lexicon, text: &str, lang: &str) -> String {
        let acronyms = AcronymOptions::default();
        let rules = Rules {
            acronyms: &acronyms,
            lexicon: Some(lex),
        };
        normalize(text, lang, &rules).text
    }

    #[test]
    fn builtin_parses_and_has_entries() {
        toml::from_str::<File>(BUILTIN).expect("assets/lexicon.toml parses");
        assert!(Lexicon::builtin().len() >= 10);
    }

    #[test]
    fn whole_words_only_with_case_fallback() {
        let lex = Lexicon::parse("[words]\nTae = \"tay\"\nUN = \"united nations\"\n").unwrap();
        assert_eq!(say(&lex, "Tae fled; TAE too", "en"), "tay fled; tay too");
        assert_eq!(say(&lex, "Taekwondo stays", "en"), "Taekwondo stays");
        assert_eq!(say(&lex, "Tae’s bag", "en"), "tay’s bag");
        // The lexicon is applied before normalisation: UN is not spelled.
        assert_eq!(say(&lex, "the UN said", "en"), "the united nations said");
    }

    #[test]
    fn exact_case_wins() {
        let lex = Lexicon::parse("[words]\nus = \"uss\"\nUS = \"you ess\"\n").unwrap();
        assert_eq!(say(&lex, "the US", "en"), "the you ess");
        assert_eq!(say(&lex, "Us", "en"), "uss");
    }

    #[test]
    fn phrases_longest_first_and_other_languages() {
        let lex =
            Lexicon::parse("[words]\nKim = \"kim\"\n\"Kim Jong Un\" = \"kim jong oon\"\n").unwrap();
        assert_eq!(
            say(&lex, "Kim Jong Un met Kim", "en"),
            "kim jong oon met kim"
        );
        assert_eq!(
            say(&lex, "Kim Jong Un traf 2024", "de"),
            "kim jong oon traf 2024"
        );
    }

    #[test]
    fn the_sources_own_pronunciations_win_ipa_only_in_english() {
        use crate::article::{Pronunciation, Said};
        let said = [
            Pronunciation {
                text: "Alabama".into(),
                said: Said::Ipa("ˌæləˈbæmə".into()),
            },
            Pronunciation {
                text: "WWW".into(),
                said: Said::Alias("world wide web".into()),
            },
            Pronunciation {
                text: "Paris".into(),
                said: Said::Ipa("paʁi".into()),
            },
        ];
        let (lex, left_out) = Lexicon::builtin().with_source(&said, true);
        assert_eq!(left_out, 1, "the French r has no English phoneme");
        assert_eq!(
            say(&lex, "Alabama, WWW and Paris", "en"),
            "[[,al@'bam@]], world wide web and Paris"
        );
        let (lex, left_out) = Lexicon::builtin().with_source(&said, false);
        assert_eq!(left_out, 2, "IPA is converted for English only");
        assert_eq!(
            say(&lex, "WWW in Alabama", "de"),
            "world wide web in Alabama"
        );
    }

    #[test]
    fn builtin_respellings_are_for_english_only() {
        let lex = Lexicon::builtin();
        assert_eq!(say(&lex, "Tae floh", "de"), "Tae floh");
        assert_eq!(say(&lex, "Tae fled", "en-GB"), "tay fled");
    }

    #[test]
    fn phonemes_are_wrapped_for_espeak() {
        let lex =
            Lexicon::parse("[phonemes]\nShoigu = \"S'OIgu:\"\nLankov = \"[[l'ank0f]]\"\n").unwrap();
        assert_eq!(
            say(&lex, "Shoigu and Lankov", "en"),
            "[[S'OIgu:]] and [[l'ank0f]]"
        );
    }

    #[test]
    fn project_file_merges_over_builtin() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lexicon.toml");
        std::fs::write(
            &path,
            "[words]\nPyongyang = \"pee yong yang\"\nFoo = \"bar\"\n",
        )
        .unwrap();
        let lex = Lexicon::load_over_builtin(&path).unwrap();
        assert_eq!(
            say(&lex, "Pyongyang and Foo and Busan", "en"),
            "pee yong yang and bar and boo san"
        );
        std::fs::write(&path, "[wordz]\n").unwrap();
        let err = Lexicon::load_over_builtin(&path).unwrap_err().to_string();
        assert!(err.contains("wordz"), "{err}");
    }

    /// Bug: a `]]` inside a phoneme string broke out of phoneme mode and injected
    /// words; an entry of only brackets silenced the word.
    #[test]
    fn phoneme_strings_that_break_out_of_phoneme_mode_are_refused() {
        for bad in [
            "[phonemes]\nParis = \"p]]Hello world[[a\"\n",
            "[phonemes]\nParis = \"[[]]\"\n",
            "[phonemes]\nParis = \"[[[[]]]]\"\n",
            "[phonemes]\nParis = \"  \"\n",
            "[phonemes]\nParis = \"p[a\"\n",
            "[words]\nParis = \"[[p'aris]]\"\n",
        ] {
            let err = Lexicon::parse(bad).expect_err(bad).to_string();
            assert!(err.contains("Paris"), "{bad}: {err}");
        }
        let ok = Lexicon::parse("[phonemes]\nParis = \"[[p'aris]]\"\nLyon = \"li'O~\"\n");
        assert_eq!(ok.map(|l| l.len()), Ok(2));
    }
}
