//! eSpeak NG through `libespeak-ng`, loaded at run time (the `ffi` module): picks the
//! voice for the article language and says one utterance at a time.

mod ffi;
mod phonemes;

pub use ffi::LIB_ENV;
pub use phonemes::{library_version, text_to_phonemes};

use super::{Speech, Voice, WordMark};
use crate::error::Error;
use std::ffi::{CString, c_int};

const ENGINE: &str = "eSpeak NG";
/// What to tell a user whose system lacks the library.
pub const INSTALL_HINT: &str = "install Debian/Ubuntu package espeak-ng \
    (apt-get install espeak-ng; it brings libespeak-ng1 and espeak-ng-data), \
    or point ALTFORMAT_ESPEAK_LIB at libespeak-ng";

/// Voice settings for eSpeak NG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EspeakSettings {
    /// eSpeak voice name (e.g. `en-gb`); `None` picks one from the article language.
    pub voice: Option<String>,
    /// eSpeak voice variant (e.g. `f3`), appended as `voice+variant`.
    pub variant: Option<String>,
    /// Speaking rate in words per minute (80-450).
    pub rate: u32,
    /// Base pitch, 0-100 (50 is the voice's normal pitch).
    pub pitch: u32,
}

impl Default for EspeakSettings {
    fn default() -> Self {
        EspeakSettings {
            voice: None,
            variant: None,
            rate: 175,
            pitch: 50,
        }
    }
}

/// The eSpeak NG voice for one language and settings.
#[derive(Debug)]
pub struct Espeak {
    settings: EspeakSettings,
    voice: String,
    sample_rate: u32,
    version: String,
}

/// Volume given to the engine. 100 is its "normal full volume"; some voices then
/// reach full scale on stressed vowels, so a little headroom keeps every sentence clean
/// (loudness is normalised afterwards anyway).
const VOLUME: c_int = 75;

impl Espeak {
    /// Load the library (once per process) and check the voice for `lang` exists.
    /// Fails with an install hint when the library or its data is missing.
    pub fn new(settings: EspeakSettings, lang: &str) -> Result<Espeak, Error> {
        let state = ffi::engine()?;
        let mut api = state.lock().unwrap_or_else(|e| e.into_inner());
        let voice = pick_voice(&mut api, &settings, lang)?;
        Ok(Espeak {
            sample_rate: api.sample_rate,
            version: api.version.clone(),
            settings,
            voice,
        })
    }
}

/// The configured voice, else the language tag, else its primary subtag. eSpeak names
/// voices by file (`en` is British English, `en-us` American), so a few tags that have
/// no file of their own are mapped to the file that speaks them.
fn voice_candidates(settings: &EspeakSettings, lang: &str) -> Vec<String> {
    let with_variant = |v: &str| match &settings.variant {
        Some(var) if !var.is_empty() => format!("{v}+{var}"),
        _ => v.to_string(),
    };
    if let Some(v) = &settings.voice {
        return vec![with_variant(v)];
    }
    let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
    let lang = match lang.as_str() {
        "en-gb" | "en-uk" => "en".to_string(),
        "zh" | "zh-cn" | "zh-hans" | "zh-tw" | "zh-hant" => "cmn".to_string(),
        "zh-hk" => "yue".to_string(),
        _ => lang,
    };
    let primary = lang.split('-').next().unwrap_or("").to_string();
    let mut names = vec![lang.clone()];
    if primary != lang {
        names.push(primary);
    }
    names
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(|n| with_variant(&n))
        .collect()
}

fn pick_voice(api: &mut ffi::Api, settings: &EspeakSettings, lang: &str) -> Result<String, Error> {
    let names = voice_candidates(settings, lang);
    for name in &names {
        if api.select(name).is_ok() {
            return Ok(name.clone());
        }
    }
    Err(Error::Engine {
        engine: ENGINE,
        message: format!(
            "no eSpeak NG voice for language {lang:?} (tried {}); set [audio] voice, \
             see `espeak-ng --voices` for the list",
            names.join(", ")
        ),
    })
}

impl Voice for Espeak {
    fn name(&self) -> String {
        format!("{ENGINE} {}", self.voice)
    }

    fn fingerprint(&self) -> String {
        format!(
            "espeak-ng {} voice={} rate={} pitch={} volume={VOLUME} rate_hz={}",
            self.version, self.voice, self.settings.rate, self.settings.pitch, self.sample_rate
        )
    }

    fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn synthesize(&mut self, text: &str, lang: &str) -> Result<Vec<i16>, Error> {
        Ok(self.synthesize_words(text, lang)?.pcm)
    }

