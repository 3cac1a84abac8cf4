#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's first command: installs what is missing, builds jianbao, then does the main
# job on every sample — typesets samples/*.md into out/*.pdf and extracts each PDF back
# into out/*.json, so a newcomer sees both directions work.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p out
for md in samples/*.md; do
  case "$md" in */README.md) continue ;; esac
  name=$(basename "$md" .md)
  ./build/jianbao typeset "$md" -o "out/$name.pdf"
  ./build/jianbao extract "out/$name.pdf" -o "out/$name.json"
  pages=$(pdfinfo "out/$name.pdf" | awk '/^Pages:/ {print $2}')
  echo "jianbao: $md → out/$name.pdf ($pages pages) → out/$name.json"
done
