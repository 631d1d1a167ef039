"""Checks on the great-power office-holder knowledge base (people/great_powers.tsv)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import read_tsv_rows

TSV = Path(__file__).parents[1] / "src/multipolar/data/people/great_powers.tsv"

HEADER = ["name", "aliases", "actor", "country", "role", "title", "start", "end", "note"]
ORGANISATIONS = {"UNO", "NATO", "EU"}

# Offices held by one person at a time, grouped by kind so that renamed offices
# (e.g. Japan's Defense Agency -> Ministry of Defense, Yeltsin's chairmanship ->
# presidency) are checked as one succession.
SINGLE_HOLDER_KIND = {
    "president": "head_of_state",
    "chairman of the supreme soviet": "head_of_state",
    "queen": "head_of_state",
    "king": "head_of_state",
    "emperor": "head_of_state",
    "general secretary": "party_leader",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "foreign minister": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "secretary of state": "foreign_minister",
    "external affairs minister": "foreign_minister",
    "defence minister": "defence_minister",
    "defense minister": "defence_minister",
    "defence secretary": "defence_minister",
    "defense secretary": "defence_minister",
    "defense agency director general": "defence_minister",
    "vice president": "vice_president",
    "national security adviser": "national_security_adviser",
    "ambassador to the un": "un_ambassador",
    "secretary-general": "secretary_general",
    "commission president": "commission_president",
    "high representative": "high_representative",
    "council president": "council_president",
    "supreme allied commander europe": "saceur",
}


ROWS = read_tsv_rows(TSV, HEADER)


def _d(s: str) -> date:
    return date.fromisoformat(s)


def _end(row: dict[str, str]) -> date:
    return _d(row["end"]) if row["end"] else date(9999, 12, 31)


def holders(country: str, title: str, on: str) -> set[str]:
    day = _d(on)
    return {
        r["name"]
        for r in ROWS
        if r["country"] == country and r["title"] == title and _d(r["start"]) <= day <= _end(r)
    }


def test_header_and_size():
    assert 350 <= len(ROWS) <= 600


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['country']}-{r['title']}-{r['name']}")
def test_row_is_well_formed(row):
    assert row["name"].strip()
    assert row["actor"].strip()
    assert row["country"].strip()
    assert row["role"] in {"GOV", "MIL", "IGO"}
    assert row["title"] and row["title"] == row["title"].lower()
    start = _d(row["start"])
    if row["end"]:
        assert _d(row["end"]) >= start
    if row["country"] in ORGANISATIONS:
        assert row["actor"] == row["country"]
    else:
        assert len(row["country"]) == 3 and row["country"].isupper()
        assert row["actor"].startswith(row["country"])
        assert row["actor"] == row["country"] + row["role"]
    aliases = [a for a in row["aliases"].split("|") if a] if row["aliases"] else []
    assert all(a == a.strip() for a in aliases)
    assert row["name"] not in aliases


def test_everyone_served_within_1990_2025():
    for r in ROWS:
        assert _d(r["start"]) <= date(2025, 12, 31), r
        assert _end(r) >= date(1990, 1, 1), r


def test_single_holder_offices_do_not_overlap():
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in ROWS:
        kind = SINGLE_HOLDER_KIND.get(r["title"])
        if kind:
            groups[(r["country"], kind)].append(r)
    problems = []
    for key, rows in groups.items():
        rows = sorted(rows, key=lambda r: r["start"])
        for a, b in zip(rows, rows[1:], strict=False):
            overlap = (_end(a) - _d(b["start"])).days
            if overlap > 2:
                problems.append((key, a["name"], a["start"], a["end"], b["name"], b["start"]))
    assert not problems, problems


def test_every_state_has_the_core_offices():
    for country in ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "JPN", "IND"]:
        kinds = {SINGLE_HOLDER_KIND.get(r["title"]) for r in ROWS if r["country"] == country}
        assert {"head_of_state", "foreign_minister", "defence_minister"} <= kinds, country


@pytest.mark.parametrize(
    "country,title,on,expected",
    [
        ("RUS", "foreign minister", "1999-07-27", "Igor Ivanov"),
        ("USA", "secretary of state", "1999-07-27", "Madeleine Albright"),
        ("USA", "president", "1999-07-27", "Bill Clinton"),
        ("RUS", "president", "1999-07-27", "Boris Yeltsin"),
        ("CHN", "president", "1999-07-27", "Jiang Zemin"),
        ("JPN", "prime minister", "1999-07-27", "Keizo Obuchi"),
        ("RUS", "president", "2014-03-18", "Vladimir Putin"),
        ("CHN", "president", "2014-03-18", "Xi Jinping"),
        ("USA", "president", "2022-02-24", "Joe Biden"),
        ("GBR", "prime minister", "2003-03-20", "Tony Blair"),
        ("UNO", "secretary-general", "2010-01-01", "Ban Ki-moon"),
        ("NATO", "secretary-general", "1999-03-24", "Javier Solana"),
        ("DEU", "chancellor", "2003-03-20", "Gerhard Schröder"),
        ("FRA", "president", "2003-03-20", "Jacques Chirac"),
        ("IND", "prime minister", "1998-05-11", "Atal Bihari Vajpayee"),
        ("SUN", "president", "1991-06-01", "Mikhail Gorbachev"),
    ],
)
def test_spot_checks(country, title, on, expected):
    assert holders(country, title, on) == {expected}


def test_surname_aliases():
    by_name = {r["name"]: r["aliases"].split("|") for r in ROWS}
    assert "Ivanov" in by_name["Igor Ivanov"]
    assert "Lavrov" in by_name["Sergei Lavrov"] and "Sergey Lavrov" in by_name["Sergei Lavrov"]
    assert "Bush" in by_name["George W. Bush"] and "Bush" in by_name["George H. W. Bush"]
    assert "Xi" in by_name["Xi Jinping"]


def test_putin_terms():
    putin = sorted(
        (r["title"], r["start"], r["end"]) for r in ROWS if r["name"] == "Vladimir Putin"
    )
    assert ("president", "2012-05-07", "") in putin
    assert [t for t, _, _ in putin].count("prime minister") == 2
