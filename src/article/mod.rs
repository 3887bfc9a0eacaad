//! The document model and the readers that produce it.
//!
//! Every reader turns decoded text (or, for EPUB and Word, a zip container) into one
//! [`Article`]; exporters only ever see that.

mod assemble;
mod chrome;
mod decode;
mod docx;
mod epub;
pub mod fetch;
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

    /// The format a server's media type names; `ext` (the address's extension) decides
    /// for `text/plain` (Markdown is often served so) and for unlabelled bytes (`None`:
    /// sniffed). A media type that is no article (an image, a PDF) is an error.
    pub fn from_media_type(
        media_type: Option<&str>,
        ext: Option<&str>,
    ) -> Result<Option<Self>, ReadError> {
        let by_ext = ext.and_then(Self::from_extension);
        Ok(Some(match media_type {
            Some("text/html" | "application/xhtml+xml") => Self::Html,
            Some("text/markdown" | "text/x-markdown") => Self::Markdown,
            Some("text/plain") => match by_ext {
                Some(Self::Markdown) => Self::Markdown,
                _ => Self::Text,
            },
            Some("application/epub+zip") => Self::Epub,
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document") => {
                Self::Docx
            }
            None | Some("application/octet-stream" | "binary/octet-stream") => return Ok(by_ext),
            Some(other) => return Err(crate::error::FetchError::NotArticle(other.into()).into()),
        }))
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
    /// How web addresses are fetched.
    pub fetch: fetch::FetchOptions,
}

/// Read one input (a file, `-` for standard input, or an http(s) address) into an
/// [`Article`], through the size limit. Errors name the input.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Article, Error> {
    read_source(path, &read_input(path, opts)?, opts)
}

/// One input's bytes, read once, with what its origin said of them.
#[derive(Debug, Clone)]
pub struct Input {
    /// The bytes (for a web address, the decoded body).
    pub bytes: Vec<u8>,
    /// For a web address: where the body came from and how the server labelled it.
    pub web: Option<WebOrigin>,
}

/// What a server said of a body it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebOrigin {
    /// The final address, after redirects: the article's source.
    pub url: String,
    /// The media type of `Content-Type`, lower case.
    pub media_type: Option<String>,
    /// The charset of `Content-Type`; it wins over a guess.
    pub charset: Option<String>,
}

/// The web address `path` names, if it names one rather than a file.
pub fn web_address(path: &Path) -> Option<&str> {
    path.to_str().filter(|p| fetch::is_web_address(p))
}

/// The bytes of one input (`-`: standard input; an http(s) address is fetched), read
/// once through the size limit of `opts`, for [`read_source`].
pub fn read_input(path: &Path, opts: &ReadOptions) -> Result<Input, Error> {
    if let Some(url) = web_address(path) {
        let fetched = fetch::fetch(url, &opts.fetch).map_err(|e| Error::Input {
            path: path.to_path_buf(),
            problem: e.into(),
        })?;
        return Ok(Input {
            bytes: fetched.bytes,
            web: Some(WebOrigin {
                url: fetched.url,
                media_type: fetched.media_type,
                charset: fetched.charset,
            }),
        });
    }
    // A container's bytes are binary by nature: the format, not a sniff, decides.
    let container = opts
        .format
        .or_else(|| {
            let ext = path.extension()?.to_str()?;
            InputFormat::from_extension(ext)
        })
        .is_some_and(InputFormat::is_container);
    let limit = opts.max_bytes.unwrap_or(source::DEFAULT_MAX_BYTES);
    let bytes = source::read_input(path, limit, container)?;
    Ok(Input { bytes, web: None })
}

/// The name an input goes by when it has no title: a file's stem, the last part of a
/// web address's path (else its host), `Untitled` for standard input.
pub fn input_name(path: &Path) -> String {
    if let Some(url) = web_address(path) {
        let (host, route) = host_and_path(url);
        let last = route.rsplit('/').find(|s| !s.is_empty());
        let stem = last.map(|s| {
            Path::new(s)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(s)
        });
        return stem.unwrap_or(host).to_string();
    }
    match path.file_stem().and_then(|s| s.to_str()) {
        _ if path == Path::new(source::STDIN) => "Untitled".into(),
        Some(stem) => stem.into(),
        None => "Untitled".into(),
    }
}

/// The host and the path (without its leading `/`, query or fragment) of a web address.
fn host_and_path(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    rest.split_once('/').unwrap_or((rest, ""))
}

/// The extension of a web address's path (`html` of `https://a.org/b.html?c`).
fn web_extension(url: &str) -> Option<&str> {
    let route = host_and_path(url).1;
    Path::new(route.rsplit('/').next()?).extension()?.to_str()
}

