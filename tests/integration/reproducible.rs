//! Reproducible builds: the same input, options and SOURCE_DATE_EPOCH give byte-identical
//! MP3, EPUB, PDF and manifest, whatever `--jobs` and whether the sentence cache is warm.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file of every article folder under `out`, by relative path.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    for dir in std::fs::read_dir(out).unwrap().flatten() {
        if !dir.path().is_dir() {
            continue; // report.json carries timings
        }
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let name = format!(
                "{}/{}",
                dir.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            );
            map.insert(name, std::fs::read(f.path()).unwrap());
        }
    }
    map
}

#[test]
fn same_input_gives_identical_bytes_across_jobs_and_cache_state() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(sample(), dir.path().join("in/sample.txt")).unwrap();
    std::fs::write(
        dir.path().join("in/short.md"),
        "# A Short Piece\n\nIt opens in 2024 with 13,000 words.\n\n## Then\n\nIt ends. Done.\n",
    )
    .unwrap();
    let build = |out: &str, jobs: &str| {
        let o = run_in(
            dir.path(),
            &build_args(
                "in",
                "json,audio,epub,pdf",
                &["--cache-dir", "cache", "--jobs", jobs, "--out", out],
            ),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        files(&dir.path().join(out))
    };
    let fresh = build("one", "1"); // empty cache
    let warm = build("two", "2"); // cache filled by the first run
    let names: Vec<&String> = fresh.keys().collect();
    for ext in [".mp3", ".epub", ".pdf", "manifest.json"] {
        for slug in ["north-korean-labour-fuels-russia/", "a-short-piece/"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(slug) && n.ends_with(ext)),
                "no {ext} in {slug}: {names:?}"
            );
        }
    }
    assert_eq!(names, warm.keys().collect::<Vec<_>>());
    for (name, bytes) in &fresh {
        assert!(bytes == &warm[name], "{name} differs between the two runs");
    }
}
