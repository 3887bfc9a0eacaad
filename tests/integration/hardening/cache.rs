//! Damaged cache entries are found, removed and made again: the narration is what it
//! would have been, with one warning.

use crate::common::*;
use std::path::{Path, PathBuf};

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = files_under(cache)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "pcm"))
        .collect();
    files.sort();
    files
}

/// Bug: a sentence entry replaced by another sentence's audio or by random bytes of
/// the same length was narrated (exit 0), and a chapter entry's NaN or huge clip times
/// went into narration.json.
#[test]
fn damaged_cache_entries_are_made_again_the_same() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Cache Damage\n\nThe first sentence is here. The second one follows it.\n\n\
         A Heading\n\nAnother paragraph says more. It ends the article.\n",
    )
    .unwrap();
    let args = [
        "build",
        "a.txt",
        "--formats",
        "audio",
        "--cache-dir",
        "cache",
        "--force",
    ];
    let out = run_in(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let art = dir.path().join("exports/cache-damage");
    let mp3 = art.join("cache-damage.mp3");
    let (first, timeline) = (
        std::fs::read(&mp3).unwrap(),
        std::fs::read(art.join("narration.json")).unwrap(),
    );
    let files = entries(&dir.path().join("cache"));
    assert!(files.len() >= 8, "{files:?}");
    // Every entry damaged, each in one of four ways.
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let damaged = match i % 4 {
            0 => std::fs::read(&files[(i + 1) % files.len()]).unwrap(),
            1 => (0..bytes.len()).map(|j| (j * 7919 % 251) as u8).collect(),
            2 => bytes[..bytes.len() - 1].to_vec(),
            _ => {
                // A NaN written where the first clip's start or the first samples are.
                let mut b = bytes.clone();
                b[bytes.len() / 2..bytes.len() / 2 + 8].copy_from_slice(&f64::NAN.to_le_bytes());
                b
            }
        };
        std::fs::write(path, damaged).unwrap();
    }
    let out = run_in(dir.path(), &args);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        std::fs::read(&mp3).unwrap() == first,
        "narration differs after damage"
    );
    assert_eq!(std::fs::read(art.join("narration.json")).unwrap(), timeline);
    assert_eq!(
        err.matches("damaged sentence cache entries").count(),
        1,
        "one warning: {err}"
    );
    // The entries were made again: a third run has nothing to say about the cache.
    let out = run_in(dir.path(), &args);
    assert!(!stderr(&out).contains("damaged"), "{}", stderr(&out));
    assert!(std::fs::read(&mp3).unwrap() == first);
}
