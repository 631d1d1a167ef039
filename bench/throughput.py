"""Coder throughput against bare spaCy parsing, on the same texts in the same run.

    .venv/bin/python bench/throughput.py [--docs 2000] [--workers 1 2]

Prints documents/s, tokens/s and peak RSS for: the bare `nlp.pipe` full parse and
the multipolar coder (parse + actors + events + quotes + citations + dates), at
each worker count. The last line is name=value pairs; `ratio` is coder over bare
parse throughput at the highest worker count. Not a test: machines are noisy,
compare ratios within one run.

`--geo` also times the coder without geolocation (`Coder(geolocate=False)`, same model,
same process, runs alternated and the best of `--rounds` kept) and prints what event
locations cost: `geo_cost` is the share of throughput lost to them.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from multipolar.coder.nlp import load_nlp
from multipolar.coder.pipeline import Coder
from multipolar.ingest import sample_corpus


def corpus(n: int) -> list[tuple[str, str, str | None]]:
    rows = [json.loads(line) for line in Path(sample_corpus()).read_text().splitlines()
            if line.strip()]
    out = []
    for i in range(n):
        r = rows[i % len(rows)]
        out.append((f"{r['id']}-{i}", r["text"], r["published"]))
    return out


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def bare(texts: list[str], workers: int) -> tuple[float, int]:
    nlp = load_nlp()
    start = time.perf_counter()
    tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=16, n_process=workers))
    return time.perf_counter() - start, tokens


def coder_run(coder: Coder, items, workers: int) -> tuple[float, int]:
    start = time.perf_counter()
    events = sum(len(c.events) for c in coder.pipe(items, batch_size=16, n_process=workers))
    return time.perf_counter() - start, events


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--geo", action="store_true",
                    help="also time the coder without geolocation")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per coder with --geo")
    args = ap.parse_args()
    items = corpus(args.docs)
    texts = [t for _, t, _ in items]
    coder = Coder()
    if args.geo:
        geo_cost(coder, items, args.workers, args.rounds)
        return
    n_tokens = sum(len(d) for d in coder.nlp.tokenizer.pipe(texts))
    results: dict[str, float] = {"docs": len(items)}
    for w in args.workers:
        secs, _ = bare(texts, w)
        rate = len(texts) / secs
        results[f"bare_docs_per_s_w{w}"] = rate
        print(f"bare parse   workers={w}: {rate:8.1f} docs/s {n_tokens / secs:10.0f} tokens/s "
              f"peak RSS {peak_rss_mb():.0f} MB", flush=True)
        secs, n_events = coder_run(coder, items, w)
        rate = len(items) / secs
        results[f"coder_docs_per_s_w{w}"] = rate
        print(f"coder        workers={w}: {rate:8.1f} docs/s {n_tokens / secs:10.0f} tokens/s "
              f"peak RSS {peak_rss_mb():.0f} MB ({n_events} events)", flush=True)
    top = max(args.workers)
    ratio = results[f"coder_docs_per_s_w{top}"] / results[f"bare_docs_per_s_w{top}"]
    print(f"docs={len(items)} docs_per_s={results[f'coder_docs_per_s_w{top}']:.1f} "
          f"tokens_per_s={n_tokens / (len(items) / results[f'coder_docs_per_s_w{top}']):.0f} "
          f"peak_rss_mb={peak_rss_mb():.0f} ratio={ratio:.2f} workers={top}")


def geo_cost(coder: Coder, items, workers: list[int], rounds: int) -> None:
    """Coder with and without geolocation, alternated so that load changes hit both."""
    plain = Coder(nlp=coder.nlp, geolocate=False)
    for w in workers:
        best = {"geo": float("inf"), "plain": float("inf")}
        located = 0
        for _ in range(rounds):
            for name, c in (("plain", plain), ("geo", coder)):
                start = time.perf_counter()
                coded = list(c.pipe(items, batch_size=16, n_process=w))
                best[name] = min(best[name], time.perf_counter() - start)
                if name == "geo":
                    located = sum(1 for d in coded for e in d.events if e.location)
        rate = {k: len(items) / v for k, v in best.items()}
        cost = 1 - rate["geo"] / rate["plain"]
        print(f"workers={w} coder_without_geo={rate['plain']:.1f} docs/s "
              f"coder_with_geo={rate['geo']:.1f} docs/s located_events={located} "
              f"geo_cost={cost:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
