#!/usr/bin/env python3
"""Sanity checks for the rasd knowledge-base TSV files (crates/rasd-kb/data/*.tsv).

Run from the repository root:   python3 tools/kb/check_tsv.py [FILE ...]
With no argument it checks every known file that exists. Prints one line per problem and exits 1 if
there is an error (warnings alone exit 0). Standard library only.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "crates", "rasd-kb", "data")

SPEC = {
    "countries.tsv": {
        "columns": "iso3 name_en names_ar demonym_ar demonyms_extra_ar capital_en capital_ar capital_lat "
        "capital_lon lat lon wikidata status",
        "key": "iso3",
        "required": "iso3 name_en names_ar lat lon status",
    },
    "places.tsv": {
        "columns": "id kind name_en names_ar country lat lon population wikidata",
        "key": "id",
        "required": "id kind name_en names_ar lat lon",
    },
    "people.tsv": {
        "columns": "id name_en names_ar short_names_ar country sector wikidata",
        "key": "id",
        "required": "id name_en names_ar",
    },
    "orgs.tsv": {
        "columns": "id kind name_en names_ar country sector wikidata",
        "key": "id",
        "required": "id kind name_en names_ar",
    },
    "roles.tsv": {
        "columns": "role name_en titles_ar sector single_holder",
        "key": "role",
        "required": "role name_en titles_ar",
    },
    "offices.tsv": {
        "columns": "role country org holder start end",
        "key": None,
        "required": "role holder",
    },
}
ARABIC_COLS = {"names_ar", "demonym_ar", "demonyms_extra_ar", "capital_ar", "short_names_ar", "titles_ar"}
LAT_COLS = {"lat", "capital_lat"}
LON_COLS = {"lon", "capital_lon"}
PLACE_KINDS = {"city", "division", "region", "sea", "site"}
STATUSES = {"member", "observer", "other"}
LATIN = re.compile(r"[A-Za-z]")
ARABIC = re.compile(r"[\u0600-\u06FF]")
NUM = re.compile(r"^-?\d+\.\d{2,}$")
QID = re.compile(r"^Q[1-9]\d*$")
ID = re.compile(r"^(Q[1-9]\d*|[a-z]+:[a-z0-9]+(-[a-z0-9]+)*)$")
# A leading conjunction or preposition glued to the article (وال، لل); others give too many false hits.
PROCLITIC = re.compile(r"^(وال|لل)")


def fold(s):
    s = re.sub("[\u064B-\u0652\u0670\u0640]", "", s)
    return s.translate(str.maketrans("أإآٱىة", "اااايه"))


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f"ERROR {where}: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"warn  {where}: {msg}")


def read(path, rep):
    name = os.path.basename(path)
    spec = SPEC[name]
    cols = spec["columns"].split()
    header, rows = None, []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "\r" in text:
        rep.error(name, "carriage return found (use LF line ends)")
    if text and not text.endswith("\n"):
        rep.error(name, "file does not end with a newline")
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header != cols:
                rep.error(f"{name}:{n}", f"header {header} != {cols}")
            continue
        if len(cells) != len(cols):
            rep.error(f"{name}:{n}", f"{len(cells)} cells, expected {len(cols)}")
            continue
        rows.append((n, dict(zip(cols, cells))))
    if header is None:
        rep.error(name, "no header row")
    return rows


def check_file(path, rep, countries):
    name = os.path.basename(path)
    spec = SPEC[name]
    rows = read(path, rep)
    required = spec["required"].split()
    seen = {}
    qids = {}
    for n, row in rows:
        where = f"{name}:{n}"
        for col, val in row.items():
            if val != val.strip():
                rep.error(where, f"{col}: leading/trailing space")
            if "  " in val:
                rep.error(where, f"{col}: double space")
        for col in required:
            if not row[col]:
                rep.error(where, f"empty required cell {col}")
        key = spec["key"]
        if key:
            k = row[key]
            if k in seen:
                rep.error(where, f"duplicate {key} {k!r} (first at line {seen[k]})")
            seen[k] = n
        for col in ARABIC_COLS & row.keys():
            val = row[col]
            if not val:
                continue
            if LATIN.search(val):
                rep.error(where, f"{col}: Latin letters in {val!r}")
            items = val.split("|")
            folded = set()
            for item in items:
                if not item.strip():
                    rep.error(where, f"{col}: empty list item in {val!r}")
                    continue
                if item != item.strip():
                    rep.error(where, f"{col}: spaces around {item!r}")
                if not ARABIC.search(item):
                    rep.error(where, f"{col}: no Arabic letter in {item!r}")
                if PROCLITIC.match(item) and not item.startswith("اللاذقية"):
                    rep.warn(where, f"{col}: possible proclitic in {item!r}")
                fi = fold(item.strip())
                if fi in folded:
                    rep.warn(where, f"{col}: {item!r} repeats another item after normalisation")
                folded.add(fi)
        for col in ("name_en", "capital_en"):
            if col in row and ARABIC.search(row[col]):
                rep.error(where, f"{col}: Arabic letters in English cell")
        for col in (LAT_COLS | LON_COLS) & row.keys():
            val = row[col]
            if not val:
                continue
            if not NUM.match(val):
                rep.error(where, f"{col}: {val!r} is not a decimal with at least 2 decimals")
                continue
            lim = 90 if col in LAT_COLS else 180
            if not -lim <= float(val) <= lim:
                rep.error(where, f"{col}: {val} out of range")
        if row.get("wikidata"):
            q = row["wikidata"]
            if not QID.match(q):
                rep.error(where, f"wikidata {q!r} is not a QID")
            elif q in qids:
                rep.warn(where, f"wikidata {q} also used at line {qids[q]}")
            qids[q] = n
        if "id" in row and row["id"] and not ID.match(row["id"]):
            rep.error(where, f"id {row['id']!r} is neither a QID nor kind:kebab-slug")
        if name == "countries.tsv":
            if not re.match(r"^[A-Z]{3}$", row["iso3"]):
                rep.error(where, f"iso3 {row['iso3']!r}")
            if row["status"] not in STATUSES:
                rep.error(where, f"status {row['status']!r}")
            if bool(row["capital_lat"]) != bool(row["capital_lon"]):
                rep.error(where, "capital_lat/capital_lon: only one given")
        if name == "places.tsv":
            if row["kind"] not in PLACE_KINDS:
                rep.error(where, f"kind {row['kind']!r}")
            if row["population"] and not row["population"].isdigit():
                rep.error(where, f"population {row['population']!r} is not an integer")
        if "country" in row and row["country"] and countries is not None:
            if row["country"] not in countries:
                rep.error(where, f"country {row['country']!r} not in countries.tsv")
    return rows


def main(argv):
    rep = Report()
    files = argv or [os.path.join(DATA, f) for f in SPEC if os.path.exists(os.path.join(DATA, f))]
    countries = None
    cpath = os.path.join(DATA, "countries.tsv")
    if os.path.exists(cpath):
        countries = {r["iso3"] for _, r in read(cpath, Report())}
    for path in files:
        name = os.path.basename(path)
        if name not in SPEC:
            rep.error(name, "unknown file")
            continue
        rows = check_file(path, rep, countries)
        kinds = {}
        for _, r in rows:
            kinds[r.get("kind") or r.get("status") or "-"] = kinds.get(r.get("kind") or r.get("status") or "-", 0) + 1
        print(f"{name}: {len(rows)} rows " + " ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    print(f"{rep.errors} errors, {rep.warnings} warnings")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
