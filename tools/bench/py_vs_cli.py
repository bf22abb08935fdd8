#!/usr/bin/env python3
"""rasd.analyze_many against `rasd analyze --format json` on the same JSON Lines file.

Usage: python tools/bench/py_vs_cli.py RASD_BINARY [JSONL] [--rounds N] [--threads T]

Both do the same work: read the records, analyse every article on one thread (the CLI's analyze
is single-threaded; analyze_many gets threads=1 unless --threads), and produce the JSON contract —
the CLI writes it to /dev/null, Python turns it into dicts. Rounds alternate (CLI, Python, CLI, …)
so that a change in the machine's load hits both. Prints wall and CPU seconds per run, the median
ratio, and the load average; checks that the two produced the same objects.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import rasd

DEFAULT = os.path.join(os.path.dirname(__file__), "../../../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl")


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_cli(binary: str, path: str) -> tuple:
    c0, t0 = children_cpu(), time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([binary, "analyze", "--format", "json", path], stdout=null, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0, children_cpu() - c0


def run_py(path: str, threads: int) -> tuple:
    c0, t0 = self_cpu(), time.perf_counter()
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    n = 0
    for doc in rasd.analyze_many(records, threads=threads, name=path):
        n += len(doc["events"])
    return time.perf_counter() - t0, self_cpu() - c0, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("jsonl", nargs="?", default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    out = subprocess.run([a.binary, "analyze", "--format", "json", a.jsonl], capture_output=True, check=False).stdout.decode()
    cli_docs = [json.loads(line) for line in out.splitlines() if line.strip()]
    with open(a.jsonl, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    same = list(rasd.analyze_many(records, threads=a.threads, name=a.jsonl)) == cli_docs
    print(f"{len(cli_docs)} documents; analyze_many equals the CLI's JSON Lines: {same}")
    ratios = []
    print(f"load before: {os.getloadavg()}")
    for i in range(a.rounds):
        cw, cc = run_cli(a.binary, a.jsonl)
        pw, pc, n = run_py(a.jsonl, a.threads)
        ratios.append(pw / cw)
        print(f"round {i + 1}: CLI {cw:.2f} s wall {cc:.2f} CPU-s | analyze_many(threads={a.threads}) {pw:.2f} s wall {pc:.2f} CPU-s ({n} events) | ratio {pw / cw:.3f} | load {os.getloadavg()[0]:.2f}")
    print(f"median ratio (Python / CLI, wall): {statistics.median(ratios):.3f}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
