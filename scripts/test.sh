#!/bin/sh
# SPDX-License-Identifier: MIT
# The README's second command: the whole test suite, as CI runs it. Installs what the
# tests need, checks formatting, builds with -Werror and runs ctest, then builds again with
# AddressSanitizer + UndefinedBehaviorSanitizer (leaks fail) and runs ctest once more.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh test
jobs=$(nproc)

echo "== clang-format check"
git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror

echo "== build (-Werror) and test"
cmake -S . -B build-test -DJB_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$jobs"
ctest --test-dir build-test -j"$jobs" --output-on-failure

echo "== build with ASan+UBSan and test"
cmake -S . -B build-asan -DJB_WERROR=ON -DJB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan -j"$jobs" --output-on-failure -LE no-sanitize
