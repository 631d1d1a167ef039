"""Coding the store from the command line, recoding, user dictionaries, and evaluate."""

from __future__ import annotations

import json

import pytest

from multipolar.store import Store
from tests.conftest import SHARED, assert_one_line_error

REPORTS = [
    {"id": "a", "published": "1999-07-27", "text": "Russia and China opposed the NATO air "
     "campaign against Yugoslavia on Monday (Itar-Tass, July 26). \u201cThe use of force "
     "is a relapse,\u201d Ivanov said."},
    {"id": "b", "published": "2014-03-19", "text": "The United States imposed sanctions on "
     "Russia on Monday. Washington accused Moscow of annexing Crimea."},
    {"id": "c", "published": "2014-03-19", "text": "Der Bundeskanzler sagte am Montag in "
     "Berlin, dass Deutschland die Sanktionen gegen Russland unterst\u00fctzt und weitere "
     "Gespr\u00e4che mit Moskau f\u00fchren will."},
]


@pytest.fixture
def store(tmp_path, cli):
    path = tmp_path / "store"
    src = tmp_path / "reports.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n")
    result = cli("read", str(src), store=path)
    assert result.returncode == 0, result.stderr
    return path


def test_code_then_nothing_left_then_recode_replaces(cli, store):
    first = cli("code", store=store)
    assert first.returncode == 0, first.stderr
    assert "coded 2 documents" in first.stdout and "skipped 1 not in English" in first.stdout
    st = Store(store)
    n_events = st.count("events")
    assert n_events >= 3 and st.count("quotes") == 1 and st.count("citations") == 1
    dyads = {(r["source_country"], r["target_actor"], r["cameo_root"])
             for r in st.query("SELECT * FROM events").to_pylist()}
    assert ("USA", "RUS", "16") in dyads and ("RUS", "NATO", "11") in dyads
    skipped = st.query("SELECT status, message FROM codings WHERE status = 'skipped'").to_pylist()
    assert len(skipped) == 1 and "not English (de)" in skipped[0]["message"]

    again = cli("code", store=store)
    assert "nothing to code" in again.stdout and st.count("events") == n_events

    recoded = cli("code", "--recode", store=store)
    assert recoded.returncode == 0
    assert st.count("events") == n_events  # replaced, not duplicated
    assert st.query("SELECT count(DISTINCT generation) AS n FROM events").column("n")[0].as_py() == 1


def test_a_lexicon_or_dictionary_change_recodes_with_the_new_version(cli, store, tmp_path):
    cli("code", store=store)
    st = Store(store)
    before = {r["coder_version"] for r in st.query("SELECT coder_version FROM codings").to_pylist()}
    extra = tmp_path / "extra.tsv"
    extra.write_text("mention\tactor\tcountry\trole\tnote\nthe Duma of Testland\tRUSLEG\tRUS\tLEG\t\n")
    result = cli("code", "--actors", str(extra), store=store)
    assert "coded 2 documents" in result.stdout  # new dictionary, new coder version
    after = {r["coder_version"] for r in st.query("SELECT coder_version FROM codings").to_pylist()}
    assert after.isdisjoint(before)


def test_user_actor_dictionaries_tsv_and_petrarch(cli, tmp_path):
    petr = tmp_path / "my.actors.txt"
    petr.write_text("ELROND_HALFELVEN_  # a person\n+ELROND_\n\t[ARNGOV 980911-040309]\n"
                    "ARNOR_  [ARN]\n")
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps({"published": "1999-07-27", "text": "Elrond criticised "
                               "Russia on Tuesday."}) + "\n")
    store = tmp_path / "s"
    cli("read", str(src), store=store)
    result = cli("code", "--actors", str(petr), store=store)
    assert result.returncode == 0, result.stderr
    rows = Store(store).query("SELECT source_actor, target_actor FROM events").to_pylist()
    assert {"source_actor": "ARNGOV", "target_actor": "RUS"} in rows


def test_missing_actor_file_is_a_usage_error(cli, store, tmp_path):
    result = cli("code", "--actors", str(tmp_path / "nope.tsv"), store=store)
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "nope.tsv: no such file")


