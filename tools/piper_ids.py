#!/usr/bin/env python3
"""Record the phoneme ids Python piper-tts computes, as the expectation for altformat's
Piper engine (tests/fixtures/piper/ids.json, checked by tests/integration/piper.rs).

Usage: python3 tools/piper_ids.py [VOICE.onnx] > tests/fixtures/piper/ids.json
Needs `pip install piper-tts` (1.8.0 was used) and the voice (default: the one
`bash .ci/install-tools.sh` installs).

piper-tts phonemizes with its own eSpeak NG (1.52); altformat uses the system's
libespeak-ng (Debian 12: 1.51). The two differ on a few words ("four" fˈɔːɹ vs fˈoːɹ,
a glide ʲ in "the air", "thirty"), so the sentences here avoid those words: they test
clause splitting, punctuation, spaces and the id layout, not eSpeak's dictionaries.
"""
import json
import sys

from piper import PiperVoice

SENTENCES = [
    "Hello world, this is a test.",
    'He paid $3.50 for 12 apples, e.g. red ones... and Mr. Smith said "no".',
    "Did 13,000 workers arrive in 2019? Yes!",
    '"Stop," she said; then: silence.',
    "It was \u2013 as they say \u2013 over in 1990.",
    "The U.S. economy grew 2.5% last year.",
    "Wait\u2026 what? Kim Jong Un met Vladimir Putin in Pyongyang.",
]


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else "/usr/local/lib/altformat-tools/piper-voice.onnx"
    voice = PiperVoice.load(model)
    cases = []
    for text in SENTENCES:
        sentences = voice.phonemize(text)
        cases.append(
            {
                "text": text,
                "phonemes": ["".join(s) for s in sentences],
                "ids": [voice.phonemes_to_ids(s) for s in sentences],
            }
        )
    # One case per line keeps the file short and its diffs readable.
    lines = [json.dumps(case, ensure_ascii=False) for case in cases]
    sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n")


if __name__ == "__main__":
    main()
