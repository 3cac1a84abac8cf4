#!/bin/sh
# SPDX-License-Identifier: MIT
# Times 'jianbao extract' against pdftotext on the same PDFs: the samples typeset by
# jianbao itself, and a 200-page concatenation of them (qpdf --pages). One hyperfine run
# for all four commands; both tools write to standard output (hyperfine discards it), so
# neither pays for a file write. Prints the throughput ratios (pdftotext time / jianbao
# time, mean and median), peak memory from /usr/bin/time -v and the load average.
# Usage: bench/extract/run.sh [BUILD_DIR]
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
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Never 'extract -o /dev/null': the atomic write would rename a regular file over it.
hyperfine --warmup 2 --runs 10 -N --export-json "$work/hyperfine.json" \
  -n "jianbao extract (samples)" "sh -c 'for f in $work/[0-9]*.pdf; do $cli extract \$f; done'" \
  -n "pdftotext (samples)" "sh -c 'for f in $work/[0-9]*.pdf; do pdftotext \$f -; done'" \
  -n "jianbao extract (200 pages)" "$cli extract $work/big.pdf" \
  -n "pdftotext (200 pages)" "pdftotext $work/big.pdf -"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/hyperfine.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for what in ("samples", "200 pages"):
    j, p = r[f"jianbao extract ({what})"], r[f"pdftotext ({what})"]
    print(f"{what}: jianbao mean {j['mean']*1e3:.0f} ms, median {j['median']*1e3:.0f} ms; "
          f"pdftotext mean {p['mean']*1e3:.0f} ms, median {p['median']*1e3:.0f} ms; "
          f"throughput ratio (pdftotext/jianbao) mean {p['mean']/j['mean']:.2f}x, "
          f"median {p['median']/j['median']:.2f}x")
EOF
for cmd in "$cli extract $work/big.pdf" "pdftotext $work/big.pdf -"; do
  /usr/bin/time -v $cmd 2>&1 >/dev/null |
    awk -v c="${cmd%% *}" '/Maximum resident/ {print c ": peak RSS " $6 " KB (200 pages)"}'
done
