//! Speech preparation: from an Article to what a voice should say.
//!
//! [`prepare`] splits paragraphs into sentences ([`sentences`]), applies the
//! pronunciation [`normalize::lexicon`] and then the English [`normalize`] rules, and returns the
//! [`Script`] both the audio and the EPUB read-along use. [`review`] shows every change
//! for a person to review (the command line's `inspect`).

pub mod normalize;
pub mod review;
pub mod script;
pub mod sentences;

use crate::article::Article;
use crate::error::Error;
use normalize::lexicon::Lexicon;
use normalize::{AcronymOptions, Rules, Spoken};
use script::{Pauses, Script};
use serde::Deserialize;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The `[speech]` table of `altformat.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpeechOptions {
    /// Silences between utterances.
    pub pauses: Pauses,
    /// Acronyms always spelled or always read as words.
    pub acronyms: AcronymOptions,
    /// A project lexicon merged over the built-in one (relative to the config file).
    /// Without it, `lexicon.toml` next to the config file is used when present.
    #[serde(rename = "lexicon")]
    pub lexicon_file: Option<PathBuf>,
    /// The lexicon in use: the built-in one until [`SpeechOptions::load_lexicon`] runs.
    #[serde(skip, default = "Lexicon::builtin")]
    pub lexicon: Lexicon,
}

impl Default for SpeechOptions {
    fn default() -> Self {
        SpeechOptions {
            pauses: Pauses::default(),
            acronyms: AcronymOptions::default(),
            lexicon_file: None,
            lexicon: Lexicon::builtin(),
        }
    }
}

impl SpeechOptions {
    /// Check the settings: each pause 0-10000 ms.
    pub fn validate(&self) -> Result<(), crate::error::ConfigError> {
        let p = &self.pauses;
        for (key, ms) in [
            ("speech.pauses.sentence_ms", p.sentence_ms),
            ("speech.pauses.paragraph_ms", p.paragraph_ms),
            ("speech.pauses.heading_ms", p.heading_ms),
            ("speech.pauses.chapter_ms", p.chapter_ms),
        ] {
            crate::error::ConfigError::check_range(key, ms, 0, 10_000)?;
        }
        Ok(())
    }

    /// Load the project lexicon: `lexicon_file` (relative to `base`, which must then
    /// exist) or else `base/lexicon.toml` when there is one, merged over the built-in.
    pub fn load_lexicon(&mut self, base: &Path) -> Result<(), Error> {
        let path = match &self.lexicon_file {
            Some(p) => base.join(p),
            None => {
                let p = base.join("lexicon.toml");
                if !p.is_file() {
                    return Ok(());
                }
                p
            }
        };
        self.lexicon = Lexicon::load_over_builtin(&path)?;
        Ok(())
    }

    fn rules(&self) -> Rules<'_> {
        Rules {
            acronyms: &self.acronyms,
            lexicon: Some(&self.lexicon),
        }
    }
}

/// The spoken form of `text` in `lang`, with every change made.
pub fn spoken_form(text: &str, lang: &str, opts: &SpeechOptions) -> Spoken {
    normalize::normalize(text, lang, &opts.rules())
}

/// The options `opts` with the article's own pronunciations (a book's PLS lexicons and
/// `ssml:ph`) merged over their lexicon, as [`prepare`] uses them.
pub fn for_article<'a>(article: &Article, opts: &'a SpeechOptions) -> Cow<'a, SpeechOptions> {
    if article.pronunciations.is_empty() {
        return Cow::Borrowed(opts);
    }
    let english = normalize::is_english(&article.lang);
    Cow::Owned(SpeechOptions {
        lexicon: opts.lexicon.with_source(&article.pronunciations, english).0,
        ..opts.clone()
    })
}

/// The speech script of an article: sentences, lexicon and normalisation applied, with
/// the article's own pronunciations first ([`for_article`]).
pub fn prepare(article: &Article, opts: &SpeechOptions) -> Script {
    let lang = article.lang.clone();
    let opts = for_article(article, opts);
    Script::from_article(article, &opts.pauses, &|s| {
        spoken_form(s, &lang, &opts).text
    })
}
