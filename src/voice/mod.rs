//! Voice engines: turn spoken text into mono 16-bit PCM.
//!
//! Every engine implements [`Voice`]; the narration stage only sees that trait, so a
//! neural engine can sit next to eSpeak NG without the audio code knowing.

#[cfg(feature = "fetch")]
pub mod download;
pub mod espeak;
pub mod list;
pub mod piper;

use crate::error::Error;
use piper::PiperOptions;
use serde::Deserialize;

/// Which speech engine narrates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// eSpeak NG (libespeak-ng, loaded at run time): the screen-reader voice.
    Espeak,
    /// A Piper neural voice through ONNX Runtime.
    Piper,
}

/// Which installed voice `engine` would use, for a batch's build key: after an upgrade
/// of eSpeak NG or with another Piper model file the narration is made again. Empty
/// when the voice is missing (the narration itself then reports why).
pub fn installed_identity(engine: Engine, piper: &PiperOptions) -> String {
    match engine {
        Engine::Espeak => espeak::library_version().unwrap_or_default(),
        Engine::Piper => piper::options::find_model(piper)
            .ok()
            .and_then(|model| {
                let size = std::fs::metadata(&model).ok()?.len();
                Some(format!("{} {size}", model.display()))
            })
            .unwrap_or_default(),
    }
}

/// A word of the text given to a voice, and where the voice started saying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMark {
    /// Byte range of the word in the text said.
    pub text: std::ops::Range<usize>,
    /// The sample of the audio where the word starts.
    pub sample: usize,
}

/// What a voice said: the audio, and the start of each word when the engine tells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Speech {
    /// Mono 16-bit PCM at the voice's sample rate.
    pub pcm: Vec<i16>,
    /// Each word's place, in order; empty when the engine reports none.
    pub words: Vec<WordMark>,
}

/// A voice that can say text. Implementations may hold global engine state, so
/// `synthesize` takes `&mut self` and callers run one synthesis at a time per voice.
pub trait Voice: Send {
    /// The voice as a person would name it (e.g. `eSpeak NG en-gb`), for tags and EPUB.
    fn name(&self) -> String;

    /// Everything that changes the sound (engine, its version, voice, rate, pitch...),
    /// so a sentence cache keyed on it never serves audio made with other settings.
    fn fingerprint(&self) -> String;

    /// Samples per second of the PCM this voice returns.
    fn sample_rate(&self) -> u32;

    /// Say `text` (in language `lang`, BCP 47) and return mono 16-bit PCM.
    fn synthesize(&mut self, text: &str, lang: &str) -> Result<Vec<i16>, Error>;

    /// Say `text` as [`Voice::synthesize`] does, with where each word starts when the
    /// engine reports it (eSpeak NG does; a neural voice, which says whole clauses at
    /// once, reports none).
    fn synthesize_words(&mut self, text: &str, lang: &str) -> Result<Speech, Error> {
        Ok(Speech {
            pcm: self.synthesize(text, lang)?,
            words: Vec::new(),
        })
    }
}
