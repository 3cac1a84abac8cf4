#!/bin/sh
# SPDX-License-Identifier: MIT
# Times 'jianbao typeset' against one XeLaTeX (ctex) pass on the same issue, side by side in
# one hyperfine run, and reports output sizes and peak memory (/usr/bin/time -v).
# Usage: bench/typeset/run.sh [BUILD_DIR] [ISSUE.md]   (BUILD_DIR absolute, configured with
# -DCMAKE_BUILD_TYPE=RelWithDebInfo; defaults: build-typeset, the largest
# sample). Needs hyperfine, xelatex with ctex, python3.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-typeset}
issue=${2:-$(ls -S "$src"/samples/*.md | grep -v README | head -1)}
jb=$build/jianbao
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=$(basename "$issue" .md)
"$jb" convert "$issue" -o "$work/$name.json"
python3 "$src/tests/foreign/issue2tex.py" "$work/$name.json" "$work/$name.tex"
cd "$work"
xelatex -interaction=batchmode "$name.tex" >/dev/null 2>&1 || true
echo "issue: $issue"
hyperfine -N --warmup 1 --runs 5 --export-markdown "$work/hf.md" \
  -n jianbao "$jb typeset $issue -o $work/jb.pdf" \
  -n xelatex "xelatex -interaction=batchmode -halt-on-error $name.tex"
cat "$work/hf.md"
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
