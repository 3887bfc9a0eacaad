//! Fuzz the markdown reader: any bytes give an article or a clean error, never a panic,
//! and an article always has unique ids and serialises.
#![no_main]

use altformat::article::{ReadOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = read_bytes(data, Some("md"), "fuzz", &ReadOptions::default()) {
        altformat::article::check_invariants(&article).expect("model invariants hold");
        serde_json::to_string(&article).expect("article serialises");
    }
});
