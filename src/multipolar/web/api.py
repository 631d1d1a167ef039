"""The JSON API over the store: records, with filters and pages, and the analyses.

Every filter is validated by its declared type or pattern (a malformed value is a 422
before any SQL runs) and reaches DuckDB only as a bound parameter, so text that looks
like SQL is searched for, never executed. Analyses are the `multipolar.analysis`
functions the CLI uses; their `AnalysisError`s become 4xx answers with their message.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from .. import cameo
from ..analysis.brief import build_brief
from ..analysis.dyads import AnalysisError, dyad_series, known_actor
from ..analysis.system import store_system
from ..places import gazetteer, location_where
from ..store import Store, StoreError

router = APIRouter(prefix="/api")

# Actor codes: ISO3 plus role (RUSGOV), group codes (NATO, UNO) and a few with dashes.
ACTOR = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$"
HEX_ID = r"^[0-9a-fA-F]{4,64}$"
MAX_OFFSET = 1_000_000

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}

ActorQ = Annotated[str | None, Query(pattern=ACTOR, description="Actor code (RUS, RUSGOV, "
                                     "NATO): either side, at actor or country level.")]
FromQ = Annotated[dt.date | None, Query(alias="from", description="First date (YYYY-MM-DD).")]
ToQ = Annotated[dt.date | None, Query(alias="to", description="Last date (YYYY-MM-DD).")]
TextQ = Annotated[str | None, Query(min_length=1, max_length=200,
                                    description="Case-insensitive text to look for.")]
CountryQ = Annotated[str | None, Query(
    max_length=40, description="Where the event happened: the country of its location, an "
    "ISO 3166 code (RUS, or RU).")]
BBoxQ = Annotated[str | None, Query(
    max_length=200, description="Where the event happened: a box west,south,east,north in "
    "degrees (e.g. 19,41,23,46); west greater than east crosses the antimeridian.")]
LimitQ = Annotated[int, Query(ge=1, le=500, description="Rows per page.")]
OffsetQ = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _period(start: dt.date | None, end: dt.date | None) -> tuple[str | None, str | None]:
    """ISO strings of a date range, refusing an inverted one with a 422."""
    if start and end and start > end:
        raise HTTPException(422, f"'from' {start} is after 'to' {end}")
    return (start.isoformat() if start else None, end.isoformat() if end else None)


class _Where:
    """Filter conditions and their parameters, added together so they cannot drift apart;
    a filter the request left empty adds nothing."""

    def __init__(self) -> None:
        self.sql: list[str] = []
        self.params: list[Any] = []

    def add(self, value: Any, condition: str, *params: Any) -> None:
        if value:
            self.sql.append(condition)
            self.params.extend(params or (value,))

    def period(self, column: str, lo: str | None, hi: str | None) -> None:
        self.add(lo, f"{column} >= ?")
        self.add(hi, f"{column} <= ?")


def _page(store: Store, select: str, where: list[str], params: list[Any], order: str,
          limit: int, offset: int) -> dict[str, Any]:
    """One page of rows plus the total, from two parameterised queries."""
    clause = " AND ".join(where) or "true"
    total = store.query(f"SELECT count(*) AS n FROM ({select}) t WHERE {clause}",
                        params).column("n")[0].as_py()
    rows = store.query(f"SELECT * FROM ({select}) t WHERE {clause} ORDER BY {order} "
                       "LIMIT ? OFFSET ?", [*params, limit, offset]).to_pylist()
    return {"total": int(total), "limit": limit, "offset": offset, "items": rows}


def _location(country: str | None, bbox: str | None, prefix: str = ""
              ) -> tuple[str | None, list[Any]]:
    """The place filter as (SQL condition or None, parameters); a bad country code or box
    is a 422 with `places`' one-line reason, before any SQL runs."""
    if not country and not bbox:
        return None, []
    try:
        return location_where(country=country or None, bbox=bbox or None, column_prefix=prefix)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def _cameo_name(code: str | None) -> str | None:
    et = cameo.load_codes().get(code or "")
    return et.name if et else None


def _decorate_event(row: dict[str, Any]) -> dict[str, Any]:
    row["cameo_name"] = _cameo_name(row.get("cameo_code"))
    row["quad_name"] = QUADS.get(row.get("quad_class") or 0)
    for key in ("goldstein", "confidence"):
        if row.get(key) is not None:
            row[key] = round(float(row[key]), 3)
    return row


