#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the foreign bulletin PDFs (LibreOffice and XeLaTeX) from the samples, once per
build directory, and list or score them.

The plan (which sample gets which variant) lives here only: CMake reads it with `plan` at
configure time to declare one ctest test per PDF, and `build` makes exactly those PDFs.
Ground truth per sample, in order of preference: samples/NAME.json, `$JB_CLI convert
samples/NAME.md`, tests/tools/md2json.py. The ground truth used is written to OUT/gt/ and
the PDFs are scored against that same file, so the two can never disagree.

Usage:
    build_foreign.py plan  --samples DIR
    build_foreign.py build --samples DIR --out DIR [--cli JIANBAO] [--copy-to DIR] [--force]
    build_foreign.py score --out DIR --cli JIANBAO        extract + score every PDF (dev aid)
Exit status of build: 0 (some PDFs may be skipped for a missing tool: said on stderr),
77 when neither soffice nor xelatex is installed, 1 on a failed conversion.
Standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(os.path.dirname(HERE), 'tools')
sys.dont_write_bytecode = True      # leave no __pycache__ in the source tree
sys.path.insert(0, HERE)
import issue2fodt  # noqa: E402  (same folder)

LO_PER_SAMPLE = 2           # LibreOffice .fodt variants per sample; plus one .docx (also
                            # through LibreOffice) and one XeLaTeX PDF each


def sample_names(samples_dir):
    names = set()
    for f in os.listdir(samples_dir):
        stem, ext = os.path.splitext(f)
        if ext in ('.md', '.json') and stem.upper() != 'README':
            names.add(stem)
    return sorted(names)


