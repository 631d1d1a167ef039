"""The web API as a client sees it: every endpoint, filter and error path, over a store
built from the bundled sample (plus one report full of markup)."""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from multipolar.analysis.dyads import dyad_series
from multipolar.analysis.system import store_system
from multipolar.places import filter_events
from multipolar.store import Store
from multipolar.web.app import STATIC, create_app
from tests.conftest import run_cli
from tests.web_support import XSS_TEXT, build_sample_store, copy_store, xss_doc_id

BASE = "http://127.0.0.1"
LEAKS = ("Traceback", "duckdb", "Binder Error", "Parser Error", "Catalog Error", "File \"")


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    return build_sample_store(tmp_path_factory)


@pytest.fixture(scope="module")
def client(web_store: tuple[Path, Any]) -> TestClient:
    path, coder = web_store
    return TestClient(create_app(path, coder=coder), base_url=BASE,
                      raise_server_exceptions=False)


@pytest.fixture
def writable(web_store: tuple[Path, Any], tmp_path: Path) -> tuple[TestClient, Store]:
    """A client over a private copy of the store, with a small upload limit."""
    path, coder = web_store
    copy = copy_store(path, tmp_path / "store")
    app = create_app(copy, coder=coder, max_bytes=4000, url_timeout=5)
    return TestClient(app, base_url=BASE, raise_server_exceptions=False), app.state.store


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def assert_clean_error(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """A 4xx JSON error with a readable detail and nothing of the server's insides."""
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for leak in LEAKS:
        assert leak not in response.text, response.text
    return body


# -- records ----------------------------------------------------------------------------------
def test_stats_count_the_store(client: TestClient) -> None:
    stats = ok(client.get("/api/stats"))
    assert stats["documents"] == 51
    assert stats["events"] > 100 and stats["stories"] > 100 and stats["quotes"] > 10
    assert stats["first"].startswith("1999") and stats["last"] >= "2023"


def test_documents_list_search_dates_and_pages(client: TestClient) -> None:
    first = ok(client.get("/api/documents", params={"limit": 20}))
    assert first["total"] == 51 and len(first["items"]) == 20
    assert "text" not in first["items"][0] and first["items"][0]["snippet"]
    second = ok(client.get("/api/documents", params={"limit": 20, "offset": 20}))
    assert not {d["doc_id"] for d in first["items"]} & {d["doc_id"] for d in second["items"]}
    dates = [d["published"] for d in first["items"]]
    assert dates == sorted(dates, reverse=True)
    kosovo = ok(client.get("/api/documents", params={"q": "kosovo"}))
    assert 0 < kosovo["total"] < 51
    assert all("kosovo" in d["snippet"].lower() or "kosovo" in (d["title"] or "").lower()
               for d in kosovo["items"])
    y1999 = ok(client.get("/api/documents", params={"from": "1999-01-01", "to": "1999-12-31"}))
    assert y1999["total"] > 0
    assert all(d["published"].startswith("1999") for d in y1999["items"])


def test_one_document_with_its_records(client: TestClient) -> None:
    listing = ok(client.get("/api/documents", params={"q": "Security Council rejects"}))
    doc_id = listing["items"][0]["doc_id"]
    doc = ok(client.get(f"/api/documents/{doc_id[:10]}"))  # a unique prefix is enough
    assert doc["doc_id"] == doc_id and "NATO" in doc["text"]
    assert doc["events"] and doc["citations"]
    for e in doc["events"]:
        assert doc["text"][e["char_start"]:e["char_end"]] == e["sentence"]
    assert_clean_error(client.get("/api/documents/" + "0" * 20), 404)
    assert_clean_error(client.get("/api/documents/not-an-id"), 422)


def test_events_filters(client: TestClient) -> None:
    total = ok(client.get("/api/events", params={"limit": 1}))["total"]
    rus = ok(client.get("/api/events", params={"actor": "rus", "limit": 500}))
    assert 0 < rus["total"] < total
    assert all("RUS" in (e["source_actor"], e["source_country"], e["target_actor"],
                         e["target_country"]) for e in rus["items"])
    dyad = ok(client.get("/api/events", params={"dyad": "RUS,CHN", "limit": 500}))
    assert dyad["total"] > 3
    for e in dyad["items"]:
        assert {e["source_country"], e["target_country"]} == {"RUS", "CHN"}
    directed = ok(client.get("/api/events", params={"source": "CHN", "target": "RUS"}))
    assert 0 < directed["total"] < dyad["total"]
    assert all(e["source_country"] == "CHN" for e in directed["items"])
    root = ok(client.get("/api/events", params={"code": "05", "limit": 500}))
    assert root["total"] and all(e["cameo_root"] == "05" for e in root["items"])
    exact = ok(client.get("/api/events", params={"code": "057", "limit": 500}))
    assert 0 < exact["total"] <= root["total"]
    assert all(e["cameo_code"] == "057" for e in exact["items"])
    assert exact["items"][0]["cameo_name"] == "Sign a formal agreement"
    by_root = ok(client.get("/api/events", params={"root": "05", "limit": 1}))
    assert by_root["total"] == root["total"]
    quad = ok(client.get("/api/events", params={"quad": 4, "limit": 500}))
    assert quad["total"] and all(e["quad_class"] == 4 for e in quad["items"])
    assert quad["items"][0]["quad_name"] == "material conflict"
    dated = ok(client.get("/api/events", params={"from": "2014-01-01", "to": "2014-12-31",
                                                 "limit": 500}))
    assert dated["total"] and all(e["event_date"].startswith("2014") for e in dated["items"])
    text = ok(client.get("/api/events", params={"q": "SHANGHAI"}))
    assert text["total"] and all("shanghai" in e["sentence"].lower() for e in text["items"])
    doc = text["items"][0]["doc_id"]
    in_doc = ok(client.get("/api/events", params={"doc_id": doc, "limit": 500}))
    assert all(e["doc_id"] == doc for e in in_doc["items"])
    combined = ok(client.get("/api/events", params={"actor": "RUS", "quad": 1, "from": "2000-01-01"}))
    assert all(e["quad_class"] == 1 and e["event_date"] >= "2000" for e in combined["items"])


def test_events_pages_cover_every_match_once(client: TestClient) -> None:
    total = ok(client.get("/api/events", params={"limit": 1}))["total"]
    seen: list[str] = []
    for offset in range(0, total, 40):
        page = ok(client.get("/api/events", params={"limit": 40, "offset": offset}))
        assert page["total"] == total and page["offset"] == offset
        seen += [e["event_id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == total
    newest = ok(client.get("/api/events", params={"order": "-date", "limit": 5}))["items"]
    dates = [e["event_date"] for e in newest]
    assert dates == sorted(dates, reverse=True)
    assert ok(client.get("/api/events", params={"offset": total}))["items"] == []


# -- where events happened -------------------------------------------------------------------
def all_events(client: TestClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = ok(client.get("/api/events", params={"limit": 500, "offset": len(items)}))
        items += page["items"]
        if len(items) >= page["total"]:
            return items


def test_events_filter_by_country_and_box(client: TestClient) -> None:
    everything = all_events(client)
    located = [e for e in everything if e["location_lat"] is not None]
    assert len(located) >= 10, "the sample store should place some events"
    china = ok(client.get("/api/events", params={"country": "CHN", "limit": 500}))
    assert china["total"] == sum(e["location_country"] == "CHN" for e in everything) > 0
    assert all(e["location_country"] == "CHN" for e in china["items"])
    assert {e["location"] for e in china["items"]} == {"Shanghai"}
    assert ok(client.get("/api/events", params={"country": "cn"}))["total"] == china["total"]
    assert ok(client.get("/api/events", params={"country": "ZZZ"}))["total"] == 0
    # Around Shanghai, Europe, and a box across the antimeridian (east Asia to the Americas).
    for box in ("120,30,123,32", "-10,35,45,60", "100,-90,-60,90"):
        got = ok(client.get("/api/events", params={"bbox": box, "limit": 500}))
        want = {e["event_id"] for e in filter_events(everything, bbox=box)}
        assert want and got["total"] == len(want), box
        assert {e["event_id"] for e in got["items"]} == want, box
    across = ok(client.get("/api/events", params={"bbox": "100,-90,-60,90", "limit": 500}))
    lons = [e["location_lon"] for e in across["items"]]
    assert any(x >= 100 for x in lons) and any(x <= -60 for x in lons)
    assert all(x >= 100 or x <= -60 for x in lons)
    both = ok(client.get("/api/events", params={"country": "CHN", "bbox": "-10,35,45,60"}))
    assert both["total"] == 0
    with_actor = ok(client.get("/api/events", params={"country": "CHN", "actor": "RUS"}))
    assert 0 < with_actor["total"] < china["total"]


def test_stories_filter_by_place(client: TestClient) -> None:
    china_events = {e["event_id"] for e in all_events(client) if e["location_country"] == "CHN"}
    stories = ok(client.get("/api/stories", params={"country": "CHN", "limit": 500}))
    assert 0 < stories["total"] < ok(client.get("/api/stories", params={"limit": 1}))["total"]
    assert all(set(s["event_ids"]) & china_events for s in stories["items"])
    boxed = ok(client.get("/api/stories", params={"bbox": "120,30,123,32", "limit": 500}))
    assert boxed["total"] == stories["total"]


@pytest.mark.parametrize(("params", "words"), [
    ({"bbox": "1,2,3"}, "4 numbers"), ({"bbox": "a,b,c,d"}, "needs numbers"),
    ({"bbox": "0,50,10,40"}, "south"), ({"bbox": "0,0,200,10"}, "longitudes"),
    ({"bbox": "0,-95,10,10"}, "latitudes"), ({"bbox": "nan,0,1,1"}, "NaN"),
    ({"bbox": "1" * 201}, "at most 200"), ({"country": "ZZ"}, "unknown ISO 3166"),
    ({"country": "Russia"}, "ISO 3166 code such as RUS"), ({"country": "R1"}, "ISO 3166")])
def test_place_filters_refuse_bad_values(client: TestClient, params: dict[str, str],
                                         words: str) -> None:
    for endpoint in ("/api/events", "/api/places", "/api/stories"):
        body = assert_clean_error(client.get(endpoint, params=params), 422)
        assert words in body["detail"] and "\n" not in body["detail"], body


def test_places_group_located_events_for_the_map(client: TestClient) -> None:
    everything = all_events(client)
    located = [e for e in everything if e["location_lat"] is not None]
    data = ok(client.get("/api/places"))
    assert data["total"] == len(everything) and data["located"] == len(located)
    assert sum(p["events"] for p in data["places"]) == len(located)
    counts = [p["events"] for p in data["places"]]
    assert counts == sorted(counts, reverse=True)
    top = data["places"][0]
    assert (top["name"], top["type"], top["country"], top["country_name"]) == (
        "Shanghai", "city", "CHN", "China")
    assert top["events"] >= 10 and 31 < top["lat"] < 32 and 121 < top["lon"] < 122
    by_id = {e["event_id"]: e for e in located}
    for place in data["places"]:
        assert sum(place["by_quad"].values()) == place["events"]
        assert len(place["items"]) == min(place["events"], 20)
        for item in place["items"]:
            ev = by_id[item["event_id"]]
            assert (ev["location"], ev["quad_class"]) == (place["name"], item["quad_class"])
            assert item["sentence"] and item["cameo_name"]
    small = ok(client.get("/api/places", params={"per_place": 2, "limit": 3}))
    assert len(small["places"]) == 3 and all(len(p["items"]) <= 2 for p in small["places"])
    assert small["places"][0]["events"] == top["events"]
    # The country filter narrows the places but keeps every country as a choice.
    china = ok(client.get("/api/places", params={"country": "CHN"}))
    assert {p["country"] for p in china["places"]} == {"CHN"}
    assert china["located"] == top["events"] and len(china["countries"]) > 3
    assert {"code": "CHN", "name": "China", "events": top["events"]} in china["countries"]
    dated = ok(client.get("/api/places", params={"from": "2001-06-01", "to": "2001-06-30"}))
    assert 0 < dated["located"] < data["located"]
    assert all("2001-06-01" <= i["date"][:10] <= "2001-06-30"
               for p in dated["places"] for i in p["items"])
    boxed = ok(client.get("/api/places", params={"bbox": "-10,35,45,60"}))
    assert boxed["located"] and all(-10 <= p["lon"] <= 45 for p in boxed["places"])
    assert_clean_error(client.get("/api/places", params={"per_place": 0}), 422)


def test_country_centres_for_orientation(client: TestClient) -> None:
    centres = {c["code"]: c for c in ok(client.get("/api/places/countries"))["items"]}
    assert len(centres) > 190 and "YUG" not in centres  # today's countries only
    assert centres["RUS"]["name"] == "Russia" and 45 < centres["RUS"]["lat"] < 70
    assert -10 < centres["FRA"]["lon"] < 10 and centres["BRA"]["lat"] < 0


def test_event_detail_has_document_evidence_and_sources(client: TestClient) -> None:
    some = ok(client.get("/api/events", params={"q": "Founding Act", "code": "160"}))["items"][0]
    data = ok(client.get(f"/api/events/{some['event_id']}"))
    ev, doc = data["event"], data["document"]
    assert doc["text"][ev["char_start"]:ev["char_end"]] == ev["sentence"]
    assert "Interfax" in ev["report_sources"]
    assert {"Reuters", "Interfax"} <= set(data["document_sources"])
    assert data["story"] and ev["event_id"] in data["story"]["event_ids"]
    assert_clean_error(client.get("/api/events/" + "f" * 20), 404)
    assert_clean_error(client.get("/api/events/zz"), 422)


def test_stories_quotes_citations(client: TestClient) -> None:
    stories = ok(client.get("/api/stories", params={"actor": "RUS", "with": "CHN"}))
    assert stories["total"] >= 5
    for st in stories["items"]:
        assert {st["source"], st["target"]} == {"RUS", "CHN"} and st["event_id"]
    one_side = ok(client.get("/api/stories", params={"actor": "NATO", "quad": 4}))
    assert all("NATO" in (s["source"], s["target"]) and s["quad_class"] == 4
               for s in one_side["items"])
    quotes = ok(client.get("/api/quotes", params={"actor": "RUS"}))
    assert quotes["total"] and all(q["speaker_actor"].startswith("RUS") for q in quotes["items"])
    putin = ok(client.get("/api/quotes", params={"speaker": "putin"}))
    assert putin["total"] and all("Putin" in q["speaker_name"] for q in putin["items"])
    worded = ok(client.get("/api/quotes", params={"q": "multipolar"}))
    assert all("multipolar" in q["text"].lower() for q in worded["items"])
    cites = ok(client.get("/api/citations", params={"source": "xinhua", "limit": 500}))
    assert cites["total"] > 5
    assert all(any("Xinhua" in s for s in c["sources"]) for c in cites["items"])
    dated = ok(client.get("/api/citations", params={"from": "2022-01-01"}))
    assert all((c["date"] or c["published"]) >= "2022" for c in dated["items"])


def test_actors(client: TestClient) -> None:
    everyone = ok(client.get("/api/actors"))["items"]
    codes = [a["code"] for a in everyone]
    assert codes[:3] == sorted(codes[:3], key=lambda c: -next(
        a["events"] for a in everyone if a["code"] == c)) and "RUS" in codes[:3]
    found = ok(client.get("/api/actors", params={"q": "russ"}))["items"]
    assert [a["code"] for a in found] == ["RUS"] and found[0]["name"] == "Russia"
    rus = ok(client.get("/api/actors/rus"))
    assert rus["code"] == "RUS" and rus["name"] == "Russia"
    top = rus["counterparts"][0]
    assert top["counterpart"] == "CHN" and top["coop"] > top["conflict"]
    assert any(q["speaker_name"] == "Vladimir Putin" for q in rus["quotes"])
    assert_clean_error(client.get("/api/actors/ZZZ"), 404)


# -- analyses ---------------------------------------------------------------------------------
def test_dyads_are_the_cli_analysis(client: TestClient, web_store: tuple[Path, Any]) -> None:
    data = ok(client.get("/api/dyads", params={"actor": "RUS", "with": "CHN", "by": "year"}))
    expected = dyad_series(Store(web_store[0]), "RUS", with_="CHN", by="year")
    assert data["rows"] == expected
    assert data["rows"][0]["counterpart"] == "CHN"
    cells = ok(client.get("/api/dyads", params={"actor": "RUS", "with": "CHN", "by": "year",
                                                "events": True, "count": "mentions"}))["rows"]
    assert all(r["stories"] for r in cells)
    empty = ok(client.get("/api/dyads", params={"actor": "RUS", "from": "1990-01-01",
                                                "to": "1990-12-31"}))
    assert empty["rows"] == []
    assert_clean_error(client.get("/api/dyads", params={"actor": "ZZZ"}), 404)
    assert_clean_error(client.get("/api/dyads", params={"actor": "RUS", "by": "decade"}), 422)
    assert_clean_error(client.get("/api/dyads"), 422)


def test_poles_are_the_cli_analysis(client: TestClient, web_store: tuple[Path, Any]) -> None:
    data = ok(client.get("/api/poles"))
    expected = store_system(Store(web_store[0])).to_dict()
    assert data["blocs"] == expected["blocs"] and data["poles"] == expected["poles"]
    assert len(data["windows"]) == len(expected["windows"]) > 1
    assert data["edges"] and {"a", "b", "score", "events"} <= set(data["edges"][0])
    rus_bloc = next(b for b in data["blocs"] if "RUS" in b)
    assert "CHN" in rus_bloc and "USA" not in rus_bloc
    windowed = ok(client.get("/api/poles", params={"from": "1999-01-01", "to": "2001-12-31",
                                                   "window": "6m", "step": "3m"}))
    assert windowed["window_days"] == 180 and windowed["step_days"] == 90
    assert all("edges" not in w for w in windowed["windows"])
    assert_clean_error(client.get("/api/poles", params={"from": "2040-01-01"}), 404)
    assert_clean_error(client.get("/api/poles", params={"window": "0d"}), 422)
    assert_clean_error(client.get("/api/poles", params={"weighting": "magic"}), 422)
    assert_clean_error(client.get("/api/poles", params={"from": "2010-01-01",
                                                        "to": "2000-01-01"}), 422)


def test_brief_in_three_formats(client: TestClient) -> None:
    data = ok(client.get("/api/brief", params={"actor": "RUS", "to": "2010-12-31"}))
    assert data["title"].startswith("RUS: relations from")
    headings = [s["heading"] for s in data["sections"]]
    assert headings[:2] == ["Headline relations", "Notable events"]
    assert data["cited"] and all(c["doc_id"] and c["sentence"] for c in data["cited"])
    md = client.get("/api/brief", params={"actor": "RUS", "format": "markdown"})
    assert md.status_code == 200 and md.text.startswith("# RUS: relations")
    page = client.get("/api/brief", params={"format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    # The markup report's sentences are quoted in the brief, escaped.
    assert "<script>window" not in page.text
    assert_clean_error(client.get("/api/brief", params={"actor": "ZZZ"}), 404)
    assert_clean_error(client.get("/api/brief", params={"from": "2050-01-01"}), 404)
    assert_clean_error(client.get("/api/brief", params={"format": "pdf"}), 422)


def test_search_across_kinds(client: TestClient) -> None:
    data = ok(client.get("/api/search", params={"q": "Kosovo"}))
    assert data["events"]["total"] and data["documents"]["total"]
    assert any(a["code"] == "XKX" for a in data["actors"])
    assert_clean_error(client.get("/api/search"), 422)
    assert_clean_error(client.get("/api/search", params={"q": "x" * 201}), 422)


# -- the spec, the docs page and the pages ----------------------------------------------------
def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = ok(client.get("/openapi.json"))
    for path in ("/api/documents", "/api/events", "/api/events/{event_id}", "/api/quotes",
                 "/api/citations", "/api/dyads", "/api/poles", "/api/brief", "/api/read/text",
                 "/api/read/file", "/api/read/url", "/api/search", "/api/stories",
                 "/api/places", "/api/places/countries"):
        assert path in spec["paths"], path
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "code", "root", "quad", "from", "to", "q", "limit", "offset",
            "country", "bbox"} <= names
    for path in ("/api/places", "/api/stories"):
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert "antimeridian" in params["bbox"]["description"]
        assert "ISO 3166" in params["country"]["description"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/docs.js" in docs.text
    assert client.get("/redoc").status_code == 404


def test_every_asset_is_local(client: TestClient) -> None:
    """No page or script names another host: the dashboard works offline."""
    for path in sorted(STATIC.iterdir()):
        # The SVG namespace is a name, not an address anything fetches.
        text = path.read_text(encoding="utf-8").replace('"http://www.w3.org/2000/svg"', "")
        assert "http://" not in text and "https://" not in text.replace("https?:", ""), path
        assert "//cdn" not in text and "googleapis" not in text, path
        response = client.get(f"/static/{path.name}")
        assert response.status_code == 200, path


@pytest.mark.parametrize("page", ["/", "/dyad/RUS/CHN", "/actor/RUS", "/event/abcdef",
                                  "/document/abcdef", "/search", "/read", "/map"])
def test_pages_are_served_with_a_strict_policy(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200 and "/static/app.js" in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


# -- escaping ---------------------------------------------------------------------------------
def test_markup_is_data_in_json(client: TestClient) -> None:
    """The API returns the report's markup verbatim as JSON strings (the dashboard shows it as
    text); nothing is served as HTML from document text."""
    doc = ok(client.get(f"/api/documents/{xss_doc_id()}"))
    assert doc["text"] == XSS_TEXT and "<script>" in doc["title"]
    ev = ok(client.get("/api/events", params={"doc_id": xss_doc_id(), "source": "RUS"}))
    assert "onerror=" in ev["items"][0]["sentence"]


# -- injection --------------------------------------------------------------------------------
INJECTIONS = ["' OR '1'='1", "RUS'; DROP TABLE events; --", "1) OR (1=1",
              "%' UNION SELECT text FROM documents --"]
FILTERS = [("/api/events", k) for k in ("actor", "dyad", "source", "target", "code", "root",
                                        "quad", "from", "to", "q", "doc_id", "order", "limit",
                                        "offset", "country", "bbox")]
FILTERS += [("/api/places", k) for k in ("actor", "quad", "from", "country", "bbox", "limit",
                                        "per_place")]
FILTERS += [("/api/documents", k) for k in ("q", "publication", "from", "to", "limit")]
FILTERS += [("/api/quotes", k) for k in ("actor", "speaker", "q", "doc_id", "from")]
FILTERS += [("/api/citations", k) for k in ("source", "doc_id", "to")]
FILTERS += [("/api/stories", k) for k in ("actor", "with", "quad", "from", "country", "bbox")]
FILTERS += [("/api/actors", k) for k in ("q", "from")]
FILTERS += [("/api/dyads", k) for k in ("with", "by", "count", "from")]
FILTERS += [("/api/poles", k) for k in ("window", "step", "count", "weighting", "min_events",
                                        "from")]
FILTERS += [("/api/brief", k) for k in ("actor", "to", "format")]
FILTERS += [("/api/search", "q")]


@pytest.mark.parametrize(("endpoint", "name"), FILTERS)
def test_injection_in_every_filter_is_refused_or_finds_nothing(
        client: TestClient, endpoint: str, name: str) -> None:
    base = {"actor": "RUS"} if endpoint == "/api/dyads" else {}
    for attack in INJECTIONS:
        response = client.get(endpoint, params={**base, name: attack})
        assert response.status_code in (200, 404, 422), (attack, response.text)
        for leak in LEAKS:
            assert leak not in response.text, (attack, response.text)
        if response.status_code == 200:
            body = response.json()
            found = body.get("items", body.get("rows", body.get("places")))
            if endpoint == "/api/search":
                found = body["events"]["items"] + body["documents"]["items"]
            assert found == [], (attack, body)
        else:
            assert_clean_error(response, 404, 422)
    assert ok(client.get("/api/stats"))["events"] > 100  # nothing was dropped


@pytest.mark.parametrize("path", ["/api/events/' OR 1=1 --", "/api/documents/1' OR '1'='1",
                                  "/api/actors/RUS' OR '1'='1", "/dyad/RUS/..%2F..%2Fetc"])
def test_injection_in_paths(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404, 422)
    for leak in LEAKS:
        assert leak not in response.text


# -- malformed requests -----------------------------------------------------------------------
def test_malformed_requests_get_json_4xx(client: TestClient) -> None:
    assert_clean_error(client.get("/api/events", params={"limit": 0}), 422)
    assert_clean_error(client.get("/api/events", params={"limit": "many"}), 422)
    assert_clean_error(client.get("/api/events", params={"offset": -1}), 422)
    assert_clean_error(client.get("/api/events", params={"quad": 5}), 422)
    assert_clean_error(client.get("/api/events", params={"from": "yesterday"}), 422)
    assert_clean_error(client.get("/api/events", params={"from": "2001-01-01",
                                                         "to": "2000-01-01"}), 422)
    assert_clean_error(client.get("/api/no-such-thing"), 404)
    assert_clean_error(client.delete("/api/events"), 405)
    assert_clean_error(client.post("/api/read/text", content=b"{not json",
                                   headers={"content-type": "application/json"}), 422)
    assert_clean_error(client.post("/api/read/text", json={"title": "no text"}), 422)
    assert_clean_error(client.post("/api/read/text", json=["a", "list"]), 422)
    assert_clean_error(client.post("/api/read/file", data={"published": "2001-01-01"}), 422)
    assert_clean_error(client.post("/api/read/url", json={"url": "ftp://example.org/x"}), 422)
    assert_clean_error(client.post("/api/read/url", json={"url": "file:///etc/passwd"}), 422)
    assert_clean_error(client.get("/api/events", headers={"content-length": "abc"}), 400)


def test_an_unexpected_failure_is_a_json_500_without_a_trace(
        web_store: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(web_store[0], create=False)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("disk on fire at /secret/path")

    monkeypatch.setattr(store, "query", broken)
    client = TestClient(create_app(store), base_url=BASE, raise_server_exceptions=False)
    response = client.get("/api/stats")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error; the server log has the details"}
    assert "secret" not in response.text and "Traceback" not in response.text


# -- security ---------------------------------------------------------------------------------
def test_loopback_server_refuses_other_host_names(web_store: tuple[Path, Any]) -> None:
    app = create_app(web_store[0])
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert TestClient(app, base_url=f"http://{host}").get("/api/stats").status_code == 200
    rebinding = TestClient(app, base_url="http://attacker.example")
    assert_clean_error(rebinding.get("/api/stats"), 400)
    assert_clean_error(rebinding.get("/"), 400)


def test_token_is_checked_on_every_request(web_store: tuple[Path, Any]) -> None:
    token = "s3cret-token-123"
    app = create_app(web_store[0], token=token)
    anon = TestClient(app, base_url="http://192.0.2.10:8000")
    for path in ("/api/stats", "/", "/static/app.js", "/openapi.json", "/docs", "/event/abc"):
        assert_clean_error(anon.get(path), 401)
    assert_clean_error(anon.post("/api/read/text", json={"text": "x"}), 401)
    assert_clean_error(anon.get("/api/stats", headers={"authorization": "Bearer wrong-token"}),
                       401)
    assert_clean_error(anon.get("/api/stats", params={"token": token[:-1]}), 401)
    assert ok(anon.get("/api/stats", headers={"authorization": f"Bearer {token}"}))
    browser = TestClient(app, base_url="http://192.0.2.10:8000")
    first = browser.get("/", params={"token": token})
    assert first.status_code == 200 and "HttpOnly" in first.headers["set-cookie"]
    assert ok(browser.get("/api/stats"))  # the cookie carries it from now on
    with pytest.raises(ValueError, match="token"):
        create_app(web_store[0], token="short")


def test_cross_site_writes_are_refused(writable: tuple[TestClient, Store]) -> None:
    client, _ = writable
    response = client.post("/api/read/text", json={"text": "Russia praised China."},
                           headers={"origin": "http://evil.example"})
    assert_clean_error(response, 403)
    same = client.post("/api/read/text", json={"text": "Russia praised China on Monday."},
                       headers={"origin": BASE})
    assert same.status_code == 201, same.text


def test_serve_refuses_public_host_without_token(web_store: tuple[Path, Any]) -> None:
    result = run_cli("serve", "--host", "0.0.0.0", store=web_store[0], timeout=60)
    assert result.returncode == 2
    assert "--token" in result.stderr and "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_answers_on_loopback(web_store: tuple[Path, Any]) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "multipolar.cli", "serve", "--store", str(web_store[0]),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and response.json()["documents"] == 51
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "app.js" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/" in (proc.stderr.read() if proc.stderr else "")


# -- reading new documents --------------------------------------------------------------------
REPORT = ("BEIJING, March 3, 2021 - China and Pakistan signed an agreement on Wednesday to "
          "expand military cooperation, Xinhua reported.\n\nIndia criticised Pakistan over the "
          "deal (Reuters, March 3).")


def test_read_text_is_coded_and_visible_at_once(writable: tuple[TestClient, Store]) -> None:
    client, _ = writable
    before = ok(client.get("/api/stats"))
    response = client.post("/api/read/text", json={"text": REPORT, "title": "A new deal",
                                                   "published": "2021-03-03"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["new"] == 1 and body["coded"]["documents"] == 1
    doc = body["documents"][0]
    assert doc["status"] == "coded" and doc["events"] >= 1 and doc["title"] == "A new deal"
    after = ok(client.get("/api/stats"))
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + doc["events"]
    events = ok(client.get("/api/events", params={"doc_id": doc["doc_id"]}))
    assert events["total"] == doc["events"]
    assert any(e["source_country"] == "CHN" or e["target_country"] == "CHN"
               for e in events["items"])
    again = client.post("/api/read/text", json={"text": REPORT})
    assert again.status_code == 201 and again.json()["already"] == 1
    assert ok(client.get("/api/stats"))["documents"] == after["documents"]


def test_read_text_refusals(writable: tuple[TestClient, Store]) -> None:
    client, _ = writable
    assert_clean_error(client.post("/api/read/text", json={"text": "   \n  "}), 422)
    assert_clean_error(client.post("/api/read/text", json={"text": "!!! ???"}), 422)
    digits = client.post("/api/read/text", json={"text": "12345 678"})
    assert digits.status_code == 201  # stored, as `multipolar read` would, but not coded
    assert digits.json()["documents"][0]["status"] == "failed"
    assert "no letters" in digits.json()["documents"][0]["message"]
    big = "Russia praised China. " * 200  # 4,400 bytes, over the 4,000 of this app
    assert_clean_error(client.post("/api/read/text", json={"text": big}), 413)
    huge = json.dumps({"text": "x" * 100_000})  # over the body limit itself
    assert_clean_error(client.post("/api/read/text", content=huge,
                                   headers={"content-type": "application/json"}), 413)


def test_read_uploaded_files(writable: tuple[TestClient, Store]) -> None:
    client, _ = writable
    txt = client.post("/api/read/file", files={"file": ("../../etc/new-deal.txt",
                                                         REPORT.encode(), "text/plain")},
                      data={"published": "2021-03-03"})
    assert txt.status_code == 201, txt.text
    assert txt.json()["documents"][0]["events"] >= 1
    doc_id = txt.json()["documents"][0]["doc_id"]
    assert ok(client.get(f"/api/documents/{doc_id}"))["source"] == "upload:new-deal.txt"
    lines = "\n".join(json.dumps({"text": t, "published": f"2020-01-0{i}", "title": f"r{i}"})
                      for i, t in enumerate(["Russia praised Iran for its help.",
                                             "Japan criticised North Korea over a test."], 1))
    jsonl = client.post("/api/read/file", files={"file": ("batch.jsonl", lines.encode(),
                                                           "application/json")})
    assert jsonl.status_code == 201, jsonl.text
    assert jsonl.json()["new"] == 2
    assert_clean_error(client.post("/api/read/file", files={"file": ("empty.txt", b"")}), 422)
    assert_clean_error(client.post("/api/read/file", files={"file": ("bin.txt", b"\x00" * 50)}),
                       422)


def test_upload_over_the_limit_is_413(writable: tuple[TestClient, Store]) -> None:
    client, store = writable
    before = store.count("documents")
    big = ("Russia praised China. " * 300).encode()  # 6,600 bytes > 4,000
    assert_clean_error(client.post("/api/read/file", files={"file": ("big.txt", big)}), 413)
    huge = b"y" * 200_000  # over the request-body limit: refused from Content-Length
    assert_clean_error(client.post("/api/read/file", files={"file": ("huge.txt", huge)}), 413)

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(50):
            yield b"z" * 10_000

    streamed = client.post("/api/read/file", content=chunks(),
                           headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert_clean_error(streamed, 413)
    assert store.count("documents") == before


@pytest.fixture
def local_site(tmp_path: Path):
    """A throwaway HTTP server on loopback serving one report and one big page."""
    (tmp_path / "report.txt").write_text(REPORT.replace("Pakistan", "Nepal"), encoding="utf-8")
    (tmp_path / "big.txt").write_text("Russia praised China. " * 400, encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *_: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_read_url(writable: tuple[TestClient, Store], local_site: str) -> None:
    client, _ = writable
    response = client.post("/api/read/url", json={"url": f"{local_site}/report.txt",
                                                  "published": "2021-03-03"})
    assert response.status_code == 201, response.text
    doc = response.json()["documents"][0]
    assert doc["new"] and doc["events"] >= 1
    assert ok(client.get(f"/api/documents/{doc['doc_id']}"))["url"] == f"{local_site}/report.txt"
    assert_clean_error(client.post("/api/read/url", json={"url": f"{local_site}/big.txt"}), 413)
    missing = assert_clean_error(client.post("/api/read/url",
                                             json={"url": f"{local_site}/missing.txt"}), 422)
    assert "404" in missing["detail"]


def test_writes_beside_the_server_show_without_restart(writable: tuple[TestClient, Store]
                                                       ) -> None:
    """A `multipolar read` in another process writes new files; the next request sees them."""
    from multipolar.readers import ReadOptions
    from multipolar.readers.base import make_document

    client, store = writable
    before = ok(client.get("/api/documents", params={"limit": 1}))["total"]
    other = Store(store.root, create=False)
    other.add_documents([make_document("Brazil praised Argentina on Friday.", source="cli",
                                       kind="text", opts=ReadOptions())])
    assert ok(client.get("/api/documents", params={"limit": 1}))["total"] == before + 1
