#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""extract.cli: 'jianbao extract' output formats, -o file or directory, --overlay and
several inputs at once, on a bulletin drawn by the test helper.

Usage: cli_extract.py TEST-EXTRACT-PDF    (needs $JB_CLI)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

CLI = os.environ.get('JB_CLI')


def run(*args):
    r = subprocess.run([CLI, 'extract', *args], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError('%r: exit %d: %s' % (args, r.returncode, r.stderr))
    return r.stdout


def main():
    if not CLI or not os.path.exists(CLI):
        print('SKIP: JB_CLI not set')
        return 77
    work = tempfile.mkdtemp(prefix='jb-extract-cli-')
    try:
        a = os.path.join(work, 'a.pdf')
        subprocess.run([sys.argv[1], '--write', a], check=True)
        b = os.path.join(work, 'b.pdf')
        shutil.copy(a, b)
        issue = json.loads(run(a))
        assert issue['format'] == 'jianbao-issue/1', issue.get('format')
        assert issue['date'] == '2026-03-27', issue['date']
        assert issue['articles'][0]['title'] == ['上海市邮政管理局召开', '2024年党风廉政建设工作电视电话会议']
        md = os.path.join(work, 'a.md')
        run(a, '-o', md)
        text = open(md, encoding='utf-8').read()
        assert '# 上海市邮政管理局召开' in text, text[:300]
        out = run(a, '--format', 'text')
        assert '上海市邮政管理局召开\n' in out and '报：' in out, out[:300]
        overlay = os.path.join(work, 'overlay')
        run(a, '--overlay', overlay, '-o', os.path.join(work, 'x.json'))
        pngs = sorted(os.listdir(overlay))
        assert pngs == ['a-p1.png', 'a-p2.png'], pngs
        assert open(os.path.join(overlay, pngs[0]), 'rb').read(8) == b'\x89PNG\r\n\x1a\n'
        outdir = os.path.join(work, 'out')
        run(a, b, '-o', outdir)
        assert sorted(os.listdir(outdir)) == ['a.json', 'b.json'], os.listdir(outdir)
        one = json.loads(run(a, '--pages', '1'))
        assert one['masthead'] == ['上海市邮政快递行业', '党建、文明创建工作简报'], one['masthead']
        print('ok')
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
