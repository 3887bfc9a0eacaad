//! Skipping articles whose outputs are already up to date.
//!
//! Each manifest records a build key: a hash of everything the outputs depend on (the
//! input's bytes, the formats, the whole configuration with the lexicon, the reading
//! options, `SOURCE_DATE_EPOCH` and altformat's version). An unchanged re-run finds the
//! same key and every listed file intact, and leaves the folder as it is.

use super::BuildOptions;
use crate::config::Config;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The build key of one article: hex SHA-256 of what its outputs depend on.
pub fn build_key(input: &[u8], opts: &BuildOptions, config: &Config) -> String {
    let mut h = Sha256::new();
    for part in [
        env!("CARGO_PKG_VERSION").as_bytes(),
        input,
        format!("{:?}", opts.formats).as_bytes(),
        format!("{:?}", opts.read).as_bytes(),
        // Debug of the config covers every table, including the loaded lexicon.
        format!("{config:?}").as_bytes(),
        std::env::var("SOURCE_DATE_EPOCH")
            .unwrap_or_default()
            .as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    super::hex(&h.finalize())
}

/// Does `dir` hold a manifest with this key whose every file is present and intact?
pub fn up_to_date(dir: &Path, key: &str) -> Option<Vec<String>> {
    let manifest = std::fs::read(dir.join("manifest.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).ok()?;
    if manifest["build_key"].as_str() != Some(key) {
        return None;
    }
    let mut names = Vec::new();
    for file in manifest["files"].as_array()? {
        let name = file["name"].as_str()?;
        let bytes = std::fs::read(dir.join(name)).ok()?;
        if Some(super::hex(&Sha256::digest(&bytes)).as_str()) != file["sha256"].as_str() {
            return None;
        }
        names.push(name.to_string());
    }
    Some(names)
}
