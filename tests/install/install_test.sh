#!/bin/sh
# SPDX-License-Identifier: MIT
# `cmake --install` into a scratch prefix puts a working program, library, headers, pkg-config
# file and man page in place: the installed program typesets, extracts and writes JSON (its
# extract and JSON plugins are found from the install tree), and a small C program builds against jianbao.pc
# and reads an issue through the public API.
set -eu
build=$1
src=$JB_SOURCE_DIR
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
p=$tmp/prefix
for f in bin/jianbao include/jianbao/jianbao.h include/jianbao/jb-issue.h share/man/man1/jianbao.1; do
  [ -e "$p/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
ls "$p"/lib*/libjianbao.so >/dev/null 2>&1 || { echo "FAIL: libjianbao.so not installed"; exit 1; }
pc=$(ls "$p"/lib*/pkgconfig/jianbao.pc)
libdir=$(dirname "$(dirname "$pc")")
grep -q '^\.TH JIANBAO 1' "$p/share/man/man1/jianbao.1" || { echo "FAIL: jianbao.1 is not a man page"; exit 1; }

"$p/bin/jianbao" --version | grep -q '^jianbao ' || { echo "FAIL: --version"; exit 1; }
"$p/bin/jianbao" typeset "$src/samples/2026-03-27-no9.md" -o "$tmp/x.pdf"
"$p/bin/jianbao" extract "$tmp/x.pdf" -o "$tmp/x.json"
grep -q '"total": 544' "$tmp/x.json" || { echo "FAIL: installed extract lost the issue line"; exit 1; }
# JSON comes from the JSON plugin, found in the install tree.
ls "$p"/lib*/jianbao/jianbao-json.so >/dev/null 2>&1 || { echo "FAIL: jianbao-json.so not installed"; exit 1; }
"$p/bin/jianbao" convert "$src/samples/2026-03-27-no9.md" -o "$tmp/y.json"
grep -q '"total": 544' "$tmp/y.json" || { echo "FAIL: installed convert lost the issue line"; exit 1; }

cat > "$tmp/use.c" <<'C'
#include <jianbao.h>
#include <stdio.h>
int main(int argc, char **argv) {
  GError *error = NULL;
  JbIssue *issue = jb_issue_load(argv[1], JB_ISSUE_SYNTAX_UNKNOWN, &error);
  if (issue == NULL) { fprintf(stderr, "%s\n", error->message); return 1; }
  printf("%u\n", issue->articles->len);
  jb_issue_free(issue);
  return 0;
}
C
# jianbao.pc names the prefix configured at build time; point a copy at the scratch prefix
# (--define-variable would move glib's and the other packages' prefixes too).
mkdir "$tmp/pc"
sed "s|^prefix=.*|prefix=$p|" "$pc" >"$tmp/pc/jianbao.pc"
flags=$(PKG_CONFIG_PATH="$tmp/pc" pkg-config --cflags --libs jianbao)
# shellcheck disable=SC2086
cc -std=c11 -o "$tmp/use" "$tmp/use.c" $flags -Wl,-rpath,"$libdir"
n=$("$tmp/use" "$src/samples/2026-03-27-no9.md")
[ "$n" = 8 ] || { echo "FAIL: the installed library read $n articles, wanted 8"; exit 1; }
echo "installed program, library, headers, jianbao.pc and man page work"
