//! eSpeak NG as a phonemizer (for Piper voices), sharing the engine's library and lock.

use super::{ENGINE, ffi};
use crate::error::Error;
use std::ffi::CString;

/// The loaded library's version (loading it if needed), or why it cannot be loaded.
pub fn library_version() -> Result<String, Error> {
    let api = ffi::engine()?.lock().unwrap_or_else(|e| e.into_inner());
    Ok(api.version.clone())
}

/// The IPA phonemes eSpeak NG gives `text` with `voice` (an eSpeak voice name such as
/// `en-us`), as Piper voices use them. eSpeak returns one clause per call and drops the
/// clause punctuation, so clauses are joined with a space; callers that need the
/// punctuation split the text into clauses first. eSpeak keeps its translation state
/// in globals, so this takes the engine's lock like synthesis does.
pub fn text_to_phonemes(text: &str, voice: &str) -> Result<String, Error> {
    let text: String = text.chars().filter(|&c| c != '\0').collect();
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    let c = CString::new(text).expect("NULs removed above");
    let mut api = ffi::engine()?.lock().unwrap_or_else(|e| e.into_inner());
    api.select(voice).map_err(|()| Error::Engine {
        engine: ENGINE,
        message: format!("no eSpeak NG voice {voice:?}; see `espeak-ng --voices`"),
    })?;
    let clauses = api.ipa_clauses(&c).ok_or_else(|| Error::Engine {
        engine: ENGINE,
        message: "this libespeak-ng has no espeak_TextToPhonemes".into(),
    })?;
    Ok(clauses.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs libespeak-ng: fails (does not skip) without it, saying what to install.
    #[test]
    fn text_to_ipa_phonemes() {
        let ipa = text_to_phonemes("Hello world, this is a test.", "en-us")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ipa, "həlˈoʊ wˈɜːld ðɪs ɪz ɐ tˈɛst");
        assert_eq!(text_to_phonemes(" \0 ", "en-us").unwrap(), "");
        assert!(text_to_phonemes("Hello", "no-such-voice").is_err());
        assert!(library_version().unwrap().starts_with("1."));
    }
}
