//! Typed errors of the library. The CLI maps them to exit codes.

use std::path::PathBuf;

/// Why an input could not be read into an [`crate::Article`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// The file has no bytes.
    #[error("the file is empty")]
    Empty,
    /// The file has only white space.
    #[error("the file has no text, only white space")]
    Blank,
    /// The file looks like a binary file (image, program, archive).
    #[error("this looks like a binary file, not an article ({0})")]
    Binary(String),
    /// The extension names a format altformat does not read.
    #[error("unknown input format {0:?}; use .txt, .md, .html, .epub or .docx")]
    UnknownFormat(String),
    /// The path names something other than a file (a device, a folder, a socket).
    #[error("this is {0}, not an article file")]
    NotAFile(&'static str),
    /// The input is larger than the configured limit (in MB).
    #[error("larger than the input limit of {0} MB (input.max_mb)")]
    TooLarge(u64),
    /// A container file (EPUB, Word document) is damaged: the kind and what is wrong.
    #[error("damaged {0}: {1}")]
    Damaged(&'static str, String),
    /// A container file is encrypted (DRM, or a password) and cannot be read.
    #[error("this {0} is encrypted (DRM or a password); altformat reads only unprotected files")]
    Protected(&'static str),
    /// A container unpacks to more than the configured limit (in MB).
    #[error("unpacks to more than the input limit of {0} MB (input.max_mb)")]
    UnpacksTooLarge(u64),
    /// A web address could not be fetched.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The markup had no readable article text.
    #[error("no article text found")]
    NoText,
}

/// Why a web address could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    /// This build has no HTTP client (the library without its `fetch` feature).
    #[error("this build of altformat reads no web addresses (feature `fetch` is off)")]
    Unsupported,
    /// The address is not http or https.
    #[error("only http and https addresses are read")]
    Scheme,
    /// The address cannot be parsed.
    #[error("not a valid web address ({0})")]
    BadAddress(String),
    /// The host name does not resolve.
    #[error("host not found (DNS)")]
    HostNotFound,
    /// Nothing listens at the address.
    #[error("connection refused")]
    Refused,
    /// A step took longer than the timeout (in seconds).
    #[error("timed out {0} (no answer in {1} s)")]
    Timeout(&'static str, u64),
    /// The server answered with an error status, and its standard reason phrase.
    #[error("HTTP {0}{sep}{1}", sep = if .1.is_empty() { "" } else { " " })]
    Status(u16, String),
    /// The redirects went on past the limit.
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    /// The body is larger than the limit (in MB).
    #[error("larger than the download limit of {0} MB (input.fetch_max_mb)")]
    TooLarge(u64),
    /// The server sent something that is not an article (an image, a PDF, JSON).
    #[error("not an article: the server sent {0}")]
    NotArticle(String),
    /// The secure connection failed (certificate, protocol).
    #[error("secure connection failed ({0})")]
    Tls(String),
    /// The connection broke, or the server spoke something other than HTTP.
    #[error("transfer failed ({0})")]
    Transfer(String),
}

/// What is wrong with a setting: a config file's key, a lexicon entry, or a value
/// given another way (an environment variable, an output folder). The text names the
/// key or value; [`Error::Config`] adds the file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// The text is not TOML of the expected shape: bad syntax, an unknown key or table,
    /// a value of the wrong type (the parser's message, on one line).
    #[error("{0}")]
    Syntax(String),
    /// A number outside its documented range (NaN and infinities are never inside).
    #[error("{key} must be between {lo} and {hi} (got {got})")]
    OutOfRange {
        /// The key, e.g. `audio.rate`.
        key: String,
        /// The smallest value allowed.
        lo: String,
        /// The largest value allowed.
        hi: String,
        /// The value given.
        got: String,
    },
    /// A key whose value is not allowed; `problem` follows the key (e.g. `= 5 is not
    /// within 12 to 100`, `must be one of ...`).
    #[error("{key} {problem}")]
    Invalid {
        /// The key, e.g. `braille.cells` or `words."NASA"`.
        key: String,
        /// What is wrong with its value.
        problem: String,
    },
    /// A file a setting names does not exist.
    #[error("{key}: {path} does not exist", path = .path.display())]
    Missing {
        /// The key, e.g. `pdf.fonts`.
        key: &'static str,
        /// The file named.
        path: PathBuf,
    },
    /// A value that is not of the shape asked for (an environment variable's).
    #[error("{value:?} {problem}")]
    BadValue {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The output folder is a file.
    #[error("is a file, not a folder")]
    NotAFolder,
    /// A setting the caller checked itself (the command line's), in its own words.
    #[error("{0}")]
    Other(String),
}

impl ConfigError {
    /// `key = value` must lie in `lo..=hi` (which NaN never does).
    pub fn check_range<T: PartialOrd + Copy + std::fmt::Display>(
        key: &str,
        value: T,
        lo: T,
        hi: T,
    ) -> Result<(), ConfigError> {
        if (lo..=hi).contains(&value) {
            Ok(())
        } else {
            Err(ConfigError::OutOfRange {
                key: key.into(),
                lo: lo.to_string(),
                hi: hi.to_string(),
                got: value.to_string(),
            })
        }
    }

    /// `key` with a value that is not allowed, `problem` saying why.
    pub fn invalid(key: impl Into<String>, problem: impl Into<String>) -> Self {
        ConfigError::Invalid {
            key: key.into(),
            problem: problem.into(),
        }
    }

    /// A TOML parser's error as one line.
    pub fn syntax(e: &impl std::fmt::Display) -> Self {
        ConfigError::Syntax(e.to_string().trim_end().replace('\n', " "))
    }
}

/// Everything that can go wrong in the library, each naming what it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read as an article.
    #[error("{path}: {problem}", path = .path.display())]
    Input {
        /// The input file.
        path: PathBuf,
        /// What is wrong with it.
        problem: ReadError,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The configuration is wrong.
    #[error("{path}: {problem}", path = .path.display())]
    Config {
        /// The config file (or the setting, when it was not given in a file).
        path: PathBuf,
        /// What is wrong.
        problem: ConfigError,
    },
    /// A voice engine is missing or failed.
    #[error("{engine}: {message}")]
    Engine {
        /// Which engine (e.g. `eSpeak NG`).
        engine: &'static str,
        /// What went wrong, and what to install when it is missing.
        message: String,
    },
    /// The speech service has no voice of the name asked for.
    #[error("the speech service has no voice named {name:?} ({available} available)")]
    NoSuchVoice {
        /// The name asked for.
        name: String,
        /// How many voices the service has.
        available: usize,
    },
    /// Narration failed (levelling, encoding, or a narration thread).
    #[error("narration failed: {message}")]
    Narration {
        /// What went wrong.
        message: String,
    },
    /// The run was interrupted before this article was started.
    #[error("not started: the run was interrupted")]
    Cancelled,
    /// A Piper voice could not be added (`voices add`).
    #[cfg(feature = "fetch")]
    #[error(transparent)]
    VoiceAdd(#[from] crate::voice::download::AddError),
    /// An exporter failed.
    #[error("{format} export failed: {message}")]
    Export {
        /// Which exporter.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Is this the user's input or configuration at fault (not altformat itself)?
    pub fn is_usage(&self) -> bool {
        #[cfg(feature = "fetch")]
        if let Error::VoiceAdd(crate::voice::download::AddError::Unknown { .. }) = self {
            return true;
        }
        matches!(self, Error::Config { .. } | Error::NoSuchVoice { .. })
    }
}

/// Result with the library's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
