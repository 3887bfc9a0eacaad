#!/usr/bin/env python3
"""Real-time factor of Python piper-tts: synthesis seconds / audio seconds.

Usage: python3 tools/piper_rtf.py VOICE.onnx TEXT_FILE (one paragraph per line).
Model loading is not timed, as in `cargo run --release --example piper_rtf`.
"""
import sys
import time

from piper import PiperVoice


def main() -> None:
    model, text_file = sys.argv[1], sys.argv[2]
    voice = PiperVoice.load(model)
    list(voice.synthesize("Warm up."))
    paragraphs = [l for l in open(text_file, encoding="utf-8").read().splitlines() if l.strip()]
    started = time.perf_counter()
    samples = 0
    for paragraph in paragraphs:
        for chunk in voice.synthesize(paragraph):
            samples += len(chunk.audio_int16_array)
    synth = time.perf_counter() - started
    audio = samples / voice.config.sample_rate
    print(f"python piper-tts: {synth:.2f} s for {audio:.1f} s of audio, RTF {synth / audio:.4f}")


if __name__ == "__main__":
    main()
