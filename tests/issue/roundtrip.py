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
    count = len(samples) + len(fixtures) + len(jsons)
    print(f"{count} files: {len(samples)} samples/*.md, {len(fixtures)} fixtures, "
          f"{len(jsons)} JSON files; {len(failures)} failures")
    check(len(fixtures) > 0, "no fixtures found in tests/issue/data")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
