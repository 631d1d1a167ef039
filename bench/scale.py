"""Scaling out: the same store coded by the local engine and by Ray, at 1 and 2 CPUs.

    .venv/bin/python bench/scale.py [--docs 2000]

Builds a store of --docs distinct reports (the bundled sample corpus, each copy made
distinct by a closing line), then codes a fresh copy of it four times, each in its own
process so memory figures are its own: the local engine with 1 and 2 workers, and the
Ray engine on a Ray instance started on this machine with 1 and 2 CPUs. Prints, for
each, documents/s end to end (texts read from the store, coded, rows written, story
events relinked; for Ray including its workers' start and model load, but not Ray's
own start, printed apart) and peak memory per worker; then Ray's scaling efficiency
(2-CPU rate / twice the 1-CPU rate) and its overhead against the local engine at the
same CPU count. The last line is name=value pairs. Not a test: machines are noisy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIGS = [("local", 1), ("local", 2), ("ray", 1), ("ray", 2)]


def build_store(path: Path, n: int) -> None:
    from multipolar.ingest import ingest, sample_corpus
    from multipolar.readers import ReadOptions
    from multipolar.store import Store

    rows = [json.loads(line) for line in sample_corpus().read_text().splitlines() if line]
    corpus = path.parent / "corpus.jsonl"
    with corpus.open("w") as fh:
        for i in range(n):
            r = dict(rows[i % len(rows)])
            r["id"] = f"{r['id']}-{i}"
            r["text"] = f"{r['text']}\n\nItem {i} of the scaling benchmark."
            fh.write(json.dumps(r) + "\n")
    summary = ingest([str(corpus)], Store(path), ReadOptions())
    assert summary.new == n, f"expected {n} new documents, got {summary.new}"


def child(engine: str, cpus: int, store_path: Path) -> dict:
    """One configuration, in this (fresh) process."""
    from multipolar.store import Store

    out: dict = {"engine": engine, "cpus": cpus, "ray_start_s": 0.0, "workers_start_s": 0.0}
    if engine == "ray":
        from multipolar.engines.ray_engine import CoderSpec, code_store_ray, start_local_ray

        t = time.perf_counter()
        ray = start_local_ray(cpus)  # as `multipolar code --engine ray` starts it
        out["ray_start_s"] = time.perf_counter() - t
        spec = CoderSpec.of()
        coder = spec.build()
        t = time.perf_counter()
        ready: list[float] = []
        summary = code_store_ray(Store(store_path), coder, spec, workers=cpus,
                                 on_ready=lambda _: ready.append(time.perf_counter()))
        seconds = time.perf_counter() - t
        out["workers_start_s"] = ready[0] - t
        out["worker_peak_mb"] = summary.worker_peak_mb
        ray.shutdown()
    else:
        from multipolar.coder.pipeline import Coder
        from multipolar.coding import code_store

        coder = Coder()
        t = time.perf_counter()
        summary = code_store(Store(store_path), coder, workers=cpus)
        seconds = time.perf_counter() - t
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        # One worker is this process; with more, spaCy's parsing processes are the workers
        # and this one codes what they parse.
        out["worker_peak_mb"] = own if cpus == 1 else max(kids, own)
    ids = Store(store_path).query("SELECT event_id FROM events ORDER BY 1").column(0)
    out.update(docs=summary.documents, events=summary.events, seconds=seconds,
               docs_per_s=summary.documents / seconds,
               events_digest=hashlib.sha256("\n".join(ids.to_pylist()).encode()).hexdigest()[:12],
               driver_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "CPUS", "STORE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        engine, cpus, store = args.child
        print(json.dumps(child(engine, int(cpus), Path(store))))
        return
    with tempfile.TemporaryDirectory(prefix="multipolar-scale-") as tmp:
        pristine = Path(tmp) / "pristine"
        build_store(pristine, args.docs)
        print(f"corpus: {args.docs} documents; machine: {os.cpu_count()} CPUs", flush=True)
        results = {}
        for engine, cpus in CONFIGS:
            copy = Path(tmp) / f"{engine}-{cpus}"
            shutil.copytree(pristine, copy)
            proc = subprocess.run([sys.executable, __file__, "--child", engine, str(cpus),
                                   str(copy)], capture_output=True, text=True)
            if proc.returncode:
                sys.exit(f"{engine} at {cpus} CPUs failed:\n{proc.stderr}")
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            results[(engine, cpus)] = r
            extra = (f"; workers up in {r['workers_start_s']:.1f} s, Ray's own start "
                     f"{r['ray_start_s']:.1f} s apart" if engine == "ray" else "")
            print(f"{engine:5} {cpus} CPU: {r['docs_per_s']:6.1f} docs/s ({r['seconds']:.1f} s, "
                  f"{r['events']} events, digest {r['events_digest']}), peak memory per worker "
                  f"{r['worker_peak_mb']:.0f} MB, driver {r['driver_peak_mb']:.0f} MB{extra}",
                  flush=True)
            shutil.rmtree(copy)
    rate = {k: v["docs_per_s"] for k, v in results.items()}
    same = len({v["events_digest"] for v in results.values()}) == 1
    efficiency = rate[("ray", 2)] / (2 * rate[("ray", 1)])
    local_eff = rate[("local", 2)] / (2 * rate[("local", 1)])
    over1 = 1 - rate[("ray", 1)] / rate[("local", 1)]
    over2 = 1 - rate[("ray", 2)] / rate[("local", 2)]
    print(f"identical events across engines: {same}")
    print(f"Ray scaling efficiency 1->2 CPUs: {efficiency:.2f} (goal >= 0.80); local: "
          f"{local_eff:.2f}")
    print(f"Ray overhead against local: {over1:+.0%} at 1 CPU, {over2:+.0%} at 2 CPUs "
          "(goal < 15%; negative is faster)")
    steady = {c: results[("ray", c)]["docs"] / (results[("ray", c)]["seconds"]
                                                - results[("ray", c)]["workers_start_s"])
              for c in (1, 2)}
    print(f"Ray once its workers are up: {steady[1]:.1f} docs/s at 1 CPU, {steady[2]:.1f} at 2 "
          f"(overhead {1 - steady[1] / rate[('local', 1)]:+.0%} and "
          f"{1 - steady[2] / rate[('local', 2)]:+.0%}; efficiency "
          f"{steady[2] / (2 * steady[1]):.2f})")
    peak = max(v["worker_peak_mb"] for v in results.values())
    print(f"docs={args.docs} local1={rate[('local', 1)]:.1f} local2={rate[('local', 2)]:.1f} "
          f"ray1={rate[('ray', 1)]:.1f} ray2={rate[('ray', 2)]:.1f} efficiency={efficiency:.2f} "
          f"overhead1={over1:.2f} overhead2={over2:.2f} peak_worker_mb={peak:.0f} "
          f"identical={same}")


if __name__ == "__main__":
    sys.exit(main())
