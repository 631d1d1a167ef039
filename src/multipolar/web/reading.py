"""Reading new documents through the API: pasted text, an uploaded file or a URL.

The same readers as `multipolar read` turn the input into documents, the store keeps
them (deduplicated by text), and `code_store` codes whatever is not yet coded, so the
results show in every endpoint at once: the store is read afresh by each query. One
lock serialises writers; the coder (spaCy) is loaded once per app, on first use.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import threading
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field

from ..coding import code_store
from ..models import Document, ReadError, ReadWarning
from ..readers import EXTENSIONS, ReadOptions, Task, read_task
from ..readers.base import SourceError, make_document
from ..readers.text import parse_header
from ..store import Store

router = APIRouter(prefix="/api/read", tags=["reading"])

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class TextIn(BaseModel):
    """A report pasted as text; metadata given here wins over `Title:`/`Date:` header lines."""

    text: str = Field(min_length=1, description="The report's text.")
    title: str | None = Field(None, max_length=500)
    published: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD).")
    publication: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://")


class UrlIn(BaseModel):
    """A page or feed to fetch (time, size, redirects and content type are bounded)."""

    url: str = Field(max_length=2000, pattern=r"^https?://",
                     description="An http(s) URL of a page, text or feed.")
    published: dt.date | None = Field(None, description="Date for documents that state none.")
    publication: str | None = Field(None, max_length=200)


class CoderHolder:
    """The app's one coder and its one writer lock; the coder loads on first use."""

    def __init__(self, coder: Any = None) -> None:
        self.coder = coder
        self.lock = threading.Lock()

    def get(self) -> Any:
        if self.coder is None:
            from ..coder.nlp import ModelMissing
            from ..coder.pipeline import Coder

            try:
                self.coder = Coder()
            except ModelMissing as exc:
                raise HTTPException(503, f"cannot code: {exc}") from None
        return self.coder


def _options(request: Request, published: dt.date | None, publication: str | None
             ) -> ReadOptions:
    return ReadOptions(published=published.isoformat() if published else None,
                       publication=publication, max_bytes=request.app.state.max_bytes,
                       timeout=request.app.state.url_timeout)


def _too_large(request: Request, size: int) -> None:
    limit = request.app.state.max_bytes
    if size > limit:
        raise HTTPException(413, f"document is {size:,} bytes, over the {limit:,}-byte limit")


def _store_and_code(request: Request, docs: list[Document],
                    problems: list[ReadError | ReadWarning]) -> dict[str, Any]:
    """Keep the new documents, code what needs coding, and say what became of each."""
    errors = [str(p) for p in problems if isinstance(p, ReadError)]
    if not docs:
        raise HTTPException(422, "; ".join(errors) or "no document in the input")
    store: Store = request.app.state.store
    holder: CoderHolder = request.app.state.coder
    with holder.lock:
        coder = holder.get()
        new, dupes = store.add_documents(docs)
        summary = code_store(store, coder)
    ids = [d.doc_id for d in docs]
    codings = {r["doc_id"]: r for r in store.query(
        "SELECT doc_id, status, message, n_events, n_quotes, n_citations FROM codings "
        "WHERE list_contains(?, doc_id)", [ids]).to_pylist()}
    new_ids = {d.doc_id for d in new}
    out = []
    for d in docs:
        c = codings.get(d.doc_id, {})
        out.append({"doc_id": d.doc_id, "title": d.title, "published": d.published,
                    "language": d.language, "new": d.doc_id in new_ids,
                    "status": c.get("status", "not coded"), "message": c.get("message") or None,
                    "events": c.get("n_events", 0), "quotes": c.get("n_quotes", 0),
                    "citations": c.get("n_citations", 0)})
    return {"read": len(docs), "new": len(new), "already": len(dupes),
            "problems": [str(p) for p in problems],
            "coded": {"documents": summary.coded, "events": summary.events,
                      "quotes": summary.quotes, "citations": summary.citations,
                      "stories": summary.stories, "failed": summary.failed},
            "documents": out}


def _collect(task: Task, opts: ReadOptions, source: str | None = None
             ) -> tuple[list[Document], list[ReadError | ReadWarning]]:
    docs: list[Document] = []
    problems: list[ReadError | ReadWarning] = []
    for item in read_task(task, opts):
        if isinstance(item, Document):
            if source:
                item.source = source
            docs.append(item)
        else:
            if source:
                item.source = source
            problems.append(item)
    return docs, problems


@router.post("/text", status_code=201, summary="Read a pasted report, code it, store it")
def read_text(request: Request, body: TextIn) -> dict[str, Any]:
    _too_large(request, len(body.text.encode("utf-8")))
    opts = _options(request, None, body.publication)
    meta, _ = parse_header(body.text)
    try:
        doc = make_document(
            body.text, source="api:text", kind="text", opts=opts,
            title=body.title or meta.get("title"),
            publication=body.publication or meta.get("publication"),
            published=body.published.isoformat() if body.published else meta.get("published"),
            author=meta.get("author"), url=body.url or meta.get("url"))
    except SourceError as exc:
        raise HTTPException(422, f"text: {exc}") from None
    return _store_and_code(request, [doc], [])


@router.post("/file", status_code=201, summary="Read an uploaded file (text, HTML, JSON Lines, "
             "RSS/Atom), code it, store it")
def read_file(
    request: Request,
    file: Annotated[UploadFile, File(description="The file; its extension picks the reader.")],
    published: Annotated[dt.date | None, Form(description="Date for documents that state "
                                              "none (YYYY-MM-DD).")] = None,
    publication: Annotated[str | None, Form(max_length=200)] = None,
) -> dict[str, Any]:
    name = _SAFE_NAME.sub("_", FsPath(file.filename or "upload").name).strip("._")[:100]
    name = name or "upload"
    suffix = FsPath(name).suffix.lower()
    opts = _options(request, published, publication)
    with tempfile.TemporaryDirectory(prefix="multipolar-upload-") as tmp:
        path = FsPath(tmp) / name
        size = 0
        with path.open("wb") as fh:
            while chunk := file.file.read(1 << 16):
                size += len(chunk)
                _too_large(request, size)
                fh.write(chunk)
        if size == 0:
            raise HTTPException(422, f"{name}: empty file")
        docs, problems = _collect(Task(str(path), EXTENSIONS.get(suffix, "auto")), opts,
                                  source=f"upload:{name}")
    return _store_and_code(request, docs, problems)


@router.post("/url", status_code=201, summary="Fetch a URL (page, text or feed), code it, "
             "store it")
def read_url(request: Request, body: UrlIn) -> dict[str, Any]:
    opts = _options(request, body.published, body.publication)
    docs, problems = _collect(Task(body.url, "url"), opts)
    if not docs and any("limit" in str(p) and "bytes" in str(p) for p in problems):
        raise HTTPException(413, "; ".join(str(p) for p in problems))
    return _store_and_code(request, docs, problems)
