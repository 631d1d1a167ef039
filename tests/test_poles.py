"""The system picture: signed network, blocs, structural balance, effective number of poles."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from multipolar.analysis.poles import (
    Edge,
    Picture,
    build_network,
    load_power_csv,
    plot,
    sliding_windows,
    system_picture,
    window_bounds,
)
from multipolar.cameo import event_type


def ev(src, tgt, code, date="1999-07-27", weight=1.0):
    et = event_type(code)
    return {"source": src, "target": tgt, "quad_class": et.quad, "goldstein": et.goldstein,
            "date": date, "weight": weight}


def seed_records(date="1999-07-27"):
    """The 1999 brief: RUS and CHN against USA, JPN and NATO; JPN and USA allied."""
    plan = [("RUS", "CHN", "03", 2), ("CHN", "RUS", "03", 1),
            ("RUS", "USA", "11", 2), ("RUS", "JPN", "11", 2),
            ("CHN", "USA", "11", 2), ("CHN", "JPN", "11", 2),
            ("RUS", "NATO", "11", 2), ("CHN", "NATO", "11", 2),
            ("JPN", "USA", "06", 2), ("USA", "JPN", "06", 2),
            ("USA", "NATO", "05", 2)]
    return [ev(s, t, c, date) for s, t, c, k in plan for _ in range(k)]


def as_sets(blocs):
    return {frozenset(b) for b in blocs}


@pytest.mark.parametrize("min_events", [1, 2])
def test_seed_blocs_put_russia_and_china_against_the_us_japan_and_nato(min_events):
    pic = system_picture(seed_records(), min_events=min_events)
    assert pic.blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]
    assert pic.actors == ["CHN", "JPN", "NATO", "RUS", "USA"]
    assert pic.balance == 1.0 and pic.frustration == 0
    # Triangles with all three ties signed: RUS-CHN with each of USA, JPN, NATO (3),
    # JPN-USA with RUS and CHN (2), NATO-USA with RUS and CHN (2).
    assert pic.triangles == 7
    assert (pic.start, pic.end, pic.events) == ("1999-07-27", "1999-07-27", 21)
    # Activity: CHN+RUS ties 3 + 6*2 = 15; JPN+NATO+USA ties 4 + 2 + 12 = 18.
    assert pic.bloc_weights == pytest.approx([18 / 33, 15 / 33], abs=1e-6)
    assert pic.poles == pytest.approx(1 / ((18 / 33) ** 2 + (15 / 33) ** 2))


def test_seed_blocs_do_not_depend_on_record_order_or_shape():
    recs = seed_records()

    @dataclass
    class Rec:
        source: str
        target: str
        quad_class: int
        goldstein: float
        date: str | None
        weight: float = 1.0

    objs = [Rec(**r) for r in reversed(recs)]
    columns = {k: [r[k] for r in recs] for k in recs[0]}
    frame = pd.DataFrame(recs).assign(date=lambda d: pd.to_datetime(d["date"]))
    table = pa.Table.from_pandas(frame)
    for records in (objs, columns, frame, table, iter(recs)):
        assert system_picture(records).blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]


def test_network_pools_both_directions_and_scores_mean_goldstein():
    actors, edges = build_network(seed_records(), min_events=1)
    assert actors == ["CHN", "JPN", "NATO", "RUS", "USA"]
    by_pair = {(e.a, e.b): e for e in edges}
    assert all(e.a < e.b for e in edges)
    assert [(e.a, e.b) for e in edges] == sorted(by_pair)
    assert by_pair[("CHN", "RUS")] == Edge("CHN", "RUS", 4.0, 3, 3, 0)
    assert by_pair[("JPN", "USA")] == Edge("JPN", "USA", 6.0, 4, 4, 0)
    assert by_pair[("RUS", "USA")] == Edge("RUS", "USA", -2.0, 2, 0, 2)
    assert ("JPN", "NATO") not in by_pair


def test_weightings_and_bad_weighting():
    recs = [ev("RUS", "USA", "11"), ev("USA", "RUS", "03"), ev("RUS", "USA", "19")]
    (edge,) = build_network(recs, min_events=1)[1]
    assert edge.score == pytest.approx((-2 + 4 - 10) / 3, abs=1e-4)
    (edge,) = build_network(recs, min_events=1, weighting="net")[1]
    assert edge.score == pytest.approx((1 - 2) / 3, abs=1e-4)
    (edge,) = build_network(recs, min_events=1, weighting="sum")[1]
    assert edge.score == -8.0
    with pytest.raises(ValueError, match="weighting 'mean'"):
        build_network(recs, weighting="mean")


def test_threshold_drops_thin_pairs():
    recs = seed_records() + [ev("USA", "IRN", "17"), ev("JPN", "KOR", "05")]
    actors, edges = build_network(recs, min_events=2)
    assert "IRN" not in actors and "KOR" not in actors
    actors1, edges1 = build_network(recs, min_events=1)
    assert {"IRN", "KOR"} <= set(actors1) and len(edges1) == len(edges) + 2
    pic = system_picture(recs, min_events=2)
    assert "IRN" not in {a for b in pic.blocs for a in b}
    assert pic.events == 23  # the period's events, before the threshold
    actors3, edges3 = build_network(recs, min_events=3)
    assert [(e.a, e.b) for e in edges3] == [("CHN", "RUS"), ("JPN", "USA")]


def test_weights_count_as_events_for_the_threshold():
    recs = [ev("RUS", "CHN", "03", weight=5.0), ev("RUS", "USA", "11")]
    actors, edges = build_network(recs, min_events=2)
    assert actors == ["CHN", "RUS"] and edges[0].events == 5


def test_self_dyads_and_actorless_records_are_ignored():
    recs = seed_records() + [ev("RUS", "RUS", "19"), ev("USA", "USA", "19"),
                             {"source": None, "target": "USA", "quad_class": 4,
                              "goldstein": -10.0, "date": "1999-07-27"}]
    pic = system_picture(recs)
    assert pic.events == 21
    assert pic.blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]


def test_a_frustrated_triangle_lowers_balance():
    # CHN courts JPN: CHN-JPN turns positive, so CHN-JPN-RUS (+,-,+) and CHN-JPN-USA (+,+,-)
    # are unbalanced, and no partition can satisfy every tie.
    recs = seed_records() + [ev("CHN", "JPN", "06") for _ in range(4)]
    pic = system_picture(recs)
    assert pic.triangles == 7
    assert pic.balance == pytest.approx(5 / 7) and pic.balance < 1.0
    assert pic.frustration == 1
    assert pic.blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]


def test_all_negative_triangles_are_unbalanced_and_a_quarrel_inside_a_bloc_is_frustration():
    # JPN turns on its ally USA: JPN-USA-RUS and JPN-USA-CHN become (-,-,-), unbalanced
    # under strong balance (Cartwright & Harary). JPN still shares USA's and NATO's
    # adversaries, which signed modularity's null model rewards, so it stays in their bloc
    # and its negative tie to USA is the one frustrated edge.
    recs = seed_records() + [ev("JPN", "USA", "19") for _ in range(4)]
    pic = system_picture(recs)
    assert pic.triangles == 7 and pic.balance == pytest.approx(5 / 7)
    assert pic.blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]
    assert pic.frustration == 1
    (quarrel,) = [e for e in pic.edges if (e.a, e.b) == ("JPN", "USA")]
    assert quarrel.score < 0


def test_two_equal_blocs_are_two_poles_and_one_bloc_is_one():
    two = ([ev("AAA", "BBB", "03")] * 2 + [ev("CCC", "DDD", "03")] * 2
           + [ev("AAA", "CCC", "17")] * 2)
    pic = system_picture(two)
    assert as_sets(pic.blocs) == {frozenset({"AAA", "BBB"}), frozenset({"CCC", "DDD"})}
    assert pic.bloc_weights == [0.5, 0.5]
    assert pic.poles == 2.0
    assert pic.balance is None and pic.triangles == 0 and pic.frustration == 0

    one = [ev(a, b, "05") for a, b in [("AAA", "BBB"), ("BBB", "CCC"), ("AAA", "CCC")]] * 2
    pic = system_picture(one)
    assert pic.blocs == [["AAA", "BBB", "CCC"]]
    assert pic.poles == 1.0 and pic.bloc_weights == [1.0]
    assert pic.balance == 1.0 and pic.triangles == 1


def test_pure_conflict_splits_the_pair():
    pic = system_picture([ev("IND", "PAK", "19")] * 3)
    assert pic.blocs == [["IND"], ["PAK"]] and pic.poles == 2.0 and pic.frustration == 0


def test_empty_input_is_an_empty_picture():
    for pic in (system_picture([]), system_picture([ev("RUS", "USA", "11")]),
                system_picture(seed_records(), start="2000-01-01")):
        assert pic.blocs == [] and pic.actors == [] and pic.edges == []
        assert pic.poles == 0.0 and pic.balance is None and pic.bloc_weights == []
        assert pic.triangles == 0 and pic.frustration == 0
    assert system_picture([]).events == 0 and system_picture([]).start is None
    assert Picture().to_dict()["blocs"] == []


def test_period_bounds_filter_dates():
    recs = seed_records("1999-07-27") + [ev("RUS", "USA", "03", "1999-09-01")] * 2
    recs.append(ev("RUS", "USA", "03", None))
    assert system_picture(recs).events == 24
    pic = system_picture(recs, start="1999-07-01", end="1999-07-31")
    assert (pic.start, pic.end, pic.events) == ("1999-07-01", "1999-07-31", 21)
    pic = system_picture(recs, start="1999-08-01")
    assert pic.events == 2 and pic.blocs == [["RUS", "USA"]]
    with pytest.raises(ValueError, match="after end"):
        system_picture(recs, start="2000-01-01", end="1999-01-01")
    with pytest.raises(ValueError, match="start: not a date"):
        system_picture(recs, start="July 1999")


def test_sliding_windows_one_picture_per_window_with_its_events():
    recs = ([ev("RUS", "CHN", "03", "2020-01-05")] * 2 + [ev("RUS", "USA", "11", "2020-01-20")] * 3
            + [ev("CHN", "USA", "17", "2020-02-10")] * 4 + [ev("JPN", "USA", "06", "2020-03-25")])
    assert window_bounds("2020-01-01", "2020-03-31", 30, 30) == [
        ("2020-01-01", "2020-01-30"), ("2020-01-31", "2020-02-29"),
        ("2020-03-01", "2020-03-30"), ("2020-03-02", "2020-03-31")]
    pics = sliding_windows(recs, start="2020-01-01", end="2020-03-31", window_days=30,
                           step_days=30, min_events=1)
    assert len(pics) == 4
    assert [(p.start, p.end) for p in pics] == window_bounds("2020-01-01", "2020-03-31", 30, 30)
    assert [p.events for p in pics] == [5, 4, 1, 1]
    assert pics[0].blocs == [["CHN", "RUS"], ["USA"]]
    assert pics[1].blocs == [["CHN"], ["USA"]]
    # Overlapping windows count an event in each window that covers it.
    pics = sliding_windows(recs, start="2020-01-01", end="2020-02-29", window_days=40,
                           step_days=10, min_events=2)
    assert [(p.start, p.end) for p in pics] == [
        ("2020-01-01", "2020-02-09"), ("2020-01-11", "2020-02-19"),
        ("2020-01-21", "2020-02-29")]
    assert [p.events for p in pics] == [5, 7, 4]
    assert window_bounds("2020-01-01", "2020-01-10", 90, 30) == [("2020-01-01", "2020-01-10")]
    with pytest.raises(ValueError, match="1 day or more"):
        sliding_windows(recs, start="2020-01-01", end="2020-03-31", window_days=0, step_days=1)


def test_power_csv_changes_the_weights(tmp_path):
    path = tmp_path / "cinc.csv"
    path.write_text("# CINC 1999\nactor,value,year\nrus,0.06,1999\nCHN,0.14,1999\n"
                    "USA,0.14,1999\nJPN,0.06,1999\n", encoding="utf-8")
    power = load_power_csv(path)
    assert power == {"RUS": 0.06, "CHN": 0.14, "USA": 0.14, "JPN": 0.06}
    pic = system_picture(seed_records(), power=power)
    assert pic.blocs == [["JPN", "NATO", "USA"], ["CHN", "RUS"]]
    assert pic.bloc_weights == [0.5, 0.5] and pic.poles == pytest.approx(2.0)
    lopsided = system_picture(seed_records(), power={"USA": 0.3, "RUS": 0.1})
    assert lopsided.bloc_weights == [0.75, 0.25]
    assert lopsided.poles == pytest.approx(1 / (0.75**2 + 0.25**2))
    assert lopsided.poles != system_picture(seed_records()).poles


@pytest.mark.parametrize(("text", "where", "what"), [
    ("", ":", "empty power file"),
    ("code,score\nRUS,1\n", ":1:", "header must name"),
    ("actor,value\nRUS,1\nUSA,lots\n", ":3:", "'lots' is not a number"),
    ("actor,value\nRUS,-1\n", ":2:", ">= 0"),
    ("actor,value\nRUS,1\n\nRUS,2\n", ":4:", "already given on line 2"),
    ("actor,value\nRUS\n", ":2:", "1 fields, expected 2"),
    ("actor,value\n,3\n", ":2:", "empty actor"),
])
def test_bad_power_csv_is_a_one_line_error(tmp_path, text, where, what):
    path = tmp_path / "power.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_power_csv(path)
    message = str(info.value)
    assert "\n" not in message and str(path) + where in message and what in message


def test_missing_power_file_is_a_one_line_error(tmp_path):
    with pytest.raises(ValueError, match="cannot read power file"):
        load_power_csv(tmp_path / "nope.csv")


def test_bad_records_are_one_line_errors():
    with pytest.raises(ValueError, match="record 2: date 'yesterday'"):
        system_picture([ev("RUS", "USA", "11"), ev("RUS", "USA", "11", "yesterday")])
    with pytest.raises(ValueError, match="record 1: goldstein 'high'"):
        system_picture([{"source": "RUS", "target": "USA", "goldstein": "high"}])


def test_plot_writes_png_and_svg(tmp_path):
    single = [system_picture(seed_records())]
    png = tmp_path / "net.png"
    plot(single, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    recs = [ev(s, t, c, date) for date in ("1999-01-15", "1999-05-15", "1999-09-15")
            for s, t, c in [("RUS", "CHN", "03"), ("RUS", "USA", "11"), ("CHN", "USA", "11"),
                            ("JPN", "USA", "06")]]
    pics = sliding_windows(recs, start="1999-01-01", end="1999-12-31", window_days=120,
                           step_days=120, min_events=1)
    assert len(pics) > 1
    svg = tmp_path / "out" / "trend.svg"
    plot(pics, svg)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and len(text) > 1000
    plot([system_picture([])], tmp_path / "empty.png")
    assert (tmp_path / "empty.png").stat().st_size > 0
    with pytest.raises(ValueError, match="must be .png or .svg"):
        plot(single, tmp_path / "net.pdf")


def test_timing_200_actors_20000_edges(capsys):
    rng = np.random.default_rng(0)
    n, per_pair = 200, 2
    codes = [f"A{i:03d}" for i in range(n)]
    side = rng.integers(0, 4, n)  # four latent blocs
    ii, jj = np.triu_indices(n, 1)
    ii, jj = np.repeat(ii, per_pair), np.repeat(jj, per_pair)
    friendly = side[ii] == side[jj]
    noise = rng.random(len(ii)) < 0.1
    coop = friendly ^ noise
    gold = np.where(coop, 4.0, -5.0)
    columns = {"source": [codes[i] for i in ii], "target": [codes[j] for j in jj],
               "quad_class": np.where(coop, 1, 3).tolist(), "goldstein": gold.tolist(),
               "date": ["2020-01-01"] * len(ii), "weight": [1.0] * len(ii)}
    t0 = time.perf_counter()
    pic = system_picture(columns)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\nsystem_picture: {n} actors, {len(pic.edges)} edges, "
              f"{len(ii)} records: {elapsed:.3f} s, {len(pic.blocs)} blocs, "
              f"poles {pic.poles:.2f}, balance {pic.balance:.3f}")
    assert len(pic.edges) == n * (n - 1) // 2
    found = {frozenset(b) for b in pic.blocs}
    truth = {frozenset(c for c, s in zip(codes, side, strict=True) if s == k) for k in range(4)}
    assert found == truth
