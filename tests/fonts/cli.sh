#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end tests of 'jianbao fonts': run as "cli.sh CASE" by ctest (tests/fonts/CMakeLists.txt),
# with JB_CLI and JB_SOURCE_DIR from the test environment. Exit 77 means skipped.
set -u
case_name=$1
data="$JB_SOURCE_DIR/tests/fonts/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# keep the user's own fonts.conf out of the tests
XDG_CONFIG_HOME="$tmp/config"
export XDG_CONFIG_HOME

fail() {
  echo "FAIL: $*"
  echo "--- stdout"; cat "$tmp/out"
  echo "--- stderr"; cat "$tmp/err"
  exit 1
}

run() {
  "$JB_CLI" fonts "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
}

expect_out() {
  grep -q -- "$1" "$tmp/out" || fail "stdout lacks '$1'"
}

expect_err() {
  grep -q -- "$1" "$tmp/err" || fail "stderr lacks '$1'"
}

case $case_name in
roles)
  run
  [ $status -eq 0 ] || fail "exit status $status"
  for role in masthead title body heading-1 heading-2 latin page-number; do
    grep -q "^$role " "$tmp/out" || fail "role $role not listed"
  done
  # each role line names a TrueType file with its face index
  [ "$(grep -c '^[a-z][a-z0-9-]* .*\.tt[fc]:[0-9]' "$tmp/out")" -eq 7 ] || fail "7 role lines with file:index"
  expect_out "^body  *AR PL SungtiL GB  *substitute"
  expect_out "^title .*(synthetic bold)"
  expect_out "official font not installed"
  ;;
override)
  run --font "body=AR PL UMing CN" --font "latin=WenQuanYi Zen Hei"
  [ $status -eq 0 ] || fail "exit status $status"
  expect_out "^body  *AR PL UMing CN  *override"
  expect_out "^latin  *WenQuanYi Zen Hei  *override"
  ;;
bad-font)
  run --font "body=No Such Family Xyzzy"
  [ $status -eq 2 ] || fail "exit status $status, wanted 2"
  expect_err "No Such Family Xyzzy"
  run --font "footer=AR PL UMing CN"
  [ $status -eq 2 ] || fail "exit status $status, wanted 2"
  expect_err "footer"
  if fc-list : family | grep -q "Noto Serif CJK SC"; then
    run --font "title=Noto Serif CJK SC"
    [ $status -eq 2 ] || fail "exit status $status, wanted 2"
    expect_err "CFF"
  fi
  ;;
config)
  printf '[fonts]\nheading-1 = AR PL UMing CN\n' >"$tmp/good.conf"
  run --font-config "$tmp/good.conf"
  [ $status -eq 0 ] || fail "exit status $status"
  expect_out "^heading-1  *AR PL UMing CN  *override"
  printf '[fonts]\nbody=AR PL UMing CN\n\nthis line is wrong\n' >"$tmp/bad.conf"
  run --font-config "$tmp/bad.conf"
  [ $status -eq 2 ] || fail "exit status $status, wanted 2"
  expect_err "bad.conf:4:"
  ;;
fallback)
  # 丂 U+4E02 is not in AR PL SungtiL GB (body) but is in AR PL UMing CN, the next font
  run "$data/rare.md"
  [ $status -eq 0 ] || fail "exit status $status"
  expect_out "U+4E02 丂  body  *→ AR PL UMing CN"
  expect_out "article 1, paragraph 1, offset 9"
  expect_out "by no installed font"
  ! grep -q "U+0041" "$tmp/out" || fail "A is drawn by latin's first font, not a fallback"
  ;;
missing)
  if fc-list ':charset=f0000' file | grep -q .; then
    echo "SKIP: an installed font covers U+F0000"
    exit 77
  fi
  run "$data/missing.md"
  [ $status -eq 2 ] || fail "exit status $status, wanted 2"
  expect_out "U+F0000 󰀀  body  *→ NO FONT  at article 1, paragraph 2, offset 7"
  expect_err "missing.md: 1 character no installed font can draw; first U+F0000 at article 1, paragraph 2, offset 7"
  ;;
bad-issue)
  run "$tmp/nonexistent.md"
  [ $status -eq 1 ] || [ $status -eq 2 ] || fail "exit status $status"
  expect_err "nonexistent.md"
  ;;
