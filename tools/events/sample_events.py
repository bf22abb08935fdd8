#!/usr/bin/env python3
"""A seeded sample of coded events with the sentence that carries each, for a hand check.

    ./target/release/rasd analyze --format json ARTICLES.jsonl > out.jsonl
    python3 tools/events/sample_events.py out.jsonl 30 41

Prints, per event: the document id, type/mode, source → target, date interval, place, modality,
the trigger, and the evidence sentence (first 400 characters). The events of the whole file are
shuffled with Python's `random.Random(SEED)` and the first N kept. Only the standard library is used.
"""

import json
import random
import sys


def names(actors):
    return ",".join(a.get("name_en") or a.get("name_ar") or "?" for a in actors) or "—"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: sample_events.py ANALYSES.jsonl N SEED")
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    events = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            doc = d.get("document") or {}
            for e in d.get("events", []):
                events.append((doc.get("id", "?"), e))
    random.Random(seed).shuffle(events)
    for i, (doc, e) in enumerate(events[:n], 1):
        ev = e["evidence"][0]
        date = e.get("date") or {}
        place = (e.get("location") or {}).get("name_en", "-")
        print(f"{i}. [{doc}] {e['type']}/{e.get('mode')} {names(e['source'])} → {names(e['target'])} | "
              f"{date.get('start')}..{date.get('end')} | {place} | {e['modality']} | «{ev['trigger']}»")
        print("   ", ev["text"][:400])


if __name__ == "__main__":
    main()
