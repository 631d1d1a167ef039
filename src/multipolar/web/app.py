"""The web app: the JSON API, its offline docs page and the dashboard, over one store.

Everything is served from this package (no CDN): the dashboard is static HTML, CSS
and vanilla JavaScript that builds the page from the API with text nodes only, so
no document text is ever parsed as HTML. Errors are JSON with a one-line `detail`;
an unexpected failure is logged here and answered with a 500 that shows no trace.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..store import Store
from . import api, reading
from .livestore import LiveStore
from .security import LOOPBACK_NAMES, SecurityMiddleware

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Room for multipart boundaries and form fields around an upload of the largest size.
BODY_OVERHEAD = 64 * 1024
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9._~+/=-]{8,256}$")
PAGES = ("/", "/dyad/{a}/{b}", "/actor/{code}", "/event/{event_id}", "/document/{doc_id}",
         "/search", "/read", "/map")

log = logging.getLogger("multipolar.web")


class ConfigError(ValueError):
    """A server setting that would make the service unsafe or unusable."""


def check_token(token: str | None) -> str | None:
    """Tokens travel in headers and cookies: printable, no separators, 8 characters or more."""
    if token is None or token == "":
        return None
    if not TOKEN_PATTERN.match(token):
        raise ConfigError("the token must be 8-256 characters of letters, digits and ._~+/=-")
    return token


def create_app(store: Store | str | Path, *, token: str | None = None, coder: Any = None,
               max_bytes: int = DEFAULT_MAX_BYTES, url_timeout: float = 10.0,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app for one store. Without a token only loopback Host names are answered (a DNS
    rebinding page cannot reach it); with one, every request must carry it. `coder` is
    loaded on the first read request when not given."""
    token = check_token(token)
    app = FastAPI(
        title="multipolar",
        version=__version__,
        summary="Who said and did what to whom, when, according to whom: events, quotes, "
                "citations, dyads, blocs and briefs from a multipolar store.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = store if isinstance(store, Store) else LiveStore(store, create=False)
    app.state.coder = reading.CoderHolder(coder)
    app.state.max_bytes = max_bytes
    app.state.url_timeout = url_timeout
    hosts = allowed_hosts if allowed_hosts is not None else (
        None if token else sorted(LOOPBACK_NAMES))
    app.add_middleware(SecurityMiddleware, token=token, max_body=max_bytes + BODY_OVERHEAD,
                       allowed_hosts=hosts)
    app.include_router(api.router)
    app.include_router(reading.router)
    _errors(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    for path in PAGES:
        app.add_api_route(path, page, methods=["GET", "HEAD"], include_in_schema=False,
                          response_class=FileResponse)

    @app.get("/docs", include_in_schema=False, response_class=FileResponse)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    return app


def _errors(app: FastAPI) -> None:
    """JSON errors everywhere, with messages a user can act on and no traceback."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            problems.append({"loc": list(e.get("loc", ())), "msg": e.get("msg", ""),
                             "type": e.get("type", "")})
        message = "; ".join(
            f"{'.'.join(str(x) for x in p['loc'][1:]) or p['loc'][0]}: {p['msg']}"
            for p in problems) or "invalid request"
        return JSONResponse({"detail": message, "errors": problems}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": "internal error; the server log has the details"},
                            status_code=500)
