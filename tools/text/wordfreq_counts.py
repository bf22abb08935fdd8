#!/usr/bin/env python3
"""Writes `word<TAB>count` for the Arabic-script words of the `wordfreq` package's large Arabic list,
as pseudo-counts in a corpus of N tokens (default 1e8): count = N * frequency. wordfreq (PyPI,
Robyn Speer et al.) is Apache-2.0; its word-frequency data is CC BY-SA 4.0 (derived from Wikipedia,
subtitles, news, web text and more; see its README). Only frequencies leave the package, never text.

Usage (from the repository root; installs wordfreq's data file through pip, nothing at run time):
    python3 -m pip install --quiet msgpack
    python3 -m pip download --quiet --no-deps wordfreq==3.1.1 -d /tmp/wordfreq-wheel
    python3 tools/text/wordfreq_counts.py /tmp/wordfreq-wheel/wordfreq-3.1.1-py3-none-any.whl > /tmp/wordfreq_ar.tsv
The counts are then merged into crates/rasd-text/data/wordfreq.tsv by
`examples/build_wordlist.rs` (see crates/rasd-text/data/SOURCES.md for the full command).
"""
import gzip
import io
import re
import sys
import zipfile

import msgpack

N = float(sys.argv[2]) if len(sys.argv) > 2 else 1e8
ARABIC_WORD = re.compile(r"^[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670]+$")


def main():
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        raw = wheel.read("wordfreq/data/large_ar.msgpack.gz")
    bins = msgpack.unpackb(gzip.GzipFile(fileobj=io.BytesIO(raw)).read(), raw=False)
    # bins[0] is a header; bins[i] lists the words whose frequency is 10^(-i/100).
    out = sys.stdout
    for i, words in enumerate(bins[1:], 1):
        count = round(N * 10 ** (-i / 100))
        if count < 1:
            break
        for w in words:
            if ARABIC_WORD.match(w):
                out.write(f"{w}\t{count}\n")


if __name__ == "__main__":
    main()
