//! Interruption: SIGKILL at several moments and Ctrl-C (SIGINT) during a batch leave
//! only complete outputs, and a re-run finishes using the sentence cache.

use crate::common::*;
use crate::hardening::{check_outputs, check_outputs_with};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A folder `in/` holding `n` copies of the sample.
fn batch(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for i in 0..n {
        std::fs::copy(sample(), dir.path().join(format!("in/copy{i}.txt"))).unwrap();
    }
    dir
}

/// Every sentence-cache entry with its inode: a re-synthesised entry gets a new one.
fn cache_entries(dir: &Path) -> BTreeMap<String, u64> {
    files_under(dir)
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|x| x == "pcm"))
        .map(|(p, m)| (p.display().to_string(), m.ino()))
        .collect()
}

/// Start `args` and SIGKILL it as soon as `moment` holds (or let it finish first);
/// fails if neither happens within two minutes.
fn kill_when(dir: &Path, args: &[&str], what: &str, moment: impl Fn() -> bool) {
    let mut child = altformat(dir, args)
        .stderr(Stdio::null())
        .spawn()
        .expect("altformat starts");
    let started = std::time::Instant::now();
    while !moment() {
        if child.try_wait().unwrap().is_some() {
            return; // finished before the moment came: nothing to interrupt
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "never reached: {what}"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
}

/// Finished articles (their manifest written) in `exports`.
fn manifests(exports: &Path) -> usize {
    std::fs::read_dir(exports)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("manifest.json").is_file())
        .count()
}

/// Output files (or their temporary files) of any article in `exports`.
fn output_files(exports: &Path) -> usize {
    std::fs::read_dir(exports)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_dir(e.path()).ok())
        .flatten()
        .count()
}

#[test]
fn sigkill_leaves_only_complete_outputs_and_rerun_uses_the_cache() {
    let dir = batch(3);
    let args = build_args(
        "in",
        "json,audio,epub,pdf",
        &["--cache-dir", "cache", "--jobs", "2"],
    );
    let exports = dir.path().join("exports");
    let cache = dir.path().join("cache");
    // Moments picked by what the run has done, not by the clock, so a slow or a fast
    // machine interrupts the same stages: at start, during synthesis, while outputs
    // are written, and just after the first article is complete.
    let t0 = std::time::Instant::now();
    kill_when(dir.path(), &args, "50 ms in", || {
        t0.elapsed() > Duration::from_millis(50)
    });
    let cache_ref = &cache;
    let cached = |n: usize| move || cache_entries(cache_ref).len() >= n;
    kill_when(dir.path(), &args, "first sentence cached", cached(1));
    let n = cache_entries(&cache).len();
    kill_when(
        dir.path(),
        &args,
        "50 more sentences cached",
        cached(n + 50),
    );
    kill_when(dir.path(), &args, "outputs being written", || {
        output_files(&exports) > 0
    });
    let done = manifests(&exports);
    kill_when(dir.path(), &args, "an article finished", || {
        manifests(&exports) > done
    });
    check_outputs_with(&exports, true);
    let before = cache_entries(&cache);
    assert!(!before.is_empty(), "no sentence cached by the killed runs");
    let finished_before = manifests(&exports);
    assert!(finished_before < 3, "the killed runs finished everything");
    let out = altformat(dir.path(), &args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    check_outputs(&exports);
    for slug in [
        "north-korean-labour-fuels-russia",
        "north-korean-labour-fuels-russia-2",
        "north-korean-labour-fuels-russia-3",
    ] {
        assert!(exports.join(slug).join("manifest.json").is_file(), "{slug}");
    }
    // Entries cached by the killed runs were read, not synthesised and written again.
    let after = cache_entries(&cache);
    for (path, inode) in &before {
        assert_eq!(after.get(path), Some(inode), "{path} was rewritten");
    }
}

#[test]
fn ctrl_c_finishes_what_started_and_says_what_was_built() {
    let dir = batch(6);
    let mut child = altformat(
        dir.path(),
        &build_args("in", "json,epub,pdf", &["--jobs", "1"]),
    )
    .stderr(Stdio::piped())
    .spawn()
    .expect("altformat starts");
    let pid = child.id().to_string();
    let mut err = String::new();
    let mut sent = false;
    for line in std::io::BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        if !sent && line.starts_with("built ") {
            let kill = Command::new("kill").args(["-INT", &pid]).status();
            assert!(kill.is_ok_and(|s| s.success()), "kill -INT failed");
            sent = true;
        }
        err.push_str(&line);
        err.push('\n');
    }
    let status = child.wait().unwrap();
    assert!(sent, "no article was built: {err}");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("altformat: interrupted; finishing"), "{err}");
    let built = err.matches("\nbuilt ").count() + usize::from(err.starts_with("built "));
    assert!((1..6).contains(&built), "{built} built: {err}");
    assert!(
        err.contains(&format!(
            "altformat: interrupted: {built} built, 0 failed, {} not started",
            6 - built
        )),
        "{err}"
    );
    let exports = dir.path().join("exports");
    check_outputs(&exports);
    let manifests = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("manifest.json").is_file())
        .count();
    assert_eq!(manifests, built);
}

#[test]
fn second_ctrl_c_stops_at_once_leaving_only_complete_outputs() {
    let dir = batch(2);
    let mut child = altformat(
        dir.path(),
        &build_args("in", "audio,epub", &["--jobs", "1", "--cache-dir", "cache"]),
    )
    .stderr(Stdio::piped())
    .spawn()
    .expect("altformat starts");
    let pid = child.id().to_string();
    let interrupt = || {
        let kill = Command::new("kill").args(["-INT", &pid]).status();
        assert!(kill.is_ok_and(|s| s.success()), "kill -INT failed");
    };
    let (tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    // The first article is being narrated once its first sentence is cached.
    let started = std::time::Instant::now();
    while cache_entries(&dir.path().join("cache")).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "never narrated"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    interrupt();
    let mut err = String::new();
    for line in lines.iter() {
        err.push_str(&line);
        err.push('\n');
        if line.starts_with("altformat: interrupted; finishing") {
            interrupt();
            break;
        }
    }
    lines.iter().for_each(|l| {
        err.push_str(&l);
        err.push('\n');
    });
    reader.join().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(
        err.contains("altformat: stopped; outputs already written are complete"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Stopped in the middle of the first article: nothing finished, nothing half-written.
    let exports = dir.path().join("exports");
    assert_eq!(manifests(&exports), 0, "{err}");
    check_outputs_with(&exports, true);
}
