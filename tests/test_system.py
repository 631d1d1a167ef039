"""multipolar poles: the system picture of a store, over a period and over windows."""

from __future__ import annotations

import json

import pytest

from multipolar.analysis.dyads import AnalysisError
from multipolar.analysis.poles import sliding_windows
from multipolar.analysis.system import (
    auto_min_events,
    calendar_years,
    parse_span,
    store_system,
)
from multipolar.store import Store
from tests.conftest import assert_one_line_error
from tests.test_dyads import story

WEST, EAST = ("USA", "JPN", "GBR"), ("RUS", "CHN", "IRN")


def two_blocs(days: list[str]) -> list[dict]:
    """Cooperation inside WEST and inside EAST, conflict across, on each given day."""
    rows, i = [], 0
    for day in days:
        for bloc in (WEST, EAST):
            for a in bloc:
                for b in bloc:
                    if a < b:
                        i += 1
                        rows.append(story(i, a, b, day, 1, 4.0, mentions=1))
        for a in WEST:
            for b in EAST:
                i += 1
                rows.append(story(i, a, b, day, 4, -8.0, mentions=3))
    return rows


@pytest.fixture
def store(tmp_path):
    st = Store(tmp_path / "s")
    days = [f"{y}-{m:02d}-15" for y in (2020, 2021) for m in range(1, 13)]
    st.replace("stories", two_blocs(days))
    return st


def test_two_blocs_balanced_two_poles(store):
    report = store_system(store)
    pic = report.picture
    assert sorted(map(sorted, pic.blocs)) == sorted([sorted(EAST), sorted(WEST)])
    assert pic.balance == 1.0 and pic.frustration == 0
    assert pic.poles == pytest.approx(2.0)
    assert (pic.start, pic.end) == ("2020-01-15", "2021-12-15")
    # Two years or less: 90-day windows every 30 days, the last one ending on the last date.
    assert (report.window_days, report.step_days) == (90, 30)
    assert report.windows[0].start == "2020-01-15"
    assert report.windows[-1].end == "2021-12-15"
    assert all(w.poles == pytest.approx(2.0) for w in report.windows)


def test_store_windows_match_the_pure_computation(store):
    """Aggregating in DuckDB first gives the pictures poles.sliding_windows gives on rows."""
    rows = store.query("SELECT source, target, quad_class, goldstein, date FROM stories")
    report = store_system(store, window="120d", step="45d", min_events=2)
    pure = sliding_windows(rows, start="2020-01-15", end="2021-12-15", window_days=120,
                           step_days=45, min_events=2)
    assert [(w.start, w.end) for w in report.windows] == [(p.start, p.end) for p in pure]
    for w, p in zip(report.windows, pure, strict=True):
        assert (w.blocs, w.events, w.frustration) == (p.blocs, p.events, p.frustration)
        assert w.poles == pytest.approx(p.poles) and w.balance == p.balance


def test_mentions_and_power_change_the_weights(store):
    stories = store_system(store).picture
    mentions = store_system(store, count="mentions").picture
    assert mentions.events > stories.events  # conflict stories carry 3 mentions each
    power = {"USA": 0.14, "JPN": 0.04, "GBR": 0.02, "RUS": 0.04, "CHN": 0.2, "IRN": 0.01}
    weighed = store_system(store, power=power)
    shares = dict(zip(map(tuple, map(sorted, weighed.picture.blocs)),
                      weighed.picture.bloc_weights, strict=True))
    assert shares[tuple(sorted(EAST))] == pytest.approx(0.25 / 0.45, abs=1e-4)
    assert weighed.weighed_by == "power"
    assert 1.0 < weighed.picture.poles < 2.0


def test_evidence_threshold_drops_thin_ties(tmp_path):
    st = Store(tmp_path / "s")
    rows = two_blocs(["2020-01-01", "2020-02-01"])
    rows.append(story(999, "USA", "BRA", "2020-03-01", 1, 2.0))  # one report only
    st.replace("stories", rows)
    assert "BRA" in store_system(st, min_events=1).picture.actors
    assert "BRA" not in store_system(st, min_events=2).picture.actors
    assert [auto_min_events(n) for n in (5, 99, 100, 999, 1000, 10**6)] == [1, 1, 2, 2, 3, 6]


def test_long_periods_get_calendar_years(tmp_path):
    st = Store(tmp_path / "s")
    st.replace("stories", two_blocs([f"{y}-06-01" for y in range(2001, 2011)]))
    report = store_system(st)
    assert [(w.start, w.end) for w in report.windows][:2] == [
        ("2001-06-01", "2001-12-31"), ("2002-01-01", "2002-12-31")]
    assert len(report.windows) == 10
    assert calendar_years("2000-03-01", "2009-05-01", 5) == [
        ("2000-03-01", "2000-12-31"), ("2005-01-01", "2005-12-31")]


