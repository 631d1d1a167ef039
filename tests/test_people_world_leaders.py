"""Checks on the world-leaders office-holder knowledge base (people/world_leaders.tsv): heads
of state and government of the states the great-power and regional-power files leave out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

import multipolar
from multipolar.coder import knowledge
from tests.conftest import read_tsv_rows

PEOPLE = Path(__file__).parents[1] / "src/multipolar/data/people"
TSV = PEOPLE / "world_leaders.tsv"
OTHER_FILES = (PEOPLE / "great_powers.tsv", PEOPLE / "regional_powers.tsv")

HEADER = ["name", "aliases", "actor", "country", "role", "title", "start", "end", "note"]

# The UN member states besides those of the other two files, plus Kosovo and Taiwan, and
# Czechoslovakia (1990-1992) for its last president and governments.
COUNTRIES = {
    # Africa
    "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COG", "COD",
    "CIV", "DJI", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO",
    "LBR", "LBY", "MDG", "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "RWA", "STP",
    "SEN", "SYC", "SLE", "SOM", "SSD", "SDN", "TZA", "TGO", "TUN", "UGA", "ZMB", "ZWE",
    # Americas
    "ATG", "BHS", "BRB", "BLZ", "BOL", "CHL", "COL", "CRI", "CUB", "DMA", "DOM", "ECU", "SLV",
    "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT",
    "SUR", "TTO", "URY",
    # Asia and the Middle East
    "AFG", "ARM", "AZE", "BHR", "BGD", "BTN", "BRN", "KHM", "CYP", "JOR", "KWT", "KGZ", "LAO",
    "LBN", "MYS", "MDV", "MNG", "MMR", "NPL", "OMN", "PHL", "SGP", "LKA", "TJK", "THA", "TLS",
    "TKM", "UZB", "YEM", "TWN",
    # Europe
    "ALB", "AND", "AUT", "BEL", "BIH", "BGR", "HRV", "CZE", "CSK", "DNK", "EST", "FIN", "GRC",
    "HUN", "ISL", "IRL", "LVA", "LIE", "LTU", "LUX", "MLT", "MDA", "MCO", "MNE", "NLD", "MKD",
    "NOR", "PRT", "ROU", "SMR", "SVK", "SVN", "SWE", "CHE", "XKX",
    # Oceania
    "FJI", "KIR", "MHL", "FSM", "NRU", "NZL", "PLW", "PNG", "WSM", "SLB", "TON", "TUV", "VUT",
}

# Offices held by one person at a time. Titles that name the same office in different
# periods or countries (a junta chairman between presidents, an emir who became king, a
# caretaker chief adviser between prime ministers) share a kind.
SINGLE_HOLDER_KIND = {
    "president": "head_of_state",
    "king": "head_of_state",
    "queen": "head_of_state",
    "emir": "head_of_state",
    "sultan": "head_of_state",
    "prince": "head_of_state",
    "leader": "head_of_state",
    "head of state": "head_of_state",
    "military council chairman": "head_of_state",
    "sovereignty council chairman": "head_of_state",
    "presidential council chairman": "head_of_state",
    "transitional council chairman": "head_of_state",
    "congress president": "head_of_state",
    "acting president": "acting_head_of_state",
    "supreme leader": "supreme_leader",
    "supreme political council president": "rival_head_of_state",
    "first secretary": "party_leader",
    "crown prince": "crown_prince",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "chief adviser": "head_of_government",
    "chief executive": "head_of_government",
    "state counsellor": "head_of_government",
    "president of the council": "head_of_government",
    "first prime minister": "first_prime_minister",
    "acting prime minister": "acting_head_of_government",
    "acting chancellor": "acting_head_of_government",
    "foreign minister": "foreign_minister",
    "foreign affairs adviser": "foreign_minister",
}
# Titles that are not single-holder offices of the state: the de facto power of a junta or
# army chief beside (or instead of) a recognised president.
OTHER_TITLES = {"junta leader", "army commander"}
HEADS = {"head_of_state", "head_of_government", "acting_head_of_state",
         "acting_head_of_government"}

# Overlaps of more than two days that are real and intended.
OVERLAP_EXCEPTIONS: dict[tuple[str, str, str, str], str] = {
    ("CIV", "head_of_state", "Laurent Gbagbo", "Alassane Ouattara"):
        "rival claimants after the 2010 election",
    ("LBY", "head_of_state", "Muammar Gaddafi", "Mustafa Abdul Jalil"):
        "rival authorities during the 2011 civil war",
    ("LBY", "head_of_government", "Baghdadi Mahmudi", "Mahmoud Jibril"):
        "rival governments during the 2011 civil war",
    ("LBY", "head_of_government", "Abdullah al-Thani", "Fayez al-Sarraj"):
        "rival governments in the east and in Tripoli 2016-2021",
}

# Surfaces shared by two people of different states in office at the same time: the coder
# then resolves neither, which is intended.
SHARED_SURFACES = {"King Abdullah"}  # Jordan's and Saudi Arabia's, 2005-2015


ROWS = read_tsv_rows(TSV, HEADER)


def _d(s: str) -> date:
    return date.fromisoformat(s)


def _end(row: dict[str, str]) -> date:
    return _d(row["end"]) if row["end"] else date(9999, 12, 31)


def _surfaces(row: dict[str, str]) -> set[str]:
    return {row["name"], *(a for a in row["aliases"].split("|") if a)}


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
    assert 1500 <= len(ROWS) <= 3000


def test_rows_are_well_formed():
    problems = []
    for r in ROWS:
        where = f"{r['country']} {r['title']} {r['name']}"
        try:
            assert r["name"].strip() and r["name"] == r["name"].strip()
            assert r["country"] in COUNTRIES
            assert r["role"] in {"GOV", "MIL"}
            assert r["actor"] == r["country"] + r["role"]
            assert r["title"] and r["title"] == r["title"].lower()
            assert r["title"] in SINGLE_HOLDER_KIND or r["title"] in OTHER_TITLES
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


def test_no_office_already_covered_by_the_other_files():
    covered = set()
    for path in OTHER_FILES:
        for r in knowledge.read_tsv(path):
            kind = SINGLE_HOLDER_KIND.get(r["title"])
            if kind:
                covered.add((r["country"], kind))
    mine = {(r["country"], SINGLE_HOLDER_KIND.get(r["title"])) for r in ROWS}
    assert not mine & covered, sorted(mine & covered)


def test_coverage_of_heads_of_state_and_government():
    def covered(day: date) -> set[str]:
        return {r["country"] for r in ROWS if SINGLE_HOLDER_KIND.get(r["title"]) in HEADS
                and _d(r["start"]) <= day <= _end(r)}

    assert len(covered(date(2010, 1, 1))) >= 120
    assert len(covered(date(2025, 6, 30))) >= 130
    assert len({r["country"] for r in ROWS if r["title"] == "foreign minister"}) >= 40


def test_aliases_do_not_name_states_organisations_or_places():
    kb = knowledge.KnowledgeBase()
    actors = knowledge.DATA / "actors"
    kb.load_countries(actors / "countries.tsv")
    kb.load_igos(actors / "igos.tsv")
    kb.load_metonyms(actors / "metonyms.tsv")
    kb.load_metonyms(actors / "groups.tsv", kind="group")
    kb.load_places(actors / "places.tsv")
    kb.load_agencies(actors / "agencies.tsv")
    taken = set(kb.names) | kb.places | kb.agencies
    clashes = {(s, r["name"]) for r in ROWS for s in _surfaces(r) if s in taken}
    assert not clashes, sorted(clashes)


def test_no_alias_names_two_states_at_once():
    everyone = ROWS + [r for path in OTHER_FILES for r in knowledge.read_tsv(path)]
    by_surface: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in everyone:
        for s in _surfaces(r):
            by_surface[s].append(r)
    mine = {id(r) for r in ROWS}
    clashes = set()
    for s, rows in by_surface.items():
        if s in SHARED_SURFACES:
            continue
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                # the same person in two offices (a prime minister who moved to Brussels)
                # or two people of one state are not a clash
                if a["actor"] == b["actor"] or a["name"] == b["name"]:
                    continue
                if not {id(a), id(b)} & mine:
                    continue
                if _d(a["start"]) <= _end(b) and _d(b["start"]) <= _end(a):
                    clashes.add((s, a["name"], b["name"]))
    assert not clashes, sorted(clashes)


@pytest.mark.parametrize(
    "country,title,on,expected",
    [
        ("LBN", "president", "2008-08-06", "Michel Suleiman"),
        ("LBN", "prime minister", "2006-07-12", "Fouad Siniora"),
        ("JOR", "king", "1994-10-26", "Hussein bin Talal"),
        ("JOR", "king", "2010-01-01", "Abdullah II"),
        ("JOR", "foreign minister", "2023-10-20", "Ayman Safadi"),
        ("LBY", "leader", "2011-03-19", "Muammar Gaddafi"),
        ("SDN", "president", "2009-03-04", "Omar al-Bashir"),
        ("ETH", "prime minister", "2019-10-11", "Abiy Ahmed"),
        ("RWA", "president", "1994-04-06", "Juvénal Habyarimana"),
        ("COD", "president", "2010-01-01", "Joseph Kabila"),
        ("KEN", "president", "2008-01-01", "Mwai Kibaki"),
        ("AFG", "president", "2010-01-01", "Hamid Karzai"),
        ("AFG", "supreme leader", "2022-01-01", "Hibatullah Akhundzada"),
        ("MMR", "state counsellor", "2017-09-01", "Aung San Suu Kyi"),
        ("THA", "prime minister", "2005-01-01", "Thaksin Shinawatra"),
        ("TWN", "president", "2020-01-11", "Tsai Ing-wen"),
        ("CUB", "president", "1999-01-01", "Fidel Castro"),
        ("CUB", "president", "2019-01-01", "Miguel Díaz-Canel"),
        ("COL", "president", "2016-09-26", "Juan Manuel Santos"),
        ("CHL", "president", "2010-06-01", "Sebastián Piñera"),
        ("NLD", "prime minister", "2014-07-17", "Mark Rutte"),
        ("HUN", "prime minister", "2015-09-01", "Viktor Orbán"),
        ("AUT", "chancellor", "2018-01-01", "Sebastian Kurz"),
        ("SWE", "foreign minister", "2003-09-01", "Anna Lindh"),
        ("NOR", "prime minister", "1993-09-13", "Gro Harlem Brundtland"),
        ("GRC", "prime minister", "2015-07-05", "Alexis Tsipras"),
        ("CHE", "president", "2010-06-30", "Doris Leuthard"),
        ("ARM", "prime minister", "2020-09-27", "Nikol Pashinyan"),
        ("AZE", "president", "2020-09-27", "Ilham Aliyev"),
        ("XKX", "prime minister", "2008-02-17", "Hashim Thaçi"),
        ("NZL", "prime minister", "2019-03-15", "Jacinda Ardern"),
        ("PHL", "president", "2016-07-12", "Rodrigo Duterte"),
    ],
)
def test_office_holder_on_date(country, title, on, expected):
    assert holders(country, title, on) == {expected}


def test_current_holders_have_open_end():
    for country, title, name in [
        ("JOR", "king", "Abdullah II"),
        ("MAR", "king", "Mohammed VI"),
        ("RWA", "president", "Paul Kagame"),
        ("HUN", "prime minister", "Viktor Orbán"),
        ("AZE", "president", "Ilham Aliyev"),
    ]:
        assert name in holders(country, title, "2025-12-31"), (country, title, name)


def test_aliases_include_plain_and_accented_forms():
    by_name = {r["name"]: r["aliases"].split("|") for r in ROWS}
    assert "Suleiman" in by_name["Michel Suleiman"]
    assert "Sleiman" in by_name["Michel Suleiman"]
    assert {"Orban", "Orbán"} <= set(by_name["Viktor Orbán"])
    assert {"Gaddafi", "Qaddafi", "Kadhafi"} <= set(by_name["Muammar Gaddafi"])
    assert "Löfven" in by_name["Stefan Löfven"] and "Lofven" in by_name["Stefan Löfven"]


# -- through the coder -------------------------------------------------------------------

def _actors(text: str, published: str) -> dict[str, str]:
    coded = multipolar.code_text(text, published=published)
    return {a.mention: a.actor for a in coded.actors}


def test_a_lebanese_president_resolves_to_lebanon():
    coded = multipolar.code_text(
        "President Michel Suleiman met the U.S. commander in Beirut.", published="2008-08-06")
    people = {a.name: a.actor for a in coded.actors if a.name}
    assert people.get("Michel Suleiman") == "LBNGOV"
    assert any(e.source_actor == "LBNGOV" and e.cameo_root == "04" for e in coded.events)


def test_a_bare_surname_resolves_by_the_document_date():
    assert _actors("Suleiman criticised Israel on Tuesday.", "2010-03-01")["Suleiman"] == "LBNGOV"
    assert "Suleiman" not in _actors("Suleiman criticised Israel on Tuesday.", "2016-03-01")


def test_jordans_king_and_other_leaders_as_event_sources():
    coded = multipolar.code_text(
        "King Abdullah II met Israeli Prime Minister Benjamin Netanyahu in Amman.",
        published="2018-06-18")
    assert ("JORGOV", "ISRGOV", "04") in {
        (e.source_actor, e.target_actor, e.cameo_root) for e in coded.events}
    assert _actors("Rutte condemned Russia.", "2014-07-18")["Rutte"] == "NLDGOV"
    assert _actors("Kenyan President Mwai Kibaki accused Ethiopia of meddling.",
                   "2007-06-18")["Mwai Kibaki"] == "KENGOV"


def test_the_jordanian_king_by_title():
    coded = multipolar.code_text("The Jordanian king met Israeli officials on Monday.",
                                 published="2012-05-01")
    (event,) = [e for e in coded.events if e.cameo_root == "04"]
    assert (event.source_actor, event.source_name) == ("JORGOV", "Abdullah II")
    assert event.target_country == "ISR"
