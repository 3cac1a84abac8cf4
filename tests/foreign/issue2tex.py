#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a jianbao issue (jianbao-issue/1 JSON) as a XeLaTeX (ctex) bulletin, and build it.

The document follows the same GB/T 9704 layout jianbao's typesetter uses: A4, a 156 x 225 mm
text block 37 mm from the top and 28 mm from the left, 3号 (16 pt) body on a 22-line grid,
red masthead and rule, 2号 centred titles, the 版记 at the foot of the last page between
rules, page numbers `— n —` outside the block (odd right, even left). It serves two users:
the extractor's foreign-PDF tests and the typesetting benchmark (jianbao vs XeLaTeX).

Usage:
    issue2tex.py IN.json OUT.tex               write the LaTeX source only
    issue2tex.py --pdf IN.json OUT.pdf         write and build (xelatex in a temp dir)
    options: --cjk-font NAME (default AR PL SungtiL GB)  --latin-font NAME
             --title-font NAME  --xelatex PATH  --keep-tex FILE
Exit status: 0 done, 1 xelatex failed (log tail printed), 2 bad input, 77 no xelatex.
Standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulletin_text import cn_date, issue_line  # noqa: E402

BODY_PT = 16                  # 3号
PITCH_PT = 225 / 22 * 72 / 25.4   # 22 lines fill the 225 mm block: ~28.98 pt
TITLE_PT = 22                 # 2号
DIST_PT = 14                  # 4号
MAST_PT = 36                  # 小初, shrunk to fit the block's width when the line is long

_SPECIALS = {
    '\\': r'\textbackslash{}', '#': r'\#', '$': r'\$', '%': r'\%', '&': r'\&',
    '_': r'\_', '{': r'\{', '}': r'\}', '~': r'\textasciitilde{}',
    '^': r'\textasciicircum{}',
}


def tex_escape(s):
    """Escape LaTeX specials so any printed text comes out as itself."""
    return ''.join(_SPECIALS.get(ch, ch) for ch in s)


def preamble(a):
    return r'''\documentclass[a4paper,fontset=none]{ctexart}
%% ctexart's zihao option only knows -4 and 5: the 3号 body is set below.
\usepackage[a4paper,top=37mm,left=28mm,textwidth=156mm,textheight=225mm,
  headheight=0pt,headsep=0pt,footskip=12mm]{geometry}
\usepackage{xcolor}
\usepackage{fancyhdr}
\usepackage{enumitem}
%% No TeX input ligatures: printed text such as -- or '' must come out as typed.
\defaultfontfeatures{Ligatures=TeXOff}
\setCJKmainfont[AutoFakeBold=2]{%(cjk)s}
\newCJKfontfamily\jbtitlefont[AutoFakeBold=2.5]{%(title)s}
\setmainfont[Ligatures=TeXOff]{%(latin)s}
\definecolor{jbred}{RGB}{230,0,18}
\pagestyle{fancy}
\fancyhf{}
\renewcommand\headrulewidth{0pt}
%% GB/T 9704: 4号 numbers as — n —, odd pages right, even pages left, one character in.
\newcommand\jbpagenum{{\fontsize{%(dist)dpt}{%(dist)dpt}\selectfont —\,\thepage\,—}}
\fancyfoot[R]{\ifodd\value{page}\jbpagenum\hspace*{1em}\fi}
\fancyfoot[L]{\ifodd\value{page}\else\hspace*{1em}\jbpagenum\fi}
\setlength\parskip{0pt}
\raggedbottom
\newcommand\jbbody{\fontsize{%(body)dpt}{%(pitch).2fpt}\selectfont}
\newcommand\jbdist{\fontsize{%(dist)dpt}{%(distpitch).2fpt}\selectfont}
\newenvironment{jbtitle}{\par\vspace{0.5\baselineskip}\begin{center}\jbtitlefont\bfseries
  \fontsize{%(tsize)dpt}{%(tpitch).2fpt}\selectfont}{\end{center}\vspace{-0.3\baselineskip}}
''' % {'cjk': a.cjk_font, 'title': a.title_font, 'latin': a.latin_font, 'body': BODY_PT,
       'pitch': PITCH_PT, 'dist': DIST_PT, 'distpitch': DIST_PT * 1.5, 'tsize': TITLE_PT,
       'tpitch': TITLE_PT * 1.4}


def masthead_size(line):
    width_pt = 156 * 72 / 25.4
    return min(MAST_PT, int(width_pt / max(len(line), 1) * 0.95))


def front(doc):
    out = []
    mast = [m for m in doc.get('masthead') or [] if m]
    if mast:
        out.append(r'\begin{center}\color{jbred}\jbtitlefont\bfseries')
        for line in mast:
            size = masthead_size(line)
            out.append(r'{\fontsize{%d}{%d}\selectfont %s\par}' % (size, size * 1.3,
                                                                   tex_escape(line)))
        out.append(r'\end{center}')
    il = issue_line(doc.get('issue'))
    if il:
        out.append(r'\begin{center}%s\end{center}\vspace{-0.5\baselineskip}' % tex_escape(il))
    editor = doc.get('editor') or ''
    date = cn_date(doc.get('date')) or ''
    if editor or date:
        out.append(r'\noindent\hspace*{1em}%s\hfill %s\hspace*{1em}\par'
                   % (tex_escape(editor), tex_escape(date)))
        out.append(r'\vspace{2mm}\noindent{\color{jbred}\rule{\textwidth}{1mm}}\par')
        out.append(r'\vspace{0.5\baselineskip}')
    return out