# -- the store at a glance ------------------------------------------------------------------
@router.get("/stats", summary="What the store holds")
def stats(store: StoreDep) -> dict[str, Any]:
    """Row counts and the date range, for the dashboard's defaults."""
    docs = store.query("SELECT count(*) AS n, min(published) AS first, max(published) AS last "
                       "FROM documents").to_pylist()[0]
    span = store.query("SELECT min(substr(date, 1, 10)) AS first, max(substr(date, 1, 10)) "
                       "AS last FROM stories").to_pylist()[0]
    return {"documents": docs["n"], "events": store.count("events"),
            "quotes": store.count("quotes"), "citations": store.count("citations"),
            "stories": store.count("stories"),
            "first": span["first"] or docs["first"], "last": span["last"] or docs["last"]}


# -- documents ------------------------------------------------------------------------------
_DOC_COLUMNS = ("doc_id, title, publication, url, published, published_source, author, "
                "language, is_english, source_kind, read_at, n_chars")


@router.get("/documents", summary="Stored documents, newest first")
def documents(
    store: StoreDep,
    q: TextQ = None,
    publication: Annotated[str | None, Query(max_length=200)] = None,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = 50,
    offset: OffsetQ = 0,
) -> dict[str, Any]:
    """Metadata (not the text) of documents matching the title/text search and dates."""
    lo, hi = _period(start, end)
    w = _Where()
    w.add(q, "(strpos(lower(coalesce(title, '')), lower(?)) > 0 "
             "OR strpos(lower(text), lower(?)) > 0)", q, q)
    w.add(publication, "publication = ?")
    w.period("published", lo, hi)
    select = (f"SELECT {_DOC_COLUMNS}, text FROM documents")
    page = _page(store, select, w.sql, w.params, "published DESC NULLS LAST, doc_id", limit,
                 offset)
    for row in page["items"]:
        text = row.pop("text") or ""
        row["snippet"] = _snippet(text, q)
    return page


def _snippet(text: str, q: str | None, width: int = 220) -> str:
    """A short stretch of text around the first match (or the opening)."""
    at = text.lower().find(q.lower()) if q else -1
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = text[start:start + width].replace("\n", " ").strip()
    return ("\u2026" if start else "") + piece + ("\u2026" if start + width < len(text) else "")


@router.get("/documents/{doc_id}", summary="One document with its text and coded records")
def document(store: StoreDep,
             doc_id: Annotated[str, Path(pattern=HEX_ID, description="Id or unique prefix.")]
             ) -> dict[str, Any]:
    try:
        row = store.document(doc_id.lower())
    except StoreError as exc:  # an ambiguous prefix
        raise HTTPException(400, str(exc).split(": ", 1)[-1]) from None
    if row is None:
        raise HTTPException(404, f"no document {doc_id}")
    full = row["doc_id"]
    row["events"] = [_decorate_event(e) for e in store.query(
        "SELECT * EXCLUDE (generation) FROM events WHERE doc_id = ? ORDER BY char_start, "
        "event_id", [full]).to_pylist()]
    row["quotes"] = store.query("SELECT * EXCLUDE (generation) FROM quotes WHERE doc_id = ? "
                                "ORDER BY char_start", [full]).to_pylist()
    row["citations"] = store.query("SELECT * EXCLUDE (generation) FROM citations "
                                   "WHERE doc_id = ? ORDER BY char_start", [full]).to_pylist()
    return row


# -- events ---------------------------------------------------------------------------------
_SIDES = {"source": "[source_actor, source_country]", "target": "[target_actor, target_country]"}


