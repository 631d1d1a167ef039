"""Story events: one happening, however many reports mention it.

Several documents (and several sentences of one) report the same happening. An
analysis that counts every mention lets a much-covered event outweigh a dozen
quiet ones, GDELT's known weakness (its dedup is exact-match only). Events are
linked into a story when they have the same dyad (actors at dyad level) and the
same CAMEO code, their dates lie within `gap_days` of the story's, and their
evidence is similar (word overlap) or they come from the same document. A story
carries GDELT-like counts: mentions (events), documents, and sources
(publications and the wire services they cite).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{3,}")
_STOP = frozenset({
    "that", "this", "with", "from", "have", "were", "will", "would", "said", "says", "also",
    "their", "there", "which", "about", "after", "before", "into", "over", "under", "against",
    "than", "then", "them", "they", "been", "being", "while", "where", "when", "what", "some",
    "such", "more", "most", "other", "only", "very", "just", "year", "years", "today",
    "yesterday", "week", "month",
})


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text or "")) - _STOP


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two evidence sentences' content words."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(slots=True)
class Story:
    source: str
    target: str
    cameo_code: str
    first: dt.date | None
    last: dt.date | None
    events: list[Mapping[str, Any]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)

    def accepts(self, date: dt.date | None, words: frozenset[str], doc_id: str, gap_days: int,
                min_similarity: float) -> bool:
        if (date is None) != (self.last is None):
            return False
        if date is not None and self.last is not None and abs((date - self.last).days) > gap_days:
            return False
        return doc_id in self.docs or similarity(words, frozenset(self.words)) >= min_similarity


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def link_stories(
    events: Iterable[Mapping[str, Any]],
    primary: Callable[[str], str],
    *,
    publications: Mapping[str, str | None] | None = None,
    gap_days: int = 1,
    min_similarity: float = 0.2,
) -> list[dict[str, Any]]:
    """Story rows (see `STORIES` in schema.py) from event rows.

    `primary` maps an actor code to its dyad-level code (RUSGOV -> RUS, UNSC -> UNO);
    `publications` maps doc_id to the publication, counted among a story's sources.
    Deterministic: events are taken in (date, doc_id, sentence, event_id) order.
    """
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        key = (primary(e["source_actor"]), primary(e["target_actor"]), e["cameo_code"])
        groups[key].append(e)
    publications = publications or {}
    rows: list[dict[str, Any]] = []
    for (src, tgt, code), members in sorted(groups.items()):
        members.sort(key=lambda e: (e.get("event_date") or "", e["doc_id"],
                                    e.get("sentence_id") or 0, e["event_id"]))
        stories: list[Story] = []
        for e in members:
            date = _date(e.get("event_date"))
            words = _words(e.get("sentence", ""))
            # Only recent stories can still take an event: members come in date order.
            home = next((s for s in reversed(stories[-8:])
                         if s.accepts(date, words, e["doc_id"], gap_days, min_similarity)), None)
            if home is None:
                home = Story(src, tgt, code, date, date)
                stories.append(home)
            home.events.append(e)
            home.words |= words
            home.docs.add(e["doc_id"])
            if date is not None and (home.last is None or date > home.last):
                home.last = date
        rows.extend(_row(s, publications) for s in stories)
    return rows


def _row(story: Story, publications: Mapping[str, str | None]) -> dict[str, Any]:
    first = story.events[0]
    ids = sorted(e["event_id"] for e in story.events)
    sources: set[str] = set()
    for e in story.events:
        sources.update(s for s in (e.get("report_sources") or []) if s)
        pub = publications.get(e["doc_id"])
        if pub:
            sources.add(pub)
    goldsteins = [float(e["goldstein"]) for e in story.events if e.get("goldstein") is not None]
    return {
        "story_id": hashlib.sha256("\x1f".join(ids).encode()).hexdigest()[:20],
        "source": story.source,
        "target": story.target,
        "source_actor": first["source_actor"],
        "target_actor": first["target_actor"],
        "cameo_code": story.cameo_code,
        "cameo_root": first.get("cameo_root") or story.cameo_code[:2],
        "quad_class": first.get("quad_class"),
        "goldstein": sum(goldsteins) / len(goldsteins) if goldsteins else None,
        "date": story.first.isoformat() if story.first else None,
        "last_date": story.last.isoformat() if story.last else None,
        "published": story.first.isoformat() if story.first else first.get("published"),
        "n_mentions": len(story.events),
        "n_docs": len(story.docs),
        "n_sources": max(1, len(sources)),
        "event_ids": ids,
        "doc_id": first["doc_id"],
        "sentence": first.get("sentence") or "",
        "char_start": first.get("char_start"),
        "char_end": first.get("char_end"),
    }


def rebuild_stories(store: Any, primary: Callable[[str], str] | None = None) -> int:
    """Relink every current event of the store into stories and replace the table.

    Cheap enough to run after each coding run (stories depend on all documents);
    returns the number of stories.
    """
    if primary is None:
        from ..coder.knowledge import load

        primary = load().primary
    events = store.query(
        "SELECT event_id, doc_id, sentence_id, sentence, char_start, char_end, source_actor, "
        "target_actor, cameo_code, cameo_root, quad_class, goldstein, event_date, published, "
        "report_sources FROM events"
    ).to_pylist()
    pubs = {r["doc_id"]: r["publication"] for r in
            store.query("SELECT doc_id, publication FROM documents").to_pylist()}
    rows = link_stories(events, primary, publications=pubs)
    return store.replace("stories", rows)
