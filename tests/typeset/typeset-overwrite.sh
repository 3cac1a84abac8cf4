#!/bin/sh
# SPDX-License-Identifier: MIT
# 'jianbao typeset' never writes over its input: `typeset same.md -o same.md` replaced the
# Markdown with a PDF (exit 0), and two inputs with one base name into a folder wrote the
# same PDF twice. Both must exit 2 with the input unchanged and nothing written.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
in="$JB_SOURCE_DIR/tests/typeset/data/full.md"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The output is the input, by the same name, through a hard link and through a symlink.
cp "$in" "$tmp/same.md"
ln "$tmp/same.md" "$tmp/hard.pdf"
ln -s same.md "$tmp/soft.pdf"
for out in "$tmp/same.md" "$tmp/hard.pdf" "$tmp/soft.pdf" "$tmp/./same.md"; do
  "$JB_CLI" typeset "$tmp/same.md" -o "$out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 2 ] || fail "-o $out: exit $rc, expected 2"
  grep -q "is the input itself" "$tmp/err" || { cat "$tmp/err"; fail "-o $out: message"; }
  cmp -s "$in" "$tmp/same.md" || fail "-o $out: the input was changed"
done
[ -L "$tmp/soft.pdf" ] || fail "the symlink was replaced"

# Several inputs with distinct targets in one folder are still fine.
mkdir "$tmp/out"
cp "$in" "$tmp/out/x.md"
"$JB_CLI" typeset "$in" "$tmp/out/x.md" -o "$tmp/out/" || fail "distinct targets refused"
[ -s "$tmp/out/full.pdf" ] && [ -s "$tmp/out/x.pdf" ] || fail "distinct targets not written"

# Two inputs with one base name into a folder: refused before either is written.
mkdir "$tmp/a" "$tmp/b" "$tmp/dst"
cp "$in" "$tmp/a/x.md"
cp "$in" "$tmp/b/x.md"
"$JB_CLI" typeset "$tmp/a/x.md" "$tmp/b/x.md" -o "$tmp/dst/" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "same base name: exit $rc, expected 2"
grep -q "would both be written to" "$tmp/err" || { cat "$tmp/err"; fail "same base name: message"; }
[ -z "$(ls -A "$tmp/dst")" ] || fail "same base name: something was written: $(ls -A "$tmp/dst")"
cmp -s "$in" "$tmp/a/x.md" && cmp -s "$in" "$tmp/b/x.md" || fail "an input was changed"
# x.md and x.json land on the same x.pdf too (the check comes before either is read).
cp "$tmp/a/x.md" "$tmp/a/x.json"
"$JB_CLI" typeset "$tmp/a/x.md" "$tmp/a/x.json" -o "$tmp/dst" 2>/dev/null
rc=$?
[ $rc -eq 2 ] || fail "x.md and x.json: exit $rc, expected 2"
[ -z "$(ls -A "$tmp/dst")" ] || fail "x.md and x.json: something was written"
exit 0
