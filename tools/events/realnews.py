#!/usr/bin/env python3
"""The real-news event gold set: sampling, reading and checking (stdlib only).

    realnews.py sample            draw the articles (seeded) into crates/rasd-events/data/realnews/articles.tsv
    realnews.py show ID           print one article: title, date, outlet, then the text with each paragraph's
                                  byte offset (the offsets the gold uses: UTF-8 bytes into the record's `text`)
    realnews.py span ID WORDS [K] the byte span START:END of the K-th (1-based, default 1) occurrence of WORDS
    realnews.py jsonl dev|ID…      the records (JSON Lines on stdout) of the dev split or of the ids given, for
                                  `rasd analyze`/`rasd explain` while working on rules; test articles are
                                  refused (set RASD_ALLOW_TEST=1 only to score the finished work)
    realnews.py check [FILE…]     validate gold files (default: every gold/*.tsv): columns, types, modes,
                                  spans inside the text and on word boundaries, dates, known articles

The articles are read at run time from ../shared/corpus; no article text is written anywhere.
Sampling: both corpora, stratified by outlet and, within an outlet, by a security/political split
(a keyword test on the title and the opening); articles of 300–2,500 characters (a limit of the
annotation effort, stated in GUIDELINES.md); the ANT articles exclude the 2,000-article sample that
earlier rule work read. Split: dev when the first 8 hex digits of sha256(id) / 2^32 < 0.7, else test.
"""
import gzip
import hashlib
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("RASD_SHARED", os.path.join(ROOT, "..", "shared"))
DATA = os.path.join(ROOT, "crates", "rasd-events", "data", "realnews")
ANT = os.path.join(SHARED, "corpus", "ant-multisource", "ant_intl_mideast.jsonl.gz")
ANT_SAMPLE = os.path.join(SHARED, "corpus", "ant-multisource", "ant_politics_sample2000.jsonl")
SNN = os.path.join(SHARED, "corpus", "saudinewsnet", "saudinewsnet_politics_sample.jsonl")

SEED = 20261207
ANT_PER_OUTLET = 26
SNN_PER_OUTLET = 7
MIN_CHARS, MAX_CHARS = 300, 2500
DEV_SHARE = 0.7

SECURITY = re.compile(
    "قتل|مقتل|قتلى|هجوم|انفجار|تفجير|غارة|غارات|قصف|اشتباك|مسلح|اعتقال|معارك|صاروخ|اغتيال|خطف|عبوة|مظاهر|احتجاج"
)

TYPES = "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
MODALITIES = "asserted reported future hypothetical negated hedged".split()
COLUMNS = ["article", "type", "mode", "source", "target", "date", "place", "place_country", "modality", "trigger", "status"]


def split_of(doc_id):
    h = int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16)
    return "dev" if h / 2**32 < DEV_SHARE else "test"


def read_corpus(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def load_articles(ids=None):
    """id -> record, from both corpora (only the ids asked for, when given)."""
    out = {}
    for path in (ANT, SNN):
        if not os.path.exists(path):
            sys.exit(f"realnews.py: {path} is missing (the corpora are read from ../shared at run time)")
        for r in read_corpus(path):
            if ids is None or r["id"] in ids:
                out[r["id"]] = r
    return out


def stratum(r):
    head = r.get("title", "") + " " + r["text"][:600]
    return "security" if SECURITY.search(head) else "political"


def draw(records, per_outlet, rng):
    by_outlet = {}
    for r in records:
        by_outlet.setdefault(r["source"], {}).setdefault(stratum(r), []).append(r)
    chosen = []
    for outlet in sorted(by_outlet):
        strata = by_outlet[outlet]
        for s in strata.values():
            s.sort(key=lambda r: r["id"])
            rng.shuffle(s)
        half = per_outlet // 2
        sec, pol = strata.get("security", []), strata.get("political", [])
        take_sec = min(len(sec), per_outlet - min(len(pol), per_outlet - half))
        take_pol = min(len(pol), per_outlet - take_sec)
        chosen += [(r, "security") for r in sec[:take_sec]] + [(r, "political") for r in pol[:take_pol]]
    return chosen


def sample():
    rng = random.Random(SEED)
    seen = {json.loads(l)["id"] for l in open(ANT_SAMPLE, encoding="utf-8") if l.strip()}
    ok = lambda r: MIN_CHARS <= len(r["text"]) <= MAX_CHARS
    ant = [r for r in read_corpus(ANT) if r["id"] not in seen and ok(r)]
    snn = [r for r in read_corpus(SNN) if ok(r)]
    rows = [("ant", r, s) for r, s in draw(ant, ANT_PER_OUTLET, rng)] + [("snn", r, s) for r, s in draw(snn, SNN_PER_OUTLET, rng)]
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, "articles.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Drawn by `python3 tools/events/realnews.py sample` (seed %d); text_sha256 checks that ../shared has the same text.\n" % SEED)
        f.write("id\tcorpus\toutlet\tstratum\tsplit\tbytes\ttext_sha256\n")
        for corpus, r, s in rows:
            b = r["text"].encode()
            f.write(f"{r['id']}\t{corpus}\t{r['source']}\t{s}\t{split_of(r['id'])}\t{len(b)}\t{hashlib.sha256(b).hexdigest()}\n")
    dev = sum(split_of(r["id"]) == "dev" for _, r, _ in rows)
    print(f"{len(rows)} articles ({dev} dev, {len(rows) - dev} test) -> {path}")


