"""The Ray engine: the rows the local engine writes, a killed worker survived, an interrupted
job finished by a rerun, the CLI on a cluster, and a clear word when Ray is missing.

One local Ray cluster of 2 CPUs serves the whole module (Ray takes seconds to start).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multipolar.coding import code_store
from multipolar.ingest import sample_corpus
from multipolar.store import Store
from tests.conftest import assert_one_line_error

# Ray started by these tests listens on the loopback address only.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

EXTRA = [
    {"id": "de", "published": "2014-03-19", "text": "Der Bundeskanzler sagte am Montag in "
     "Berlin, dass Deutschland die Sanktionen gegen Russland unterst\u00fctzt und weitere "
     "Gespr\u00e4che mit Moskau f\u00fchren will."},
    {"id": "digits", "published": "2014-03-20", "text": "2014 03 20 1234 5678"},
]


@pytest.fixture(scope="module")
def ray_address():
    """A local Ray cluster with 2 CPUs for this module; its address for other processes."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install "
                              "'multipolar[ray]')")
    from multipolar.engines.ray_engine import start_local_ray

    start_local_ray(2)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def spec_and_coder():
    from multipolar.coder.nlp import ModelMissing
    from multipolar.engines.ray_engine import CoderSpec

    spec = CoderSpec.of()
    try:
        return spec, spec.build()
    except ModelMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def fresh_store(tmp_path_factory):
    """The bundled sample corpus, a German report and a text the coder refuses: uncoded."""
    tmp = tmp_path_factory.mktemp("ray-corpus")
    src = tmp / "corpus.jsonl"
    src.write_text(sample_corpus().read_text() + "".join(json.dumps(r) + "\n" for r in EXTRA))
    store = tmp / "fresh"
    result = subprocess.run([sys.executable, "-m", "multipolar.cli", "read", str(src),
                             "--store", str(store)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture(scope="module")
def local_store(fresh_store, spec_and_coder, tmp_path_factory):
    """What the local engine writes: the reference every Ray run must match."""
    path = tmp_path_factory.mktemp("local") / "store"
    shutil.copytree(fresh_store, path)
    summary = code_store(Store(path), spec_and_coder[1])
    assert (summary.coded, summary.skipped, summary.failed) == (50, 1, 1)
    return path


def copy_of(store, tmp_path, name="ray"):
    path = tmp_path / name
    shutil.copytree(store, path)
    return path


def rows(path, table: str) -> list[str]:
    """A table's current rows minus what differs between any two runs (when, which run)."""
    drop = "generation, coded_at" if table == "codings" else "generation"
    data = Store(path).query(f"SELECT * EXCLUDE ({drop}) FROM {table}").to_pylist()
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in data)


def assert_same_rows(a, b) -> None:
    for table in ("events", "quotes", "citations", "codings"):
        left, right = rows(a, table), rows(b, table)
        assert left and left == right, table


def assert_each_document_written_once(path) -> None:
    """Not just the views: the Parquet files themselves hold one coding per document."""
    st = Store(path)
    twice = st.query("SELECT doc_id FROM _raw_codings GROUP BY doc_id HAVING count(*) > 1")
    assert twice.num_rows == 0
    for table in ("events", "quotes", "citations"):
        assert st.query(f"SELECT count(*) FROM _raw_{table}").column(0)[0].as_py() == \
            st.count(table)


def test_ray_writes_the_rows_the_local_engine_writes(ray_address, spec_and_coder, fresh_store,
                                                     local_store, tmp_path):
    from multipolar.engines.ray_engine import code_store_ray

    spec, coder = spec_and_coder
    path = copy_of(fresh_store, tmp_path)
    seen = []
    summary = code_store_ray(Store(path), coder, spec, workers=2, on_document=seen.append)
    assert (summary.documents, summary.coded, summary.skipped, summary.failed) == (52, 50, 1, 1)
    assert summary.workers == 2 and len(seen) == 52 and summary.worker_peak_mb > 50
    assert "text has no letters" in summary.failures[0][1]
    assert_same_rows(local_store, path)
    assert_each_document_written_once(path)
    # The store's own layout, which any Parquet reader takes as a Hive dataset.
    files = sorted((path / "events").glob("year=*/part-*.parquet"))
    assert files and not list((path / "events").glob("*/.tmp-*"))
    assert sum(pq.read_metadata(f).num_rows for f in files) == Store(path).count("events")
    assert Store(path).count("stories") == Store(local_store).count("stories")


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(ray_address, spec_and_coder,
                                                              fresh_store, local_store,
                                                              tmp_path):
    from multipolar.engines.ray_engine import code_store_ray

    spec, coder = spec_and_coder
    path = copy_of(fresh_store, tmp_path)
    killed: list[int] = []
    pids: set[int] = set()

    def kill_once(result) -> None:
        pids.add(result.worker_pid)
        if not killed:  # that worker has its next batch in hand by now
            os.kill(result.worker_pid, signal.SIGKILL)
            killed.append(result.worker_pid)

    summary = code_store_ray(Store(path), coder, spec, workers=2, task_docs=4, batch_docs=8,
                             on_result=kill_once)
    assert killed and len(pids) >= 3  # a new process took the dead worker's place
    assert (summary.coded, summary.skipped, summary.failed) == (50, 1, 1)
    assert_same_rows(local_store, path)
    assert_each_document_written_once(path)


def test_an_interrupted_job_is_finished_by_the_rerun(ray_address, spec_and_coder, fresh_store,
                                                      local_store, tmp_path):
    from multipolar.engines.ray_engine import code_store_ray

    spec, coder = spec_and_coder
    path = copy_of(fresh_store, tmp_path)
    results = []

    def interrupt(result) -> None:
        results.append(result)
        if len(results) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        code_store_ray(Store(path), coder, spec, workers=2, task_docs=4, batch_docs=4,
                       on_result=interrupt)
    done = Store(path).count("codings")
    assert 0 < done < 52
    summary = code_store_ray(Store(path), coder, spec, workers=2)
    assert summary.documents == 52 - done  # only what was missing
    assert_same_rows(local_store, path)
    assert_each_document_written_once(path)


def test_cli_codes_parquet_input_and_runs_on_a_ray_cluster(ray_address, local_store, cli,
                                                          tmp_path):
    reports = [json.loads(line) for line in sample_corpus().read_text().splitlines()][:6]
    parquet = tmp_path / "reports.parquet"
    pq.write_table(pa.Table.from_pylist(reports), parquet)
    store = tmp_path / "cluster-store"
    result = cli("code", str(parquet), "--engine", "ray", "--address", ray_address,
                 "--workers", "2", store=store, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "new 6" in result.stdout and "coded 6 documents" in result.stdout
    assert "documents/s on 2 Ray workers" in result.stdout
    ids = Store(store).query("SELECT doc_id FROM documents").column(0).to_pylist()
    expected = Store(local_store).query(
        "SELECT event_id FROM events WHERE list_contains(?, doc_id) ORDER BY 1", [ids])
    got = Store(store).query("SELECT event_id FROM events ORDER BY 1")
    assert got.column(0).to_pylist() == expected.column(0).to_pylist() != []

    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps(EXTRA[0]) + "\n")
    again = cli("run", str(jsonl), "--engine", "ray", "--address", ray_address, store=store,
                timeout=240)
    assert again.returncode == 0, again.stderr
    assert "skipped 1 not in English" in again.stdout and "Most active directed dyads" in \
        again.stdout


def test_without_ray_the_engine_says_how_to_install_it(tmp_path):
    store = tmp_path / "s"
    Store(store)
    # As if Ray were not installed: the import fails.
    code = ("import sys; sys.modules['ray'] = None; sys.argv = ['multipolar', 'code', "
            f"'--engine', 'ray', '--store', {str(store)!r}]; "
            "from multipolar.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "pip install 'multipolar[ray]'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_address_without_the_ray_engine_is_a_usage_error(cli, tmp_path):
    Store(tmp_path / "s")
    result = cli("code", "--address", "auto", store=tmp_path / "s")
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "--address is for --engine ray")


def test_user_dictionaries_travel_to_the_workers_as_bytes(spec_and_coder, tmp_path):
    from multipolar.coder.pipeline import Coder
    from multipolar.engines.ray_engine import CoderSpec

    extra = tmp_path / "extra.tsv"
    extra.write_text("mention\tactor\tcountry\trole\tnote\nthe Duma of Testland\tRUSLEG\tRUS"
                     "\tLEG\t\n")
    spec = CoderSpec.of([extra])
    extra.unlink()  # a worker elsewhere has no such file: it gets the bytes
    built = spec.build()
    assert built.version != spec_and_coder[1].version
    extra.write_text(spec.actor_files[0][1].decode())
    assert built.version == Coder(actor_files=[extra]).version


def test_an_address_where_no_ray_answers_is_one_line_at_once(cli, tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed")
    Store(tmp_path / "s")
    result = cli("code", "--engine", "ray", "--address", "127.0.0.1:1", store=tmp_path / "s",
                 timeout=60)
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "--address 127.0.0.1:1: no Ray cluster answers there")
