"""Event locations: the gazetteer, the rules that find and resolve places, the store
columns, the exports, the filters and the location scores of `multipolar evaluate`."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from multipolar.evaluate import (
    LOCATION_KEYS,
    SUMMARY_KEYS,
    GoldFormatError,
    format_report,
    load_gold,
    score,
)
from multipolar.interop import GDELT_COLUMNS, read_gdelt, to_gdelt_rows, to_plover
from multipolar.places import bbox_of, filter_events, gazetteer, location_where
from multipolar.schema import EVENTS
from multipolar.store import Store

GOLD = Path(__file__).parent / "data" / "gold-locations.jsonl"
COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}


@pytest.fixture(scope="module")
def coder(nlp):  # noqa: ANN001, ANN201 - the conftest fixture skips without a model
    from multipolar.coder.pipeline import Coder

    return Coder()


def located(coder, text: str, published: str = "2020-01-01") -> list:  # noqa: ANN001
    """(source, target, location name, country, mention) of each event of a text."""
    coded = coder.code(text, published)
    return [(e.source_actor, e.target_actor, e.location, e.location_country,
             e.location_mention) for e in coded.events]


def places_of(coder, text: str, published: str = "2020-01-01") -> set:  # noqa: ANN001
    coded = coder.code(text, published)
    assert coded.events, f"the coder found no event in {text!r}"
    return {(e.location, e.location_country) for e in coded.events}


# -- the gazetteer ------------------------------------------------------------------


def test_gazetteer_knows_cities_countries_states_and_seas() -> None:
    gz = gazetteer()
    paris = {c.place.country: c.place for c in gz.candidates("Paris")}
    assert paris["FRA"].capital and paris["FRA"].type == "city"
    assert paris["USA"].admin1 == "US.TX"
    georgia = {c.place.type: c.place for c in gz.candidates("Georgia")}
    assert georgia["country"].country == "GEO" and georgia["admin"].admin1 == "US.GA"
    [strait] = gz.candidates("the Taiwan Strait")
    assert strait.place.type == "sea" and strait.place.country is None
    assert 22 < strait.place.lat < 26 and 118 < strait.place.lon < 121
    # Country positions come from their cities: Russia's lies in Russia.
    russia = gz.country("RUS")
    assert 50 < russia.lat < 65 and 30 < russia.lon < 110
    assert gz.country("RU") is russia
    # Old spellings and the actor files' names.
    assert gz.candidates("Kiev")[0].place.name == "Kyiv"
    assert {c.place.country for c in gz.candidates("U.S.")} == {"USA"}


def test_words_that_are_not_places_never_resolve() -> None:
    gz = gazetteer()
    assert gz.candidates("March") == [] and gz.candidates("Monday") == []


# -- finding places in text ---------------------------------------------------------


def test_city_after_in_is_the_location_with_its_span(coder) -> None:  # noqa: ANN001
    text = "Russia and China held talks in Sarajevo on Monday."
    coded = coder.code(text, "1996-02-12")
    assert coded.events
    for e in coded.events:
        assert (e.location, e.location_type, e.location_country) == ("Sarajevo", "city", "BIH")
        assert text[e.location_start:e.location_end] == "Sarajevo" == e.location_mention
        assert e.location_admin1 == "BA.01" and e.location_id.startswith("geonames:")
        assert 43 < e.location_lat < 44.5 and 18 < e.location_lon < 19


def test_sea_near_and_through(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "Iranian boats seized a British tanker near the Strait of Hormuz.") \
        == {("Strait of Hormuz", None)}
    coded = coder.code("Russian ships seized Ukrainian vessels in the Kerch Strait.")
    assert {e.location_type for e in coded.events} == {"sea"}


def test_direction_word_is_part_of_the_mention_not_the_place(coder) -> None:  # noqa: ANN001
    text = "Turkish jets bombed targets in northern Iraq on Saturday."
    [e] = coder.code(text, "2019-06-01").events
    assert (e.location, e.location_type, e.location_mention) == ("Iraq", "country",
                                                                  "northern Iraq")
    assert text[e.location_start:e.location_end] == "northern Iraq"


def test_place_introduced_by_city_of_or_as_the_object_of_an_attack(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "Iraqi forces attacked Turkish troops in the northern city of "
                     "Mosul.") == {("Mosul", "IRQ")}
    assert places_of(coder, "Russian forces shelled the eastern Ukrainian city of Kharkiv.") \
        == {("Kharkiv", "UKR")}
    assert places_of(coder, "Libyan forces attacked Egyptian mercenaries on the outskirts of "
                     "Tripoli.") == {("Tripoli", "LBY")}


def test_visits_are_located_at_the_place_visited(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "The U.S. president visited Hanoi on Sunday.") == {("Hanoi", "VNM")}


def test_building_metonym_after_at_is_its_capital(coder) -> None:  # noqa: ANN001
    rows = located(coder, "Narendra Modi met Joe Biden at the White House on Thursday.",
                   "2023-06-23")
    assert rows and all(r[2:] == ("Washington", "USA", "White House") for r in rows)


# -- what is not a location -----------------------------------------------------------


def test_capital_as_actor_is_not_a_location(coder) -> None:  # noqa: ANN001
    rows = located(coder, "Moscow criticised Washington on Tuesday for the new sanctions.")
    assert rows and all(r[2] is None for r in rows)
    assert rows[0][:2] == ("RUSGOV", "USAGOV")


def test_topics_and_destinations_are_not_locations(coder) -> None:  # noqa: ANN001
    for text in ("Moroccan officials accused Algeria over Western Sahara.",
                 "The Iranian ambassador to France criticised Israel.",
                 "The United States imposed sanctions on Venezuela's oil sector."):
        rows = located(coder, text)
        assert rows and all(r[2] is None for r in rows), (text, rows)


def test_place_in_a_relative_or_other_clause_is_not_the_location(coder) -> None:  # noqa: ANN001
    rows = located(coder, "Russian diplomats, who were born in Georgia, criticised the "
                   "United States.")
    assert rows and all(r[2] is None for r in rows)
    rows = located(coder, "Turkish jets bombed targets in northern Iraq, and Russia "
                   "criticised Turkey.")
    by_pair = {r[:2]: r[2] for r in rows}
    assert by_pair == {("TUR", "IRQ"): "Iraq", ("RUS", "TUR"): None}


def test_next_sentence_between_the_same_actors_inherits_within_a_paragraph(coder) -> None:  # noqa: ANN001
    one = coder.code("Putin met Xi in Beijing on Thursday. Putin and Xi signed an energy "
                     "agreement.", "2024-05-16")
    signed = [e for e in one.events if e.cameo_root == "05"]
    assert signed and all(e.location == "Beijing" for e in signed)
    two = coder.code("Putin met Xi in Beijing on Thursday.\n\nPutin and Xi signed an energy "
                     "agreement.", "2024-05-16")
    signed = [e for e in two.events if e.cameo_root == "05"]
    assert signed and all(e.location is None for e in signed)


# -- same-named places --------------------------------------------------------------


def test_georgia_the_country_unless_the_story_is_american(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "Russian troops attacked Georgian forces in Georgia on Monday.",
                     "2008-08-12") == {("Georgia", "GEO")}
    assert places_of(coder, "U.S. federal agents arrested two men in Georgia on Tuesday, the "
                     "FBI office in Atlanta said.", "2021-01-12") == {("Georgia", "USA")}


def test_paris_is_in_france_unless_the_text_says_texas(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "American police in Paris arrested a Mexican national.") \
        == {("Paris", "FRA")}
    assert places_of(coder, "American police in Paris, Texas, arrested a Mexican national.") \
        == {("Paris", "USA")}


def test_actors_choose_between_namesakes(coder) -> None:  # noqa: ANN001
    assert places_of(coder, "Lebanese troops clashed with Syrian fighters in Tripoli.") \
        == {("Tripoli", "LBN")}
    assert places_of(coder, "Libyan troops clashed with Chadian fighters in Tripoli.") \
        == {("Tripoli", "LBY")}
    assert places_of(coder, "Bolivian police arrested Venezuelan activists in La Paz.") \
        == {("La Paz", "BOL")}
    # Two states meet in a third state's city as often as in their own: one party's
    # state does not outweigh a namesake's size for a meeting ("Geneva", New York).
    assert places_of(coder, "American and Chinese negotiators met in Geneva on Tuesday.") \
        == {("Geneva", "CHE")}


def test_coder_without_geolocation_has_no_locations_and_another_version(coder) -> None:  # noqa: ANN001
    from multipolar.coder.pipeline import Coder

    plain = Coder(nlp=coder.nlp, geolocate=False)
    coded = plain.code("Turkish jets bombed targets in northern Iraq on Saturday.")
    assert coded.events and all(e.location is None for e in coded.events)
    assert plain.version != coder.version


# -- the store ----------------------------------------------------------------------


def test_coded_locations_reach_the_store_and_the_filters(coder, tmp_path: Path) -> None:  # noqa: ANN001
    from multipolar.coding import code_store
    from multipolar.models import Document

    store = Store(tmp_path / "s")
    texts = ["Turkish jets bombed targets in northern Iraq on Saturday.",
             "Chinese police detained Kazakh traders in Xinjiang."]
    store.add_documents([Document(doc_id=f"d{i}", text=t, published="2019-06-01")
                         for i, t in enumerate(texts)])
    code_store(store, coder)
    rows = store.query("SELECT location, location_country, location_lat, location_lon "
                       "FROM events ORDER BY location").to_pylist()
    assert {r["location"] for r in rows} == {"Iraq", "Xinjiang"}
    where, params = location_where(country="CN")
    hits = store.query(f"SELECT location FROM events WHERE {where}", params).to_pylist()
    assert {r["location"] for r in hits} == {"Xinjiang"}
    where, params = location_where(bbox="35,25,50,40")  # around Iraq
    hits = store.query(f"SELECT location FROM events WHERE {where}", params).to_pylist()
    assert {r["location"] for r in hits} == {"Iraq"}


def test_store_written_before_the_location_columns_still_reads(tmp_path: Path) -> None:
    store = Store(tmp_path / "old")
    old = pa.schema([f for f in EVENTS if not f.name.startswith("location_")])
    table = pa.Table.from_pylist([{"event_id": "e1", "doc_id": "d1", "source_actor": "RUS",
                                   "target_actor": "USA", "generation": "g1",
                                   "location": "Moscow"}], schema=old)
    part = tmp_path / "old" / "events" / "year=1999"
    part.mkdir(parents=True)
    pq.write_table(table, part / "part-g1.parquet")
    rows = store.query("SELECT event_id, location, location_country, location_lat "
                       "FROM _raw_events").to_pylist()
    assert rows == [{"event_id": "e1", "location": "Moscow", "location_country": None,
                     "location_lat": None}]
    where, params = location_where(country="RUS")
    assert store.query(f"SELECT * FROM _raw_events WHERE {where}", params).num_rows == 0
    # New rows beside old files: both read, by name.
    store.append("events", [{"event_id": "e2", "doc_id": "d2", "location": "Paris",
                             "location_country": "FRA", "location_lat": 48.85}])
    rows = store.query("SELECT event_id, location_country FROM _raw_events "
                       "ORDER BY event_id").to_pylist()
    assert [r["location_country"] for r in rows] == [None, "FRA"]


# -- filters ------------------------------------------------------------------------


EVENTS_ROWS = [
    {"event_id": "moscow", "location_country": "RUS", "location_lat": 55.75, "location_lon": 37.6},
    {"event_id": "fiji", "location_country": "FJI", "location_lat": -17.8, "location_lon": 178.4},
    {"event_id": "samoa", "location_country": "WSM", "location_lat": -13.8,
     "location_lon": -171.8},
    {"event_id": "nowhere", "location_country": None, "location_lat": None,
     "location_lon": None},
]


def test_filter_by_country_and_bounding_box() -> None:
    ids = [e["event_id"] for e in filter_events(EVENTS_ROWS, country="RUS")]
    assert ids == ["moscow"]
    assert [e["event_id"] for e in filter_events(EVENTS_ROWS, country="ru")] == ["moscow"]
    assert [e["event_id"] for e in filter_events(EVENTS_ROWS, bbox="30,50,40,60")] == ["moscow"]
    # A box across the antimeridian (west > east).
    ids = [e["event_id"] for e in filter_events(EVENTS_ROWS, bbox=(170, -20, -170, -10))]
    assert ids == ["fiji", "samoa"]
    assert list(filter_events(EVENTS_ROWS, country="RUS", bbox="170,-20,-170,-10")) == []


@pytest.mark.parametrize(("kwargs", "problem"), [
    ({"country": "Russia!"}, "ISO 3166 code"),
    ({"country": "QQ"}, "unknown ISO 3166 alpha-2"),
    ({"bbox": "1,2,3"}, "4 numbers"),
    ({"bbox": "a,b,c,d"}, "numbers"),
    ({"bbox": "0,10,5,5"}, "south"),
    ({"bbox": "0,-95,5,5"}, "latitudes"),
    ({"bbox": "0,0,200,5"}, "longitudes"),
])
def test_bad_filter_arguments_give_one_line_errors(kwargs: dict, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as info:
        list(filter_events(EVENTS_ROWS, **kwargs))
    assert "\n" not in str(info.value)
    with pytest.raises(ValueError, match=problem):
        location_where(**kwargs)


def test_bbox_of_accepts_numbers_and_strings() -> None:
    assert bbox_of("-10, 35, 30, 60") == (-10.0, 35.0, 30.0, 60.0)
    assert bbox_of([1, 2, 3, 4]) == (1.0, 2.0, 3.0, 4.0)
    assert location_where() == ("TRUE", [])


# -- exports ------------------------------------------------------------------------


def _located_event(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "e-1", "doc_id": "d-1", "sentence_id": 0, "char_start": 0, "char_end": 57,
        "sentence": "Russian troops arrived in Bosnia on Monday.",
        "source_actor": "RUSMIL", "source_country": "RUS", "source_role": "MIL",
        "source_name": "Russia", "source_mention": "Russian",
        "target_actor": "BIH", "target_country": "BIH", "target_role": None,
        "target_name": "Bosnia and Herzegovina", "target_mention": "Bosnia",
        "cameo_code": "0874", "cameo_root": "08", "quad_class": 2, "goldstein": 10.0,
        "event_date": "1999-07-26", "published": "1999-07-27",
        "location": "Bosnia and Herzegovina", "location_type": "country",
        "location_country": "BIH", "location_admin1": None, "location_lat": 44.36,
        "location_lon": 17.77, "location_id": "iso:BIH", "location_mention": "Bosnia",
        "location_start": 25, "location_end": 31,
    }
    row.update(changes)
    return row


def test_gdelt_export_fills_action_geo_and_the_actor_named_by_the_place() -> None:
    [row] = list(to_gdelt_rows([_located_event()]))
    geo = {c: row[COL[c]] for c in GDELT_COLUMNS if "Geo_" in c}
    assert (geo["ActionGeo_Type"], geo["ActionGeo_FullName"], geo["ActionGeo_CountryCode"],
            geo["ActionGeo_ADM1Code"], geo["ActionGeo_Lat"], geo["ActionGeo_Long"],
            geo["ActionGeo_FeatureID"]) == ("1", "Bosnia and Herzegovina", "BK", "BK",
                                            "44.36", "17.77", "BK")
    # Bosnia is the target, named by the place; Russia is placed nowhere by the text.
    assert geo["Actor2Geo_FullName"] == "Bosnia and Herzegovina"
    assert geo["Actor1Geo_Type"] == "" and geo["Actor1Geo_FullName"] == ""


def test_gdelt_export_of_a_city_and_of_a_us_city() -> None:
    gz = gazetteer()
    mosul = gz.candidates("Mosul")[0].place
    [row] = list(to_gdelt_rows([_located_event(
        location="Mosul", location_type="city", location_country="IRQ",
        location_admin1=mosul.admin1, location_lat=mosul.lat, location_lon=mosul.lon,
        location_id=mosul.id, location_mention="Mosul", target_mention="Iraqi")]))
    assert row[COL["ActionGeo_Type"]] == "4"
    assert row[COL["ActionGeo_FullName"]] == "Mosul, Iraq"
    assert row[COL["ActionGeo_CountryCode"]] == "IZ"
    assert row[COL["ActionGeo_ADM1Code"]] == "IZ" + mosul.admin1.split(".")[1]
    assert row[COL["ActionGeo_FeatureID"]] == mosul.id.split(":")[1]
    assert row[COL["Actor2Geo_Type"]] == ""
    paris_tx = next(c.place for c in gz.candidates("Paris") if c.place.country == "USA")
    [row] = list(to_gdelt_rows([_located_event(
        location="Paris", location_type="city", location_country="USA",
        location_admin1="US.TX", location_lat=paris_tx.lat, location_lon=paris_tx.lon,
        location_id=paris_tx.id, location_mention="Paris")]))
    assert (row[COL["ActionGeo_Type"]], row[COL["ActionGeo_FullName"]],
            row[COL["ActionGeo_ADM1Code"]]) == ("3", "Paris, Texas, United States", "USTX")


def test_gdelt_import_reads_action_geo_into_the_location_columns(tmp_path: Path) -> None:
    [exported] = list(to_gdelt_rows([_located_event(
        location="Kharkiv", location_type="city", location_country="UKR",
        location_admin1="UA.07", location_lat=49.98, location_lon=36.25,
        location_id="geonames:706483", location_mention="Kharkiv")]))
    path = tmp_path / "20220304000000.export.CSV"
    path.write_text("\t".join(exported) + "\n", encoding="utf-8")
    [row], problems = read_gdelt(path)
    assert problems == []
    assert (row["location"], row["location_type"], row["location_country"],
            row["location_admin1"], row["location_lat"], row["location_lon"]) == (
        "Kharkiv, Ukraine", "city", "UKR", "UA.07", 49.98, 36.25)
    # And back out unchanged.
    [again] = list(to_gdelt_rows([row]))
    for column in ("ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                   "ActionGeo_ADM1Code", "ActionGeo_Lat", "ActionGeo_Long",
                   "ActionGeo_FeatureID"):
        assert again[COL[column]] == exported[COL[column]], column


def test_plover_event_loc_has_the_place() -> None:
    record = to_plover(_located_event())
    assert record["event_loc"] == {
        "name": "Bosnia and Herzegovina", "feature_type": "country", "country": "BIH",
        "lat": 44.36, "lon": 17.77, "geo_id": "iso:BIH", "text": "Bosnia", "start": 25,
        "end": 31}
    assert "event_loc" not in to_plover(_located_event(location=None))


# -- evaluation ---------------------------------------------------------------------


def _gold(tmp_path: Path, docs: list[dict]) -> list:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps({"text": "...", **d}) + "\n" for d in docs),
                    encoding="utf-8")
    return load_gold(path)


def _ev(loc: object = "absent", **kw: object) -> dict:
    row = {"source": "RUS", "target": "UKR", "root": "19", **kw}
    if loc != "absent":
        row["location"] = loc
    return row


def test_location_scores_only_documents_with_location_annotations(tmp_path: Path) -> None:
    gold = _gold(tmp_path, [
        {"id": "a", "events": [_ev({"name": "Kharkiv", "country": "UKR"}),
                               _ev(None, target="USA", root="11")]},
        {"id": "b", "events": [_ev({"name": "Taiwan Strait"}, source="CHN", target="TWN")]},
        {"id": "c", "events": [_ev()]},  # not annotated for location
    ])
    pred = {
        "a": {"events": [{"source": "RUS", "target": "UKR", "root": "19",
                          "location": "kharkiv", "location_country": "UKR"},
                         {"source": "RUS", "target": "USA", "root": "11",
                          "location": "Moscow", "location_country": "RUS"}]},
        "b": {"events": [{"source": "CHN", "target": "TWN", "root": "19"}]},
        "c": {"events": [{"source": "RUS", "target": "UKR", "root": "19",
                          "location": "Kyiv", "location_country": "UKR"}]},
    }
    report = score(gold, pred)
    assert report.location_docs == 2
    assert (report.location.tp, report.location.fp, report.location.fn) == (1, 1, 1)
    assert (report.location_country.tp, report.location_country.fp,
            report.location_country.fn) == (1, 1, 0)
    summary = report.summary()
    assert list(summary) == [*SUMMARY_KEYS[:-1], *LOCATION_KEYS, "docs"]
    assert summary["location_p"] == 0.5 and summary["location_country_r"] == 1.0
    text = format_report(report)
    assert "locations missed (FN):\n    Taiwan Strait" in text
    assert "locations not in gold (FP):\n    Moscow" in text
    assert text.splitlines()[-1].endswith("location_country_r=1.00 docs=3")


def test_gold_without_locations_keeps_the_summary_line(tmp_path: Path) -> None:
    report = score(_gold(tmp_path, [{"id": "a", "events": [_ev()]}]),
                   {"a": {"events": [{"source": "RUS", "target": "UKR", "root": "19",
                                      "location": "Kyiv"}]}})
    assert report.location_docs == 0 and list(report.summary()) == list(SUMMARY_KEYS)


@pytest.mark.parametrize(("loc", "problem"), [
    ("Kharkiv", "'location' must be an object or null"),
    ({"country": "UKR"}, "missing 'name'"),
    ({"name": " "}, "'name' is empty"),
])
def test_malformed_gold_location_is_one_line(tmp_path: Path, loc: object, problem: str) -> None:
    with pytest.raises(GoldFormatError, match=problem) as info:
        _gold(tmp_path, [{"id": "a", "events": [_ev(loc)]}])
    assert "\n" not in str(info.value)


def test_location_gold_file_is_well_formed_and_varied() -> None:
    docs = load_gold(GOLD)
    assert len(docs) >= 40
    assert all(any(e.has_location for e in d.events) for d in docs)
    countries = {e.location.country for d in docs for e in d.events
                 if e.location and e.location.country}
    assert len(countries) >= 30
    assert sum(1 for d in docs if all(e.location is None for e in d.events)) >= 4


def test_coder_locations_on_the_location_gold(coder) -> None:  # noqa: ANN001
    from multipolar.predictions import prediction_of

    docs = load_gold(GOLD)
    preds = {d.id: prediction_of(coder, coder.code(d.text, d.published, d.id)) for d in docs}
    report = score(docs, preds, source_normaliser=coder.source_key)
    # Where the coder finds the events, it places them; what it misses are events.
    assert report.location.precision >= 0.9 and report.location_country.precision >= 0.9
    assert report.location.recall >= 0.45


def test_places_data_file_is_well_formed() -> None:
    from multipolar.places import PLACES_DIR
    from tests.conftest import read_tsv_rows

    rows = read_tsv_rows(PLACES_DIR / "places.tsv",
                         ["name", "aliases", "type", "country", "admin1", "lat", "lon", "note"])
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    codes = {r["code"] for r in read_tsv_rows(
        PLACES_DIR.parent / "actors" / "countries.tsv",
        ["code", "iso2", "name", "names", "adjectives", "combining", "capitals", "metonyms",
         "region", "valid_from", "valid_to"])}
    for r in rows:
        assert r["type"] in ("sea", "region", "admin", "country"), r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert not r["country"] or r["country"] in codes, r
    assert {"Taiwan Strait", "South China Sea", "Persian Gulf", "Black Sea", "Balkans",
            "Kashmir"} <= set(names)
