"""rasd (رصد): Arabic news → dated, geolocated, source-attributed PLOVER political events.

Type stubs of the native module. Every result is the JSON contract of the `rasd` command line
(`rasd analyze --format json`, `rasd events --format json`, …) as plain Python objects.
"""

import datetime
import os
from collections.abc import Iterable, Iterator
from typing import Any, Literal, Optional, Sequence, Tuple, TypedDict, Union

__version__: str

# A document's coding: {"rasd_version", "document", "entities", "events", "times"} (see DESIGN.md).
Analysis = dict[str, Any]
DateLike = Union[str, datetime.date]
PathLike = Union[str, "os.PathLike[str]"]

class Record(TypedDict, total=False):
    """One article in the JSON Lines record form; only `text` is required."""

    text: str
    id: Union[str, int]
    title: Optional[str]
    date: Optional[DateLike]
    source: Optional[str]
    url: Optional[str]

class RasdError(Exception):
    """Base class of rasd's errors."""

class ReadError(RasdError):
    """An input or record could not be read (invalid UTF-8, empty, a NUL byte, a malformed record)."""

    input: str
    """The input or record: `text`, `items:3`, `news.jsonl:17`."""
    errors: list[str]
    """`Store.ingest` only: every failure of the run."""
    report: dict[str, Any]
    """`Store.ingest` only: the run's report (what was stored)."""

class AnalysisError(RasdError):
    """The analysis of one document failed with an internal error (a bug in rasd)."""

    input: str

class StoreError(RasdError):
    """The event database failed (cannot open, query or write)."""

def version() -> str:
    """The version of the rasd library inside this module."""

def analyze(
    text: Union[str, bytes],
    published: Optional[DateLike] = None,
    title: Optional[str] = None,
    *,
    name: str = "text",
) -> Analysis:
    """Analyse one article; returns the JSON contract of `rasd analyze --format json`.

    `text` is read as a text file is (optional `title:`/`date:`/`source:`/`url:` header block,
    newspaper layout); offsets are UTF-8 byte offsets into it. `published` overrides the
    publication date; `title` sets the title; `name` names the input in `document.path`, the
    default id and errors. Raises `ReadError` (invalid UTF-8, empty, NUL byte) or `TypeError`.
    Releases the GIL while rasd works.
    """

class AnalyzeMany(Iterator[Union[Analysis, ReadError, AnalysisError]]):
    """The iterator `analyze_many` returns: one result per item, in input order."""

    def __iter__(self) -> "AnalyzeMany": ...
    def __next__(self) -> Union[Analysis, ReadError, AnalysisError]: ...

def analyze_many(
    items: Iterable[Union[str, bytes, Record, dict[str, Any]]],
    threads: Optional[int] = None,
    *,
    published: Optional[DateLike] = None,
    keep_duplicates: bool = False,
    errors: Literal["raise", "yield"] = "raise",
    name: str = "items",
) -> AnalyzeMany:
    """Analyse many articles on `threads` threads (default: one per core), without the GIL.

    Items are texts (`str`/`bytes`) or record dicts (`{"text", "id"?, "title"?, "date"?,
    "source"?, "url"?}`); item N is named `f"{name}:{N}"`. Near-duplicates of an earlier item are
    linked (`document.duplicate_of`) and not coded again, unless `keep_duplicates`. A bad item
    raises `ReadError` (the iterator stays usable) or, with `errors="yield"`, is yielded as one.
    """

class Store:
    """A rasd event database: an SQLite file, or a `postgres://` URL."""

    def __init__(self, path_or_url: PathLike, *, create: bool = True) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Store": ...
    def __exit__(self, *args: object) -> None: ...
    def ingest(
        self,
        paths: Union[PathLike, Iterable[PathLike]],
        *,
        published: Optional[DateLike] = None,
        keep_duplicates: bool = False,
        threads: Optional[int] = None,
        batch: int = 256,
        merge: bool = True,
        format: Literal["auto", "text", "jsonl", "html", "feed", "warc"] = "auto",
        errors: Literal["raise", "return"] = "raise",
    ) -> dict[str, Any]:
        """Analyse articles into the database, as `rasd ingest`; returns the report
        (`stored`, `skipped`, `failed`, `errors`, `events`, `merged_events`, `seconds`)."""
    def merge(self, *, undo: bool = False) -> dict[str, int]:
        """Rebuild (or undo) the cross-document merged events, as `rasd merge`."""
    def events(
        self,
        *,
        limit: Optional[int] = 100,
        offset: int = 0,
        actor: Union[str, Sequence[str], None] = None,
        type: Optional[str] = None,
        country: Union[str, Sequence[str], None] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        near: Optional[Tuple[float, float, float]] = None,
        text: Optional[str] = None,
        source: Optional[str] = None,
    ) -> list[dict[str, Any]]:
        """Merged events matching the filters, by date (`rasd events --format json`)."""
    def count(
        self,
        *,
        actor: Union[str, Sequence[str], None] = None,
        type: Optional[str] = None,
        country: Union[str, Sequence[str], None] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        near: Optional[Tuple[float, float, float]] = None,
        text: Optional[str] = None,
        source: Optional[str] = None,
    ) -> int:
        """How many merged events match the filters."""
    def event(self, id: int) -> Optional[dict[str, Any]]:
        """One merged event with its reports and evidence (`rasd event ID`)."""
    def actors(
        self,
        top: int = 20,
        *,
        actor: Union[str, Sequence[str], None] = None,
        type: Optional[str] = None,
        country: Union[str, Sequence[str], None] = None,
        date_from: Optional[DateLike] = None,
        date_to: Optional[DateLike] = None,
        near: Optional[Tuple[float, float, float]] = None,
        text: Optional[str] = None,
        source: Optional[str] = None,
    ) -> list[dict[str, Any]]:
        """Actors by number of matching merged events (`rasd actors`)."""
    def search(self, words: Union[str, Sequence[str]], limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Full-text search over the stored articles (`rasd search`)."""
    def export(
        self,
        format: Literal["jsonl", "csv", "geojson", "graphml", "polecat", "acled"],
        path: Optional[PathLike] = None,
        **filters: Any,
    ) -> Union[str, int]:
        """The matching merged events in a field format (`rasd export`): the text, or the number
        of records written to `path`."""
    def events_frame(self, **filters: Any) -> Any:
        """The matching merged events as a pandas DataFrame (one row per merged event; dates as
        datetime64; `source_name`, `source_country`, `target_name`, … columns after ACLED's).
        Raises ImportError when pandas is not installed."""
    def counts(self) -> dict[str, int]:
        """documents, sources, entities, mentions, events, merged_events."""
