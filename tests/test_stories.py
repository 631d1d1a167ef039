"""Story events: near-duplicate reports of one happening become one story."""

from __future__ import annotations

import json

from multipolar.analysis.stories import link_stories
from multipolar.store import Store


def ev(event_id, doc_id, date, sentence, src="RUSGOV", tgt="USA", code="111", sources=()):
    return {"event_id": event_id, "doc_id": doc_id, "sentence_id": 0, "sentence": sentence,
            "source_actor": src, "target_actor": tgt, "cameo_code": code, "cameo_root": code[:2],
            "quad_class": 3, "goldstein": -2.0, "event_date": date, "report_sources": list(sources)}


def primary(code: str) -> str:
    return code[:3]


def test_near_duplicate_reports_link_into_one_story():
    events = [
        ev("a", "d1", "2014-03-18", "Moscow criticised Washington over the sanctions on Crimea.",
           sources=["AP"]),
        ev("b", "d2", "2014-03-19", "Russia criticised the United States for new Crimea sanctions.",
           sources=["Reuters"]),
        ev("c", "d3", "2014-03-18", "The Kremlin sharply criticised Washington's Crimea sanctions."),
        # same dyad and code, a week later: another story
        ev("d", "d4", "2014-03-26", "Moscow criticised Washington over the sanctions on Crimea."),
        # same day, unrelated wording, other document: another story
        ev("e", "d5", "2014-03-18", "Lavrov condemned American missile defence plans in Europe."),
        # same dyad, other code: another story
        ev("f", "d1", "2014-03-18", "Russia expelled American diplomats.", code="174"),
    ]
    stories = link_stories(events, primary, publications={"d1": "Wire A", "d2": "Wire B"})
    by_ids = {tuple(s["event_ids"]): s for s in stories}
    crimea = by_ids[("a", "b", "c")]
    assert (crimea["n_mentions"], crimea["n_docs"]) == (3, 3)
    assert crimea["n_sources"] == 4  # Wire A, Wire B, AP, Reuters
    assert (crimea["source"], crimea["target"], crimea["date"], crimea["last_date"]) == (
        "RUS", "USA", "2014-03-18", "2014-03-19")
    assert {("d",), ("e",), ("f",)} <= set(by_ids)
    assert len(stories) == 4


def test_two_mentions_in_one_document_are_one_story():
    events = [ev("a", "d1", "2014-03-18", "Russia criticised the United States."),
              ev("b", "d1", "2014-03-18", "It was the sharpest rebuke in years.")]
    (story,) = link_stories(events, primary)
    assert story["n_mentions"] == 2 and story["n_docs"] == 1


def test_stories_are_deterministic_whatever_the_input_order():
    events = [ev(str(i), f"d{i}", f"2014-03-{10 + i % 5:02d}", f"Russia criticised America {i % 3}")
              for i in range(30)]
    a = link_stories(events, primary)
    b = link_stories(list(reversed(events)), primary)
    assert a == b


def test_coding_builds_the_stories_table(cli, tmp_path):
    reports = [
        {"published": "2014-03-19", "publication": "Wire A",
         "text": "The United States imposed sanctions on Russia on Monday over Crimea."},
        {"published": "2014-03-19", "publication": "Wire B",
         "text": "Washington imposed new sanctions on Russia on Monday because of Crimea."},
    ]
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in reports) + "\n")
    store = tmp_path / "s"
    cli("read", str(src), store=store)
    result = cli("code", store=store)
    assert "story events in the store" in result.stdout
    st = Store(store)
    rows = st.query("SELECT * FROM stories WHERE source = 'USA' AND target = 'RUS'").to_pylist()
    assert len(rows) == 1 and rows[0]["n_docs"] == 2 and rows[0]["n_mentions"] == 2
    cli("code", "--recode", store=store)  # rebuilding replaces, never duplicates
    assert st.count("stories") == len(st.query("SELECT DISTINCT story_id FROM stories"))
