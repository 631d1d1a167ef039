"""Readers turn sources (files, directories, URLs) into `Document`s.

`plan` expands what the user named into tasks (so a progress bar knows the
total before reading); `read_task` reads one task, yielding documents, warnings
and errors. A failed source never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import Document, ReadError, ReadWarning
from .base import Item, ReadOptions, SourceError, guarded
from .feed import read_feed_file
from .html import read_html_file
from .jsonl import read_jsonl_file
from .text import read_text_file
from .url import is_url, read_url

__all__ = ["Document", "ReadError", "ReadOptions", "ReadWarning", "Task", "plan", "read_task"]

READERS: dict[str, Callable[[Path, ReadOptions], Iterator[Item]]] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "feed": read_feed_file,
}
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of reading: a file of a known kind, or a URL."""

    source: str
    kind: str  # text | html | jsonl | feed | url | auto


def _kind_of(path: Path) -> str | None:
    return EXTENSIONS.get(path.suffix.lower())


def _walk(root: Path) -> list[Path]:
    """Files under root, recursively, in path order, hidden ones skipped (scandir for speed)."""
    found: list[str] = []
    stack = [str(root)]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file():
                found.append(entry.path)
    return [Path(p) for p in sorted(found)]


def plan(inputs: Iterable[str]) -> tuple[list[Task], list[ReadError], int]:
    """(tasks, errors, files skipped for their extension) for what the user named."""
    tasks: list[Task] = []
    errors: list[ReadError] = []
    skipped = 0
    for raw in inputs:
        if is_url(raw):
            tasks.append(Task(raw, "url"))
            continue
        if "://" in raw:
            errors.append(ReadError(raw, "unsupported URL scheme (http and https only)"))
            continue
        path = Path(raw)
        if path.is_dir():
            found = 0
            for file in _walk(path):
                kind = _kind_of(file)
                if kind is None:
                    skipped += 1
                    continue
                found += 1
                tasks.append(Task(str(file), kind))
            if not found:
                errors.append(ReadError(raw, "directory holds no readable files "
                                             f"({', '.join(sorted(EXTENSIONS))})"))
        elif path.is_file():
            tasks.append(Task(raw, _kind_of(path) or "auto"))
        elif path.exists():
            errors.append(ReadError(raw, "not a regular file"))
        else:
            errors.append(ReadError(raw, "no such file or directory"))
    return tasks, errors, skipped


def _sniff(path: Path) -> str:
    """The kind of a file with an unknown extension, from its first bytes."""
    with path.open("rb") as fh:
        head = fh.read(2048).lstrip().lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "text"


def _read(task: Task, opts: ReadOptions) -> Iterator[Item]:
    if task.kind == "url":
        yield from read_url(task.source, opts)
        return
    path = Path(task.source)
    kind = _sniff(path) if task.kind == "auto" else task.kind
    yield from READERS[kind](path, opts)


def read_task(task: Task, opts: ReadOptions) -> Iterator[Document | ReadError | ReadWarning]:
    """Everything one task yields; its failures arrive as `ReadError`s, never exceptions."""
    yield from guarded(task.source, _read(task, opts))


__all__ += ["SourceError"]
