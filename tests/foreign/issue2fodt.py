#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a jianbao issue (jianbao-issue/1 JSON) as a flat ODF text document (.fodt).

The document imitates a bulletin made in an office suite: red masthead, issue line,
editor/date line over a red rule, centred bold titles, indented body paragraphs, a 简讯
list, the 报/送 block between rules, and page numbers in the footer. LibreOffice turns it
into a "foreign" PDF for the extractor's acceptance tests (see README.md); the variants
vary fonts, sizes, margins, alignment and page-number styles the way real documents do.

Usage:
    issue2fodt.py [--variant N] [flags] IN.json OUT.fodt
    issue2fodt.py --list-variants
    soffice --headless --convert-to pdf --outdir DIR OUT.fodt

Flags override the variant's settings: --body-font NAME --title-font NAME
--body-size PT --title-size PT --align justify|start --page-style STYLE
--spaced-digits --split-titles --dist-lines --margins TOP,RIGHT,BOTTOM,LEFT (mm).
Page styles: plain (2), dash (— 2 —), hyphen (-2-), di (第2页), di-gong (第 2 页 共 6 页).
Standard library only.
"""
import argparse
import json
import os
import re
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulletin_text import cn_date, issue_line  # noqa: E402

RED = '#e60012'

# Each variant is one plausible office-suite bulletin. Margins are top, right, bottom,
# left in mm; 'line' is the body line height (a length, or a percentage).
VARIANTS = {
    1: dict(name='gb-uming', body_font='AR PL UMing CN', title_font='AR PL SungtiL GB',
            mast_font='AR PL SungtiL GB', body_size=16, title_size=22, mast_size=36,
            align='justify', page_style='dash', alternate=True, margins=(37, 26, 20, 28),
            line='28.95pt', spaced_digits=False, split_titles=False, dist_lines=False,
            brief_sep=''),
    2: dict(name='zenhei-left', body_font='WenQuanYi Zen Hei', title_font='WenQuanYi Zen Hei',
            mast_font='WenQuanYi Zen Hei', body_size=14, title_size=20, mast_size=30,
            align='start', page_style='hyphen', alternate=False, margins=(25, 25, 18, 25),
            line='150%', spaced_digits=True, split_titles=False, dist_lines=False,
            brief_sep=' '),
    3: dict(name='sungti-split', body_font='AR PL SungtiL GB', title_font='AR PL UMing CN',
            mast_font='AR PL SungtiL GB', body_size=15, title_size=24, mast_size=34,
            align='justify', page_style='di-gong', alternate=False, margins=(30, 25, 18, 30),
            line='140%', spaced_digits=False, split_titles=True, dist_lines=True,
            brief_sep=''),
    4: dict(name='word-uming', body_font='AR PL UMing CN', title_font='WenQuanYi Zen Hei',
            mast_font='AR PL UMing CN', body_size=16, title_size=22, mast_size=32,
            align='justify', page_style='plain', alternate=False, margins=(25.4, 31.8, 18, 31.8),
            line='120%', spaced_digits=True, split_titles=False, dist_lines=True,
            brief_sep=' '),
    5: dict(name='zenhei-di', body_font='WenQuanYi Zen Hei', title_font='AR PL SungtiL GB',
            mast_font='WenQuanYi Zen Hei', body_size=15, title_size=22, mast_size=36,
            align='start', page_style='di', alternate=False, margins=(30, 28, 20, 28),
            line='28pt', spaced_digits=False, split_titles=True, dist_lines=False,
            brief_sep=''),
    6: dict(name='sungti-word', body_font='AR PL SungtiL GB', title_font='AR PL SungtiL GB',
            mast_font='AR PL SungtiL GB', body_size=14, title_size=20, mast_size=28,
            align='justify', page_style='dash', alternate=False, margins=(25.4, 31.75, 18, 31.75),
            line='150%', spaced_digits=True, split_titles=True, dist_lines=True,
            brief_sep=' '),
}
LATIN_FONT = 'Liberation Serif'
PAGE_STYLES = ('plain', 'dash', 'hyphen', 'di', 'di-gong')


# ---------------------------------------------------------------- text helpers
def is_han(ch):
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def space_digits(s):
    """Put spaces between Han characters and Latin/digit runs, as many Word files do."""
    s = re.sub(r'([\u3400-\u9fff])([A-Za-z0-9])', r'\1 \2', s)
    return re.sub(r'([A-Za-z0-9%])([\u3400-\u9fff])', r'\1 \2', s)


def xml_text(s):
    """Escape text for ODF; runs of spaces need <text:s/> to survive."""
    out = []
    for m in re.finditer(r' {2,}|[^ ]+| ', s):
        tok = m.group(0)
        if len(tok) > 1 and tok.strip() == '':
            out.append(' <text:s text:c="%d"/>' % (len(tok) - 1))
        else:
            out.append(escape(tok))
    return ''.join(out)


# ---------------------------------------------------------------- document parts
def font_decls(v):
    fonts = sorted({v['body_font'], v['title_font'], v['mast_font'], LATIN_FONT})
    return '\n'.join('  <style:font-face style:name="%s" svg:font-family="&apos;%s&apos;"/>'
                     % (f, f) for f in fonts)


def para_style(name, v, size, font, extra_p='', inner='', bold=False, color=None):
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ''
    colour = ' fo:color="%s"' % color if color else ''
    return ('  <style:style style:name="%s" style:family="paragraph">\n'
            '   <style:paragraph-properties %s>%s</style:paragraph-properties>\n'
            '   <style:text-properties style:font-name="%s" fo:font-size="%spt"'
            ' style:font-name-asian="%s" style:font-size-asian="%spt"%s%s/>\n'
            '  </style:style>' % (name, extra_p, inner, LATIN_FONT, size, font, size, weight,
                                  colour))


def styles(v):
    top, right, bottom, left = v['margins']
    text_width_mm = 210 - left - right
    body, title = v['body_size'], v['title_size']
    align = 'justify' if v['align'] == 'justify' else 'start'
    line = 'fo:line-height="%s"' % v['line']
    rule = '1.5pt solid %s' % RED
    thin = '0.75pt solid #000000'
    ds = body - 2           # the 版记 is one size below the body (GB/T 9704: 4号 under 3号)
    out = [
        para_style('Standard', v, body, v['body_font']),
        para_style('Masthead', v, v['mast_size'], v['mast_font'],
                   'fo:text-align="center" fo:margin-bottom="4mm"', bold=True, color=RED),
        para_style('IssueLine', v, body, v['body_font'],
                   'fo:text-align="center" fo:margin-bottom="2mm"'),
        para_style('EditorDate', v, body, v['body_font'],
                   'fo:text-align="start" fo:border-bottom="%s" fo:padding-bottom="2mm"'
                   ' fo:margin-bottom="8mm"' % rule,
                   '<style:tab-stops><style:tab-stop style:position="%.1fmm"'
                   ' style:type="right"/></style:tab-stops>' % (text_width_mm - 0.5)),
        para_style('Title', v, title, v['title_font'],
                   'fo:text-align="center" fo:margin-top="6mm" fo:margin-bottom="4mm"'
                   ' fo:keep-with-next="always" fo:line-height="130%"', bold=True),
        para_style('TitleFirst', v, title, v['title_font'],
                   'fo:text-align="center" fo:margin-top="6mm" fo:margin-bottom="0mm"'
                   ' fo:keep-with-next="always" fo:line-height="130%"', bold=True),
        para_style('TitleMid', v, title, v['title_font'],
                   'fo:text-align="center" fo:margin-top="0mm" fo:margin-bottom="0mm"'
                   ' fo:keep-with-next="always" fo:line-height="130%"', bold=True),
        para_style('TitleLast', v, title, v['title_font'],
                   'fo:text-align="center" fo:margin-top="0mm" fo:margin-bottom="4mm"'
                   ' fo:keep-with-next="always" fo:line-height="130%"', bold=True),
        para_style('Body', v, body, v['body_font'],
                   'fo:text-align="%s" fo:text-indent="%dpt" %s' % (align, 2 * body, line)),
        para_style('BriefHead', v, title, v['title_font'],
                   'fo:text-align="center" fo:margin-top="8mm" fo:margin-bottom="4mm"'
                   ' fo:keep-with-next="always"', bold=True),
        para_style('Brief', v, body, v['body_font'],
                   'fo:text-align="%s" fo:text-indent="%dpt" %s' % (align, 2 * body, line)),
        para_style('DistRule', v, 2, v['body_font'],
                   'fo:margin-top="12mm" fo:margin-bottom="1.5mm" fo:line-height="100%%"'
                   ' fo:border-bottom="%s" fo:keep-with-next="always"' % thin),
        para_style('Dist', v, ds, v['body_font'],
                   'fo:margin-left="%dpt" fo:margin-right="%dpt" fo:text-indent="-%dpt"'
                   ' fo:line-height="140%%" fo:keep-with-next="always"'
                   % (3 * ds, ds, 2 * ds)),
        para_style('DistCont', v, ds, v['body_font'],
                   'fo:margin-left="%dpt" fo:margin-right="%dpt" fo:line-height="140%%"'
                   ' fo:keep-with-next="always"' % (3 * ds, ds)),
        para_style('DistEnd', v, 2, v['body_font'],
                   'fo:margin-top="1.5mm" fo:line-height="100%%" fo:border-bottom="%s"' % thin),
        para_style('Footer', v, 14, v['body_font'], 'fo:text-align="center"'),
        para_style('FooterOdd', v, 14, v['body_font'],
                   'fo:text-align="end" fo:margin-right="%dpt"' % body),
        para_style('FooterEven', v, 14, v['body_font'],
                   'fo:text-align="start" fo:margin-left="%dpt"' % body),
    ]
    return '\n'.join(out)


def page_number_xml(style):
    cur = '<text:page-number text:select-page="current">1</text:page-number>'
    count = '<text:page-count>1</text:page-count>'
    return {
        'plain': cur,
        'dash': '— %s —' % cur,
        'hyphen': '-%s-' % cur,
        'di': '第%s页' % cur,
        'di-gong': '第 %s 页 共 %s 页' % (cur, count),
    }[style]


def page_layout(v):
    top, right, bottom, left = v['margins']
    # LibreOffice puts the footer inside the bottom margin area: the footer (8 mm) and its
    # spacing (7 mm, as GB/T 9704 places the number) come out of the body's height.
    return ('  <style:page-layout style:name="pm1" style:page-usage="all">\n'
            '   <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"'
            ' style:print-orientation="portrait" fo:margin-top="%smm" fo:margin-right="%smm"'
            ' fo:margin-bottom="%smm" fo:margin-left="%smm"/>\n'
            '   <style:footer-style><style:header-footer-properties fo:min-height="8mm"'
            ' fo:margin-top="7mm"/></style:footer-style>\n'
            '  </style:page-layout>' % (top, right, bottom, left))


def master_page(v):
    num = page_number_xml(v['page_style'])
    if v['alternate']:
        return ('  <style:master-page style:name="Standard" style:page-layout-name="pm1">\n'
                '   <style:footer><text:p text:style-name="FooterOdd">%s</text:p></style:footer>\n'
                '   <style:footer-left><text:p text:style-name="FooterEven">%s</text:p>'
                '</style:footer-left>\n  </style:master-page>' % (num, num))
    return ('  <style:master-page style:name="Standard" style:page-layout-name="pm1">\n'
            '   <style:footer><text:p text:style-name="Footer">%s</text:p></style:footer>\n'
            '  </style:master-page>' % num)


class Body:
    """Collects the <text:p> elements of the document body."""

    def __init__(self, v):
        self.v = v
        self.parts = []

    def text(self, s):
        return space_digits(s) if self.v['spaced_digits'] else s

    def p(self, style, inner):
        self.parts.append('   <text:p text:style-name="%s">%s</text:p>' % (style, inner))

    def para(self, style, s):
        self.p(style, xml_text(self.text(s)))


def masthead_size(v, line):
    top, right, bottom, left = v['margins']
    width_pt = (210 - left - right) * 72 / 25.4
    return min(v['mast_size'], int(width_pt / max(len(line), 1) * 0.95))


def build_body(doc, v):
    b = Body(v)
    for i, line in enumerate(doc.get('masthead') or []):
        size = masthead_size(v, line)
        if size != v['mast_size']:
            b.p('Masthead', '<text:span text:style-name="MastSize%d">%s</text:span>'
                % (i, xml_text(line)))
        else:
            b.para('Masthead', line)
    il = issue_line(doc.get('issue'))
    if il:
        b.para('IssueLine', il)
    date = cn_date(doc.get('date'))
    editor = doc.get('editor') or ''
    if editor or date:
        b.p('EditorDate', '%s<text:tab/>%s' % (xml_text(b.text(editor)),
                                               xml_text(b.text(date or ''))))
    for art in doc.get('articles') or []:
        title = [t for t in art.get('title') or [] if t]
        if v['split_titles'] and len(title) > 1:
            for k, t in enumerate(title):
                b.para('TitleFirst' if k == 0 else 'TitleLast' if k == len(title) - 1
                       else 'TitleMid', t)
        elif title:
            b.p('Title', '<text:line-break/>'.join(xml_text(b.text(t)) for t in title))
        for para in art.get('paragraphs') or []:
            b.para('Body', para)
    briefs = doc.get('briefs') or []
    if briefs:
        b.para('BriefHead', '简讯')
        for k, item in enumerate(briefs, 1):
            b.para('Brief', '%d.%s%s' % (k, v['brief_sep'], item))
    build_distribution(b, doc.get('distribution') or [], v)
    return b.parts


def build_distribution(b, blocks, v):
    """The 版记: a rule, each label with its recipients, a closing rule.

    With dist_lines, the first block (报) lists one recipient per line aligned after the
    colon; other blocks are always comma-separated, wrapped under the colon."""
    rows = []
    for k, blk in enumerate(blocks):
        label = blk.get('label') or ''
        recips = [r for r in blk.get('recipients') or [] if r]
        if v['dist_lines'] and k == 0 and len(recips) > 1:
            rows.append(('Dist', '%s：%s' % (label, recips[0])))
            rows.extend(('DistCont', r) for r in recips[1:])
        else:
            rows.append(('Dist', '%s：%s' % (label, '，'.join(recips))))
    if not rows:
        return
    b.p('DistRule', '')
    for style, text in rows:
        b.para(style, text)
    b.p('DistEnd', '')


def automatic_styles(doc, v):
    out = []
    for i, line in enumerate(doc.get('masthead') or []):
        size = masthead_size(v, line)
        out.append('  <style:style style:name="MastSize%d" style:family="text">'
                   '<style:text-properties fo:font-size="%dpt" style:font-size-asian="%dpt"/>'
                   '</style:style>' % (i, size, size))
    return '\n'.join(out)


def render(doc, v):
    body = '\n'.join(build_body(doc, v))
    return '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>%(title)s</dc:title><dc:language>zh-CN</dc:language></office:meta>
 <office:font-face-decls>
%(fonts)s
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <!-- punctuation-wrap simple: LibreOffice's PDF export drops punctuation it lets hang
        past the right margin (the glyph is not in the PDF at all), so no extractor could
        get it back. -->
   <style:paragraph-properties style:line-break="strict" style:punctuation-wrap="simple"/>
   <style:text-properties fo:language="en" fo:country="US" style:language-asian="zh"
    style:country-asian="CN" fo:color="#000000"/>
  </style:default-style>
%(styles)s
 </office:styles>
 <office:automatic-styles>
%(layout)s
%(auto)s
 </office:automatic-styles>
 <office:master-styles>
%(master)s
 </office:master-styles>
 <office:body>
  <office:text>
%(body)s
  </office:text>
 </office:body>
</office:document>
''' % {'title': escape(''.join(doc.get('masthead') or []) or 'bulletin'),
       'fonts': font_decls(v), 'styles': styles(v), 'layout': page_layout(v),
       'auto': automatic_styles(doc, v), 'master': master_page(v), 'body': body}


# ---------------------------------------------------------------- command line
def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('input', nargs='?')
    ap.add_argument('output', nargs='?')
    ap.add_argument('--variant', type=int, default=1, choices=sorted(VARIANTS))
    ap.add_argument('--list-variants', action='store_true')
    ap.add_argument('--body-font')
    ap.add_argument('--title-font')
    ap.add_argument('--body-size', type=float)
    ap.add_argument('--title-size', type=float)
    ap.add_argument('--align', choices=('justify', 'start'))
    ap.add_argument('--page-style', choices=PAGE_STYLES)
    ap.add_argument('--spaced-digits', action='store_true', default=None)
    ap.add_argument('--split-titles', action='store_true', default=None)
    ap.add_argument('--dist-lines', action='store_true', default=None)
    ap.add_argument('--margins', help='TOP,RIGHT,BOTTOM,LEFT in mm')
    return ap.parse_args(argv)


def variant_from_args(a):
    v = dict(VARIANTS[a.variant])
    for key in ('body_font', 'title_font', 'body_size', 'title_size', 'align', 'page_style',
                'spaced_digits', 'split_titles', 'dist_lines'):
        val = getattr(a, key)
        if val is not None:
            v[key] = val
    if a.margins:
        v['margins'] = tuple(float(x) for x in a.margins.split(','))
        if len(v['margins']) != 4:
            sys.exit('--margins needs four numbers')
    return v


def write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=d, prefix='.tmp-', suffix='.fodt')
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    a = parse_args(argv[1:])
    if a.list_variants:
        for k, v in sorted(VARIANTS.items()):
            print('%d %s' % (k, v['name']))
        return 0
    if not a.input or not a.output:
        sys.exit('usage: issue2fodt.py [--variant N] IN.json OUT.fodt')
    try:
        with open(a.input, encoding='utf-8') as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit('%s: %s' % (a.input, e))
    if not isinstance(doc, dict) or doc.get('format') != 'jianbao-issue/1':
        sys.exit('%s: not a jianbao-issue/1 document' % a.input)
    write_atomic(a.output, render(doc, variant_from_args(a)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
