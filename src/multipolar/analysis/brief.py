"""Monitor-style analytic briefs in which every sentence is counted or quoted, and cited.

A brief has four parts: the period's headline relations (the most active dyads
and the sharpest change against the previous period of the same length),
notable story events grouped by counterpart, key quotes with their speakers, and
the bloc picture. Each sentence is either generated from counts over the store
or an evidence sentence copied from a report, and ends with its citation: the
document's title and date and the wire services it cites. Nothing is invented:
`Brief.cited` lists every quoted sentence with its document, so a test (or a
sceptical reader) can check each against the store.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from .dyads import AnalysisError, check_period

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


@dataclass
class Brief:
    title: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    cited: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, sentence) quoted

    def markdown(self) -> str:
        out = [f"# {self.title}", ""]
        for heading, paragraphs in self.sections:
            out += [f"## {heading}", ""]
            for p in paragraphs:
                out += [p, ""]
        return "\n".join(out).rstrip() + "\n"

    def html(self) -> str:
        body = [f"<h1>{html.escape(self.title)}</h1>"]
        for heading, paragraphs in self.sections:
            body.append(f"<h2>{html.escape(heading)}</h2>")
            body += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
        return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title)}</title></head><body>"
                + "\n".join(body) + "</body></html>\n")


def _cite(doc: dict[str, Any]) -> str:
    parts = [doc.get("title") or doc.get("publication") or doc["doc_id"][:12]]
    if doc.get("published"):
        parts.append(doc["published"])
    if doc.get("sources"):
        parts.append(", ".join(doc["sources"]))
    return "(" + "; ".join(parts) + ")"


def _previous(lo: str, hi: str) -> tuple[str, str] | None:
    try:
        a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    except ValueError:
        return None
    span = b - a
    prev_end = a - dt.timedelta(days=1)
    return (prev_end - span).isoformat(), prev_end.isoformat()


def build_brief(store: Any, *, actor: str | None = None, start: str | None = None,
                end: str | None = None, top: int = 5) -> Brief:
    lo, hi = check_period(start, end)
    actor = actor.upper() if actor else None
    where = "date IS NOT NULL AND date >= ? AND date <= ? AND source <> target"
    params: list[Any] = [lo, hi]
    if actor:
        where += " AND (source = ? OR target = ?)"
        params += [actor, actor]
    stories = store.query(f"SELECT * FROM stories WHERE {where}", params).to_pylist()
    if not stories:
        who = f" involving {actor}" if actor else ""
        raise AnalysisError(f"no story events{who} between {start or 'the first'} and "
                            f"{end or 'the last'} date")
    first = min(s["date"] for s in stories)
    last = max(s["date"] for s in stories)
    docs = _documents(store, {s["doc_id"] for s in stories})
    title = (f"{actor + ': ' if actor else ''}relations from {first} to {last}")
    brief = Brief(title)
    brief.sections.append(("Headline relations",
                           _headlines(store, stories, actor, lo, hi, first, last)))
    brief.sections.append(("Notable events", _notable(stories, docs, actor, top, brief)))
    quotes = _quotes(store, stories, docs, actor, top, brief)
    if quotes:
        brief.sections.append(("In their words", quotes))
    blocs = _blocs(stories)
    if blocs:
        brief.sections.append(("The bloc picture", blocs))
    return brief


def _documents(store: Any, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    rows = store.query(
        "SELECT doc_id, title, publication, published, url FROM documents "
        "WHERE list_contains(?, doc_id)", [sorted(doc_ids)]).to_pylist()
    cites = store.query(
        "SELECT doc_id, sources FROM citations WHERE list_contains(?, doc_id)",
        [sorted(doc_ids)]).to_pylist()
    sources: dict[str, list[str]] = {}
    for c in cites:
        for s in c["sources"] or []:
            sources.setdefault(c["doc_id"], [])
            if s not in sources[c["doc_id"]]:
                sources[c["doc_id"]].append(s)
    out = {}
    for r in rows:
        r["sources"] = sources.get(r["doc_id"], [])
        out[r["doc_id"]] = r
    return out


def _pair(s: dict[str, Any]) -> tuple[str, str]:
    a, b = s["source"], s["target"]
    return (a, b) if a < b else (b, a)


def _headlines(store: Any, stories: list[dict[str, Any]], actor: str | None, lo: str, hi: str,
               first: str, last: str) -> list[str]:
    counts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for s in stories:
        counts.setdefault(_pair(s), []).append(s)
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    lines = []
    total = len(stories)
    lines.append(f"The store holds {total} story events{' involving ' + actor if actor else ''} "
                 f"dated from {first} to {last} (counted from the store).")
    for (a, b), items in ranked[:5]:
        coop = sum(1 for s in items if s["quad_class"] in (1, 2))
        conf = len(items) - coop
        mean = sum(float(s["goldstein"] or 0) for s in items) / len(items)
        tone = "mostly cooperative" if coop > conf else "mostly conflictual" if conf > coop \
            else "evenly mixed"
        lines.append(f"{a}-{b}: {len(items)} story events, {coop} cooperative and {conf} "
                     f"conflictual, mean Goldstein {mean:+.1f}, {tone} (counted from the store).")
    prev = _previous(first if lo == "0001-01-01" else lo, last if hi == "9999-12-31" else hi)
    if prev:
        where = "date >= ? AND date <= ? AND source <> target"
        params: list[Any] = list(prev)
        if actor:
            where += " AND (source = ? OR target = ?)"
            params += [actor, actor]
        before = store.query(f"SELECT source, target, goldstein FROM stories WHERE {where}",
                             params).to_pylist()
        old: dict[tuple[str, str], list[float]] = {}
        for s in before:
            old.setdefault(_pair(s), []).append(float(s["goldstein"] or 0))
        changes = []
        for pair, items in counts.items():
            if pair in old:
                now = sum(float(s["goldstein"] or 0) for s in items) / len(items)
                then = sum(old[pair]) / len(old[pair])
                changes.append((abs(now - then), pair, then, now))
        if changes:
            _, (a, b), then, now = max(changes)
            lines.append(f"The sharpest change against the previous period ({prev[0]} to "
                         f"{prev[1]}) is {a}-{b}: mean Goldstein from {then:+.1f} to {now:+.1f} "
                         "(counted from the store).")
    return lines


def _notable(stories: list[dict[str, Any]], docs: dict[str, dict[str, Any]], actor: str | None,
             top: int, brief: Brief) -> list[str]:
    by_counterpart: dict[str, list[dict[str, Any]]] = {}
    for s in stories:
        other = (s["target"] if s["source"] == actor else s["source"]) if actor else \
            "-".join(_pair(s))
        by_counterpart.setdefault(other, []).append(s)
    lines = []
    ranked = sorted(by_counterpart.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    for other, items in ranked:
        items.sort(key=lambda s: (-int(s["n_mentions"] or 1), -abs(float(s["goldstein"] or 0)),
                                  s["date"]))
        seen: set[tuple[str, str]] = set()
        for s in items:
            key = (s["doc_id"], s["sentence"])
            if key in seen or not s["sentence"]:
                continue
            seen.add(key)
            doc = docs.get(s["doc_id"], {"doc_id": s["doc_id"]})
            quad = QUADS.get(s["quad_class"], "")
            lines.append(f"{other} — {s['date']}, {s['source']} to {s['target']}, {quad} "
                         f"(CAMEO {s['cameo_code']}): \u201c{s['sentence'].strip()}\u201d "
                         f"{_cite(doc)}.")
            brief.cited.append((s["doc_id"], s["sentence"]))
            if len(seen) >= 2:
                break
    return lines


def _quotes(store: Any, stories: list[dict[str, Any]], docs: dict[str, dict[str, Any]],
            actor: str | None, top: int, brief: Brief) -> list[str]:
    rows = store.query(
        "SELECT doc_id, text, speaker_name, speaker_actor FROM quotes "
        "WHERE list_contains(?, doc_id) AND speaker_actor IS NOT NULL ORDER BY doc_id, char_start",
        [sorted(docs)]).to_pylist()
    if actor:
        rows = [r for r in rows if (r["speaker_actor"] or "").startswith(actor)]
    lines = []
    for r in rows[:top]:
        doc = docs.get(r["doc_id"], {"doc_id": r["doc_id"]})
        lines.append(f"{r['speaker_name']} ({r['speaker_actor']}): \u201c{r['text'].strip()}\u201d "
                     f"{_cite(doc)}.")
        brief.cited.append((r["doc_id"], r["text"]))
    return lines


def _blocs(stories: list[dict[str, Any]]) -> list[str]:
    try:
        from .poles import system_picture
    except ImportError:  # the poles module is optional to the brief
        return []
    records = [{"source": s["source"], "target": s["target"], "quad_class": s["quad_class"],
                "goldstein": float(s["goldstein"] or 0), "date": s["date"], "weight": 1.0}
               for s in stories]
    picture = system_picture(records, min_events=1)
    if not picture.blocs:
        return []
    blocs = "; ".join("[" + ", ".join(b) + "]" for b in picture.blocs)
    balance = "n/a" if picture.balance is None else f"{picture.balance:.2f}"
    return [f"Signed community detection over these story events finds {len(picture.blocs)} "
            f"blocs: {blocs}; structural balance {balance} over {picture.triangles} triangles, "
            f"effective number of poles {picture.poles:.2f} (counted from the store)."]
