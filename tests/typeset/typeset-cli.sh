#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end checks of 'jianbao typeset': reproducible bytes under SOURCE_DATE_EPOCH,
# qpdf --check clean, pdftotext silent, PDF/A metadata, and no file left behind (or
# overwritten) when a character has no font or the folder cannot be written.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 missing"; exit 77; }; }
need qpdf
need pdftotext
need pdfinfo
in="$JB_SOURCE_DIR/tests/typeset/data/full.md"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

SOURCE_DATE_EPOCH=1700000000 "$JB_CLI" typeset "$in" -o "$tmp/a.pdf" || fail "typeset a"
SOURCE_DATE_EPOCH=1700000000 "$JB_CLI" typeset "$in" -o "$tmp/b.pdf" || fail "typeset b"
cmp -s "$tmp/a.pdf" "$tmp/b.pdf" || fail "same input, same SOURCE_DATE_EPOCH, different bytes"
grep -a -q "$tmp" "$tmp/a.pdf" && fail "a temporary path leaked into the PDF"
pdfinfo "$tmp/a.pdf" | grep -q "CreationDate:.*Nov 14 .*2023" || fail "creation date not from SOURCE_DATE_EPOCH"
pdfinfo "$tmp/a.pdf" | grep -q "Creator: *jianbao " || fail "creator"
pdfinfo "$tmp/a.pdf" | grep -q "Title: *上海市邮政快递行业党建、文明创建工作简报 2026年第9期（总第544期）" || fail "title"
pdfinfo "$tmp/a.pdf" | grep -q "Author: *上海市邮政管理局党建办、文明办编" || fail "author"

qpdf --check "$tmp/a.pdf" >"$tmp/qpdf.out" 2>&1 || { cat "$tmp/qpdf.out"; fail "qpdf --check"; }
pdftotext "$tmp/a.pdf" "$tmp/a.txt" 2>"$tmp/err.txt" || fail "pdftotext"
[ -s "$tmp/err.txt" ] && { cat "$tmp/err.txt"; fail "pdftotext printed warnings"; }
grep -q "简讯" "$tmp/a.txt" || fail "简讯 heading missing from the text"

# --rgb and --pdfa
"$JB_CLI" typeset --rgb "$in" -o "$tmp/rgb.pdf" || fail "--rgb"
SOURCE_DATE_EPOCH=1700000000 "$JB_CLI" typeset --pdfa "$in" -o "$tmp/pdfa.pdf" || fail "--pdfa"
qpdf --check "$tmp/pdfa.pdf" >/dev/null 2>&1 || fail "qpdf --check on PDF/A"
pdfinfo "$tmp/pdfa.pdf" | grep -q "Metadata Stream: *yes" || fail "PDF/A without XMP"
qpdf --qdf --object-streams=disable "$tmp/pdfa.pdf" "$tmp/pdfa.qdf" 2>/dev/null
grep -a -q "GTS_PDFA1" "$tmp/pdfa.qdf" || fail "PDF/A without output intent"
grep -a -q "pdfaid:part='1'" "$tmp/pdfa.qdf" || fail "PDF/A without pdfaid"
grep -a -q "/ID \[" "$tmp/pdfa.qdf" || fail "PDF/A without file ID"

# A character no font has (U+E000, private use): exit 2, named, nothing written.
sed 's/会议指出/会议\xcd\xb8指出/' "$in" >"$tmp/bad.md"
"$JB_CLI" typeset "$tmp/bad.md" -o "$tmp/bad.pdf" 2>"$tmp/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "uncovered character: exit $rc, expected 2"
grep -q "U+0378" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "message does not name U+0378"; }
grep -q "article 1 paragraph 2" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "message does not say where"; }
[ -e "$tmp/bad.pdf" ] && fail "a PDF was left behind after an error"
echo keep >"$tmp/old.pdf"
"$JB_CLI" typeset "$tmp/bad.md" -o "$tmp/old.pdf" 2>/dev/null && fail "bad input succeeded"
[ "$(cat "$tmp/old.pdf")" = keep ] || fail "an existing file was overwritten on error"
ls "$tmp" | grep -q '^\.\?old\.pdf\..' && fail "temporary file left behind"

# An unwritable place: exit 1, nothing created.
"$JB_CLI" typeset "$in" -o "$tmp/no/such/dir/x.pdf" 2>"$tmp/io.err"
rc=$?
[ $rc -eq 1 ] || fail "unwritable output: exit $rc, expected 1"

# Several inputs into a folder.
mkdir "$tmp/out"
cp "$in" "$tmp/one.md"; cp "$in" "$tmp/two.md"
"$JB_CLI" typeset "$tmp/one.md" "$tmp/two.md" -o "$tmp/out/" || fail "several inputs"
[ -s "$tmp/out/one.pdf" ] && [ -s "$tmp/out/two.pdf" ] || fail "several inputs: PDFs missing"

"$JB_CLI" typeset --help | grep -q -- "--number-first-page" || fail "--help"
"$JB_CLI" typeset --number-first-page "$in" -o "$tmp/n1.pdf" || fail "--number-first-page"
pdftotext -f 1 -l 1 "$tmp/n1.pdf" - | grep -q "— *1 *—" || fail "page 1 carries no number with --number-first-page"
echo "all typeset CLI checks passed"
