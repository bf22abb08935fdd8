"""rasd.Store: a small database from our own texts, queries, exports and the DataFrame."""

import csv
import io
import json
import subprocess
import sys

import pytest

import rasd
from conftest import skip_unless_ci
from own_texts import ARTICLES, COPY


DB_PATH = {}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("store")
    src = d / "own.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ARTICLES + [COPY]), encoding="utf-8")
    path = d / "own.db"
    DB_PATH["db"] = str(path)
    store = rasd.Store(path)
    report = store.ingest(src, threads=2)
    assert report["stored"] == 5 and report["failed"] == 0 and report["errors"] == []
    assert report["events"] > 0 and report["merged_events"] > 0
    # Ingesting again stores nothing: every article is known by its content hash.
    again = store.ingest([str(src)])
    assert again["stored"] == 0 and again["skipped"] == 5
    return store


def pandas_or_skip():
    try:
        import pandas  # noqa: F401
    except ImportError:
        skip_unless_ci("pandas is not installed (pip install pandas)")
    return sys.modules["pandas"]


def test_two_reports_are_one_merged_event(db):
    evs = db.events(type="CONSULT", country=["EGY", "SAU"])
    cairo = [e for e in evs if e["date_start"] == "2025-03-09" and e["location"] and e["location"]["name_en"] == "Cairo"]
    assert len(cairo) == 1, evs
    assert cairo[0]["documents"] == 2 and cairo[0]["n_sources"] == 2
    names = {a["name_en"] for a in cairo[0]["source"] + cairo[0]["target"]}
    assert names == {"Abdel Fattah el-Sisi", "Faisal bin Farhan"}
    detail = db.event(cairo[0]["id"])
    assert len(detail["members"]) >= 2
    assert db.event(10**9) is None


def test_filters_and_counts(db):
    assert db.count() == len(db.events(limit=None))
    assert db.count(type="ASSAULT") >= 1
    assert db.count(type="CONSULT", date_from="2025-04-01") == db.count(type="CONSULT", country="QAT")
    assert db.count(actor="Hakan Fidan") >= 1
    assert db.counts()["documents"] == 5
    with pytest.raises(ValueError, match='type "MEET" is not a PLOVER type'):
        db.events(type="MEET")
    with pytest.raises(ValueError, match="ISO 3166 alpha-3"):
        db.events(country="Egypt")
    with pytest.raises(TypeError, match='unknown filter "from"'):
        db.events(**{"from": "2025-01-01"})


def test_actors_search_and_exports(db):
    top = db.actors(top=3, type="CONSULT")
    assert top[0]["events"] >= top[-1]["events"]
    assert {"Abdel Fattah el-Sisi", "Faisal bin Farhan"} & {a["actor"]["name_en"] for a in top}
    hits = db.search("فيدان")
    assert len(hits) == 1 and hits[0]["document"]["doc_id"] == "own-3"
    rows = list(csv.DictReader(io.StringIO(db.export("csv"))))
    assert len(rows) == db.count()
    lines = db.export("jsonl", type="CONSULT").splitlines()
    assert len(lines) == db.count(type="CONSULT")
    with pytest.raises(ValueError, match='format="xlsx"'):
        db.export("xlsx")


def test_events_frame(db):
    pd = pandas_or_skip()
    df = db.events_frame()
    assert len(df) == db.count()
    for c in ["event_id", "event_type", "event_date", "source_name", "source_country", "target_name", "target_country", "latitude"]:
        assert c in df.columns
    for c in ["event_date", "date_start", "date_end", "first_published", "last_published"]:
        assert pd.api.types.is_datetime64_any_dtype(df[c]), c
    assert df["latitude"].dtype.kind == "f"
    cairo = df[(df.event_type == "CONSULT") & (df.location == "Cairo") & (df.documents == 2)]
    assert len(cairo) == 1
    row = cairo.iloc[0]
    assert row.event_date == pd.Timestamp("2025-03-09")
    assert {row.source_country, row.target_country} == {"EGY", "SAU"}
    pairs = df[df.event_type == "CONSULT"].groupby(["source_country", "target_country"]).size()
    assert pairs.sum() >= 2
    assert len(db.events_frame(type="ASSAULT")) == db.count(type="ASSAULT")
    empty = db.events_frame(date_from="2030-01-01")
    assert len(empty) == 0 and pd.api.types.is_datetime64_any_dtype(empty["event_date"])


def test_events_frame_without_pandas_says_what_to_install(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        db.events_frame()


def test_ingest_errors_name_the_record_and_the_rest_is_stored(tmp_path):
    src = tmp_path / "mixed.jsonl"
    good = json.dumps(ARTICLES[2], ensure_ascii=False)
    src.write_bytes(b"not json\n" + good.encode("utf-8") + b"\n" + b'{"text": "\xff"}\n')
    store = rasd.Store(tmp_path / "mixed.db")
    with pytest.raises(rasd.ReadError) as e:
        store.ingest(src)
    assert e.value.input == f"{src}:1"
    assert "invalid JSON Lines record" in str(e.value) and "(and 1 more" in str(e.value)
    assert len(e.value.errors) == 2 and e.value.errors[1].startswith(f"{src}:3: invalid UTF-8")
    assert e.value.report["stored"] == 1
    assert store.counts()["documents"] == 1
    report = store.ingest(src, errors="return")
    assert report["failed"] == 2 and report["stored"] == 0


def test_store_errors(tmp_path):
    with pytest.raises(rasd.StoreError, match="no such database"):
        rasd.Store(tmp_path / "absent.db", create=False)
    store = rasd.Store(str(tmp_path / "closed.db"))
    store.close()
    with pytest.raises(rasd.StoreError, match="closed"):
        store.events()
    with rasd.Store(tmp_path / "ctx.db") as s:
        assert s.counts()["documents"] == 0


def test_queries_and_exports_equal_the_cli(db, rasd_cli):
    def cli(*args):
        out = subprocess.run([rasd_cli, *args, "--db", DB_PATH["db"]], capture_output=True, check=True)
        return out.stdout.decode("utf-8")

    events = [json.loads(line) for line in cli("events", "--format", "json", "--limit", "0").splitlines()]
    assert events == db.events(limit=None) and events
    consult = [json.loads(line) for line in cli("events", "--format", "json", "--type", "CONSULT", "--country", "EGY").splitlines()]
    assert consult == db.events(type="CONSULT", country="EGY") and consult
    actors = [json.loads(line) for line in cli("actors", "--format", "json", "--top", "5").splitlines()]
    assert actors == db.actors(5)
    for fmt in ("csv", "acled", "geojson", "graphml"):
        assert cli("export", "--format", fmt) == db.export(fmt), fmt
