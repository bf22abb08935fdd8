#!/usr/bin/env python3
"""Consistency checks for the rasd-kb people / orgs / roles / offices source files.

Usage: python3 tools/kb/check_people_orgs.py [DATA_DIR]
Exits non-zero and prints one line per problem when a check fails.

Checks:
  * each file has the expected header and every row has the right number of columns;
  * ids are unique across people.tsv and orgs.tsv (and role keys within roles.tsv);
  * id shapes: Wikidata QID or `person:`/`org:` slug; `wikidata` cells are QIDs;
  * country cells are three upper-case letters; enumerated cells (kind, sector,
    single_holder) take allowed values;
  * Arabic-name cells hold Arabic script only, no empty list items, no leading proclitic و;
  * offices.tsv: holder exists in people.tsv, role in roles.tsv, org in orgs.tsv,
    each term is scoped by a country or an org, dates parse, start <= end;
  * for roles with single_holder=yes, terms of the same (role, country, org) never overlap.
    A term ending on day D and the next one starting on D is allowed. Imprecise dates are
    read as rasd-kb reads them: a start `YYYY-MM` is the first day of the month, an end
    `YYYY-MM` the last day (same for years), so a term ending `2025-08` overlaps one starting
    `2025-08` — give a day, or end the earlier term in the previous month.
"""
import calendar
import datetime as dt
import os
import re
import sys
from collections import defaultdict

HEADERS = {
    "people.tsv": ["id", "name_en", "names_ar", "short_names_ar", "country", "sector", "wikidata"],
    "orgs.tsv": ["id", "kind", "name_en", "names_ar", "country", "sector", "wikidata"],
    "roles.tsv": ["role", "name_en", "titles_ar", "sector", "single_holder"],
    "offices.tsv": ["role", "country", "org", "holder", "start", "end"],
}
SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "IGO", "NGO",
           "BUS", "CVL", "REL", "EDU", "CRM", "UAF"}
ORG_KINDS = {"organization", "group"}
QID = re.compile(r"^Q[1-9][0-9]*$")
SLUG = {"people.tsv": re.compile(r"^person:[a-z0-9]+(-[a-z0-9]+)*$"),
        "orgs.tsv": re.compile(r"^org:[a-z0-9]+(-[a-z0-9]+)*$")}
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Arabic letters, spaces, and the few punctuation marks names may carry.
ARABIC_CELL = re.compile(r"^[\u0600-\u06FF\u0750-\u077F0-9 +\-'.()]+$")

problems = []
warnings = []


def normalise(name):
    """The folding rasd applies before lookup (see data/README.md)."""
    name = re.sub("[\u064B-\u0652\u0670\u0640]", "", name)
    name = re.sub("[\u0623\u0625\u0622\u0671]", "\u0627", name)
    return name.replace("\u0649", "\u064A").replace("\u0629", "\u0647")


def problem(where, msg):
    problems.append(f"{where}: {msg}")


def read(path, name):
    """Yield (line_no, cells) for data rows; check the header."""
    rows = []
    header_seen = False
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.endswith("\r"):
                problem(f"{name}:{n}", "CRLF line ending")
                line = line.rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if not header_seen:
                header_seen = True
                if cells != HEADERS[name]:
                    problem(f"{name}:{n}", f"header {cells} != {HEADERS[name]}")
                continue
            if len(cells) != len(HEADERS[name]):
                problem(f"{name}:{n}", f"{len(cells)} columns, expected {len(HEADERS[name])}")
                continue
            for c in cells:
                if c != c.strip():
                    problem(f"{name}:{n}", f"cell has surrounding whitespace: {c!r}")
            rows.append((n, dict(zip(HEADERS[name], cells))))
    if not header_seen:
        problem(name, "no header row")
    return rows


def parse_date(s, end=False):
    """Earliest day of the period named by s (YYYY, YYYY-MM or YYYY-MM-DD).
    With end=True, return the latest day instead. None when s does not parse."""
    m = DATE.match(s)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return dt.date(y, int(mo), int(d))
        if mo:
            mo = int(mo)
            return dt.date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
        return dt.date(y, 12, 31) if end else dt.date(y, 1, 1)
    except ValueError:
        return None


