#!/usr/bin/env python3
"""Corpus report for the event coder (issue 7): events per article, the share of events with a
date and with a location, type and modality counts, and a seeded random sample of events to
check by hand.

    head -300 ../shared/corpus/ant-multisource/ant_politics_sample2000.jsonl > /tmp/c300.jsonl
    ./target/release/rasd analyze --format json /tmp/c300.jsonl > /tmp/c300.out.jsonl
    python3 tools/events/corpus_report.py /tmp/c300.out.jsonl --sample 50 --seed 7

The input is rasd's JSON output (one analysis per line). Only the standard library is used.
"""

import argparse
import collections
import json
import random
import sys


def names(side):
    return " + ".join(a.get("name_en") or a.get("name_ar") or a.get("entity", "?") for a in side) or "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("analyses", help="rasd analyze --format json output (JSON Lines)")
    ap.add_argument("--sample", type=int, default=50, help="events to list for a hand check")
    ap.add_argument("--seed", type=int, default=7, help="seed of the sample")
    args = ap.parse_args()

    docs = 0
    bad = 0
    events = []
    with open(args.analyses, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{args.analyses}:{n}: not JSON ({e}); skipped", file=sys.stderr)
                bad += 1
                continue
            docs += 1
            doc_id = d.get("document", {}).get("id", f"line {n}")
            for e in d.get("events", []):
                events.append((doc_id, e))

    if docs == 0:
        sys.exit(f"{args.analyses}: no analyses")
    with_events = len({doc for doc, _ in events})
    dated = sum(1 for _, e in events if e.get("date"))
    placed = sum(1 for _, e in events if e.get("location"))
    attributed = sum(1 for _, e in events if e.get("reported_by"))
    print(f"articles                 {docs}" + (f" ({bad} unreadable lines skipped)" if bad else ""))
    print(f"articles with an event   {with_events} ({100 * with_events / docs:.1f} %)")
    print(f"events                   {len(events)}")
    print(f"events per article       {len(events) / docs:.2f}")
    if events:
        print(f"events with a date       {dated} ({100 * dated / len(events):.1f} %)")
        print(f"events with a location   {placed} ({100 * placed / len(events):.1f} %)")
        print(f"events with a reporter   {attributed} ({100 * attributed / len(events):.1f} %)")
    types = collections.Counter(e["type"] for _, e in events)
    print("types                    " + ", ".join(f"{t} {c}" for t, c in types.most_common()))
    modality = collections.Counter(e.get("modality", "?") for _, e in events)
    print("modality                 " + ", ".join(f"{m} {c}" for m, c in modality.most_common()))

    rng = random.Random(args.seed)
    sample = rng.sample(events, min(args.sample, len(events)))
    print(f"\nsample of {len(sample)} events (seed {args.seed}):")
    for i, (doc, e) in enumerate(sample, 1):
        date = e.get("date")
        date = (date["start"] if date.get("start") == date.get("end") else f"{date.get('start')}..{date.get('end')}") if isinstance(date, dict) else (date or "undated")
        loc = (e.get("location") or {}).get("name_en") or "-"
        mode = "/" + e["mode"] if e.get("mode") else ""
        ev = (e.get("evidence") or [{}])[0]
        print(f"{i:2}. [{doc}] {e['type']}{mode} {names(e.get('source', []))} → {names(e.get('target', []))} "
              f"| {date} | {loc} | {e.get('modality')} | conf {e.get('confidence')}")
        print(f"    «{ev.get('trigger', '')}» {ev.get('text', '')[:400]}")


if __name__ == "__main__":
    main()
