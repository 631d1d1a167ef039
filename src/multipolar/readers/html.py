"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .base import (
    Item,
    ReadOptions,
    ReadWarning,
    SourceError,
    check_size,
    decode,
    filename_date,
    make_document,
)

# Only dates the page states (meta tags, time elements, the URL), never a guess.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def html_document(
    html: str, *, source: str, opts: ReadOptions, url: str | None = None,
    date_hint: str | None = None,
) -> Item:
    """A `Document` from a page's HTML: boilerplate (menus, ads, comments) left out."""
    import trafilatura

    if "<" not in html:
        raise SourceError("not HTML: no markup found")
    extracted = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise SourceError("no article text found in the HTML (empty, truncated or not a page)")
    # trafilatura separates paragraphs by one newline; the store uses a blank line.
    text = "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
    return make_document(
        text,
        source=source,
        kind="html",
        opts=opts,
        title=extracted.title,
        publication=extracted.sitename,
        url=url or extracted.url,
        published=extracted.date,
        author=extracted.author,
        date_hint=date_hint,
    )


def read_html_file(path: Path, opts: ReadOptions) -> Iterator[Item]:
    check_size(path, opts)
    html, warning = decode(path.read_bytes())
    if warning:
        yield ReadWarning(str(path), warning)
    yield html_document(html, source=str(path), opts=opts, date_hint=filename_date(path.name))
