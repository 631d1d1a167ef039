"""Dyads over time: how one actor's relations with each counterpart move.

Rows are (period, counterpart) cells over story events (see stories.py), both
directions together, with counts per QuadClass, the Goldstein sum and mean, and
a net cooperation score: (cooperative - conflictual) / all, from -1 to +1.
`count="mentions"` weighs each story by its number of mentions instead, as an
event count per report would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

PERIODS = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m", "year": "%Y"}
COUNTS = ("stories", "mentions")


class AnalysisError(ValueError):
    """Bad arguments for an analysis; the message is one line for the user."""


def check_period(start: str | None, end: str | None) -> tuple[str, str]:
    """ISO bounds (inclusive), defaulting to all time; inverted or malformed ones refused."""
    lo, hi = start or "0001-01-01", end or "9999-12-31"
    for name, value in (("--from", start), ("--to", end)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise AnalysisError(f"{name}: not a date: {value!r} (use YYYY-MM-DD)") from None
    if lo > hi:
        raise AnalysisError(f"--from {start} is after --to {end}")
    return lo, hi


def known_actor(store: Any, code: str) -> bool:
    rows = store.query("SELECT 1 FROM stories WHERE source = ? OR target = ? LIMIT 1",
                       [code, code])
    return rows.num_rows > 0


def dyad_series(store: Any, actor: str, *, with_: str | None = None, start: str | None = None,
                end: str | None = None, by: str = "month", count: str = "stories",
                events: bool = False) -> list[dict[str, Any]]:
    """One row per (period, counterpart) with the actor, oldest period first."""
    if by not in PERIODS:
        raise AnalysisError(f"--by {by!r}: choose one of {', '.join(PERIODS)}")
    if count not in COUNTS:
        raise AnalysisError(f"--count {count!r}: choose stories or mentions")
    lo, hi = check_period(start, end)
    actor = actor.upper()
    if not known_actor(store, actor):
        raise AnalysisError(f"unknown actor code {actor!r}: no story events name it")
    weight = "n_mentions" if count == "mentions" else "1"
    params: list[Any] = [actor, actor, actor, actor, lo, hi]
    other = ""
    if with_:
        other = "AND counterpart = ?"
        params.append(with_.upper())
    sql = f"""
        WITH s AS (
            SELECT *, CASE WHEN source = ? THEN target ELSE source END AS counterpart,
                   CASE WHEN source = ? THEN 'out' ELSE 'in' END AS direction,
                   CAST({weight} AS DOUBLE) AS w,
                   strftime(CAST(date AS DATE), '{PERIODS[by]}') AS period
            FROM stories
            WHERE (source = ? OR target = ?) AND source <> target AND date IS NOT NULL
              AND date >= ? AND date <= ?
        )
        SELECT period, counterpart,
               sum(w) AS events,
               coalesce(sum(w) FILTER (WHERE quad_class = 1), 0) AS verbal_coop,
               coalesce(sum(w) FILTER (WHERE quad_class = 2), 0) AS material_coop,
               coalesce(sum(w) FILTER (WHERE quad_class = 3), 0) AS verbal_conflict,
               coalesce(sum(w) FILTER (WHERE quad_class = 4), 0) AS material_conflict,
               coalesce(sum(w) FILTER (WHERE direction = 'out'), 0) AS outgoing,
               coalesce(sum(w) FILTER (WHERE direction = 'in'), 0) AS incoming,
               round(sum(w * goldstein), 2) AS goldstein_sum,
               round(sum(w * goldstein) / sum(w), 2) AS goldstein_mean,
               round((coalesce(sum(w) FILTER (WHERE quad_class <= 2), 0)
                      - coalesce(sum(w) FILTER (WHERE quad_class >= 3), 0)) / sum(w), 2)
                   AS net_cooperation
        FROM s WHERE true {other}
        GROUP BY period, counterpart
        ORDER BY period, events DESC, counterpart
    """
    rows = store.query(sql, params).to_pylist()
    for r in rows:
        for key in ("events", "verbal_coop", "material_coop", "verbal_conflict",
                    "material_conflict", "outgoing", "incoming"):
            r[key] = int(r[key])
    if not rows:
        span = f"between {start or 'the first'} and {end or 'the last'} date"
        who = f" with {with_.upper()}" if with_ else ""
        raise AnalysisError(f"no story events for {actor}{who} {span}")
    if events:
        for r in rows:
            r["stories"] = cell_stories(store, actor, r["counterpart"], r["period"], by, lo, hi)
    return rows


def cell_stories(store: Any, actor: str, counterpart: str, period: str, by: str, lo: str,
                 hi: str) -> list[dict[str, Any]]:
    """The story events behind one cell, with their evidence and where it was reported."""
    sql = f"""
        SELECT s.date, s.source, s.target, s.cameo_code, s.quad_class, s.goldstein,
               s.n_mentions, s.n_docs, s.n_sources, s.sentence, s.doc_id,
               d.title, d.publication, d.published, d.url
        FROM stories s LEFT JOIN documents d ON d.doc_id = s.doc_id
        WHERE ((s.source = ? AND s.target = ?) OR (s.source = ? AND s.target = ?))
          AND strftime(CAST(s.date AS DATE), '{PERIODS[by]}') = ?
          AND s.date >= ? AND s.date <= ?
        ORDER BY s.date, s.cameo_code
    """
    return store.query(sql, [actor, counterpart, counterpart, actor, period, lo, hi]).to_pylist()
