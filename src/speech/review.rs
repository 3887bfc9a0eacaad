//! The speech review: every utterance with what changed for the voice.

use super::script::Script;
use super::{SpeechOptions, spoken_form};
use std::fmt::Write;

/// One block per utterance: id, kind and pause, the display text, and the spoken text
/// with each change shown inline as `[written → said]`; chapters are headed by `##`.
pub fn speech_review(script: &Script, opts: &SpeechOptions) -> String {
    let mut s = String::new();
    let total: usize = script.chapters.iter().map(|c| c.utterances.len()).sum();
    let mut changed = 0;
    for chapter in &script.chapters {
        let _ = writeln!(s, "## {} ({})", chapter.title, chapter.id);
        for u in &chapter.utterances {
            // Re-derive the changes from the display text (after the words said before
            // it, which count as a change): same options, same result.
            let source = format!("{}{}", u.lead_in, u.display);
            let spoken = spoken_form(&source, &script.lang, opts);
            let kind = serde_json::to_value(u.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(s, "{} ({kind}, pause {} ms)", u.id, u.pause_after_ms);
            let _ = writeln!(s, "  display: {}", u.display);
            if spoken.changes.is_empty() && u.lead_in.is_empty() {
                let _ = writeln!(s, "  spoken:  (as displayed)");
            } else {
                changed += 1;
                let _ = writeln!(s, "  spoken:  {}", spoken.marked(&source));
            }
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{total} utterances, {changed} changed for speech");
    s
}
