//! Reading an article from a web address: one GET through a well-kept HTTP client
//! (`ureq`, with rustls and the webpki roots), with the limits a batch needs: timeouts
//! for connecting, for the reply and for every read, a size cap on the decoded body,
//! a bounded number of redirects, http and https only, no cookies kept.
//!
//! What comes back is the body's bytes with what the server said of them (the final
//! address, the media type, the charset); the readers decide the rest.

pub use crate::error::FetchError;
#[cfg(feature = "fetch")]
use std::io::Read;
use std::time::Duration;

/// The download limit when none is configured: 20 MB, above any article page.
pub const DEFAULT_MAX_BYTES: u64 = 20_000_000;

/// How web addresses are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The largest body read, in bytes, after decompression.
    pub max_bytes: u64,
    /// How long connecting, waiting for the reply, and each read may take.
    pub timeout: Duration,
    /// How many redirects are followed.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            timeout: Duration::from_secs(30),
            max_redirects: 10,
        }
    }
}

/// A server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address the body came from, after redirects.
    pub url: String,
    /// The media type of `Content-Type`, lower case, without parameters.
    pub media_type: Option<String>,
    /// The charset of `Content-Type`, when given.
    pub charset: Option<String>,
    /// The decoded body.
    pub bytes: Vec<u8>,
}

/// The standard reason phrase of `code` ("Not Found" for 404), when there is one.
#[cfg(feature = "fetch")]
fn reason(code: u16) -> String {
    ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or_default()
        .to_string()
}

/// Is `text` a web address altformat should fetch (rather than a file name)?
pub fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `href` resolved against the page address `base` (RFC 3986, section 5.2): absolute
/// addresses stay as they are; `//host/x`, `/x`, `x`, `../x`, `?q` and `#f` take what
/// they lack from `base`. `None` when `base` is not an http(s) address.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let has_scheme = href.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
    });
    if has_scheme {
        return Some(href.to_string());
    }
    if !is_web_address(base) {
        return None;
    }
    let (scheme, rest) = base.split_once("://")?;
    let rest = rest.split('#').next().unwrap_or(rest);
    let (authority, path_query) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let base_path = path_query.split('?').next().unwrap_or("/");
    if let Some(net) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    if href.starts_with('#') {
        let whole = rest.split('#').next().unwrap_or(rest);
        return Some(format!("{scheme}://{whole}{href}"));
    }
    if href.starts_with('?') {
        return Some(format!("{scheme}://{authority}{base_path}{href}"));
    }
    let (href_path, tail) = match href.find(['?', '#']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let merged = if href_path.starts_with('/') {
        href_path.to_string()
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{}{href_path}", if dir.is_empty() { "/" } else { dir })
    };
    Some(format!(
        "{scheme}://{authority}{}{tail}",
        remove_dot_segments(&merged)
    ))
}

/// A path with its `.` and `..` segments applied (RFC 3986, section 5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// Fetch `url` with a GET. Errors say why, in words a user can act on.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    if !is_web_address(url) {
        return Err(FetchError::Scheme);
    }
    #[cfg(feature = "fetch")]
    return get(url, opts);
    #[cfg(not(feature = "fetch"))]
    return {
        let _ = opts;
        Err(FetchError::Unsupported)
    };
}

/// [`fetch`] through the HTTP client.
#[cfg(feature = "fetch")]
fn get(url: &str, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let response = agent(opts)
        .get(url)
        .header("Accept", ACCEPT)
        .call()
        .map_err(|e| failure(e, opts))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(self::status(status));
    }
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (media_type, charset) = header("content-type")
        .map(|ct| parse_content_type(&ct))
        .unwrap_or_default();
    let deflated =
        header("content-encoding").is_some_and(|e| e.trim().eq_ignore_ascii_case("deflate"));
    let too_large = || FetchError::TooLarge(opts.max_bytes.div_ceil(1_000_000));
    let declared = header("content-length").and_then(|n| n.trim().parse::<u64>().ok());
    if !deflated && declared.is_some_and(|n| n > opts.max_bytes) {
        return Err(too_large());
    }
    let mut body = response.into_body();
    let raw = body
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| failure(e, opts))?;
    let bytes = if deflated {
        inflate(&raw, opts.max_bytes).ok_or_else(too_large)?
    } else {
        raw
    };
    Ok(Fetched {
        url: final_url,
        media_type,
        charset,
        bytes,
    })
}

/// What altformat reads, best first, as a browser's `Accept` would say it.
#[cfg(feature = "fetch")]
const ACCEPT: &str = "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,\
     application/epub+zip;q=0.7,\
     application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.7,*/*;q=0.1";

/// A `deflate` body decoded (zlib-wrapped, as the standard says, or raw deflate, as
/// some servers send), at most `limit` bytes; `None` when it is larger.
#[cfg(feature = "fetch")]
fn inflate(raw: &[u8], limit: u64) -> Option<Vec<u8>> {
    let read = |reader: &mut dyn Read| {
        let mut out = Vec::new();
        reader.take(limit + 1).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let out = read(&mut flate2::read::ZlibDecoder::new(raw))
        .or_else(|| read(&mut flate2::read::DeflateDecoder::new(raw)))
        .unwrap_or_else(|| raw.to_vec());
    (out.len() as u64 <= limit).then_some(out)
}

/// The media type (lower case) and charset of a `Content-Type` value.
#[cfg(feature = "fetch")]
fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (key, v) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|c| !c.is_empty())
    });
    (media, charset)
}

