//! The sentence cache: synthesised PCM keyed by what was said and how (and, through
//! the same files, the encoded chapters of the `chapters` module).
//!
//! Each entry is one file named by a SHA-256 of (cache version, voice fingerprint,
//! spoken text). It starts with a header, [`MAGIC`], the entry's own key, the payload's
//! length and a SHA-256 of the payload, then holds the payload (for a sentence: the
//! voice's word marks, then little-endian 16-bit samples). Reading checks all of them, so an entry copied over
//! another, cut short or overwritten is found out: it is removed and reported, and the
//! caller makes it again. Files are written to a temporary name and renamed into
//! place, so runs sharing the cache only ever see whole entries; two runs writing the
//! same entry write the same bytes. Reading an entry refreshes its time, and pruning
//! drops the least recently used entries once over the size limit.

use crate::error::Error;
use crate::voice::{Speech, WordMark};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A cache entry found unusable and removed (a miss: its audio is made again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {why}", path = .path.display())]
pub struct Damaged {
    /// The entry's file.
    pub path: PathBuf,
    /// What was wrong with it.
    pub why: &'static str,
}

/// Bump when the entry format or the meaning of a key changes (it names the folder).
pub(crate) const VERSION: &str = "altformat-pcm-3";

/// The first bytes of every entry.
const MAGIC: &[u8; 8] = b"AFCACHE2";
/// Magic, key (32 bytes), payload length (8), payload SHA-256 (32).
const HEADER: usize = 8 + 32 + 8 + 32;

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

    /// The speech stored under `key`: `Ok(None)` when there is none, `Err` (saying
    /// what was wrong) when the entry was damaged and has been removed.
    pub fn get(&self, key: &str) -> Result<Option<Speech>, Damaged> {
        let Some(bytes) = self.get_bytes(key)? else {
            return Ok(None);
        };
        decode_speech(&bytes)
            .map(Some)
            .ok_or_else(|| self.discard(key, "its word marks or samples do not fit"))
    }

    /// Store `speech` under `key`, atomically.
    pub fn put(&self, key: &str, speech: &Speech) -> Result<(), Error> {
        self.put_bytes(key, &encode_speech(speech))
    }

    /// The payload stored under `key`, checked against its header: `Ok(None)` when
    /// there is none, `Err` (saying what was wrong) when the entry was damaged and has
    /// been removed. Reading marks the entry recently used.
    pub fn get_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, Damaged> {
        let path = self.path(key);
        let Ok(mut bytes) = std::fs::read(&path) else {
            return Ok(None);
        };
        if let Err(why) = check(&bytes, key) {
            return Err(self.discard(key, why));
        }
        // Mark it recently used; failing to is harmless.
        if let Ok(f) = std::fs::File::options().append(true).open(&path) {
            let _ = f.set_modified(SystemTime::now());
        }
        bytes.drain(..HEADER);
        Ok(Some(bytes))
    }

    /// Remove the entry under `key`, which its reader found unusable because of `why`;
    /// returns what to report.
    pub fn discard(&self, key: &str, why: &'static str) -> Damaged {
        let path = self.path(key);
        // Another run may have removed (or replaced) it first: either way it is gone.
        let _ = std::fs::remove_file(&path);
        Damaged { path, why }
    }

    /// Store `bytes` under `key` with its header, atomically.
    pub fn put_bytes(&self, key: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path(key);
        let sub = path.parent().expect("entries live in a subfolder");
        std::fs::create_dir_all(sub).map_err(|e| Error::io(sub, e))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".put-")
            .suffix(".part")
            .tempfile_in(sub)
            .map_err(|e| Error::io(sub, e))?;
        tmp.write_all(&header(key, bytes))
            .and_then(|()| tmp.write_all(bytes))
            .map_err(|e| Error::io(&path, e))?;
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

/// The header of an entry with `payload` under `key`.
/// A sentence's payload: the number of word marks, each mark's byte range and start
/// sample (three little-endian `u32`s), then the samples.
fn encode_speech(speech: &Speech) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + speech.words.len() * 12 + speech.pcm.len() * 2);
    let u32le = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    out.extend(u32le(speech.words.len()));
    for w in &speech.words {
        for n in [w.text.start, w.text.end, w.sample] {
            out.extend(u32le(n));
        }
    }
    out.extend(speech.pcm.iter().flat_map(|s| s.to_le_bytes()));
    out
}

/// The speech of a payload; `None` when it does not parse.
fn decode_speech(bytes: &[u8]) -> Option<Speech> {
    let (count, mut rest) = bytes.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(*count) as usize;
    let mut words = Vec::with_capacity(count.min(rest.len() / 12));
    for _ in 0..count {
        let (mark, after) = rest.split_first_chunk::<12>()?;
        rest = after;
        let n = |i: usize| u32::from_le_bytes(mark[i..i + 4].try_into().expect("4 bytes")) as usize;
        words.push(WordMark {
            text: n(0)..n(4),
            sample: n(8),
        });
    }
    if rest.len() % 2 != 0 {
        return None;
    }
    let pcm = rest
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    Some(Speech { pcm, words })
}

fn header(key: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key_bytes(key));
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out
}

/// A key (64 hex digits) as its 32 bytes; anything else hashes to them.
fn key_bytes(key: &str) -> [u8; 32] {
    let mut out = [0; 32];
    let hex = key.as_bytes();
    if hex.len() == 64 && hex.iter().all(u8::is_ascii_hexdigit) {
        for (i, pair) in hex.chunks_exact(2).enumerate() {
            let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out[i] = digit(pair[0]) << 4 | digit(pair[1]);
        }
    } else {
        out.copy_from_slice(&Sha256::digest(hex));
    }
    out
}

