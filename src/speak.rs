//! Live read-aloud: say an article's speech script through a voice that speaks as it
//! goes (the platform's speech service), for listeners who prefer their own
//! screen-reader voice to a recorded narration.
//!
//! The sequencing (what is said, in which order, with which pauses, and stopping on
//! Ctrl-C) lives here and works with any [`LiveVoice`], so it is tested with a fake
//! voice. The speech-dispatcher / system voice behind it is [`system`], built only
//! with the `system-voice` cargo feature.

use crate::error::Result;
use crate::speech::script::Script;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[cfg(feature = "system-voice")]
pub mod system;

/// A voice that speaks aloud now (as opposed to an engine that renders audio).
pub trait LiveVoice {
    /// Start saying `text`; returns once the voice has accepted it.
    fn speak(&mut self, text: &str) -> Result<()>;
    /// Block until the text given to the last [`LiveVoice::speak`] has been said (or
    /// speech was stopped). An error means the speech service went away.
    fn wait(&mut self) -> Result<()>;
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
pub fn read_aloud(
    script: &Script,
    voice: &mut dyn LiveVoice,
    stop: &AtomicBool,
) -> Result<Outcome> {
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
        pause(Duration::from_millis(utterance.pause_after_ms.into()), stop);
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
mod tests {
    use super::*;
    use crate::article;
    use crate::error::Error;
    use crate::speech::script::Pauses;
    use crate::speech::{SpeechOptions, prepare};
    use std::time::Instant;

    /// Records what it is asked to say; can stop the run or fail at a given utterance.
    #[derive(Default)]
    struct FakeVoice<'a> {
        said: Vec<String>,
        waits: usize,
        stop_at: Option<(usize, &'a AtomicBool)>,
        fail_at: Option<usize>,
    }

    impl LiveVoice for FakeVoice<'_> {
        fn speak(&mut self, text: &str) -> Result<()> {
            assert_eq!(self.said.len(), self.waits, "speak before the last wait");
            if self.fail_at == Some(self.said.len()) {
                return Err(Error::Engine {
                    engine: "fake",
                    message: "gone".into(),
                });
            }
            self.said.push(text.to_string());
            if let Some((n, stop)) = self.stop_at
                && self.said.len() == n
            {
                stop.store(true, Ordering::SeqCst);
            }
            Ok(())
        }
        fn wait(&mut self) -> Result<()> {
            self.waits += 1;
            Ok(())
        }
    }

    fn script(pauses: Pauses) -> Script {
        let text = "# Lights Out\n\nThe grid failed at 9 p.m. Nobody knew why.\n\n\
                    ## What Happened\n\nCrews worked 13,000 hours. Power came back.\n";
        let read = article::ReadOptions {
            format: None,
            lang: None,
            keep_chrome: false,
        };
        let article = article::read_bytes(text.as_bytes(), Some("md"), "t", &read).unwrap();
        let opts = SpeechOptions {
            pauses,
            ..Default::default()
        };
        prepare(&article, &opts)
    }

    fn no_pauses() -> Pauses {
        Pauses {
            sentence_ms: 0,
            paragraph_ms: 0,
            heading_ms: 0,
            chapter_ms: 0,
        }
    }

    #[test]
    fn says_every_spoken_text_in_script_order_waiting_for_each() {
        let script = script(no_pauses());
        let mut voice = FakeVoice::default();
        let outcome = read_aloud(&script, &mut voice, &AtomicBool::new(false)).unwrap();
        let expected: Vec<String> = script.utterances().map(|u| u.spoken.clone()).collect();
        assert_eq!(voice.said, expected);
        assert_eq!(voice.waits, expected.len());
        assert_eq!(voice.said.first().map(String::as_str), Some("Lights Out"));
        assert!(expected.len() >= 6, "title, heading and four sentences");
        // The spoken text, not the display text, is what the voice gets.
        assert!(voice.said.iter().any(|s| s.contains("thirteen thousand")));
        assert!(!voice.said.iter().any(|s| s.contains("13,000")));
        assert_eq!(
            outcome,
            Outcome {
                spoken: expected.len(),
                total: expected.len(),
                stopped: false
            }
        );
    }

    #[test]
    fn stop_during_an_utterance_starts_no_more_and_skips_the_pause() {
        let long = Pauses {
            sentence_ms: 10_000,
            paragraph_ms: 10_000,
            heading_ms: 10_000,
            chapter_ms: 10_000,
        };
        let script = script(long);
        let stop = AtomicBool::new(false);
        let mut voice = FakeVoice {
            stop_at: Some((2, &stop)),
            ..Default::default()
        };
        let started = Instant::now();
        let outcome = read_aloud(&script, &mut voice, &stop).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "waited out a pause"
        );
        assert_eq!(voice.said.len(), 2);
        assert!(outcome.stopped);
        assert_eq!(outcome.spoken, 1, "the cut-short utterance does not count");
        assert!(outcome.total > 2);
    }

    #[test]
    fn stop_during_a_pause_ends_the_pause_early() {
        let stop = AtomicBool::new(false);
        let started = Instant::now();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(100));
                stop.store(true, Ordering::SeqCst);
            });
            pause(Duration::from_secs(30), &stop);
        });
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn keeps_the_pauses_between_utterances() {
        let short = Pauses {
            sentence_ms: 30,
            paragraph_ms: 30,
            heading_ms: 30,
            chapter_ms: 30,
        };
        let script = script(short);
        let total_ms: u64 = script
            .utterances()
            .map(|u| u64::from(u.pause_after_ms))
            .sum();
        assert!(
            total_ms >= 150,
            "the sample has pauses to keep ({total_ms} ms)"
        );
        let started = Instant::now();
        read_aloud(&script, &mut FakeVoice::default(), &AtomicBool::new(false)).unwrap();
        assert!(started.elapsed() >= Duration::from_millis(total_ms));
    }

    #[test]
    fn already_stopped_says_nothing() {
        let script = script(no_pauses());
        let mut voice = FakeVoice::default();
        let outcome = read_aloud(&script, &mut voice, &AtomicBool::new(true)).unwrap();
        assert!(voice.said.is_empty());
        assert!(outcome.stopped);
        assert_eq!(outcome.spoken, 0);
    }

    #[test]
    fn a_voice_error_ends_the_reading_with_that_error() {
        let script = script(no_pauses());
        let mut voice = FakeVoice {
            fail_at: Some(1),
            ..Default::default()
        };
        let err = read_aloud(&script, &mut voice, &AtomicBool::new(false)).unwrap_err();
        assert!(err.to_string().contains("gone"));
        assert_eq!(voice.said.len(), 1);
    }
}
