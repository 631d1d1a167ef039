"""URL reading against a real HTTP server on 127.0.0.1 (started by the tests)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from multipolar.models import Document, ReadError
from multipolar.readers import ReadOptions, plan, read_task
from tests.test_readers import PAGE, RSS

BIG = 3_000_000


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the stdlib's name
        path = self.path
        if path == "/page.html":
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/feed":
            self._send(200, RSS.encode(), "application/rss+xml")
        elif path == "/plain":
            self._send(200, b"Japan and the United States agreed on missile defence research.",
                       "text/plain")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE.encode(), "text/html")
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(b"<p>" + b"x" * 1000)
        elif path == "/big-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(BIG // 65536 + 1):
                    chunk = b"y" * 65536
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def read_url(url: str, **kw):
    opts = ReadOptions(**{"timeout": 1.0, "max_bytes": 1_000_000, **kw})
    (task,), _, _ = plan([url])
    items = list(read_task(task, opts))
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, ReadError)])


def test_page(server):
    (doc,), errs = read_url(f"{server}/page.html")
    assert not errs
    assert doc.title == "Russia annexes Crimea; West condemns move"
    assert doc.url == f"{server}/page.html" and doc.source_kind == "url"
    assert doc.published == "2014-03-18"


def test_redirect_is_followed_and_final_url_kept(server):
    (doc,), _ = read_url(f"{server}/moved")
    assert doc.url == f"{server}/page.html" and doc.source == f"{server}/moved"


def test_feed_url_yields_its_items(server):
    docs, errs = read_url(f"{server}/feed")
    assert [d.title for d in docs] == ["Moscow and Beijing sign treaty"]
    assert errs and errs[0].source == f"{server}/feed#item2"


def test_plain_text(server):
    (doc,), _ = read_url(f"{server}/plain")
    assert doc.text.startswith("Japan and the United States")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/loop", "more than 5 redirects"),
        ("/image", "unsupported content type 'image/png'"),
        ("/empty", "empty response"),
        ("/big-declared", "over the 1,000,000-byte limit"),
        ("/big-streamed", "exceeds the 1,000,000-byte limit"),
    ],
)
def test_bad_responses(server, path, message):
    docs, (err,) = read_url(f"{server}{path}")
    assert not docs and err.source == f"{server}{path}"
    assert message in err.message


def test_slow_server_times_out(server):
    start = time.perf_counter()
    docs, (err,) = read_url(f"{server}/slow", timeout=0.5)
    assert not docs and "timed out after 0.5 s" in err.message
    assert time.perf_counter() - start < 2.5


def test_unreachable_host():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    docs, (err,) = read_url(f"http://127.0.0.1:{port}/x")
    assert not docs and err.message.startswith("cannot connect")
