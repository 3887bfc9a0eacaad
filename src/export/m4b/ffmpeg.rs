//! Encoding and muxing with Debian's `ffmpeg`, run as a program: AAC-LC (ffmpeg's own
//! encoder) in an MP4 audiobook with a QuickTime chapter track, a Nero `chpl` list, the
//! tags and the cover. See the README for why ffmpeg and not a crate.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// Why `ffmpeg` made no M4B.
#[derive(Debug, thiserror::Error)]
pub enum FfmpegError {
    /// No temporary folder for ffmpeg's inputs and output.
    #[error("a temporary folder for ffmpeg: {0}")]
    TempDir(std::io::Error),
    /// A file in the temporary folder could not be written or read.
    #[error("{path}: {source}", path = .path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The program is not installed (or not where the options say).
    #[error(
        "the M4B encoder `{}` was not found; install Debian's ffmpeg (apt-get install ffmpeg)",
        .0.display()
    )]
    NotFound(PathBuf),
    /// The program could not be started for another reason.
    #[error("could not run `{program}`: {source}", program = .program.display())]
    Spawn {
        /// The program.
        program: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The child process lacks a pipe (`input`, `error`).
    #[error("ffmpeg has no {0} pipe")]
    NoPipe(&'static str),
    /// Waiting for the program failed.
    #[error("ffmpeg: {0}")]
    Wait(std::io::Error),
    /// The program exited with an error; what it said.
    #[error("ffmpeg failed ({status}): {said}")]
    Failed {
        /// Its exit status.
        status: ExitStatus,
        /// Its error output, trimmed.
        said: String,
    },
    /// The program stopped reading the samples.
    #[error("ffmpeg stopped reading the audio: {0}")]
    StoppedReading(std::io::Error),
    /// The thread writing the samples panicked.
    #[error("the thread feeding ffmpeg stopped unexpectedly")]
    FeederStopped,
}

/// A file of the job: its path and the operating system's error.
fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> FfmpegError + '_ {
    move |source| FfmpegError::File {
        path: path.to_path_buf(),
        source,
    }
}

/// A stretch of the book's PCM.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// This many samples of silence.
    Silence(usize),
    /// Samples, borrowed from a chapter.
    Samples(&'a [i16]),
}

/// What goes into one M4B.
pub struct Job<'a> {
    /// Mono PCM of the whole book, in order, in pieces (so it is never copied whole).
    pub pcm: &'a [Piece<'a>],
    /// Its sample rate.
    pub rate: u32,
    /// AAC bit rate in kbit/s.
    pub kbps: u32,
    /// The ffmetadata text: tags and chapters.
    pub metadata: &'a str,
    /// The cover, PNG.
    pub cover: &'a [u8],
}

/// Write `pieces` as 16-bit little-endian samples, a buffer at a time.
pub(super) fn feed(out: &mut impl Write, pieces: &[Piece]) -> std::io::Result<()> {
    const CHUNK: usize = 32 * 1024;
    let mut buf = Vec::with_capacity(CHUNK * 2);
    for piece in pieces {
        match *piece {
            Piece::Silence(n) => {
                let zeros = [0u8; CHUNK * 2];
                let mut left = n * 2;
                while left > 0 {
                    let now = left.min(zeros.len());
                    out.write_all(&zeros[..now])?;
                    left -= now;
                }
            }
            Piece::Samples(samples) => {
                for chunk in samples.chunks(CHUNK) {
                    buf.clear();
                    buf.extend(chunk.iter().flat_map(|s| s.to_le_bytes()));
                    out.write_all(&buf)?;
                }
            }
        }
    }
    Ok(())
}

/// Encode `job` with the `ffmpeg` program; the M4B's bytes.
///
/// Bit-exact flags keep ffmpeg's version strings and the clock out of the file, so the
/// same PCM, tags and cover give the same bytes.
pub fn encode(program: &Path, job: &Job) -> Result<Vec<u8>, FfmpegError> {
    let dir = tempfile::tempdir().map_err(FfmpegError::TempDir)?;
    let (meta, cover, out) = (
        dir.path().join("meta.txt"),
        dir.path().join("cover.png"),
        dir.path().join("book.m4b"),
    );
    std::fs::write(&meta, job.metadata).map_err(file_error(&meta))?;
    std::fs::write(&cover, job.cover).map_err(file_error(&cover))?;
    let rate = job.rate.to_string();
    let kbps = format!("{}k", job.kbps);
    #[rustfmt::skip]
    let mut child = Command::new(program)
        .args(["-hide_banner", "-nostdin", "-loglevel", "error"])
        .args(["-f", "s16le", "-ar", &rate, "-ac", "1", "-i", "pipe:0", "-i"])
        .arg(&cover)
        .args(["-f", "ffmetadata", "-i"])
        .arg(&meta)
        .args(["-map", "0:a", "-map", "1:v", "-map_metadata", "2", "-map_chapters", "2"])
        .args(["-c:a", "aac", "-b:a", &kbps, "-c:v", "copy", "-disposition:v:0", "attached_pic"])
        .args(["-fflags", "+bitexact", "-flags:a", "+bitexact", "-flags:v", "+bitexact"])
        .args(["-brand", "M4B ", "-f", "ipod", "-y"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => FfmpegError::NotFound(program.to_path_buf()),
            _ => FfmpegError::Spawn {
                program: program.to_path_buf(),
                source,
            },
        })?;
    let mut stdin = child.stdin.take().ok_or(FfmpegError::NoPipe("input"))?;
    let mut stderr = child.stderr.take().ok_or(FfmpegError::NoPipe("error"))?;
    // Feed the samples on another thread while this one drains ffmpeg's messages, so
    // neither pipe can fill up and stall the other.
    let (fed, said) = std::thread::scope(|s| {
        let feeder = s.spawn(move || feed(&mut stdin, job.pcm));
        let mut said = String::new();
        let _ = stderr.read_to_string(&mut said);
        (feeder.join(), said)
    });
    let status = child.wait().map_err(FfmpegError::Wait)?;
    if !status.success() {
        return Err(FfmpegError::Failed {
            status,
            said: said.trim().to_string(),
        });
    }
    match fed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(FfmpegError::StoppedReading(e)),
        Err(_) => return Err(FfmpegError::FeederStopped),
    }
    std::fs::read(&out).map_err(file_error(&out))
}
