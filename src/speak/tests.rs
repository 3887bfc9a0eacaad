//! The read-aloud sequencing, with a fake voice that records instead of speaking.

use super::*;
use crate::article;
use crate::error::Error;
use crate::speech::script::{Chapter, Kind, Pauses, Utterance};
use crate::speech::{SpeechOptions, prepare};
use std::time::Instant;

/// What the fake voice was asked to do, in order.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Say(String),
    Wait,
    Rest(u64),
}

/// Records what it is asked to do; can stop the run or fail at a given utterance.
#[derive(Default)]
struct FakeVoice<'a> {
    events: Vec<Event>,
    /// Set this flag while saying the n-th utterance (1-based), as Ctrl-C would.
    stop_at: Option<(usize, &'a AtomicBool)>,
    /// Refuse the n-th utterance (0-based), as a service that went away would.
    fail_at: Option<usize>,
}

impl FakeVoice<'_> {
    fn said(&self) -> Vec<&str> {
        self.events
            .iter()
            .filter_map(|e| match e {
                Event::Say(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }
}

impl Speaker for FakeVoice<'_> {
    fn speak(&mut self, text: &str) -> Result<()> {
        assert!(
            !matches!(self.events.last(), Some(Event::Say(_))),
            "speak before waiting for the last utterance"
        );
        let n = self.said().len();
        if self.fail_at == Some(n) {
            return Err(Error::Engine {
                engine: "fake",
                message: "gone".into(),
            });
        }
        self.events.push(Event::Say(text.to_string()));
        if let Some((at, stop)) = self.stop_at
            && n + 1 == at
        {
            stop.store(true, Ordering::SeqCst);
        }
        Ok(())
    }
    fn wait(&mut self) -> Result<()> {
        self.events.push(Event::Wait);
        Ok(())
    }
    fn rest(&mut self, length: Duration, _stop: &AtomicBool) {
        self.events.push(Event::Rest(length.as_millis() as u64));
    }
}

const ARTICLE: &str = "# Lights Out\n\nThe grid failed at dusk. Nobody knew why.\n\n\
                       ## What Happened\n\nCrews worked 13,000 hours. Power came back.\n";

fn script() -> Script {
    let read = article::ReadOptions::default();
    let article = article::read_bytes(ARTICLE.as_bytes(), Some("md"), "t", &read).unwrap();
    let opts = SpeechOptions {
        pauses: Pauses {
            sentence_ms: 250,
            paragraph_ms: 600,
            heading_ms: 700,
            chapter_ms: 1000,
        },
        ..Default::default()
    };
    prepare(&article, &opts)
}

#[test]
fn says_every_spoken_text_in_order_waiting_for_each_with_the_pauses() {
    let script = script();
    let mut voice = FakeVoice::default();
    let outcome = read_aloud(&script, &mut voice, &AtomicBool::new(false)).unwrap();
    let expected: Vec<Event> = script
        .utterances()
        .flat_map(|u| {
            [
                Event::Say(u.spoken.clone()),
                Event::Wait,
                Event::Rest(u.pause_after_ms.into()),
            ]
        })
        .collect();
    assert_eq!(voice.events, expected);
    assert_eq!(
        voice.said(),
        [
            "Lights Out",
            "The grid failed at dusk.",
            "Nobody knew why.",
            "What Happened",
            "Crews worked thirteen thousand hours.",
            "Power came back.",
        ],
        "title, sentences and heading, normalised"
    );
    // The script's own pauses: after the title, between sentences, after a paragraph.
    assert_eq!(voice.events[2], Event::Rest(700));
    assert_eq!(voice.events[5], Event::Rest(250));
    assert_eq!(
        outcome,
        Outcome {
            spoken: 6,
            total: 6,
            stopped: false
        }
    );
}

#[test]
fn stop_during_an_utterance_starts_no_more_and_skips_its_pause() {
    let script = script();
    let stop = AtomicBool::new(false);
    let mut voice = FakeVoice {
        stop_at: Some((2, &stop)),
        ..Default::default()
    };
    let outcome = read_aloud(&script, &mut voice, &stop).unwrap();
    assert_eq!(
        voice.events,
        [
            Event::Say("Lights Out".into()),
            Event::Wait,
            Event::Rest(700),
            Event::Say("The grid failed at dusk.".into()),
            Event::Wait,
        ]
    );
    assert_eq!(
        outcome,
        Outcome {
            spoken: 1,
            total: 6,
            stopped: true
        },
        "the cut-short utterance does not count"
    );
}

#[test]
fn already_stopped_says_nothing() {
    let mut voice = FakeVoice::default();
    let outcome = read_aloud(&script(), &mut voice, &AtomicBool::new(true)).unwrap();
    assert!(voice.events.is_empty());
    assert_eq!(
        outcome,
        Outcome {
            spoken: 0,
            total: 6,
            stopped: true
        }
    );
}

#[test]
fn a_voice_error_ends_the_reading_with_that_error() {
    let mut voice = FakeVoice {
        fail_at: Some(1),
        ..Default::default()
    };
    let err = read_aloud(&script(), &mut voice, &AtomicBool::new(false)).unwrap_err();
    assert!(err.to_string().contains("gone"), "{err}");
    assert_eq!(voice.said(), ["Lights Out"]);
}

#[test]
fn utterances_with_nothing_to_say_are_skipped() {
    let utterance = |spoken: &str| Utterance {
        id: spoken.into(),
        kind: Kind::Sentence,
        paragraph: None,
        range: None,
        display: spoken.into(),
        spoken: spoken.into(),
        lead_in: String::new(),
        pause_after_ms: 5,
    };
    let script = Script {
        lang: "en".into(),
        chapters: vec![Chapter {
            id: "opening".into(),
            title: "t".into(),
            utterances: vec![utterance(" One. "), utterance("  "), utterance("Two.")],
        }],
    };
    let mut voice = FakeVoice::default();
    let outcome = read_aloud(&script, &mut voice, &AtomicBool::new(false)).unwrap();
    assert_eq!(voice.said(), ["One.", "Two."], "trimmed, blank one skipped");
    assert_eq!(outcome.total, 2);
    assert_eq!(outcome.spoken, 2);
}

#[test]
fn a_pause_ends_early_when_stopped() {
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(Duration::from_millis(100));
            stop.store(true, Ordering::SeqCst);
        });
        pause(Duration::from_secs(60), &stop);
    });
    // Far below the minute asked for: the pause looked at the flag.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_pause_lasts_its_length() {
    let started = Instant::now();
    pause(Duration::from_millis(120), &AtomicBool::new(false));
    assert!(started.elapsed() >= Duration::from_millis(120));
}
