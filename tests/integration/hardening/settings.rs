//! Settings are checked once, before any article starts: a bad value exits with 2 and
//! one message, whatever the number of articles.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

/// Two articles in `dir/in`, and `config` as `dir/altformat.toml`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["one", "two"] {
        std::fs::write(
            inputs.join(format!("{name}.txt")),
            format!("Article {name}\n\nA sentence. Another one.\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("altformat.toml"), config).unwrap();
    dir
}

fn build_with_epoch(dir: &Path, epoch: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_altformat"))
        .args(["build", "in"])
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap()
}

/// Exit 2, `needles` said exactly once, nothing built.
fn refused_once(dir: &Path, out: &Output, needles: &[&str]) {
    assert_fails(out, 2, needles);
    let err = stderr(out);
    assert_eq!(
        err.lines().count(),
        1,
        "one message, not one per article: {err}"
    );
    assert!(
        !dir.join("exports").exists(),
        "an article was started: {err}"
    );
}

/// Bug: `bitrate_kbps = 7` or `[epub] modified = "not a date"` failed every article with
/// the same message and exit 1; a NaN loudness gave silent MP3s with exit 0.
#[test]
fn bad_settings_exit_2_once_before_any_article_starts() {
    for (config, formats, key) in [
        ("[audio]\nbitrate_kbps = 7\n", "audio", "audio.bitrate_kbps"),
        (
            "[audio]\nloudness_lufs = nan\n",
            "audio",
            "audio.loudness_lufs",
        ),
        (
            "[audio]\nloudness_lufs = 1e308\ntrue_peak_db = -1e308\n",
            "audio",
            "audio.loudness_lufs",
        ),
        ("[audio]\npitch = 500\n", "audio", "audio.pitch"),
        (
            "[epub]\nmodified = \"not a date\"\n",
            "epub",
            "epub.modified",
        ),
        ("[pdf]\nline_spacing = nan\n", "pdf", "pdf.line_spacing"),
    ] {
        let dir = project(config);
        let out = run_in(dir.path(), &["build", "in", "--formats", formats]);
        refused_once(dir.path(), &out, &["altformat.toml", key]);
    }
}

/// Bug: `SOURCE_DATE_EPOCH=abc` was silently ignored, and a value past 9999-12-31 wrote
/// an EPUB date EPUBCheck rejects (RSC-005).
#[test]
fn source_date_epoch_that_is_not_a_date_exits_2() {
    for epoch in ["abc", "253402300800", "-5", "1e9"] {
        let dir = project("");
        let out = build_with_epoch(dir.path(), epoch, &["--formats", "epub"]);
        refused_once(dir.path(), &out, &["SOURCE_DATE_EPOCH", epoch]);
    }
    let dir = project("");
    let out = build_with_epoch(dir.path(), "253402300799", &["--formats", "epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Bug: `--out` naming a file gave the operating system's "File exists", exit 1.
#[test]
fn out_naming_a_file_says_it_is_a_file() {
    let dir = project("");
    std::fs::write(dir.path().join("exports.txt"), "not a folder").unwrap();
    let out = run_in(
        dir.path(),
        &["build", "in", "--formats", "json", "--out", "exports.txt"],
    );
    assert_fails(&out, 2, &["exports.txt", "is a file, not a folder"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("exports.txt")).unwrap(),
        "not a folder"
    );
}

/// Bug: `--jobs 100000` spent minutes starting threads before building anything.
#[test]
fn huge_jobs_is_clamped_and_said() {
    let dir = project("");
    let out = run_in(
        dir.path(),
        &["build", "in", "--formats", "json", "--jobs", "100000"],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("--jobs 100000 is more than helps") && err.contains("per core"),
        "{err}"
    );
    let out = run_in(
        dir.path(),
        &["build", "in", "--formats", "json", "--jobs", "1"],
    );
    assert!(
        !stderr(&out).contains("more than helps"),
        "{}",
        stderr(&out)
    );
}
