"""Corpora as tables: Parquet and JSON Lines, on local disk or behind a storage URI.

Large corpora sit in object stores (`s3://`, `gs://`, ...) as Parquet or JSON Lines,
one document a row with the JSONL reader's fields (`text`, and optionally `id`,
`title`, `url`, `published`, `publication`, `language`). They are opened through
pyarrow's own filesystems (local, S3, GCS, HDFS) or, for any other scheme, through
fsspec when the package for that scheme is installed (`memory://`, `az://`...).
Files are streamed in batches, never read whole, and each row goes through the same
checks as a JSON line, so a bad row is one error naming it and the rest are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..models import ReadError, ReadWarning
from .base import Item, ReadOptions, SourceError, guarded
from .jsonl import FIELDS, parse_record, record_document
from .url import is_url

if TYPE_CHECKING:
    from ..ingest import ReadSummary
    from ..store import Store

SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".jsonl.zst": "jsonl"}
ROWS_PER_BATCH = 1000


def is_table_input(source: str) -> bool:
    """A source for this reader rather than the file and web readers: a Parquet file, or a
    URI of a storage scheme (http and https stay with the web reader)."""
    if is_url(source):
        return False
    return "://" in source or _kind_of(source) == "parquet"


def _kind_of(name: str) -> str | None:
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def open_filesystem(source: str) -> tuple[pafs.FileSystem, str]:
    """(filesystem, path) for a local path or a URI; SourceError says what is missing."""
    if "://" not in source:
        return pafs.LocalFileSystem(), str(Path(source).absolute())
    scheme = source.split("://", 1)[0]
    try:
        return pafs.FileSystem.from_uri(source)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass  # not one of pyarrow's own: try fsspec
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(f"cannot open ({_first_line(exc)})") from None
    try:
        import fsspec
    except ImportError:
        raise SourceError(f"no filesystem for {scheme}:// (pip install fsspec and the "
                          f"package for {scheme}://)") from None
    try:
        fs, path = fsspec.core.url_to_fs(source)
    except ImportError as exc:  # fsspec knows the scheme; its package is missing
        raise SourceError(f"{scheme}:// needs its filesystem package ({_first_line(exc)})"
                          ) from None
    except ValueError:
        raise SourceError(f"no filesystem knows the scheme {scheme}://") from None
    return pafs.PyFileSystem(pafs.FSSpecHandler(fs)), path


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _files(source: str) -> tuple[pafs.FileSystem, list[tuple[str, str]]]:
    """The filesystem and the (path, name to report) of each table file the source holds."""
    fs, path = open_filesystem(source)
    try:
        info = fs.get_file_info(path)
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(f"cannot open ({_first_line(exc)})") from None
    if info.type == pafs.FileType.NotFound:
        raise SourceError("no such file or directory")
    if info.type == pafs.FileType.File:
        return fs, [(path, source)]
    prefix = source.rstrip("/")
    found = []
    for child in fs.get_file_info(pafs.FileSelector(path, recursive=True)):
        name = child.path.rsplit("/", 1)[-1]
        if child.type == pafs.FileType.File and not name.startswith((".", "_")) and _kind_of(
                name):
            found.append((child.path, prefix + child.path[len(path.rstrip("/")):]))
    if not found:
        raise SourceError("holds no Parquet or JSON Lines files ("
                          + ", ".join(SUFFIXES) + ")")
    return fs, sorted(found)


def _sniff(fs: pafs.FileSystem, path: str) -> str:
    with fs.open_input_stream(path) as fh:
        head = fh.read(4096)
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    raise SourceError("not a Parquet or JSON Lines file")


def _plain(value: object) -> object:
    """Parquet cells as JSON would give them: dates and timestamps as ISO dates."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_parquet(fs: pafs.FileSystem, path: str, where: str, opts: ReadOptions
                 ) -> Iterator[Item]:
    try:
        handle = fs.open_input_file(path)
        pfile = pq.ParquetFile(handle)
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(f"not a readable Parquet file ({_first_line(exc)})") from None
    with handle:
        names = pfile.schema_arrow.names
        if "text" not in names:
            raise SourceError(f'no "text" column (columns: {", ".join(names) or "none"})')
        columns = [c for c in FIELDS if c in names]
        n = 0
        for batch in pfile.iter_batches(batch_size=ROWS_PER_BATCH, columns=columns):
            for record in batch.to_pylist():
                n += 1
                here = f"{where} row {n}"
                text = record.get("text")
                if isinstance(text, str) and len(text.encode("utf-8")) > opts.max_bytes:
                    yield ReadError(here, f"text over the {opts.max_bytes:,}-byte limit; "
                                          "skipped")
                    continue
                try:
                    yield record_document({k: _plain(v) for k, v in record.items()}, here, opts,
                                          kind="parquet")
                except SourceError as exc:
                    yield ReadError(here, str(exc))


def _lines(stream: pa.NativeFile, limit: int) -> Iterator[bytes | None]:
    """The stream's lines, None for one over `limit` bytes (skipped without being held)."""
    buf = bytearray()
    skipping = False
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                if not skipping:
                    buf += chunk[start:]
                    if len(buf) > limit:
                        yield None
                        buf.clear()
                        skipping = True
                break
            if skipping:
                skipping = False
            else:
                buf += chunk[start:end + 1]
                if len(buf) > limit:
                    yield None
                else:
                    yield bytes(buf)
                buf.clear()
            start = end + 1
    if buf and not skipping:
        yield bytes(buf)


def read_jsonl(fs: pafs.FileSystem, path: str, where: str, opts: ReadOptions) -> Iterator[Item]:
    try:
        stream = fs.open_input_stream(path, compression="detect")
    except (OSError, pa.ArrowException) as exc:
        raise SourceError(f"cannot open ({_first_line(exc)})") from None
    with stream:
        for lineno, raw in enumerate(_lines(stream, opts.max_bytes), start=1):
            here = f"{where}:{lineno}"
            if raw is None:
                yield ReadError(here, f"line over the {opts.max_bytes:,}-byte limit; skipped")
            elif raw.strip():
                try:
                    yield parse_record(raw, here, opts)
                except SourceError as exc:
                    yield ReadError(here, str(exc))


def read_table_source(source: str, opts: ReadOptions) -> Iterator[Item]:
    """Every document of one source (a file, a directory or prefix of files, a URI);
    its failures arrive as `ReadError`s naming it, never as exceptions."""

    def items() -> Iterator[Item]:
        fs, files = _files(source)
        for path, where in files:
            kind = _kind_of(path) or _sniff(fs, path)
            reader = read_parquet if kind == "parquet" else read_jsonl
            yield from guarded(where, reader(fs, path, where, opts))

    yield from guarded(source, items())


def read_tables(
    sources: Iterable[str],
    store: Store,
    opts: ReadOptions,
    *,
    on_problem: Callable[[ReadError | ReadWarning], None] = lambda _: None,
    batch_size: int = 500,
) -> ReadSummary:
    """Read table sources into the store as `ingest` reads files: in atomic batches, each
    document once."""
    from ..ingest import DocumentSink, ReadSummary

    summary = ReadSummary()
    sink = DocumentSink(store, summary, on_problem, batch_size)
    for source in sources:
        sink.take(read_table_source(source, opts))
    sink.flush()
    return summary
