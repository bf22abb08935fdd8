#!/usr/bin/env python3
"""Writes, as JSON Lines ({"text": ...}), the unannotated words of the annotated Arabic datasets whose
licences allow derived data to be committed: ANERcorp (CC BY-SA 4.0), NewsFANE (CC BY-SA 3.0) and the
Wojood sample (MIT). rasd's word-frequency list (crates/rasd-text/data/wordfreq.tsv) is built from it.
The news corpora under ../shared/corpus are licensed for benchmarks only and are never used for committed data.

Usage (from the repository root, with ../shared beside it):
    python3 tools/text/permitted_corpus.py > /tmp/permitted.jsonl
    MIN_COUNT=1 cargo run --release -p rasd-text --example build_wordlist -- /tmp/permitted.jsonl \
        > crates/rasd-text/data/wordfreq.tsv
"""
import json
import sys

SOURCES = [
    "../shared/data/anercorp/ANERCorp_original.txt",
    "../shared/data/wojood-sample/train.txt",
    "../shared/data/wojood-sample/val.txt",
    "../shared/data/wojood-sample/test.txt",
    "../shared/data/newsfane-gold/NewsFANE_Gold_2014_170K.txt",
]


def words(path):
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            yield cols[0].replace("\u200e", "").replace("\u200f", "")


def main():
    out = sys.stdout
    for path in SOURCES:
        chunk = []
        for w in words(path):
            chunk.append(w)
            if len(chunk) >= 300:
                out.write(json.dumps({"text": " ".join(chunk)}, ensure_ascii=False) + "\n")
                chunk = []
        if chunk:
            out.write(json.dumps({"text": " ".join(chunk)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
