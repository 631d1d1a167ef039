"""The Ray engine: code a store's documents on a Ray cluster, into the same store.

Ray, not a scheduler of our own, places the workers, restarts a worker whose process
dies and retries the batch it held. Each worker is a Ray actor that builds the coder
once (so the spaCy model loads once per worker) and runs `coding.code_batch` on
batch after batch, the stage the local engine runs; it sends back plain rows. This
process, which owns the store, writes them with `coding.write_batch`: atomic Parquet
shards in the store's layout, coded rows first and their `codings` rows last. So a
batch is in the store whole or not at all, a retried batch is written once, and a
rerun of an interrupted job codes only the documents with no `codings` row.

Texts travel to the workers from this process, so a worker needs no access to the
store's disk: any cluster that runs multipolar (same version, with the model) can code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import os
import resource
import socket
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..coding import (
    BATCH_DOCS,
    BatchResult,
    CodeSummary,
    add_batch,
    code_batch,
    finish,
    pending_documents,
    with_texts,
    write_batch,
)
from ..store import Store, new_generation

INSTALL_HINT = "--engine ray needs Ray, which is not installed: pip install 'multipolar[ray]'"
TASK_DOCS = 32  # documents per Ray task: small enough to balance, big enough for nlp.pipe
TASK_RETRIES = 3  # a batch whose worker dies is retried this often, then reported failed
IN_FLIGHT = 2  # batches queued per worker, so none waits while this process writes


class EngineError(Exception):
    """The engine cannot run; the message is one line saying why."""


class RayMissing(EngineError):
    """Ray is not installed."""


def require_ray(local: bool = True) -> Any:
    """The `ray` module, or RayMissing with the one-line install hint.

    Ray started here for one machine binds to the loopback address (what its own
    non-cluster mode does), so nothing outside this machine can reach it.
    """
    if local and "ray" not in sys.modules:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError:
        raise RayMissing(INSTALL_HINT) from None
    return ray


@dataclass(frozen=True, slots=True)
class CoderSpec:
    """How to build the driver's coder elsewhere: the user's actor files travel as bytes,
    so workers on other machines build the same coder (same version) without the files."""

    actor_files: tuple[tuple[str, bytes], ...] = ()
    ner: str = "rules"

    @classmethod
    def of(cls, actor_files: Iterable[Path] = (), ner: str = "rules") -> CoderSpec:
        return cls(tuple((Path(p).name, Path(p).read_bytes()) for p in actor_files), ner)

    def build(self) -> Any:
        """A `Coder`; file names are kept, as the coder version hashes them."""
        from ..coder.pipeline import Coder

        with tempfile.TemporaryDirectory(prefix="multipolar-actors-") as tmp:
            paths = []
            for i, (name, data) in enumerate(self.actor_files):
                folder = Path(tmp) / str(i)
                folder.mkdir()
                (folder / name).write_bytes(data)
                paths.append(folder / name)
            return Coder(actor_files=paths, ner=self.ner)


class CoderWorker:
    """One Ray actor: the coder built once, then batch after batch."""

    def __init__(self, spec: CoderSpec) -> None:
        self.coder = spec.build()

    def version(self) -> str:
        return self.coder.version

    def code(self, docs: list[dict[str, Any]], generation: str, now: str) -> BatchResult:
        result = code_batch(self.coder, docs, generation=generation, now=now)
        result.worker_pid = os.getpid()
        result.worker_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result


def _reason(exc: BaseException) -> str:
    """One line for a Ray failure: the worker's own exception when there is one."""
    cause = getattr(exc, "cause", None)
    if isinstance(cause, BaseException) and not isinstance(cause, type(exc)):
        exc = cause
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    text = next((ln for ln in reversed(lines) if "Error" in ln and ":" in ln), None)
    return (text or (lines[0] if lines else type(exc).__name__))[:300]


QUIET = {"log_to_driver": False, "logging_level": logging.ERROR}


def start_local_ray(cpus: int | None) -> Any:
    """Start Ray on this machine alone, with `cpus` CPUs (default: all).

    Ray runs its workers at nice 15 to keep its daemons responsive on a busy node; here
    they would then lose every core to any other program, where the local engine's
    processes run at normal priority. So the workers of this private instance run at
    normal priority too, on equal terms with the local engine.
    """
    ray = require_ray(local=True)
    os.environ.setdefault("RAY_worker_niceness", "0")
    ray.init(num_cpus=cpus or os.cpu_count() or 1, include_dashboard=False, **QUIET)
    return ray


def check_address(address: str) -> None:
    """Fail in one line, at once, where no Ray answers: Ray itself would retry for minutes."""
    if address == "auto":
        return  # Ray finds the cluster this machine belongs to, or says there is none
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise EngineError(f"--address {address}: expected auto, HOST:PORT or ray://HOST:PORT")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as exc:
        raise EngineError(f"--address {address}: no Ray cluster answers there "
                          f"({exc.strerror or type(exc).__name__})") from None


