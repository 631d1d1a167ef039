"""Corpora as Parquet or JSON Lines tables, local or behind a URI, for `code` and `run`."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multipolar.models import Document, ReadError
from multipolar.readers import ReadOptions
from multipolar.readers.tables import is_table_input, read_table_source, read_tables
from multipolar.store import Store
from tests.conftest import assert_one_line_error

TEXTS = ["Russia and China opposed the NATO air campaign against Yugoslavia.",
         "The United States imposed sanctions on Russia on Monday.",
         "Japan and the United States agreed to study a missile-defence system."]


def test_parquet_rows_become_documents_and_a_bad_row_is_named(tmp_path):
    path = tmp_path / "wire.parquet"
    table = pa.table({
        "id": ["a", "b", "c"],
        "text": [TEXTS[0], None, TEXTS[1]],
        "published": pa.array([dt.date(1999, 7, 27), dt.date(1999, 7, 28),
                               dt.date(2014, 3, 19)], pa.date32()),
        "publication": ["Monitor", "Monitor", "Wire"],
        "ignored": [1, 2, 3],
    })
    pq.write_table(table, path)
    items = list(read_table_source(str(path), ReadOptions()))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [d.external_id for d in docs] == ["a", "c"]
    assert docs[0].published == "1999-07-27" and docs[1].publication == "Wire"
    assert docs[0].source_kind == "parquet"
    assert len(errors) == 1 and "row 2" in str(errors[0]) and '"text"' in str(errors[0])


def test_a_folder_of_parquet_and_compressed_jsonl_is_read_whole(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "2014").mkdir(parents=True)
    pq.write_table(pa.table({"text": [TEXTS[0]], "published": ["1999-07-27"]}),
                   folder / "part-0.parquet")
    with gzip.open(folder / "2014" / "wire.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"text": TEXTS[1], "published": "2014-03-19"}) + "\n{oops\n")
    (folder / "notes.txt").write_text("not a table")
    store = Store(tmp_path / "store")
    summary = read_tables([str(folder)], store, ReadOptions())
    assert (summary.read, summary.new, summary.failed) == (2, 2, 1)
    again = read_tables([str(folder)], store, ReadOptions())
    assert (again.new, again.already) == (0, 2)  # no document twice


def test_uris_go_through_fsspec_filesystems():
    fsspec = pytest.importorskip("fsspec")
    mem = fsspec.filesystem("memory")
    mem.pipe("/multipolar-test/corpus.jsonl",
             "".join(json.dumps({"text": t}) + "\n" for t in TEXTS).encode())
    try:
        docs = list(read_table_source("memory://multipolar-test/corpus.jsonl", ReadOptions()))
    finally:
        mem.rm("/multipolar-test", recursive=True)
    assert [d.text for d in docs] == TEXTS
    assert all(d.source.startswith("memory://multipolar-test/corpus.jsonl:") for d in docs)


def test_which_sources_the_table_reader_takes():
    assert is_table_input("s3://bucket/news/") and is_table_input("corpus.parquet")
    assert not is_table_input("https://example.org/feed.xml")
    assert not is_table_input("reports.jsonl")  # the file readers keep local JSON Lines


def test_bad_table_inputs_get_one_line_each_and_the_good_ones_are_coded(cli, tmp_path):
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"text": TEXTS[:2], "published": ["1999-07-27", "2014-03-19"]}),
                   good)
    no_text = tmp_path / "columns.parquet"
    pq.write_table(pa.table({"body": ["x"]}), no_text)
    store = tmp_path / "s"
    result = cli("code", str(good), str(no_text), str(tmp_path / "missing.parquet"),
                 "nosuchscheme://bucket/x.parquet", store=store)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, 'columns.parquet: no "text" column (columns: body)',
                          "missing.parquet: no such file or directory",
                          "nosuchscheme://bucket/x.parquet: no filesystem knows the scheme")
    assert "new 2" in result.stdout and "coded 2 documents" in result.stdout

    run = cli("run", str(good), store=tmp_path / "r")  # run takes Parquet as well
    assert run.returncode == 0, run.stderr
    assert "new 2" in run.stdout and "coded 2 documents" in run.stdout
