//! Bounded reads: devices refused, sizes checked before reading, a pipe read once,
//! `-` for standard input.

use crate::common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The output of `child`, killed (and the test failed) if it takes over a minute: the
/// bugs pinned here hung or ran until the kernel stepped in.
fn finish(mut child: Child, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{what}: still running after a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn altformat(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_altformat"));
    c.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Bug: `/dev/zero` as input grew to 24 GB before the kernel killed it; a 1 GB sparse
/// file took 1 GB of memory before being refused.
#[test]
fn devices_and_oversized_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = std::fs::File::create(dir.path().join("sparse.txt")).unwrap();
    sparse.set_len(1 << 30).unwrap();
    std::fs::write(
        dir.path().join("two-mb.txt"),
        format!(
            "Two Megabytes\n\n{}",
            "A sentence of text. ".repeat(100_000)
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("altformat.toml"), "[input]\nmax_mb = 1\n").unwrap();
    let child = altformat(
        dir.path(),
        &[
            "build",
            "/dev/zero",
            "sparse.txt",
            "two-mb.txt",
            "--formats",
            "json",
        ],
    )
    .spawn()
    .unwrap();
    let out = finish(child, "build /dev/zero");
    assert_fails(
        &out,
        1,
        &[
            "/dev/zero: this is a device, not an article file",
            "sparse.txt: larger than the input limit of 1 MB",
            "two-mb.txt: larger than the input limit of 1 MB",
        ],
    );
}

/// Bug: a FIFO given as input hung forever (opened twice, once for the build key), and
/// `<(...)` was reported as "empty" (read up front, then found drained).
#[cfg(unix)]
#[test]
fn a_fifo_or_process_substitution_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("article.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo (coreutils) is needed");
    let child = altformat(
        dir.path(),
        &[
            "build",
            "--input-format",
            "text",
            "article.fifo",
            "--formats",
            "json",
        ],
    )
    .spawn()
    .unwrap();
    let writer = std::thread::spawn(move || {
        let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        f.write_all(b"Through A Pipe\n\nRead once. Hashed from what was read.\n")
            .unwrap();
    });
    let out = finish(child, "build from a FIFO");
    writer.join().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json =
        std::fs::read_to_string(dir.path().join("exports/through-a-pipe/article.json")).unwrap();
    assert!(json.contains("Hashed from what was read"), "{json}");

    let script = format!(
        "{} build <(printf 'Substituted\\n\\nFrom a process. Not empty.\\n') --input-format text --formats json",
        env!("CARGO_BIN_EXE_altformat")
    );
    let child = Command::new("bash")
        .args(["-c", &script])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = finish(child, "build <(...)");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.path()
            .join("exports/substituted/manifest.json")
            .is_file()
    );
}

/// `-` reads the article from standard input; two different articles with the same
/// title from standard input keep their own folders.
#[test]
fn dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let build = |text: &str| {
        let mut child = altformat(dir.path(), &["build", "-", "--formats", "json"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = finish(child, "build -");
        assert!(out.status.success(), "{}", stderr(&out));
    };
    build("From Stdin\n\nThe first one. About apples.\n");
    build("From Stdin\n\nThe second one. About pears.\n");
    let mut texts: Vec<String> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| std::fs::read_to_string(e.path().join("article.json")).unwrap())
        .collect();
    texts.sort();
    assert_eq!(texts.len(), 2);
    assert!(
        texts.iter().any(|t| t.contains("apples")) && texts.iter().any(|t| t.contains("pears"))
    );
}
