"""rasd.analyze_many: input order, the CLI's JSON Lines, bad items, and the GIL released."""

import json
import threading
import time

import pytest

import rasd
from conftest import cli_json
from own_texts import ARTICLES, COPY, PARAGRAPH, as_text


def test_order_and_equality_with_analyze():
    texts = [as_text(a) for a in ARTICLES] * 3
    results = list(rasd.analyze_many(texts, threads=2, keep_duplicates=True))
    assert len(results) == len(texts)
    for i, (t, r) in enumerate(zip(texts, results)):
        assert r == rasd.analyze(t, name=f"items:{i + 1}")


def test_records_equal_the_cli_on_json_lines(tmp_path, rasd_cli):
    records = ARTICLES + [COPY]
    path = tmp_path / "own.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    cli = cli_json(rasd_cli, str(path))
    for threads in (1, 2):
        ours = list(rasd.analyze_many(records, threads=threads, name=str(path)))
        assert ours == cli
    # The reprint is linked to the first report and not coded again, as the CLI does.
    assert ours[-1]["document"]["duplicate_of"] == "own-1"
    assert ours[-1]["events"] == []
    kept = list(rasd.analyze_many(records, keep_duplicates=True))
    assert kept[-1]["events"], "keep_duplicates codes the copy"


def test_a_generator_is_consumed_lazily():
    pulled = []

    def gen():
        for i in range(500):
            pulled.append(i)
            yield ARTICLES[i % len(ARTICLES)]["text"]

    it = rasd.analyze_many(gen(), threads=1, keep_duplicates=True)
    first = next(it)
    assert first["document"]["path"] == "items:1"
    assert len(pulled) < 500, "not everything is pulled before the first result"
    assert sum(1 for _ in it) == 499


def test_bad_items_raise_naming_the_item_and_the_iterator_goes_on():
    items = [ARTICLES[0]["text"], b"\xc3\x28", None, {"title": "no text"}, {"text": 5}, ARTICLES[2]["text"]]
    it = rasd.analyze_many(items, keep_duplicates=True)
    assert next(it)["document"]["path"] == "items:1"
    with pytest.raises(rasd.ReadError, match=r"^items:2: invalid UTF-8 at byte 0$") as e:
        next(it)
    assert e.value.input == "items:2"
    with pytest.raises(rasd.ReadError, match="items:3: expected a str, bytes or dict, not NoneType"):
        next(it)
    with pytest.raises(rasd.ReadError, match='items:4: the record has no "text"'):
        next(it)
    with pytest.raises(rasd.ReadError, match='items:5: "text" must be a str, not int'):
        next(it)
    assert next(it)["document"]["path"] == "items:6"
    with pytest.raises(StopIteration):
        next(it)


def test_errors_yield_keeps_one_result_per_item():
    out = list(rasd.analyze_many([b"\xc3", ARTICLES[1]["text"]], errors="yield", name="batch"))
    assert isinstance(out[0], rasd.ReadError) and out[0].input == "batch:1"
    assert out[1]["document"]["path"] == "batch:2"


def test_an_exception_in_the_iterable_comes_after_the_items_before_it():
    def gen():
        yield ARTICLES[0]["text"]
        raise KeyError("from the caller")

    it = rasd.analyze_many(gen())
    assert next(it)["events"]
    with pytest.raises(KeyError, match="from the caller"):
        next(it)


def test_bad_arguments():
    with pytest.raises(ValueError):
        rasd.analyze_many([], threads=0)
    with pytest.raises(ValueError):
        rasd.analyze_many([], errors="ignore")
    with pytest.raises(TypeError):
        rasd.analyze_many(None)
    assert list(rasd.analyze_many([])) == []


def spin_while(call):
    """Runs `call()` while another Python thread counts its turns (sleeping 1 ms between them);
    returns (the result, the turns taken during the call)."""
    turns = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            turns[0] += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.05)
    try:
        before = turns[0]
        result = call()
        during = turns[0] - before
    finally:
        stop.set()
        t.join()
    return result, during


# About 0.5 MB of text: long enough that the analysis takes well over 20 ms.
LONG = PARAGRAPH * 2000


def test_analyze_many_releases_the_gil():
    it = rasd.analyze_many([LONG], threads=1)
    result, during = spin_while(lambda: next(it))
    assert result["events"]
    # Holding the GIL through the analysis, the other thread could not take a single turn.
    assert during >= 20, f"the other thread took only {during} turns while Rust worked"


def test_analyze_releases_the_gil():
    result, during = spin_while(lambda: rasd.analyze(LONG))
    assert result["events"]
    assert during >= 20, f"the other thread took only {during} turns while Rust worked"


def test_threads_calling_analyze_at_once():
    texts = [as_text(a) for a in ARTICLES]
    expected = [rasd.analyze(t) for t in texts]
    got = [None] * 8

    def work(i):
        got[i] = rasd.analyze(texts[i % len(texts)])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [expected[i % len(texts)] for i in range(8)]
