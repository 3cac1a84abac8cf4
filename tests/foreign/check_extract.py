#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Acceptance check of `jianbao extract` on one foreign PDF.

Runs `$JB_CLI extract PDF -o OUT`, scores OUT against the ground truth with
tests/tools/score.py, prints the score line and the first differences (which metadata
field, title, paragraph, brief or recipient missed, and where a paragraph first differs),
and fails unless: meta = 1.00, title = 1.00, para_f1 >= 0.98, cer <= 0.002,
briefs = 1.00, dist = 1.00.

Usage: check_extract.py --gt GT.json --pdf IN.pdf --out OUT.json [--needs soffice|xelatex]
Exit status: 0 pass, 1 fail, 77 skipped (the PDF could not be made: its tool is missing).
Standard library only.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True      # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'tools'))
import score  # noqa: E402

THRESHOLDS = (  # (metric, comparison, bound)
    ('meta', '>=', 1.0), ('title', '>=', 1.0), ('para_f1', '>=', 0.98),
    ('cer', '<=', 0.002), ('briefs', '>=', 1.0), ('dist', '>=', 1.0))
SHOW = 5                    # differences listed per kind


def clip(s, n=60):
    return s if len(s) <= n else s[:n] + '…'


def first_difference(a, b):
    """Index of the first differing character of two strings."""
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def closest(p, candidates):
    """The candidate sharing the longest common prefix with p (cheap and telling)."""
    best, best_len = None, -1
    for c in candidates:
        k = first_difference(p, c)
        if k > best_len:
            best, best_len = c, k
    return best, best_len


def unmatched(gt, out):
    pool = {}
    for x in out:
        pool[x] = pool.get(x, 0) + 1
    miss = []
    for x in gt:
        if pool.get(x, 0) > 0:
            pool[x] -= 1
        else:
            miss.append(x)
    extra = [x for x, n in pool.items() for _ in range(n)]
    return miss, extra


def report_paragraphs(g, o):
    miss, extra = unmatched(g['paras'], o['paras'])
    if not miss and not extra:
        return
    print('paragraphs (normalised): %d of %d ground-truth paragraphs not found; %d extracted extra'
          % (len(miss), len(g['paras']), len(extra)))
    for p in miss[:SHOW]:
        idx = g['paras'].index(p) + 1
        c, k = closest(p, extra)
        if c is not None and k >= 4:
            print('  GT para #%d differs at char %d:\n    GT : …%s\n    OUT: …%s'
                  % (idx, k, clip(p[max(0, k - 15):], 50), clip(c[max(0, k - 15):], 50)))
        else:
            print('  GT para #%d missing: %s' % (idx, clip(p)))
    for p in extra[:SHOW]:
        if closest(p, miss)[1] < 4:
            print('  extra OUT para: %s' % clip(p))


def report(g, o):
    for k in score.META_FIELDS:
        if g['meta'][k] != o['meta'][k]:
            print('meta %-8s GT %r  OUT %r' % (k, g['meta'][k], o['meta'][k]))
    miss, extra = unmatched(g['titles'], o['titles'])
    for t in miss[:SHOW]:
        print('title missing: %s' % clip(t))
    for t in extra[:SHOW]:
        print('title extra  : %s' % clip(t))
    if not miss and not extra and g['titles'] != o['titles']:
        print('titles out of order')
    report_paragraphs(g, o)
    miss, extra = unmatched(g['briefs'], o['briefs'])
    for b in miss[:SHOW]:
        print('brief missing: %s' % clip(b))
    for b in extra[:SHOW]:
        print('brief extra  : %s' % clip(b))
    miss, extra = unmatched(g['dist'], o['dist'])
    for lab, r in miss[:SHOW]:
        print('distribution missing: %s：%s' % (lab, r))
    for lab, r in extra[:SHOW]:
        print('distribution extra  : %s：%s' % (lab, r))


def failed_thresholds(m):
    bad = []
    for key, op, bound in THRESHOLDS:
        ok = m[key] >= bound - 1e-9 if op == '>=' else m[key] <= bound + 1e-9
        if not ok:
            bad.append('%s=%.3f (needs %s %.3g)' % (key, m[key], op, bound))
    return bad


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--gt', required=True)
    ap.add_argument('--pdf', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--needs', help='tool that makes this PDF (skip if it is missing)')
    a = ap.parse_args(argv[1:])
    if not os.path.exists(a.pdf):
        if a.needs and not shutil.which(a.needs):
            print('SKIP: %s is not installed, so %s was not made' % (a.needs, a.pdf))
            return 77
        print('FAIL: %s does not exist (did foreign.generate run and pass?)' % a.pdf)
        return 1
    gt_doc = score.load(a.gt)
    if gt_doc is None:
        print('FAIL: unreadable ground truth %s' % a.gt)
        return 1
    cli = os.environ.get('JB_CLI')
    if not cli:
        print('FAIL: JB_CLI is not set')
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    if os.path.exists(a.out):
        os.unlink(a.out)
    cmd = [cli, 'extract', a.pdf, '-o', a.out]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        print('FAIL: %s timed out after 120 s' % ' '.join(cmd))
        return 1
    err = r.stderr.decode('utf-8', 'replace').strip()
    if r.returncode != 0:
        print('FAIL: %s exited %d\n%s' % (' '.join(cmd), r.returncode, err[-2000:]))
        return 1
    if err:
        print('extract stderr: %s' % err[-1000:])
    out_doc = score.load(a.out)
    c = score.counts(gt_doc, out_doc)
    m = score.metrics(c)
    print('%s %s' % (os.path.basename(a.pdf), score.fmt(m)))
    if out_doc is None:
        print('FAIL: %s is missing or not a JSON object' % a.out)
        return 1
    report(score.extract(gt_doc), score.extract(out_doc))
    bad = failed_thresholds(m)
    if bad:
        print('FAIL: ' + '; '.join(bad))
        return 1
    print('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