def test_spans_and_bad_arguments(store):
    assert [parse_span(s, "--window") for s in ("90d", "12w", "3m", "1y", "7")] == [
        90, 84, 90, 365, 7]
    for bad in ("0d", "3x", "", "ninety"):
        with pytest.raises(AnalysisError, match="--window"):
            store_system(store, window=bad or "-")
    with pytest.raises(AnalysisError, match="after"):
        store_system(store, start="2021-01-01", end="2020-01-01")
    with pytest.raises(AnalysisError, match="no dyadic story events"):
        store_system(store, start="2030-01-01")
    with pytest.raises(AnalysisError, match="--count"):
        store_system(store, count="docs")
    with pytest.raises(AnalysisError, match="--weighting"):
        store_system(store, weighting="max")


def test_cli_json_table_plot_and_errors(store, cli, tmp_path):
    result = cli("poles", "--format", "json", "--window", "1y", "--step", "6m",
                 store=store.root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"blocs", "balance", "poles", "windows", "edges"} <= set(data)
    assert data["poles"] == pytest.approx(2.0) and data["balance"] == 1.0
    assert data["windows"] and {"start", "end", "blocs", "poles", "balance"} <= set(
        data["windows"][0])
    table = cli("poles", "--to", "2020-12-31", store=store.root)
    assert table.returncode == 0, table.stderr
    assert "effective number of poles" in table.stdout and "CHN, IRN, RUS" in table.stdout
    png, svg = tmp_path / "p.png", tmp_path / "p.svg"
    assert cli("poles", "--plot", str(png), store=store.root).returncode == 0
    assert cli("poles", "--plot", str(svg), store=store.root).returncode == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg.read_bytes()[:400]
    power = tmp_path / "cinc.csv"
    power.write_text("actor,value\nUSA,0.1\nUSA,0.2\n", encoding="utf-8")
    cases = [
        (("--from", "2021-01-01", "--to", "2020-01-01"), "after"),
        (("--from", "2031-01-01"), "no dyadic story events"),
        (("--window", "soon"), "--window"),
        (("--plot", str(tmp_path / "p.gif")), ".png or .svg"),
        (("--power", str(power)), "cinc.csv:3"),
        (("--power", str(tmp_path / "none.csv")), "none.csv"),
    ]
    for args, needle in cases:
        bad = cli("poles", *args, store=store.root)
        assert bad.returncode == 2, (args, bad.stderr)
        assert_one_line_error(bad.stderr, needle)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    from tests.conftest import SEED_TEXT, run_cli

    if not SEED_TEXT.exists():
        pytest.skip(f"shared reference corpus absent ({SEED_TEXT})")
    root = tmp_path_factory.mktemp("seed") / "store"
    for args in (("read", str(SEED_TEXT)), ("code",)):
        result = run_cli(*args, store=root, timeout=600)
        assert result.returncode == 0, result.stderr
    return root


def test_seed_document_alone_splits_moscow_beijing_from_washington_tokyo_nato(seed_store, cli):
    """The seed brief's argument: Russia and China against a U.S.-led order with Japan and
    NATO. With the default threshold, the picture of that one report shows both camps."""
    result = cli("poles", "--format", "json", store=seed_store)
    assert result.returncode == 0, result.stderr
    blocs = [set(b) for b in json.loads(result.stdout)["blocs"]]
    east = next(b for b in blocs if "RUS" in b)
    west = next(b for b in blocs if "USA" in b)
    assert "CHN" in east
    assert {"JPN", "NATO"} <= west
    assert east is not west


def test_python_api_gives_frames_and_arrow(store):
    import multipolar

    frame = multipolar.dyads(store.root, "RUS", by="year")
    assert set(frame["counterpart"]) == {"USA", "JPN", "GBR", "CHN", "IRN"}
    assert frame.loc[frame["counterpart"] == "CHN", "net_cooperation"].tolist() == [1.0, 1.0]
    table = multipolar.dyads(store.root, "RUS", by="year", arrow=True)
    assert table.num_rows == len(frame) and "goldstein_mean" in table.column_names
    report = multipolar.system(store.root, window="1y", step="1y")
    trend = report.windows_frame()
    assert list(trend["poles"].round(3)) == [2.0, 2.0]
    edges = report.edges_frame()
    crossing = edges[edges["bloc_a"] != edges["bloc_b"]]
    assert len(crossing) == 9 and (crossing["score"] < 0).all()
