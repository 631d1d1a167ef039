"""JSON Lines corpora: one document per line, as most event-data pipelines exchange them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .base import Item, ReadError, ReadOptions, SourceError, make_document

FIELDS = ("text", "id", "title", "url", "published", "publication", "language")


def read_jsonl_file(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """Each good line becomes a document; each bad line one error naming its number.

    The file is streamed: a corpus may be far larger than memory, and the size
    limit applies to each line (one document), not to the file.
    """
    if path.stat().st_size == 0:
        raise SourceError("file is empty")
    with path.open("rb") as fh:
        lineno = 0
        while True:
            raw = fh.readline(opts.max_bytes + 1)
            if not raw:
                break
            lineno += 1
            where = f"{path}:{lineno}"
            if len(raw) > opts.max_bytes and not raw.endswith(b"\n"):
                yield ReadError(where, f"line over the {opts.max_bytes:,}-byte limit; skipped")
                while raw and not raw.endswith(b"\n"):  # skip the rest without holding it
                    raw = fh.readline(1 << 20)
                continue
            if not raw.strip():
                continue
            try:
                yield parse_record(raw, where, opts)
            except SourceError as exc:
                yield ReadError(where, str(exc))


def parse_record(raw: bytes, where: str, opts: ReadOptions) -> Item:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        raise SourceError("line is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise SourceError(f"expected a JSON object, got {type(record).__name__}")
    return record_document(record, where, opts)


def record_document(record: dict, where: str, opts: ReadOptions, kind: str = "jsonl") -> Item:
    """One record (a JSON line, a Parquet row) with our fields into a document."""
    text = record.get("text")
    if not isinstance(text, str):
        raise SourceError('no "text" string field')
    for key in FIELDS[1:]:
        value = record.get(key)
        if value is not None and not isinstance(value, str | int):
            raise SourceError(f'field "{key}" must be a string')
    published = record.get("published")
    doc = make_document(
        text,
        source=where,
        kind=kind,
        opts=opts,
        title=record.get("title"),
        publication=record.get("publication"),
        url=record.get("url"),
        published=published,
        language=record.get("language"),
        external_id=str(record["id"]) if record.get("id") is not None else None,
    )
    if published and doc.published_source != "metadata":
        raise SourceError(f'field "published" is not a date: {published!r}')
    return doc