def _event_where(*, actor: str | None = None, dyad: str | None = None,
                 source: str | None = None, target: str | None = None, code: str | None = None,
                 root: str | None = None, quad: int | None = None, lo: str | None = None,
                 hi: str | None = None, q: str | None = None, doc_id: str | None = None,
                 country: str | None = None, bbox: str | None = None
                 ) -> tuple[list[str], list[Any]]:
    """The conditions (over the events columns) and bound parameters of the event filters,
    shared by the event list and the map so both select the same events."""
    where: list[str] = []
    params: list[Any] = []
    if actor:
        where.append(f"(list_contains({_SIDES['source']}, ?) OR "
                     f"list_contains({_SIDES['target']}, ?))")
        params += [actor.upper()] * 2
    if dyad:
        a, b = (x.upper() for x in dyad.split(","))
        where.append(f"((list_contains({_SIDES['source']}, ?) AND "
                     f"list_contains({_SIDES['target']}, ?)) OR "
                     f"(list_contains({_SIDES['source']}, ?) AND "
                     f"list_contains({_SIDES['target']}, ?)))")
        params += [a, b, b, a]
    for side, value in (("source", source), ("target", target)):
        if value:
            where.append(f"list_contains({_SIDES[side]}, ?)")
            params.append(value.upper())
    if code:
        where.append("(cameo_code = ? OR (length(?) = 2 AND cameo_root = ?))")
        params += [code, code, code]
    if root:
        where.append("cameo_root = ?")
        params.append(root)
    if quad:
        where.append("quad_class = ?")
        params.append(quad)
    if lo:
        where.append("substr(coalesce(event_date, published), 1, 10) >= ?")
        params.append(lo)
    if hi:
        where.append("substr(coalesce(event_date, published), 1, 10) <= ?")
        params.append(hi)
    if q:
        where.append("(strpos(lower(sentence), lower(?)) > 0 OR "
                     "strpos(lower(coalesce(source_name, '')), lower(?)) > 0 OR "
                     "strpos(lower(coalesce(target_name, '')), lower(?)) > 0)")
        params += [q, q, q]
    if doc_id:
        where.append("starts_with(doc_id, ?)")
        params.append(doc_id.lower())
    place, place_params = _location(country, bbox)
    if place:
        where.append(place)
        params += place_params
    return where, params


@router.get("/events", summary="Coded events, filtered and paginated")
def events(
    store: StoreDep,
    actor: ActorQ = None,
    dyad: Annotated[str | None, Query(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31},[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$",
        description="Two actor codes separated by a comma (RUS,CHN): either direction.")] = None,
    source: Annotated[str | None, Query(pattern=ACTOR, description="Source actor code.")] = None,
    target: Annotated[str | None, Query(pattern=ACTOR, description="Target actor code.")] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$",
                                      description="CAMEO code (042) or root (04).")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root.")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")] = None,
    start: FromQ = None,
    end: ToQ = None,
    q: TextQ = None,
    doc_id: Annotated[str | None, Query(pattern=HEX_ID)] = None,
    country: CountryQ = None,
    bbox: BBoxQ = None,
    order: Annotated[Literal["date", "-date"], Query(description="By date, or newest first.")]
    = "date",
    limit: LimitQ = 50,
    offset: OffsetQ = 0,
) -> dict[str, Any]:
    """Events with their evidence sentence; `total` counts all matches, `items` one page.
    `country` and `bbox` match the event's location (events with none never match)."""
    lo, hi = _period(start, end)
    where, params = _event_where(actor=actor, dyad=dyad, source=source, target=target,
                                 code=code, root=root, quad=quad, lo=lo, hi=hi, q=q,
                                 doc_id=doc_id, country=country, bbox=bbox)
    direction = "DESC" if order == "-date" else "ASC"
    select = ("SELECT e.* EXCLUDE (generation), d.title, d.publication FROM events e "
              "LEFT JOIN documents d ON d.doc_id = e.doc_id")
    page = _page(store, select, where, params,
                 f"coalesce(event_date, published) {direction} NULLS LAST, event_id", limit,
                 offset)
    page["items"] = [_decorate_event(r) for r in page["items"]]
    return page


@router.get("/events/{event_id}", summary="One event with its source document and evidence")
def event(store: StoreDep, event_id: Annotated[str, Path(pattern=HEX_ID)]) -> dict[str, Any]:
    """The coded record, the document's text (the evidence is text[char_start:char_end]), the
    wire services its passage and its document cite, and the story event it belongs to."""
    rows = store.query("SELECT * EXCLUDE (generation) FROM events WHERE event_id = ?",
                       [event_id.lower()]).to_pylist()
    if not rows:
        raise HTTPException(404, f"no event {event_id}")
    ev = _decorate_event(rows[0])
    doc = store.query(f"SELECT {_DOC_COLUMNS}, text FROM documents WHERE doc_id = ?",
                      [ev["doc_id"]]).to_pylist()
    citations = store.query(
        "SELECT sentence_id, sources, date, char_start, char_end FROM citations "
        "WHERE doc_id = ? ORDER BY char_start", [ev["doc_id"]]).to_pylist()
    story = store.query(
        "SELECT story_id, source, target, cameo_code, quad_class, date, last_date, n_mentions, "
        "n_docs, n_sources, event_ids FROM stories WHERE list_contains(event_ids, ?) LIMIT 1",
        [ev["event_id"]]).to_pylist()
    cited = sorted({s for c in citations for s in (c["sources"] or [])})
    return {"event": ev, "document": doc[0] if doc else None, "citations": citations,
            "document_sources": cited, "story": story[0] if story else None}


