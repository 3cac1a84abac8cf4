#!/bin/sh
# SPDX-License-Identifier: MIT
# Times 'jianbao extract' against pdftotext on the same PDFs: the samples typeset by
# jianbao itself, and a 200-page concatenation of them (qpdf --pages). One hyperfine run
# per PDF set; peak memory from /usr/bin/time -v. Usage: bench/extract/run.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build-extract}
cli=$build/jianbao
work=$(mktemp -d /tmp/jb-bench-extract-XXXXXX)
trap 'rm -rf "$work"' EXIT
for s in "$src"/samples/*.json; do
  "$cli" typeset "$s" -o "$work/$(basename "$s" .json).pdf"
done
set -- "$work"/*.pdf
pages=0
for f in "$@"; do pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}'))); done
# Repeat the samples until 200 pages.
list=""
n=0
while [ "$n" -lt 200 ]; do
  for f in "$@"; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    [ "$n" -ge 200 ] && break
    take=$((200 - n < p ? 200 - n : p))
    list="$list $f 1-$take"
    n=$((n + take))
  done
done
qpdf --empty --pages $list -- "$work/big.pdf"
echo "samples: $# PDFs, $pages pages; big.pdf: $(pdfinfo "$work/big.pdf" | awk '/^Pages:/ {print $2}') pages"
hyperfine --warmup 2 --runs 10 -N \
  -n "jianbao extract (samples)" "sh -c 'for f in $work/[0-9]*.pdf; do $cli extract \$f -o /dev/null; done'" \
  -n "pdftotext (samples)" "sh -c 'for f in $work/[0-9]*.pdf; do pdftotext \$f /dev/null; done'" \
  -n "jianbao extract (200 pages)" "$cli extract $work/big.pdf -o $work/big.json" \
  -n "pdftotext (200 pages)" "pdftotext $work/big.pdf $work/big.txt"
for cmd in "$cli extract $work/big.pdf -o $work/big.json" "pdftotext $work/big.pdf $work/big.txt"; do
  /usr/bin/time -v $cmd 2>&1 | awk -v c="${cmd%% *}" '/Maximum resident/ {print c ": peak RSS " $6 " KB"}'
done
