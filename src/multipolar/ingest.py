"""Reading sources into the store: the `read` stage as one function the CLI and API share."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .models import Document, ReadError, ReadWarning
from .readers import ReadOptions, Task, plan, read_task
from .store import Store

# Documents per Parquet file written: few files, little lost to a kill.
BATCH = int(os.environ.get("MULTIPOLAR_BATCH", "500"))


@dataclass(slots=True)
class ReadSummary:
    read: int = 0  # documents read successfully
    new: int = 0
    already: int = 0  # already in the store (same normalised text)
    failed: int = 0  # sources or lines that could not be read
    warnings: int = 0
    skipped_files: int = 0  # files in directories with an extension no reader takes
    non_english: int = 0
    new_ids: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


class DocumentSink:
    """Stores what readers yield in atomic batches and counts it into a summary: documents
    are stored, warnings and errors go to ``on_problem``. Every reading path shares it so
    they count and batch alike."""

    def __init__(self, store: Store, summary: ReadSummary,
                 on_problem: Callable[[ReadError | ReadWarning], None],
                 batch_size: int = BATCH) -> None:
        self.store, self.summary, self.on_problem = store, summary, on_problem
        self.batch_size = batch_size
        self.pending: list[Document] = []

    def take(self, items: Iterable[Document | ReadError | ReadWarning]) -> None:
        for item in items:
            if isinstance(item, Document):
                self.summary.read += 1
                self.summary.non_english += not item.is_english
                self.pending.append(item)
                if len(self.pending) >= self.batch_size:
                    self.flush()
            elif isinstance(item, ReadWarning):
                self.summary.warnings += 1
                self.on_problem(item)
            else:
                self.summary.failed += 1
                self.on_problem(item)

    def flush(self) -> None:
        new, dupes = self.store.add_documents(self.pending)
        self.summary.new += len(new)
        self.summary.already += len(dupes)
        self.summary.new_ids.extend(d.doc_id for d in new)
        self.pending.clear()


def sample_corpus() -> Path:
    """The bundled sample corpus (paraphrased reports written for the project)."""
    return Path(str(resources.files("multipolar") / "data" / "sample" / "reports.jsonl"))


def ingest(
    inputs: Iterable[str],
    store: Store,
    opts: ReadOptions,
    *,
    on_problem: Callable[[ReadError | ReadWarning], None] = lambda _: None,
    on_plan: Callable[[int], None] = lambda _: None,
    on_task_done: Callable[[Task], None] = lambda _: None,
    batch_size: int = BATCH,
) -> ReadSummary:
    """Read every input into the store; failures are reported, never raised.

    Documents are written in batches, each batch atomically, so an interrupted
    run keeps what it wrote and a rerun adds only what is missing.
    """
    summary = ReadSummary()
    tasks, errors, summary.skipped_files = plan(inputs)
    for err in errors:
        summary.failed += 1
        on_problem(err)
    on_plan(len(tasks))
    sink = DocumentSink(store, summary, on_problem, batch_size)
    for task in tasks:
        sink.take(read_task(task, opts))
        on_task_done(task)
    sink.flush()
    return summary
