"""The store: dedup, atomic writes, kill-safety, and the coded-table contract."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from multipolar.readers import ReadOptions
from multipolar.readers.base import make_document
from multipolar.store import MARKER, Store, StoreError


def doc(text: str, published: str | None = "2014-03-18"):
    return make_document(text, source="test", kind="text", opts=ReadOptions(published=published))


def test_documents_are_stored_once(tmp_path):
    st = Store(tmp_path / "s")
    a, b = doc("Russia annexed Crimea."), doc("China rejected the ruling.", None)
    new, dupes = st.add_documents([a, b, doc("Russia  annexed\nCrimea.")])
    assert [d.doc_id for d in new] == [a.doc_id, b.doc_id] and len(dupes) == 1
    new, dupes = Store(tmp_path / "s").add_documents([a])  # a fresh process-like handle
    assert not new and len(dupes) == 1
    assert st.count("documents") == 2
    years = sorted(p.parent.name for p in st.files("documents"))
    assert years == ["year=2014", "year=unknown"]
    row = st.document(a.doc_id[:8])
    assert row["text"] == "Russia annexed Crimea." and row["published"] == "2014-03-18"


def test_store_refuses_unsafe_locations(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        Store(tmp_path / "file")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a multipolar store"):
        Store(tmp_path / "home")
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nowhere", create=False)
    (tmp_path / "newer").mkdir()
    (tmp_path / "newer" / MARKER).write_text(json.dumps({"version": 99}))
    with pytest.raises(StoreError, match="newer multipolar"):
        Store(tmp_path / "newer")


def test_stray_temporary_from_a_killed_writer_is_ignored_then_removed(tmp_path):
    st = Store(tmp_path / "s")
    st.add_documents([doc("NATO expanded.")])
    folder = st.root / "documents" / "year=2014"
    strays = [folder / ".tmp-deadbeef.parquet.partial", folder / ".tmp-cafe.parquet"]
    for stray in strays:
        stray.write_bytes(b"PAR1 half a file")
    assert st.count("documents") == 1  # readers never see them
    st.add_documents([doc("Finland joined NATO.")])
    assert not any(s.exists() for s in strays) and st.count("documents") == 2


def test_empty_store_has_every_table_with_its_columns(tmp_path):
    st = Store(tmp_path / "s")
    for table in ("documents", "events", "quotes", "citations", "codings"):
        assert st.count(table) == 0
    cols = st.query("SELECT * FROM events").column_names
    assert {"event_id", "doc_id", "sentence", "char_start", "cameo_code", "goldstein",
            "report_sources", "coder_version"} <= set(cols)


def test_recoding_supersedes_a_documents_rows(tmp_path):
    st = Store(tmp_path / "s")
    d = doc("Moscow criticised Washington.")
    st.add_documents([d])

    def code(gen: str, n_events: int) -> None:
        st.append("events", [{"event_id": f"{gen}-{i}", "doc_id": d.doc_id, "cameo_code": "111",
                              "published": d.published, "coder_version": gen, "generation": gen}
                             for i in range(n_events)])
        st.append("codings", [{"doc_id": d.doc_id, "published": d.published, "coder_version": gen,
                               "generation": gen, "status": "coded", "n_events": n_events}])

    code("2026a", 2)
    assert st.count("events") == 2
    code("2026b", 1)  # a recoding after a lexicon change replaces, never duplicates
    rows = st.query("SELECT coder_version FROM events").to_pylist()
    assert rows == [{"coder_version": "2026b"}]
    code("2026c", 0)  # a recoding that finds nothing leaves nothing current
    assert st.count("events") == 0


def test_concurrent_writers_do_not_duplicate(tmp_path):
    store = tmp_path / "s"
    Store(store)
    script = (
        "import sys; from multipolar.store import Store; from tests.test_store import doc\n"
        "st = Store(sys.argv[1])\n"
        "for i in range(40): st.add_documents([doc(f'Report number {i} on NATO.')])\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(store)], cwd=os.getcwd())
             for _ in range(2)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    assert Store(store).count("documents") == 40


def test_sigkill_at_any_moment_leaves_a_readable_store_and_rerun_completes(tmp_path):
    """Kill `multipolar read` mid-run several times; the store stays whole and exact."""
    src = tmp_path / "docs"
    src.mkdir()
    n = 6000
    for i in range(n):
        (src / f"r{i:05d}.txt").write_text(
            f"Report {i}: the foreign ministers of Russia and China met in Beijing "
            f"and criticised NATO (item {i}).")
    store = tmp_path / "s"
    cmd = [sys.executable, "-m", "multipolar.cli", "read", str(src), "--store", str(store)]
    env = {**os.environ, "MULTIPOLAR_BATCH": "50"}
    counts: list[int] = []
    for extra in (0.0, 0.05, 0.2):
        before = len(Store(store).files("documents")) if store.exists() else 0
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill while it is writing: once a new file has appeared, plus a little.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if store.exists() and len(Store(store).files("documents")) > before:
                break
            time.sleep(0.005)
        time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        st = Store(store)
        stored = st.count("documents")  # readable after every kill
        ids = st.query("SELECT doc_id FROM documents").column("doc_id").to_pylist()
        assert len(ids) == len(set(ids)) == stored
        for path in st.files("documents"):
            pq.read_metadata(path)  # every visible file is whole
        counts.append(stored)
    assert 0 < counts[0] < n, counts  # the first kill did land mid-run
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    st = Store(store)
    assert st.count("documents") == n
    assert st.query("SELECT count(DISTINCT doc_id) AS n FROM documents").column("n")[0].as_py() == n
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert "new 0" in again.stdout and f"already stored {n}" in again.stdout
