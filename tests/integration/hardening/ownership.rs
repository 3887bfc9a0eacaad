//! Article folders belong to their inputs: a different input with the same title never
//! takes over another's folder, whether the runs come one after another or side by side.

use crate::common::*;
use std::path::Path;

fn same_title(dir: &Path) {
    std::fs::write(
        dir.join("a.txt"),
        "Same Title\n\nThis is the first article. It is about apples.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Same Title\n\nThis is the second article. It is about pears.\n",
    )
    .unwrap();
}

/// Each article folder under `out` and what its article.json is about.
fn abouts(out: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let json = std::fs::read_to_string(e.path().join("article.json")).unwrap();
            let about = ["apples", "pears"]
                .into_iter()
                .find(|w| json.contains(&format!("about {w}")))
                .unwrap_or("?");
            (e.file_name().to_string_lossy().into_owned(), about.into())
        })
        .collect();
    found.sort();
    found
}

/// Bug: a second run whose article had the same title silently replaced the first
/// run's article (exit 0), so one process per file into one --out lost articles.
#[test]
fn a_second_run_with_the_same_title_never_takes_over_the_first_articles_folder() {
    let dir = tempfile::tempdir().unwrap();
    same_title(dir.path());
    let build = |input: &str| {
        let out = run_in(dir.path(), &["build", input, "--formats", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    build("a.txt");
    build("b.txt");
    let exports = dir.path().join("exports");
    let first = abouts(&exports);
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0], ("same-title".into(), "apples".into()));
    assert!(first[1].0.starts_with("same-title-"), "{first:?}");
    assert_eq!(first[1].1, "pears");
    // Every later run, in any order, alone or together, finds each in its own folder.
    build("b.txt");
    build("a.txt");
    let out = run_in(
        dir.path(),
        &["build", "b.txt", "a.txt", "--formats", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    build(dir.path().join("a.txt").to_str().unwrap());
    assert_eq!(abouts(&exports), first);
    super::check_outputs(&exports);
}

/// The same bug with the runs side by side (GNU parallel, one process per file).
#[test]
fn concurrent_runs_with_the_same_title_get_one_folder_each() {
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        same_title(dir.path());
        let spawn = |input: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_altformat"))
                .args(["build", input, "--formats", "json", "--quiet"])
                .current_dir(dir.path())
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("a.txt"), spawn("b.txt"));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", stderr(&out));
        }
        let found = abouts(&dir.path().join("exports"));
        let mut said: Vec<&str> = found.iter().map(|(_, a)| a.as_str()).collect();
        said.sort();
        assert_eq!(said, ["apples", "pears"], "round {round}: {found:?}");
    }
}
