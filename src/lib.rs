//! altformat turns articles into accessible formats.
//!
//! The stages, in order:
//! 1. [`article`]: read plain text, Markdown, HTML, EPUB or Word into one [`Article`] model,
//!    dropping site chrome and reporting what was dropped.
//! 2. [`speech`]: turn the model into a speech script (what is said, with stable ids);
//!    pure text in, script out.
//! 3. [`voice`]: the engines that turn an utterance into samples (eSpeak NG, Piper),
//!    and the list of voices usable on this machine.
//! 4. [`narration`]: when audio is wanted, say every utterance (through a sentence
//!    cache), level the loudness and encode one MP3 track per chapter, with a timeline.
//! 5. [`export`]: hand the finished inputs (model, script, narration) to exporters,
//!    each built from its own options and returning files as bytes.
//! 6. [`batch`]: run the chosen exporters over a batch of inputs and write every
//!    output atomically, with a `manifest.json` per article written last.
//!
//! Apart from the stages, [`speak`] reads a speech script aloud live through the
//! platform's speech service (the `system-voice` feature) instead of exporting it.
//! The command line (flags, progress bars, Ctrl-C) is the binary's, behind the `cli`
//! feature; nothing in the library names a flag.

pub mod article;
pub mod batch;
pub mod config;
pub mod error;
pub mod export;
pub mod inputs;
pub mod narration;
pub mod speak;
pub mod speech;
pub mod voice;

pub use article::Article;
pub use error::{ConfigError, Error, ReadError};
