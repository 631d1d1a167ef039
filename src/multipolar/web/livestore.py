"""A store whose reads reuse one DuckDB database while its files stay the same.

`Store.query` builds a fresh in-memory database with views over the Parquet files for
every query, which is right for a command that runs a few queries, but a dashboard page
runs dozens. Here the database is kept and each query gets its own cursor (safe across
the server's threads); when a writer adds or replaces files (a document read through
the API, a `multipolar code` run beside the server) the listing differs and the views
are rebuilt, so new results still show without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from ..schema import TABLES
from ..store import Store


class LiveStore(Store):
    """`Store` with a cached read connection, rebuilt when the file listing changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._con_lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._listing: tuple[tuple[str, ...], ...] | None = None

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        listing = tuple(tuple(str(p) for p in self.files(t)) for t in TABLES)
        with self._con_lock:
            if self._con is None or listing != self._listing:
                self._con = self.connect()
                self._listing = listing
            return self._con.cursor()

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        return self._run(self._cursor, sql, params)
