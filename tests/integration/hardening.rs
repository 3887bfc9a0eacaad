//! Hardening: a corpus of bad and odd inputs built here, run end to end through the CLI
//! as one batch; unwritable and full output folders; a stale manifest.

use crate::common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;

mod corpus;
use corpus::{Expect, corpus};

/// Every article folder under `out`: a safe name, no `.part` file, and either no
/// manifest or one whose files all exist with the listed size and SHA-256.
pub fn check_outputs(out: &Path) {
    check_outputs_with(out, false);
}

/// As [`check_outputs`]; with `killed`, temp files a killed run left are allowed
/// (they are never listed as outputs, and the next run removes them).
pub fn check_outputs_with(out: &Path, killed: bool) {
    for entry in std::fs::read_dir(out).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(killed || !name.ends_with(".part"), "temp file left: {name}");
        if !entry.path().is_dir() {
            continue;
        }
        assert!(
            name.len() <= 70
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !["con", "prn", "aux", "nul"].contains(&name.as_str()),
            "unsafe folder name {name:?}"
        );
        for f in std::fs::read_dir(entry.path()).unwrap().flatten() {
            let f = f.file_name().to_string_lossy().into_owned();
            assert!(
                killed || !f.ends_with(".part"),
                "temp file left: {name}/{f}"
            );
        }
        let Ok(bytes) = std::fs::read(entry.path().join("manifest.json")) else {
            continue;
        };
        let manifest: Value = serde_json::from_slice(&bytes).expect("manifest is JSON");
        for file in manifest["files"].as_array().unwrap() {
            let listed = file["name"].as_str().unwrap();
            assert!(
                !listed.ends_with(".part"),
                "temp file listed as output: {listed}"
            );
            let path = entry.path().join(listed);
            let content = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{} listed but unreadable: {e}", path.display()));
            assert_eq!(
                content.len() as u64,
                file["bytes"].as_u64().unwrap(),
                "{}",
                path.display()
            );
            let sha: String = Sha256::digest(&content)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                sha,
                file["sha256"].as_str().unwrap(),
                "{} hash",
                path.display()
            );
        }
    }
}

fn report(out: &Path) -> Vec<Value> {
    let bytes = std::fs::read(out.join("report.json")).expect("report.json written");
    serde_json::from_slice::<Value>(&bytes)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Write the cases into `dir/in`, plus the sample so a good article is in the batch.
fn write_corpus(dir: &Path, cases: &[(&str, Vec<u8>, Expect)]) {
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for (name, bytes, _) in cases {
        std::fs::write(inputs.join(name), bytes).unwrap();
    }
    std::fs::copy(sample(), inputs.join("sample.txt")).unwrap();
}

/// Each case's report: built or failed as expected, the error naming the file.
fn check_cases(dir: &Path, out: &std::process::Output, cases: &[(&str, Vec<u8>, Expect)]) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "panic: {err}");
    let reports = report(&dir.join("exports"));
    assert_eq!(reports.len(), cases.len() + 1, "{err}");
    let failures = cases
        .iter()
        .filter(|c| matches!(c.2, Expect::Fails(_)))
        .count();
    let code = if failures > 0 { 1 } else { 0 };
    assert_eq!(out.status.code(), Some(code), "{err}");
    for (name, _, expect) in cases
        .iter()
        .chain([&("sample.txt", Vec::new(), Expect::Ok)])
    {
        let r = reports
            .iter()
            .find(|r| r["input"].as_str().unwrap().ends_with(&format!("/{name}")))
            .unwrap_or_else(|| panic!("{name} missing from report.json"));
        match expect {
            Expect::Ok => {
                assert_eq!(r["status"], "ok", "{name}: {r}");
                let folder = Path::new(r["out_dir"].as_str().unwrap());
                let folder = dir.join(folder);
                assert_eq!(
                    folder.parent().unwrap(),
                    dir.join("exports"),
                    "{name} escaped --out"
                );
                assert!(
                    folder.join("manifest.json").is_file(),
                    "{name}: no manifest"
                );
            }
            Expect::Fails(words) => {
                assert_eq!(r["status"], "failed", "{name}: {r}");
                let e = r["error"].as_str().unwrap();
                assert!(
                    e.contains(name),
                    "{name}: error does not name the file: {e}"
                );
                for w in *words {
                    assert!(e.contains(w), "{name}: {w:?} not in {e:?}");
                }
                assert!(err.contains(e), "{name}: error not printed: {err}");
            }
        }
    }
    check_outputs(&dir.join("exports"));
    // Nothing was written beside the inputs and outputs (no path traversal).
    let mut top: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert!(
        top.iter()
            .all(|t| ["cache", "exports", "in"].contains(&t.as_str())),
        "{top:?}"
    );
}

#[test]
fn bad_input_corpus_builds_or_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let cases = corpus();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    write_corpus(dir.path(), &cases);
    let out = run_in(
        dir.path(),
        &build_args("in", "json,epub,pdf", &["--jobs", "2"]),
    );
    check_cases(dir.path(), &out, &cases);
}