# -- places (the map) -----------------------------------------------------------------------
_PLACE_KEY = ("coalesce(location_id, printf('%.4f,%.4f', location_lat, location_lon))")


@router.get("/places", summary="Located events grouped by place, for the map")
def places(
    store: StoreDep,
    actor: ActorQ = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4.")] = None,
    start: FromQ = None,
    end: ToQ = None,
    country: CountryQ = None,
    bbox: BBoxQ = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most places, busiest first.")]
    = 1000,
    per_place: Annotated[int, Query(ge=1, le=100, description="Most events listed per place, "
                                    "newest first.")] = 20,
) -> dict[str, Any]:
    """One row per place with its events counted by QuadClass and the newest few listed, so
    a map draws thousands of events as a few hundred places. `total` counts the events that
    match the other filters with or without a place, `located` those on the map;
    `countries` counts located events per country with the date, actor and QuadClass filters
    only (the choices for a country filter)."""
    lo, hi = _period(start, end)
    base, base_params = _event_where(actor=actor, quad=quad, lo=lo, hi=hi)
    where, params = _event_where(actor=actor, quad=quad, lo=lo, hi=hi, country=country,
                                 bbox=bbox)
    has_place = "location_lat IS NOT NULL AND location_lon IS NOT NULL"
    clause = " AND ".join([has_place, *where])
    total = store.query("SELECT count(*) AS n FROM events WHERE " + (" AND ".join(base) or "true"),
                        base_params).column("n")[0].as_py()
    rows = store.query(f"""
        SELECT {_PLACE_KEY} AS place_id, any_value(location) AS name,
               any_value(location_type) AS type, any_value(location_country) AS country,
               any_value(location_admin1) AS admin1, any_value(location_lat) AS lat,
               any_value(location_lon) AS lon, count(*) AS events,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4
        FROM events WHERE {clause}
        GROUP BY place_id ORDER BY events DESC, place_id LIMIT ?""",
        [*params, limit]).to_pylist()
    listed = store.query(f"""
        SELECT * FROM (
            SELECT {_PLACE_KEY} AS place_id, event_id,
                   coalesce(event_date, published) AS date, source_actor, source_name,
                   target_actor, target_name, cameo_code, quad_class, location_mention,
                   sentence, doc_id,
                   row_number() OVER (PARTITION BY {_PLACE_KEY} ORDER BY
                       coalesce(event_date, published) DESC NULLS LAST, event_id) AS rank
            FROM events WHERE {clause}
        ) t WHERE rank <= ? ORDER BY place_id, rank""", [*params, per_place]).to_pylist()
    by_place: dict[str, list[dict[str, Any]]] = {}
    for ev in listed:
        ev.pop("rank")
        ev["cameo_name"] = _cameo_name(ev["cameo_code"])
        ev["sentence"] = _snippet(ev["sentence"] or "", None, 300)
        by_place.setdefault(ev.pop("place_id"), []).append(ev)
    gz = gazetteer()
    for row in rows:
        row["by_quad"] = {str(n): row.pop(f"q{n}") for n in (1, 2, 3, 4)}
        row["items"] = by_place.get(row["place_id"], [])
        named = gz.country(row["country"])
        row["country_name"] = named.name if named else None
    located = store.query(f"SELECT count(*) AS n FROM events WHERE {clause}",
                          params).column("n")[0].as_py()
    counts = store.query(
        f"SELECT location_country AS code, count(*) AS events FROM events WHERE "
        f"{' AND '.join([has_place, 'location_country IS NOT NULL', *base])} "
        "GROUP BY 1 ORDER BY 2 DESC, 1", base_params).to_pylist()
    for row in counts:
        named = gz.country(row["code"])
        row["name"] = named.name if named else row["code"]
    return {"total": int(total), "located": int(located), "places": rows,
            "countries": counts}


