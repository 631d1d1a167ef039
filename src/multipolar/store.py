"""The embedded store: append-only Parquet files with DuckDB on top.

Layout (what DuckDB, pandas, Polars, Spark or BigQuery read as a Hive dataset)::

    STORE/multipolar-store.json            format marker
    STORE/<table>/year=<YYYY|unknown>/part-<generation>.parquet

Every file is written to a hidden temporary name and renamed into place, so a
reader sees a whole file or none, and a run killed at any instant leaves only
stray temporaries, removed by the next writer. Writers take an exclusive lock.
Documents are deduplicated by `doc_id` under that lock. Coded tables are never
rewritten: a recoding appends rows with a new `generation` and a `codings` row,
and the views show only each document's latest coding.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .models import Document
from .schema import CODED_TABLES, DERIVED_TABLES, TABLES

MARKER = "multipolar-store.json"
FORMAT_VERSION = 1
DEFAULT_STORE = "multipolar-data"


class StoreError(Exception):
    """The store cannot be used; the message is one line naming it."""


def default_store_path() -> Path:
    return Path(os.environ.get("MULTIPOLAR_STORE") or DEFAULT_STORE)


def new_generation() -> str:
    """Sortable and unique across processes: UTC time to the microsecond plus randomness."""
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{now}-{uuid.uuid4().hex[:8]}"


def _year(value: Any) -> str:
    text = str(value or "")
    return text[:4] if len(text) >= 4 and text[:4].isdigit() else "unknown"


class Store:
    """One store directory. Cheap to open; connections are made per query."""

    def __init__(self, root: Path | str, *, create: bool = True) -> None:
        self.root = Path(root)
        self._known_ids: set[str] | None = None
        self._seen_files: set[str] = set()
        self._check(create)

    # -- opening --------------------------------------------------------------
    def _check(self, create: bool) -> None:
        root = self.root
        if root.exists() and not root.is_dir():
            raise StoreError(f"store {root}: exists and is not a directory")
        marker = root / MARKER
        if root.is_dir() and not marker.exists() and any(
            p for p in root.iterdir() if not p.name.startswith(".")
        ):
            raise StoreError(
                    f"store {root}: directory is not empty and is not a multipolar store "
                    f"(no {MARKER}); choose a new or empty directory"
                )
        if not root.exists() and not create:
            raise StoreError(f"store {root}: does not exist (read something into it first)")
        if not marker.exists() and create:
            try:
                root.mkdir(parents=True, exist_ok=True)
                self._atomic_write_bytes(
                    marker, json.dumps({"format": "multipolar", "version": FORMAT_VERSION}).encode()
                )
            except OSError as exc:
                raise StoreError(f"store {root}: cannot create it ({exc.strerror})") from None
        if marker.exists():
            try:
                info = json.loads(marker.read_text())
            except (OSError, ValueError):
                raise StoreError(f"store {root}: {MARKER} is unreadable") from None
            if info.get("version", 0) > FORMAT_VERSION:
                raise StoreError(
                    f"store {root}: written by a newer multipolar (format {info.get('version')})"
                )

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive writer lock; stale temporaries of killed writers are removed under it."""
        try:
            fh = (self.root / ".lock").open("a")
        except OSError as exc:
            raise StoreError(f"store {self.root}: cannot write ({exc.strerror})") from None
        with fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                self._remove_temporaries()
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _remove_temporaries(self) -> None:
        for table in TABLES:
            base = self.root / table
            if base.is_dir():
                for tmp in base.glob("*/.tmp-*"):
                    tmp.unlink(missing_ok=True)

    # -- writing --------------------------------------------------------------
    @staticmethod
    def _atomic_write_bytes(path: Path, data: bytes) -> None:
        tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def files(self, table: str) -> list[Path]:
        base = self.root / table
        if not base.is_dir():
            return []
        return sorted(p for p in base.glob("year=*/*.parquet") if not p.name.startswith("."))

    def _write(self, table: str, rows: pa.Table, generation: str) -> list[Path]:
        """Write rows as one file per year partition; each file appears atomically."""
        schema = TABLES[table]
        rows = rows.select(schema.names).cast(schema)
        # Distinct dates first: a million rows have a few thousand of them.
        published = pc.dictionary_encode(rows.column("published")).combine_chunks()
        labels = [_year(v) for v in published.dictionary.to_pylist()]
        years = pc.take(pa.array(labels + ["unknown"], pa.string()),
                        pc.fill_null(published.indices, len(labels)))
        written: list[Path] = []
        for year in sorted(pc.unique(years).to_pylist()):
            part = rows.filter(pc.equal(years, year))
            folder = self.root / table / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"part-{generation}.parquet"
            tmp = folder / f".tmp-{uuid.uuid4().hex}.parquet.partial"
            pq.write_table(part, tmp, compression="zstd")
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)
            written.append(final)
        if written:
            dirfd = os.open(self.root / table, os.O_RDONLY)
            try:
                os.fsync(dirfd)
            finally:
                os.close(dirfd)
        return written

    def append(self, table: str, rows: pa.Table | Sequence[dict[str, Any]]) -> int:
        """Append rows to a table (any table; documents should go through add_documents)."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
        if not isinstance(rows, pa.Table):
            rows = pa.Table.from_pylist(list(rows), schema=TABLES[table])
        if rows.num_rows == 0:
            return 0
        with self.lock():
            self._write(table, rows, new_generation())
        return rows.num_rows

    def replace(self, table: str, rows: Sequence[dict[str, Any]] | pa.Table) -> int:
        """Replace a derived table as a whole: the new generation is written first, then
        generations older than the previous one are removed (a reader that listed its
        files a moment ago still finds them). Rows are dicts or an Arrow table without the
        ``generation`` column."""
        if table not in DERIVED_TABLES:
            raise StoreError(f"table {table!r} is not rebuilt as a whole")
        generation = new_generation()
        if isinstance(rows, pa.Table):
            data = rows.append_column("generation", pa.array([generation] * rows.num_rows,
                                                              pa.string()))
            data = data.select(TABLES[table].names).cast(TABLES[table])
        else:
            data = pa.Table.from_pylist([{**r, "generation": generation} for r in rows],
                                        schema=TABLES[table])
        with self.lock():
            if data.num_rows:
                self._write(table, data, generation)
            gens = sorted({p.name[len("part-"):-len(".parquet")] for p in self.files(table)})
            keep = set(gens[-2:]) if data.num_rows else set()
            for path in self.files(table):
                if path.name[len("part-"):-len(".parquet")] not in keep:
                    path.unlink(missing_ok=True)
        return data.num_rows

    def _refresh_ids(self) -> set[str]:
        """Ids of stored documents, reading only files not yet seen by this process."""
        if self._known_ids is None:
            self._known_ids = set()
        for path in self.files("documents"):
            key = str(path)
            if key in self._seen_files:
                continue
            ids = pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist()
            self._known_ids.update(ids)
            self._seen_files.add(key)
        return self._known_ids

    def known_ids(self) -> set[str]:
        return set(self._refresh_ids())

    def add_documents(self, docs: Iterable[Document]) -> tuple[list[Document], list[Document]]:
        """(new, already stored): store the new ones atomically, none twice."""
        docs = list(docs)
        if not docs:
            return [], []
        new: list[Document] = []
        dupes: list[Document] = []
        with self.lock():
            known = self._refresh_ids()
            batch: set[str] = set()
            for doc in docs:
                if doc.doc_id in known or doc.doc_id in batch:
                    dupes.append(doc)
                else:
                    batch.add(doc.doc_id)
                    new.append(doc)
            if new:
                table = pa.Table.from_pylist([d.to_row() for d in new], schema=TABLES["documents"])
                for path in self._write("documents", table, new_generation()):
                    self._seen_files.add(str(path))
                known.update(batch)
        return new, dupes

    # -- reading --------------------------------------------------------------
    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table over the Parquet files."""
        con = duckdb.connect(":memory:")
        for table, schema in TABLES.items():
            source = f"_raw_{table}"
            files = self.files(table)
            if files:
                # An explicit list, not a glob: a snapshot of whole files, temporaries excluded.
                listing = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
                con.execute(
                    f"CREATE VIEW {source} AS SELECT * EXCLUDE (year) FROM read_parquet("
                    f"[{listing}], hive_partitioning = true, hive_types = {{'year': VARCHAR}}, "
                    "union_by_name = true)"
                )
                _add_missing_columns(con, source, schema)
            else:
                con.register(source, schema.empty_table())
        con.execute(
            "CREATE VIEW codings AS SELECT * FROM _raw_codings "
            "QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY generation DESC) = 1"
        )
        con.execute("CREATE VIEW documents AS SELECT * FROM _raw_documents")
        for table in DERIVED_TABLES:
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM _raw_{table} "
                f"WHERE generation = (SELECT max(generation) FROM _raw_{table})"
            )
        for table in CODED_TABLES:
            con.execute(
                f"CREATE VIEW {table} AS SELECT t.* FROM _raw_{table} t "
                "JOIN codings c ON t.doc_id = c.doc_id AND t.generation = c.generation"
            )
        return con

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        return self._run(self.connect, sql, params)

    def _run(self, open_connection: Callable[[], duckdb.DuckDBPyConnection], sql: str,
             params: Sequence[Any] | None) -> pa.Table:
        """Run one query on a connection (or cursor) it opens and then closes; errors become
        one-line StoreErrors naming the store."""
        try:
            con = open_connection()
            try:
                rel = con.sql(sql, params=list(params) if params else None)
                if rel is None:  # a statement that returns nothing
                    return pa.table({})
                # DuckDB 1.4 renamed fetch_arrow_table to to_arrow_table.
                fetch = getattr(rel, "to_arrow_table", None) or rel.fetch_arrow_table
                return fetch()
            finally:
                con.close()
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise StoreError(f"store {self.root}: {first}") from None

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
        return int(self.query(f"SELECT count(*) AS n FROM {table}").column("n")[0].as_py())

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document by id, or by a unique id prefix (as git accepts short hashes)."""
        rows = self.query(
            "SELECT * FROM documents WHERE doc_id LIKE ? || '%' ORDER BY doc_id LIMIT 2",
            [doc_id.replace("%", "").replace("_", "")],
        ).to_pylist()
        if len(rows) > 1:
            raise StoreError(f"document id {doc_id!r} is ambiguous; give more characters")
        return rows[0] if rows else None


_SQL_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.float32(): "FLOAT",
              pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.int8(): "TINYINT",
              pa.bool_(): "BOOLEAN", pa.list_(pa.string()): "VARCHAR[]"}


def _add_missing_columns(con: duckdb.DuckDBPyConnection, view: str, schema: pa.Schema) -> None:
    """Columns added to a table's schema after a store's files were written read as NULL,
    so stores written by an older multipolar keep working with queries that name them."""
    present = {row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()}
    missing = [f for f in schema if f.name not in present and f.type in _SQL_TYPES]
    if not missing:
        return
    extra = ", ".join(f'CAST(NULL AS {_SQL_TYPES[f.type]}) AS "{f.name}"' for f in missing)
    con.execute(f"ALTER VIEW {view} RENAME TO {view}_files")
    con.execute(f"CREATE VIEW {view} AS SELECT *, {extra} FROM {view}_files")
