//! The platform's speech service as a [`Speaker`], through the `tts` crate:
//! speech-dispatcher on Linux (the service Orca uses), AVFoundation on macOS, WinRT on
//! Windows. Built only with the `system-voice` cargo feature.

use super::Speaker;
use crate::error::{Error, Result};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tts::Tts;

/// Name used in errors.
const ENGINE: &str = "system voice";

/// How often `wait` looks at the service's progress and the stop flag.
const POLL: Duration = Duration::from_millis(20);

/// What to tell a user whose machine has no reachable speech service.
const INSTALL_HINT: &str = "is the speech service installed and running? Install it \
     (Debian/Ubuntu: apt-get install speech-dispatcher speech-dispatcher-espeak-ng), \
     then start it (`speech-dispatcher`; `spd-say hello` checks it speaks)";

/// Settings of the system voice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemVoiceOptions {
    /// Speed from -100 (slowest) through 0 (the service's normal speed) to 100
    /// (fastest); `None` keeps the listener's own setting.
    pub rate: Option<i8>,
    /// A voice name as [`voices`] lists it; `None` keeps the listener's own voice.
    pub voice: Option<String>,
}

/// A voice of the speech service: its name and language (BCP 47).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceInfo {
    /// Name to pass as [`SystemVoiceOptions::voice`].
    pub name: String,
    /// Language tag.
    pub lang: String,
}

/// The speech service, speaking one utterance at a time.
pub struct SystemVoice {
    tts: Tts,
    /// Utterances handed to the service.
    asked: usize,
    /// Utterances the service reports as ended or cancelled (from its own thread).
    finished: Arc<AtomicUsize>,
    /// Set by Ctrl-C; `wait` then cancels the current utterance.
    stop: Arc<AtomicBool>,
    /// When to give up waiting for the current utterance (a service that died).
    deadline: Option<Instant>,
}

fn engine_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Engine {
        engine: ENGINE,
        message: format!("{what}: {e}"),
    }
}

fn connect() -> Result<Tts> {
    Tts::default().map_err(|e| engine_error(&format!("cannot connect ({INSTALL_HINT})"), e))
}

/// The voices the speech service offers, in its order.
pub fn voices() -> Result<Vec<VoiceInfo>> {
    let tts = connect()?;
    let list = tts
        .voices()
        .map_err(|e| engine_error("cannot list voices", e))?;
    Ok(list
        .iter()
        .map(|v| VoiceInfo {
            name: v.name(),
            lang: v.language().to_string(),
        })
        .collect())
}

impl SystemVoice {
    /// Connect to the speech service and apply `opts`. `stop` is the flag Ctrl-C sets.
    pub fn new(opts: &SystemVoiceOptions, stop: Arc<AtomicBool>) -> Result<SystemVoice> {
        let mut tts = connect()?;
        let finished = Arc::new(AtomicUsize::new(0));
        // Ended and cancelled both count as finished: either way the service is
        // ready for the next utterance.
        for on_end in [Tts::on_utterance_end, Tts::on_utterance_stop] {
            let finished = Arc::clone(&finished);
            on_end(
                &tts,
                Some(Box::new(move |_| {
                    finished.fetch_add(1, Ordering::SeqCst);
                })),
            )
            .map_err(|e| engine_error("the service does not report the end of speech", e))?;
        }
        if let Some(rate) = opts.rate {
            let rate = f32::from(rate.clamp(-100, 100)) / 100.0;
            let normal = tts.normal_rate();
            let target = if rate >= 0.0 {
                normal + (tts.max_rate() - normal) * rate
            } else {
                normal + (normal - tts.min_rate()) * rate
            };
            tts.set_rate(target)
                .map_err(|e| engine_error("cannot set the rate", e))?;
        }
        if let Some(name) = &opts.voice {
            let list = tts
                .voices()
                .map_err(|e| engine_error("cannot list voices", e))?;
            let found = list
                .iter()
                .find(|v| v.name() == *name)
                .or_else(|| list.iter().find(|v| v.name().eq_ignore_ascii_case(name)))
                .ok_or_else(|| Error::NoSuchVoice {
                    name: name.clone(),
                    available: list.len(),
                })?;
            tts.set_voice(found)
                .map_err(|e| engine_error("cannot choose the voice", e))?;
        }
        Ok(SystemVoice {
            tts,
            asked: 0,
            finished,
            stop,
            deadline: None,
        })
    }

    fn done(&self) -> bool {
        self.finished.load(Ordering::SeqCst) >= self.asked
    }

    /// Cancel what is being said, and wait (briefly) for the service to confirm, so
    /// its event does not arrive after the connection is gone.
    fn cancel(&mut self) {
        let _ = self.tts.stop();
        let until = Instant::now() + Duration::from_secs(1);
        while !self.done() && Instant::now() < until {
            std::thread::sleep(POLL);
        }
        self.asked = self.finished.load(Ordering::SeqCst);
    }
}

impl Speaker for SystemVoice {
    fn speak(&mut self, text: &str) -> Result<()> {
        self.tts
            .speak(text, false)
            .map_err(|e| engine_error("the service refused the text", e))?;
        self.asked += 1;
        // Generous: even the slowest rate says more than 5 characters a second.
        let chars = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
        self.deadline =
            Some(Instant::now() + Duration::from_secs(30) + Duration::from_millis(200 * chars));
        Ok(())
    }

    fn wait(&mut self) -> Result<()> {
        let deadline = self.deadline.take();
        loop {
            if self.done() {
                return Ok(());
            }
            if self.stop.load(Ordering::SeqCst) {
                self.cancel();
                return Ok(());
            }
            if deadline.is_some_and(|d| Instant::now() > d) {
                self.cancel();
                return Err(Error::Engine {
                    engine: ENGINE,
                    message: "the speech service never finished an utterance".into(),
                });
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for SystemVoice {
    fn drop(&mut self) {
        // Leave nothing queued behind: the service would go on reading after we exit.
        if !self.done() {
            self.cancel();
        }
    }
}
