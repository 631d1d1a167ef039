"""The CLI as a user meets it: commands, formats, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from multipolar.ingest import sample_corpus
from tests.conftest import assert_one_line_error

COMMANDS = ["read", "docs", "show", "export", "run"]
REPORT = ("Japan and the United States agreed to study a ballistic missile defence system, "
          "and Russia and China opposed it, Itar-Tass reported.")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-1999-07-26.txt").write_text(REPORT)
    (folder / "b.jsonl").write_text(
        json.dumps({"id": "x1", "text": "NATO launched air strikes against Yugoslavia.",
                    "published": "1999-03-24", "title": "Air strikes"}) + "\n"
        + "{broken\n"
        + json.dumps({"text": "China and Russia signed a treaty of friendship.",
                      "published": "2001-07-16", "publication": "Wire"}) + "\n")
    return folder


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0 and "--store" in result.stdout


def test_version_and_no_arguments(cli):
    assert cli("--version").stdout.strip() == "multipolar 0.1.0"
    result = cli()
    assert result.returncode == 2 and "read" in result.stdout + result.stderr


def test_read_then_read_again(cli, corpus, tmp_path):
    store = tmp_path / "store"
    first = cli("read", str(corpus), store=store)
    assert first.returncode == 1  # one malformed line: the rest is stored
    assert "read 3, new 3, already stored 0, failed 1" in first.stdout
    assert_one_line_error(first.stderr, f"{corpus / 'b.jsonl'}:2: invalid JSON")
    second = cli("read", str(corpus / "a-1999-07-26.txt"), store=store)
    assert second.returncode == 0
    assert "read 1, new 0, already stored 1, failed 0" in second.stdout


def test_docs_show_and_export(cli, corpus, tmp_path):
    store = tmp_path / "store"
    cli("read", str(corpus), store=store)
    listing = cli("docs", "--format", "jsonl", store=store)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [r["published"] for r in rows] == ["2001-07-16", "1999-07-26", "1999-03-24"]
    table = cli("docs", store=store)
    assert "3 documents" in table.stdout and "Air strikes" in table.stdout
    assert len(cli("docs", "--limit", "1", "--format", "jsonl", store=store).stdout.splitlines()) == 1

    shown = cli("show", rows[2]["doc_id"][:10], store=store)
    assert shown.returncode == 0
    assert "NATO launched air strikes against Yugoslavia." in shown.stdout
    assert "external_id: x1" in shown.stdout and "published: 1999-03-24" in shown.stdout

    exported = cli("export", "documents", "--format", "jsonl", store=store)
    assert {json.loads(line)["doc_id"] for line in exported.stdout.splitlines()} == {
        r["doc_id"] for r in rows}
    as_csv = cli("export", "documents", "--format", "csv", store=store)
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(parsed) == 3 and "text" in parsed[0]
    target = tmp_path / "docs.parquet"
    result = cli("export", "documents", "--format", "parquet", "-o", str(target), store=store)
    assert result.returncode == 0 and pq.read_table(target).num_rows == 3
    empty = cli("export", "events", "--format", "csv", store=store)
    assert empty.returncode == 0 and empty.stdout.startswith('"event_id","doc_id"')
    assert "empty" in empty.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "ffffffffffff"], "no such document"),
        (["export", "nonsense"], "unknown table 'nonsense'"),
        (["read", "x.txt", "--published", "someday"], "--published: not a date"),
    ],
)
def test_usage_and_lookup_errors_are_one_line(cli, tmp_path, corpus, args, needle):
    store = tmp_path / "store"
    cli("read", str(corpus), store=store)
    result = cli(*args, store=store)
    assert result.returncode in (1, 2)
    assert_one_line_error(result.stderr, needle)


def test_store_problems_are_one_line(cli, tmp_path):
    (tmp_path / "afile").write_text("x")
    result = cli("read", str(tmp_path / "afile"), store=tmp_path / "afile")
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "not a directory")
    result = cli("docs", store=tmp_path / "nothing-here")
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "does not exist")


def test_store_from_environment(cli, corpus, tmp_path):
    store = tmp_path / "env-store"
    result = cli("read", str(corpus / "a-1999-07-26.txt"), env={})
    assert result.returncode == 0
    import subprocess
    import sys
    env_result = subprocess.run(
        [sys.executable, "-m", "multipolar.cli", "read", str(corpus / "a-1999-07-26.txt")],
        capture_output=True, text=True, cwd=tmp_path,
        env={**__import__("os").environ, "MULTIPOLAR_STORE": str(store)})
    assert env_result.returncode == 0 and (store / "documents").is_dir()


def test_every_bad_input_gets_its_line_and_the_batch_goes_on(cli, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (bad / "garbage.html").write_text("<<<>>>")
    (bad / "broken.rss").write_text("<?xml version='1.0'?><rss><channel><item>")
    (bad / "good.txt").write_text(REPORT)
    result = cli("read", str(bad), str(tmp_path / "missing.txt"), store=tmp_path / "s")
    assert result.returncode == 1
    assert "new 1" in result.stdout and "failed 5" in result.stdout
    assert_one_line_error(result.stderr, "empty.txt: file is empty", "binary.txt: binary data",
                          "garbage.html:", "broken.rss:", "missing.txt: no such file")


def test_directory_of_ten_thousand_small_files(cli, tmp_path):
    folder = tmp_path / "many"
    for i in range(10_000):
        sub = folder / f"d{i // 1000}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"n{i}.txt").write_text(f"Item {i}: Russia and China held talks on trade and "
                                       f"security in Beijing on day {i}.")
    result = cli("read", str(folder), store=tmp_path / "s", timeout=600)
    assert result.returncode == 0, result.stderr
    assert "read 10000, new 10000, already stored 0, failed 0" in result.stdout
    files = list((tmp_path / "s" / "documents").rglob("*.parquet"))
    assert len(files) <= 25  # written in batches, not one file per document


def test_run_reads_the_bundled_sample_and_summarises(cli, tmp_path):
    assert sample_corpus().exists()
    n = sum(1 for line in sample_corpus().read_text().splitlines() if line.strip())
    store = tmp_path / "s"
    first = cli("run", store=store)
    assert first.returncode == 0, first.stderr
    assert f"read {n}, new {n}" in first.stdout
    assert f"{n} documents" in first.stdout and "Documents by year" in first.stdout
    second = cli("run", store=store)
    assert f"new 0, already stored {n}" in second.stdout


def test_run_on_the_canonical_document(cli, tmp_path, seed_text):
    result = cli("run", str(seed_text), store=tmp_path / "s")
    assert result.returncode == 0
    assert "1 documents" in result.stdout and "1999-07-27" in result.stdout
