"""Coding stored documents: the `code` stage between the store and the coder.

`code_batch` is the stage itself, pure over plain rows; the local engine
(`code_store`, here) and the Ray engine (`engines.ray_engine`) both run it and
write its rows with `write_batch`, so both give the same rows.

Which documents: every English document with no coding by the current coder
version (a lexicon or dictionary change makes a new version, so its documents
are recoded). Each batch's rows are written first and its `codings` rows last,
all with one generation: a run killed in between leaves rows no view shows, and
the rerun codes those documents again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .store import Store, new_generation

BATCH_DOCS = 200


@dataclass(slots=True)
class CodeSummary:
    documents: int = 0
    coded: int = 0
    skipped: int = 0  # not English
    failed: int = 0
    events: int = 0
    quotes: int = 0
    citations: int = 0
    stories: int = 0  # story events after linking (the whole store)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, reason)
    workers: int = 1  # processes or Ray workers that coded
    worker_peak_mb: float = 0.0  # Ray engine: the largest worker's peak memory


def pending_documents(store: Store, version: str, recode: bool = False) -> list[dict[str, Any]]:
    """Ids, dates and languages of the documents that need coding (texts are read later)."""
    # GDELT stand-ins have no text: their events came with them.
    where = "WHERE d.source_kind <> 'gdelt'" + (
        "" if recode else " AND (c.doc_id IS NULL OR c.coder_version <> ?)")
    params = [] if recode else [version]
    return store.query(
        "SELECT d.doc_id, d.published, d.is_english, d.language FROM documents d "
        f"LEFT JOIN codings c ON d.doc_id = c.doc_id {where} ORDER BY d.doc_id", params
    ).to_pylist()


def _texts(store: Store, ids: list[str]) -> dict[str, str]:
    rows = store.query("SELECT doc_id, text FROM documents WHERE list_contains(?, doc_id)",
                       [ids]).to_pylist()
    return {r["doc_id"]: r["text"] for r in rows}


def _chunks(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def with_texts(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pending rows with their texts: what `code_batch` takes, read in one query."""
    texts = _texts(store, [r["doc_id"] for r in rows])
    return [{**r, "text": texts.get(r["doc_id"], "")} for r in rows]


@dataclass(slots=True)
class BatchResult:
    """One batch's rows for the store and its tallies: plain data, so a Ray worker can
    send it back to the process that writes the store."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"events": [], "quotes": [], "citations": [], "codings": []})
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    quotes: int = 0
    citations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    worker_pid: int = 0  # the process that coded it (engines that fan out report it)
    worker_peak_mb: float = 0.0

    @property
    def documents(self) -> int:
        return self.coded + self.skipped + self.failed

    def merge(self, other: BatchResult) -> None:
        """Fold another batch in, so several workers' batches are written as one."""
        for table, rows in other.tables.items():
            self.tables[table].extend(rows)
        for name in ("coded", "skipped", "failed", "events", "quotes", "citations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures.extend(other.failures)


def code_batch(
    coder: Any,
    docs: list[dict[str, Any]],
    *,
    generation: str,
    now: str | None = None,
    n_process: int = 1,
    on_document: Callable[[Any], None] = lambda _: None,
) -> BatchResult:
    """Code documents (rows of `with_texts`) into store rows, touching no store.

    The one coding stage both engines run: the local engine in this process, the Ray
    engine inside each worker; so the same input gives the same rows either way.
    """
    now = now or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    out = BatchResult()
    codings = out.tables["codings"]
    english = {r["doc_id"]: r for r in docs if r["is_english"]}
    for r in docs:
        if not r["is_english"]:
            out.skipped += 1
            codings.append(_coding(r, coder.version, generation, now, "skipped",
                                   f"not English ({r['language'] or 'unknown'}); not coded"))
            on_document(None)
    items = ((r["doc_id"], r["text"] or "", r["published"]) for r in english.values())
    for coded in coder.pipe(items, n_process=n_process):
        src = english[coded.doc_id]
        if coded.status != "coded":
            out.failed += 1
            out.failures.append((coded.doc_id, coded.message))
            codings.append(_coding(src, coder.version, generation, now, "failed",
                                   coded.message))
            on_document(coded)
            continue
        out.coded += 1
        for table, records in (("events", coded.events), ("quotes", coded.quotes),
                               ("citations", coded.citations)):
            for rec in records:
                row = dataclasses.asdict(rec)
                row["generation"] = generation
                row["published"] = coded.published
                out.tables[table].append(row)
        out.events += len(coded.events)
        out.quotes += len(coded.quotes)
        out.citations += len(coded.citations)
        codings.append(_coding(src, coder.version, generation, now, "coded", "",
                               len(coded.events), len(coded.quotes), len(coded.citations)))
        on_document(coded)
    return out


def write_batch(store: Store, result: BatchResult) -> None:
    """Coded rows first, `codings` last: a kill in between leaves rows no view shows."""
    for table in ("events", "quotes", "citations"):
        store.append(table, result.tables[table])
    store.append("codings", result.tables["codings"])


def add_batch(summary: CodeSummary, result: BatchResult) -> None:
    for name in ("coded", "skipped", "failed", "events", "quotes", "citations"):
        setattr(summary, name, getattr(summary, name) + getattr(result, name))
    summary.failures.extend(result.failures)


def finish(store: Store, coder: Any, summary: CodeSummary) -> CodeSummary:
    """After any engine's run: relink story events over the whole store."""
    if summary.documents:
        from .analysis.stories import rebuild_stories

        summary.stories = rebuild_stories(store, coder.kb.primary)
    return summary


def code_store(
    store: Store,
    coder: Any,  # multipolar.coder.pipeline.Coder; untyped to keep spaCy out of imports
    *,
    workers: int = 1,
    recode: bool = False,
    batch_docs: int = BATCH_DOCS,
    on_total: Callable[[int], None] = lambda _: None,
    on_document: Callable[[Any], None] = lambda _: None,
) -> CodeSummary:
    """The local engine: this machine, `workers` parsing processes, batch after batch."""
    summary = CodeSummary(workers=workers)
    todo = pending_documents(store, coder.version, recode)
    summary.documents = len(todo)
    on_total(len(todo))
    for chunk in _chunks(todo, batch_docs):
        result = code_batch(coder, with_texts(store, chunk), generation=new_generation(),
                            n_process=workers, on_document=on_document)
        write_batch(store, result)
        add_batch(summary, result)
    return finish(store, coder, summary)


def _coding(r: dict[str, Any], version: str, generation: str, now: str, status: str,
            message: str, n_events: int = 0, n_quotes: int = 0,
            n_citations: int = 0) -> dict[str, Any]:
    return {"doc_id": r["doc_id"], "published": r["published"], "coder_version": version,
            "generation": generation, "coded_at": now, "status": status, "message": message,
            "n_events": n_events, "n_quotes": n_quotes, "n_citations": n_citations}
