//! The one integration test binary: runs the real `altformat` CLI in temp folders.
//!
//! Golden files live in `tests/golden/`; run with `ALTFORMAT_BLESS=1` to rewrite them.

mod audio;
mod books;
mod brf;
mod captions;
mod common;
mod daisy;
mod epub;
mod extraction;
mod hardening;
mod html;
mod interrupt;
mod m4b;
mod pdf;
mod pdf_scripts;
mod piper;
mod readers;
mod reproducible;
mod serve;
mod shard;
mod speak;
mod speech;
mod tables;
mod urls;
mod voices_add;
mod web;
mod word;