cache)
  # the font cache changes nothing that 'jianbao fonts' prints, cold or warm, with an issue
  XDG_CACHE_HOME="$tmp/cache"
  export XDG_CACHE_HOME
  cache="$tmp/cache/jianbao/fonts.cache"
  for args in "" "$data/rare.md"; do
    JIANBAO_FONT_CACHE=0 "$JB_CLI" fonts $args >"$tmp/plain" 2>"$tmp/err" || fail "plain run: exit $?"
    [ ! -e "$cache" ] || fail "JIANBAO_FONT_CACHE=0 wrote $cache"
    for run_name in cold warm; do
      run $args
      [ $status -eq 0 ] || fail "$run_name run: exit status $status"
      [ -s "$cache" ] || fail "$run_name run left no cache file"
      cmp -s "$tmp/plain" "$tmp/out" || { diff "$tmp/plain" "$tmp/out"; fail "$run_name run differs"; }
    done
    head -n 1 "$cache" | grep -q "^jianbao-font-cache	1$" || fail "cache file header"
    rm -rf "$tmp/cache"
  done
  # a cache that cannot be written is no error
  printf 'x\n' >"$tmp/file"
  XDG_CACHE_HOME="$tmp/file/sub" run
  [ $status -eq 0 ] || fail "unwritable cache: exit status $status"
  ! grep -q "jianbao\|cache" "$tmp/err" || fail "unwritable cache: a message on stderr"
  ;;
stale-cache)
  # 'jianbao typeset' trusts the font cache first and confirms it during layout: a font
  # installed since the cache was written must still be used. Under a private fontconfig
  # whose folder holds AR PL UMing, the body role is UMing; once AR PL SungtiL GB (first in
  # the body chain) appears there, the cached answer "SungtiL not installed" is stale.
  uming=/usr/share/fonts/truetype/arphic/uming.ttc
  sungti=/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf
  zenhei=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
  kai=/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf
  serif=/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf
  for f in $uming $sungti $zenhei $kai $serif; do [ -e "$f" ] || exit 77; done
  mkdir -p "$tmp/fonts" "$tmp/etc"
  ln -s $uming "$tmp/fonts/uming.ttc"
  cat >"$tmp/etc/fonts.conf" <<EOF
<?xml version="1.0"?>
<fontconfig><dir>$tmp/fonts</dir><cachedir>$tmp/fccache</cachedir></fontconfig>
EOF
  FONTCONFIG_FILE="$tmp/etc/fonts.conf" XDG_CACHE_HOME="$tmp/cache"
  export FONTCONFIG_FILE XDG_CACHE_HOME
  issue="$JB_SOURCE_DIR/samples/2026-03-27-no9.md"
  typeset() {
    "$JB_CLI" typeset --font masthead=$zenhei --font title=$zenhei --font heading-1=$zenhei \
      --font heading-2=$kai --font latin=$serif --font page-number=$serif \
      "$issue" -o "$tmp/$1.pdf" >"$tmp/out" 2>"$tmp/err" || fail "typeset $1: exit $?"
    pdffonts "$tmp/$1.pdf" | awk 'NR > 2 {sub(/^[A-Z]+\+/, "", $1); print $1}' | sort >"$tmp/$1.fonts"
  }
  typeset cold
  [ -s "$tmp/cache/jianbao/fonts.cache" ] || fail "no cache file written"
  grep -q "UMing" "$tmp/cold.fonts" || { cat "$tmp/cold.fonts"; fail "body is not UMing"; }
  ln -s $sungti "$tmp/fonts/gbsn00lp.ttf"
  typeset stale
  JIANBAO_FONT_CACHE=0 typeset plain
  grep -q "^BousungEG" "$tmp/plain.fonts" || { cat "$tmp/plain.fonts"; fail "body is not SungtiL"; }
  cmp -s "$tmp/plain.fonts" "$tmp/stale.fonts" || {
    diff "$tmp/plain.fonts" "$tmp/stale.fonts"; fail "the stale cache's answer was used"; }
  typeset warm
  cmp -s "$tmp/plain.fonts" "$tmp/warm.fonts" || fail "the rewritten cache differs"
  ;;
*)
  echo "unknown case $case_name"
  exit 1
  ;;
esac
echo "ok: $case_name"
