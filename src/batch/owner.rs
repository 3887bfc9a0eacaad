//! Which input an article folder belongs to, across runs, processes and machines.
//!
//! Folders are named after the title's slug, and titles collide: two different articles
//! called "Same Title" built by two runs into one output folder must not overwrite each
//! other. Each article folder holds an owner file naming its input; an input takes the
//! folder `<slug>` when it is free or already its own, and otherwise
//! `<slug>-<8 hex digits of a SHA-256 of the input's identity>`, which is the same on
//! every run and machine. The owner file is put in place with a hard link, which fails
//! when the name exists, so of two processes racing for a folder exactly one gets it.

use crate::error::Error;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::Path;

/// The owner file inside each article folder: one line, the input's identity.
pub const OWNER_FILE: &str = ".altformat-owner";

/// What identifies an input across runs: a file's absolute path with symbolic links
/// resolved; a web address as it was given (the page may change, the article is the
/// same); for standard input or a pipe (`<(...)`, whose path names nothing lasting),
/// a hash of what was read.
pub fn identity(path: &Path, bytes: &[u8]) -> String {
    if let Some(url) = crate::article::web_address(path) {
        return format!("url:{url}");
    }
    if path == Path::new("-") || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return format!("stream:{}", super::manifest::hex(&Sha256::digest(bytes)));
    }
    let path = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    path.display().to_string()
}

/// Who holds a folder now.
enum Holder {
    /// Nobody: no owner file and no other article's manifest.
    Free,
    /// This input.
    Us,
    /// Another input, named.
    Other(String),
}

fn holder(dir: &Path, identity: &str, input: &Path) -> Holder {
    match std::fs::read_to_string(dir.join(OWNER_FILE)) {
        Ok(owner) if owner.trim_end_matches('\n') == identity => Holder::Us,
        Ok(owner) => Holder::Other(owner.trim_end_matches('\n').to_string()),
        // A folder from a version that wrote no owner file: its manifest names the
        // input as it was given on that run's command line.
        Err(_) => match std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|m| serde_json::from_slice::<serde_json::Value>(&m).ok())
            .and_then(|m| m["input"].as_str().map(str::to_string))
        {
            Some(given)
                if (Path::new(&given) == input && given != "-")
                    || identity_of(&given) == identity =>
            {
                Holder::Us
            }
            Some(given) => Holder::Other(given),
            None => Holder::Free,
        },
    }
}

fn identity_of(given: &str) -> String {
    identity(Path::new(given), b"")
}

/// Take the folder for the input with `identity` (given as `input`) under `out`:
/// `slug` if it is free or already this input's, else the slug with the identity's
/// hash. `used` holds the names taken earlier in this run. Creates the folder and its
/// owner file; errors name the folder, or both inputs in the (astronomically unlikely)
/// case that the hashed name is taken too.
pub fn claim(
    out: &Path,
    slug: &str,
    identity: &str,
    input: &Path,
    used: &mut BTreeSet<String>,
) -> Result<String, Error> {
    let hash = &super::manifest::hex(&Sha256::digest(identity.as_bytes()))[..8];
    let candidates = [slug.to_string(), format!("{slug}-{hash}")];
    // A folder this input already holds stays its own, even if the plain name is free
    // again: an article does not move between runs.
    for name in &candidates {
        if !used.contains(name) && matches!(holder(&out.join(name), identity, input), Holder::Us) {
            used.insert(name.clone());
            return Ok(name.clone());
        }
    }
    let mut taken_by = String::new();
    for name in &candidates {
        if used.contains(name) {
            continue;
        }
        let dir = out.join(name);
        match holder(&dir, identity, input) {
            Holder::Other(other) => {
                taken_by = other;
                continue;
            }
            Holder::Us | Holder::Free => {}
        }
        if take(&dir, identity)? {
            used.insert(name.clone());
            return Ok(name.clone());
        }
        // Another process got there first; it may be this same input in another run.
        if let Holder::Us = holder(&dir, identity, input) {
            used.insert(name.clone());
            return Ok(name.clone());
        }
    }
    Err(Error::Io {
        path: out.join(&candidates[1]),
        source: std::io::Error::other(format!(
            "cannot name the folder for {identity}: {slug} and {slug}-{hash} are taken{}",
            if taken_by.is_empty() {
                String::new()
            } else {
                format!(" (by {taken_by})")
            }
        )),
    })
}

/// Create `dir` and put its owner file in place; `false` if another owner's file is
/// already there.
fn take(dir: &Path, identity: &str) -> Result<bool, Error> {
    crate::export::output::create_dir(dir)?;
    let owner = dir.join(OWNER_FILE);
    if owner.exists() {
        return Ok(false);
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".altformat-owner-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    std::io::Write::write_all(&mut tmp, format!("{identity}\n").as_bytes())
        .map_err(|e| Error::io(&owner, e))?;
    // A hard link fails if the owner file exists: of two runs racing, one wins.
    match std::fs::hard_link(tmp.path(), &owner) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io(&owner, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_input_with_the_same_title_gets_its_own_stable_folder() {
        let out = tempfile::tempdir().unwrap();
        let (a, b) = (out.path().join("a.txt"), out.path().join("b.txt"));
        std::fs::write(&a, "Same\n\nApples.\n").unwrap();
        std::fs::write(&b, "Same\n\nPears.\n").unwrap();
        let (ia, ib) = (identity(&a, b""), identity(&b, b""));
        let claim_fresh = |id: &str, input: &Path| {
            claim(out.path(), "same", id, input, &mut BTreeSet::new()).unwrap()
        };
        assert_eq!(claim_fresh(&ia, &a), "same");
        let other = claim_fresh(&ib, &b);
        assert!(other.starts_with("same-") && other.len() == 13, "{other}");
        // Every later run gives each input the folder it had.
        assert_eq!(claim_fresh(&ib, &b), other);
        assert_eq!(claim_fresh(&ia, &a), "same");
        // Even with the plain name freed, b stays where it is.
        std::fs::remove_dir_all(out.path().join("same")).unwrap();
        assert_eq!(claim_fresh(&ib, &b), other);
    }

    #[test]
    fn within_one_run_names_are_not_reused() {
        let out = tempfile::tempdir().unwrap();
        let mut used = BTreeSet::new();
        let a = claim(out.path(), "t", "/a", Path::new("/a"), &mut used).unwrap();
        let b = claim(out.path(), "t", "/b", Path::new("/b"), &mut used).unwrap();
        assert_eq!(a, "t");
        assert_ne!(a, b);
    }

    #[test]
    fn racing_claims_give_one_winner() {
        let out = tempfile::tempdir().unwrap();
        let names: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let out = out.path();
                    s.spawn(move || {
                        let id = format!("/input/{i}");
                        claim(out, "race", &id, Path::new(&id), &mut BTreeSet::new()).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let distinct: BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), 8, "{names:?}");
        assert_eq!(names.iter().filter(|n| *n == "race").count(), 1);
    }

    #[test]
    fn a_folder_from_before_owner_files_is_kept_by_its_manifest_input() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("old");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("manifest.json"), r#"{"input": "/x/a.txt"}"#).unwrap();
        let mut used = BTreeSet::new();
        let b = claim(
            out.path(),
            "old",
            "/x/b.txt",
            Path::new("/x/b.txt"),
            &mut used,
        )
        .unwrap();
        assert_ne!(b, "old");
        let a = claim(
            out.path(),
            "old",
            "/x/a.txt",
            Path::new("/x/a.txt"),
            &mut used,
        );
        assert_eq!(a.unwrap(), "old");
    }
}
