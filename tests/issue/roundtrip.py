#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Round trips through `jianbao convert` on every samples/*.md and tests/issue/data file.

Markdown -> JSON -> Markdown -> JSON must give the same JSON, and the written Markdown must
be a fixed point of the writer; JSON -> Markdown -> JSON must give back canonical JSON byte
for byte. Golden files (NAME.expected.json beside NAME.md) pin what the reader makes of a
hand-written file; samples/NAME.json must be what convert makes of samples/NAME.md.

Regenerate the golden files deliberately with:  roundtrip.py --regenerate
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

SRC = os.environ.get("JB_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("JB_CLI")
DATA = os.path.join(SRC, "tests", "issue", "data")
failures = []


def convert(args, stdin=None):
    """Runs `jianbao convert ARGS`; returns stdout bytes, failing the test on an error."""
    proc = subprocess.run([CLI, "convert", *args], input=stdin, capture_output=True)
    if proc.returncode != 0:
        raise AssertionError(f"convert {' '.join(args)}: exit {proc.returncode}: "
                             f"{proc.stderr.decode(errors='replace')}")
    return proc.stdout


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def markdown_round_trip(md_path, tmp):
    """md -> json1 -> md2 -> json2: json1 == json2 and md2 is the writer's fixed point."""
    name = os.path.basename(md_path)
    json1 = convert([md_path, "--to", "json"])
    md2 = os.path.join(tmp, name)
    with open(md2, "wb") as f:
        f.write(convert(["-", "--from", "json", "--to", "md"], stdin=json1))
    json2 = convert([md2, "--to", "json"])
    check(json1 == json2, f"{name}: md -> json -> md -> json changed the issue")
    md3 = convert([md2, "--to", "md"])
    with open(md2, "rb") as f:
        check(f.read() == md3, f"{name}: writing the written Markdown again changed it")
    # Reading standard input gives the same as reading the file.
    with open(md_path, "rb") as f:
        via_stdin = convert(["-", "--from", "md", "--to", "json"], stdin=f.read())
    check(via_stdin == json1, f"{name}: reading standard input differs from reading the file")
    return json1


def json_round_trip(json_path):
    """json -> md -> json gives canonical JSON; canonical files come back byte for byte."""
    name = os.path.basename(json_path)
    canonical = convert([json_path, "--to", "json"])
    md = convert([json_path, "--to", "md"])
    back = convert(["-", "--from", "md", "--to", "json"], stdin=md)
    check(back == canonical, f"{name}: json -> md -> json changed the issue")
    with open(json_path, "rb") as f:
        check(f.read() == canonical, f"{name}: the file is not in canonical form")


# JSON that is not in canonical form but must survive json -> md -> json: values the
# Markdown writer has to express (or canonicalisation has to make expressible).
EDGE_JSON = {
    # "报： " kept its printed colon (the space hid it) and came back as "报" + "：甲".
    "label-colon-space": {"articles": [], "distribution": [{"label": "报： ", "recipients": ["甲"]}]},
    "label-markup": {"articles": [], "distribution": [
        {"label": "1.", "recipients": ["甲"]}, {"label": "#", "recipients": []},
        {"label": "一二三四五六七八", "recipients": ["a b", "c"]}, {"label": "a b :", "recipients": []}]},
    "recipients": {"articles": [], "distribution": [
        {"label": "报", "recipients": ["甲：乙", "丙:丁", "送：戊"]},
        {"label": "送", "recipients": ["甲，乙联合办公室"]},
        {"label": "发", "recipients": ["甲，", "- 乙", "1. 丙", "a, b"]}]},
    "newlines": {"articles": [{"title": ["标题\n第二行", "Latin\r\nwords"],
                               "paragraphs": ["段\n\n落"]}],
                 "masthead": ["上海\n邮政", "- c", "# d", "---", "key: v"],
                 "editor": "编\n辑", "briefs": ["简\n讯"]},
    "extras": {"articles": [], "x-source_2": {"a": [1, {"b": "c\nd"}]}, "_n": "# 不是注释",
               "s": "- a", "e": "", "l": [], "o": {}},
}
# JSON the reader must reject (exit 2, a file:line:column message): the Markdown writer could
# not write it back. Each was read, written to Markdown, and lost or unreadable there.
BAD_JSON = {
    "label-empty": ({"articles": [], "distribution": [{"label": "", "recipients": ["甲"]}]},
                    "distribution[0].label"),
    "label-long": ({"articles": [], "distribution": [{"label": "一二三四五六七八九"}]},
                   "distribution[0].label"),
    "label-comma": ({"articles": [], "distribution": [{"label": "报，送"}]}, "distribution[0].label"),
    "label-colon": ({"articles": [], "distribution": [{"label": "a:b"}]}, "distribution[0].label"),
    "extra-key-space": ({"articles": [], "my key": 1}, "\"my key\""),
    "extra-key-cjk": ({"articles": [], "来源": 1}, "\"来源\""),
    "extra-key-year": ({"articles": [], "year": 2026}, "\"year\" belongs in \"issue\""),
}


def edge_cases(tmp):
    for name, issue in EDGE_JSON.items():
        data = json.dumps(issue, ensure_ascii=False).encode()
        canonical = convert(["-", "--from", "json", "--to", "json"], stdin=data)
        md = convert(["-", "--from", "json", "--to", "md"], stdin=data)
        back = convert(["-", "--from", "md", "--to", "json"], stdin=md)
        check(back == canonical, f"edge case {name}: json -> md -> json changed the issue")
    for name, (issue, what) in BAD_JSON.items():
        path = os.path.join(tmp, name + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(issue, f, ensure_ascii=False)
        proc = subprocess.run([CLI, "convert", path, "-o", path[:-5] + ".md"], capture_output=True)
        err = proc.stderr.decode(errors="replace")
        check(proc.returncode == 2 and f"{path}:1:" in err and what in err,
              f"bad JSON {name}: expected exit 2 and {path}:1:…{what}, got {proc.returncode}: {err}")
        check(not os.path.exists(path[:-5] + ".md"), f"bad JSON {name}: an output was written")


def main():
    if not CLI or not os.path.exists(CLI):
        print("SKIP: JB_CLI is not set or not built")
        return 77
    regenerate = "--regenerate" in sys.argv
    samples = sorted(p for p in glob.glob(os.path.join(SRC, "samples", "*.md"))
                     if os.path.basename(p) != "README.md")
    fixtures = sorted(glob.glob(os.path.join(DATA, "*.md")))
    with tempfile.TemporaryDirectory() as tmp:
        for md in samples + fixtures:
            json1 = markdown_round_trip(md, tmp)
            expected = md[:-3] + (".json" if md in samples else ".expected.json")
            if regenerate and md in fixtures:
                with open(expected, "wb") as f:
                    f.write(json1)
            if os.path.exists(expected):
                with open(expected, "rb") as f:
                    check(f.read() == json1,
                          f"{os.path.basename(expected)} is not what convert makes of "
                          f"{os.path.basename(md)} (regenerate it)")
            elif md in fixtures:
                check(False, f"{os.path.basename(expected)} is missing")
        jsons = sorted(glob.glob(os.path.join(SRC, "samples", "*.json")) +
                       [p for p in glob.glob(os.path.join(DATA, "*.json"))
                        if not p.endswith(".expected.json")])
        for path in jsons:
            json_round_trip(path)
        edge_cases(tmp)
    count = len(samples) + len(fixtures) + len(jsons)
    print(f"{count} files: {len(samples)} samples/*.md, {len(fixtures)} fixtures, "
          f"{len(jsons)} JSON files; {len(failures)} failures")
    check(len(fixtures) > 0, "no fixtures found in tests/issue/data")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
