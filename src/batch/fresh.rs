//! Skipping articles whose outputs are already up to date.
//!
//! Each manifest records a build key: a hash of everything the outputs depend on (the
//! input's bytes, the formats, the whole configuration with the lexicon, the reading
//! options, `SOURCE_DATE_EPOCH` and altformat's version). An unchanged re-run finds the
//! same key and every listed file intact, and leaves the folder as it is.

use super::BatchOptions;
use super::manifest::hex;
use crate::config::Config;
use crate::export::Format;
use crate::voice;
use sha2::{Digest, Sha256};
use std::path::Path;

/// What the voice is, for the build key (see [`voice::installed_identity`]); empty
/// when no narration is asked for.
pub fn voice_identity(config: &Config, formats: &[Format]) -> String {
    if !formats.iter().any(|f| f.needs_narration()) {
        return String::new();
    }
    voice::installed_identity(config.audio.engine, &config.piper)
}

/// The build key of one article: hex SHA-256 of what its outputs depend on
/// (`source_date` is `SOURCE_DATE_EPOCH` as set, or empty; `voice` is
/// [`voice_identity`]).
pub fn build_key(
    input: &[u8],
    opts: &BatchOptions,
    config: &Config,
    source_date: &str,
    voice: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        env!("CARGO_PKG_VERSION").as_bytes(),
        input,
        format!("{:?}", opts.formats).as_bytes(),
        format!("{:?}", opts.read).as_bytes(),
        // Debug of the config covers every table, including the loaded lexicon.
        format!("{config:?}").as_bytes(),
        source_date.as_bytes(),
        voice.as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    hex(&h.finalize())
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
        if Some(hex(&Sha256::digest(&bytes)).as_str()) != file["sha256"].as_str() {
            return None;
        }
        names.push(name.to_string());
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(formats: Vec<Format>) -> BatchOptions {
        BatchOptions {
            read: Default::default(),
            out: "exports".into(),
            formats,
            force: false,
            date: Default::default(),
        }
    }

    #[test]
    fn key_follows_input_formats_config_lexicon_and_date() {
        let o = opts(vec![Format::Epub]);
        let c = Config::default();
        let k = build_key(b"text", &o, &c, "", "");
        assert_eq!(k, build_key(b"text", &o, &c, "", ""), "stable");
        assert_eq!(k, build_key(b"text", &opts(vec![Format::Epub]), &c, "", ""));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lexicon.toml"), "[words]\nFoo = \"bar\"\n").unwrap();
        let toml = dir.path().join("altformat.toml");
        std::fs::write(&toml, "").unwrap();
        let with_lexicon = Config::load(&toml).unwrap();
        std::fs::write(&toml, "[pdf]\nbody_size = 24\n").unwrap();
        let giant = Config::load(&toml).unwrap();
        for other in [
            build_key(b"text!", &o, &c, "", ""),
            build_key(b"text", &opts(vec![Format::Epub, Format::Pdf]), &c, "", ""),
            build_key(b"text", &o, &with_lexicon, "", ""),
            build_key(b"text", &o, &giant, "", ""),
            build_key(b"text", &o, &c, "1700000000", ""),
            build_key(b"text", &o, &c, "", "eSpeak NG 1.52"),
        ] {
            assert_ne!(k, other);
        }
    }

    #[test]
    fn up_to_date_needs_the_same_key_and_intact_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(up_to_date(dir.path(), "k").is_none(), "no manifest");
        std::fs::write(dir.path().join("a.txt"), b"hello").unwrap();
        let manifest = serde_json::json!({
            "build_key": "k",
            "files": [{"name": "a.txt", "sha256": hex(&Sha256::digest(b"hello"))}],
        });
        std::fs::write(dir.path().join("manifest.json"), manifest.to_string()).unwrap();
        assert_eq!(up_to_date(dir.path(), "k"), Some(vec!["a.txt".to_string()]));
        assert!(up_to_date(dir.path(), "other").is_none(), "other key");
        std::fs::write(dir.path().join("a.txt"), b"hellO").unwrap();
        assert!(up_to_date(dir.path(), "k").is_none(), "damaged file");
        std::fs::remove_file(dir.path().join("a.txt")).unwrap();
        assert!(up_to_date(dir.path(), "k").is_none(), "missing file");
    }
}