    fn synthesize_words(&mut self, text: &str, _lang: &str) -> Result<Speech, Error> {
        // The voice was chosen for the article language in `new`. NULs are not said;
        // word places in text with NULs taken out would be off, so none are given then.
        let had_nul = text.contains('\0');
        let clean: String = text.chars().filter(|&c| c != '\0').collect();
        if clean.trim().is_empty() {
            return Ok(Speech::default());
        }
        let c = CString::new(clean).expect("NULs removed above");
        let mut api = ffi::engine()?.lock().unwrap_or_else(|e| e.into_inner());
        let failed = |what: &str, rc: c_int| Error::Engine {
            engine: ENGINE,
            message: format!("{what} failed (code {rc})"),
        };
        api.select(&self.voice)
            .map_err(|()| failed("selecting the voice", -1))?;
        let rate = self.settings.rate.clamp(80, 450) as c_int;
        let pitch = self.settings.pitch.min(100) as c_int;
        let said = api
            .say(&c, rate, pitch, VOLUME)
            .map_err(|(what, rc)| failed(what, rc))?;
        drop(api);
        let words = match had_nul {
            true => Vec::new(),
            false => word_marks(text, &said.words, self.sample_rate),
        };
        Ok(Speech {
            pcm: said.samples,
            words,
        })
    }
}

/// eSpeak's word events (first character counted from 1, length in characters, start
/// in milliseconds) as byte ranges of `text` and start samples, in order. Events
/// outside the text or going back in time are dropped.
fn word_marks(text: &str, events: &[(usize, usize, u32)], rate: u32) -> Vec<WordMark> {
    // Byte offset of every character, and of the end.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut marks: Vec<WordMark> = Vec::with_capacity(events.len());
    for &(first, chars, ms) in events {
        let Some(&start) = offsets.get(first - 1) else {
            continue;
        };
        let end = offsets[(first - 1 + chars.max(1)).min(offsets.len() - 1)];
        let sample = (u64::from(ms) * u64::from(rate) / 1000) as usize;
        let in_order = marks
            .last()
            .is_none_or(|m| m.text.start < start && m.sample <= sample);
        if in_order && start < end {
            marks.push(WordMark {
                text: start..end,
                sample,
            });
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_then_primary_subtag() {
        let s = EspeakSettings::default();
        assert_eq!(voice_candidates(&s, "en"), ["en"]);
        assert_eq!(voice_candidates(&s, "en-GB"), ["en"]);
        assert_eq!(voice_candidates(&s, "en-US"), ["en-us", "en"]);
        assert_eq!(voice_candidates(&s, "pt_BR"), ["pt-br", "pt"]);
    }

    #[test]
    fn configured_voice_and_variant_win() {
        let s = EspeakSettings {
            voice: Some("en-us".into()),
            variant: Some("f3".into()),
            ..EspeakSettings::default()
        };
        assert_eq!(voice_candidates(&s, "de"), ["en-us+f3"]);
    }

    /// Needs libespeak-ng: fails (does not skip) without it, saying what to install.
    #[test]
    fn says_a_sentence_cleanly() {
        let mut v = Espeak::new(EspeakSettings::default(), "en").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.sample_rate(), 22050);
        let pcm = v
            .synthesize("The Kremlin, grappling with a significant worker deficit, now brings in countless citizens.", "en")
            .unwrap();
        let secs = pcm.len() as f64 / 22050.0;
        assert!((3.0..10.0).contains(&secs), "{secs} s");
        let peak = pcm.iter().map(|s| s.unsigned_abs()).max().unwrap();
        let clipped = pcm.iter().filter(|s| s.unsigned_abs() >= 32767).count();
        assert_eq!(clipped, 0, "peak {peak}");
        assert!(peak > 3000, "too quiet: peak {peak}");
        assert!(v.synthesize("  ", "en").unwrap().is_empty());
        assert_eq!(v.name(), "eSpeak NG en");
        assert!(v.fingerprint().contains("rate=175"));
    }

    /// Needs libespeak-ng. Every word of a sentence (accented letters, a number, an
    /// apostrophe) is reported at its own place, in order, inside the audio.
    #[test]
    fn words_are_reported_at_their_places_in_the_text_and_the_audio() {
        let mut v = Espeak::new(EspeakSettings::default(), "en").unwrap_or_else(|e| panic!("{e}"));
        let text = "The café's naïve owners sold 12 croissants, then left.";
        let said = v.synthesize_words(text, "en").unwrap();
        let words: Vec<&str> = said.words.iter().map(|w| &text[w.text.clone()]).collect();
        // eSpeak counts "café's" as "café" and a clitic; the start is what is used.
        assert_eq!(
            words,
            [
                "The",
                "café",
                "naïve",
                "owners",
                "sold",
                "12",
                "croissants",
                "then",
                "left"
            ]
        );
        let starts: Vec<usize> = said.words.iter().map(|w| w.sample).collect();
        assert!(starts.windows(2).all(|p| p[0] < p[1]), "{starts:?}");
        assert!(*starts.last().unwrap() < said.pcm.len());
        // "left" starts in the last fifth of the sentence, not at its beginning.
        assert!(
            *starts.last().unwrap() > said.pcm.len() * 3 / 5,
            "{starts:?}"
        );
    }

    #[test]
    fn word_events_become_byte_ranges() {
        let text = "Où êtes vous";
        let marks = word_marks(
            text,
            &[(1, 2, 0), (4, 4, 100), (9, 4, 50), (99, 1, 300)],
            1000,
        );
        let words: Vec<&str> = marks.iter().map(|m| &text[m.text.clone()]).collect();
        assert_eq!(
            words,
            ["Où", "êtes"],
            "back in time and outside the text dropped"
        );
        assert_eq!(marks[1].sample, 100);
    }
}
