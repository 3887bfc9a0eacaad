//! The OCF zip container, written reproducibly.
//!
//! `mimetype` comes first, stored, with no extra fields (the EPUB signature readers
//! sniff); every entry gets the same fixed time, Unix attributes and a stable order,
//! so two builds of the same input are byte-identical. Audio is stored: MP3 does not
//! compress, and reading systems can seek in stored entries.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of the container.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path inside the zip.
    pub path: String,
    /// Content (shared, not copied, when it is a narration track).
    pub bytes: std::sync::Arc<[u8]>,
    /// Store without compression (`mimetype`, audio).
    pub stored: bool,
}

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n</container>\n";

/// Why a zip could not be written (in memory, so in practice never).
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The zip writer refused an entry.
    #[error("{0}")]
    Zip(#[from] zip::result::ZipError),
    /// An entry's bytes could not be written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Zip `entries` (paths relative to `OEBPS/`) behind `mimetype` and `container.xml`.
pub fn zip(entries: &[Entry], time: DateTime) -> Result<Vec<u8>, ArchiveError> {
    let text = |path: &str, bytes: &[u8], stored| Entry {
        path: path.into(),
        bytes: bytes.into(),
        stored,
    };
    let mut all = vec![
        text("mimetype", b"application/epub+zip", true),
        text("META-INF/container.xml", CONTAINER.as_bytes(), false),
    ];
    all.extend(entries.iter().map(|e| Entry {
        path: format!("OEBPS/{}", e.path),
        ..e.clone()
    }));
    archive(&all, time)
}

/// A reproducible zip of `entries` in the order given: every entry gets `time`, Unix
/// attributes 0644, and is stored or deflated as it asks (also the DAISY book's zip).
pub fn archive(entries: &[Entry], time: DateTime) -> Result<Vec<u8>, ArchiveError> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    for e in entries {
        let opts = if e.stored { stored } else { deflated };
        w.start_file(e.path.as_str(), opts)?;
        w.write_all(&e.bytes)?;
    }
    let cursor = w.finish()?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Entry> {
        vec![
            Entry {
                path: "a.xhtml".into(),
                bytes: b"<p>hello hello hello</p>".repeat(50).into(),
                stored: false,
            },
            Entry {
                path: "audio/01.mp3".into(),
                bytes: vec![0xFF; 300].into(),
                stored: true,
            },
        ]
    }

    #[test]
    fn mimetype_first_and_stored_without_extra_fields() {
        let bytes = zip(&sample(), DateTime::default()).unwrap();
        // Local header: signature, then at offset 8 the method (0 = stored), at 26/28
        // the name and extra-field lengths, then the name and the content.
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0);
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8);
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0);
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
    }

    #[test]
    fn builds_are_byte_identical_and_audio_is_stored() {
        let a = zip(&sample(), DateTime::default()).unwrap();
        let b = zip(&sample(), DateTime::default()).unwrap();
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(Cursor::new(a)).unwrap();
        let names: Vec<_> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "OEBPS/a.xhtml",
                "OEBPS/audio/01.mp3"
            ]
        );
        let xhtml = archive.by_name("OEBPS/a.xhtml").unwrap();
        assert_eq!(xhtml.compression(), CompressionMethod::Deflated);
        assert_eq!(xhtml.last_modified(), Some(DateTime::default()));
        drop(xhtml);
        let mp3 = archive.by_name("OEBPS/audio/01.mp3").unwrap();
        assert_eq!(mp3.compression(), CompressionMethod::Stored);
    }
}
