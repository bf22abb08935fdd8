"""rasd.analyze: the seed article, equality with the CLI's JSON, and bad input."""

import datetime
import json

import pytest

import rasd
from conftest import cli_json, shared_file
from own_texts import ARTICLES, PARAGRAPH, as_text

SEED = "seed/000_86d1016291de20f4.txt"


def check_spans(text: str, result: dict) -> None:
    """Every start/end is a UTF-8 byte range into the text, and `text` is that slice."""
    raw = text.encode("utf-8")
    for e in result["entities"]:
        for m in e["mentions"]:
            assert raw[m["start"] : m["end"]].decode("utf-8") == m["text"]
    for ev in result["events"]:
        for x in ev["evidence"]:
            assert raw[x["start"] : x["end"]].decode("utf-8") == x["text"]


def consult_with(result: dict, other: str, mode=None) -> list:
    def names(ev):
        return [a["name_en"] for a in ev["source"] + ev["target"]]

    return [
        ev
        for ev in result["events"]
        if ev["type"] == "CONSULT" and mode in (None, ev["mode"]) and "Khalifa Haftar" in names(ev) and other in names(ev)
    ]


def test_seed_article_five_dated_meetings():
    path = shared_file(SEED)
    text = path.read_text(encoding="utf-8")
    r = rasd.analyze(text)
    check_spans(text, r)
    assert r["document"]["published"] == "2025-05-12"
    assert r["events"][0]["type"] == "CONSULT"
    # The arrival (a visit to Russia), the reception, two meetings with ministers, then Putin.
    expected = {
        "Russia": ("2025-05-08", "2025-05-08"),
        "Yunus-Bek Yevkurov": ("2025-05-08", "2025-05-08"),
        "Sergei Shoigu": ("2025-05-09", "2025-05-09"),
        "Andrei Belousov": ("2025-05-10", "2025-05-10"),
    }
    for who, (start, end) in expected.items():
        evs = consult_with(r, who, "visit" if who == "Russia" else None)
        assert len(evs) == 1, f"one CONSULT event with {who}"
        assert (evs[0]["date"]["start"], evs[0]["date"]["end"]) == (start, end), who
        assert evs[0]["location"]["name_en"] in ("Moscow", "Red Square", "Kremlin"), who
    putin = consult_with(r, "Vladimir Putin")
    assert len(putin) == 1, "one meeting with Putin, however often it is mentioned"
    assert putin[0]["mentions"] >= 3
    assert putin[0]["date"]["end"] == "2025-05-10" and putin[0]["date"]["start"] < "2025-05-10"


def test_same_json_as_the_cli(tmp_path, rasd_cli):
    for i, a in enumerate(ARTICLES):
        path = tmp_path / f"article{i}.txt"
        path.write_text(as_text(a), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        (cli,) = cli_json(rasd_cli, str(path))
        assert rasd.analyze(text, name=str(path)) == cli
        # The publication date given as an option, as a str and as a date.
        (cli,) = cli_json(rasd_cli, "--published", "2025-01-02", str(path))
        assert rasd.analyze(text, published="2025-01-02", name=str(path)) == cli
        assert rasd.analyze(text, published=datetime.date(2025, 1, 2), name=str(path)) == cli
        assert cli["events"], "the comparison covers events"


def test_key_order_is_the_cli_order():
    r = rasd.analyze(as_text(ARTICLES[0]))
    assert list(r) == ["rasd_version", "document", "entities", "events", "times"]
    assert r["rasd_version"] == rasd.__version__ == rasd.version()


def test_title_and_name():
    r = rasd.analyze(ARTICLES[2]["text"], title="عنوان من المستخدم", name="doha.txt")
    assert r["document"]["title"] == "عنوان من المستخدم"
    assert r["document"]["path"] == "doha.txt"
    assert r["document"]["id"].startswith("doha-")


def test_bytes_are_read_as_utf8():
    text = as_text(ARTICLES[1])
    assert rasd.analyze(text.encode("utf-8")) == rasd.analyze(text)


def test_bytes_not_utf8_raise_read_error_naming_the_input():
    bad = "التقى الرئيس".encode("utf-8") + b"\xff\xfe rest"
    with pytest.raises(rasd.ReadError) as e:
        rasd.analyze(bad, name="bad.txt")
    assert e.value.input == "bad.txt"
    assert str(e.value) == f"bad.txt: invalid UTF-8 at byte {len('التقى الرئيس'.encode())}"
    assert isinstance(e.value, rasd.RasdError)


@pytest.mark.parametrize("value", [None, 42, ["text"], {"text": "x"}])
def test_not_a_text_is_a_type_error(value):
    with pytest.raises(TypeError, match="expected a str or bytes"):
        rasd.analyze(value)


def test_empty_text_and_nul_bytes_are_read_errors():
    with pytest.raises(rasd.ReadError, match="text: empty input"):
        rasd.analyze("")
    with pytest.raises(rasd.ReadError, match="NUL byte at byte 3"):
        rasd.analyze("abc\0def")


def test_lone_surrogate_is_a_read_error():
    with pytest.raises(rasd.ReadError, match="lone surrogates"):
        rasd.analyze("التقى \ud800")


def test_bad_published_date():
    with pytest.raises(ValueError, match='published="12/05/2025" is not a date'):
        rasd.analyze(ARTICLES[0]["text"], published="12/05/2025")


def test_ten_megabyte_string_is_cut_not_crashed():
    text = PARAGRAPH * (10_000_000 // len(PARAGRAPH.encode("utf-8")) + 1)
    assert len(text.encode("utf-8")) > 10_000_000
    r = rasd.analyze(text)
    assert any("only its first" in w for w in r["document"]["warnings"]), r["document"]["warnings"]
    limit = 2 << 20
    for ev in r["events"]:
        assert all(x["end"] <= limit for x in ev["evidence"])
    check_spans(text, r)
    assert r["events"], "the analysed part is coded"


def test_result_is_plain_json():
    r = rasd.analyze(as_text(ARTICLES[3]))
    assert json.loads(json.dumps(r, ensure_ascii=False)) == r
