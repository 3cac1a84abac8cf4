#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Minimal reader of the jianbao Markdown issue format (docs/format.md) -> jianbao-issue/1 JSON.

A stand-in for `jianbao convert` so that the test generators have ground-truth JSON even
while (or where) the C converter is not available. It understands exactly the subset the
samples use: front matter, `#` title lines, paragraphs, `## 简讯` lists, `## 版记` blocks.

Usage: md2json.py IN.md [OUT.json]      (stdout when OUT is omitted)
Standard library only.
"""
import json
import re
import sys
import unicodedata


def _is_cjk(ch):
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x2E80 <= o <= 0x2FDF
            or 0x3000 <= o <= 0x303F or 0xFE30 <= o <= 0xFE4F or 0xFF00 <= o <= 0xFFEF
            or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026, 0x00B7))


def canon(s):
    """NFC, no spaces next to a Chinese character, single spaces between Latin words."""
    s = unicodedata.normalize('NFC', s)
    s = re.sub(r'\\([\\`*_{}\[\]()#+\-.!<>|~])', r'\1', s)
    out = []
    for m in re.finditer(r'\s+|\S+', s):
        out.append(m.group(0))
    res = []
    for i, tok in enumerate(out):
        if tok.isspace():
            before = out[i - 1][-1] if i > 0 else ''
            after = out[i + 1][0] if i + 1 < len(out) else ''
            if not before or not after or _is_cjk(before) or _is_cjk(after):
                continue
            res.append(' ')
        else:
            res.append(tok)
    return ''.join(res).strip()


def join_lines(lines):
    """Join wrapped editor lines: nothing between Chinese characters, one space otherwise."""
    return canon(' '.join(l.strip() for l in lines))


def parse_front(lines, doc):
    key = None
    for line in lines:
        if not line.strip() or line.lstrip().startswith('#'):
            continue
        m = re.match(r'^\s+-\s*(.*)$', line)
        if m and key:
            doc.setdefault(key, []).append(canon(m.group(1)))
            continue
        k, _, v = line.partition(':')
        key, v = k.strip(), v.strip()
        if v == '':
            doc[key] = []
        elif v == '[]':
            doc[key] = []
        elif v == 'null':
            doc[key] = None
        elif re.fullmatch(r'-?\d+', v):
            doc[key] = int(v)
        else:
            doc[key] = canon(v)


def parse_distribution(lines):
    blocks = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        m = re.match(r'^[-*+]\s+(.*)$', s)
        if m and blocks:
            blocks[-1]['recipients'].append(canon(m.group(1)))
            continue
        label, sep, rest = s.partition('：')
        if not sep:
            raise ValueError('版记 line without a label: %r' % s)
        blocks.append({'label': canon(label), 'recipients':
                       [canon(r) for r in re.split('[，,]', rest) if r.strip()]})
    return blocks


def parse(text):
    lines = text.split('\n')
    front = {}
    i = 0
    if lines and lines[0].strip() == '---':
        j = lines.index('---', 1)
        parse_front(lines[1:j], front)
        i = j + 1
    issue = {'year': front.get('year'), 'number': front.get('number'),
             'total': front.get('total')}
    doc = {'format': 'jianbao-issue/1', 'masthead': front.get('masthead', []),
           'issue': issue, 'editor': front.get('editor'), 'date': front.get('date'),
           'articles': [], 'briefs': [], 'distribution': []}
    section = None          # None = articles, 'briefs', 'dist'
    para = []
    dist_lines = []
    prev_title = False

    def flush():
        if not para:
            return
        text_ = join_lines(para)
        para.clear()
        if section == 'briefs':
            doc['briefs'].append(re.sub(r'^\d+[.、．]\s*', '', text_))
        elif doc['articles']:
            doc['articles'][-1]['paragraphs'].append(text_)
        else:
            raise ValueError('text before the first title: %r' % text_)

    for line in lines[i:]:
        s = line.strip()
        if section == 'dist':
            dist_lines.append(line)
            continue
        if s.startswith('## '):
            flush()
            name = s[3:].strip()
            section = {'简讯': 'briefs', '版记': 'dist'}.get(name)
            if section is None:
                raise ValueError('unknown section %r' % name)
            prev_title = False
            continue
        if s.startswith('# '):
            flush()
            if prev_title:
                doc['articles'][-1]['title'].append(canon(s[2:]))
            else:
                doc['articles'].append({'title': [canon(s[2:])], 'paragraphs': []})
            section = None
            prev_title = True
            continue
        if s == '<!-- -->':
            prev_title = False
            continue
        prev_title = False if s else prev_title
        if not s:
            flush()
            continue
        if section == 'briefs' and re.match(r'^(\d+[.)]|[-*+])\s+', s):
            flush()
            s = re.sub(r'^(\d+[.)]|[-*+])\s+', '', s)
        para.append(s)
    flush()
    if dist_lines:
        doc['distribution'] = parse_distribution(dist_lines)
    if isinstance(doc['date'], str):
        m = re.fullmatch(r'(\d{4})年(\d{1,2})月(\d{1,2})日', doc['date'])
        if m:
            doc['date'] = '%s-%02d-%02d' % (m.group(1), int(m.group(2)), int(m.group(3)))
    return doc


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    with open(argv[1], encoding='utf-8') as f:
        text = f.read()
    try:
        doc = parse(text)
    except ValueError as e:
        sys.exit('%s: %s' % (argv[1], e))
    out = json.dumps(doc, ensure_ascii=False, indent=2) + '\n'
    if len(argv) == 3:
        with open(argv[2], 'w', encoding='utf-8') as f:
            f.write(out)
    else:
        sys.stdout.write(out)


if __name__ == '__main__':
    main(sys.argv)