#[test]
fn odd_text_is_narrated() {
    let keep = [
        "numbers.txt",
        "emoji.txt",
        "korean.txt",
        "arabic.txt",
        "hebrew.txt",
        "mixed.txt",
        "control.txt",
        "empty.txt",
    ];
    let cases: Vec<_> = corpus()
        .into_iter()
        .filter(|c| keep.contains(&c.0))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), &cases);
    let out = run_in(
        dir.path(),
        &build_args("in", "audio", &["--cache-dir", "cache", "--jobs", "2"]),
    );
    check_cases(dir.path(), &out, &cases);
    // Every article that built has its narration: a timeline with clips and MP3s
    // that are real audio, as the manifest lists them.
    let mut narrated = 0;
    for r in report(&dir.path().join("exports")) {
        if r["status"] != "ok" {
            continue;
        }
        let folder = dir.path().join(r["out_dir"].as_str().unwrap());
        let timeline: Value =
            serde_json::from_slice(&std::fs::read(folder.join("narration.json")).unwrap()).unwrap();
        let tracks = timeline["tracks"].as_array().unwrap();
        assert!(!tracks.is_empty(), "{folder:?}: no tracks");
        for t in tracks {
            let mp3 = std::fs::read(folder.join(t["file"].as_str().unwrap())).unwrap();
            assert!(
                mp3.len() > 1000,
                "{folder:?}: {} is {} bytes",
                t["file"],
                mp3.len()
            );
            assert!(t["duration"].as_f64().unwrap() > 0.0);
        }
        narrated += 1;
    }
    let ok = cases.iter().filter(|c| matches!(c.2, Expect::Ok)).count();
    assert_eq!(narrated, ok + 1, "every good case and the sample narrated");
}

#[test]
fn unknown_config_key_in_build_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("altformat.toml"),
        "[pdf]\nfont_size = 18\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &build_args(sample().to_str().unwrap(), "pdf", &[]),
    );
    assert_fails(&out, 2, &["altformat.toml", "colour"]);
    assert!(
        !dir.path().join("exports").exists(),
        "nothing built with a bad config"
    );
}

#[test]
fn output_folder_under_a_file_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("somefile"), "x").unwrap();
    let out = run_in(
        dir.path(),
        &build_args(sample().to_str().unwrap(), "json", &["--out", "somefile/x"]),
    );
    assert_fails(&out, 1, &["somefile/x"]);
    let out = run_in(
        dir.path(),
        &build_args(
            sample().to_str().unwrap(),
            "json",
            &["--out", "/proc/altformat"],
        ),
    );
    assert_fails(&out, 1, &["/proc/altformat"]);
}

/// A tmpfs mounted for the test, unmounted when dropped (also on a failed assertion).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "the full-disk test mounts a tmpfs: run the tests as root (as .ci/run does) \
             with `mount` available (Debian package mount)"
        );
        Tmpfs(dir.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk_fails_the_big_article_and_builds_the_small_one() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    // article.json of this one is about 300 kB: more than the disk holds.
    let big = format!(
        "Big Article\n\n{}",
        "A sentence that fills the disk. ".repeat(10_000)
    );
    std::fs::write(inputs.join("a-big.txt"), big).unwrap();
    std::fs::write(
        inputs.join("b-small.txt"),
        "Small Article\n\nIt fits. Easily.\n",
    )
    .unwrap();
    let disk = Tmpfs::mount(&dir.path().join("disk"), "200k");
    let out = run_in(
        dir.path(),
        &build_args("in", "json", &["--jobs", "1", "--out", "disk/exports"]),
    );
    assert_fails(
        &out,
        1,
        &["a-big.txt", "No space left", "1 built, 1 failed"],
    );
    let exports = disk.0.join("exports");
    check_outputs(&exports);
    assert!(exports.join("small-article/manifest.json").is_file());
    assert!(!exports.join("big-article/manifest.json").exists());
    assert!(!exports.join("big-article/article.json").exists());
}

/// Bug: a run that failed (or was killed) between two output writes left the previous
/// run's manifest, whose hashes no longer matched the files already replaced.
#[test]
fn stale_manifest_is_removed_before_outputs_change() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Stale Manifest\n\nFirst version. Two sentences.\n").unwrap();
    let args = build_args("a.txt", "json,epub", &[]);
    assert!(run_in(dir.path(), &args).status.success());
    let art = dir.path().join("exports/stale-manifest");
    // Make the second write fail: a folder where the EPUB must go.
    std::fs::remove_file(art.join("stale-manifest.epub")).unwrap();
    std::fs::create_dir(art.join("stale-manifest.epub")).unwrap();
    std::fs::write(&input, "Stale Manifest\n\nSecond version. Changed text.\n").unwrap();
    let out = run_in(dir.path(), &args);
    assert_fails(&out, 1, &["stale-manifest.epub"]);
    assert!(!art.join("manifest.json").exists(), "stale manifest kept");
    check_outputs(&dir.path().join("exports"));
}
