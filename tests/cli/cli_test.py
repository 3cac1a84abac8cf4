#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Command-line tests: `jianbao --help/--version` and `jianbao convert`.

Run as `cli_test.py CASE`; each CASE is one ctest test (see CMakeLists.txt). Bad input must
give exit status 2 and `jianbao: FILE:LINE:COL: message`, must not create the output file,
must leave an existing output file (and the input) exactly as they were.
"""
import os
import re
import subprocess
import sys
import tempfile

CLI = os.environ.get("JB_CLI")
SRC = os.environ.get("JB_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
failures = []

GOOD_MD = "---\nmasthead: []\nyear: 2026\n---\n\n# 标题\n\n正文。\n"

# (file name, content, expected message after "jianbao: ", exit status)
BAD_INPUTS = [
    ("invalid.json", b'{\n  "articles": [1,,]\n}\n',
     "invalid.json:2:18: invalid JSON: unexpected ',', expected a value", 2),
    ("no-articles.json", b'{\n  "masthead": []\n}\n',
     'no-articles.json:1:1: missing "articles" (an array of articles)', 2),
    ("wrong-type.json", b'{\n  "articles": [],\n  "masthead": "x"\n}\n',
     'wrong-type.json:3:15: expected an array of strings for "masthead"', 2),
    ("deep.json", b'{"articles": [], "x": ' + b"[" * 70 + b"]" * 70 + b"}",
     "deep.json:1:86: JSON nested deeper than 64 levels", 2),
    ("unclosed.md", "---\nyear: 2026\n\n# 标题\n".encode(),
     'unclosed.md:1:1: the front matter has no closing "---" line', 2),
    ("bad-key.md", "---\nyear: 2026\n这不是键\n---\n".encode(),
     'bad-key.md:3:1: expected "key: value" in the front matter', 2),
    ("bad-year.md", "---\nmasthead: []\nyear: 2026年\n---\n".encode(),
     'bad-year.md:3:7: expected a whole number for "year"', 2),
    ("empty.md", b"", "empty.md:1:1: the file is empty", 2),
    ("empty.json", b"", "empty.json:1:1: the file is empty", 2),
    ("latin1.md", "# 标题\n\n正文".encode() + b"\xff\n",
     "latin1.md:3:3: invalid UTF-8 (byte 0xFF); the text must be UTF-8", 2),
    ("gbk.json", b'{"articles": [], "editor": "' + "上海".encode("gbk") + b'"}',
     "gbk.json:1:29: invalid UTF-8 (byte 0xC9); the text must be UTF-8", 2),
    ("section.md", "# 标题\n\n正文。\n\n## 附录\n".encode(),
     'section.md:5:1: unknown section "附录" (expected "## 简讯" or "## 版记")', 2),
    ("preface.md", "---\nmasthead: []\n---\n\n序言。\n".encode(),
     'preface.md:5:1: text before the first title (a title line starts with "# ")', 2),
]


def run(args, stdin=None, cwd=None):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, cwd=cwd)


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def case_help():
    proc = run(["--help"])
    out = proc.stdout.decode()
    check(proc.returncode == 0, f"--help exits {proc.returncode}")
    for command in ("typeset", "extract", "convert", "fonts"):
        check(re.search(rf"^\s+{command}\s", out, re.M), f"--help does not list {command}")
    proc = run([])
    check(proc.returncode == 2, f"no arguments exits {proc.returncode}, not 2")
    check(b"Usage:" in proc.stderr, "no arguments prints no usage on stderr")
    proc = run(["frobnicate"])
    check(proc.returncode == 2, f"an unknown command exits {proc.returncode}, not 2")
    check(b"unknown command 'frobnicate'" in proc.stderr, "unknown command not named")
    proc = run(["convert", "--help"])
    out = proc.stdout.decode()
    check(proc.returncode == 0, f"convert --help exits {proc.returncode}")
    for option in ("--output", "--from", "--to"):
        check(option in out, f"convert --help does not mention {option}")


def case_version():
    for flag in ("--version", "-V"):
        proc = run([flag])
        check(proc.returncode == 0, f"{flag} exits {proc.returncode}")
        check(re.fullmatch(rb"jianbao \d+\.\d+\.\d+\n", proc.stdout),
              f"{flag} prints {proc.stdout!r}")


def case_convert_errors():
    with tempfile.TemporaryDirectory() as tmp:
        for name, content, message, status in BAD_INPUTS:
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(content)
            out_ext = ".md" if name.endswith(".json") else ".json"
            # 1. No output file is created.
            out = os.path.join(tmp, "out" + out_ext)
            proc = run(["convert", name, "-o", out], cwd=tmp)
            err = proc.stderr.decode(errors="replace").rstrip("\n")
            check(proc.returncode == status, f"{name}: exit {proc.returncode}, not {status}")
            check(err == "jianbao: " + message, f"{name}: message {err!r}, not {message!r}")
            check(not os.path.exists(out), f"{name}: output file created")
            check(not [p for p in os.listdir(tmp) if p.startswith("out")],
                  f"{name}: a temporary file was left behind")
            # 2. An existing output file is left as it was.
            with open(out, "wb") as f:
                f.write(b"precious\n")
            os.utime(out, (1_000_000_000, 1_000_000_000))
            proc = run(["convert", name, "-o", out], cwd=tmp)
            check(proc.returncode == status, f"{name}: exit {proc.returncode} over existing file")
            with open(out, "rb") as f:
                check(f.read() == b"precious\n", f"{name}: existing output file changed")
            check(os.stat(out).st_mtime == 1_000_000_000, f"{name}: existing output touched")
            os.unlink(out)
            # 3. The input is unchanged.
            with open(path, "rb") as f:
                check(f.read() == content, f"{name}: input changed")


def case_convert_io():
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.md")
        with open(good, "w") as f:
            f.write(GOOD_MD)
        proc = run(["convert", os.path.join(tmp, "missing.md"), "-o",
                    os.path.join(tmp, "x.json")])
        check(proc.returncode == 1, f"missing input exits {proc.returncode}, not 1")
        check(b"missing.md: cannot open: " in proc.stderr, f"missing input: {proc.stderr!r}")
        out = os.path.join(tmp, "no-such-dir", "x.json")
        proc = run(["convert", good, "-o", out])
        check(proc.returncode == 1, f"unwritable output exits {proc.returncode}, not 1")
        check(b"x.json: cannot write: " in proc.stderr, f"unwritable output: {proc.stderr!r}")
        for args, what in ((["convert"], "no input"), (["convert", good, good], "two inputs"),
                           (["convert", good, "--from", "xml"], "--from xml"),
                           (["convert", good, "--bogus"], "unknown option")):
            proc = run(args)
            check(proc.returncode == 2, f"{what}: exit {proc.returncode}, not 2")
            check(proc.stderr.startswith(b"jianbao: "), f"{what}: stderr {proc.stderr!r}")
        proc = run(["convert", good, "-o", os.path.join(tmp, "x.txt")])
        check(proc.returncode == 2, f"unknown output extension exits {proc.returncode}")
        check(not os.path.exists(os.path.join(tmp, "x.txt")), "x.txt was created")


def loaded_libraries(proc):
    """The shared objects the dynamic loader opened in a run under LD_DEBUG=files."""
    return set(re.findall(r"file=(\S+) \[\d+\];\s+(?:needed by|dynamically loaded by)",
                          proc.stderr.decode(errors="replace")))


def case_json_plugin():
    """The program loads json-glib only for JSON: from its plugin, never when it typesets
    Markdown; without the plugin, JSON fails with a message naming it and writes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.md")
        with open(good, "w") as f:
            f.write(GOOD_MD)
        env = dict(os.environ, LD_DEBUG="files")
        proc = subprocess.run([CLI, "typeset", good, "-o", os.path.join(tmp, "x.pdf")],
                              capture_output=True, env=env)
        libs = loaded_libraries(proc)
        check(proc.returncode == 0, f"typeset: exit {proc.returncode}: {proc.stderr[-300:]!r}")
        check(libs, "LD_DEBUG=files listed no libraries")
        check(not any("json-glib" in lib or "libgio" in lib or "jianbao-json" in lib
                      for lib in libs), f"typesetting Markdown loaded {sorted(libs)}")
        out = os.path.join(tmp, "x.json")
        proc = subprocess.run([CLI, "convert", good, "-o", out], capture_output=True, env=env)
        libs = loaded_libraries(proc)
        check(proc.returncode == 0, f"convert: exit {proc.returncode}")
        check(any("jianbao-json.so" in lib for lib in libs) and
              any("json-glib" in lib for lib in libs),
              f"writing JSON did not load the plugin and json-glib: {sorted(libs)}")
        with open(out, encoding="utf-8") as f:
            check('"year": 2026' in f.read(), "the JSON written lost the year")

        # The program alone, away from its build tree: no plugin beside it.
        alone = os.path.join(tmp, "alone")
        os.mkdir(alone)
        program = os.path.join(alone, "jianbao")
        with open(CLI, "rb") as src, open(program, "wb") as dst:
            dst.write(src.read())
        os.chmod(program, 0o755)
        out2 = os.path.join(tmp, "x2.json")
        proc = subprocess.run([program, "convert", good, "-o", out2], capture_output=True)
        if b"is not installed" not in proc.stderr and proc.returncode == 0:
            print("SKIP part: a jianbao-json.so is installed system-wide")
            return
        check(proc.returncode == 1, f"no plugin: exit {proc.returncode}, not 1")
        check(b"jianbao-json.so is not installed (looked in " in proc.stderr,
              f"no plugin: {proc.stderr!r}")
        check(not os.path.exists(out2), "no plugin: the JSON file was created")
        proc = subprocess.run([program, "typeset", good, "-o", os.path.join(alone, "y.pdf")],
                              capture_output=True)
        check(proc.returncode == 0, f"no plugin: typesetting Markdown failed: {proc.stderr!r}")