@router.get("/places/countries", summary="Every country's name and centre, for orientation")
def country_centres() -> dict[str, Any]:
    """From the packaged gazetteer (the mean position of each country's cities), so a map
    can show where countries are without tiles, outlines or a network request."""
    return {"items": _centres()}


def _centres() -> list[dict[str, Any]]:
    """Today's countries (historical states such as YUG have no population) with a centre."""
    return [{"code": p.country, "name": p.name, "lat": p.lat, "lon": p.lon,
             "population": p.population}
            for p in sorted(gazetteer().countries.values(), key=lambda p: p.country or "")
            if p.lat is not None and p.lon is not None and p.country and p.population > 0]


# -- story events ---------------------------------------------------------------------------
@router.get("/stories", summary="Story events (one per happening), filtered and paginated")
def stories(
    store: StoreDep,
    actor: ActorQ = None,
    with_: Annotated[str | None, Query(alias="with", pattern=ACTOR,
                                       description="Only stories with this counterpart.")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4)] = None,
    start: FromQ = None,
    end: ToQ = None,
    country: CountryQ = None,
    bbox: BBoxQ = None,
    limit: LimitQ = 100,
    offset: OffsetQ = 0,
) -> dict[str, Any]:
    """Story events at dyad level, with the evidence of their first report. `country` and
    `bbox` keep the stories with at least one report placing the event there."""
    lo, hi = _period(start, end)
    place, place_params = _location(country, bbox)
    where: list[str] = ["source <> target"]
    params: list[Any] = []
    if actor and with_:
        where.append("((source = ? AND target = ?) OR (source = ? AND target = ?))")
        params += [actor.upper(), with_.upper(), with_.upper(), actor.upper()]
    elif actor or with_:
        where.append("(source = ? OR target = ?)")
        params += [(actor or with_ or "").upper()] * 2
    if quad:
        where.append("quad_class = ?")
        params.append(quad)
    if lo:
        where.append("substr(date, 1, 10) >= ?")
        params.append(lo)
    if hi:
        where.append("substr(date, 1, 10) <= ?")
        params.append(hi)
    if place:
        where.append("list_has_any(event_ids, (SELECT coalesce(list(event_id), []) FROM events "
                     f"WHERE {place}))")
        params += place_params
    select = ("SELECT s.* EXCLUDE (generation), d.title, d.publication, d.published AS "
              "doc_published FROM stories s LEFT JOIN documents d ON d.doc_id = s.doc_id")
    page = _page(store, select, where, params, "date NULLS LAST, story_id", limit, offset)
    for row in page["items"]:
        _decorate_event(row)
        row["event_id"] = (row.get("event_ids") or [None])[0]
    return page


# -- quotes and citations -------------------------------------------------------------------
@router.get("/quotes", summary="Quotes with their speakers, filtered and paginated")
def quotes(
    store: StoreDep,
    actor: Annotated[str | None, Query(pattern=ACTOR, description="Speaker's actor code or its "
                                       "prefix (RUS matches RUSGOV).")] = None,
    speaker: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    q: TextQ = None,
    doc_id: Annotated[str | None, Query(pattern=HEX_ID)] = None,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = 50,
    offset: OffsetQ = 0,
) -> dict[str, Any]:
    lo, hi = _period(start, end)
    w = _Where()
    w.add(actor, "starts_with(speaker_actor, ?)", (actor or "").upper())
    w.add(speaker, "strpos(lower(coalesce(speaker_name, '')), lower(?)) > 0")
    w.add(q, "strpos(lower(text), lower(?)) > 0")
    w.add(doc_id, "starts_with(doc_id, ?)", (doc_id or "").lower())
    w.period("published", lo, hi)
    select = ("SELECT q.* EXCLUDE (generation), d.title FROM quotes q "
              "LEFT JOIN documents d ON d.doc_id = q.doc_id")
    return _page(store, select, w.sql, w.params, "published NULLS LAST, doc_id, char_start",
                 limit, offset)


