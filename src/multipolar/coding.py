"""Coding stored documents: the `code` stage between the store and the coder.

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
    summary = CodeSummary()
    todo = pending_documents(store, coder.version, recode)
    summary.documents = len(todo)
    on_total(len(todo))
    for chunk in _chunks(todo, batch_docs):
        generation = new_generation()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        texts = _texts(store, [r["doc_id"] for r in chunk])
        rows: dict[str, list[dict[str, Any]]] = {"events": [], "quotes": [], "citations": []}
        codings: list[dict[str, Any]] = []
        english = [r for r in chunk if r["is_english"]]
        for r in chunk:
            if not r["is_english"]:
                summary.skipped += 1
                codings.append(_coding(r, coder.version, generation, now, "skipped",
                                       f"not English ({r['language'] or 'unknown'}); not coded"))
                on_document(None)
        items = ((r["doc_id"], texts.get(r["doc_id"], ""), r["published"]) for r in english)
        for coded in coder.pipe(items, n_process=workers):
            src = next(r for r in english if r["doc_id"] == coded.doc_id)
            if coded.status != "coded":
                summary.failed += 1
                summary.failures.append((coded.doc_id, coded.message))
                codings.append(_coding(src, coder.version, generation, now, "failed",
                                       coded.message))
                on_document(coded)
                continue
            summary.coded += 1
            for table, records in (("events", coded.events), ("quotes", coded.quotes),
                                   ("citations", coded.citations)):
                for rec in records:
                    row = dataclasses.asdict(rec)
                    row["generation"] = generation
                    row["published"] = coded.published
                    rows[table].append(row)
            summary.events += len(coded.events)
            summary.quotes += len(coded.quotes)
            summary.citations += len(coded.citations)
            codings.append(_coding(src, coder.version, generation, now, "coded", "",
                                   len(coded.events), len(coded.quotes), len(coded.citations)))
            on_document(coded)
        for table, table_rows in rows.items():
            store.append(table, table_rows)
        store.append("codings", codings)  # last: makes this batch's rows current
    if summary.documents:
        from .analysis.stories import rebuild_stories

        summary.stories = rebuild_stories(store, coder.kb.primary)
    return summary


def _coding(r: dict[str, Any], version: str, generation: str, now: str, status: str,
            message: str, n_events: int = 0, n_quotes: int = 0,
            n_citations: int = 0) -> dict[str, Any]:
    return {"doc_id": r["doc_id"], "published": r["published"], "coder_version": version,
            "generation": generation, "coded_at": now, "status": status, "message": message,
            "n_events": n_events, "n_quotes": n_quotes, "n_citations": n_citations}
