"""Plain records passed between stages.

These dataclasses are the contract of DESIGN.md: readers produce `Document`s, the
coder produces `Event`, `Quote` and `Citation` rows, the store persists all of
them as Arrow tables (see `schema.py`). Nothing here knows about spaCy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    """One news report as read from a source, before any coding.

    `doc_id` is derived from the normalised text (see `ids.doc_id`), so the same
    report read twice, from a file and from a URL, is one document.
    """

    doc_id: str
    text: str
    external_id: str | None = None  # the id the source gave (JSONL "id", feed guid)
    title: str | None = None
    publication: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or None when unknown
    published_source: str | None = None  # metadata | dateline | option | None
    author: str | None = None
    language: str | None = None  # ISO 639-1 code, detected or declared
    is_english: bool = True  # False: stored but skipped by the coder
    source: str = ""  # the path, URL or "PATH:LINE" the document came from
    source_kind: str = ""  # text | html | jsonl | feed | url
    read_at: str = ""  # UTC timestamp of the read, ISO 8601
    n_chars: int = 0

    def to_row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Event:
    """One directed dyadic event with its evidence (DESIGN.md's event row)."""

    event_id: str
    doc_id: str
    sentence_id: int
    char_start: int
    char_end: int
    sentence: str
    source_actor: str
    source_country: str | None
    source_role: str | None
    source_name: str | None
    source_mention: str
    target_actor: str
    target_country: str | None
    target_role: str | None
    target_name: str | None
    target_mention: str
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    event_date: str | None
    date_precision: str | None
    published: str | None
    report_sources: list[str] = field(default_factory=list)
    speaker: str | None = None
    mode: str = "asserted"
    location: str | None = None
    confidence: float = 1.0
    coder_version: str = ""
    trigger: str = ""
    # Where the event happened, when its sentence or passage says (`location` is the
    # gazetteer name): see multipolar.coder.geo. All None when no place is stated.
    location_type: str | None = None  # city | admin | country | sea | region
    location_country: str | None = None  # ISO 3166-1 alpha-3
    location_admin1: str | None = None  # GeoNames admin1 key, e.g. "IQ.07", "US.GA"
    location_lat: float | None = None
    location_lon: float | None = None
    location_id: str | None = None  # "geonames:<id>", "iso:<ISO3>" or "multipolar:<slug>"
    location_mention: str | None = None  # as written: "northern Iraq"
    location_start: int | None = None  # character offsets of the mention in the document
    location_end: int | None = None


@dataclass(slots=True)
class Quote:
    quote_id: str
    doc_id: str
    text: str
    char_start: int
    char_end: int
    speaker_name: str | None
    speaker_actor: str | None
    speaker_role: str | None
    cue: str | None
    coder_version: str = ""


@dataclass(slots=True)
class Citation:
    doc_id: str
    sentence_id: int
    sources: list[str]
    date: str | None
    char_start: int = 0
    char_end: int = 0
    sentence: str = ""
    coder_version: str = ""


@dataclass(slots=True)
class ReadError:
    """A source that could not be read: one line for the user, never a traceback."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(slots=True)
class ReadWarning:
    """Something the user should know about a source that was still read."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"
