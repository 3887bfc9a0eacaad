//! The document model and the readers that produce it.
//!
//! Every reader turns decoded text (or, for EPUB and Word, a zip container) into one
//! [`Article`]; exporters only ever see that.

mod assemble;
mod chrome;
mod decode;
mod docx;
mod epub;
mod html;
mod lang;
mod lines;
mod markdown;
mod model;
mod noise;
pub mod slug;
pub mod source;
mod text;
mod zipped;

pub use model::{
    Article, Block, Paragraph, Pronunciation, Said, Section, Span, blocks_words, check_invariants,
};
pub use text::TextOptions;

use crate::error::{Error, ReadError};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The formats altformat reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text: title on the first line, headings as short lines.
    Text,
    /// Markdown (CommonMark) with optional front matter.
    Markdown,
    /// An HTML web page.
    Html,
    /// An EPUB book (a zip container).
    Epub,
    /// A Word document (`.docx`, a zip container).
    Docx,
}

impl InputFormat {
    /// The format named by a file extension, if altformat reads it.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" | "mdown" => Some(Self::Markdown),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            "epub" => Some(Self::Epub),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }

    /// Is this format a zip container, read from bytes rather than decoded text?
    pub fn is_container(self) -> bool {
        matches!(self, Self::Epub | Self::Docx)
    }

    /// Guess the format of extension-less text from its first characters.
    fn sniff(text: &str) -> Self {
        let head: String = text
            .trim_start()
            .chars()
            .take(512)
            .collect::<String>()
            .to_lowercase();
        if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
        {
            Self::Html
        } else if head.starts_with("# ") || head.starts_with("---\n") {
            Self::Markdown
        } else {
            Self::Text
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force a format instead of going by the extension.
    pub format: Option<InputFormat>,
    /// Language to use when the input does not say (default `en`); overrides a guess.
    pub lang: Option<String>,
    /// Keep what looks like site chrome.
    pub keep_chrome: bool,
    /// The largest input read, in bytes (default [`source::DEFAULT_MAX_BYTES`]).
    pub max_bytes: Option<u64>,
}

/// Read one input file (`-`: standard input) into an [`Article`], through the size
/// limit. Errors name the file.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Article, Error> {
    read_source(path, &read_input(path, opts)?, opts)
}

/// The bytes of one input (`-`: standard input), read once through the size limit of
/// `opts`, for [`read_source`].
pub fn read_input(path: &Path, opts: &ReadOptions) -> Result<Vec<u8>, Error> {
    // A container's bytes are binary by nature: the format, not a sniff, decides.
    let container = opts
        .format
        .or_else(|| {
            let ext = path.extension()?.to_str()?;
            InputFormat::from_extension(ext)
        })
        .is_some_and(InputFormat::is_container);
    let limit = opts.max_bytes.unwrap_or(source::DEFAULT_MAX_BYTES);
    source::read_input(path, limit, container)
}

/// Read the `bytes` of the input at `path` into an [`Article`]; the path gives the
/// format (by extension) and a fallback title. Errors name the file.
pub fn read_source(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Article, Error> {
    let stdin = path == Path::new(source::STDIN);
    let ext = path.extension().and_then(|e| e.to_str()).filter(|_| !stdin);
    let stem = match path.file_stem().and_then(|s| s.to_str()) {
        _ if stdin => "Untitled",
        Some(stem) => stem,
        None => "Untitled",
    };
    read_bytes(bytes, ext, stem, opts).map_err(|problem| Error::Input {
        path: path.to_path_buf(),
        problem,
    })
}

/// Read an article from bytes. `ext` is the file extension, `name` the file stem
/// (used as the title when the text has none).
pub fn read_bytes(
    bytes: &[u8],
    ext: Option<&str>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Article, ReadError> {
    let format = match (opts.format, ext) {
        (Some(f), _) => Some(f),
        (None, Some(ext)) => Some(
            InputFormat::from_extension(ext)
                .ok_or_else(|| ReadError::UnknownFormat(ext.to_string()))?,
        ),
        (None, None) => zipped::sniff(bytes),
    };
    let fallback_title = name.replace(['-', '_'], " ");
    let default_lang = opts.lang.as_deref().unwrap_or("en");
    let limit = opts.max_bytes.unwrap_or(source::DEFAULT_MAX_BYTES);
    let container = match format {
        Some(InputFormat::Epub) => {
            Some(epub::read_epub(bytes, limit, default_lang, &fallback_title))
        }
        Some(InputFormat::Docx) => {
            Some(docx::read_docx(bytes, limit, default_lang, &fallback_title))
        }
        _ => None,
    };
    if let Some(article) = container {
        let mut article = article?;
        if let Some(lang) = &opts.lang {
            article.lang = lang.clone();
        }
        return Ok(article);
    }
    // HTML's own `<meta charset>` counts when the file is (or, unnamed, may be) HTML.
    let hint = decode::Hint {
        charset: None,
        html: matches!(format, None | Some(InputFormat::Html)),
    };
    let decoded = decode::decode(bytes, hint)?;
    let text = decoded.text;
    let format = format.unwrap_or_else(|| InputFormat::sniff(&text));
    let lang = opts.lang.clone();
    let mut article = match format {
        InputFormat::Text => {
            let guessed = lang
                .is_none()
                .then(|| lang::guess_from_script(&text))
                .flatten();
            let topts = TextOptions {
                keep_chrome: opts.keep_chrome,
            };
            text::read_text(
                &text,
                guessed.unwrap_or(default_lang),
                &fallback_title,
                &topts,
            )
        }
        InputFormat::Markdown => markdown::read_markdown(&text, default_lang, &fallback_title),
        InputFormat::Html => {
            html::read_html(&text, default_lang, &fallback_title, opts.keep_chrome)?
        }
        InputFormat::Epub | InputFormat::Docx => unreachable!("containers are read above"),
    };
    if let Some(lang) = lang {
        article.lang = lang;
    }
    article.warnings.splice(0..0, decoded.warnings);
    if article.title.trim().is_empty() && article.word_count() == 0 {
        return Err(ReadError::NoText);
    }
    Ok(article)
}
