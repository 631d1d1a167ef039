"""What every reader shares: options, decoding bytes, and building a `Document`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import ids, metadata
from ..models import Document, ReadError, ReadWarning

Item = Document | ReadError | ReadWarning

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Choices the user makes for a whole read (the CLI's options)."""

    published: str | None = None  # fallback date for documents that state none
    publication: str | None = None  # fallback publication name
    max_bytes: int = DEFAULT_MAX_BYTES  # per document: a file, a URL body, a JSONL line
    timeout: float = 10.0  # seconds, per URL request
    max_redirects: int = 5


class SourceError(Exception):
    """A source cannot be read; the message is the one line the user sees."""


def check_size(path: Path, opts: ReadOptions) -> None:
    """Refuse an oversized file from its size on disk, before reading any of it."""
    size = path.stat().st_size
    if size > opts.max_bytes:
        raise SourceError(
            f"file is {size:,} bytes, over the {opts.max_bytes:,}-byte limit (--max-bytes)"
        )
    if size == 0:
        raise SourceError("file is empty")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head: not a text format at all."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(head) // 50)


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, warning): UTF-8 when it is, else the encoding charset-normalizer finds.

    Raises SourceError for binary data that no text encoding explains.
    """
    if looks_binary(data):
        raise SourceError("binary data, not text (wrong file extension?)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in (None, "utf_8"):
        raise SourceError(f"not valid UTF-8 (bad byte at offset {bad}) and no encoding fits")
    encoding = best.encoding
    if encoding in _LATIN_CODEPAGES and encoding != "cp1252":
        # A few accented letters in English text cannot tell Latin code pages apart;
        # Windows-1252 is by far the commonest legacy Western encoding (WHATWG's default).
        try:
            return data.decode("cp1252"), f"not valid UTF-8; decoded as cp1252 (guessed {encoding})"
        except UnicodeDecodeError:
            pass
    return str(best), f"not valid UTF-8; decoded as {encoding}"


_LATIN_CODEPAGES = {
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_latin2", "cp850", "cp437",
}


_FILENAME_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)"
)


def filename_date(name: str) -> str | None:
    """A YYYY-MM-DD (or YYYYMMDD) date in a file name, as archives name their files."""
    m = _FILENAME_DATE.search(name)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def make_document(
    text: str,
    *,
    source: str,
    kind: str,
    opts: ReadOptions,
    title: str | None = None,
    publication: str | None = None,
    url: str | None = None,
    published: object = None,
    author: str | None = None,
    language: str | None = None,
    external_id: str | None = None,
    date_hint: str | None = None,
) -> Document:
    """Clean the text, id it, and settle its date and language.

    The date comes from, in order: the source's metadata (`published`), a
    dateline stating a year, `date_hint` (e.g. a date in the file name), a
    year-less dateline resolved against the hint or `--published`, and last
    `--published`. `published_source` records which, so a user can audit it.
    """
    text = ids.clean_text(text)
    if not text or not any(ch.isalnum() for ch in text):
        raise SourceError("no text in document" if not text else "text has no letters or digits")
    date = metadata.parse_date(published)
    date_source = "metadata" if date else None
    if date is None:
        reference = date_hint or opts.published
        ref_date = dt.date.fromisoformat(reference) if reference else None
        _, date_text, _ = metadata.dateline(text)
        if date_text and re.search(r"\d{4}", date_text):
            date, date_source = metadata.parse_date(date_text), "dateline"
        elif date_hint:
            date, date_source = date_hint, "filename"
        if date is None and date_text and ref_date:
            date, date_source = metadata.parse_date(date_text, reference=ref_date), "dateline"
    if date is None and opts.published:
        date, date_source = opts.published, "option"
    detected, prob = metadata.detect_language(text)
    lang = (language or detected or None)
    english = lang == "en" if language else metadata.is_english(detected, prob, text)
    return Document(
        doc_id=ids.doc_id(text),
        text=text,
        external_id=external_id,
        title=(title or "").strip() or None,
        publication=(publication or "").strip() or opts.publication,
        url=url,
        published=date,
        published_source=date_source,
        author=(author or "").strip() or None,
        language=lang,
        is_english=english,
        source=source,
        source_kind=kind,
        read_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        n_chars=len(text),
    )


def guarded(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn a reader's SourceError (or an unexpected library failure) into a ReadError.

    A library crashing on malformed input must cost one input, not the batch.
    """
    try:
        yield from items
    except SourceError as exc:
        yield ReadError(source, str(exc))
    except (OSError, ValueError, UnicodeError, LookupError, TypeError) as exc:
        yield ReadError(source, _describe(exc))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{type(exc).__name__}: {msg}"[:300]
