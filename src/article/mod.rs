//! The document model and the readers that produce it.
//!
//! Every reader turns decoded text into one [`Article`]; exporters only ever see that.

mod assemble;
mod chrome;
mod decode;
mod html;
mod lang;
mod lines;
mod markdown;
mod model;
mod noise;
pub mod slug;
mod text;

pub use model::{Article, Block, Paragraph, Section, Span, blocks_words, check_invariants};
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
}

impl InputFormat {
    /// The format named by a file extension, if altformat reads it.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "md" | "markdown" | "mdown" => Some(Self::Markdown),
            "html" | "htm" | "xhtml" => Some(Self::Html),
            _ => None,
        }
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
}

/// Read one input file into an [`Article`]. Errors name the file.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Article, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let ext = path.extension().and_then(|e| e.to_str());
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Untitled");
    read_bytes(&bytes, ext, stem, opts).map_err(|problem| Error::Input {
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
        (None, None) => None,
    };
    // HTML's own `<meta charset>` counts when the file is (or, unnamed, may be) HTML.
    let hint = decode::Hint {
        charset: None,
        html: matches!(format, None | Some(InputFormat::Html)),
    };
    let decoded = decode::decode(bytes, hint)?;
    let text = decoded.text;
    let format = format.unwrap_or_else(|| InputFormat::sniff(&text));
    let fallback_title = name.replace(['-', '_'], " ");
    let lang = opts.lang.clone();
    let default_lang = lang.as_deref().unwrap_or("en");
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