/// The HTTP client with `opts`' limits: statuses are answers, not errors; at most
/// `max_redirects`; the timeout for connecting, the reply and each read; a User-Agent
/// naming altformat and its version; no cookies (the client keeps none).
#[cfg(feature = "fetch")]
pub(crate) fn agent(opts: &FetchOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(opts.max_redirects)
        .user_agent(concat!(
            "altformat/",
            env!("CARGO_PKG_VERSION"),
            " (accessible formats; +https://crates.io/crates/altformat)"
        ))
        .accept_encoding("gzip, deflate, br")
        .timeout_connect(Some(opts.timeout))
        .timeout_recv_response(Some(opts.timeout))
        .timeout_per_read(Some(opts.timeout))
        .build()
        .into()
}

/// An error status as a [`FetchError`], with its reason phrase.
#[cfg(feature = "fetch")]
pub(crate) fn status(code: u16) -> FetchError {
    FetchError::Status(code, reason(code))
}

/// A read error of a body in the user's words (the client's own error when it is one).
#[cfg(feature = "fetch")]
pub(crate) fn failure_io(e: std::io::Error, opts: &FetchOptions) -> FetchError {
    let kind = e.kind();
    match e.into_inner().map(|inner| inner.downcast::<ureq::Error>()) {
        Some(Ok(client)) => failure(*client, opts),
        Some(Err(other)) => FetchError::Transfer(other.to_string()),
        None => failure(ureq::Error::Io(kind.into()), opts),
    }
}

/// A client error in the user's words.
#[cfg(feature = "fetch")]
pub(crate) fn failure(e: ureq::Error, opts: &FetchOptions) -> FetchError {
    use ureq::{Error as E, Timeout as T};
    let seconds = opts.timeout.as_secs().max(1);
    match e {
        E::HostNotFound => FetchError::HostNotFound,
        E::BadUri(s) => FetchError::BadAddress(s),
        E::Http(e) => FetchError::BadAddress(e.to_string()),
        E::TooManyRedirects => FetchError::TooManyRedirects(opts.max_redirects),
        E::BodyExceedsLimit(_) => FetchError::TooLarge(opts.max_bytes.div_ceil(1_000_000)),
        E::Timeout(t) => {
            let step = match t {
                T::Resolve | T::Connect => "connecting",
                T::SendRequest | T::SendBody | T::PerWrite => "sending the request",
                T::RecvResponse => "waiting for the reply",
                _ => "receiving the page",
            };
            FetchError::Timeout(step, seconds)
        }
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => FetchError::Refused,
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                FetchError::Timeout("receiving the page", seconds)
            }
            _ => FetchError::Transfer(io.to_string()),
        },
        E::Tls(s) => FetchError::Tls(s.to_string()),
        E::Rustls(e) => FetchError::Tls(e.to_string()),
        E::Pem(e) => FetchError::Tls(e.to_string()),
        E::ConnectionFailed => FetchError::Refused,
        other => FetchError::Transfer(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "fetch")]
    #[test]
    fn content_types_give_their_media_type_and_charset() {
        assert_eq!(
            parse_content_type("Text/HTML; Charset=\"ISO-8859-1\""),
            (Some("text/html".into()), Some("ISO-8859-1".into()))
        );
        assert_eq!(
            parse_content_type("text/plain"),
            (Some("text/plain".into()), None)
        );
        assert_eq!(parse_content_type(""), (None, None));
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        let base = "https://news.example/world/2024/story.html?p=2#top";
        for (href, want) in [
            ("https://other.example/x", "https://other.example/x"),
            ("mailto:desk@news.example", "mailto:desk@news.example"),
            ("//cdn.example/a.png", "https://cdn.example/a.png"),
            ("/about", "https://news.example/about"),
            ("next.html", "https://news.example/world/2024/next.html"),
            (
                "../2023/old.html?x=1#s",
                "https://news.example/world/2023/old.html?x=1#s",
            ),
            ("./", "https://news.example/world/2024/"),
            ("../../../../up", "https://news.example/up"),
            ("?p=3", "https://news.example/world/2024/story.html?p=3"),
            (
                "#comments",
                "https://news.example/world/2024/story.html?p=2#comments",
            ),
        ] {
            assert_eq!(resolve(base, href).as_deref(), Some(want), "{href}");
        }
        assert_eq!(
            resolve("https://news.example", "a").as_deref(),
            Some("https://news.example/a")
        );
        assert_eq!(resolve("file:///tmp/a.html", "b.html"), None);
    }

    #[test]
    fn only_http_and_https_are_web_addresses() {
        for yes in [
            "http://a",
            "HTTPS://example.org/x",
            "https://127.0.0.1:8080/",
        ] {
            assert!(is_web_address(yes), "{yes}");
        }
        for no in [
            "file:///etc/passwd",
            "ftp://x",
            "article.txt",
            "-",
            "http:/x",
            "",
        ] {
            assert!(!is_web_address(no), "{no}");
        }
        assert_eq!(
            fetch("ftp://example.org/", &FetchOptions::default()),
            Err(FetchError::Scheme)
        );
    }

    #[cfg(feature = "fetch")]
    #[test]
    fn deflate_bodies_inflate_within_the_limit() {
        use std::io::Write;
        let text = b"Title\n\nSome words.\n".repeat(50);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&text).unwrap();
        let zlib = z.finish().unwrap();
        assert_eq!(inflate(&zlib, 10_000).as_deref(), Some(&text[..]));
        assert_eq!(inflate(&zlib, 100), None, "over the limit");
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        d.write_all(&text).unwrap();
        assert_eq!(
            inflate(&d.finish().unwrap(), 10_000).as_deref(),
            Some(&text[..])
        );
    }

    #[cfg(feature = "fetch")]
    #[test]
    fn statuses_carry_their_reason() {
        assert_eq!(
            FetchError::Status(404, reason(404)).to_string(),
            "HTTP 404 Not Found"
        );
        assert_eq!(FetchError::Status(599, reason(599)).to_string(), "HTTP 599");
    }
}
