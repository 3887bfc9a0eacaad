//! Finding the articles named on the command line: files, folders of them, and web
//! addresses.

use crate::article::InputFormat;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Expand files and folders into a sorted list of article files; `-` (standard input)
/// and web addresses are kept as they are.
///
/// A folder contributes the files directly inside it whose extension altformat reads
/// (hidden files skipped). A folder with none is an error naming it.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for path in paths {
        if path == Path::new(crate::article::source::STDIN)
            || crate::article::web_address(path).is_some()
        {
            out.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_article(p))
            .collect();
        if found.is_empty() {
            return Err(Error::io(
                path,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no articles here (.txt, .md, .html, .epub or .docx files)",
                ),
            ));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// The web addresses listed in the file at `list` (`-`: standard input), one per line;
/// blank lines and lines starting with `#` are skipped. A line that is no http or https
/// address is an error naming the file and the line.
pub fn web_addresses(list: &Path) -> Result<Vec<PathBuf>, Error> {
    let text = if list == Path::new(crate::article::source::STDIN) {
        std::io::read_to_string(std::io::stdin().lock())
    } else {
        std::fs::read_to_string(list)
    }
    .map_err(|e| Error::io(list, e))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !crate::article::fetch::is_web_address(line) || line.contains(char::is_whitespace) {
            return Err(Error::Config {
                path: list.to_path_buf(),
                problem: crate::error::ConfigError::Other(format!(
                    "line {}: not an http or https address: {line:?}",
                    n + 1
                )),
            });
        }
        out.push(PathBuf::from(line));
    }
    Ok(out)
}

fn is_article(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    !hidden
        && path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .is_some()
}

/// One of `count` disjoint parts of a collection, for spreading a build over machines
/// (a Kubernetes indexed Job, a Slurm job array, GNU parallel).
///
/// An input belongs to the part its path relative to the folder it was found in (for
/// a file named directly, its file name; a web address whole) hashes to, so the parts do not depend on the
/// order, the machine, the mount point, or on files added or removed elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 0.
    pub index: u32,
    /// How many parts.
    pub count: u32,
}

/// A shard not written `K/N` with `0 <= K < N` (the text as given).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected K/N with 0 <= K < N (got {0:?})")]
pub struct ShardError(pub String);

impl std::str::FromStr for Shard {
    type Err = ShardError;

    /// `K/N`: part K (from 0) of N.
    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Does the input at `path` belong to this part?
    pub fn contains(&self, path: &Path) -> bool {
        use sha2::{Digest, Sha256};
        let key = match crate::article::web_address(path) {
            Some(url) => url.as_bytes(),
            None => path
                .file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or_default(),
        };
        let digest = Sha256::digest(key);
        let first = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        first % u64::from(self.count) == u64::from(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_reject_nonsense() {
        assert_eq!("2/5".parse(), Ok(Shard { index: 2, count: 5 }));
        for bad in ["5/5", "1/0", "x/2", "3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_name_is_in_exactly_one_shard_and_shards_are_balanced() {
        let names: Vec<PathBuf> = (0..3000)
            .map(|i| PathBuf::from(format!("a/article-{i}.md")))
            .collect();
        for count in [1, 2, 3, 7, 16] {
            let mut sizes = vec![0usize; count as usize];
            for name in &names {
                let owners: Vec<u32> = (0..count)
                    .filter(|&index| Shard { index, count }.contains(name))
                    .collect();
                assert_eq!(owners.len(), 1, "{name:?} in {owners:?} of {count}");
                sizes[owners[0] as usize] += 1;
            }
            let even = names.len() / count as usize;
            assert!(
                sizes.iter().all(|&s| s > even * 8 / 10),
                "{count}: {sizes:?}"
            );
        }
        // The folder does not matter, only the path inside it.
        let s = Shard { index: 0, count: 3 };
        assert_eq!(
            s.contains(Path::new("/x/a.md")),
            s.contains(Path::new("b/a.md"))
        );
    }
}
