"""Writing GDELT events into the store beside our own, with stand-in documents.

GDELT rows carry no text, only a source URL: each URL becomes a document row
(no text, `source_kind = "gdelt"`, never coded), and its events are stored as
one coding of that document, so every view and analysis treats them like ours.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from .models import Document
from .store import Store, new_generation


def import_rows(store: Store, rows: list[dict[str, Any]], *, source: str) -> int:
    """Store imported event rows; documents already imported keep their first import."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    docs = [Document(doc_id=doc_id, text="", title=f"GDELT: {events[0].get('source_url') or ''}",
                     publication="GDELT", url=events[0].get("source_url"),
                     published=events[0].get("published"), published_source="metadata",
                     source=source, source_kind="gdelt", read_at=now, n_chars=0)
            for doc_id, events in by_doc.items()]
    new, _ = store.add_documents(docs)
    fresh = {d.doc_id for d in new}
    generation = new_generation()
    events = [{**r, "generation": generation} for doc_id in fresh for r in by_doc[doc_id]]
    store.append("events", events)
    store.append("codings", [
        {"doc_id": d, "published": by_doc[d][0].get("published"), "coder_version": "gdelt",
         "generation": generation, "coded_at": now, "status": "coded", "message": "imported",
         "n_events": len(by_doc[d]), "n_quotes": 0, "n_citations": 0} for d in fresh])
    return len(events)
