//! Encoding and muxing with Debian's `ffmpeg`, run as a program: AAC-LC (ffmpeg's own
//! encoder) in an MP4 audiobook with a QuickTime chapter track, a Nero `chpl` list, the
//! tags and the cover. See the README for why ffmpeg and not a crate.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// What goes into one M4B.
pub struct Job<'a> {
    /// Mono PCM of the whole book, in order.
    pub pcm: &'a [i16],
    /// Its sample rate.
    pub rate: u32,
    /// AAC bit rate in kbit/s.
    pub kbps: u32,
    /// The ffmetadata text: tags and chapters.
    pub metadata: &'a str,
    /// The cover, PNG.
    pub cover: &'a [u8],
}

/// Encode `job` with the `ffmpeg` program; the M4B's bytes.
///
/// Bit-exact flags keep ffmpeg's version strings and the clock out of the file, so the
/// same PCM, tags and cover give the same bytes.
pub fn encode(program: &Path, job: &Job) -> Result<Vec<u8>, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("a temporary folder for ffmpeg: {e}"))?;
    let (meta, cover, out) = (
        dir.path().join("meta.txt"),
        dir.path().join("cover.png"),
        dir.path().join("book.m4b"),
    );
    std::fs::write(&meta, job.metadata).map_err(|e| format!("{}: {e}", meta.display()))?;
    std::fs::write(&cover, job.cover).map_err(|e| format!("{}: {e}", cover.display()))?;
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
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "the M4B encoder `{}` was not found; install Debian's ffmpeg (apt-get install ffmpeg)",
                program.display()
            ),
            _ => format!("could not run `{}`: {e}", program.display()),
        })?;
    let mut stdin = child.stdin.take().ok_or("ffmpeg has no input pipe")?;
    let mut stderr = child.stderr.take().ok_or("ffmpeg has no error pipe")?;
    let bytes: Vec<u8> = job.pcm.iter().flat_map(|s| s.to_le_bytes()).collect();
    // Feed the samples on another thread while this one drains ffmpeg's messages, so
    // neither pipe can fill up and stall the other.
    let (fed, said) = std::thread::scope(|s| {
        let feeder = s.spawn(move || stdin.write_all(&bytes));
        let mut said = String::new();
        let _ = stderr.read_to_string(&mut said);
        (feeder.join(), said)
    });
    let status = child.wait().map_err(|e| format!("ffmpeg: {e}"))?;
    if !status.success() {
        return Err(format!("ffmpeg failed ({status}): {}", said.trim()));
    }
    match fed {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(format!("ffmpeg stopped reading the audio: {e}")),
        Err(_) => return Err("the thread feeding ffmpeg stopped unexpectedly".into()),
    }
    std::fs::read(&out).map_err(|e| format!("{}: {e}", out.display()))
}
