#!/usr/bin/env python3
"""Compare rasd-time with dateparser on the same evaluation set, in one run.

Usage:
    python3 tools/bench/dateparser_compare.py [--eval PATH] [--workspace DIR] [--venv DIR]

* Creates (or reuses) a virtualenv under /tmp and installs `dateparser` into it; dateparser
  is never a dependency of rasd.
* Reads crates/rasd-time/data/eval.tsv (columns: published, sentence, expected_start,
  expected_end, precision, note; the expected expression is in [brackets], decoys in
  {braces}).
* For each row runs dateparser.search.search_dates(sentence, languages=['ar'],
  settings={'RELATIVE_BASE': published, 'PREFER_DATES_FROM': 'past'}) and scores it with
  the rule of rasd_time::eval: a bracketed row is right iff a found date overlaps the
  bracket and equals the expected interval. dateparser returns single datetimes, so it can
  only be right when the expected interval is one day (start == end) equal to its date;
  decoy rows are right iff nothing found overlaps the braces; rows with no marks are right
  iff nothing is found at all.
* Runs `cargo run --release -p rasd-time --example eval_time` (in --workspace, default the
  repository root) and prints a side-by-side table: accuracy, time in the tagger, speed ratio.
"""

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import time
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_EVAL = os.path.join(REPO, "crates", "rasd-time", "data", "eval.tsv")
DEFAULT_VENV = "/tmp/rasd-dateparser-venv"


def ensure_venv(path):
    """Re-exec this script inside a venv that has dateparser."""
    if os.environ.get("RASD_COMPARE_IN_VENV") == "1":
        return
    py = os.path.join(path, "bin", "python")
    if not os.path.exists(py):
        print(f"creating virtualenv {path}", file=sys.stderr)
        venv.create(path, with_pip=True)
    check = subprocess.run([py, "-c", "import dateparser"], capture_output=True)
    if check.returncode != 0:
        print("installing dateparser into the virtualenv", file=sys.stderr)
        subprocess.run([py, "-m", "pip", "install", "-q", "dateparser"], check=True)
    env = dict(os.environ, RASD_COMPARE_IN_VENV="1")
    os.execve(py, [py, os.path.abspath(__file__)] + sys.argv[1:], env)


def strip_marks(s):
    """Remove [..] / {..}; return clean text and (start, end, decoy) in characters."""
    out = []
    start = None
    mark = None
    for c in s:
        if c in "[{" and start is None:
            start = (len(out), c == "{")
        elif c in "]}" and start is not None:
            mark = (start[0], len(out), start[1])
            start = None
        else:
            out.append(c)
    return "".join(out), mark


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or (n == 1 and line.startswith("published")):
                continue
            cols = line.split("\t")
            pub = None if cols[0].strip() == "-" else dt.date.fromisoformat(cols[0].strip())
            text, mark = strip_marks(cols[1])
            prec = cols[4].strip()
            exp = None
            if prec != "none":
                exp = (dt.date.fromisoformat(cols[2].strip()), dt.date.fromisoformat(cols[3].strip()), prec)
            rows.append((n, pub, text, mark, exp))
    return rows


def locate(text, found):
    """Character spans of dateparser's matched strings, searched left to right."""
    spans = []
    pos = 0
    for surface, value in found:
        i = text.find(surface, pos)
        if i < 0:
            i = text.find(surface)
        if i < 0:
            continue
        spans.append((i, i + len(surface), value.date()))
        pos = i + len(surface)
    return spans


def run_dateparser(rows):
    from dateparser.search import search_dates

    correct = 0
    elapsed = 0.0
    for n, pub, text, mark, exp in rows:
        settings = {"PREFER_DATES_FROM": "past"}
        if pub is not None:
            settings["RELATIVE_BASE"] = dt.datetime(pub.year, pub.month, pub.day, 12, 0)
        t0 = time.perf_counter()
        try:
            found = search_dates(text, languages=["ar"], settings=settings) or []
        except Exception:  # dateparser raises on some inputs; count as nothing found
            found = []
        elapsed += time.perf_counter() - t0
        spans = locate(text, found)
        if mark is not None and not mark[2]:
            s, e, _ = mark
            ok = any(a < e and s < b and exp[0] == exp[1] == v for a, b, v in spans)
        elif mark is not None:
            s, e, _ = mark
            ok = not any(a < e and s < b for a, b, _ in spans)
        else:
            ok = not spans
        correct += ok
    return correct, len(rows), elapsed


def run_rasd(workspace, eval_path):
    cmd = ["cargo", "run", "--release", "-q", "-p", "rasd-time", "--example", "eval_time", "--", eval_path]
    proc = subprocess.run(cmd, cwd=workspace, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"rasd-time eval failed in {workspace}:\n{proc.stderr[-2000:]}")
    acc = re.search(r"^accuracy ([0-9.]+)$", proc.stdout, re.M)
    ms = re.search(r"^elapsed_ms ([0-9.]+)$", proc.stdout, re.M)
    rows = re.search(r"^rows (\d+) correct (\d+)$", proc.stdout, re.M)
    if not acc or not ms:
        sys.exit("could not parse eval_time output:\n" + proc.stdout[-2000:])
    return float(acc.group(1)), float(ms.group(1)) / 1000.0, rows.groups() if rows else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=DEFAULT_EVAL)
    ap.add_argument("--workspace", default=REPO, help="cargo workspace that contains rasd-time")
    ap.add_argument("--venv", default=DEFAULT_VENV)
    args = ap.parse_args()
    ensure_venv(args.venv)

    import dateparser

    rows = read_rows(args.eval)
    dp_correct, total, dp_secs = run_dateparser(rows)
    dp_acc = 100.0 * dp_correct / total if total else 0.0
    rs_acc, rs_secs, rs_rows = run_rasd(args.workspace, os.path.abspath(args.eval))

    ratio = dp_secs / rs_secs if rs_secs > 0 else float("inf")
    print(f"eval set: {args.eval} ({total} rows)")
    print(f"{'tagger':<28} {'accuracy %':>10} {'correct':>9} {'time in tagger':>15}")
    print(f"{'dateparser ' + dateparser.__version__:<28} {dp_acc:>10.2f} {dp_correct:>4}/{total:<4} {dp_secs * 1000:>12.1f} ms")
    rs_c = f"{rs_rows[1]}/{rs_rows[0]}" if rs_rows else "-"
    print(f"{'rasd-time (release)':<28} {rs_acc:>10.2f} {rs_c:>9} {rs_secs * 1000:>12.1f} ms")
    print(f"speed ratio: rasd-time is {ratio:,.0f}x faster than dateparser on this set")


if __name__ == "__main__":
    main()
