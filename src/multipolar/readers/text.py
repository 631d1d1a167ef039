"""Plain text files: the commonest export of news archives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .base import Item, ReadOptions, ReadWarning, check_size, decode, filename_date, make_document

# Archive exports open with "Key: value" lines ("Publication: Monitor Volume: 5 Issue: 144",
# "Title: ...", "Date: ..."). Keys we understand, by what they fill.
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "publication": "publication", "source": "publication", "publisher": "publication",
    "date": "published", "published": "published", "load-date": "published",
    "byline": "author", "author": "author",
    "url": "url", "link": "url",
}
_PAIR = re.compile(r"([A-Za-z][A-Za-z\-]{1,20}):\s*(.*?)(?=\s+[A-Z][A-Za-z\-]{1,20}:\s|$)")


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """(metadata, body) from the leading "Key: value" lines of a text file.

    The header stays in the stored text (offsets point into the file as it is);
    the body is returned only to find a headline after it.
    """
    meta: dict[str, str] = {}
    lines = text.split("\n")
    used = 0
    for i, line in enumerate(lines[:8]):
        line = line.strip()
        if not line:
            if meta:
                break
            continue
        pairs = _PAIR.findall(line)
        if not pairs or not line.startswith(pairs[0][0]) or pairs[0][0].lower() not in _HEADER_KEYS:
            break
        used = i + 1
        for key, value in pairs:
            field = _HEADER_KEYS.get(key.lower())
            if field and value and field not in meta:
                meta[field] = value.strip()
    return meta, "\n".join(lines[used:])


def read_text_file(path: Path, opts: ReadOptions) -> Iterator[Item]:
    check_size(path, opts)
    text, warning = decode(path.read_bytes())
    if warning:
        yield ReadWarning(str(path), warning)
    meta, body = parse_header(text)
    title = meta.get("title")
    if not title:
        first = body.strip().split("\n", 1)[0].strip()
        # A short first line without a closing full stop reads as a headline.
        closed = first.endswith((".", '"', "\u201d"))
        if 0 < len(first) <= 150 and not closed and first != body.strip():
            title = first
    yield make_document(
        text,
        source=str(path),
        kind="text",
        opts=opts,
        title=title,
        publication=meta.get("publication"),
        published=meta.get("published"),
        author=meta.get("author"),
        url=meta.get("url"),
        date_hint=filename_date(path.name),
    )
