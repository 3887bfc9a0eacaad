//! Speech preparation: from an Article to what a voice should say.

pub mod script;
pub mod sentences;
pub mod engine;