def plan(samples_dir):
    """[(test_name, sample, kind, variant)]: kind 'lo' (.fodt variant 1..6), 'docx' or 'tex'.

    Sample i gets variants i+1 and i+4 (mod 6), so five samples cover all six variants."""
    nv = len(issue2fodt.VARIANTS)
    rows = []
    for i, name in enumerate(sample_names(samples_dir)):
        for k in range(LO_PER_SAMPLE):
            v = (i + k * (nv // LO_PER_SAMPLE)) % nv + 1
            rows.append(('lo%d-%s.%s' % (v, issue2fodt.VARIANTS[v]['name'], name), name, 'lo', v))
        rows.append(('docx.%s' % name, name, 'docx', 0))
        rows.append(('tex.%s' % name, name, 'tex', 0))
    return rows


def pdf_name(row):
    return row[0] + '.pdf'


# ---------------------------------------------------------------- ground truth
def valid_issue(path):
    try:
        with open(path, encoding='utf-8') as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and doc.get('format') == 'jianbao-issue/1' else None


def ground_truth(samples_dir, name, cli, tmp):
    """(document, where it came from) for one sample, or (None, reason)."""
    js = os.path.join(samples_dir, name + '.json')
    if os.path.exists(js):
        doc = valid_issue(js)
        return (doc, js) if doc else (None, '%s: not a jianbao-issue/1 document' % js)
    md = os.path.join(samples_dir, name + '.md')
    out = os.path.join(tmp, name + '.json')
    if cli and os.path.exists(cli):
        r = subprocess.run([cli, 'convert', md, '-o', out], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        doc = valid_issue(out) if r.returncode == 0 else None
        if doc:
            return doc, 'jianbao convert %s' % md
    r = subprocess.run([sys.executable, os.path.join(TOOLS, 'md2json.py'), md, out],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    doc = valid_issue(out) if r.returncode == 0 else None
    if doc:
        return doc, 'md2json.py %s' % md
    return None, r.stderr.decode('utf-8', 'replace').strip()


def write_if_changed(path, text):
    try:
        with open(path, encoding='utf-8') as f:
            if f.read() == text:
                return
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.tmp-')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def stale(target, deps):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(d) > t for d in deps)


# ---------------------------------------------------------------- converters
def run_soffice(soffice, fodts, pdf_dir, profile, result):
    """One soffice process converts every stale .fodt/.docx: its start-up is most of the
    cost."""
    if not fodts:
        result['lo'] = 0
        return
    t0 = time.time()
    docxs = [f for f in fodts if f.endswith('.docx')]
    if docxs:
        # LibreOffice 7.4 imports Word's <w:overflowPunct w:val="0"/> as hanging punctuation
        # all the same, and its PDF export then drops the punctuation that hangs past the
        # right margin (the glyph is not in the PDF at all). So the Word files go through
        # LibreOffice's own format first and get hanging punctuation switched off there.
        conv = os.path.join(os.path.dirname(docxs[0]), 'docx-fodt')
        os.makedirs(conv, exist_ok=True)
        subprocess.run([soffice, '-env:UserInstallation=file://' + profile, '--headless',
                        '--norestore', '--convert-to', 'fodt', '--outdir', conv] + docxs,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, timeout=480)
        fodts = [f for f in fodts if not f.endswith('.docx')]
        for d in docxs:
            f = os.path.join(conv, os.path.splitext(os.path.basename(d))[0] + '.fodt')
            if os.path.exists(f):
                with open(f, encoding='utf-8') as fh:
                    text = fh.read()
                with open(f, 'w', encoding='utf-8') as fh:
                    fh.write(text.replace('style:punctuation-wrap="hanging"',
                                          'style:punctuation-wrap="simple"'))
            fodts.append(f)
    cmd = [soffice, '-env:UserInstallation=file://' + profile, '--headless', '--norestore',
           '--convert-to', 'pdf', '--outdir', pdf_dir] + fodts
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=480)
        out = r.stdout.decode('utf-8', 'replace')
        rc = r.returncode
    except subprocess.TimeoutExpired:
        out, rc = 'soffice timed out after 480 s', 1
    missing = [f for f in fodts if not os.path.exists(
        os.path.join(pdf_dir, os.path.splitext(os.path.basename(f))[0] + '.pdf'))]
    if rc != 0 or missing:
        sys.stderr.write('soffice failed (exit %d), missing %s:\n%s\n' % (rc, missing, out))
        result['lo'] = 1
        return
    print('soffice: %d PDFs in %.1f s' % (len(fodts), time.time() - t0), flush=True)
    result['lo'] = 0


def run_xelatex(jobs, result):
    t0 = time.time()
    rc = 0
    for gt, pdf in jobs:
        r = subprocess.run([sys.executable, os.path.join(HERE, 'issue2tex.py'), '--pdf', gt, pdf])
        rc = rc or r.returncode
    if jobs:
        print('xelatex: %d PDFs in %.1f s' % (len(jobs), time.time() - t0), flush=True)
    result['tex'] = rc


def build(a):
    out = os.path.abspath(a.out)
    gt_dir, pdf_dir, work = (os.path.join(out, d) for d in ('gt', 'pdf', 'work'))
    for d in (gt_dir, pdf_dir, work):
        os.makedirs(d, exist_ok=True)
    soffice, xelatex = shutil.which('soffice'), shutil.which('xelatex')
    if not soffice and not xelatex:
        print('SKIP: neither soffice (libreoffice-writer-nogui) nor xelatex (texlive-xetex, '
              'texlive-lang-chinese) is installed: no foreign PDFs')
        return 77
    rows = plan(a.samples)
    with tempfile.TemporaryDirectory(prefix='jb-gt-') as tmp:
        for name in sorted({r[1] for r in rows}):
            doc, src = ground_truth(a.samples, name, a.cli, tmp)
            if doc is None:
                sys.stderr.write('no ground truth for sample %s: %s\n' % (name, src))
                return 1
            print('ground truth %s <- %s' % (name, src))
            write_if_changed(os.path.join(gt_dir, name + '.json'),
                             json.dumps(doc, ensure_ascii=False, indent=2) + '\n')
    fodts, tex_jobs = [], []
    for test, name, kind, v in rows:
        gt = os.path.join(gt_dir, name + '.json')
        pdf = os.path.join(pdf_dir, pdf_name((test, name, kind, v)))
        if kind == 'lo':
            deps = [gt, os.path.join(HERE, 'issue2fodt.py'), os.path.join(HERE, 'bulletin_text.py')]
            if a.force or stale(pdf, deps):
                fodt = os.path.join(work, test + '.fodt')
                r = subprocess.run([sys.executable, os.path.join(HERE, 'issue2fodt.py'),
                                    '--variant', str(v), gt, fodt])
                if r.returncode != 0:
                    return 1
                fodts.append(fodt)
        elif kind == 'docx':
            deps = [gt, os.path.join(HERE, 'issue2docx.py'), os.path.join(HERE, 'bulletin_text.py')]
            if a.force or stale(pdf, deps):
                docx = os.path.join(work, test + '.docx')
                r = subprocess.run([sys.executable, os.path.join(HERE, 'issue2docx.py'),
                                    gt, docx])
                if r.returncode != 0:
                    return 1
                fodts.append(docx)
        else:
            deps = [gt, os.path.join(HERE, 'issue2tex.py'), os.path.join(HERE, 'bulletin_text.py')]
            if a.force or stale(pdf, deps):
                tex_jobs.append((gt, pdf))
    if not soffice and fodts:
        print('SKIP: soffice not installed (libreoffice-writer-nogui): %d LibreOffice PDFs '
              'not built' % len(fodts))
        fodts = []
    if not xelatex and tex_jobs:
        print('SKIP: xelatex not installed (texlive-xetex texlive-lang-chinese): %d XeLaTeX '
              'PDFs not built' % len(tex_jobs))
        tex_jobs = []
    result = {}
    profile = os.path.join(work, 'lo-profile')
    th = threading.Thread(target=run_soffice, args=(soffice, fodts, pdf_dir, profile, result))
    th.start()
    run_xelatex(tex_jobs, result)
    th.join()
    if not fodts and not tex_jobs:
        print('foreign PDFs up to date in %s' % pdf_dir)
    if a.copy_to:
        copy_out(rows, gt_dir, pdf_dir, a.copy_to)
    return 1 if result.get('lo') or result.get('tex') else 0


def copy_atomic(src, dst):
    """Copy via a temp file and rename: other build dirs may copy to the same place."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dst), prefix='.tmp-')
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def copy_out(rows, gt_dir, pdf_dir, dest):
    """A copy outside the build tree for the extract engineer (best effort)."""
    try:
        os.makedirs(os.path.join(dest, 'gt'), exist_ok=True)
        for f in os.listdir(gt_dir):
            copy_atomic(os.path.join(gt_dir, f), os.path.join(dest, 'gt', f))
        n = 0
        for row in rows:
            src = os.path.join(pdf_dir, pdf_name(row))
            if os.path.exists(src):
                copy_atomic(src, os.path.join(dest, pdf_name(row)))
                n += 1
        print('copied %d PDFs and their ground truth to %s' % (n, dest))
    except OSError as e:
        print('note: could not copy to %s: %s' % (dest, e))


# ---------------------------------------------------------------- scoring (dev aid)
def score_all(a):
    sys.path.insert(0, TOOLS)
    import score
    out = os.path.abspath(a.out)
    gt_dir, pdf_dir = os.path.join(out, 'gt'), os.path.join(out, 'pdf')
    res_dir = os.path.join(out, 'extracted')
    os.makedirs(res_dir, exist_ok=True)
    rows = []
    for pdf in sorted(f for f in os.listdir(pdf_dir) if f.endswith('.pdf')):
        test = pdf[:-4]
        name = test.split('.', 1)[1]
        res = os.path.join(res_dir, test + '.json')
        if os.path.exists(res):
            os.unlink(res)
        t0 = time.time()
        subprocess.run([a.cli, 'extract', os.path.join(pdf_dir, pdf), '-o', res],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.time() - t0
        c = score.counts(score.load(os.path.join(gt_dir, name + '.json')), score.load(res))
        rows.append((test, c))
        print('%-40s %s  (%.2f s)' % (test, score.fmt(score.metrics(c)), dt), flush=True)
    if rows:
        print('%-40s %s' % ('TOTAL', score.fmt(score.metrics(score.total_counts(rows)))))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('command', choices=('plan', 'build', 'score'))
    ap.add_argument('--samples')
    ap.add_argument('--out')
    ap.add_argument('--cli', default=os.environ.get('JB_CLI'))
    ap.add_argument('--copy-to')
    ap.add_argument('--force', action='store_true')
    a = ap.parse_args(argv[1:])
    if a.command == 'plan':
        for test, name, kind, v in plan(a.samples):
            print('%s|%s|%s|%d' % (test, name, kind, v))
        return 0
    if a.command == 'build':
        if not a.samples or not a.out:
            ap.error('build needs --samples and --out')
        return build(a)
    if not a.out or not a.cli:
        ap.error('score needs --out and --cli')
    return score_all(a)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
