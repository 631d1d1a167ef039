"""Coder output in the shape of the gold format, so `evaluate.score` compares like with like."""

from __future__ import annotations

from typing import Any


def prediction_of(coder: Any, coded: Any) -> dict[str, list[dict[str, Any]]]:
    """A `CodedDocument` as gold-shaped dicts, actors at their dyad-level (primary) codes."""
    primary = coder.kb.primary
    return {
        "events": [
            {"source": primary(e.source_actor), "target": primary(e.target_actor),
             "root": e.cameo_root, "code": e.cameo_code, "sentence": e.sentence,
             "evidence": e.trigger, "location": e.location,
             "location_country": e.location_country}
            for e in coded.events
        ],
        "quotes": [
            {"text": q.text, "speaker_name": q.speaker_name,
             "speaker_actor": primary(q.speaker_actor) if q.speaker_actor else None}
            for q in coded.quotes
        ],
        "citations": [
            {"sentence": c.sentence, "sources": c.sources, "date": c.date}
            for c in coded.citations
        ],
        "dates": [{"text": d.text, "sentence": d.sentence, "value": d.value}
                  for d in coded.dates],
        "actors": [{"mention": a.mention, "actor": a.primary, "role": a.role, "name": a.name}
                   for a in coded.actors],
    }
