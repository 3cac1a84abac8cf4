#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Characters beyond the Basic Multilingual Plane: 𠀀 (U+20000, CJK Ext B) in a body
paragraph is drawn from a fallback font (fonts-hanazono) as a filled outline. Checks that
`jianbao fonts` names the font, that the glyph is visible where poppler says the character
is (pixels in its box), sized like its neighbours and on their baseline, that pdftotext
reads it back in place (ActualText span), and that a character beyond the BMP which no
font covers (U+F0000, plane-15 private use) fails with exit 2, its code point and place,
and no PDF. Exits 77 when fonts-hanazono or poppler-utils is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CH = "\U00020000"
ANCHOR = "会议指出，"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=120, **kw)


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def words(pdf):
    """pdftotext -bbox: (word, xMin, yMin, xMax, yMax) on page 1, in points."""
    r = run(["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-"])
    if r.returncode != 0 or r.stderr:
        fail("pdftotext -bbox: " + r.stderr.decode())
    out = []
    pat = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    for m in re.finditer(pat, r.stdout.decode()):
        out.append((m.group(5),) + tuple(float(m.group(i)) for i in range(1, 5)))
    return out


def dark_fraction(pdf, box, dpi=144):
    """Share of non-white pixels of page 1 inside @box (points)."""
    s = dpi / 72.0
    x, y = int(box[0] * s), int(box[1] * s)
    w, h = max(1, int((box[2] - box[0]) * s)), max(1, int((box[3] - box[1]) * s))
    r = run(["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-gray", "-x", str(x), "-y",
             str(y), "-W", str(w), "-H", str(h), pdf])
    if r.returncode != 0:
        fail("pdftoppm: " + r.stderr.decode())
    data = r.stdout
    # Binary PGM: P5 <w> <h> <max> then w*h bytes.
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    pixels = data[head.end():]
    return sum(1 for p in pixels if p < 128) / max(1, len(pixels)), pixels, int(head.group(1))


def ink_rows(pixels, width):
    """First and last pixel rows holding ink."""
    rows = [i for i in range(len(pixels) // width)
            if any(p < 128 for p in pixels[i * width:(i + 1) * width])]
    return (rows[0], rows[-1]) if rows else (None, None)


def main():
    for tool in ("pdftotext", "pdftoppm", "fc-list"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} missing")
            return 77
    cover = run(["fc-list", ":charset=20000", "family"]).stdout.decode()
    if "HanaMin" not in cover:
        print("SKIP: no HanaMin font (Debian package fonts-hanazono) for U+20000")
        return 77
    cli, src = os.environ["JB_CLI"], os.environ["JB_SOURCE_DIR"]
    with open(os.path.join(src, "tests", "typeset", "data", "full.md"), encoding="utf-8") as f:
        full = f.read()
    assert ANCHOR in full
    with tempfile.TemporaryDirectory() as tmp:
        md = os.path.join(tmp, "ext.md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(full.replace(ANCHOR, ANCHOR + CH + "字", 1))

        r = run([cli, "fonts", md])
        report = r.stdout.decode()
        line = next((ln for ln in report.splitlines() if "U+20000" in ln), "")
        if r.returncode != 0 or "HanaMin" not in line or "by no installed font" in line:
            fail("jianbao fonts does not draw U+20000 with HanaMin:\n" + report)

        pdf = os.path.join(tmp, "ext.pdf")
        r = run([cli, "typeset", md, "-o", pdf])
        if r.returncode != 0:
            fail("typeset: " + r.stderr.decode())
        txt = run(["pdftotext", pdf, "-"])
        if txt.stderr:
            fail("pdftotext warns: " + txt.stderr.decode())
        if ANCHOR + CH + "字" not in re.sub(r"\s", "", txt.stdout.decode()):
            fail("pdftotext does not read U+20000 back in place")

        w = words(pdf)
        at = next((i for i, x in enumerate(w) if CH in x[0]), None)
        if at is None:
            fail("no word with U+20000 in pdftotext -bbox")
        word = w[at]
        # The word may hold neighbours: take U+20000's share of its width.
        n, k = len(word[0]), word[0].index(CH)
        cw = (word[3] - word[1]) / n
        box = (word[1] + k * cw, word[2], word[1] + (k + 1) * cw, word[4])
        if abs(cw - 16.0) > 0.5:
            fail(f"U+20000's box is {cw:.2f} pt wide, not one 16 pt ideograph")
        frac, pixels, width = dark_fraction(pdf, box)
        if frac < 0.05:
            fail(f"U+20000's box is blank ({frac:.3f} ink): the glyph is not drawn")
        # Its neighbour 字 (same size): ink must span a similar height at the same place.
        nxt = w[at + 1] if k == n - 1 else word
        j = 0 if k == n - 1 else k + 1
        ncw = (nxt[3] - nxt[1]) / len(nxt[0])
        nbox = (nxt[1] + j * ncw, nxt[2], nxt[1] + (j + 1) * ncw, nxt[4])
        _, npix, nwidth = dark_fraction(pdf, nbox)
        top, bottom = ink_rows(pixels, width)
        ntop, nbottom = ink_rows(npix, nwidth)
        if None in (top, ntop) or abs(bottom - nbottom) > 6 or abs(top - ntop) > 8:
            fail(f"U+20000's ink rows {top}–{bottom} do not match 字's {ntop}–{nbottom}")
        print(f"ok: U+20000 drawn ({frac:.2f} ink, rows {top}–{bottom} vs 字 {ntop}–{nbottom}),"
              " read back in place")

        # Beyond the BMP and covered by no font: exit 2, named, no PDF.
        bad = os.path.join(tmp, "bad.md")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(full.replace(ANCHOR, ANCHOR + "\U000F0000", 1))
        out = os.path.join(tmp, "bad.pdf")
        r = run([cli, "typeset", bad, "-o", out])
        err = r.stderr.decode()
        if r.returncode != 2 or "U+F0000" not in err or "article 1 paragraph 2" not in err:
            fail(f"uncovered U+F0000: exit {r.returncode}, said: {err}")
        if os.path.exists(out):
            fail("a PDF was left behind after an uncovered character")
        print("ok: U+F0000 refused:", err.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