def case_convert_stdio():
    with tempfile.TemporaryDirectory() as tmp:
        md = os.path.join(tmp, "good.md")
        with open(md, "w") as f:
            f.write(GOOD_MD)
        to_file = os.path.join(tmp, "good.json")
        proc = run(["convert", md, "-o", to_file])
        check(proc.returncode == 0, f"md -> json exits {proc.returncode}: {proc.stderr!r}")
        with open(to_file, "rb") as f:
            json_bytes = f.read()
        check(b'"year": 2026' in json_bytes and json_bytes.endswith(b"}\n"),
              f"unexpected JSON {json_bytes!r}")
        # Without -o, the other syntax goes to standard output.
        proc = run(["convert", md])
        check(proc.stdout == json_bytes, "convert IN without -o does not print the JSON")
        proc = run(["convert", "-", "--from", "md", "-o", "-", "--to", "json"],
                   stdin=GOOD_MD.encode())
        check(proc.stdout == json_bytes, "stdin -> stdout differs from file -> file")
        # The syntax of an unnamed input is sniffed when --from is not given.
        proc = run(["convert", "-", "--to", "md"], stdin=json_bytes)
        check(proc.returncode == 0 and proc.stdout.startswith(b"---\n"),
              f"sniffed JSON on stdin: {proc.returncode} {proc.stderr!r}")
        # --from overrides the extension.
        odd = os.path.join(tmp, "issue.txt")
        with open(odd, "w") as f:
            f.write(GOOD_MD)
        proc = run(["convert", odd, "--from", "md", "-o", os.path.join(tmp, "odd.json")])
        check(proc.returncode == 0, f"--from md on .txt exits {proc.returncode}")
        with open(os.path.join(tmp, "odd.json"), "rb") as f:
            check(f.read() == json_bytes, "--from md gives different JSON")
        # json -> md -> json is the identity on canonical JSON.
        back_md = os.path.join(tmp, "back.md")
        back_json = os.path.join(tmp, "back.json")
        check(run(["convert", to_file, "-o", back_md]).returncode == 0, "json -> md failed")
        check(run(["convert", back_md, "-o", back_json]).returncode == 0, "md -> json failed")
        with open(back_json, "rb") as f:
            check(f.read() == json_bytes, "json -> md -> json changed the file")
        # An existing output is replaced (atomically) on success.
        with open(to_file, "w") as f:
            f.write("old")
        check(run(["convert", md, "-o", to_file]).returncode == 0, "overwrite failed")
        with open(to_file, "rb") as f:
            check(f.read() == json_bytes, "existing output not replaced")