def listed():
    path = os.path.join(DATA, "articles.tsv")
    rows = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or line.startswith("id\t"):
            continue
        c = line.rstrip("\n").split("\t")
        rows[c[0]] = dict(zip(["id", "corpus", "outlet", "stratum", "split", "bytes", "text_sha256"], c))
    return rows


def show(doc_id):
    r = load_articles({doc_id}).get(doc_id) or sys.exit(f"realnews.py: no article {doc_id}")
    print(f"id: {r['id']}\noutlet: {r['source']}\ndate: {r['date']}\ntitle: {r.get('title', '')}\n")
    b = r["text"].encode()
    pos = 0
    for para in r["text"].split("\n"):
        print(f"[{pos}] {para}")
        pos += len(para.encode()) + 1
    assert pos - 1 == len(b)


def span(doc_id, words, k=1):
    r = load_articles({doc_id}).get(doc_id) or sys.exit(f"realnews.py: no article {doc_id}")
    b, w = r["text"].encode(), words.encode()
    start = -1
    for _ in range(k):
        start = b.find(w, start + 1)
        if start < 0:
            sys.exit(f"realnews.py: {words!r} occurs fewer than {k} times in {doc_id}")
    print(f"{start}:{start + len(w)}")


def check(files):
    if not files:
        d = os.path.join(DATA, "gold")
        files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".tsv"))
    arts = listed()
    rows = []
    errors = []
    for path in files:
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("article\t"):
                continue
            c = line.split("\t")
            where = f"{path}:{n}"
            if len(c) != len(COLUMNS):
                errors.append(f"{where}: {len(c)} columns, expected {len(COLUMNS)}")
                continue
            rows.append((where, dict(zip(COLUMNS, c))))
    texts = load_articles({r["article"] for _, r in rows})
    for where, r in rows:
        e = lambda m: errors.append(f"{where}: {m}")
        if r["article"] not in arts:
            e(f"article {r['article']} is not in articles.tsv")
        if r["article"] not in texts:
            e(f"article {r['article']} is not in ../shared")
            continue
        if r["type"] not in TYPES and r["type"] != "NONE":
            e(f"unknown type {r['type']}")
        if r["modality"] not in MODALITIES and r["type"] != "NONE":
            e(f"unknown modality {r['modality']}")
        if r["status"] not in ("event", "background", "-"):
            e(f"status is event or background, not {r['status']}")
        if re.search("[\u0600-\u06ff]", r["mode"] + r["date"] + r["place"] + r["place_country"] + r["trigger"]):
            e("Arabic text outside an actor's [spelling]: the gold is stand-off")
        for cell in (r["source"], r["target"]):
            for a in filter(None, (x.strip() for x in cell.split(";"))):
                if a != "-" and re.search("[\u0600-\u06ff]", re.sub(r"\[[^\]]*\]", "", a)):
                    e(f"actor {a!r}: English name first, Arabic spelling only in [brackets]")
        if r["date"] != "-" and not re.fullmatch(r"\d{4}-\d\d-\d\d(\.\.\d{4}-\d\d-\d\d)?", r["date"]):
            e(f"bad date {r['date']}")
        if r["place_country"] != "-" and not re.fullmatch(r"[A-Z]{3}", r["place_country"]):
            e(f"bad place_country {r['place_country']}")
        if r["type"] == "NONE":
            continue
        m = re.fullmatch(r"(\d+):(\d+)", r["trigger"])
        b = texts[r["article"]]["text"].encode()
        if not m:
            e(f"bad trigger span {r['trigger']}")
        else:
            s, t = int(m.group(1)), int(m.group(2))
            if not (0 <= s < t <= len(b)):
                e(f"trigger span {s}:{t} outside the text ({len(b)} bytes)")
            else:
                try:
                    b[s:t].decode()
                except UnicodeDecodeError:
                    e(f"trigger span {s}:{t} cuts a character")
    annotated = {r["article"] for _, r in rows}
    for msg in errors:
        print(msg)
    print(f"{len(rows)} rows, {len(annotated)} articles, {len(errors)} errors")
    return 1 if errors else 0


def jsonl(args):
    arts = listed()
    ids = [i for i, a in arts.items() if a["split"] == "dev"] if args == ["dev"] else args
    if os.environ.get("RASD_ALLOW_TEST") != "1":
        bad = [i for i in ids if arts.get(i, {}).get("split") == "test"]
        if bad:
            sys.exit(f"realnews.py: {', '.join(bad)} in the test split: rules are written on dev only")
    recs = load_articles(set(ids))
    for i in ids:
        if i not in recs:
            sys.exit(f"realnews.py: no article {i}")
        r = recs[i]
        print(json.dumps({k: r.get(k) for k in ("id", "title", "date", "source", "url", "text")}, ensure_ascii=False))


if __name__ == "__main__":
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    if a[0] == "sample":
        sample()
    elif a[0] == "show" and len(a) == 2:
        show(a[1])
    elif a[0] == "span" and len(a) in (3, 4):
        span(a[1], a[2], int(a[3]) if len(a) == 4 else 1)
    elif a[0] == "jsonl" and len(a) >= 2:
        jsonl(a[1:])
    elif a[0] == "check":
        sys.exit(check(a[1:]))
    else:
        sys.exit(__doc__)
