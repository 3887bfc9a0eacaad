//! eSpeak NG through `libespeak-ng`, loaded at run time (the `ffi` module): picks the
//! voice for the article language and says one utterance at a time.

mod ffi;
mod phonemes;

pub use ffi::LIB_ENV;
pub use phonemes::{library_version, text_to_phonemes};

use super::Voice;
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

    fn synthesize(&mut self, text: &str, _lang: &str) -> Result<Vec<i16>, Error> {
        // The voice was chosen for the article language in `new`.
        let text: String = text.chars().filter(|&c| c != '\0').collect();
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let c = CString::new(text).expect("NULs removed above");
        let mut api = ffi::engine()?.lock().unwrap_or_else(|e| e.into_inner());
        let failed = |what: &str, rc: c_int| Error::Engine {
            engine: ENGINE,
            message: format!("{what} failed (code {rc})"),
        };
        api.select(&self.voice)
            .map_err(|()| failed("selecting the voice", -1))?;
        let rate = self.settings.rate.clamp(80, 450) as c_int;
        let pitch = self.settings.pitch.min(100) as c_int;
        api.say(&c, rate, pitch, VOLUME)
            .map_err(|(what, rc)| failed(what, rc))
    }
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
}