def case_special_outputs():
    """-o onto a FIFO writes into it instead of renaming a file over it (as root that once
    replaced /dev/null with a regular file); -o onto a symlink replaces the file it points
    to and keeps the link. Tested on a FIFO, not /dev/null, so a regression cannot break
    the machine. Every command writes through the same function: convert, typeset, extract."""
    import stat
    import threading
    with tempfile.TemporaryDirectory() as tmp:
        md = os.path.join(tmp, "good.md")
        with open(md, "w") as f:
            f.write(GOOD_MD)
        fifo = os.path.join(tmp, "fifo")
        os.mkfifo(fifo)
        got = {}

        def drain():
            with open(fifo, "rb") as f:
                got["data"] = f.read()
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        proc = run(["convert", md, "-o", fifo, "--to", "json"])
        reader.join(timeout=30)
        check(proc.returncode == 0, f"convert to a FIFO exits {proc.returncode}: {proc.stderr!r}")
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file")
        check(got.get("data", b"").startswith(b"{"), f"FIFO got {got.get('data')!r}")
        target = os.path.join(tmp, "real.json")
        with open(target, "w") as f:
            f.write("old")
        link = os.path.join(tmp, "link.json")
        os.symlink("real.json", link)
        proc = run(["convert", md, "-o", link])
        check(proc.returncode == 0, f"convert to a symlink exits {proc.returncode}")
        check(os.path.islink(link), "the symlink was replaced by a file")
        with open(target, "rb") as f:
            check(f.read().startswith(b"{"), "the symlink's target was not written")
        # A dangling symlink was replaced by a regular file: its target must be created.
        dangling = os.path.join(tmp, "dangling.json")
        os.symlink("new.json", dangling)
        proc = run(["convert", md, "-o", dangling])
        check(proc.returncode == 0, f"convert to a dangling symlink exits {proc.returncode}")
        check(os.path.islink(dangling), "the dangling symlink was replaced by a file")
        new = os.path.join(tmp, "new.json")
        check(os.path.isfile(new) and open(new, "rb").read().startswith(b"{"),
              "the dangling symlink's target was not created")
        # A relative target is relative to the link's directory, not the working directory.
        os.mkdir(os.path.join(tmp, "sub"))
        os.symlink("in-sub.json", os.path.join(tmp, "sub", "rel.json"))
        proc = run(["convert", md, "-o", os.path.join("sub", "rel.json")], cwd=tmp)
        check(proc.returncode == 0 and os.path.isfile(os.path.join(tmp, "sub", "in-sub.json")),
              f"a relative dangling link wrote elsewhere (exit {proc.returncode}): "
              f"{sorted(os.listdir(tmp))}")
        check(not os.path.exists(os.path.join(tmp, "in-sub.json")),
              "a relative dangling link was resolved against the working directory")
        # The setuid and setgid bits of the replaced file were copied to the new one.
        os.chmod(target, 0o6755)
        proc = run(["convert", md, "-o", target])
        mode = stat.S_IMODE(os.stat(target).st_mode)
        check(proc.returncode == 0 and mode == 0o755, f"replaced file has mode {mode:o}, not 755")
        leftovers = [n for n in os.listdir(tmp) if ".json." in n or n.startswith("fifo.")]
        check(not leftovers, f"temporary files left behind: {leftovers}")


CASES = {
    "help": case_help,
    "version": case_version,
    "convert-errors": case_convert_errors,
    "convert-io": case_convert_io,
    "convert-stdio": case_convert_stdio,
    "special-outputs": case_special_outputs,
    "json-plugin": case_json_plugin,
}


def main():
    if not CLI or not os.path.exists(CLI):
        print("SKIP: JB_CLI is not set or not built")
        return 77
    names = sys.argv[1:] or list(CASES)
    for name in names:
        CASES[name]()
    print(f"{', '.join(names)}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
