"""Analyses at scale: dyads and poles over a million story events.

    .venv/bin/python bench/system.py [--events 1000000] [--actors 200] [--years 20]
                                     [--store DIR] [--repeat 3]

Fills a store (a temporary one unless --store is given; an existing store of the
right size is reused) with synthetic story events: actors in four camps that drift
over the years, cooperation inside camps and conflict across them more often than
not, CAMEO-like Goldstein values, dates spread over the years. Then, in a fresh
process so that its peak memory is the analysis alone, it times:

- `dyads` for one actor (per month, every counterpart);
- `poles` for one year (with its 90-day windows every 30 days);
- `poles` over the whole period in yearly windows (one per calendar year);

and prints seconds (best of --repeat) and peak RSS. Goal: each under 1 s, memory
under 2 GB. Not a test: machines are noisy.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from multipolar.store import Store

# Goldstein values of typical CAMEO codes per QuadClass (verbal/material coop/conflict).
GOLDSTEIN = {1: [1.0, 3.0, 3.4, 4.0], 2: [6.0, 7.4, 8.3], 3: [-2.0, -4.0, -5.0],
             4: [-7.2, -9.0, -10.0]}
CODES = {1: ["010", "036", "043", "051"], 2: ["057", "061", "071"], 3: ["111", "112", "130"],
         4: ["163", "190", "195"]}


def actor_codes(n: int) -> list[str]:
    """Three-letter codes AAA, AAB, ... (not real countries: the data is synthetic)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26] for i in range(n)]


def synthetic_stories(n: int, n_actors: int, years: int, seed: int = 7) -> pa.Table:
    rng = np.random.default_rng(seed)
    codes = np.array(actor_codes(n_actors))
    # Activity is skewed (a few great powers appear in most events), like real news.
    activity = 1.0 / np.arange(1, n_actors + 1) ** 0.8
    activity /= activity.sum()
    src = rng.choice(n_actors, size=n, p=activity)
    tgt = rng.choice(n_actors, size=n, p=activity)
    same = src == tgt
    tgt[same] = (tgt[same] + 1 + rng.integers(0, n_actors - 1, same.sum())) % n_actors
    first = np.datetime64("2001-01-01")
    day = first + rng.integers(0, 365 * years, n).astype("timedelta64[D]")
    year = (day.astype("datetime64[Y]").astype(int) + 1970) - 2001
    # Four camps; every five years a tenth of the actors change camp.
    camp = np.stack([rng.integers(0, 4, n_actors)] * (years // 5 + 1))
    for era in range(1, len(camp)):
        camp[era] = camp[era - 1]
        movers = rng.choice(n_actors, n_actors // 10, replace=False)
        camp[era, movers] = rng.integers(0, 4, len(movers))
    era = year // 5
    friendly = camp[era, src] == camp[era, tgt]
    coop = rng.random(n) < np.where(friendly, 0.8, 0.3)
    material = rng.random(n) < 0.3
    quad = np.where(coop, 1, 3) + material.astype(int)
    goldstein = np.empty(n, dtype=np.float32)
    cameo = np.empty(n, dtype=object)
    for q in (1, 2, 3, 4):
        idx = np.flatnonzero(quad == q)
        pick = rng.integers(0, len(GOLDSTEIN[q]), len(idx))
        goldstein[idx] = np.array(GOLDSTEIN[q], dtype=np.float32)[pick]
        cameo[idx] = np.array(CODES[q], dtype=object)[pick]
    dates = day.astype(str)
    mentions = rng.geometric(0.4, n).astype(np.int32)
    ids = np.char.add("s", np.arange(n).astype(str))
    return pa.table({
        "story_id": ids, "source": codes[src], "target": codes[tgt],
        "source_actor": codes[src], "target_actor": codes[tgt],
        "cameo_code": cameo.astype(str), "cameo_root": np.char.ljust(cameo.astype(str), 2)
        .astype("U2"), "quad_class": quad.astype(np.int8), "goldstein": goldstein,
        "date": dates, "last_date": dates, "published": dates, "n_mentions": mentions,
        "n_docs": mentions, "n_sources": np.minimum(mentions, 3).astype(np.int32),
        "event_ids": pa.array([[]] * n, pa.list_(pa.string())), "doc_id": ids,
        "sentence": pa.nulls(n, pa.string()), "char_start": pa.nulls(n, pa.int32()),
        "char_end": pa.nulls(n, pa.int32()),
    })


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(repeat: int, fn) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def measure(root: Path, repeat: int) -> None:
    """Run in a fresh process: the timings and the peak memory of the analyses alone."""
    from multipolar.analysis.dyads import dyad_series
    from multipolar.analysis.system import store_system

    store = Store(root, create=False)
    first = actor_codes(1)[0]
    t_dyads, rows = best_of(repeat, lambda: dyad_series(store, first, by="month"))
    t_year, year = best_of(repeat, lambda: store_system(store, start="2010-01-01",
                                                         end="2010-12-31"))
    t_all, span = best_of(repeat, lambda: store_system(store))
    print(f"dyads --actor {first} --by month: {t_dyads:.3f} s ({len(rows)} cells)")
    print(f"poles --from 2010-01-01 --to 2010-12-31: {t_year:.3f} s "
          f"({len(year.windows)} windows of 90 days; {len(year.picture.blocs)} blocs, "
          f"poles {year.picture.poles:.2f}, balance {year.picture.balance:.2f})")
    print(f"poles over {len(span.windows)} yearly windows: {t_all:.3f} s "
          f"({len(span.picture.actors)} actors, {len(span.picture.edges)} ties, "
          f"threshold {span.min_events} events)")
    print(f"peak RSS of the analyses: {peak_rss_mb():.0f} MB")
    print(f"dyads_s={t_dyads:.3f} poles_year_s={t_year:.3f} poles_windows_s={t_all:.3f} "
          f"peak_rss_mb={peak_rss_mb():.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=200)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--store", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = args.store or Path(tmp) / "store"
        store = Store(root)
        if store.files("stories") and store.count("stories") == args.events:
            print(f"reusing {root} ({args.events:,} story events)")
        else:
            t0 = time.perf_counter()
            table = synthetic_stories(args.events, args.actors, args.years)
            t1 = time.perf_counter()
            store.replace("stories", table)
            t2 = time.perf_counter()
            print(f"{args.events:,} synthetic story events, {args.actors} actors, "
                  f"{args.years} years: generated in {t1 - t0:.1f} s, stored in {t2 - t1:.1f} s "
                  f"(peak RSS {peak_rss_mb():.0f} MB)")
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--measure", str(root), "--repeat",
                        str(args.repeat)], check=True)


if __name__ == "__main__":
    main()