/// Is `entry` a whole, undamaged entry for `key`? Says what is wrong when not.
fn check(entry: &[u8], key: &str) -> Result<(), &'static str> {
    let Some((head, payload)) = entry.split_at_checked(HEADER) else {
        return Err("shorter than an entry header");
    };
    if &head[..8] != MAGIC {
        return Err("not a cache entry of this version");
    }
    if head[8..40] != key_bytes(key) {
        return Err("holds another entry's content");
    }
    let len = u64::from_le_bytes(head[40..48].try_into().expect("8 bytes"));
    if len != payload.len() as u64 {
        return Err("cut short or extended");
    }
    if head[48..] != Sha256::digest(payload)[..] {
        return Err("its content does not match its checksum");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Speech of `samples` with no word marks.
    fn pcm(samples: &[i16]) -> Speech {
        Speech {
            pcm: samples.to_vec(),
            words: Vec::new(),
        }
    }

    #[test]
    fn miss_then_hit() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 20).unwrap();
        let k = Cache::key("voice a", "Hello.");
        assert_eq!(c.get(&k), Ok(None));
        c.put(&k, &pcm(&[1, -2, 32767, -32768])).unwrap();
        assert_eq!(c.get(&k), Ok(Some(pcm(&[1, -2, 32767, -32768]))));
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

    /// Bug: entries were trusted blindly, so another sentence's audio copied over an
    /// entry, or random bytes of the same length, were narrated as this sentence.
    #[test]
    fn damaged_entries_are_found_reported_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 20).unwrap();
        let (k, other) = (Cache::key("v", "x"), Cache::key("v", "y"));
        c.put(&other, &pcm(&[7, 8, 9])).unwrap();
        let good = || {
            c.put(&k, &pcm(&[1, 2, 3])).unwrap();
            std::fs::read(c.path(&k)).unwrap()
        };
        let entry = good();
        let mut noise = entry.clone();
        noise[HEADER..].fill(0x5a);
        let mut longer = entry.clone();
        longer.extend([0, 0]);
        let damage: [(&str, Vec<u8>); 6] = [
            (
                "another entry's file",
                std::fs::read(c.path(&other)).unwrap(),
            ),
            ("random payload of the same length", noise),
            ("cut short", entry[..entry.len() - 2].to_vec()),
            ("extended", longer),
            ("header only, cut", entry[..20].to_vec()),
            ("old format: bare samples", vec![1, 0, 2, 0, 3, 0]),
        ];
        for (how, bytes) in damage {
            good();
            std::fs::write(c.path(&k), bytes).unwrap();
            let err = c.get(&k).expect_err(how).to_string();
            assert!(err.contains(&k), "{how}: {err}");
            assert!(!c.path(&k).exists(), "{how}: damaged entry kept");
        }
        assert_eq!(c.get(&other), Ok(Some(pcm(&[7, 8, 9]))));
        assert_eq!(c.get(&k), Ok(None), "removed, so a miss now");
    }

    #[test]
    fn concurrent_writers_and_readers_see_whole_entries() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 30).unwrap();
        let k = Cache::key("v", "shared sentence");
        let samples: Vec<i16> = (0..50_000).map(|i| (i % 3000) as i16).collect();
        let speech = Speech {
            words: vec![WordMark {
                text: 0..6,
                sample: 10,
            }],
            ..pcm(&samples)
        };
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..20 {
                        c.put(&k, &speech).unwrap();
                        if let Ok(Some(got)) = c.get(&k) {
                            assert_eq!(got, speech, "a reader saw a partial entry");
                        }
                    }
                });
            }
        });
        assert_eq!(c.get(&k), Ok(Some(speech)));
        // No temporary files are left behind.
        let sub = c.path(&k).parent().unwrap().to_path_buf();
        assert_eq!(std::fs::read_dir(sub).unwrap().count(), 1);
    }

    #[test]
    fn prune_drops_least_recently_used_first() {
        let dir = tempfile::tempdir().unwrap();
        // Entries of 100 bytes of samples, the word count and a header; room for two.
        let size = (100 + 4 + HEADER) as u64;
        let c = Cache::open(dir.path(), 2 * size + 10).unwrap();
        let keys: Vec<String> = (0..3).map(|i| Cache::key("v", &i.to_string())).collect();
        let t0 = SystemTime::now() - Duration::from_secs(1000);
        for (i, k) in keys.iter().enumerate() {
            c.put(k, &pcm(&[0; 50])).unwrap();
            let f = std::fs::File::options()
                .append(true)
                .open(c.path(k))
                .unwrap();
            f.set_modified(t0 + Duration::from_secs(i as u64 * 10))
                .unwrap();
        }
        // Reading the oldest makes it the most recent.
        assert!(matches!(c.get(&keys[0]), Ok(Some(_))));
        assert_eq!(c.prune().unwrap(), size);
        assert_eq!(
            c.get(&keys[1]),
            Ok(None),
            "the least recently used goes first"
        );
        assert!(matches!(c.get(&keys[0]), Ok(Some(_))));
        assert!(matches!(c.get(&keys[2]), Ok(Some(_))));
    }

    #[test]
    fn prune_removes_what_killed_runs_left_and_nothing_in_use() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), 1 << 30).unwrap();
        let key = Cache::key("v", "kept");
        c.put(&key, &pcm(&[1; 10])).unwrap();
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
        assert!(
            matches!(c.get(&key), Ok(Some(_))),
            "entries under the limit stay"
        );
    }
}
