"""GDELT 2.0 event-table export/import and PLOVER JSON (multipolar.interop)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from multipolar.cameo import event_type
from multipolar.interop import (
    GDELT_COLUMNS,
    gdelt_event_id,
    read_gdelt,
    to_gdelt_rows,
    to_plover,
    write_gdelt,
)
from multipolar.schema import EVENTS

# The GDELT 2.0 Event Codebook's columns, written out independently of the module.
EXPECTED_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]

# Column positions (0-based) used below, from the codebook's order.
DAY, MONTHYEAR, YEAR, FRACTION = 1, 2, 3, 4
A1CODE, A1NAME, A1COUNTRY, A1GROUP, A1TYPE1 = 5, 6, 7, 8, 12
A2CODE, A2NAME, A2COUNTRY, A2GROUP, A2TYPE1 = 15, 16, 17, 18, 22
ISROOT, CODE, BASE, ROOT, QUAD, GOLDSTEIN = 25, 26, 27, 28, 29, 30
MENTIONS, SOURCES, ARTICLES, TONE = 31, 32, 33, 34
ACTIONGEO_FULLNAME, DATEADDED, SOURCEURL = 52, 59, 60

# Hand-written GDELT 2.0 event lines: ids/dates (5), Actor1 (10), Actor2 (10), action (10),
# Actor1Geo / Actor2Geo / ActionGeo (8 each), DATEADDED, SOURCEURL.
RUS_USA = [
    "410479001", "20150219", "201502", "2015", "2015.1342",
    "RUSGOV", "RUSSIA", "RUS", "", "", "", "", "GOV", "", "",
    "USAGOV", "UNITED STATES", "USA", "", "", "", "", "GOV", "", "",
    "1", "111", "111", "11", "3", "-2", "10", "2", "8", "-3.25",
    "4", "Moscow, Moskva, Russia", "RS", "RS48", "", "55.7522", "37.6156", "-2960561",
    "1", "United States", "US", "US", "", "39.828175", "-98.5795", "US",
    "4", "Moscow, Moskva, Russia", "RS", "RS48", "", "55.7522", "37.6156", "-2960561",
    "20150219001500", "http://example.com/russia-criticises-us",
]
EU_CHN = [
    "410479002", "20150220", "201502", "2015", "2015.1370",
    "IGOEUREEC", "EUROPEAN UNION", "EUR", "EEC", "", "", "", "IGO", "", "",
    "CHNGOV", "CHINA", "CHN", "", "", "", "", "GOV", "", "",
    "0", "036", "036", "03", "1", "4", "3", "1", "3", "1.72413793103448",
    "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "",
    "1", "China", "CH", "CH", "", "35", "105", "CH",
    "20150220120000", "http://example.com/eu-china-talks",
]
ONE_SIDED = [
    "410479003", "20150220", "201502", "2015", "2015.1370",
    "COP", "POLICE", "", "", "", "", "", "COP", "", "",
    "", "", "", "", "", "", "", "", "", "",
    "1", "010", "010", "01", "1", "0", "1", "1", "1", "0",
    *[""] * 24,
    "20150220120000", "http://example.com/police",
]
BAD_DATE = [*RUS_USA[:1], "20151340", *RUS_USA[2:]]
BAD_DATE[0] = "410479005"


@pytest.fixture()
def gdelt_file(tmp_path: Path) -> Path:
    for line in (RUS_USA, EU_CHN, ONE_SIDED, BAD_DATE):
        assert len(line) == 61
    lines = [RUS_USA, EU_CHN, ONE_SIDED, RUS_USA[:60], BAD_DATE]  # line 4: a column short
    path = tmp_path / "20150220120000.export.CSV"
    path.write_text("".join("\t".join(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_columns_are_gdelt_2_event_table() -> None:
    assert list(GDELT_COLUMNS) == EXPECTED_COLUMNS
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[0] == "GlobalEventID" and GDELT_COLUMNS[-1] == "SOURCEURL"


def test_read_gdelt_rows_and_problems(gdelt_file: Path) -> None:
    rows, problems = read_gdelt(gdelt_file)
    assert [r["event_id"] for r in rows] == ["gdelt-410479001", "gdelt-410479002"]
    name = str(gdelt_file)
    assert problems[0] == (f"{name}:4: 60 columns, expected 61 (GDELT 2.0 event table) "
                           "or 57/58 (GDELT 1.0)")
    assert problems[1].startswith(f"{name}:5: bad Day '20151340'")
    assert problems[2].startswith(f"{name}: 1 line(s) skipped without both Actor1Code and "
                                  "Actor2Code")
    assert problems[2].endswith("line 3")
    assert len(problems) == 3

    rus = rows[0]
    assert set(EVENTS.names) - {"generation"} <= set(rus)
    assert rus["doc_id"] and len(rus["doc_id"]) == 20
    assert (rus["source_actor"], rus["source_country"], rus["source_role"]) == ("RUSGOV", "RUS",
                                                                                 "GOV")
    assert (rus["target_actor"], rus["target_country"], rus["target_role"]) == ("USAGOV", "USA",
                                                                                 "GOV")
    assert rus["source_name"] == "RUSSIA" and rus["sentence"] == ""
    assert (rus["cameo_code"], rus["cameo_root"], rus["quad_class"], rus["goldstein"]) == (
        "111", "11", 3, -2.0)
    assert rus["plover_type"] == event_type("111").plover_event == "ACCUSE"
    assert rus["event_date"] == "2015-02-19" and rus["published"] == "2015-02-19"
    assert rus["report_sources"] == [] and rus["mode"] == "asserted"
    assert rus["confidence"] == 1.0 and rus["coder_version"] == "gdelt-2.0"
    assert (rus["n_mentions"], rus["n_sources"], rus["n_docs"]) == (10, 2, 8)
    assert rus["location"] == "Moscow, Moskva, Russia"

    eu = rows[1]
    # CAMEO's organisation code becomes multipolar's; a region is not a country.
    assert (eu["source_actor"], eu["source_country"], eu["source_role"]) == ("EU", None, "IGO")
    assert eu["published"] == "2015-02-20"
    # The rows fit the store's events table.
    table = pa.Table.from_pylist(rows, schema=EVENTS)
    assert table.num_rows == 2


def test_round_trip_keeps_gdelt_values(gdelt_file: Path) -> None:
    rows, _ = read_gdelt(gdelt_file)
    out = list(to_gdelt_rows(rows))
    kept = [0, DAY, MONTHYEAR, YEAR, FRACTION,
            A1CODE, A1NAME, A1COUNTRY, A1GROUP, A1TYPE1,
            A2CODE, A2NAME, A2COUNTRY, A2GROUP, A2TYPE1,
            ISROOT, CODE, BASE, ROOT, QUAD, GOLDSTEIN, MENTIONS, SOURCES, ARTICLES, TONE,
            ACTIONGEO_FULLNAME, DATEADDED, SOURCEURL]
    for original, exported in zip([RUS_USA, EU_CHN], out, strict=True):
        assert len(exported) == 61
        for i in kept:
            assert exported[i] == original[i], (GDELT_COLUMNS[i], exported[i], original[i])
        # What multipolar does not carry stays empty rather than invented.
        assert exported[35] == "" and exported[A1TYPE1 + 1] == ""


def _event(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "e-1", "doc_id": "d-1", "sentence_id": 2, "char_start": 22,
        "char_end": 75, "sentence": "Ivanov accused NATO of crimes against Yugoslavia.",
        "source_actor": "RUSGOV", "source_country": "RUS", "source_role": "GOV",
        "source_name": "Igor Ivanov", "source_mention": "Ivanov",
        "target_actor": "NATO", "target_country": None, "target_role": "IGO",
        "target_name": "North Atlantic Treaty Organization", "target_mention": "NATO",
        "cameo_code": "1121", "cameo_root": "11", "quad_class": 3, "goldstein": -2.0,
        "plover_type": "ACCUSE", "event_date": "1999-07-26", "date_precision": "day",
        "published": "1999-07-27", "report_sources": ["AP", "Kyodo"], "speaker": "Igor Ivanov",
        "mode": "asserted", "location": "Singapore", "confidence": 0.9, "trigger": "accused",
        "coder_version": "multipolar-0.1.0", "generation": "19990727T101500123456Z-abcdef12",
    }
    row.update(changes)
    return row


DOC_TEXT = ("Publication: Monitor\n\n"
            "Ivanov accused NATO of crimes against Yugoslavia. Moscow was unhappy.\n\n"
            "Later, the ministers met again.")
DOCS = {"d-1": {"doc_id": "d-1", "url": "https://example.org/monitor/1999-07-27",
                "title": "Russia and the U.S.", "publication": "Monitor", "language": "en",
                "text": DOC_TEXT, "read_at": "2024-05-01T10:00:00+00:00"}}


def test_export_fills_the_right_columns() -> None:
    [row] = list(to_gdelt_rows([_event()], DOCS))
    assert len(row) == 61
    assert row[0] == str(gdelt_event_id("e-1")) and int(row[0]) >= 1 << 62
    assert (row[DAY], row[MONTHYEAR], row[YEAR], row[FRACTION]) == (
        "19990726", "199907", "1999", "1999.5644")  # 1999 + ((7 - 1) * 30 + 26) / 365
    assert (row[A1CODE], row[A1NAME], row[A1COUNTRY], row[A1GROUP], row[A1TYPE1]) == (
        "RUSGOV", "IGOR IVANOV", "RUS", "", "GOV")
    assert (row[A2CODE], row[A2NAME], row[A2COUNTRY], row[A2GROUP], row[A2TYPE1]) == (
        "IGOWSTNAT", "NORTH ATLANTIC TREATY ORGANIZATION", "WST", "NAT", "IGO")
    assert row[ISROOT] == "1"  # in the lead paragraph (the header line is skipped)
    assert (row[CODE], row[BASE], row[ROOT], row[QUAD], row[GOLDSTEIN]) == (
        "1121", "112", "11", "3", "-2")
    assert (row[MENTIONS], row[SOURCES], row[ARTICLES], row[TONE]) == ("1", "1", "1", "")
    assert row[ACTIONGEO_FULLNAME] == "Singapore"
    assert row[DATEADDED] == "19990727101500"
    assert row[SOURCEURL] == "https://example.org/monitor/1999-07-27"
    filled = {i for i, v in enumerate(row) if v}
    assert filled == {0, DAY, MONTHYEAR, YEAR, FRACTION, A1CODE, A1NAME, A1COUNTRY, A1TYPE1,
                      A2CODE, A2NAME, A2COUNTRY, A2GROUP, A2TYPE1, ISROOT, CODE, BASE, ROOT,
                      QUAD, GOLDSTEIN, MENTIONS, SOURCES, ARTICLES, ACTIONGEO_FULLNAME,
                      DATEADDED, SOURCEURL}


def test_export_rules_for_counts_root_dates_and_fallbacks() -> None:
    later = _event(event_id="e-2", char_start=DOC_TEXT.index("Later"), n_mentions=4,
                   n_sources=3, n_docs=2, goldstein=1.899999976158142, cameo_code="042",
                   cameo_root="04", event_date=None, location=None)
    [row] = list(to_gdelt_rows([later], DOCS))
    assert row[ISROOT] == "0"  # second paragraph
    assert (row[MENTIONS], row[SOURCES], row[ARTICLES]) == ("4", "3", "2")
    assert row[GOLDSTEIN] == "1.9" and (row[CODE], row[BASE], row[ROOT]) == ("042", "042", "04")
    assert row[DAY] == "19990727"  # no event date: the published date
    # Without documents: first sentence rule, doc_id as SOURCEURL, generation as DATEADDED.
    [bare] = list(to_gdelt_rows([_event(sentence_id=0, target_actor="XKXGOV",
                                        target_country="XKX", target_role="GOV")]))
    assert bare[ISROOT] == "1" and bare[SOURCEURL] == "d-1"
    assert (bare[A2CODE], bare[A2COUNTRY]) == ("KSVGOV", "KSV")
    assert list(to_gdelt_rows([_event(sentence_id=3)]))[0][ISROOT] == "0"
    assert gdelt_event_id("e-1") == gdelt_event_id("e-1") != gdelt_event_id("e-2")
    assert gdelt_event_id("gdelt-410479001") == 410479001


def test_write_gdelt_is_tab_separated_without_header() -> None:
    fh = io.StringIO()
    n = write_gdelt(to_gdelt_rows([_event(), _event(event_id="e-2")], DOCS), fh)
    lines = fh.getvalue().split("\n")
    assert n == 2 and lines[-1] == "" and len(lines) == 3
    assert all(len(line.split("\t")) == 61 for line in lines[:2])
    assert not lines[0].startswith("GlobalEventID")
    with pytest.raises(ValueError, match="61"):
        write_gdelt([["1", "2"]], io.StringIO())


def test_read_gdelt_other_layouts_and_bad_input(tmp_path: Path) -> None:
    # GDELT 1.0 daily file: 58 columns (no ADM2Code), DATEADDED as YYYYMMDD.
    v1 = [v for i, v in enumerate(RUS_USA) if not EXPECTED_COLUMNS[i].endswith("ADM2Code")]
    v1[-2] = "20150219"
    bad_code = [*EU_CHN]
    bad_code[0], bad_code[CODE] = "410479009", "099"
    header = "\t".join(EXPECTED_COLUMNS).upper()
    path = tmp_path / "mixed.tsv"
    path.write_text("\n".join([header, "\t".join(v1), "\t".join(bad_code), ",".join(EU_CHN),
                               "\t".join(RUS_USA)]) + "\n", encoding="utf-8")
    rows, problems = read_gdelt(path)
    assert [r["coder_version"] for r in rows] == ["gdelt-1.0"]
    assert rows[0]["cameo_code"] == "111" and rows[0]["coded_at"] == "2015-02-19"
    assert problems[0] == f"{path}:3: bad EventCode '099' (not in the CAMEO code table)"
    assert problems[1].startswith(f"{path}:4: 1 columns") and "tab-delimited" in problems[1]
    assert problems[2] == f"{path}:5: duplicate GlobalEventID 410479001"
    # GDELT ships zipped files; a missing file is one problem, not an exception.
    zipped = tmp_path / "20150219001500.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("20150219001500.export.CSV", "\t".join(RUS_USA) + "\n")
    assert [r["event_id"] for r in read_gdelt(zipped)[0]] == ["gdelt-410479001"]
    assert read_gdelt(tmp_path / "missing.CSV") == ([], [f"{tmp_path / 'missing.CSV'}: no such file"])


def test_plover_record() -> None:
    record = to_plover(_event(), DOCS["d-1"])
    assert record["id"] == "e-1" and record["has_event"] is True
    assert record["date"] == "1999-07-26"
    assert record["source"] == [{"code": "RUS", "sector": "GOV", "actor_code": "RUSGOV",
                                 "actor_text": "Ivanov", "identifier_text": "Igor Ivanov"}]
    assert record["recipient"] == [{"code": "NATO", "sector": "IGO", "actor_code": "NATO",
                                    "actor_text": "NATO",
                                    "identifier_text": "North Atlantic Treaty Organization"}]
    assert record["event"] == ["ACCUSE"] and record["mode"] == ["allege"]
    assert record["context"] == []
    assert record["quad_code"] == 3 and record["event_scale"] == -2.0
    assert record["event_text"] == ["accused"]
    assert record["text"] == "Ivanov accused NATO of crimes against Yugoslavia."
    assert record["text_info"] == {"sequence": 2, "start": 22, "end": 75}
    assert DOC_TEXT[22:75].startswith("Ivanov accused NATO")
    assert record["cite_info"]["url"] == "https://example.org/monitor/1999-07-27"
    assert record["cite_info"]["publication"] == "Monitor"
    assert record["cite_info"]["title"] == "Russia and the U.S."
    assert record["cite_info"]["citation"] == "d-1"
    assert record["cite_info"]["version"] == "multipolar-0.1.0"
    assert record["report_sources"] == ["AP", "Kyodo"]
    assert record["speaker"] == "Igor Ivanov" and record["modality"] == "asserted"
    assert record["cameo_code"] == "1121" and record["cameo_root"] == "11"
    assert record["coded_date"] == "1999-07-27"
    assert record["event_loc"] == {"name": "Singapore"}
    # Without a document: no citation details beyond the doc id; codes without PLOVER type.
    bare = to_plover(_event(cameo_code="010", cameo_root="01", plover_type=None,
                            location=None))
    assert bare["event"] == [] and bare["mode"] == [] and "event_loc" not in bare
    assert bare["cite_info"]["url"] is None and bare["cite_info"]["citation"] == "d-1"


def test_import_gdelt_then_dyads_and_export(cli, gdelt_file: Path, tmp_path: Path) -> None:
    import json

    store = tmp_path / "store"
    result = cli("import-gdelt", str(gdelt_file), store=store)
    assert result.returncode == 0, result.stderr
    assert "imported 2 GDELT events" in result.stdout
    again = cli("import-gdelt", str(gdelt_file), store=store)
    assert "imported 0 GDELT events" in again.stdout  # nothing twice
    dyads = json.loads(cli("dyads", "--actor", "RUS", "--format", "json", store=store).stdout)
    assert dyads and dyads[0]["counterpart"] == "USA"
    exported = cli("export", "events", "--format", "gdelt", store=store).stdout.splitlines()
    assert len(exported) == 2 and all(len(line.split("\t")) == 61 for line in exported)
    plover = [json.loads(x) for x in
              cli("export", "events", "--format", "plover", store=store).stdout.splitlines()]
    assert {p["event"][0] for p in plover} and all("cite_info" in p for p in plover)
    coded = cli("code", store=store)  # stand-in documents are never coded
    assert "nothing to code" in coded.stdout
    wrong = cli("export", "documents", "--format", "gdelt", store=store)
    assert wrong.returncode == 2 and "events table only" in wrong.stderr
