#!/bin/sh
# SPDX-License-Identifier: MIT
# Times 'jianbao typeset' against one XeLaTeX (ctex) pass on the same issue, side by side in
# one hyperfine run, and reports median wall times and their ratio, output sizes and peak
# memory (/usr/bin/time -v). Each command runs for at least 3 s and 10 times (hyperfine's
# default budget): some 150 runs of jianbao, whose median a slow second of the machine
# then moves little, and 10 of XeLaTeX.
# Then the archive case: every sample in one 'jianbao typeset a.md b.md … -o DIR/' (one
# start-up, fonts resolved once) against one XeLaTeX pass per sample, in one hyperfine run.
# Usage: bench/typeset/run.sh [BUILD_DIR] [ISSUE.md]   (BUILD_DIR absolute, configured with
# -DCMAKE_BUILD_TYPE=RelWithDebInfo; defaults: build-typeset, the largest
# sample). Needs hyperfine, xelatex with ctex, python3. JB_BENCH_BATCH=0 skips the batch.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-typeset}
issue=${2:-$(ls -S "$src"/samples/*.md | grep -v README | head -1)}
jb=$build/jianbao
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The medians from a hyperfine JSON export (the target is stated on the median; the
# markdown table shows means), and their ratio.
medians() {
  python3 - "$1" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
a, b = runs[0]["median"] * 1000, runs[1]["median"] * 1000
print(f"median: {runs[0]['command']} {a:.1f} ms, {runs[1]['command']} {b:.1f} ms, "
      f"ratio {b / a:.1f}x")
PY
}
name=$(basename "$issue" .md)
"$jb" convert "$issue" -o "$work/$name.json"
python3 "$src/tests/foreign/issue2tex.py" "$work/$name.json" "$work/$name.tex"
cd "$work"
xelatex -interaction=batchmode "$name.tex" >/dev/null 2>&1 || true
echo "issue: $issue"
hyperfine -N --warmup 3 --min-runs 10 --export-markdown "$work/hf.md" --export-json "$work/hf.json" \
  -n jianbao "$jb typeset $issue -o $work/jb.pdf" \
  -n xelatex "xelatex -interaction=batchmode -halt-on-error $name.tex"
cat "$work/hf.md"
medians "$work/hf.json"
echo
printf "output size: jianbao %s bytes, xelatex %s bytes\n" \
  "$(stat -c %s jb.pdf)" "$(stat -c %s "$name.pdf")"
printf "pages: jianbao %s, xelatex %s\n" \
  "$(pdfinfo jb.pdf | awk '/^Pages/{print $2}')" "$(pdfinfo "$name.pdf" | awk '/^Pages/{print $2}')"
for cmd in "$jb typeset $issue -o $work/jb.pdf" "xelatex -interaction=batchmode $name.tex"; do
  /usr/bin/time -v sh -c "$cmd >/dev/null 2>&1" 2>"$work/time.txt" || true
  printf "peak RSS %s KiB: %s\n" "$(awk -F: '/Maximum resident/{gsub(/ /,"",$2);print $2}' "$work/time.txt")" \
    "$(echo "$cmd" | cut -c1-60)"
done

[ "${JB_BENCH_BATCH:-1}" = 0 ] && exit 0
mkdir -p "$work/batch" "$work/tex"
set --
for md in "$src"/samples/*.md; do
  case $md in */README.md) continue ;; esac
  base=$(basename "$md" .md)
  "$jb" convert "$md" -o "$work/tex/$base.json"
  python3 "$src/tests/foreign/issue2tex.py" "$work/tex/$base.json" "$work/tex/$base.tex"
  set -- "$@" "$md"
done
cd "$work/tex"
for t in *.tex; do xelatex -interaction=batchmode "$t" >/dev/null 2>&1 || true; done
echo
echo "batch: $# issues"
hyperfine -N --warmup 1 --runs 3 --export-markdown "$work/hfb.md" --export-json "$work/hfb.json" \
  -n "jianbao (one process)" "$jb typeset $* -o $work/batch/" \
  -n "xelatex (one pass each)" \
  "sh -c 'for t in *.tex; do xelatex -interaction=batchmode -halt-on-error \$t >/dev/null || exit 1; done'"
cat "$work/hfb.md"
medians "$work/hfb.json"
printf "pages: jianbao %s, xelatex %s\n" \
  "$(for f in "$work"/batch/*.pdf; do pdfinfo "$f" | awk '/^Pages/{print $2}'; done | awk '{s+=$1} END {print s}')" \
  "$(for f in "$work"/tex/*.pdf; do pdfinfo "$f" | awk '/^Pages/{print $2}'; done | awk '{s+=$1} END {print s}')"
