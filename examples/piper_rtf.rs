//! Real-time factor of the Piper engine: synthesis seconds / audio seconds.
//!
//! `cargo run --release --example piper_rtf -- VOICE.onnx TEXT_FILE [THREADS [VOICES]]`
//! with `ORT_DYLIB_PATH` set; TEXT_FILE holds one paragraph per line. THREADS is the
//! runtime's threads per synthesis (0: its default), VOICES how many loaded copies of
//! the voice say paragraphs side by side (default 1). Model loading is not timed, so
//! the figure compares with `tools/piper_rtf.py` on the same file.

use altformat::voice::Voice;
use altformat::voice::piper::{Piper, PiperOptions};
use std::sync::Mutex;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (model, text) = match &args[..] {
        [_, model, text, ..] => (model, text),
        _ => return Err("usage: piper_rtf VOICE.onnx TEXT_FILE [THREADS [VOICES]]".into()),
    };
    let threads: usize = args.get(3).map_or(Ok(0), |t| t.parse())?;
    let voices: usize = args.get(4).map_or(Ok(1), |v| v.parse())?;
    let text = std::fs::read_to_string(text)?;
    let opts = PiperOptions {
        threads,
        ..PiperOptions::default()
    };
    let mut loaded = Vec::new();
    for _ in 0..voices.max(1) {
        let mut voice = Piper::load(model.as_ref(), &opts)?;
        voice.synthesize("Warm up.", "en")?;
        loaded.push(voice);
    }
    let rate = f64::from(loaded[0].sample_rate());
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let next = Mutex::new(paragraphs.iter());
    let started = Instant::now();
    let samples: usize = std::thread::scope(|s| {
        let workers: Vec<_> = loaded
            .iter_mut()
            .map(|voice| {
                let next = &next;
                s.spawn(move || {
                    let mut n = 0;
                    loop {
                        let Some(p) = next.lock().expect("queue").next() else {
                            return Ok::<usize, altformat::error::Error>(n);
                        };
                        n += voice.synthesize(p, "en")?.len();
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .sum::<Result<usize, _>>()
    })?;
    let synth = started.elapsed().as_secs_f64();
    let audio = samples as f64 / rate;
    println!(
        "altformat piper ({threads} threads x {voices} voices): {synth:.2} s for {audio:.1} s of audio, RTF {:.4}",
        synth / audio
    );
    Ok(())
}
