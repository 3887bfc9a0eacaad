//! Opening an input: once, through a size limit, refusing what is not an article file.
//!
//! A regular file larger than the limit is refused before a byte is read; devices
//! (`/dev/zero`) are refused outright; a pipe (`<(...)`, a FIFO, or `-` for standard
//! input) is read once, through the limit. The first bytes are checked for a binary
//! format before the rest is read, so a large binary file costs a few kilobytes.

use super::decode;
use crate::error::{Error, ReadError};
use std::io::Read;
use std::path::Path;

/// The input limit when none is configured: 200 MB, far above any article or book
/// (a long novel is under 5 MB of text; a heavy web page under 20 MB).
pub const DEFAULT_MAX_BYTES: u64 = 200_000_000;

/// How much is read before the rest, to recognise binary files early.
const HEAD: u64 = 8192;

/// The path that names standard input.
pub const STDIN: &str = "-";

/// The bytes of the input at `path` (`-`: standard input), at most `limit` of them.
/// A `container` (EPUB, DOCX) is binary by nature and skips the binary check.
/// Errors name the file.
pub fn read_input(path: &Path, limit: u64, container: bool) -> Result<Vec<u8>, Error> {
    let input_error = |problem| Error::Input {
        path: path.to_path_buf(),
        problem,
    };
    let stopped = |e| match e {
        Limited::Io(e) => Error::io(path, e),
        Limited::Read(problem) => input_error(problem),
    };
    if path == Path::new(STDIN) {
        return read_limited(std::io::stdin().lock(), 0, limit, container).map_err(stopped);
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(input_error(ReadError::NotAFile("a folder")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            return Err(input_error(ReadError::NotAFile("a device")));
        }
        if kind.is_socket() {
            return Err(input_error(ReadError::NotAFile("a socket")));
        }
    }
    if meta.is_file() && meta.len() > limit {
        return Err(input_error(ReadError::TooLarge(limit.div_ceil(1_000_000))));
    }
    let size_hint = if meta.is_file() { meta.len() } else { 0 };
    read_limited(file, size_hint, limit, container).map_err(stopped)
}

/// Why [`read_limited`] stopped.
enum Limited {
    Io(std::io::Error),
    Read(ReadError),
}

/// Read `from` to its end, at most `limit` bytes, checking the first bytes for a
/// binary format (unless it is a `container`) before reading on.
fn read_limited(
    from: impl Read,
    size_hint: u64,
    limit: u64,
    container: bool,
) -> Result<Vec<u8>, Limited> {
    let mut from = from.take(limit.saturating_add(1));
    let mut bytes = Vec::with_capacity(size_hint.min(limit) as usize);
    (&mut from)
        .take(HEAD)
        .read_to_end(&mut bytes)
        .map_err(Limited::Io)?;
    // A zip might be an EPUB or a Word document even when nothing names it so.
    if !container
        && !bytes.starts_with(super::zipped::ZIP_MAGIC)
        && let Err(binary @ ReadError::Binary(_)) = decode::decode(&bytes, decode::Hint::default())
    {
        return Err(Limited::Read(binary));
    }
    from.read_to_end(&mut bytes).map_err(Limited::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Limited::Read(ReadError::TooLarge(
            limit.div_ceil(1_000_000),
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(path: &Path, limit: u64) -> ReadError {
        match read_input(path, limit, false) {
            Err(Error::Input { problem, .. }) => problem,
            other => panic!("{}: {other:?}", path.display()),
        }
    }

    /// Bug: `/dev/zero` as input grew to 24 GB before the kernel killed altformat.
    #[cfg(unix)]
    #[test]
    fn devices_are_refused_unread() {
        assert_eq!(
            problem(Path::new("/dev/zero"), DEFAULT_MAX_BYTES),
            ReadError::NotAFile("a device")
        );
    }

    /// Bug: a 1 GB sparse file was read whole (1 GB of memory) before being refused.
    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.txt");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(1 << 30).unwrap(); // sparse: no disk, and no memory unless read
        assert_eq!(problem(&big, 2_000_000), ReadError::TooLarge(2));
        let fits = dir.path().join("fits.txt");
        std::fs::write(&fits, "Title\n\nText.\n").unwrap();
        assert_eq!(read_input(&fits, 13, false).unwrap().len(), 13);
        assert_eq!(problem(&fits, 12), ReadError::TooLarge(1));
    }

    #[test]
    fn a_stream_over_the_limit_stops_at_the_limit() {
        let endless = std::io::repeat(b'a');
        match read_limited(endless, 0, 100_000, false) {
            Err(Limited::Read(ReadError::TooLarge(1))) => {}
            _ => panic!("an endless stream was not stopped"),
        }
        let zeros = std::io::repeat(0);
        match read_limited(zeros, 0, u64::MAX, false) {
            Err(Limited::Read(ReadError::Binary(_))) => {}
            _ => panic!("endless NUL bytes were read on"),
        }
    }
}
