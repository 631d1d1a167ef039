"""Checks on the regional-power office-holder knowledge base (people/regional_powers.tsv)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import read_tsv_rows

TSV = Path(__file__).parents[1] / "src/multipolar/data/people/regional_powers.tsv"

HEADER = ["name", "aliases", "actor", "country", "role", "title", "start", "end", "note"]

G20_REST = ("ITA", "CAN", "AUS", "BRA", "ARG", "MEX", "KOR", "IDN", "SAU", "TUR", "ZAF")
REGIONAL = ("IRN", "ISR", "PAK", "EGY", "UKR", "NGA", "PRK", "SYR", "IRQ", "POL", "ESP")
REGIONAL_2 = ("VNM", "PSE", "SRB", "YUG", "GEO", "BLR", "KAZ", "VEN", "QAT", "ARE")
COUNTRIES = {*G20_REST, *REGIONAL, *REGIONAL_2}

# Offices held by one person at a time. Titles that name the same office in
# different periods (a Soviet-era chairmanship before a presidency, a junta
# leader between presidents) share a kind so the succession is checked as one.
SINGLE_HOLDER_KIND = {
    "president": "head_of_state",
    "king": "head_of_state",
    "emir": "head_of_state",
    "leader": "head_of_state",
    "head of state": "head_of_state",
    "military council chairman": "head_of_state",
    "acting president": "acting_head_of_state",
    "supreme leader": "supreme_leader",
    "nominal head of state": "nominal_head_of_state",
    "plo chairman": "plo_chairman",
    "crown prince": "crown_prince",
    "general secretary": "party_leader",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chief executive": "head_of_government",
    "acting prime minister": "acting_head_of_government",
    "foreign minister": "foreign_minister",
    "foreign affairs adviser": "foreign_minister",
    "defence minister": "defence_minister",
}

# Overlaps of more than two days that are real and intended, as
# (country, kind, earlier holder, later holder) -> reason, e.g.
# ("VEN", "head_of_state", "Nicolás Maduro", "Juan Guaidó"): "rival claimants".
# None is needed now: an acting head who stands in for a suspended or
# incapacitated incumbent has the title "acting president" / "acting prime
# minister", a kind of its own, so the incumbent's row can run to the legal end.
OVERLAP_EXCEPTIONS: dict[tuple[str, str, str, str], str] = {}


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
    with TSV.open(encoding="utf-8") as f:
        first = next(line for line in f if not line.startswith("#"))
    assert first.rstrip("\n").split("\t") == HEADER
    assert 500 <= len(ROWS) <= 1500


def test_rows_are_well_formed():
    problems = []
    for r in ROWS:
        where = f"{r['country']} {r['title']} {r['name']}"
        try:
            assert r["name"].strip() and r["name"] == r["name"].strip()
            assert r["actor"].strip()
            assert r["country"] in COUNTRIES
            assert r["role"] in {"GOV", "MIL"}
            assert r["actor"].startswith(r["country"])
            assert r["actor"] == r["country"] + r["role"]
            assert r["title"] and r["title"] == r["title"].lower()
            start = _d(r["start"])
            if r["end"]:
                assert _d(r["end"]) >= start
            aliases = r["aliases"].split("|") if r["aliases"] else []
            assert all(a and a == a.strip() for a in aliases)
            assert len(aliases) == len(set(aliases))
            assert r["name"] not in aliases
        except (AssertionError, ValueError) as exc:
            problems.append((where, repr(exc)))
    assert not problems, problems


def test_no_duplicate_rows():
    keys = [(r["name"], r["country"], r["title"], r["start"]) for r in ROWS]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, dupes


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
    for (country, kind), rows in groups.items():
        rows = sorted(rows, key=lambda r: (r["start"], r["end"] or "9999"))
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                overlap = (min(_end(a), _end(b)) - _d(b["start"])).days
                if overlap <= 2:
                    continue
                if (country, kind, a["name"], b["name"]) in OVERLAP_EXCEPTIONS:
                    continue
                problems.append(
                    (country, kind, a["name"], a["start"], a["end"], b["name"], b["start"])
                )
    assert not problems, problems


def test_every_state_has_the_core_offices():
    for country in COUNTRIES:
        kinds = {SINGLE_HOLDER_KIND.get(r["title"]) for r in ROWS if r["country"] == country}
        assert kinds & {"head_of_state", "head_of_government"}, country
        assert "foreign_minister" in kinds, country
        if country != "PSE":  # the Palestinian Authority has no defence ministry
            assert "defence_minister" in kinds, country


@pytest.mark.parametrize(
    "country,title,on,expected",
    [
        ("PAK", "prime minister", "2019-02-26", "Imran Khan"),
        ("IRN", "foreign minister", "2015-07-14", "Mohammad Javad Zarif"),
        ("TUR", "president", "2019-10-09", "Recep Tayyip Erdogan"),
        ("UKR", "president", "2022-02-24", "Volodymyr Zelensky"),
        ("YUG", "president", "1999-03-24", "Slobodan Milosevic"),
        ("SAU", "crown prince", "2023-03-10", "Mohammed bin Salman"),
        ("SRB", "president", "1999-03-24", "Milan Milutinovic"),
        ("IRN", "supreme leader", "2015-07-14", "Ali Khamenei"),
        ("IRN", "president", "2015-07-14", "Hassan Rouhani"),
        ("ISR", "prime minister", "2000-07-11", "Ehud Barak"),
        ("PSE", "president", "2000-07-11", "Yasser Arafat"),
        ("PSE", "president", "2010-01-01", "Mahmoud Abbas"),
        ("PRK", "leader", "2000-06-13", "Kim Jong Il"),
        ("KOR", "president", "2000-06-13", "Kim Dae-jung"),
        ("EGY", "president", "2012-12-01", "Mohamed Morsi"),
        ("IRQ", "president", "1991-01-17", "Saddam Hussein"),
        ("IRQ", "prime minister", "2010-01-01", "Nouri al-Maliki"),
        ("SYR", "president", "2013-08-21", "Bashar al-Assad"),
        ("BRA", "president", "2020-01-01", "Jair Bolsonaro"),
        ("VNM", "general secretary", "2015-01-01", "Nguyen Phu Trong"),
        ("ESP", "king", "2010-01-01", "Juan Carlos I"),
        ("POL", "president", "1991-01-01", "Lech Walesa"),
        ("GEO", "president", "2008-08-08", "Mikheil Saakashvili"),
        ("BLR", "president", "2020-08-09", "Alexander Lukashenko"),
        ("VEN", "president", "2010-01-01", "Hugo Chávez"),
        ("QAT", "emir", "2017-06-05", "Tamim bin Hamad Al Thani"),
        ("ARE", "president", "2023-01-01", "Mohamed bin Zayed Al Nahyan"),
        ("CAN", "prime minister", "2001-09-11", "Jean Chrétien"),
        ("AUS", "prime minister", "2001-09-11", "John Howard"),
        ("ITA", "prime minister", "2001-09-11", "Silvio Berlusconi"),
    ],
)
def test_office_holder_on_date(country, title, on, expected):
    assert holders(country, title, on) == {expected}


def test_current_holders_have_open_end():
    for country, title, name in [
        ("TUR", "president", "Recep Tayyip Erdogan"),
        ("IRN", "supreme leader", "Ali Khamenei"),
        ("PRK", "leader", "Kim Jong Un"),
        ("SAU", "crown prince", "Mohammed bin Salman"),
    ]:
        assert name in holders(country, title, "2025-12-31"), (country, title, name)


def test_aliases_include_plain_and_accented_forms():
    by_name = {r["name"]: r["aliases"].split("|") for r in ROWS}
    assert "Erdoğan" in by_name["Recep Tayyip Erdogan"]
    assert "Erdogan" in by_name["Recep Tayyip Erdogan"]
    assert "Zarif" in by_name["Mohammad Javad Zarif"]
    assert "Milošević" in by_name["Slobodan Milosevic"]
    assert "Chretien" in by_name["Jean Chrétien"]
