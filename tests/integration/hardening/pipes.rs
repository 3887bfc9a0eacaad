//! Output streams that close early (`| head -1`) never panic: the work is finished, the
//! report written, and the exit code is 141 as for a program stopped by SIGPIPE.

use crate::common::*;
use std::process::{Command, Stdio};

/// Bug: `altformat build in --out ex 2>&1 | head -1` panicked (exit 101) on the second
/// line, leaving an article unbuilt and no report.json.
#[test]
fn closed_stderr_pipe_never_panics_and_the_build_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["one", "two", "three"] {
        std::fs::write(
            inputs.join(format!("{name}.txt")),
            format!("Pipe {name}\n\nA sentence. Another one.\n"),
        )
        .unwrap();
    }
    std::fs::write(inputs.join("bad.txt"), "").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args(["build", "in", "--formats", "json,epub", "--jobs", "1"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is written.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(141), "{status:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("exports/report.json")).unwrap())
            .unwrap();
    let statuses: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "ok").count(),
        3,
        "{report}"
    );
    for name in ["one", "two", "three"] {
        let manifest = dir
            .path()
            .join(format!("exports/pipe-{name}/manifest.json"));
        assert!(manifest.is_file(), "{name} not built");
    }
    super::check_outputs(&dir.path().join("exports"));
}

/// The same for standard output: `altformat inspect article | head -0`.
#[test]
fn closed_stdout_pipe_never_panics() {
    for args in [
        vec!["inspect", "--json"],
        vec!["inspect", "--speech"],
        vec!["inspect"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_altformat"))
            .args(&args)
            .arg(sample())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
    }
}
