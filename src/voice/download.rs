//! `altformat voices add`: Piper voices fetched from the Piper voices repository.
//!
//! The repository's `voices.json` lists every voice with its files, their sizes and a
//! digest (the Piper repository gives MD5; a list with `sha256_digest` is checked by
//! SHA-256 instead). A voice's `.onnx` and `.onnx.json` are downloaded beside each other
//! into a voices folder as `.<file>.part`, resumed with a `Range` request when an
//! earlier transfer broke off, checked for size and digest, and only then renamed into
//! place (the `.onnx.json` first, so a model is never found without its config).

use crate::article::fetch::{self, FetchError, FetchOptions};
use serde::Deserialize;
use sha2::Digest;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The Piper voices repository (`[piper] voices_url` overrides it).
pub const DEFAULT_VOICES_URL: &str = "https://huggingface.co/rhasspy/piper-voices/resolve/main";

/// Why a voice could not be added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The list or a file could not be fetched.
    #[error("{url}: {problem}")]
    Fetch {
        /// The address.
        url: String,
        /// Why.
        problem: FetchError,
    },
    /// The voice list is not the JSON the repository publishes.
    #[error("{url}: not a Piper voice list ({why})")]
    BadList {
        /// The list's address.
        url: String,
        /// What is wrong.
        why: String,
    },
    /// No voice of that name is listed.
    #[error("no Piper voice named {name:?} in the voice list{hint}")]
    Unknown {
        /// The name asked for.
        name: String,
        /// Names that look alike, as a hint.
        hint: String,
    },
    /// A file arrived with another size or digest than the list gives; it was removed.
    #[error(
        "{file}: {what} does not match the voice list (expected {expected}, got {got}); the download was removed, try again"
    )]
    Mismatch {
        /// The file.
        file: String,
        /// `size` or the digest's name.
        what: &'static str,
        /// What the list says.
        expected: String,
        /// What arrived.
        got: String,
    },
    /// A file could not be written.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// One file of a voice, as the list gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct ListedFile {
    /// Its size in bytes.
    pub size_bytes: u64,
    /// Its MD5, hex (the Piper repository's digest).
    #[serde(default)]
    pub md5_digest: Option<String>,
    /// Its SHA-256, hex, when the list gives one (checked in preference to MD5).
    #[serde(default)]
    pub sha256_digest: Option<String>,
}

/// A voice's language, as the list gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct ListedLanguage {
    /// `en_US`.
    pub code: String,
    /// `English`.
    #[serde(default)]
    pub name_english: String,
}

/// One voice of the list.
#[derive(Debug, Clone, Deserialize)]
pub struct ListedVoice {
    /// `en_US-joe-medium`.
    pub key: String,
    /// Its language.
    pub language: ListedLanguage,
    /// `x_low`, `low`, `medium` or `high`.
    #[serde(default)]
    pub quality: String,
    /// Its files by path in the repository.
    pub files: BTreeMap<String, ListedFile>,
}

impl ListedVoice {
    /// The model's size in bytes.
    pub fn model_size(&self) -> u64 {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".onnx"))
            .map(|(_, f)| f.size_bytes)
            .sum()
    }

    /// The model and its config: (path in the repository, listing), config first.
    fn wanted(&self) -> Vec<(&str, &ListedFile)> {
        let mut files: Vec<(&str, &ListedFile)> = self
            .files
            .iter()
            .filter(|(p, _)| p.ends_with(".onnx") || p.ends_with(".onnx.json"))
            .map(|(p, f)| (p.as_str(), f))
            .collect();
        files.sort_by_key(|(p, _)| !p.ends_with(".json"));
        files
    }
}

/// The repository's list of voices.
#[derive(Debug, Clone)]
pub struct VoiceList {
    /// Voices by name.
    pub voices: BTreeMap<String, ListedVoice>,
}

/// Join a base address and a path inside it.
fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

impl VoiceList {
    /// Fetch `voices.json` from the repository at `base`.
    pub fn fetch(base: &str, opts: &FetchOptions) -> Result<VoiceList, AddError> {
        let url = join(base, "voices.json");
        let got = fetch::fetch(&url, opts).map_err(|problem| AddError::Fetch {
            url: url.clone(),
            problem,
        })?;
        let voices = serde_json::from_slice(&got.bytes).map_err(|e| AddError::BadList {
            url,
            why: e.to_string(),
        })?;
        Ok(VoiceList { voices })
    }

    /// The voices whose language code starts with `lang` (`en`, `en_US`, `en-US`),
    /// every voice without one, by name.
    pub fn for_language(&self, lang: Option<&str>) -> Vec<&ListedVoice> {
        let want = lang.map(|l| l.replace('-', "_").to_ascii_lowercase());
        self.voices
            .values()
            .filter(|v| {
                want.as_deref()
                    .is_none_or(|w| v.language.code.to_ascii_lowercase().starts_with(w))
            })
            .collect()
    }
}

/// Download voice `name` from the repository at `base` into `dir`; returns the model's
/// path. A voice already there whole is not fetched again.
pub fn add(name: &str, base: &str, dir: &Path, opts: &FetchOptions) -> Result<PathBuf, AddError> {
    let list = VoiceList::fetch(base, opts)?;
    let voice = list.voices.get(name).ok_or_else(|| AddError::Unknown {
        name: name.into(),
        hint: alike(&list, name),
    })?;
    std::fs::create_dir_all(dir).map_err(|source| AddError::Io {
        path: dir.into(),
        source,
    })?;
    let mut ready = Vec::new();
    for (path, listed) in voice.wanted() {
        let file = path.rsplit('/').next().unwrap_or(path);
        let part = dir.join(format!(".{file}.part"));
        download(&join(base, path), &part, listed, opts)?;
        check(&part, file, listed)?;
        ready.push((part, dir.join(file)));
    }
    let mut model = dir.join(format!("{name}.onnx"));
    for (part, target) in ready {
        std::fs::rename(&part, &target).map_err(|source| AddError::Io {
            path: target.clone(),
            source,
        })?;
        if target.extension().is_some_and(|e| e == "onnx") {
            model = target;
        }
    }
    Ok(model)
}

