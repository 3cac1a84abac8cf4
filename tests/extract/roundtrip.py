#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""extract.roundtrip: for every sample, extract(typeset(issue)) equals the issue exactly.

Also for the made-up issues in tests/extract/data/ (long and Latin titles: typeset wraps
them and marks each wrap with an invisible U+00AD; extract must join exactly there).

Each samples/NAME.json is typeset with `$JB_CLI typeset`, extracted again with
`$JB_CLI extract`, and the two JSON documents are compared as data. Skips (77) while
`jianbao typeset --help` does not work. Prints the first difference of each failing
sample. Standard library only.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

CLI = os.environ.get('JB_CLI')
SRC = os.environ.get('JB_SOURCE_DIR', os.path.join(os.path.dirname(__file__), '..', '..'))


def first_difference(a, b, path='$'):
    if type(a) is not type(b):
        return '%s: %r ≠ %r' % (path, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return '%s.%s: only in %s' % (path, k, 'expected' if k in a else 'extracted')
            d = first_difference(a[k], b[k], '%s.%s' % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, '%s[%d]' % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return '%s: %d items expected, %d extracted' % (path, len(a), len(b))
        return None
    return None if a == b else '%s:\n    expected  %r\n    extracted %r' % (path, a, b)


def has_font_for(code):
    if shutil.which('fc-list') is None:
        return False
    r = subprocess.run(['fc-list', ':charset=%x' % code, 'file'], capture_output=True, text=True)
    return bool(r.stdout.strip())


def main():
    if not CLI or subprocess.run([CLI, 'typeset', '--help'], capture_output=True).returncode != 0:
        print('SKIP: jianbao typeset is not available yet')
        return 77
    samples = sorted(glob.glob(os.path.join(SRC, 'samples', '*.json')))
    if not samples:
        print('SKIP: no samples/*.json')
        return 77
    # Made-up issues for what the samples lack (a 60-character title line, Latin titles).
    samples += sorted(glob.glob(os.path.join(SRC, 'tests', 'extract', 'data', '*.json')))
    # beyond-bmp.json holds CJK Ext B characters (U+20000 …), which only a font such as
    # fonts-hanazono's HanaMin covers; typeset draws them as outlines in ActualText spans.
    if not has_font_for(0x20000):
        print('beyond-bmp           skipped: no installed font has U+20000 (fonts-hanazono)')
        samples = [s for s in samples if os.path.basename(s) != 'beyond-bmp.json']
    work = tempfile.mkdtemp(prefix='jb-roundtrip-')
    failed = []
    try:
        for sample in samples:
            name = os.path.splitext(os.path.basename(sample))[0]
            pdf = os.path.join(work, name + '.pdf')
            out = os.path.join(work, name + '.json')
            r = subprocess.run([CLI, 'typeset', sample, '-o', pdf], capture_output=True, text=True)
            if r.returncode != 0:
                print('%s: typeset failed: %s' % (name, r.stderr.strip()))
                failed.append(name)
                continue
            r = subprocess.run([CLI, 'extract', pdf, '-o', out], capture_output=True, text=True)
            if r.returncode != 0:
                print('%s: extract failed: %s' % (name, r.stderr.strip()))
                failed.append(name)
                continue
            with open(sample, encoding='utf-8') as f:
                expected = json.load(f)
            with open(out, encoding='utf-8') as f:
                got = json.load(f)
            d = first_difference(expected, got)
            print('%-20s %s' % (name, 'ok' if d is None else 'DIFFERS at ' + d))
            if d is not None:
                failed.append(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
