#!/usr/bin/env python3
"""Writes the Arabic word frequencies of the PyPI package `wordfreq` (code Apache-2.0, data CC BY-SA 4.0,
Robyn Speer; sources include Wikipedia, OpenSubtitles, ParaCrawl and other web text — see its README)
as `crates/rasd-ner/data/wordfreq_ar.tsv.gz`: a header line, then `word<TAB>centibels` per line, where
frequency = 10^(-centibels/100). Only words made of Arabic letters (and marks) are kept. The name tagger
turns these into frequency and article-use features (`rasd train ner` reads the file).

Usage (from the repository root):
    pip install wordfreq==3.1.1        # or: pip download --no-deps wordfreq==3.1.1 and pass the .whl
    python3 tools/ner/wordfreq_ar.py [WHEEL_OR_large_ar.msgpack.gz] > /dev/null
"""
import gzip
import io
import os
import re
import sys
import zipfile

import msgpack

OUT = "crates/rasd-ner/data/wordfreq_ar.tsv.gz"
ARABIC = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670\u0640]+$")


def open_list(arg):
    if arg is None:
        import wordfreq  # noqa: F401  (only to find the data folder)

        path = os.path.join(os.path.dirname(wordfreq.__file__), "data", "large_ar.msgpack.gz")
        return gzip.open(path)
    if arg.endswith(".whl"):
        with zipfile.ZipFile(arg) as z:
            return gzip.open(io.BytesIO(z.read("wordfreq/data/large_ar.msgpack.gz")))
    return gzip.open(arg)


def main():
    data = msgpack.load(open_list(sys.argv[1] if len(sys.argv) > 1 else None), raw=False)
    assert data[0].get("format") == "cB", data[0]
    rows = []
    for cb, words in enumerate(data[1:]):
        for w in words:
            if ARABIC.match(w):
                rows.append(f"{w}\t{cb}\n")
    # mtime=0: the same input gives a byte-identical file.
    with open(OUT, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as f:
            f.write(b"# rasd-ner wordfreq_ar 1 (wordfreq 3.1.1 large_ar, CC BY-SA 4.0)\n")
            f.write("".join(rows).encode("utf-8"))
    print(f"{OUT}: {len(rows)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
