//! `altformat formats`: which outputs can be made on this machine, and why not.

use super::{Format, brf};
use crate::voice::espeak;
use std::fmt::Write;

/// Every format, the ones it cannot make here saying what is missing. Narrated
/// formats are listed as eSpeak NG finds it (`altformat voices` covers Piper).
pub fn report() -> String {
    let voice = espeak::library_version().map_err(|e| e.to_string());
    let louis = brf::louis::version();
    let mut out = String::new();
    for format in Format::all() {
        let state = match format {
            Format::Json | Format::Epub | Format::Pdf => Ok("nothing to install".to_string()),
            Format::Audio | Format::Daisy | Format::Web | Format::Captions => voice
                .as_ref()
                .map(|v| format!("narrated by libespeak-ng {v} (or Piper, see `altformat voices`)"))
                .map_err(Clone::clone),
            Format::M4b => std::process::Command::new("ffmpeg")
                .arg("-version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| "encoded by ffmpeg".to_string())
                .ok_or_else(|| "ffmpeg not found (apt-get install ffmpeg)".to_string()),
            Format::Brf => louis
                .as_ref()
                .map(|v| format!("liblouis {v}"))
                .map_err(ToString::to_string),
        };
        let _ = match state {
            Ok(how) => writeln!(out, "{:<8} available: {how}", format.name()),
            Err(why) => writeln!(out, "{:<8} NOT available: {why}", format.name()),
        };
    }
    out
}
