//! `altformat speak`: live read-aloud through the system speech service.
//!
//! With the `system-voice` feature the tests start a private speech-dispatcher
//! (espeak-ng module, libao's null driver, since CI has no sound card) and check in
//! its log what it was asked to say. Without the feature, `speak` must say how to get it.

use crate::common::*;

#[cfg(not(feature = "system-voice"))]
#[test]
fn speak_without_the_feature_says_how_to_build_it() {
    let sample = sample();
    let (_dir, out) = run(&["speak", sample.to_str().unwrap()]);
    assert_fails(
        &out,
        2,
        &[
            "built without the system-voice feature",
            "cargo build --features system-voice",
            "libspeechd-dev",
        ],
    );
    let (_dir, help) = run(&["--help"]);
    assert!(
        !stdout(&help).contains("speak"),
        "hidden without the feature"
    );
}

#[cfg(feature = "system-voice")]
mod live {
    use super::*;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    const INSTALL: &str = "install speech-dispatcher, its espeak-ng module and libao \
        (Debian: apt-get install speech-dispatcher speech-dispatcher-espeak-ng libao4)";

    /// A private speech-dispatcher for one test; killed when dropped.
    struct Daemon {
        dir: tempfile::TempDir,
        child: Child,
    }

    impl Daemon {
        fn start() -> Daemon {
            let dir = tempfile::tempdir().expect("temp dir");
            let conf = dir.path().join("conf");
            std::fs::create_dir_all(conf.join("modules")).unwrap();
            // Only the espeak-ng module, played into libao's null driver.
            std::fs::write(
                conf.join("speechd.conf"),
                "AudioOutputMethod \"libao\"\n\
                 AddModule \"espeak-ng\" \"sd_espeak-ng\" \"espeak-ng.conf\"\n\
                 DefaultModule espeak-ng\n",
            )
            .unwrap();
            std::fs::write(conf.join("modules/espeak-ng.conf"), "").unwrap();
            // libao reads its default driver from $HOME/.libao.
            std::fs::write(dir.path().join(".libao"), "default_driver=null\n").unwrap();
            std::fs::create_dir_all(dir.path().join("log")).unwrap();
            let d = dir.path();
            let child = Command::new("speech-dispatcher")
                .args(["--run-single", "--log-level", "5", "--timeout", "120"])
                .args(["--communication-method", "unix_socket"])
                .arg("--socket-path")
                .arg(d.join("sock"))
                .arg("--config-dir")
                .arg(&conf)
                .arg("--log-dir")
                .arg(d.join("log"))
                .arg("--pid-file")
                .arg(d.join("pid"))
                .env("HOME", d)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start speech-dispatcher ({e}): {INSTALL}"));
            let daemon = Daemon { dir, child };
            let until = Instant::now() + Duration::from_secs(15);
            while !daemon.socket().exists() {
                assert!(
                    Instant::now() < until,
                    "speech-dispatcher did not open its socket: {INSTALL}\n{}",
                    daemon.log()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
            daemon
        }

        fn socket(&self) -> PathBuf {
            self.dir.path().join("sock")
        }

        fn log(&self) -> String {
            std::fs::read_to_string(self.dir.path().join("log/speech-dispatcher.log"))
                .unwrap_or_default()
        }

        /// What the daemon was asked to say, in order.
        fn queued(&self) -> Vec<String> {
            let log = self.log();
            log.lines()
                .filter_map(|l| l.split_once("Queueing message |"))
                .filter_map(|(_, rest)| rest.split_once("| with priority"))
                .map(|(text, _)| text.to_string())
                .collect()
        }

        /// An altformat command that talks to this daemon.
        fn altformat(&self, dir: &Path, args: &[&str]) -> Command {
            let mut cmd = altformat(dir, args);
            cmd.env(
                "SPEECHD_ADDRESS",
                format!("unix_socket:{}", self.socket().display()),
            );
            cmd
        }

        fn run(&self, dir: &Path, args: &[&str]) -> Output {
            self.altformat(dir, args).output().expect("altformat runs")
        }
    }

    impl Drop for Daemon {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    const ARTICLE: &str = "# Lights Out\n\nThe grid failed at dusk. Nobody knew why.\n\n\
        ## What Happened\n\nCrews worked 13,000 hours. Power came back.\n";

    #[test]
    fn speaks_a_short_article_in_order_to_the_end() {
        let daemon = Daemon::start();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lights.md"), ARTICLE).unwrap();
        // The project's lexicon and pauses apply, as they do to the narration.
        std::fs::write(
            dir.path().join("lexicon.toml"),
            "[words]\nCrews = \"krooz\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("altformat.toml"),
            "[speech.pauses]\nsentence_ms = 20\nparagraph_ms = 20\nheading_ms = 20\n\
             chapter_ms = 20\n",
        )
        .unwrap();
        let out = daemon.run(dir.path(), &["speak", "lights.md", "--rate", "50"]);
        let err = stderr(&out);
        assert!(out.status.success(), "stderr: {err}\n{}", daemon.log());
        // Exactly the script, in order: normalised, with the lexicon applied.
        assert_eq!(
            daemon.queued(),
            [
                "Lights Out",
                "The grid failed at dusk.",
                "Nobody knew why.",
                "What Happened",
                "krooz worked thirteen thousand hours.",
                "Power came back.",
            ]
        );
        assert_eq!(said_of(&err), (6, 6), "{err}");
        // Every utterance was played to its end, and at the rate asked for.
        let log = daemon.log();
        let ends = log.matches("playback thread got END from queue").count();
        assert_eq!(ends, 6, "each utterance ended");
        assert!(log.contains("rate=50"), "rate 50 of 100 reaches the module");
    }

    /// "said K of N utterances" from the end-of-reading line.
    fn said_of(err: &str) -> (usize, usize) {
        let line = err
            .lines()
            .find_map(|l| l.strip_prefix("altformat: said "))
            .unwrap_or_else(|| panic!("no \"said K of N\" line in: {err}"));
        let mut words = line.split(' ');
        let k = words.next().and_then(|w| w.parse().ok());
        let n = words.nth(1).and_then(|w| w.parse().ok());
        k.zip(n).unwrap_or_else(|| panic!("bad line: {line}"))
    }

    #[test]
    fn ctrl_c_stops_the_reading_and_says_how_far_it_got() {
        let daemon = Daemon::start();
        let dir = tempfile::tempdir().unwrap();
        let sample = sample();
        let child = daemon
            .altformat(dir.path(), &["speak", sample.to_str().unwrap()])
            .stderr(Stdio::piped())
            .spawn()
            .expect("altformat runs");
        // The sample is minutes of reading; interrupt once the daemon has had a few
        // utterances (progress, not the clock, picks the moment).
        let until = Instant::now() + Duration::from_secs(30);
        while daemon.queued().len() < 3 {
            assert!(
                Instant::now() < until,
                "nothing reached the daemon:\n{}",
                daemon.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = libc::pid_t::try_from(child.id()).unwrap();
        // SAFETY: kill(2) on our own child, which has not been waited for yet.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        let started = Instant::now();
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(130), "stderr: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("utterances; stopped"), "{err}");
        // Generous: a second of the daemon confirming the cancel, plus a slow machine.
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "stops promptly"
        );
        let (said, total) = said_of(&err);
        let queued = daemon.queued().len();
        assert!(total > 100, "the whole sample was the script: {err}");
        // The utterance being said when Ctrl-C came was queued but is not counted.
        assert!(
            said >= 2 && (said == queued || said + 1 == queued),
            "said {said}, queued {queued}"
        );
        assert!(queued < total, "stopped early, after {queued} of {total}");
        // Nothing left over for the daemon to read once altformat has gone.
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(
            daemon.queued().len(),
            queued,
            "nothing queued after the stop"
        );
    }

    #[test]
    fn a_missing_input_or_an_unreachable_service_fails_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            altformat(dir.path(), args)
                .env("SPEECHD_ADDRESS", "unix_socket:/nonexistent/speechd.sock")
                .output()
                .expect("altformat runs")
        };
        let out = run(&["speak", "missing.md"]);
        assert_fails(&out, 1, &["missing.md"]);
        std::fs::write(dir.path().join("lights.md"), ARTICLE).unwrap();
        let out = run(&["speak", "lights.md"]);
        assert_fails(
            &out,
            1,
            &[
                "system voice",
                "apt-get install speech-dispatcher",
                "start it",
            ],
        );
        let out = run(&["speak"]);
        assert_fails(&out, 2, &["<INPUT>"]);
        let out = run(&["speak", "lights.md", "--rate", "101"]);
        assert_fails(&out, 2, &["--rate"]);
    }

    #[test]
    fn list_voices_and_an_unknown_voice_name() {
        let daemon = Daemon::start();
        let dir = tempfile::tempdir().unwrap();
        let out = daemon.run(dir.path(), &["speak", "--list-voices"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let list = stdout(&out);
        assert!(
            list.lines().any(|l| l.ends_with("\ten-US")),
            "espeak-ng's American English voice is listed: {list}"
        );
        std::fs::write(dir.path().join("lights.md"), ARTICLE).unwrap();
        let out = daemon.run(
            dir.path(),
            &["speak", "lights.md", "--voice-name", "No Such Voice"],
        );
        assert_fails(&out, 2, &["no voice named \"No Such Voice\""]);
        assert!(daemon.queued().is_empty(), "nothing said");
        let name = list
            .lines()
            .find(|l| l.ends_with("\ten-GB"))
            .expect("a British voice");
        let name = name.split('\t').next().unwrap();
        let out = daemon.run(dir.path(), &["speak", "lights.md", "--voice-name", name]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(!daemon.queued().is_empty());
        assert!(
            daemon.log().contains(&format!("synthesis_voice={name}")),
            "voice {name} used"
        );
    }
}
