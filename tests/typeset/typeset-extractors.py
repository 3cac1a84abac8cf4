#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Typesets every sample issue (samples/*.json) and reads each PDF back with MuPDF
(`mutool convert -F text`, and `mutool draw -N -F txt`) and Ghostscript (txtwrite): the
issue's text -- titles, paragraphs, briefs and recipients -- must come out in order, and
neither tool may say a word on stderr (or, for Ghostscript, on stdout). Whitespace, the
invisible U+00AD title-wrap marks and the page-number lines are dropped before comparing.
Exits 77 when a tool is missing."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

WRAP_MARK = "\u00ad"
PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


def norm(text):
    """The text without whitespace and wrap marks, page-number lines dropped."""
    lines = [ln for ln in text.splitlines() if not PAGE_NUMBER.match(ln)]
    return re.sub(r"\s+", "", "".join(lines)).replace(WRAP_MARK, "")


def pieces(issue):
    """The issue's text in reading order, one piece per title/paragraph/brief/recipient."""
    out = []
    for article in issue["articles"]:
        out.append("".join(article["title"]))
        out.extend(article["paragraphs"])
    out.extend(issue.get("briefs", []))
    for block in issue.get("distribution", []):
        out.extend(block["recipients"])
    return [norm(p) for p in out if norm(p)]


def check_order(name, tool, text, expected):
    got = norm(text)
    if "\ufffd" in got:
        return f"{name}: {tool} gives U+FFFD"
    pos = 0
    for piece in expected:
        at = got.find(piece, pos)
        if at < 0:
            # Say where it goes wrong: the longest prefix found in place.
            n = len(piece)
            while n > 0 and got.find(piece[:n], pos) < 0:
                n -= 1
            at = got.find(piece[:n], pos) if n else pos
            return (f"{name}: {tool} lost the order or the text of\n  {piece[:60]}…\n"
                    f"  matched {n} of {len(piece)} characters; the PDF reads\n"
                    f"  {got[at + n - 10:at + n + 40]}")
        # Between two pieces only labels, numbers and separators (简讯, 1., 报：, ，).
        if pos and at - pos > 24:
            return f"{name}: {tool}: unexpected text before {piece[:20]}…: {got[pos:at][:60]}"
        pos = at + len(piece)
    return None


def run(cmd):
    return subprocess.run(cmd, capture_output=True, timeout=120)


def main():
    cli = os.environ.get("JB_CLI")
    src = os.environ.get("JB_SOURCE_DIR")
    if not cli or not src:
        print("JB_CLI and JB_SOURCE_DIR must be set", file=sys.stderr)
        return 1
    for tool in ("mutool", "gs"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} missing")
            return 77
    samples = sorted(glob.glob(os.path.join(src, "samples", "*.json")))
    if not samples:
        print("no samples/*.json", file=sys.stderr)
        return 1
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in samples:
            name = os.path.basename(path)
            with open(path, encoding="utf-8") as f:
                expected = pieces(json.load(f))
            for rgb in (False, True):
                pdf = os.path.join(tmp, name + (".rgb" if rgb else "") + ".pdf")
                r = run([cli, "typeset"] + (["--rgb"] if rgb else []) + [path, "-o", pdf])
                if r.returncode != 0:
                    failures.append(f"{name}: typeset failed: {r.stderr.decode()}")
                    continue
                label = name + (" (--rgb)" if rgb else "")
                mu = os.path.join(tmp, "mu.txt")
                readers = [
                    ("mutool convert", ["mutool", "convert", "-F", "text", "-o", mu, pdf], mu),
                    ("mutool draw", ["mutool", "draw", "-q", "-N", "-F", "txt", "-o", mu, pdf], mu),
                    ("gs txtwrite", ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                                     "-sDEVICE=txtwrite", "-sOutputFile=" + mu, pdf], mu),
                ]
                for tool, cmd, out in readers:
                    r = run(cmd)
                    noise = r.stderr.decode(errors="replace")
                    if tool.startswith("gs"):
                        noise += r.stdout.decode(errors="replace")
                    if r.returncode != 0 or noise.strip():
                        failures.append(f"{label}: {tool} exit {r.returncode}, said:\n{noise}")
                        continue
                    with open(out, encoding="utf-8", errors="replace") as f:
                        text = f.read()
                    problem = check_order(label, tool, text, expected)
                    if problem:
                        failures.append(problem)
                    else:
                        print(f"ok {label}: {tool}, {len(expected)} pieces in order")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