@router.get("/citations", summary="Wire services cited, by passage, filtered and paginated")
def citations(
    store: StoreDep,
    source: Annotated[str | None, Query(min_length=1, max_length=100,
                                        description="Part of a wire service's name.")] = None,
    doc_id: Annotated[str | None, Query(pattern=HEX_ID)] = None,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = 50,
    offset: OffsetQ = 0,
) -> dict[str, Any]:
    lo, hi = _period(start, end)
    w = _Where()
    w.add(source, "strpos(lower(array_to_string(sources, '|')), lower(?)) > 0")
    w.add(doc_id, "starts_with(doc_id, ?)", (doc_id or "").lower())
    w.period("substr(coalesce(date, published), 1, 10)", lo, hi)
    select = ("SELECT c.* EXCLUDE (generation), d.title FROM citations c "
              "LEFT JOIN documents d ON d.doc_id = c.doc_id")
    return _page(store, select, w.sql, w.params, "published NULLS LAST, doc_id, char_start",
                 limit, offset)


# -- actors ---------------------------------------------------------------------------------
_ACTOR_NAMES = """
    SELECT code, arg_max(name, n) AS name FROM (
        SELECT coalesce(source_country, source_actor) AS code, source_name AS name,
               count(*) AS n FROM events WHERE source_name IS NOT NULL GROUP BY 1, 2
        UNION ALL
        SELECT coalesce(target_country, target_actor), target_name, count(*)
        FROM events WHERE target_name IS NOT NULL GROUP BY 1, 2
    ) GROUP BY code
"""


@router.get("/actors", summary="Actors at dyad level with their story-event counts")
def actors(store: StoreDep, q: TextQ = None, start: FromQ = None, end: ToQ = None
           ) -> dict[str, Any]:
    lo, hi = _period(start, end)
    sql = f"""
        WITH s AS (
            SELECT source AS code, quad_class FROM stories
            WHERE source <> target AND substr(coalesce(date, ''), 1, 10) BETWEEN ? AND ?
            UNION ALL
            SELECT target, quad_class FROM stories
            WHERE source <> target AND substr(coalesce(date, ''), 1, 10) BETWEEN ? AND ?
        ), names AS ({_ACTOR_NAMES})
        SELECT s.code, any_value(names.name) AS name, count(*) AS events,
               count(*) FILTER (WHERE quad_class <= 2) AS coop,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict
        FROM s LEFT JOIN names ON names.code = s.code
        GROUP BY s.code
        HAVING ? IS NULL OR strpos(lower(s.code), lower(?)) > 0
            OR strpos(lower(coalesce(any_value(names.name), '')), lower(?)) > 0
        ORDER BY events DESC, s.code
    """
    lo_, hi_ = lo or "0000", hi or "9999-99-99"
    rows = store.query(sql, [lo_, hi_, lo_, hi_, q, q, q]).to_pylist()
    return {"items": rows}


@router.get("/actors/{code}", summary="One actor: its counterparts, names and quotes")
def actor(store: StoreDep, code: Annotated[str, Path(pattern=ACTOR)], start: FromQ = None,
          end: ToQ = None) -> dict[str, Any]:
    """Counterparts (story events in both directions), and the quotes of its people."""
    lo, hi = _period(start, end)
    code = code.upper()
    if not known_actor(store, code):
        raise HTTPException(404, f"unknown actor code {code!r}: no story events name it")
    lo_, hi_ = lo or "0000", hi or "9999-99-99"
    counterparts = store.query("""
        WITH s AS (
            SELECT CASE WHEN source = ? THEN target ELSE source END AS counterpart, *
            FROM stories WHERE (source = ? OR target = ?) AND source <> target
              AND substr(coalesce(date, ''), 1, 10) BETWEEN ? AND ?
        )
        SELECT counterpart, count(*) AS events,
               count(*) FILTER (WHERE quad_class <= 2) AS coop,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict,
               round(avg(goldstein), 2) AS goldstein_mean,
               round((count(*) FILTER (WHERE quad_class <= 2)
                      - count(*) FILTER (WHERE quad_class >= 3)) / count(*), 2)
                   AS net_cooperation,
               min(date) AS first, max(date) AS last
        FROM s GROUP BY counterpart ORDER BY events DESC, counterpart
    """, [code, code, code, lo_, hi_]).to_pylist()
    names = store.query(f"SELECT name FROM ({_ACTOR_NAMES}) WHERE code = ?", [code]).to_pylist()
    said = store.query(
        "SELECT q.quote_id, q.doc_id, q.text, q.speaker_name, q.speaker_actor, q.cue, "
        "q.published, d.title FROM quotes q LEFT JOIN documents d ON d.doc_id = q.doc_id "
        "WHERE starts_with(q.speaker_actor, ?) AND coalesce(q.published, '') BETWEEN ? AND ? "
        "ORDER BY q.published, q.doc_id, q.char_start LIMIT 200", [code, lo_, hi_]).to_pylist()
    return {"code": code, "name": names[0]["name"] if names else None,
            "counterparts": counterparts, "quotes": said}


