//! The sentence cache: synthesised PCM keyed by what was said and how (and, through
//! the same files, the encoded chapters of the `chapters` module).
//!
//! Each entry is one file named by a SHA-256 of (cache version, voice fingerprint,
//! spoken text), holding little-endian 16-bit samples. Files are written to a temporary
//! name and renamed into place, so runs sharing the cache only ever see whole entries;
//! two runs writing the same entry write the same bytes. Reading an entry refreshes its
//! time, and pruning drops the least recently used entries once over the size limit.

use crate::error::Error;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Bump when the entry format or the meaning of a key changes.
const VERSION: &str = "altformat-pcm-1";

/// A temporary entry file older than this was left by a run that was killed.
const STALE_PART: std::time::Duration = std::time::Duration::from_secs(3600);

/// A sentence cache in one folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    limit_bytes: u64,
}

/// `$XDG_CACHE_HOME/altformat`, else `~/.cache/altformat`; `None` when neither is known.
pub fn default_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .map(|p| p.join("altformat"))
        .or_else(|| from("HOME").map(|h| h.join(".cache").join("altformat")))
}

impl Cache {
    /// Use (and create) `dir`, keeping it under `limit_bytes`.
    pub fn open(dir: &Path, limit_bytes: u64) -> Result<Cache, Error> {
        let dir = dir.join(VERSION);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Cache { dir, limit_bytes })
    }

    /// The key of `text` said by the voice with `fingerprint`.
    pub fn key(fingerprint: &str, text: &str) -> String {
        let mut h = Sha256::new();
        for part in [VERSION, fingerprint, text] {
            // Length-prefixed so no two different triples hash the same bytes.
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.pcm"))
    }

    /// The samples stored under `key`, if any (a damaged entry counts as missing).
    pub fn get(&self, key: &str) -> Option<Vec<i16>> {
        let bytes = self.get_bytes(key)?;
        if bytes.len() % 2 != 0 {
            return None;
        }
        Some(
            bytes
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect(),
        )
    }

    /// Store `samples` under `key`, atomically.
    pub fn put(&self, key: &str, samples: &[i16]) -> Result<(), Error> {
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        self.put_bytes(key, &bytes)
    }

    /// The bytes stored under `key`, if any; reading marks the entry recently used.
    pub fn get_bytes(&self, key: &str) -> Option<Vec<u8>> {
        let path = self.path(key);
        let bytes = std::fs::read(&path).ok()?;
        // Mark it recently used; failing to is harmless.
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        Some(bytes)
    }

    /// Store `bytes` under `key`, atomically.
    pub fn put_bytes(&self, key: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path(key);
        let sub = path.parent().expect("entries live in a subfolder");
        std::fs::create_dir_all(sub).map_err(|e| Error::io(sub, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".put-")
            .suffix(".part")
            .tempfile_in(sub)
            .map_err(|e| Error::io(sub, e))?;
        tmp.write_all(bytes).map_err(|e| Error::io(&path, e))?;
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }

    /// Delete least recently used entries until the cache fits its limit, and the
    /// temporary files of runs that were killed while writing. Returns the bytes
    /// removed. Entries another run removes first are simply skipped.
    pub fn prune(&self) -> Result<u64, Error> {
        let now = SystemTime::now();
        let mut removed = 0;
        let mut entries = Vec::new();
        let subs = std::fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        for sub in subs.flatten() {
            let Ok(files) = std::fs::read_dir(sub.path()) else {
                continue;
            };
            for f in files.flatten() {
                if let Ok(meta) = f.metadata()
                    && meta.is_file()
                {
                    let mtime = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    if f.file_name().to_string_lossy().ends_with(".part") {
                        // A live run's temporary file is seconds old; an old one was
                        // left by a run that was killed.
                        let age = now.duration_since(mtime).unwrap_or_default();
                        if age > STALE_PART && std::fs::remove_file(f.path()).is_ok() {
                            removed += meta.len();
                        }
                        continue;
                    }
                    entries.push((mtime, f.path(), meta.len()));
                }
            }
        }
        let mut total: u64 = entries.iter().map(|e| e.2).sum();
        // Oldest first; the path breaks ties so the order is stable.
        entries.sort();
        for (_, path, len) in entries {
            if total <= self.limit_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                removed += len;
            }
            total -= len;
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn miss_then_hit() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 20).unwrap();
        let k = Cache::key("voice a", "Hello.");
        assert!(c.get(&k).is_none());
        c.put(&k, &[1, -2, 32767, -32768]).unwrap();
        assert_eq!(c.get(&k).unwrap(), [1, -2, 32767, -32768]);
    }

    #[test]
    fn key_depends_on_text_and_voice() {
        let k = Cache::key("v", "Hello.");
        assert_eq!(k.len(), 64);
        assert_eq!(k, Cache::key("v", "Hello."));
        assert_ne!(k, Cache::key("v", "Hello!"));
        assert_ne!(k, Cache::key("w", "Hello."));
        // Moving a boundary between fields changes the key.
        assert_ne!(Cache::key("ab", "c"), Cache::key("a", "bc"));
    }

    #[test]
    fn damaged_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 20).unwrap();
        let k = Cache::key("v", "x");
        c.put(&k, &[1]).unwrap();
        std::fs::write(c.path(&k), [1u8, 2, 3]).unwrap();
        assert!(c.get(&k).is_none());
    }

    #[test]
    fn concurrent_writers_and_readers_see_whole_entries() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 30).unwrap();
        let k = Cache::key("v", "shared sentence");
        let pcm: Vec<i16> = (0..50_000).map(|i| (i % 3000) as i16).collect();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20 {
                        c.put(&k, &pcm).unwrap();
                        if let Some(got) = c.get(&k) {
                            assert_eq!(got, pcm, "a reader saw a partial entry");
                        }
                    }
                });
            }
        });
        assert_eq!(c.get(&k).unwrap(), pcm);
        // No temporary files are left behind.
        let sub = c.path(&k).parent().unwrap().to_path_buf();
        assert_eq!(std::fs::read_dir(sub).unwrap().count(), 1);
    }

    #[test]
    fn prune_drops_least_recently_used_first() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 250).unwrap();
        let keys: Vec<String> = (0..3).map(|i| Cache::key("v", &i.to_string())).collect();
        let t0 = SystemTime::now() - Duration::from_secs(1000);
        for (i, k) in keys.iter().enumerate() {
            c.put(k, &[0; 50]).unwrap(); // 100 bytes each
            let f = std::fs::File::options()
                .append(true)
                .open(c.path(k))
                .unwrap();
            f.set_modified(t0 + Duration::from_secs(i as u64 * 10))
                .unwrap();
        }
        // Reading the oldest makes it the most recent.
        assert!(c.get(&keys[0]).is_some());
        assert_eq!(c.prune().unwrap(), 100);
        assert!(
            c.get(&keys[1]).is_none(),
            "the least recently used goes first"
        );
        assert!(c.get(&keys[0]).is_some());
        assert!(c.get(&keys[2]).is_some());
    }

    #[test]
    fn prune_removes_what_killed_runs_left_and_nothing_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 30).unwrap();
        let key = Cache::key("v", "kept");
        c.put(&key, &[1; 10]).unwrap();
        let sub = c.path(&key).parent().unwrap().to_path_buf();
        let old = sub.join(".put-old.part");
        let live = sub.join(".put-live.part");
        for p in [&old, &live] {
            std::fs::write(p, [0u8; 40]).unwrap();
        }
        std::fs::File::options()
            .append(true)
            .open(&old)
            .unwrap()
            .set_modified(SystemTime::now() - Duration::from_secs(7200))
            .unwrap();
        assert_eq!(c.prune().unwrap(), 40);
        assert!(!old.exists(), "a killed run's temporary file is removed");
        assert!(
            live.exists(),
            "a running put's temporary file is left alone"
        );
        assert!(c.get(&key).is_some(), "entries under the limit stay");
    }
}
