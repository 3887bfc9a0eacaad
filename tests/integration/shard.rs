//! `build --shard K/N`: every input in exactly one shard, and N shard runs into one
//! shared `--out` give the same files as one run; shard reports merge with `jq`.

use crate::common::{files_under, run_in, stderr};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const ARTICLES: usize = 11;

/// Every file under `dir` except the run reports, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .filter(|(_, m)| m.is_file())
        .map(|(p, _)| (p.strip_prefix(dir).unwrap().display().to_string(), p))
        .filter(|(rel, _)| !rel.starts_with("report"))
        .map(|(rel, p)| (rel, std::fs::read(p).unwrap()))
        .collect()
}

fn build(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "articles", "--formats", "json,pdf"];
    args.extend_from_slice(extra);
    let out = run_in(dir, &args);
    assert!(out.status.success(), "{extra:?}: {}", stderr(&out));
    out
}

#[test]
fn shards_split_the_inputs_and_together_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for i in 0..ARTICLES {
        std::fs::write(
            articles.join(format!("story-{i}.txt")),
            format!("Story number {i}\n\nThe text of story {i} has one sentence.\n"),
        )
        .unwrap();
    }
    build(dir.path(), &["--out", "whole"]);
    let whole = tree(&dir.path().join("whole"));
    assert_eq!(
        whole
            .keys()
            .filter(|k| k.ends_with("manifest.json"))
            .count(),
        ARTICLES
    );
    for n in [2, 3, 5] {
        let out = format!("shared-{n}");
        for k in 0..n {
            build(dir.path(), &["--out", &out, "--shard", &format!("{k}/{n}")]);
        }
        // Each input in exactly one shard report.
        let mut owners: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for k in 0..n {
            let path = dir
                .path()
                .join(&out)
                .join(format!("report-{k}-of-{n}.json"));
            let report: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            for a in report.as_array().unwrap() {
                owners
                    .entry(a["input"].as_str().unwrap().into())
                    .or_default()
                    .push(k);
            }
        }
        assert_eq!(owners.len(), ARTICLES, "{n}: {owners:?}");
        assert!(owners.values().all(|v| v.len() == 1), "{n}: {owners:?}");
        assert!(
            owners
                .values()
                .map(|v| v[0])
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                > 1,
            "{n}: every input in one shard: {owners:?}"
        );
        assert_eq!(
            tree(&dir.path().join(&out)),
            whole,
            "{n} shards differ from one run"
        );

        // The README's jq line merges the shard reports into one summary.
        let merged = std::process::Command::new("jq")
            .current_dir(dir.path())
            .args(["-s", "-c", &readme_jq()])
            .args((0..n).map(|k| format!("{out}/report-{k}-of-{n}.json")))
            .output()
            .expect("jq (apt-get install jq)");
        assert!(merged.status.success(), "{}", stderr(&merged));
        let summary: Value = serde_json::from_slice(&merged.stdout).unwrap();
        assert_eq!(summary["articles"], ARTICLES, "{summary}");
        assert_eq!(summary["status"]["ok"], ARTICLES, "{summary}");
        assert_eq!(summary["failed"], Value::Array(vec![]), "{summary}");
    }
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Title\n\nText.\n").unwrap();
    for bad in ["3/3", "1/0", "x"] {
        let out = run_in(dir.path(), &["build", "a.txt", "--shard", bad]);
        crate::common::assert_fails(&out, 2, &["--shard", "K/N"]);
    }
}

/// The jq program of the README's "Large collections" section (the line that starts
/// with `jq -s '`), so the documented line is the one tested.
fn readme_jq() -> String {
    let readme = std::fs::read_to_string(crate::common::root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("jq -s '"))
        .expect("README.md has the jq line");
    let program = &line[line.find('\'').unwrap() + 1..line.rfind('\'').unwrap()];
    program.to_string()
}