/// Names in the list that share the first part of `name` (its language), for a hint.
fn alike(list: &VoiceList, name: &str) -> String {
    let lang = name.split('-').next().unwrap_or(name);
    let close: Vec<&str> = list
        .voices
        .keys()
        .filter(|k| k.starts_with(lang))
        .map(String::as_str)
        .take(8)
        .collect();
    match close.is_empty() {
        true => ", nor any voice of its language".into(),
        false => format!("; in that language: {}", close.join(", ")),
    }
}

/// Bring `part` to the whole file at `url`, resuming from what it holds.
fn download(
    url: &str,
    part: &Path,
    listed: &ListedFile,
    opts: &FetchOptions,
) -> Result<(), AddError> {
    let io = |source| AddError::Io {
        path: part.into(),
        source,
    };
    let have = std::fs::metadata(part).map_or(0, |m| m.len());
    if have == listed.size_bytes {
        return Ok(()); // whole already; `check` decides whether it is right
    }
    let from = if have < listed.size_bytes { have } else { 0 };
    let fetch_error = |problem| AddError::Fetch {
        url: url.into(),
        problem,
    };
    let mut request = fetch::agent(opts).get(url);
    if from > 0 {
        request = request.header("Range", format!("bytes={from}-"));
    }
    let response = request
        .call()
        .map_err(|e| fetch_error(fetch::failure(e, opts)))?;
    let status = response.status().as_u16();
    let resumed = status == 206 && from > 0;
    if !(resumed || status == 200) {
        return Err(fetch_error(fetch::status(status)));
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(resumed)
        .write(true)
        .truncate(!resumed)
        .open(part)
        .map_err(io)?;
    let room = listed.size_bytes - if resumed { from } else { 0 };
    let mut body = response.into_body();
    let mut reader = body.with_config().limit(room + 1).reader();
    // What arrives is written as it comes, so a broken transfer leaves its bytes for
    // the next attempt to resume from.
    let mut buf = vec![0; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => file.write_all(&buf[..n]).map_err(io)?,
            Err(e) => {
                file.flush().map_err(io)?;
                return Err(fetch_error(fetch::failure_io(e, opts)));
            }
        }
    }
    file.flush().map_err(io)
}

/// Is `part` the file the list describes? A mismatch removes it.
fn check(part: &Path, file: &str, listed: &ListedFile) -> Result<(), AddError> {
    let mismatch = |what, expected: String, got: String| {
        let _ = std::fs::remove_file(part);
        AddError::Mismatch {
            file: file.into(),
            what,
            expected,
            got,
        }
    };
    let size = std::fs::metadata(part).map_or(0, |m| m.len());
    if size != listed.size_bytes {
        return Err(mismatch(
            "size",
            listed.size_bytes.to_string(),
            size.to_string(),
        ));
    }
    let (what, expected, got) = match (&listed.sha256_digest, &listed.md5_digest) {
        (Some(sha), _) => ("SHA-256", sha, digest::<sha2::Sha256>(part)?),
        (None, Some(md5)) => ("MD5", md5, digest::<md5::Md5>(part)?),
        (None, None) => return Ok(()),
    };
    if !expected.eq_ignore_ascii_case(&got) {
        return Err(mismatch(what, expected.to_ascii_lowercase(), got));
    }
    Ok(())
}

/// The hex digest of the file at `path`, read a buffer at a time (a model is tens of
/// megabytes).
fn digest<D: Digest>(path: &Path) -> Result<String, AddError> {
    let io = |source| AddError::Io {
        path: path.into(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = D::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buf).map_err(io)? {
            0 => break,
            n => hasher.update(&buf[..n]),
        }
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"{"en_US-test-low": {"key": "en_US-test-low", "name": "test",
        "language": {"code": "en_US", "family": "en", "name_english": "English"},
        "quality": "low", "num_speakers": 1, "aliases": [],
        "files": {"en/en_US/test/low/en_US-test-low.onnx": {"size_bytes": 3, "md5_digest": "x"},
                  "en/en_US/test/low/en_US-test-low.onnx.json": {"size_bytes": 2, "md5_digest": "y"},
                  "en/en_US/test/low/MODEL_CARD": {"size_bytes": 9, "md5_digest": "z"}}},
        "de_DE-other-medium": {"key": "de_DE-other-medium",
        "language": {"code": "de_DE"}, "files": {}}}"#;

    #[test]
    fn the_repository_list_reads_and_filters_by_language() {
        let list = VoiceList {
            voices: serde_json::from_str(LIST).unwrap(),
        };
        let names = |l| {
            list.for_language(l)
                .iter()
                .map(|v| v.key.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some("en-us")), ["en_US-test-low"]);
        assert_eq!(names(Some("de")), ["de_DE-other-medium"]);
        assert_eq!(names(None).len(), 2);
        let v = &list.voices["en_US-test-low"];
        assert_eq!(v.model_size(), 3);
        let wanted: Vec<&str> = v.wanted().iter().map(|(p, _)| *p).collect();
        assert_eq!(
            wanted,
            [
                "en/en_US/test/low/en_US-test-low.onnx.json",
                "en/en_US/test/low/en_US-test-low.onnx"
            ],
            "the config first, the model card left out"
        );
        assert!(alike(&list, "en_US-nobody").contains("en_US-test-low"));
    }
}
