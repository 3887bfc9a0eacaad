//! Voice engines: turn spoken text into mono 16-bit PCM.
//!
//! Every engine implements [`Voice`]; the narration stage only sees that trait, so a
//! neural engine can sit next to eSpeak NG without the audio code knowing.

pub mod espeak;
pub mod piper;
pub mod voices;

use crate::error::Error;

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
}
