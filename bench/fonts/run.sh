#!/bin/sh
# SPDX-License-Identifier: MIT
# Per-document font cost for the samples, whole fonts vs hb-subsets: builds jb-bench-fonts,
# times "resolve" (fontconfig + FreeType coverage only: the baseline), "whole" (libharu parses
# and embeds each whole font file) and "subset" (hb-subset first, then libharu) with
# hyperfine, and prints a Markdown table with the PDF sizes. Usage:
#   bench/fonts/run.sh [BUILD_DIR]        (default build-bench; runs: JB_BENCH_RUNS, 10)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-bench}
runs=${JB_BENCH_RUNS:-10}
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 1; }
bench=$build/bench/jb-bench-fonts
# other modules may be half-written: a bench binary built before still measures the same
if ! { cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
  cmake --build "$build" -j2 --target jb-bench-fonts >/dev/null; }; then
  [ -x "$bench" ] || exit 1
  echo "(build failed; using the jb-bench-fonts already in $build)" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" # the default roles, not the user's fonts.conf

# one row: LABEL SAMPLE [--font ROLE=VALUE]
row() {
  label=$1 sample=$2
  shift 2
  fonts=$("$bench" "$@" --list resolve "$sample" "$tmp/r.pdf" |
    awk -F'\t' '{ sub(/.*\//, "", $2); printf "%s%s (%s)", (NR > 1 ? ", " : ""), $2, $3 }')
  "$bench" "$@" whole "$sample" "$tmp/whole.pdf"
  "$bench" "$@" subset "$sample" "$tmp/subset.pdf"
  hyperfine -N -w 2 -r "$runs" --export-json "$tmp/h.json" \
    -n resolve "$bench $* resolve $sample $tmp/r.pdf" \
    -n whole "$bench $* whole $sample $tmp/w.pdf" \
    -n subset "$bench $* subset $sample $tmp/s.pdf" >/dev/null 2>&1
  python3 - "$tmp/h.json" "$label" "$fonts" "$(stat -c %s "$tmp/whole.pdf")" \
    "$(stat -c %s "$tmp/subset.pdf")" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ms = lambda n: res[n]["mean"] * 1000
cpu = lambda n: (res[n]["user"] + res[n]["system"]) * 1000
base = ms("resolve")
print("| %s | %s | %.0f ± %.0f | %.0f ± %.0f (+%.0f) | %.0f ± %.0f (+%.0f) | +%.0f / +%.0f | %.0f | %.0f |" % (
    sys.argv[2], sys.argv[3], base, res["resolve"]["stddev"] * 1000,
    ms("whole"), res["whole"]["stddev"] * 1000, ms("whole") - base,
    ms("subset"), res["subset"]["stddev"] * 1000, ms("subset") - base,
    cpu("whole") - cpu("resolve"), cpu("subset") - cpu("resolve"),
    int(sys.argv[4]) / 1024, int(sys.argv[5]) / 1024))
PY
}

echo "| sample | fonts (distinct chars) | resolve ms | whole ms (font cost) | subset ms (font cost) | CPU font cost ms whole / subset | PDF KB whole | PDF KB subset |"
echo "|---|---|---|---|---|---|---|---|"
samples=$(ls "$src"/samples/*.md | grep -v '/README\.md$')
for sample in $samples; do
  row "$(basename "$sample")" "$sample"
done
first=$(echo "$samples" | head -n 1)
# the two big collections the body chain falls back to, as the whole body font (by file, so
# that hyperfine's command line needs no quoting)
for family in "AR PL UMing CN" "WenQuanYi Zen Hei"; do
  file=$(fc-match -f '%{file}:%{index}' "$family")
  row "$(basename "$first"), body=$family" "$first" --font "body=$file"
done
