#!/usr/bin/env python3
"""Word times in narration.json against an independent aligner: Whisper's word timestamps.

Builds the sample's audio with altformat (eSpeak NG), transcribes each chapter MP3 with
faster-whisper (Whisper base, word_timestamps=True, the model tools/bench.py uses), lines
the transcript's words up with the timed words of narration.json by their letters
(difflib, per chapter), and reports the start-time error of every word both agree on:
median, 95th percentile, share under 80 and 200 ms, and how many words were compared.

    python3 tools/word_timing.py [--binary target/release/altformat] [--input FILE]

Whisper's own word timing is not exact (it is derived from cross-attention); the figure
is the disagreement of two independent measurements, an upper bound on altformat's
error plus Whisper's. Whisper often starts a word after a pause at the start of the
pause; so a second set of figures moves a Whisper start that lies in silence (10 ms
frames under -50 dBFS in the decoded MP3) to the first sound after it, and counts how
often altformat's own start lies in silence before the sound (its own error).
"""

import argparse
import difflib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the Whisper model and the sample's path)


def norm(word):
    """Lower case letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", word.lower())


def ours(narration):
    """Per track: (file, [(normalised word, start seconds)]) of the timed words; a
    rewritten unit ("$3.2bn") is skipped, as its text is not what is said."""
    tracks = []
    for t in narration["tracks"]:
        words = []
        for clip in t["clips"]:
            for w in clip.get("words", []):
                key = norm(w["text"])
                if key and key.isalpha():
                    words.append((key, w["start"]))
        tracks.append((t["file"], words))
    return tracks


def theirs(model, mp3):
    segments, _ = model.transcribe(mp3, language="en", beam_size=1, word_timestamps=True,
                                   condition_on_previous_text=False, vad_filter=False)
    words = []
    for seg in segments:
        for w in seg.words or []:
            key = norm(w.word)
            if key:
                words.append((key, w.start))
    return words


FRAME = 0.01  # seconds
SILENT = 10 ** (-50 / 20)  # RMS of a silent frame, full scale 1


def loudness(mp3):
    """RMS per 10 ms frame of the decoded MP3 (ffmpeg), full scale 1."""
    import numpy as np
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", mp3, "-f", "s16le", "-ac", "1",
                          "-ar", "22050", "-"], check=True, capture_output=True).stdout
    pcm = np.frombuffer(raw, dtype=np.int16).astype(np.float64) / 32768
    n = int(22050 * FRAME)
    frames = pcm[: len(pcm) // n * n].reshape(-1, n)
    return np.sqrt((frames ** 2).mean(axis=1))


def silent(rms, t):
    i = int(t / FRAME)
    return i >= len(rms) or rms[i] < SILENT


def first_sound(rms, t, limit):
    """The first time at or after t (before limit) that is not silent, else t."""
    i = int(t / FRAME)
    while i < len(rms) and i * FRAME < limit and rms[i] < SILENT:
        i += 1
    return i * FRAME if i * FRAME < limit else t


def onsets(rms, gap=10):
    """Times where sound starts after at least `gap` silent frames (a pause of 100 ms)."""
    out, quiet = [], 0
    for i, level in enumerate(rms):
        if level < SILENT:
            quiet += 1
            continue
        if quiet >= gap:
            out.append(i * FRAME)
        quiet = 0
    return out


def pause_errors(words, rms):
    """For each timed word within 200 ms of a sound onset after a pause: its start minus
    that onset, in ms (a check against the audio itself, for the words after pauses)."""
    import bisect
    starts = onsets(rms)
    errs = []
    for _, t in words:
        i = bisect.bisect_left(starts, t)
        near = [s for s in starts[max(0, i - 1): i + 1] if abs(s - t) < 0.2]
        if near:
            onset = min(near, key=lambda s: abs(s - t))
            errs.append((t - onset) * 1000)
    return errs


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(binary, source=bench.SAMPLE, show_worst=False):
    """The figures, as a dict."""
    work = tempfile.mkdtemp(prefix="word-timing-")
    try:
        return compare(binary, source, show_worst, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compare(binary, source, show_worst, work):
    cmd = [binary, "build", source, "--formats", "audio", "--out", work,
           "--cache-dir", os.path.join(work, "cache"), "--quiet", "--force"]
    subprocess.run(cmd, check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    folder = next(os.path.join(work, d) for d in os.listdir(work)
                  if os.path.isfile(os.path.join(work, d, "narration.json")))
    with open(os.path.join(folder, "narration.json")) as f:
        narration = json.load(f)
    model = bench.whisper_model(work)
    errors, signed, worst, compared, timed = [], [], [], 0, 0
    corrected, ours_in_silence, after_pause = [], 0, []
    for file, words in ours(narration):
        timed += len(words)
        heard = theirs(model, os.path.join(folder, file))
        rms = loudness(os.path.join(folder, file))
        after_pause += pause_errors(words, rms)
        sm = difflib.SequenceMatcher(a=[w for w, _ in words], b=[w for w, _ in heard],
                                     autojunk=False)
        for block in sm.get_matching_blocks():
            for i in range(block.size):
                ours_start = words[block.a + i][1]
                their_start = heard[block.b + i][1]
                errors.append(abs(ours_start - their_start) * 1000)
                signed.append((ours_start - their_start) * 1000)
                worst.append((round(signed[-1]), file, words[block.a + i][0], round(ours_start, 3)))
                onset = their_start
                if silent(rms, their_start):
                    onset = first_sound(rms, their_start, their_start + 1.5)
                corrected.append(abs(ours_start - onset) * 1000)
                ours_in_silence += int(silent(rms, ours_start) and onset - ours_start > 0.08)
        compared = len(errors)
    if not errors:
        sys.exit("no words compared")
    report = {
        "command": " ".join(cmd).replace(work, "$W"),
        "timed_words": timed,
        "compared": compared,
        "median_ms": round(statistics.median(errors), 1),
        "p95_ms": round(percentile(errors, 0.95), 1),
        "under_80_ms": round(sum(e < 80 for e in errors) / len(errors), 3),
        "under_200_ms": round(sum(e < 200 for e in errors) / len(errors), 3),
        "mean_ms": round(statistics.fmean(errors), 1),
        "signed_median_ms": round(statistics.median(signed), 1),
        "early_over_200_ms": int(sum(e < -200 for e in signed)),
        "late_over_200_ms": int(sum(e > 200 for e in signed)),
        "onset_median_ms": round(statistics.median(corrected), 1),
        "onset_p95_ms": round(percentile(corrected, 0.95), 1),
        "ours_in_silence_over_80_ms": ours_in_silence,
        "after_pause_words": len(after_pause),
        "after_pause_median_ms": round(statistics.median(abs(e) for e in after_pause), 1),
        "after_pause_p95_ms": round(percentile([abs(e) for e in after_pause], 0.95), 1),
        "after_pause_signed_median_ms": round(statistics.median(after_pause), 1),
    }
    if show_worst:
        worst.sort(key=lambda w: -abs(w[0]))
        for w in worst[:25]:
            print(w, file=sys.stderr)
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(bench.ROOT, "target/release/altformat"))
    ap.add_argument("--input", default=bench.SAMPLE)
    ap.add_argument("--worst", action="store_true", help="print the 25 largest errors")
    args = ap.parse_args()
    print(json.dumps(measure(args.binary, args.input, args.worst), indent=2))


if __name__ == "__main__":
    main()