def articles(doc):
    out = []
    for art in doc.get('articles') or []:
        title = [t for t in art.get('title') or [] if t]
        if title:
            out.append(r'\begin{jbtitle}')
            out.extend(tex_escape(t) + r'\par' for t in title)
            out.append(r'\end{jbtitle}' + '\n')
        for p in art.get('paragraphs') or []:
            out.append(r'\par\indent ' + tex_escape(p) + '\n')
    briefs = [b for b in doc.get('briefs') or [] if b]
    if briefs:
        out.append(r'\begin{jbtitle}简讯\par\end{jbtitle}' + '\n')
        out.append(r'\begin{enumerate}[label=\arabic*.,wide=2em,labelsep=0.25em,nosep]')
        out.extend(r'\item ' + tex_escape(b) for b in briefs)
        out.append(r'\end{enumerate}')
    return out


def distribution(doc):
    """The 版记 at the foot of the last page: each label's recipients run on after the
    colon and wrap aligned under the first recipient; 0.35 mm outer, 0.25 mm inner rules."""
    blocks = [b for b in doc.get('distribution') or [] if isinstance(b, dict)]
    if not blocks:
        return []
    out = [r'\par\vfill', r'\begingroup\jbdist\setlength\parindent{0pt}',
           r'\noindent\rule{\textwidth}{0.35mm}\par']
    for k, blk in enumerate(blocks):
        label = blk.get('label') or ''
        recips = [r for r in blk.get('recipients') or [] if r]
        hang = len(label) + 2       # one character in, then the label and its colon
        if k:
            out.append(r'\noindent\rule{\textwidth}{0.25mm}\par')
        out.append(r'\hangindent=%d\ccwd\hangafter=1\noindent\hspace*{1\ccwd}%s：%s'
                   r'\hspace*{1\ccwd}\par' % (hang, tex_escape(label),
                                             tex_escape('，'.join(recips))))
    out.append(r'\noindent\rule{\textwidth}{0.35mm}\par\endgroup')
    return out


def render(doc, a):
    body = front(doc) + articles(doc) + distribution(doc)
    return (preamble(a) + '\\begin{document}\n\\jbbody\n' + '\n'.join(body)
            + '\n\\end{document}\n')


def build_pdf(tex, out_pdf, xelatex, keep_tex=None):
    """Run xelatex in a private temp dir (twice not needed: no references) and move the
    PDF into place atomically."""
    with tempfile.TemporaryDirectory(prefix='jb-tex-') as tmp:
        src = os.path.join(tmp, 'issue.tex')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(tex)
        if keep_tex:
            shutil.copyfile(src, keep_tex)
        r = subprocess.run([xelatex, '-interaction=nonstopmode', '-halt-on-error', 'issue.tex'],
                           cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
        pdf = os.path.join(tmp, 'issue.pdf')
        if r.returncode != 0 or not os.path.exists(pdf):
            log = r.stdout.decode('utf-8', 'replace').splitlines()
            sys.stderr.write('xelatex failed for %s:\n%s\n' % (out_pdf, '\n'.join(log[-25:])))
            return 1
        dest_dir = os.path.dirname(os.path.abspath(out_pdf))
        fd, part = tempfile.mkstemp(dir=dest_dir, prefix='.tmp-', suffix='.pdf')
        os.close(fd)
        shutil.copyfile(pdf, part)
        os.replace(part, out_pdf)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('input')
    ap.add_argument('output')
    ap.add_argument('--pdf', action='store_true', help='build OUTPUT as a PDF with xelatex')
    ap.add_argument('--cjk-font', default='AR PL SungtiL GB')
    ap.add_argument('--title-font', default='AR PL SungtiL GB')
    ap.add_argument('--latin-font', default='Liberation Serif')
    ap.add_argument('--xelatex', default='xelatex')
    ap.add_argument('--keep-tex')
    a = ap.parse_args(argv[1:])
    try:
        with open(a.input, encoding='utf-8') as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write('%s: %s\n' % (a.input, e))
        return 2
    if not isinstance(doc, dict) or doc.get('format') != 'jianbao-issue/1':
        sys.stderr.write('%s: not a jianbao-issue/1 document\n' % a.input)
        return 2
    tex = render(doc, a)
    if not a.pdf:
        dest_dir = os.path.dirname(os.path.abspath(a.output))
        fd, part = tempfile.mkstemp(dir=dest_dir, prefix='.tmp-', suffix='.tex')
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(tex)
        os.replace(part, a.output)
        return 0
    xelatex = shutil.which(a.xelatex)
    if not xelatex:
        sys.stderr.write('SKIP: %s not found (install texlive-xetex texlive-lang-chinese)\n'
                         % a.xelatex)
        return 77
    return build_pdf(tex, a.output, xelatex, a.keep_tex)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
