"""RSS and Atom feeds: each item is a document."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from .base import Item, ReadError, ReadOptions, SourceError, check_size, make_document

_BLOCK = re.compile(r"(?i)</?(?:p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an item's HTML content, paragraphs kept apart."""
    import lxml.html

    if "<" not in fragment:
        return fragment
    marked = _BLOCK.sub("\n\n", fragment)
    try:
        return lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # lxml raises several types on broken markup  # noqa: BLE001
        return re.sub(r"<[^>]+>", " ", marked)


def _entry_text(entry: dict) -> str:
    content = entry.get("content") or []
    body = content[0].get("value") if content else entry.get("summary", "")
    return html_fragment_text(body or "").strip()


def feed_documents(data: bytes, *, source: str, opts: ReadOptions) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {str(problem).splitlines()[0]}" if problem else ""
        if parsed.get("version") or parsed.feed.get("title"):
            raise SourceError("feed has no items")
        raise SourceError(f"not a valid RSS/Atom feed{detail}")
    publication = parsed.feed.get("title")
    if parsed.get("bozo") and not any(_entry_text(e) for e in parsed.entries):
        problem = parsed.get("bozo_exception")
        raise SourceError(f"malformed feed: {str(problem).splitlines()[0] if problem else '?'}")
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#item{n}"
        text = _entry_text(entry)
        title = (entry.get("title") or "").strip()
        if not text:
            yield ReadError(where, "item has no text (only a title or link)")
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*when[:3]).isoformat() if when else None
        try:
            yield make_document(
                text,
                source=where,
                kind="feed",
                opts=opts,
                title=title,
                publication=publication,
                url=entry.get("link"),
                published=published,
                author=entry.get("author"),
                external_id=entry.get("id"),
            )
        except SourceError as exc:
            yield ReadError(where, str(exc))


def read_feed_file(path: Path, opts: ReadOptions) -> Iterator[Item]:
    check_size(path, opts)
    yield from feed_documents(path.read_bytes(), source=str(path), opts=opts)
