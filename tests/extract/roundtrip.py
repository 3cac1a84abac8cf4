#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""extract.roundtrip: for every sample, extract(typeset(issue)) equals the issue exactly.

Also for the made-up issues in tests/extract/data/ (long and Latin titles: typeset wraps
them and marks each wrap with an invisible U+00AD; extract must join exactly there).

And for issues made here at test time, which repeat themselves the way a long document
does: 300 articles of one short paragraph each, and one paragraph of 30,000 characters
whose lines are all alike (body lines at a page's top or bottom must never be taken for
running heads).

Each issue is typeset with `$JB_CLI typeset`, extracted again with `$JB_CLI extract`,
and the two JSON documents are compared as data. Prints the first difference of each
failing issue. A case that cannot run (no font for beyond-bmp.json) makes the test exit
77 (skip) when nothing else failed. Standard library only.
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
    if a == b:
        return None
    if isinstance(a, str) and isinstance(b, str) and max(len(a), len(b)) > 160:
        # Long paragraphs: show where they part, not all of both.
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return '%s: %d vs %d characters, first difference at %d:\n    expected  …%r\n' \
               '    extracted …%r' % (path, len(a), len(b), k, a[k:k + 40], b[k:k + 40])
    return '%s:\n    expected  %r\n    extracted %r' % (path, a, b)


def has_font_for(code):
    if shutil.which('fc-list') is None:
        return False
    r = subprocess.run(['fc-list', ':charset=%x' % code, 'file'], capture_output=True, text=True)
    return bool(r.stdout.strip())


HEAD = {'format': 'jianbao-issue/1', 'masthead': ['上海市邮政快递行业', '党建、文明创建工作简报'],
        'issue': {'year': 2026, 'number': 9, 'total': 544},
        'editor': '上海市邮政管理局党建办、文明办编', 'date': '2026-03-27', 'briefs': [],
        'distribution': [{'label': '报', 'recipients': ['国家邮政局']}]}


def made_issues(work):
    """Writes the generated issues into @work; returns their paths."""
    # Bug: each page's first and last short paragraph (same words but the number) were
    # taken for a running head: articles lost their text and titles merged.
    many = dict(HEAD, articles=[{'title': ['第%d篇简短的文章标题' % i],
                                 'paragraphs': ['第%d篇的内容是一段很短的文字。' % i]}
                                for i in range(1, 301)])
    # Bug: a long paragraph whose lines repeat (28 characters = one full line) lost the
    # lines at each page's top and bottom as "running heads".
    chunk = '上海市邮政管理局召开党风廉政建设工作电视电话会议深入学习'
    assert len(chunk) == 28
    text = (chunk * (30000 // 28 + 1))[:29999] + '。'
    long = dict(HEAD, articles=[{'title': ['一篇很长的文章'], 'paragraphs': [text]}])
    paths = []
    for name, issue in (('made-300-articles', many), ('made-long-paragraph', long)):
        path = os.path.join(work, name + '.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(issue, f, ensure_ascii=False, indent=1)
        paths.append(path)
    return paths


def main():
    if not CLI or not os.path.exists(CLI):
        print('SKIP: JB_CLI not set')
        return 77
    samples = sorted(glob.glob(os.path.join(SRC, 'samples', '*.json')))
    if not samples:
        print('FAIL: no samples/*.json under %s' % SRC)
        return 1
    # Made-up issues for what the samples lack (a 60-character title line, Latin titles).
    samples += sorted(glob.glob(os.path.join(SRC, 'tests', 'extract', 'data', '*.json')))
    # beyond-bmp.json holds CJK Ext B characters (U+20000 …), which only a font such as
    # fonts-hanazono's HanaMin covers; typeset draws them as outlines in ActualText spans.
    skipped = []
    if not has_font_for(0x20000):
        print('beyond-bmp           SKIP: no installed font has U+20000 (fonts-hanazono)')
        samples = [s for s in samples if os.path.basename(s) != 'beyond-bmp.json']
        skipped.append('beyond-bmp')
    work = tempfile.mkdtemp(prefix='jb-roundtrip-')
    failed = []
    try:
        made = os.path.join(work, 'made')
        os.mkdir(made)
        samples += made_issues(made)
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
    if failed:
        print('FAILED:', ', '.join(failed))
        return 1
    return 77 if skipped else 0


if __name__ == '__main__':
    sys.exit(main())
