//! Live read-aloud: say an article's speech script through a voice that speaks as it
//! goes (the platform's speech service), for listeners who prefer their own
//! screen-reader voice to a recorded narration.
//!
//! The sequencing (what is said, in which order, with which pauses, and stopping on
//! Ctrl-C) lives here and works with any [`Speaker`], so it is tested with a fake
//! voice. The speech-dispatcher / system voice behind it is [`system`], built only
//! with the `system-voice` cargo feature.

use crate::error::Result;
use crate::speech::script::Script;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[cfg(feature = "system-voice")]
pub mod system;

/// A voice that speaks aloud now (as opposed to an engine that renders audio).
pub trait Speaker {
    /// Start saying `text`; returns once the voice has accepted it.
    fn speak(&mut self, text: &str) -> Result<()>;
    /// Block until the text given to the last [`Speaker::speak`] has been said (or
    /// speech was stopped). An error means the speech service went away.
    fn wait(&mut self) -> Result<()>;
    /// Keep silent for `length` between utterances, ending early when `stop` is set.
    /// Tests replace it to record the pauses instead of sleeping through them.
    fn rest(&mut self, length: Duration, stop: &AtomicBool) {
        pause(length, stop);
    }
}

/// How a read-aloud ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Utterances said in full.
    pub spoken: usize,
    /// Utterances with something to say in the script.
    pub total: usize,
    /// Whether the listener stopped it before the end.
    pub stopped: bool,
}

/// The longest sleep between two looks at the stop flag, so Ctrl-C acts at once.
const STOP_POLL: Duration = Duration::from_millis(50);

/// Say every utterance of `script` in order through `voice`, waiting for each and
/// keeping the script's pauses between them. When `stop` becomes true (Ctrl-C), no
/// further utterance is started; the voice is expected to cut the current one short.
pub fn read_aloud(script: &Script, voice: &mut dyn Speaker, stop: &AtomicBool) -> Result<Outcome> {
    // Normalisation can leave nothing to say (a line of symbols); a speech service
    // would reject or mumble an empty message, so such utterances are skipped.
    let sayable: Vec<_> = script
        .utterances()
        .filter(|u| !u.spoken.trim().is_empty())
        .collect();
    let mut outcome = Outcome {
        spoken: 0,
        total: sayable.len(),
        stopped: false,
    };
    for utterance in sayable {
        if stop.load(Ordering::SeqCst) {
            outcome.stopped = true;
            return Ok(outcome);
        }
        voice.speak(utterance.spoken.trim())?;
        voice.wait()?;
        if stop.load(Ordering::SeqCst) {
            // Stopped while it was speaking: that utterance was cut short.
            outcome.stopped = true;
            return Ok(outcome);
        }
        outcome.spoken += 1;
        voice.rest(Duration::from_millis(utterance.pause_after_ms.into()), stop);
    }
    Ok(outcome)
}

/// Sleep for `length`, waking early when `stop` is set.
fn pause(length: Duration, stop: &AtomicBool) {
    let mut left = length;
    while !left.is_zero() && !stop.load(Ordering::SeqCst) {
        let step = left.min(STOP_POLL);
        std::thread::sleep(step);
        left -= step;
    }
}

#[cfg(test)]
mod tests;
