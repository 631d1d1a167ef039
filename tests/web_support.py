"""What the web tests share: one sample store per test session, and a hostile document.

The store holds the bundled 50-report sample and one report whose title and text carry
`<script>` and `onerror=` markup, so every page that shows document text is tested
against it. Building (reading + coding) takes a few seconds, so it is done once.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

XSS_TITLE = 'Markup test <script>window.__xss = "title"</script>'
XSS_TEXT = (
    "MOSCOW, May 5, 2015 - Russia condemned the United States on Tuesday over new sanctions "
    '<img src=x onerror="window.__xss = \'img\'"> and <script>window.__xss = "text"</script> '
    "warned of a response (Reuters, May 5).\n\n"
    "China praised Russia for its restraint, Xinhua reported."
)

_built: dict[str, Any] = {}


def build_sample_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """(store path, coder) for the sample corpus plus the markup document; built once."""
    if "store" in _built:
        return _built["store"], _built["coder"]
    from multipolar.coder.nlp import ModelMissing
    from multipolar.coder.pipeline import Coder
    from multipolar.coding import code_store
    from multipolar.ingest import ingest, sample_corpus
    from multipolar.readers import ReadOptions
    from multipolar.readers.base import make_document
    from multipolar.store import Store

    try:
        coder = Coder()
    except ModelMissing as exc:
        pytest.skip(str(exc))
    path = tmp_path_factory.mktemp("web") / "store"
    store = Store(path)
    summary = ingest([str(sample_corpus())], store, ReadOptions())
    assert summary.new == 50 and not summary.failed
    doc = make_document(XSS_TEXT, source="test:markup", kind="text", opts=ReadOptions(),
                        title=XSS_TITLE)
    store.add_documents([doc])
    coded = code_store(store, coder)
    assert coded.failed == 0 and coded.events > 100
    _built.update(store=path, coder=coder, xss_doc=doc.doc_id)
    return path, coder


def xss_doc_id() -> str:
    return _built["xss_doc"]


def copy_store(src: Path, dest: Path) -> Path:
    """A private copy, for tests that write."""
    shutil.copytree(src, dest)
    return dest
