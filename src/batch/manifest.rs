//! `manifest.json`: every file of an article with its size and SHA-256, written last.

use crate::error::Error;
use crate::export::{Output, output};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

/// One file written for an article, as listed in its manifest.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// File name inside the article folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256 of the content, hex.
    pub sha256: String,
}

impl FileEntry {
    /// The entry of an output.
    pub fn of(out: &Output) -> Self {
        let mut hash = Sha256::new();
        out.parts.iter().for_each(|p| hash.update(p));
        FileEntry {
            name: out.name.clone(),
            bytes: out.len(),
            sha256: hex(&hash.finalize()),
        }
    }
}

/// `manifest.json` of one article: deterministic (no timings), written last.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The article title.
    pub title: String,
    /// The input file, as given.
    pub input: String,
    /// The files written, in order.
    pub files: Vec<FileEntry>,
    /// Warnings from reading and exporting.
    pub warnings: Vec<String>,
    /// What the reader dropped as site chrome (menus, share links, notices).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// Hash of everything the outputs depend on; a re-run with the same key and intact
    /// files skips the article.
    pub build_key: String,
}

impl Manifest {
    /// Write it into `dir`, atomically.
    pub fn write(&self, dir: &Path) -> Result<(), Error> {
        let mut json = serde_json::to_vec_pretty(self).expect("manifest serialises");
        json.push(b'\n');
        output::write_atomic(dir, "manifest.json", &json)
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