@contextlib.contextmanager
def ray_session(address: str | None, cpus: int | None) -> Iterator[Any]:
    """Ray ready to use: the one this process already joined, the cluster at `address`
    (`auto`, `HOST:PORT`, `ray://HOST:PORT`), or Ray started on this machine with `cpus`
    CPUs and stopped afterwards."""
    ray = require_ray(local=address is None)
    started = False
    if not ray.is_initialized():
        if address is not None:
            check_address(address)
        try:
            if address is None:
                start_local_ray(cpus)
            elif address.startswith("ray://"):  # Ray Client takes no logging options
                ray.init(address=address)
            else:
                ray.init(address=address, **QUIET)
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; all end the run
            where = f"--address {address}" if address else "Ray on this machine"
            raise EngineError(f"{where}: cannot start or join Ray ({_reason(exc)})") from None
        started = True
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def _batches(store: Store, todo: list[dict[str, Any]], task_docs: int,
             read_docs: int) -> Iterator[list[dict[str, Any]]]:
    """Task-sized batches with their texts, reading texts a few batches at a time."""
    for i in range(0, len(todo), read_docs):
        docs = with_texts(store, todo[i:i + read_docs])
        for j in range(0, len(docs), task_docs):
            yield docs[j:j + task_docs]


def _lost(docs: list[dict[str, Any]], reason: str) -> BatchResult:
    """A batch no worker could finish: failed, but given no `codings` row, so a rerun
    codes it again."""
    out = BatchResult()
    out.failed = len(docs)
    out.failures = [(d["doc_id"], f"not coded: {reason}; rerun to retry") for d in docs]
    return out


def code_store_ray(
    store: Store,
    coder: Any,  # the driver's Coder: its version picks the documents, and checks the workers'
    spec: CoderSpec,
    *,
    address: str | None = None,
    workers: int | None = None,
    recode: bool = False,
    task_docs: int = TASK_DOCS,
    batch_docs: int = BATCH_DOCS,
    on_total: Callable[[int], None] = lambda _: None,
    on_document: Callable[[Any], None] = lambda _: None,
    on_result: Callable[[BatchResult], None] = lambda _: None,
    on_note: Callable[[str], None] = lambda _: None,
    on_ready: Callable[[int], None] = lambda _: None,
) -> CodeSummary:
    """Code the store's pending documents on Ray with `workers` actors (default: one per CPU
    of the cluster); same rows as `coding.code_store`, written the same way.

    Callbacks: `on_ready(workers)` once every worker has its coder, `on_result` for each
    batch a worker sends back, `on_note` for one-line notes worth showing a user."""
    summary = CodeSummary()
    todo = pending_documents(store, coder.version, recode)
    summary.documents = len(todo)
    on_total(len(todo))
    if not todo:
        return summary
    with ray_session(address, workers) as ray:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        n = workers or max(1, cpus)
        # Balance small jobs: at least two batches per worker.
        task_docs = max(1, min(task_docs, math.ceil(len(todo) / (2 * n))))
        n = min(n, math.ceil(len(todo) / task_docs))
        if cpus and n > cpus:
            on_note(f"{n} workers asked of a Ray cluster with {cpus} CPUs: the rest wait "
                    "for CPUs to free up")
        worker_cls = ray.remote(CoderWorker).options(
            num_cpus=1, max_restarts=-1, max_task_retries=TASK_RETRIES)
        actors = [worker_cls.remote(spec) for _ in range(n)]
        try:
            try:
                versions = set(ray.get([a.version.remote() for a in actors]))
            except ray.exceptions.RayError as exc:
                raise EngineError(f"Ray workers cannot build the coder ({_reason(exc)}); "
                                  "install multipolar with its model on the cluster") from None
            if versions != {coder.version}:
                raise EngineError(f"Ray workers run coder {', '.join(sorted(versions))}, this "
                                  f"machine {coder.version}: install the same multipolar "
                                  "version on the cluster")
            summary.workers = n
            on_ready(n)
            _run(ray, actors, store, todo, summary, task_docs, batch_docs, on_document,
                 on_result)
        finally:
            for actor in actors:
                ray.kill(actor)
    return finish(store, coder, summary)


def _run(ray: Any, actors: list[Any], store: Store, todo: list[dict[str, Any]],
         summary: CodeSummary, task_docs: int, batch_docs: int,
         on_document: Callable[[Any], None], on_result: Callable[[BatchResult], None]) -> None:
    """Keep every worker busy; write finished batches as they come, `batch_docs` at a time."""
    batches = _batches(store, todo, task_docs, max(task_docs, batch_docs))
    in_flight: dict[Any, tuple[Any, list[dict[str, Any]]]] = {}

    def submit(actor: Any) -> None:
        docs = next(batches, None)
        if docs is not None:
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            in_flight[actor.code.remote(docs, new_generation(), now)] = (actor, docs)

    for _ in range(IN_FLIGHT):
        for actor in actors:
            submit(actor)
    unwritten = BatchResult()

    def flush() -> None:
        nonlocal unwritten
        write_batch(store, unwritten)
        add_batch(summary, unwritten)
        unwritten = BatchResult()

    while in_flight:
        (ref,), _ = ray.wait(list(in_flight), num_returns=1)
        actor, docs = in_flight.pop(ref)
        try:
            result = ray.get(ref)
        except ray.exceptions.RayTaskError as exc:  # raised by our code: not retried
            result = _lost(docs, f"error in a Ray worker ({_reason(exc)})")
        except ray.exceptions.RayError as exc:  # the worker died on every try
            result = _lost(docs, f"Ray worker lost {TASK_RETRIES + 1} times ({_reason(exc)})")
        submit(actor)
        summary.worker_peak_mb = max(summary.worker_peak_mb, result.worker_peak_mb)
        unwritten.merge(result)
        if unwritten.documents >= batch_docs:
            flush()
        for _ in range(result.documents):
            on_document(None)
        on_result(result)
    if unwritten.documents:
        flush()
