#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a jianbao issue (jianbao-issue/1 JSON) as a minimal Word document (.docx).

The zip is written by hand (no python-docx) with what a clerk's Word bulletin typically
holds: fonts named the Windows way (宋体/仿宋_GB2312/方正小标宋简体 for East Asian text, Times New Roman
for Latin — fontconfig substitutes what is installed, as it would on a Linux desktop), a
red masthead, the date on a right tab stop over a red bottom border, titles with manual
line breaks, body paragraphs indented by two characters (w:firstLineChars), 简讯 items
with real Word auto-numbering (numbering.xml, "%1."), the 版记 between top and bottom
borders, and a footer with a PAGE field as `— 2 —`. LibreOffice turns it into a PDF.

Usage: issue2docx.py IN.json OUT.docx
Standard library only.
"""
import json
import os
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulletin_text import cn_date, issue_line  # noqa: E402

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
RED = 'E60012'
TWIPS_PER_MM = 1440 / 25.4
# Fonts as a Windows clerk names them; Debian has none of them, so fontconfig's
# substitution decides (the extractor must not depend on the embedded font names).
EA_BODY, EA_TITLE, LATIN = '仿宋_GB2312', '方正小标宋简体', 'Times New Roman'
MARGINS_MM = (37, 26, 35, 28)      # top, right, bottom, left: the GB/T 9704 block


def rpr(size_pt, ea=EA_BODY, bold=False, color=None):
    return ('<w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s"/>%s%s'
            '<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr>'
            % (LATIN, LATIN, ea, '<w:b/>' if bold else '',
               '<w:color w:val="%s"/>' % color if color else '', size_pt * 2, size_pt * 2))


def run(text, props):
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (props, escape(text))


def para(runs, ppr=''):
    # overflowPunct off: LibreOffice's PDF export drops punctuation it lets hang past the
    # right margin (the glyph is missing from the PDF altogether), which no extractor can
    # recover; Word's own default for Chinese text does not hang it either.
    return '<w:p><w:pPr><w:overflowPunct w:val="0"/>%s</w:pPr>%s</w:p>' % (ppr, runs)


def text_width_twips():
    top, right, bottom, left = MARGINS_MM
    return int((210 - left - right) * TWIPS_PER_MM)


def front(doc):
    out = []
    for line in doc.get('masthead') or []:
        size = min(36, int(156 * 72 / 25.4 / max(len(line), 1) * 0.95))
        out.append(para(run(line, rpr(size, EA_TITLE, True, RED)),
                        '<w:jc w:val="center"/><w:spacing w:after="120"/>'))
    il = issue_line(doc.get('issue'))
    if il:
        out.append(para(run(il, rpr(16)), '<w:jc w:val="center"/>'))
    editor, date = doc.get('editor') or '', cn_date(doc.get('date')) or ''
    if editor or date:
        ppr = ('<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>'
               '<w:pBdr><w:bottom w:val="single" w:sz="18" w:space="4" w:color="%s"/></w:pBdr>'
               '<w:spacing w:after="480"/>' % (text_width_twips() - 20, RED))
        out.append(para(run(editor, rpr(16)) + '<w:r><w:tab/></w:r>' + run(date, rpr(16)), ppr))
    return out


def body(doc):
    out = []
    body_ppr = ('<w:jc w:val="both"/><w:spacing w:line="579" w:lineRule="exact"/>'
                '<w:ind w:firstLineChars="200" w:firstLine="640"/>')
    for art in doc.get('articles') or []:
        title = [t for t in art.get('title') or [] if t]
        if title:
            runs = '<w:r><w:br/></w:r>'.join(run(t, rpr(22, EA_TITLE, True)) for t in title)
            out.append(para(runs, '<w:keepNext/><w:jc w:val="center"/>'
                                  '<w:spacing w:before="240" w:after="240"/>'))
        for p in art.get('paragraphs') or []:
            out.append(para(run(p, rpr(16)), body_ppr))
    briefs = [b for b in doc.get('briefs') or [] if b]
    if briefs:
        out.append(para(run('简讯', rpr(22, EA_TITLE, True)),
                        '<w:keepNext/><w:jc w:val="center"/><w:spacing w:before="240"'
                        ' w:after="240"/>'))
        for b in briefs:
            out.append(para(run(b, rpr(16)), '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                                             '</w:numPr>' + body_ppr))
    return out


def distribution(doc):
    rows = []
    for blk in doc.get('distribution') or []:
        if not isinstance(blk, dict):
            continue
        label = blk.get('label') or ''
        recips = [r for r in blk.get('recipients') or [] if r]
        rows.append('%s：%s' % (label, '，'.join(recips)))
    out = []
    for k, row in enumerate(rows):
        border = ''
        if k == 0:
            border += '<w:top w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        if k == len(rows) - 1:
            border += '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
        # one character in on both sides; wrapped lines align after "报："
        ppr = ('<w:keepNext/><w:pBdr>%s</w:pBdr><w:ind w:left="%d" w:right="280"'
               ' w:hanging="560"/>%s' % (border, 280 + 560, '<w:spacing w:before="480"/>'
                                         if k == 0 else ''))
        out.append(para(run(row, rpr(14)), ppr))
    return out


def document_xml(doc):
    top, right, bottom, left = (int(m * TWIPS_PER_MM) for m in MARGINS_MM)
    sect = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d"'
            ' w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/></w:sectPr>'
            % (top, right, bottom, left, int((35 - 7 - 6) * TWIPS_PER_MM)))
    parts = front(doc) + body(doc) + distribution(doc)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="%s" xmlns:r="%s"><w:body>%s%s</w:body></w:document>'
            % (W, R, ''.join(parts), sect))


def footer_xml():
    fld = ('<w:r>%s<w:fldChar w:fldCharType="begin"/></w:r><w:r>%s<w:instrText>PAGE</w:instrText>'
           '</w:r><w:r>%s<w:fldChar w:fldCharType="separate"/></w:r>%s<w:r>%s'
           '<w:fldChar w:fldCharType="end"/></w:r>' % ((rpr(14),) * 3 + (run('1', rpr(14)),)
                                                      + (rpr(14),)))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="%s">'
            '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>%s%s%s</w:p></w:ftr>'
            % (W, run('— ', rpr(14)), fld, run(' —', rpr(14))))


NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="%s">'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/><w:lvlJc w:val="left"/>'
             '<w:suff w:val="nothing"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr>'
             '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '</w:numbering>' % W)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/>'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>')
# Document defaults as Word writes them. overflowPunct off: LibreOffice's PDF export drops
# punctuation it lets hang past the right margin (the glyph is missing from the PDF), which
# no extractor could get back.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:docDefaults><w:pPrDefault><w:pPr><w:overflowPunct w:val="0"/></w:pPr></w:pPrDefault>'
    '</w:docDefaults></w:styles>')


def write_docx(doc, path):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix='.tmp-', suffix='.docx')
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('[Content_Types].xml', CONTENT_TYPES)
            z.writestr('_rels/.rels', ROOT_RELS)
            z.writestr('word/_rels/document.xml.rels', DOC_RELS)
            z.writestr('word/document.xml', document_xml(doc))
            z.writestr('word/footer1.xml', footer_xml())
            z.writestr('word/numbering.xml', NUMBERING)
            z.writestr('word/styles.xml', STYLES)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    if len(argv) != 3:
        sys.exit('usage: issue2docx.py IN.json OUT.docx')
    try:
        with open(argv[1], encoding='utf-8') as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit('%s: %s' % (argv[1], e))
    if not isinstance(doc, dict) or doc.get('format') != 'jianbao-issue/1':
        sys.exit('%s: not a jianbao-issue/1 document' % argv[1])
    write_docx(doc, argv[2])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
