//! Fuzz the English normaliser and sentence splitter: any text gives spoken text and
//! in-bounds sentence ranges, never a panic.
#![no_main]

use altformat::speech::{SpeechOptions, sentences, spoken_form};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let opts = SpeechOptions::default();
    let spoken = spoken_form(text, "en", &opts);
    for change in &spoken.changes {
        assert!(text.get(change.range.clone()).is_some(), "change range off a char boundary");
    }
    let mut last = 0;
    for r in sentences::split(text, "en") {
        assert!(r.start >= last && r.end <= text.len() && text.get(r.clone()).is_some());
        last = r.end;
    }
});
