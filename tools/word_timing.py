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
error plus Whisper's.
"""

import argparse
import difflib
import json
import os
import re
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


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(bench.ROOT, "target/release/altformat"))
    ap.add_argument("--input", default=bench.SAMPLE)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="word-timing-")
    cmd = [args.binary, "build", args.input, "--formats", "audio", "--out", work,
           "--cache-dir", os.path.join(work, "cache"), "--quiet", "--force"]
    subprocess.run(cmd, check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    folder = next(os.path.join(work, d) for d in os.listdir(work)
                  if os.path.isfile(os.path.join(work, d, "narration.json")))
    with open(os.path.join(folder, "narration.json")) as f:
        narration = json.load(f)
    model = bench.whisper_model(work)
    errors, compared, timed = [], 0, 0
    for file, words in ours(narration):
        timed += len(words)
        heard = theirs(model, os.path.join(folder, file))
        sm = difflib.SequenceMatcher(a=[w for w, _ in words], b=[w for w, _ in heard],
                                     autojunk=False)
        for block in sm.get_matching_blocks():
            for i in range(block.size):
                ours_start = words[block.a + i][1]
                their_start = heard[block.b + i][1]
                errors.append(abs(ours_start - their_start) * 1000)
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
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