/// Read the bytes of the input at `path` into an [`Article`]: the format comes from a
/// forced format, else the server's media type, else the extension, else a sniff; the
/// path (or address) gives a fallback title. A web page's final address is its source.
/// Errors name the input.
pub fn read_source(path: &Path, input: &Input, opts: &ReadOptions) -> Result<Article, Error> {
    let ext = match &input.web {
        Some(web) => web_extension(&web.url),
        None if path == Path::new(source::STDIN) => None,
        None => path.extension().and_then(|e| e.to_str()),
    };
    let read = || {
        let (format, charset) = match &input.web {
            Some(web) => {
                let format = match opts.format {
                    Some(f) => Some(f),
                    None => InputFormat::from_media_type(web.media_type.as_deref(), ext)?,
                };
                (format, web.charset.as_deref())
            }
            None => (format_named(opts.format, ext)?, None),
        };
        let mut article = read_as(&input.bytes, format, charset, &input_name(path), opts)?;
        if let Some(web) = &input.web {
            article.source = Some(web.url.clone());
            resolve_links(&mut article, &web.url);
        }
        Ok(article)
    };
    read().map_err(|problem| Error::Input {
        path: path.to_path_buf(),
        problem,
    })
}

/// Make the links of a page read from `base` absolute, so they still lead somewhere
/// from an EPUB, a PDF or the web page (a relative link would point inside them).
fn resolve_links(article: &mut Article, base: &str) {
    let blocks = article.lead.iter_mut().chain(
        article
            .sections
            .iter_mut()
            .flat_map(|s| s.blocks.iter_mut()),
    );
    for block in blocks {
        for p in block.paragraphs_mut() {
            for span in &mut p.spans {
                if let Some(link) = &span.link {
                    span.link = fetch::resolve(base, link);
                }
            }
        }
    }
}

/// The format forced, else the one an extension names; `None` (sniff) with neither.
fn format_named(
    forced: Option<InputFormat>,
    ext: Option<&str>,
) -> Result<Option<InputFormat>, ReadError> {
    match (forced, ext) {
        (Some(f), _) => Ok(Some(f)),
        (None, Some(ext)) => InputFormat::from_extension(ext)
            .map(Some)
            .ok_or_else(|| ReadError::UnknownFormat(ext.to_string())),
        (None, None) => Ok(None),
    }
}

/// Read an article from bytes. `ext` is the file extension, `name` the file stem
/// (used as the title when the text has none).
pub fn read_bytes(
    bytes: &[u8],
    ext: Option<&str>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Article, ReadError> {
    read_as(bytes, format_named(opts.format, ext)?, None, name, opts)
}

/// Read an article from bytes in `format` (`None`: sniffed), decoded with `charset`
/// when one was declared outside the bytes.
fn read_as(
    bytes: &[u8],
    format: Option<InputFormat>,
    charset: Option<&str>,
    name: &str,
    opts: &ReadOptions,
) -> Result<Article, ReadError> {
    let format = format.or_else(|| zipped::sniff(bytes));
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
        charset,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_name_their_inputs_by_their_path_else_their_host() {
        let name = |s: &str| input_name(Path::new(s));
        assert_eq!(
            name("https://example.org/news/2024/bridge-opens.html?x=1#top"),
            "bridge-opens"
        );
        assert_eq!(name("https://example.org/news/story/"), "story");
        assert_eq!(name("http://example.org"), "example.org");
        assert_eq!(name("http://example.org/?p=12"), "example.org");
        assert_eq!(name("articles/field-notes.txt"), "field-notes");
        assert_eq!(name("-"), "Untitled");
        assert_eq!(web_extension("https://a.org/b/c.md?raw=1"), Some("md"));
        assert_eq!(web_extension("https://a.org/b/"), None);
        assert_eq!(web_extension("https://a.org"), None);
    }

    #[test]
    fn media_types_choose_the_reader() {
        use InputFormat::*;
        let f = InputFormat::from_media_type;
        assert_eq!(f(Some("application/xhtml+xml"), None), Ok(Some(Html)));
        assert_eq!(f(Some("text/plain"), Some("md")), Ok(Some(Markdown)));
        assert_eq!(f(Some("text/plain"), Some("html")), Ok(Some(Text)));
        assert_eq!(f(None, Some("epub")), Ok(Some(Epub)));
        assert_eq!(f(Some("application/octet-stream"), Some("php")), Ok(None));
        assert_eq!(
            f(Some("application/pdf"), Some("pdf")),
            Err(ReadError::Fetch(crate::error::FetchError::NotArticle(
                "application/pdf".into()
            )))
        );
    }
}
