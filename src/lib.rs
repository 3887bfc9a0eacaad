//! altformat turns articles into accessible formats.
//!
//! The stages, in order:
//! 1. [`article`]: read plain text, Markdown or HTML into one [`Article`] model,
//!    dropping site chrome and reporting what was dropped.
//! 2. [`export`]: hand the model to exporters, each returning files as bytes.
//! 3. [`build`]: run the chosen exporters over a batch of inputs and write every
//!    output atomically, with a `manifest.json` per article written last.

pub mod article;
pub mod build;
pub mod config;
pub mod error;
pub mod export;
pub mod inputs;
pub mod inspect;
pub mod narration;
pub mod speech;

pub use article::Article;
pub use error::{Error, ReadError};
