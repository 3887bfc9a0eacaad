//! altformat turns articles into accessible formats.
//!
//! The stages, in order:
//! 1. [`article`]: read plain text, Markdown or HTML into one [`Article`] model,
//!    dropping site chrome and reporting what was dropped.
//! 2. [`speech`]: turn the model into a speech script (what is said, with stable ids),
//!    and voice engines that say it.
//! 3. [`narration`]: when audio is wanted, say every utterance (through a sentence
//!    cache), level the loudness and encode one MP3 track per chapter, with a timeline.
//! 4. [`export`]: hand the model (and narration) to exporters, each returning files
//!    as bytes.
//! 5. [`build`]: run the chosen exporters over a batch of inputs and write every
//!    output atomically, with a `manifest.json` per article written last.
//!
//! Apart from the stages, [`speak`] reads a speech script aloud live through the
//! platform's speech service (the `system-voice` feature) instead of exporting it.

pub mod article;
pub mod build;
pub mod config;
pub mod error;
pub mod export;
pub mod inputs;
pub mod inspect;
pub mod narration;
pub mod speak;
pub mod speech;

pub use article::Article;
pub use error::{Error, ReadError};
