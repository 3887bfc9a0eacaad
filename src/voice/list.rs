//! `altformat voices`: which voices can speak on this machine, and why the others cannot.

use super::espeak;
use super::piper::{self, PiperOptions, options, runtime};
use std::fmt::Write;
use std::path::Path;

/// A plain-text report: eSpeak NG, ONNX Runtime, then every Piper voice found.
pub fn report(piper_opts: &PiperOptions) -> String {
    let mut out = String::new();
    let w = &mut out;
    match espeak::library_version() {
        Ok(version) => {
            let _ = writeln!(
                w,
                "eSpeak NG (default engine): available, libespeak-ng {version}"
            );
            let _ = writeln!(
                w,
                "  voice: from the article language or [audio] voice; \
                 `espeak-ng --voices` lists them"
            );
        }
        Err(e) => {
            let _ = writeln!(w, "eSpeak NG (default engine): NOT available: {e}");
        }
    }
    let runtime_ok = write_runtime(w, piper_opts);
    write_piper_voices(w, piper_opts, runtime_ok);
    out
}

/// A Piper voice that can speak here: its name and the language it speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadyVoice {
    /// The voice's name (its file name without `.onnx`: `en_US-joe-medium`).
    pub name: String,
    /// The language, as its eSpeak NG voice names it (`en-us`).
    pub lang: String,
}

/// The Piper voices that can speak on this machine (ONNX Runtime loads and their
/// config reads), configured model first, each name once; none when the runtime does
/// not load.
pub fn ready_piper_voices(opts: &PiperOptions) -> Vec<ReadyVoice> {
    let usable = ort::util::probe(&opts.runtime().path).is_some_and(|m| m >= ort::MINOR_VERSION);
    if !usable {
        return Vec::new();
    }
    let configured = opts
        .model
        .is_some()
        .then(|| options::find_model(opts).ok())
        .flatten();
    let found = opts
        .voice_dirs()
        .into_iter()
        .flat_map(|d| options::voices_in(&d));
    let mut out: Vec<ReadyVoice> = Vec::new();
    for model in configured.into_iter().chain(found) {
        let Ok(config) = piper::load_config(&model) else {
            continue;
        };
        let name = model
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !out.iter().any(|v| v.name == name) {
            out.push(ReadyVoice {
                name,
                lang: config.espeak.voice.clone(),
            });
        }
    }
    out
}

/// Describe the ONNX Runtime that Piper would load; true when it is usable.
fn write_runtime(w: &mut String, opts: &PiperOptions) -> bool {
    let location = opts.runtime();
    let shown = location.path.display();
    let needed = ort::MINOR_VERSION;
    match ort::util::probe(&location.path) {
        Some(minor) if minor >= needed => {
            let _ = writeln!(
                w,
                "ONNX Runtime (for Piper voices): 1.{minor} at {shown} (from {})",
                location.source
            );
            true
        }
        Some(minor) => {
            let _ = writeln!(
                w,
                "ONNX Runtime (for Piper voices): NOT usable: {shown} is 1.{minor}, \
                 1.{needed} or newer is needed; {}",
                runtime::RUNTIME_HINT
            );
            false
        }
        None => {
            let _ = writeln!(
                w,
                "ONNX Runtime (for Piper voices): NOT available: could not load {shown} \
                 (from {}); {}",
                location.source,
                runtime::RUNTIME_HINT
            );
            false
        }
    }
}

/// One line per voice: where it is and what it is, or why it cannot be used.
fn describe(model: &Path) -> String {
    let name = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match piper::load_config(model) {
        Ok(c) => format!(
            "  {name}: {} ({} Hz, {} phonemes, eSpeak voice {}{})",
            model.display(),
            c.audio.sample_rate,
            c.phoneme_type,
            c.espeak.voice,
            c.audio
                .quality
                .as_deref()
                .map(|q| format!(", quality {q}"))
                .unwrap_or_default()
        ),
        Err(e) => format!("  {name}: NOT usable: {e}"),
    }
}

fn write_piper_voices(w: &mut String, opts: &PiperOptions, runtime_ok: bool) {
    let _ = writeln!(w, "Piper voices:");
    if opts.model.is_some() {
        match options::find_model(opts) {
            Ok(model) => {
                let _ = writeln!(w, "{} [configured]", describe(&model));
            }
            Err(e) => {
                let _ = writeln!(w, "  [piper] model: NOT available: {e}");
            }
        }
    }
    let mut found = 0;
    for dir in opts.voice_dirs() {
        let voices = options::voices_in(&dir);
        let state = if !dir.is_dir() {
            "missing".to_string()
        } else {
            format!("{} voice(s)", voices.len())
        };
        let _ = writeln!(w, "  searched {}: {state}", dir.display());
        for model in &voices {
            let _ = writeln!(w, "{}", describe(model));
        }
        found += voices.len();
    }
    if found == 0 && opts.model.is_none() {
        let _ = writeln!(w, "  none found; {}", options::VOICE_HINT);
    }
    if !runtime_ok {
        let _ = writeln!(
            w,
            "  (Piper voices cannot speak until ONNX Runtime is available)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_missing_runtime_and_voices_with_hints() {
        let empty = tempfile::tempdir().unwrap();
        let opts = PiperOptions {
            onnxruntime: Some("/nonexistent/libonnxruntime.so".into()),
            voice_dirs: vec![empty.path().join("none")],
            model: Some("ghost-voice".into()),
            ..PiperOptions::default()
        };
        let text = report(&opts);
        assert!(text.contains("eSpeak NG (default engine):"), "{text}");
        assert!(
            text.contains("ONNX Runtime (for Piper voices): NOT available")
                && text.contains("/nonexistent/libonnxruntime.so")
                && text.contains("pip install onnxruntime"),
            "{text}"
        );
        assert!(text.contains("\"ghost-voice\" not found"), "{text}");
        assert!(text.contains("none: missing"), "{text}");
    }

    #[test]
    fn a_voice_without_its_json_is_listed_as_unusable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("half.onnx"), b"x").unwrap();
        let text = describe(&dir.path().join("half.onnx"));
        assert!(
            text.contains("half: NOT usable") && text.contains(".onnx.json"),
            "{text}"
        );
    }
}
