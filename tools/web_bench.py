#!/usr/bin/env python3
"""Read-along page benchmark: builds the 20,000-word article of tools/bench.py with
`--formats web` and measures it in chromium (tools/web_bench.mjs): script size, time to
first highlight, following a seek, memory. Not a test; figures go in BENCHMARKS.md.

    python3 tools/web_bench.py [path/to/altformat]   (default target/release/altformat)
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(binary):
    """The page's figures (tools/web_bench.mjs's JSON) for the 20,000-word article."""
    with tempfile.TemporaryDirectory() as w:
        sample = bench.structure(bench.article_json(binary, os.path.join(ROOT, "input/north-korean-labour.txt")))
        doc = bench.long_article(binary, sample, 20000)
        src = os.path.join(w, "long-20k.md")
        with open(src, "w") as f:
            f.write(bench.markdown(doc))
        out = os.path.join(w, "out")
        subprocess.run([binary, "build", src, "--formats", "web", "--out", out,
                        "--cache-dir", os.path.join(w, "cache"), "--quiet"], check=True)
        (slug,) = [d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d))]
        web = os.path.join(out, slug, "web")
        out = subprocess.run(["node", os.path.join(ROOT, "tools/web_bench.mjs"), web],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/altformat")
    print(json.dumps(measure(binary), indent=1))


if __name__ == "__main__":
    main()
