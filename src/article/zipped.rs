//! Reading the parts of a zip container (EPUB, DOCX) safely: every part is read
//! through one budget of uncompressed bytes (the input limit), so a zip bomb stops
//! at the limit instead of filling memory.

use super::InputFormat;
use crate::error::ReadError;
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The magic bytes of a zip file (a local file header).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The magic bytes of an OLE compound file: what Word writes for an encrypted
/// (password-protected) document, and what old `.doc` files are.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// An opened zip container with what is left of its byte budget.
pub struct Container<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Uncompressed bytes that may still be read.
    budget: u64,
    /// The input limit in MB, for the error.
    limit_mb: u64,
    /// What kind of file this is, for errors ("EPUB", "Word document").
    kind: &'static str,
}

impl<'a> Container<'a> {
    /// Open `bytes` as a zip container of `kind`, allowing `limit` uncompressed bytes.
    pub fn open(bytes: &'a [u8], kind: &'static str, limit: u64) -> Result<Self, ReadError> {
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| ReadError::Damaged(kind, format!("not a readable zip file ({e})")))?;
        Ok(Container {
            zip,
            budget: limit,
            limit_mb: limit.div_ceil(1_000_000),
            kind,
        })
    }

    /// The bytes of the part `name`, or `None` when there is none. A part that cannot
    /// be unpacked, or that would overrun the budget, is an error.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let kind = self.kind;
        let damaged = |e: &dyn std::fmt::Display| ReadError::Damaged(kind, format!("{name}: {e}"));
        let file = self.zip.by_index(index).map_err(|e| damaged(&e))?;
        if file.encrypted() {
            return Err(ReadError::Protected(kind));
        }
        // The declared size may lie; the `take` is what holds the line.
        let mut out = Vec::with_capacity(file.size().min(self.budget) as usize);
        file.take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| damaged(&e))?;
        if out.len() as u64 > self.budget {
            return Err(ReadError::UnpacksTooLarge(self.limit_mb));
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }

    /// The part `name` as UTF-8 text (a byte-order mark dropped), or `None`.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        let kind = self.kind;
        let text = String::from_utf8(bytes)
            .map_err(|_| ReadError::Damaged(kind, format!("{name} is not UTF-8 text")))?;
        Ok(Some(
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
        ))
    }

    /// The part `name` as text, which the container must have.
    pub fn required(&mut self, name: &str) -> Result<String, ReadError> {
        let kind = self.kind;
        self.text(name)?
            .ok_or_else(|| ReadError::Damaged(kind, format!("{name} is missing")))
    }

    /// An error saying this container's part `name` is not well-formed XML.
    pub fn bad_xml(&self, name: &str, e: &roxmltree::Error) -> ReadError {
        ReadError::Damaged(self.kind, format!("{name} is not well-formed XML ({e})"))
    }
}

/// The container format of zip `bytes` that no extension names (standard input):
/// a Word document has `word/document.xml`, an EPUB `META-INF/container.xml`.
pub fn sniff(bytes: &[u8]) -> Option<InputFormat> {
    if !bytes.starts_with(ZIP_MAGIC) {
        return None;
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    if zip.index_for_name("word/document.xml").is_some() {
        Some(InputFormat::Docx)
    } else if zip.index_for_name("META-INF/container.xml").is_some() {
        Some(InputFormat::Epub)
    } else {
        None
    }
}

/// Parse XML text, allowing a DTD (EPUB 2 files declare one) but never loading it.
pub fn parse_xml(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
}

/// Resolve `href` (relative, percent-encoded, maybe with a `#fragment`) against the
/// folder of the part `base`, giving a part name.
pub fn resolve(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> = match base.rsplit_once('/') {
        Some((dir, _)) if !href.starts_with('/') => dir.split('/').collect(),
        _ => Vec::new(),
    };
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Decode `%XX` escapes; anything malformed is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_part_folder() {
        assert_eq!(
            resolve("OEBPS/content.opf", "text/ch%201.xhtml#x"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(
            resolve("OEBPS/text/nav.xhtml", "../img/a.png"),
            "OEBPS/img/a.png"
        );
        assert_eq!(resolve("content.opf", "ch1.xhtml"), "ch1.xhtml");
        assert_eq!(resolve("word/document.xml", "/word/x.xml"), "word/x.xml");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_budget() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("big.xml", o).unwrap();
            w.write_all(&vec![b'a'; 5_000_000]).unwrap();
            w.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 100_000, "{}", bytes.len());
        let mut c = Container::open(&bytes, "EPUB", 1_000_000).unwrap();
        assert_eq!(c.bytes("big.xml"), Err(ReadError::UnpacksTooLarge(1)));
        let mut c = Container::open(&bytes, "EPUB", 6_000_000).unwrap();
        assert_eq!(c.bytes("big.xml").unwrap().unwrap().len(), 5_000_000);
        assert_eq!(c.bytes("none.xml"), Ok(None));
    }
}
