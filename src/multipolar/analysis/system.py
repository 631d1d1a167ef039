"""The system picture of a store: blocs, balance and poles over a period and over windows.

The events of a store are aggregated in DuckDB before they reach `poles`: one row per
(window, source, target, QuadClass) with its weight (story events, or mentions) and its
weighted mean Goldstein score. That keeps the network arithmetic (in `poles`) unchanged
while a million story events cost one grouped scan, not a million Python objects.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from .dyads import COUNTS, AnalysisError, check_period
from .poles import WEIGHTINGS, Picture, system_picture, window_bounds

_SPAN = re.compile(r"^\s*(\d+)\s*([dwmy]?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "": 1, "w": 7, "m": 30, "y": 365}


def auto_windows(start: str, end: str) -> tuple[int, int]:
    """Default (window, step) in days: 90-day windows every 30 days over up to two years (a
    quarter's diplomacy, monthly); beyond that yearly windows, stepped so that there are at
    most about 30 of them, since a trend of hundreds of mostly empty quarters reads badly."""
    import datetime as dt

    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    if days <= 730:
        return 90, 30
    return 365, 365 * max(1, math.ceil(days / 365 / 30))


def calendar_years(start: str, end: str, every: int = 1) -> list[tuple[str, str]]:
    """Calendar-year windows (the first and last clipped to the period), every ``every``
    years, as the automatic yearly trend: readers compare years, not 365-day spans."""
    y0, y1 = int(start[:4]), int(end[:4])
    return [(max(start, f"{y:04d}-01-01"), min(end, f"{y:04d}-12-31"))
            for y in range(y0, y1 + 1, max(1, every))]


def parse_span(text: str, option: str) -> int:
    """Days in a span such as ``90d``, ``12w``, ``3m`` (30 days each) or ``1y`` (365)."""
    match = _SPAN.match(text or "")
    if not match or int(match.group(1)) < 1:
        raise AnalysisError(f"{option} {text!r}: use a number of days, weeks, months or years "
                            "such as 90d, 12w, 3m, 1y")
    return int(match.group(1)) * _UNIT_DAYS[match.group(2).lower()]


@dataclass
class SystemReport:
    """The whole period's picture and one picture per sliding window."""

    picture: Picture
    windows: list[Picture] = field(default_factory=list)
    count: str = "stories"
    weighting: str = "goldstein"
    min_events: int = 1
    window_days: int = 90
    step_days: int = 30
    weighed_by: str = "activity"
    auto_threshold: bool = True  # windows then use their own `auto_min_events`

    def to_dict(self) -> dict[str, Any]:
        """``{"blocs", "balance", "poles", ..., "windows": [...]}``; windows without edges."""
        out = self.picture.to_dict()
        out.update(count=self.count, weighting=self.weighting, min_events=self.min_events,
                   window_days=self.window_days, step_days=self.step_days,
                   weighed_by=self.weighed_by, auto_threshold=self.auto_threshold)
        out["windows"] = []
        for w in self.windows:
            d = w.to_dict()
            d.pop("edges")
            d["actors"] = len(w.actors)
            out["windows"].append(d)
        return out

    def edges_frame(self) -> Any:
        """The period's signed ties as a pandas DataFrame, one row per pair, with the bloc of
        each end."""
        import pandas as pd

        bloc = {a: i for i, members in enumerate(self.picture.blocs, start=1) for a in members}
        return pd.DataFrame([{**e.__dict__, "bloc_a": bloc.get(e.a), "bloc_b": bloc.get(e.b)}
                             for e in self.picture.edges])

    def windows_frame(self) -> Any:
        """The trend as a pandas DataFrame, one row per window."""
        import pandas as pd

        return pd.DataFrame([{"start": w.start, "end": w.end, "events": w.events,
                              "actors": len(w.actors), "blocs": len(w.blocs),
                              "poles": w.poles, "balance": w.balance,
                              "triangles": w.triangles, "frustration": w.frustration}
                             for w in self.windows])


_WHERE = ("source IS NOT NULL AND target IS NOT NULL AND source <> '' AND target <> '' "
          "AND source <> target")


def _aggregate(store: Any, weight: str, where: str, params: list[Any],
               windows: list[tuple[str, str]] | None) -> pa.Table:
    """Grouped dyadic rows (with a ``win`` index when windows are given)."""
    select = (f"source, target, quad_class, sum({weight}) AS weight, "
              f"sum({weight} * goldstein) / nullif(sum({weight}), 0) AS goldstein")
    if windows is None:
        sql = f"SELECT {select} FROM stories WHERE {where} GROUP BY source, target, quad_class"
        return store.query(sql, params)
    values = ", ".join(f"({i}, '{a}', '{b}')" for i, (a, b) in enumerate(windows))
    sql = f"""
        WITH win(win, lo, hi) AS (VALUES {values}),
             s AS (SELECT *, substr(date, 1, 10) AS day FROM stories WHERE {where})
        SELECT win, {select}
        FROM s JOIN win ON s.day >= win.lo AND s.day <= win.hi
        GROUP BY win, source, target, quad_class
        ORDER BY win
    """
    return store.query(sql, params)


def auto_min_events(events: float) -> int:
    """The default evidence threshold: 1 + floor(log10(N / 10)) for N dyadic events, at least
    1, so one report's single mentions count while in a large corpus a tie needs repeated
    evidence (100 events: 2; 1,000: 3; 1,000,000: 6)."""
    return max(1, 1 + math.floor(math.log10(max(events, 1) / 10)))


def store_system(store: Any, *, start: str | None = None, end: str | None = None,
                 window: str | None = None, step: str | None = None,
                 count: str = "stories",
                 min_events: int | None = None, weighting: str = "goldstein",
                 power: dict[str, float] | None = None) -> SystemReport:
    """Blocs, balance and poles of the store's story events in [start, end], and their trend
    over sliding windows (see `poles.window_bounds`). Arguments a user typed wrong, or a
    period with no dyadic story event, raise `AnalysisError` with a one-line message."""
    if count not in COUNTS:
        raise AnalysisError(f"--count {count!r}: choose stories or mentions")
    if weighting not in WEIGHTINGS:
        raise AnalysisError(f"--weighting {weighting!r}: choose one of {', '.join(WEIGHTINGS)}")
    if min_events is not None and min_events < 1:
        raise AnalysisError(f"--min-events {min_events}: must be 1 or more")
    window_days = parse_span(window, "--window") if window else None
    step_days = parse_span(step, "--step") if step else None
    lo, hi = check_period(start, end)
    weight = "CAST(n_mentions AS DOUBLE)" if count == "mentions" else "1.0"
    where = _WHERE
    params: list[Any] = []
    if start or end:
        where += " AND date IS NOT NULL AND substr(date, 1, 10) >= ? AND substr(date, 1, 10) <= ?"
        params = [lo, hi]
    span = store.query(f"SELECT min(substr(date, 1, 10)) AS lo, max(substr(date, 1, 10)) AS hi, "
                       f"count(*) AS n, sum({weight}) AS w FROM stories WHERE {where}",
                       params).to_pylist()[0]
    if not span["n"]:
        period = f"between {start or 'the first'} and {end or 'the last'} date"
        raise AnalysisError(f"no dyadic story events {period}: nothing to picture")
    kw: dict[str, Any] = {"power": power, "weighting": weighting}
    fixed = min_events
    rows = _aggregate(store, weight, where, params, None)
    picture = system_picture(rows, min_events=fixed or auto_min_events(span["w"]), **kw)
    picture.start, picture.end = (start or span["lo"]), (end or span["hi"])
    calendar = False
    if window_days is None:
        auto = auto_windows(start or span["lo"], end or span["hi"]) if span["lo"] else (90, 30)
        calendar = auto[0] == 365 and step_days is None
        window_days = max(auto[0], step_days or 0)
        step_days = step_days or auto[1]
    step_days = step_days or max(1, window_days // 3)
    report = SystemReport(picture=picture, count=count, weighting=weighting,
                          min_events=fixed or auto_min_events(span["w"]),
                          window_days=window_days, step_days=step_days,
                          weighed_by="activity" if power is None else "power",
                          auto_threshold=fixed is None)
    if span["lo"] is None:  # nothing dated: no windows to slide
        return report
    first, last = start or span["lo"], end or span["hi"]
    bounds = (calendar_years(first, last, step_days // 365) if calendar
              else window_bounds(first, last, window_days, step_days))
    grouped = _aggregate(store, weight, where + " AND date IS NOT NULL", params, bounds)
    wins = grouped.column("win").to_numpy()
    cuts = wins.searchsorted(range(len(bounds) + 1))
    for i, (a, b) in enumerate(bounds):
        part = grouped.slice(int(cuts[i]), int(cuts[i + 1] - cuts[i]))
        total = pa.compute.sum(part.column("weight")).as_py() or 0
        pic = system_picture(part, min_events=fixed or auto_min_events(total), **kw)
        pic.start, pic.end = a, b
        report.windows.append(pic)
    return report
