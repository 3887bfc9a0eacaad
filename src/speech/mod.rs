//! Speech preparation: from an Article to what a voice should say.

pub mod engine;
pub mod script;
pub mod sentences;
