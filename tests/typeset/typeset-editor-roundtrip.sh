#!/bin/sh
# SPDX-License-Identifier: MIT
# An editor too long to share its line with the date (23 characters): typeset puts the
# date on the next grid line, and 'jianbao extract' still reads both back.
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
editor=中共上海市邮政管理局机关委员会党建工作办公室编
sed "s/^editor: .*/editor: $editor/" "$JB_SOURCE_DIR/tests/typeset/data/full.md" >"$tmp/in.md"
"$JB_CLI" typeset "$tmp/in.md" -o "$tmp/out.pdf" || fail "typeset"
"$JB_CLI" extract "$tmp/out.pdf" -o "$tmp/out.json" || fail "extract"
grep -q "\"editor\": \"$editor\"" "$tmp/out.json" || { grep editor "$tmp/out.json"; fail "editor"; }
grep -q '"date": "2026-03-27"' "$tmp/out.json" || { grep date "$tmp/out.json"; fail "date"; }
exit 0
