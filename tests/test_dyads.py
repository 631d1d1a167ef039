"""multipolar dyads: per period and counterpart, from story events."""

from __future__ import annotations

import csv
import io
import json

import pytest

from multipolar.analysis.dyads import AnalysisError, dyad_series
from multipolar.store import Store
from tests.conftest import assert_one_line_error


def story(i, src, tgt, date, quad, goldstein, mentions=1, code="111"):
    return {"story_id": f"s{i}", "source": src, "target": tgt, "source_actor": src,
            "target_actor": tgt, "cameo_code": code, "cameo_root": code[:2], "quad_class": quad,
            "goldstein": goldstein, "date": date, "last_date": date, "published": date,
            "n_mentions": mentions, "n_docs": mentions, "n_sources": 1, "event_ids": [f"e{i}"],
            "doc_id": f"d{i}", "sentence": f"Evidence sentence {i}.", "char_start": 0,
            "char_end": 10}


@pytest.fixture
def store(tmp_path):
    st = Store(tmp_path / "s")
    st.replace("stories", [
        story(1, "RUS", "USA", "2014-03-18", 3, -2.0, mentions=5),
        story(2, "USA", "RUS", "2014-03-20", 4, -8.0),
        story(3, "RUS", "CHN", "2014-03-21", 1, 3.0),
        story(4, "CHN", "RUS", "2014-05-21", 2, 8.0, code="057"),
        story(5, "RUS", "RUS", "2014-05-22", 3, -2.0),  # domestic: not a dyad with others
        story(6, "RUS", "USA", "2015-01-02", 1, 1.0),
    ])
    return st


def test_cells_per_month_and_counterpart(store):
    rows = dyad_series(store, "rus", by="month")
    cells = {(r["period"], r["counterpart"]): r for r in rows}
    usa = cells[("2014-03", "USA")]
    assert (usa["events"], usa["verbal_conflict"], usa["material_conflict"]) == (2, 1, 1)
    assert (usa["outgoing"], usa["incoming"]) == (1, 1)
    assert usa["goldstein_sum"] == -10.0 and usa["goldstein_mean"] == -5.0
    assert usa["net_cooperation"] == -1.0
    assert cells[("2014-05", "CHN")]["material_coop"] == 1
    assert ("2014-05", "RUS") not in cells
    assert [r["period"] for r in rows] == sorted(r["period"] for r in rows)


def test_mentions_weigh_stories_and_filters_apply(store):
    rows = dyad_series(store, "RUS", with_="USA", by="year", count="mentions")
    assert [(r["period"], r["events"]) for r in rows] == [("2014", 6), ("2015", 1)]
    rows = dyad_series(store, "RUS", start="2014-03-19", end="2014-12-31", by="year")
    assert {r["counterpart"]: r["events"] for r in rows} == {"USA": 1, "CHN": 2}


def test_events_behind_a_cell(store):
    (row,) = dyad_series(store, "RUS", with_="CHN", by="year", events=True)
    assert [s["cameo_code"] for s in row["stories"]] == ["111", "057"]
    assert row["stories"][0]["sentence"] == "Evidence sentence 3."


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"actor": "XYZ"}, "unknown actor code 'XYZ'"),
     ({"actor": "RUS", "start": "2020-01-01", "end": "2019-01-01"}, "is after"),
     ({"actor": "RUS", "start": "2030-01-01"}, "no story events for RUS"),
     ({"actor": "RUS", "start": "March"}, "not a date"),
     ({"actor": "RUS", "by": "decade"}, "--by 'decade'")],
)
def test_bad_arguments(store, kwargs, message):
    with pytest.raises(AnalysisError, match=message):
        dyad_series(store, **kwargs)


def test_cli_formats_and_errors(cli, store):
    table = cli("dyads", "--actor", "RUS", "--by", "year", store=store.root)
    assert table.returncode == 0 and "USA" in table.stdout and "CHN" in table.stdout
    as_json = json.loads(cli("dyads", "--actor", "RUS", "--format", "json",
                             store=store.root).stdout)
    assert {r["counterpart"] for r in as_json} == {"USA", "CHN"}
    as_csv = list(csv.DictReader(io.StringIO(
        cli("dyads", "--actor", "RUS", "--format", "csv", store=store.root).stdout)))
    assert as_csv[0]["period"] == "2014-03" and "net_cooperation" in as_csv[0]
    listed = cli("dyads", "--actor", "RUS", "--with", "CHN", "--events", store=store.root)
    assert "Evidence sentence 4." in listed.stdout
    bad = cli("dyads", "--actor", "XYZ", store=store.root)
    assert bad.returncode == 2
    assert_one_line_error(bad.stderr, "unknown actor code")
