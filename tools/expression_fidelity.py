#!/usr/bin/env python3
"""Expression fidelity: do numbers, dates, money and abbreviations survive a round trip?

For each article in tests/fixtures/fidelity/, the numeric, currency, date, time,
percentage, ordinal, unit and abbreviation expressions of the source are extracted with
their canonical value (a number's value, (currency, amount), (y, m, d), a decade, (h, m),
a percentage, an acronym's letters). The article is then spoken three ways -- altformat
with eSpeak NG, altformat with Piper, the bare `espeak-ng -v en -w` CLI on the raw text --
and each audio transcribed by Whisper base (the model tools/bench.py uses). The transcript
is normalised (spelled numbers to digits, years, decades, ordinals, currencies, "percent",
letter-by-letter acronyms, unit names) and its values read with the same extractor. A
source expression is recovered when its value is among the transcript's values near its
place: the transcript's values are walked in order, each source expression looks a few
values back and ahead of where the previous match was, so a value said elsewhere does
not count.

    python3 tools/expression_fidelity.py [--binary target/debug/altformat] [--voices a,b,c]
                                         [--keep DIR] [--transcripts] [--show-expressions FILE]

`--show-expressions FILE` prints what the extractor finds in FILE and stops (for the
hand count). Voices: espeak (altformat, eSpeak NG), piper (altformat, Piper), cli
(`espeak-ng -v en -w` on the raw text).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (Whisper model, Piper voice paths)

FIXTURES = os.path.join(bench.ROOT, "tests", "fixtures", "fidelity")
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
MONTH_RE = "(?:%s)" % "|".join(m.capitalize() + "|" + m for m in MONTHS)
CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "dollars": "USD", "dollar": "USD",
            "pounds": "GBP", "pound": "GBP", "euros": "EUR", "euro": "EUR"}
SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9,
         "billion": 1e9, "trillion": 1e12}
UNITS = {"km/h": "km/h", "km": "km", "kg": "kg", "kilometres per hour": "km/h",
         "kilometers per hour": "km/h", "kilometres": "km", "kilometers": "km",
         "kilometre": "km", "kilometer": "km", "kilograms": "kg", "kilogram": "kg",
         "kilos": "kg"}

# ---------- one extractor for the source and the normalised transcript ----------

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


def num(text):
    """"1,234.5" -> 1234.5."""
    return float(text.replace(",", ""))


def hour24(h, ampm):
    """The hour on a 24-hour clock ("9", "pm" -> 21)."""
    h = int(h)
    if ampm:
        pm = ampm.lower().startswith("p")
        h = h % 12 + (12 if pm else 0)
    return h


def month(name):
    """"March" -> 3."""
    return MONTHS.index(name.lower()) + 1


def _money(m):
    """(currency, amount) of a money match: symbol or word, scale, cents."""
    cur = m.group("cur") or m.group("curw")
    amount = num(m.group("n")) * SCALE.get((m.group("s") or "").lower(), 1)
    if m.group("cents"):
        amount += int(m.group("cents")) / 100
    return [("money", (CURRENCY[cur.lower() if cur[0].isalpha() else cur], round(amount, 6)))]


def _time(m):
    """(h, m) of a clock time; "16.30" without am/pm may also be the number 16.3."""
    h, mi = int(m.group("h")), int(m.group("mi") or 0)
    vals = [("time", (hour24(h, m.group("ampm")), mi))]
    if not m.group("ampm") and m.group("sep") == ".":
        vals.append(("number", num(m.group(0))))
    return vals


def _number(m):
    """A number; "1630", "16.30" and "1,400" may also be a clock time said as digits."""
    value = num(m.group("n"))
    vals = [("number", value)]
    digits = m.group("n").replace(",", "")
    clock = re.fullmatch(r"(\d{1,2})\.?(\d{2})", digits)
    if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
        vals.append(("time", (int(clock.group(1)), int(clock.group(2)))))  # "1630", "16.30"
    return vals


# (kind label for the report, pattern, values): tried in this order, a match's span is
# taken, so "12 March 2024" is one date and not two numbers.
PATTERNS = [
    ("date", r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b",
     lambda m: [("date", (int(m.group("y")), int(m.group("mo")), int(m.group("d"))))]),
    ("date", r"\b(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mo>%s)(?:,?\s+(?P<y>\d{4}))?\b"
     % MONTH_RE,
     lambda m: [("date", (int(m.group("y")) if m.group("y") else None, month(m.group("mo")),
                          int(m.group("d"))))]),
    ("date", r"\b(?P<mo>%s)\s+(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?\b"
     % MONTH_RE,
     lambda m: [("date", (int(m.group("y")) if m.group("y") else None, month(m.group("mo")),
                          int(m.group("d"))))]),
    ("percentage", r"\b(?P<n>%s)\s?(?:%%|percent\b|per cent\b)" % NUM,
     lambda m: [("percentage", num(m.group("n")))]),
    ("money", r"(?P<cur>[$£€])\s?(?P<n>%s)(?:\s?(?P<s>bn|mn|m|k|thousand|million|billion|trillion)\b)?"
     r"(?P<curw>)(?P<cents>)" % NUM, _money),
    ("money", r"\b(?P<n>%s)(?:\s?(?P<s>thousand|million|billion|trillion|bn|m)\b)?\s+(?P<cur>)"
     r"(?P<curw>(?i:dollars?|pounds?|euros?))\b(?:,?\s+(?:and\s+)?(?P<cents>\d{1,2})\b(?![.,]?\d|\s*(?:million|billion))"
     r"(?:\s+(?i:cents?|pence))?)?"
     % NUM, _money),
    ("time", r"\b(?P<h>\d{1,2})(?:(?P<sep>[:.]?)(?P<mi>\d{2}))?\s?(?P<ampm>(?i:[ap]\.\s?m\.|[ap]\.?\s?m\b))",
     _time),
    ("time", r"\b(?P<h>\d{1,2})(?P<sep>[:])(?P<mi>\d{2})\b(?P<ampm>)", _time),
    ("money", r"\b(?P<n>%s)\s?(?:p|pence)\b" % NUM, lambda m: [("money", ("GBp", num(m.group("n"))))]),
    ("decade", r"\b(?P<n>\d{3}0)'?s\b", lambda m: [("decade", int(m.group("n")))]),
    ("ordinal", r"\b(?P<n>\d+)(?:st|nd|rd|th)\b", lambda m: [("number", int(m.group("n")))]),
    ("number", r"(?<![\d.])(?P<n>%s)(?:\s?(?P<s>thousand|million|billion|trillion)\b)?" % NUM,
     lambda m: [("number", num(m.group("n")) * SCALE.get(m.group("s") or "", 1))]
     + (_number(m) if not m.group("s") else [])),
    ("unit", r"(?<![A-Za-z])(?:km/h|km|kg)(?![A-Za-z])",
     lambda m: [("abbreviation", UNITS[m.group(0)])]),
    ("abbreviation", r"\b(?:Dr|Dr\.)(?=\s+[A-Z])", lambda m: [("abbreviation", "DR")]),
    ("abbreviation", r"\b[A-Z]{2,}\b", lambda m: [("abbreviation", m.group(0))]),
]
COMPILED = [(k, re.compile(p), f) for k, p, f in PATTERNS]


def extract(text):
    """[(start, kind, text, [values])] in text order; earlier patterns win overlaps."""
    taken = [False] * len(text)
    found = []
    for kind, rx, values in COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if e == s or any(taken[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            found.append((s, kind, m.group(0), values(m)))
    found.sort()
    return found


# ---------- transcript normalisation ----------

SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
        if w != "_"}
ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
       "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
       "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
       "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
       "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}
PLURAL_TENS = {w + "s" if not w.endswith("y") else w[:-1] + "ies": v for w, v in TENS.items()}
PLURAL_TENS["tens"] = 10
ORD_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
BIG = {"hundred": 100, "thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}


def word_value(w):
    """(value, 'card'|'ord'|'decade'|'big') of one number word ("twenty-four" too), or None."""
    parts = w.split("-")
    if len(parts) == 2 and parts[0] in TENS:
        tail = parts[1]
        if tail in SMALL and 0 < SMALL[tail] < 10:
            return TENS[parts[0]] + SMALL[tail], "card"
        if tail in ORD and ORD[tail] < 10:
            return TENS[parts[0]] + ORD[tail], "ord"
        return None
    if len(parts) != 1:
        return None
    if w in SMALL:
        return SMALL[w], "card"
    if w in TENS:
        return TENS[w], "card"
    if w in ORD:
        return ORD[w], "ord"
    if w in PLURAL_TENS:
        return PLURAL_TENS[w], "decade"
    if w in BIG:
        return BIG[w], "big"
    return None


def parse_run(items):
    """A run of number words -> digits text. items: [(value, kind, word)]."""
    words = [w for _, _, w in items]
    if "point" in words:  # decimals: the whole part, then one digit per word
        at = words.index("point")
        whole = parse_run(items[:at]) if at else "0"
        k = at + 1
        digits = ""
        while k < len(items) and items[k][1] == "card" and items[k][0] < 10:
            digits += str(items[k][0])
            k += 1
        rest = items[k:]
        # "three point two billion": the scale stays a word, read with the number.
        tail = ""
        if rest and rest[0][1] == "big" and rest[0][0] > 100:
            tail, rest = " " + rest[0][2], rest[1:]
        return whole + ("." + digits if digits else "") + tail + (" " + parse_run(rest) if rest else "")
    vals = [(v, k) for v, k, _ in items]
    if len(vals) == 2 and vals[0][1] == "card" and vals[1][1] in ("card", "decade"):
        (v1, _), (v2, k2) = vals
        if 10 <= v1 < 100 and k2 == "decade" and v2 >= 10:  # "nineteen nineties"
            return "%d%ds" % (v1, v2)
        if 10 <= v1 < 100 and k2 == "card" and 10 <= v2 < 100:  # "twenty twenty-four"
            return "%d%02d" % (v1, v2)
        if 1 <= v1 <= 12 and k2 == "card" and 10 <= v2 < 60:
            return "%d:%02d" % (v1, v2)  # "nine thirty", "ten forty-five"
    if len(vals) == 3 and words[1] == "oh" and vals[2][1] == "card" and vals[2][0] < 10:
        return "%d:%02d" % (vals[0][0], vals[2][0])  # "six oh five"
    out, total, current, last, pending_and, scale = [], 0, 0, None, False, 0
    for v, k, w in items:
        if w in ("and", "oh"):
            pending_and = True
            continue
        if k == "big":
            if v == 100:
                current = max(current, 1) * 100
            elif v >= scale and total:  # "... thousand five hundred sixty-seven million"
                total = (total + current) * v
                current = 0
            else:
                total += max(current, 1) * v
                current = 0
            scale = max(scale, v)
            last, pending_and = "big", False
            continue
        joins = last is None or last == "big" or (
            last == "card" and not pending_and and current % 100 in range(20, 100, 10) and v < 10)
        if not joins:
            out.append(str(total + current))
            total, current = 0, 0
        current += v
        last, pending_and = k, False
        if k in ("ord", "decade"):
            n = total + current
            out.append(str(n) + ("s" if k == "decade" else ORD_SUFFIX.get(n % 10 if n % 100 // 10 != 1 else 0, "th")))
            total, current, last = 0, 0, None
    if last is not None:
        out.append(str(total + current))
    return " ".join(out)


def words_to_digits(text):
    """Spelled numbers, years, decades and ordinals as digits ("twelfth" -> "12th")."""
    # "twenty-four" is one number word; any other hyphen splits ("fifth-march").
    tokens = re.findall(r"(?:%s)-[a-z]+|[A-Za-z]+|\s+|." % "|".join(TENS), text, flags=re.I)
    out, run, gap = [], [], []

    def flush():
        while run and run[-1][2] in ("and", "oh", "point"):
            tail = run.pop()
            gap.insert(0, " " + tail[2])
        if run:
            out.append(" " + parse_run(run) + " ")
            run.clear()
        out.extend(gap)
        gap.clear()

    for t in tokens:
        low = t.lower()
        wv = word_value(low)
        if wv is not None and wv[1] == "big" and not run:
            wv = None  # "$3.2 billion", "a hundred": a scale alone stays a word
        if wv is not None or (run and low in ("and", "point", "oh")):
            run.append((wv[0], wv[1], low) if wv else (None, low, low))
            gap.clear()
        elif run and t.isspace():
            gap.append(t)
        else:
            flush()
            out.append(t)
    flush()
    return re.sub(r" +(?=[,.;:!?])", "", re.sub(r" {2,}", " ", "".join(out)))


def letters_to_acronym(text):
    """"W.H.O.", "W H O", "U-K" -> "WHO", "UK" (capital letters only: "the who" stays)."""
    text = re.sub(r"\b(?:[A-Z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)
    text = re.sub(r"\b[A-Z](?:[ -][A-Z]\b)+", lambda m: re.sub(r"[ -]", "", m.group(0)), text)
    return text


def normalise_transcript(text):
    """Whisper's text in the source's written forms: digits, %, acronyms, unit symbols."""
    text = text.replace("’", "'")
    text = letters_to_acronym(text)
    text = re.sub(r"\b(Nato|Nhs|Imf|Obr)\b", lambda m: m.group(0).upper(), text)
    text = re.sub(r"\b[Dd]octor\b", "Dr", text)
    text = re.sub(r"\bper\s?cent\b", "%", text, flags=re.I)
    text = re.sub(r"\btwo thousands\b", "2000s", text, flags=re.I)
    text = words_to_digits(text)
    text = re.sub(r"(?<=\d),\s(?=\d{3}\b)", ",", text)
    for name in sorted(UNITS, key=len, reverse=True):
        if " " in name or len(name) > 4:
            text = re.sub(r"\b%s\b" % name, UNITS[name], text, flags=re.I)
    return text


# ---------- matching ----------

BACK, AHEAD = 3, 8  # transcript values looked at around the previous match


def same(a, b):
    """Two (kind, value) pairs agree; a date without a year matches any year."""
    if a[0] != b[0]:
        return False
    if a[0] in ("number", "percentage"):
        return abs(a[1] - b[1]) <= 1e-6 * max(1, abs(a[1]))
    if a[0] == "money":
        return a[1][0] == b[1][0] and abs(a[1][1] - b[1][1]) <= 1e-6 * max(1, a[1][1])
    if a[0] == "date":
        return a[1][1:] == b[1][1:] and (a[1][0] is None or a[1][0] == b[1][0])
    return a[1] == b[1]


def score(source, transcript):
    """(recovered, total, misses [(source text, transcript text nearby)])."""
    want = extract(source)
    have = extract(normalise_transcript(transcript))
    used = [False] * len(have)
    pos, got, misses = 0, 0, []
    for _, _, text, values in want:
        hit = None
        for j in range(max(0, pos - BACK), min(len(have), pos + AHEAD)):
            if not used[j] and any(same(values[0], v) for v in have[j][3]):
                hit = j
                break
        if hit is None:
            near = [h[2] for h in have[max(0, pos - 1):pos + 3]]
            misses.append((text, " | ".join(near)))
        else:
            used[hit] = True
            got += 1
            pos = hit + 1
    return got, len(want), misses


# ---------- audio ----------

def raw_text(path):
    """Title and paragraphs as plain lines, for the bare CLI."""
    paras = [p.strip().replace("\n", " ") for p in open(path, encoding="utf-8").read().split("\n\n")]
    return "\n".join(p for p in paras if p) + "\n"


def slug_mp3(out):
    """The whole-article MP3 under an altformat output folder."""
    mp3 = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs
           if f.endswith(".mp3") and not f[:2].isdigit()]
    if len(mp3) != 1:
        sys.exit("expression_fidelity: expected one whole-article MP3 under %s, found %d" % (out, len(mp3)))
    return mp3[0]


def speak(voice, binary, path, work):
    """Audio of one article by one voice (see VOICES); the file's path."""
    name = os.path.splitext(os.path.basename(path))[0]
    if voice == "cli":
        plain = os.path.join(work, name + "-plain.txt")
        with open(plain, "w", encoding="utf-8") as f:
            f.write(raw_text(path))
        wav = os.path.join(work, name + "-cli.wav")
        bench.run(["espeak-ng", "-v", "en", "-w", wav, "-f", plain], work)
        return wav
    out = os.path.join(work, "%s-%s" % (name, voice))
    cmd = [binary, "build", path, "--formats", "audio", "--out", out,
           "--cache-dir", os.path.join(work, "cache-" + voice), "--quiet"]
    if voice == "piper":
        for need in (bench.PIPER_VOICE, bench.ORT):
            if not os.path.exists(need):
                sys.exit("expression_fidelity: %s is missing (Piper voice or ONNX Runtime)" % need)
        cfg = os.path.join(work, "piper.toml")
        with open(cfg, "w") as f:
            f.write('[piper]\nmodel = "%s"\nonnxruntime = "%s"\n' % (bench.PIPER_VOICE, bench.ORT))
        cmd += ["--voice", "piper", "--config", cfg]
    bench.run(cmd, work)
    return slug_mp3(out)