GOLD = {
    "id": "t1", "published": "2014-03-19", "publication": "Test",
    "text": "Russia criticised the United States on Tuesday. Japan praised Britain.",
    "events": [{"source": "RUS", "target": "USA", "root": "11", "code": "111",
                "evidence": "criticised", "required": True},
               {"source": "CHN", "target": "IND", "root": "04", "code": "040",
                "evidence": "not there", "required": True}],
    "quotes": [], "citations": [],
    "dates": [{"text": "Tuesday", "evidence": "on Tuesday", "value": "2014-03-18"}],
    "actors": [],
}


def test_evaluate_prints_misses_and_the_summary_line(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n")
    result = cli("evaluate", str(gold))
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    figures = dict(pair.split("=") for pair in last.split())
    # RUS>USA found, CHN>IND missed, JPN>GBR praised is not in the gold: P=1/2 R=1/2.
    assert figures["events_p"] == "0.50" and figures["events_r"] == "0.50"
    assert figures["dates_f1"] == "1.00" and figures["docs"] == "1"
    assert "CHN>IND" in result.stdout and "JPN>GBR" in result.stdout
    as_json = json.loads(cli("evaluate", str(gold), "--json").stdout)
    assert as_json


def test_evaluate_rejects_malformed_gold_in_one_line(cli, tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n{oops\n")
    result = cli("evaluate", str(gold))
    assert result.returncode == 2
    assert_one_line_error(result.stderr, "bad.jsonl:2")


@pytest.mark.skipif(not (SHARED / "gold" / "dev" / "seed.jsonl").exists(),
                    reason="shared gold absent (../shared/gold/dev/seed.jsonl)")
def test_the_canonical_document_meets_the_bar(cli):
    result = cli("evaluate", str(SHARED / "gold" / "dev" / "seed.jsonl"))
    figures = dict(p.split("=") for p in result.stdout.strip().splitlines()[-1].split())
    assert float(figures["events_f1"]) >= 0.85
    assert figures["quotes_f1"] == "1.00" and figures["speaker_acc"] == "1.00"
    assert figures["citations_f1"] == "1.00"
    assert float(figures["dates_f1"]) >= 0.9


def test_two_workers_code_exactly_what_one_does(cli, store, tmp_path):
    import shutil

    other = tmp_path / "copy"
    shutil.copytree(store, other)
    assert cli("code", store=store).returncode == 0
    assert cli("code", "--workers", "2", store=other).returncode == 0
    ids = [sorted(Store(p).query("SELECT event_id FROM events").column(0).to_pylist())
           for p in (store, other)]
    assert ids[0] == ids[1] and ids[0]


def test_a_text_the_coder_refuses_is_reported_and_the_rest_coded(cli, tmp_path):
    src = tmp_path / "r.jsonl"
    huge = "Russia criticised the United States and " * 26_000  # about 1 MB, one sentence
    src.write_text(json.dumps({"id": "huge", "published": "2014-03-19", "text": huge}) + "\n"
                   + json.dumps(REPORTS[1]) + "\n")
    store = tmp_path / "s"
    assert cli("read", str(src), store=store).returncode == 0
    result = cli("code", store=store)
    assert result.returncode == 1
    assert_one_line_error(result.stderr, "characters, over the 500,000 the coder takes")
    assert "coded 1 documents" in result.stdout and "failed 1" in result.stdout
    st = Store(store)
    failed = st.query("SELECT message FROM codings WHERE status = 'failed'").to_pylist()
    assert len(failed) == 1 and st.count("events") >= 2


def test_a_coder_failure_on_one_document_does_not_end_the_run(store, monkeypatch):
    from multipolar.coder.pipeline import Coder
    from multipolar.coding import code_store

    coder = Coder()
    real = coder.code_parsed

    def flaky(doc, doc_id, published):
        if "sanctions" in doc.text:
            raise IndexError("boom")
        return real(doc, doc_id, published)

    monkeypatch.setattr(coder, "code_parsed", flaky)
    monkeypatch.delenv("MULTIPOLAR_DEBUG", raising=False)
    summary = code_store(Store(store), coder)
    assert (summary.coded, summary.failed, summary.skipped) == (1, 1, 1)
    assert "coder error (IndexError: boom)" in summary.failures[0][1]