# -- analyses -------------------------------------------------------------------------------
@router.get("/dyads", summary="An actor's relations per period and counterpart")
def dyads(
    store: StoreDep,
    actor: Annotated[str, Query(pattern=ACTOR, description="Actor code at dyad level.")],
    with_: Annotated[str | None, Query(alias="with", pattern=ACTOR)] = None,
    start: FromQ = None,
    end: ToQ = None,
    by: Literal["day", "week", "month", "year"] = "month",
    count: Literal["stories", "mentions"] = "stories",
    events: Annotated[bool, Query(description="Include each cell's story events.")] = False,
) -> dict[str, Any]:
    """`multipolar dyads` as JSON: counts per QuadClass, Goldstein and net cooperation."""
    lo, hi = _period(start, end)
    if not known_actor(store, actor.upper()):
        raise HTTPException(404, f"unknown actor code {actor.upper()!r}: no story events name it")
    try:
        rows = dyad_series(store, actor, with_=with_, start=lo, end=hi, by=by, count=count,
                           events=events)
    except AnalysisError as exc:
        if str(exc).startswith("no story events"):
            rows = []  # a known actor with nothing in this period: an empty series
        else:
            raise HTTPException(422, str(exc)) from None
    return {"actor": actor.upper(), "with": with_.upper() if with_ else None, "by": by,
            "count": count, "rows": rows}


@router.get("/poles", summary="Blocs, balance and poles, over the period and sliding windows")
def poles(
    store: StoreDep,
    start: FromQ = None,
    end: ToQ = None,
    window: Annotated[str | None, Query(pattern=r"^[1-9]\d{0,4}[dwmyDWMY]?$",
                                        description="Window length: 90d, 12w, 3m, 1y.")] = None,
    step: Annotated[str | None, Query(pattern=r"^[1-9]\d{0,4}[dwmyDWMY]?$",
                                      description="Step between windows.")] = None,
    count: Literal["stories", "mentions"] = "stories",
    min_events: Annotated[int | None, Query(ge=1, le=100000)] = None,
    weighting: Literal["goldstein", "net", "sum"] = "goldstein",
) -> dict[str, Any]:
    """`multipolar poles --format json`: the picture (actors, edges, blocs, balance, poles)
    and one summary per window (the trend)."""
    lo, hi = _period(start, end)
    try:
        report = store_system(store, start=lo, end=hi, window=window, step=step, count=count,
                              min_events=min_events, weighting=weighting)
    except AnalysisError as exc:
        raise HTTPException(404 if str(exc).startswith("no ") else 422, str(exc)) from None
    return report.to_dict()


@router.get("/brief", summary="A Monitor-style brief: every sentence counted or quoted, and "
            "cited", response_model=None)
def brief(
    store: StoreDep,
    actor: ActorQ = None,
    start: FromQ = None,
    end: ToQ = None,
    format: Annotated[Literal["json", "markdown", "html"], Query(
        description="json (sections), markdown, or a standalone HTML page.")] = "json",
) -> dict[str, Any] | PlainTextResponse | HTMLResponse:
    lo, hi = _period(start, end)
    if actor and not known_actor(store, actor.upper()):
        raise HTTPException(404, f"unknown actor code {actor.upper()!r}: no story events name it")
    try:
        result = build_brief(store, actor=actor, start=lo, end=hi)
    except AnalysisError as exc:
        raise HTTPException(404 if str(exc).startswith("no ") else 422, str(exc)) from None
    if format == "markdown":
        return PlainTextResponse(result.markdown(), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return HTMLResponse(result.html())
    return {"title": result.title,
            "sections": [{"heading": h, "paragraphs": p} for h, p in result.sections],
            "cited": [{"doc_id": d, "sentence": s} for d, s in result.cited]}


# -- search ---------------------------------------------------------------------------------
@router.get("/search", summary="Search across actors, events and documents")
def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    """The first matches of each kind, with totals, for the search page."""
    return {
        "q": q,
        "actors": actors(store, q=q)["items"][:limit],
        "events": events(store, q=q, limit=limit),
        "documents": documents(store, q=q, limit=limit),
        "quotes": quotes(store, q=q, limit=limit),
    }