VOICES = {"espeak": "altformat, eSpeak NG", "piper": "altformat, Piper (en_US-joe-medium)",
          "cli": "`espeak-ng -v en -w` CLI, raw text"}


def measure(binary, voices=("espeak", "piper", "cli"), keep=None):
    """{voice: {"got", "total", "misses": [(article, source, nearby)], "articles": {..}}}.
    keep: a folder where transcripts are saved, and read back instead of speaking again."""
    work = tempfile.mkdtemp(prefix="altformat-fidelity-")
    try:
        model = None
        articles = sorted(f for f in os.listdir(FIXTURES) if f.endswith(".txt"))
        result = {}
        for voice in voices:
            r = {"got": 0, "total": 0, "misses": [], "articles": {}}
            for name in articles:
                path = os.path.join(FIXTURES, name)
                saved = keep and os.path.join(keep, "%s-%s" % (voice, name))
                if saved and os.path.exists(saved):
                    heard = open(saved, encoding="utf-8").read()
                else:
                    audio = speak(voice, binary, path, work)
                    model = model or bench.whisper_model(work)
                    segments, _ = model.transcribe(audio, language="en", beam_size=1,
                                                   condition_on_previous_text=False)
                    heard = " ".join(s.text.strip() for s in segments)
                    if saved:
                        os.makedirs(keep, exist_ok=True)
                        with open(saved, "w", encoding="utf-8") as f:
                            f.write(heard)
                got, total, misses = score(raw_text(path), heard)
                r["got"] += got
                r["total"] += total
                r["articles"][name] = (got, total)
                r["misses"] += [(name, s, n) for s, n in misses]
                r.setdefault("transcripts", {})[name] = heard
            result[voice] = r
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    """Command line: print the figures, per article, and the misses."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(bench.ROOT, "target")), "release", "altformat"))
    ap.add_argument("--voices", default="espeak,piper,cli")
    ap.add_argument("--show-expressions", metavar="FILE")
    ap.add_argument("--transcripts", action="store_true", help="print each transcript")
    ap.add_argument("--keep", metavar="DIR", help="save transcripts in DIR; reuse those already there")
    args = ap.parse_args()
    if args.show_expressions:
        for _, kind, text, values in extract(raw_text(args.show_expressions)):
            print("%-12s %-22s %s" % (kind, text, values[0][1]))
        return
    voices = args.voices.split(",")
    unknown = [v for v in voices if v not in VOICES]
    if unknown:
        sys.exit("expression_fidelity: unknown voice %s (voices: %s)" % (", ".join(unknown), ", ".join(VOICES)))
    for voice, r in measure(args.binary, voices, args.keep).items():
        print("%s: %d / %d = %.1f%%" % (VOICES[voice], r["got"], r["total"], 100 * r["got"] / r["total"]))
        for name, (g, t) in r["articles"].items():
            print("  %s: %d / %d" % (name, g, t))
        for name, s, n in r["misses"]:
            print("  miss %s: %r -> heard nearby: %s" % (name, s, n))
        if args.transcripts:
            for name, t in r["transcripts"].items():
                print("  transcript %s: %s" % (name, t))


if __name__ == "__main__":
    main()
