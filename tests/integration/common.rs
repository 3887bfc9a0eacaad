//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The sample article shipped in `input/`.
pub fn sample() -> PathBuf {
    root().join("input/north-korean-labour.txt")
}

/// The altformat command with `args` in `dir`, dated as every test's builds are
/// (`SOURCE_DATE_EPOCH`), ready for more settings.
pub fn altformat(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_altformat"));
    cmd.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000");
    cmd
}

/// The arguments of `altformat build <input> --formats <formats>`, then `more` flags.
pub fn build_args<'a>(input: &'a str, formats: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    [&["build", input, "--formats", formats][..], more].concat()
}

/// Run the altformat binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    altformat(dir, args).output().expect("altformat runs")
}

/// Run in a fresh temp folder; the folder is returned so it lives as long as needed.
pub fn run(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_in(dir.path(), args);
    (dir, out)
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Compare `actual` with the golden file `tests/golden/<name>`; rewrite it when
/// `ALTFORMAT_BLESS` is set.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("ALTFORMAT_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with ALTFORMAT_BLESS=1",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the output; review and re-run with ALTFORMAT_BLESS=1 to accept.\n--- first difference near line {}",
        path.display(),
        expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1)
    );
}

/// Assert a command failed with `code` and a message containing every one of `needles`,
/// and that it did not panic.
pub fn assert_fails(out: &Output, code: i32, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    for n in needles {
        assert!(err.contains(n), "expected {n:?} in: {err}");
    }
}

/// The lines `inspect` lists under "Dropped as site chrome" (the model itself holds
/// only the article, so this is where the report of dropped chrome is read).
pub fn dropped_lines(input: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["inspect"];
    args.extend_from_slice(extra);
    args.push(input.to_str().unwrap());
    let (_d, out) = run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .skip_while(|l| !l.starts_with("Dropped as site chrome"))
        .filter_map(|l| l.strip_prefix("      - ").map(str::to_string))
        .collect()
}

/// Every file under `dir` (recursively) with its metadata; empty if `dir` is missing.
pub fn files_under(dir: &Path) -> Vec<(PathBuf, std::fs::Metadata)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), meta));
            }
        }
    }
    out
}
