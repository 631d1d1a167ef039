"""URLs: one page, or a feed whose items become documents.

Bounded in every direction a hostile or broken server can push: time, size,
redirects and content type.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from .base import Item, ReadOptions, ReadWarning, SourceError, decode, make_document
from .feed import feed_documents
from .html import html_document

USER_AGENT = "multipolar/0.1 (+news event coder)"
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml", "application/feed+json")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def fetch(url: str, opts: ReadOptions) -> tuple[bytes, str, str]:
    """(body, content type, final URL); raises SourceError with the reason in one line."""
    timeout = httpx.Timeout(opts.timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, "
               "application/rss+xml, application/atom+xml, text/xml, text/plain;q=0.8"}
    try:
        with httpx.Client(
            timeout=timeout, follow_redirects=True, max_redirects=opts.max_redirects,
            headers=headers,
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_FEED_TYPES + _HTML_TYPES + _TEXT_TYPES):
                raise SourceError(f"unsupported content type {ctype!r}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > opts.max_bytes:
                raise SourceError(
                    f"response is {int(declared):,} bytes, over the {opts.max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > opts.max_bytes:
                    raise SourceError(f"response exceeds the {opts.max_bytes:,}-byte limit")
                chunks.append(chunk)
            return b"".join(chunks), ctype, str(response.url)
    except httpx.TooManyRedirects:
        raise SourceError(f"more than {opts.max_redirects} redirects") from None
    except httpx.TimeoutException:
        raise SourceError(f"timed out after {opts.timeout:g} s") from None
    except httpx.ConnectError as exc:
        raise SourceError(f"cannot connect: {_reason(exc)}") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"{type(exc).__name__}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def read_url(url: str, opts: ReadOptions) -> Iterator[Item]:
    body, ctype, final = fetch(url, opts)
    if not body.strip():
        raise SourceError("empty response")
    head = body[:512].lstrip().lower()
    if ctype.startswith(_FEED_TYPES) or head.startswith(b"<?xml") and (
        b"<rss" in body[:2048].lower() or b"<feed" in body[:2048].lower()
    ):
        yield from feed_documents(body, source=url, opts=opts)
        return
    text, warning = decode(body)
    if warning:
        yield ReadWarning(url, warning)
    if ctype.startswith(_TEXT_TYPES):
        yield make_document(text, source=url, kind="url", opts=opts, url=final)
    else:
        doc = html_document(text, source=url, opts=opts, url=final)
        doc.source_kind = "url"
        yield doc
