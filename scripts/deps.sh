#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages jianbao needs, and only those still missing, so that
# running it again costs a second. `deps.sh build` is what building and typesetting need;
# `deps.sh test` adds what the test suite drives (LibreOffice, XeLaTeX, MuPDF, qpdf, …).
set -eu

build_pkgs="cmake gcc make pkg-config libglib2.0-dev libjson-glib-dev libcmark-dev
 libpoppler-glib-dev libhpdf-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libdeflate-dev
 libisal-dev
 fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-arphic-uming fonts-arphic-ukai
 fonts-wqy-zenhei fonts-liberation icc-profiles-free poppler-utils"
test_pkgs="python3 clang-format qpdf mupdf-tools ghostscript fonts-noto-cjk
 texlive-xetex texlive-lang-chinese lmodern libreoffice-writer-nogui hyperfine time
 fonts-hanazono"

want=$build_pkgs
[ "${1:-build}" = test ] && want="$build_pkgs $test_pkgs"

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "jianbao: installing missing Debian packages:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
