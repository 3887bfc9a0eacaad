#!/usr/bin/env bash
# PDF build time for the sample article and for one 100 times longer (issue: it must
# scale linearly). Prints a Markdown table for BENCHMARKS.md.
#
# Usage: tools/bench_pdf.sh [path/to/altformat]   (default: target/release/altformat)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/altformat}"
[[ -x "$bin" ]] || { echo "build first: cargo build --release ($bin missing)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sample="$root/input/north-korean-labour.txt"
# The article without the site chrome that follows its last paragraph.
article="$work/article.txt"
awk '/^Recently Added$/ { exit } { print }' "$sample" > "$article"

# Title and deck once, then the body 100 times with numbered headings (each copy's
# headings are short lines without a full stop, so they stay headings).
long="$work/long100.txt"
{
  head -n 2 "$article"
  for i in $(seq 1 100); do
    tail -n +3 "$article" | awk -v n="$i" '/[.!?"”]$/ || length($0) > 80 { print; next } { print $0 " " n }'
  done
} > "$long"

time_build() {  # time_build INPUT -> seconds (best of 3)
  local best=""
  for _ in 1 2 3; do
    rm -rf "$work/out"
    local t0 t1
    t0=$(date +%s.%N)
    "$bin" build "$1" --formats pdf --out "$work/out" --quiet --force
    t1=$(date +%s.%N)
    best=$(echo "$t0 $t1 $best" | awk '{ d = $2 - $1; if ($3 == "" || d < $3) print d; else print $3 }')
  done
  echo "$best"
}

words_of() { "$bin" inspect "$1" | awk '/^Words:/ { print $2 }'; }
pages_of() { pdfinfo "$(find "$work/out" -name "*.pdf")" | awk '/^Pages:/ { print $2 }'; }

t1=$(time_build "$sample"); p1=$(pages_of); w1=$(words_of "$sample")
t100=$(time_build "$long"); p100=$(pages_of); w100=$(words_of "$long")

echo "| input | words | pages | seconds (best of 3) | ms per page |"
echo "| --- | ---: | ---: | ---: | ---: |"
awk -v w="$w1" -v p="$p1" -v t="$t1" 'BEGIN { printf "| sample | %d | %d | %.3f | %.2f |\n", w, p, t, 1000 * t / p }'
awk -v w="$w100" -v p="$p100" -v t="$t100" 'BEGIN { printf "| sample x100 | %d | %d | %.3f | %.2f |\n", w, p, t, 1000 * t / p }'
awk -v a="$t1" -v b="$t100" 'BEGIN { printf "\nRatio x100 / x1: %.1f (linear would be about 100)\n", b / a }'
echo "Machine: $(nproc) cores, $(uname -sr); command: tools/bench_pdf.sh $bin"
