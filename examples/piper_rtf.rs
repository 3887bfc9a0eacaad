//! Real-time factor of the Piper engine: synthesis seconds / audio seconds.
//!
//! `cargo run --release --example piper_rtf -- VOICE.onnx TEXT_FILE` with `ORT_DYLIB_PATH`
//! set; TEXT_FILE holds one paragraph per line. Model loading is not timed, so the
//! figure compares with `tools/piper_rtf.py` on the same file.

use altformat::speech::engine::Voice;
use altformat::speech::engine::piper::{Piper, PiperOptions};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, text] = &args[..] else {
        return Err("usage: piper_rtf VOICE.onnx TEXT_FILE".into());
    };
    let text = std::fs::read_to_string(text)?;
    let mut voice = Piper::load(model.as_ref(), &PiperOptions::default())?;
    voice.synthesize("Warm up.", "en")?;
    let started = Instant::now();
    let mut samples = 0;
    for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
        samples += voice.synthesize(paragraph, "en")?.len();
    }
    let synth = started.elapsed().as_secs_f64();
    let audio = samples as f64 / f64::from(voice.sample_rate());
    println!(
        "altformat piper: {synth:.2} s for {audio:.1} s of audio, RTF {:.4}",
        synth / audio
    );
    Ok(())
}