def check_arabic_list(where, col, value, required):
    if not value:
        if required:
            problem(where, f"{col} is empty")
        return
    for item in value.split("|"):
        if not item:
            problem(where, f"{col} has an empty list item: {value!r}")
        elif not ARABIC_CELL.match(item):
            problem(where, f"{col} item is not Arabic script: {item!r}")
        elif item != item.strip() or "  " in item:
            problem(where, f"{col} item has stray spaces: {item!r}")
    items = value.split("|")
    if len(items) != len(set(items)):
        problem(where, f"{col} has duplicate items: {value!r}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "crates", "rasd-kb", "data")
    tables = {}
    for name in HEADERS:
        path = os.path.join(data, name)
        if not os.path.exists(path):
            problem(name, "missing")
            tables[name] = []
            continue
        tables[name] = read(path, name)

    ids = {}
    for name in ("people.tsv", "orgs.tsv"):
        for n, r in tables[name]:
            where = f"{name}:{n}"
            i = r["id"]
            if i in ids:
                problem(where, f"duplicate id {i} (also {ids[i]})")
            ids[i] = where
            if not (QID.match(i) or SLUG[name].match(i)):
                problem(where, f"bad id {i!r}")
            if QID.match(i) and r["wikidata"] != i:
                problem(where, f"id is a QID but wikidata is {r['wikidata']!r}")
            if r["wikidata"] and not QID.match(r["wikidata"]):
                problem(where, f"bad wikidata {r['wikidata']!r}")
            if not r["name_en"]:
                problem(where, "name_en is empty")
            if r["country"] and not ISO3.match(r["country"]):
                problem(where, f"bad country {r['country']!r}")
            if r["sector"] and r["sector"] not in SECTORS:
                problem(where, f"bad sector {r['sector']!r}")
            check_arabic_list(where, "names_ar", r["names_ar"], True)
            if name == "people.tsv":
                check_arabic_list(where, "short_names_ar", r["short_names_ar"], False)
            else:
                if r["kind"] not in ORG_KINDS:
                    problem(where, f"bad kind {r['kind']!r}")
    qids = defaultdict(list)
    for name in ("people.tsv", "orgs.tsv"):
        for n, r in tables[name]:
            if r["wikidata"]:
                qids[r["wikidata"]].append(f"{name}:{n}")
    for q, wh in qids.items():
        if len(wh) > 1:
            problem(wh[0], f"wikidata {q} used by several rows: {wh}")

    people = {r["id"] for _, r in tables["people.tsv"]}
    orgs = {r["id"] for _, r in tables["orgs.tsv"]}
    roles = {}
    for n, r in tables["roles.tsv"]:
        where = f"roles.tsv:{n}"
        if r["role"] in roles:
            problem(where, f"duplicate role {r['role']}")
        if not re.match(r"^[a-z]+(_[a-z]+)*$", r["role"]):
            problem(where, f"bad role key {r['role']!r}")
        if r["single_holder"] not in ("yes", "no"):
            problem(where, f"single_holder must be yes/no, got {r['single_holder']!r}")
        if r["sector"] and r["sector"] not in SECTORS:
            problem(where, f"bad sector {r['sector']!r}")
        check_arabic_list(where, "titles_ar", r["titles_ar"], True)
        roles[r["role"]] = r

    terms = defaultdict(list)
    seen_rows = set()
    for n, r in tables["offices.tsv"]:
        where = f"offices.tsv:{n}"
        key = tuple(r.values())
        if key in seen_rows:
            problem(where, "duplicate row")
        seen_rows.add(key)
        if r["role"] not in roles:
            problem(where, f"unknown role {r['role']!r}")
        if r["holder"] not in people:
            problem(where, f"holder {r['holder']!r} not in people.tsv")
        if r["org"] and r["org"] not in orgs:
            problem(where, f"org {r['org']!r} not in orgs.tsv")
        if r["country"] and not ISO3.match(r["country"]):
            problem(where, f"bad country {r['country']!r}")
        if not r["country"] and not r["org"]:
            problem(where, "term scoped by neither country nor org")
        start = end = None
        if r["start"]:
            start = parse_date(r["start"])
            if start is None:
                problem(where, f"bad start date {r['start']!r}")
        if r["end"]:
            end = parse_date(r["end"], end=True)
            if end is None:
                problem(where, f"bad end date {r['end']!r}")
        if start and end and parse_date(r["end"]) < start:
            problem(where, f"start {r['start']} after end {r['end']}")
        if r["role"] in roles and roles[r["role"]]["single_holder"] == "yes":
            terms[(r["role"], r["country"], r["org"])].append((where, r))

    far = dt.date(9999, 12, 31)
    for scope, ts in terms.items():
        spans = []
        for where, r in ts:
            if not r["start"]:
                continue  # unknown start: cannot check
            s = parse_date(r["start"])
            e = parse_date(r["end"], end=True) if r["end"] else far
            if s is None or e is None:
                continue
            spans.append((s, e, where, r))
        spans.sort(key=lambda x: (x[0], x[1]))
        for i in range(len(spans)):
            for j in range(i + 1, len(spans)):
                s1, e1, w1, r1 = spans[i]
                s2, e2, w2, r2 = spans[j]
                if s2 >= e1:
                    continue
                if r1["holder"] == r2["holder"] and s2 == s1 and e1 == e2:
                    continue
                problem(w2, f"{scope} term of {r2['holder']} ({r2['start']}..{r2['end'] or ''}) "
                            f"overlaps {r1['holder']} ({r1['start']}..{r1['end'] or ''}) at {w1}")

    # warnings: Arabic names shared by different entities, unknown country codes
    owners = defaultdict(set)
    for name, cols in (("people.tsv", ("names_ar", "short_names_ar")), ("orgs.tsv", ("names_ar",))):
        for _, r in tables[name]:
            for col in cols:
                for item in filter(None, r[col].split("|")):
                    owners[normalise(item)].add(r["id"])
    for item, who in sorted(owners.items()):
        if len(who) > 1:
            warnings.append(f"name {item!r} is shared by {sorted(who)}")
    cpath = os.path.join(data, "countries.tsv")
    if os.path.exists(cpath):
        known = set()
        with open(cpath, encoding="utf-8") as f:
            header = None
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.rstrip("\n").split("\t")
                if header is None:
                    header = cells
                    continue
                known.add(cells[0])
        for name in ("people.tsv", "orgs.tsv", "offices.tsv"):
            for n, r in tables[name]:
                if r["country"] and r["country"] not in known:
                    warnings.append(f"{name}:{n}: country {r['country']} not in countries.tsv")

    counts = {k: len(v) for k, v in tables.items()}
    used_people = {r["holder"] for _, r in tables["offices.tsv"]}
    print("rows: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f"; people holding an office: {len(used_people & people)}")
    for w in warnings:
        print("  warning: " + w)
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
