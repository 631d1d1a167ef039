"""Checks on groups.tsv: non-state actors (armed groups, parties, movements) and their codes.

groups.tsv has the columns of metonyms.tsv. A group with a home state is coded by that state
(FORMAT.md: Hamas -> PSE, the PKK -> TUR), so `actor` is country + role; a transnational group
with no clear home state (al-Qaeda, the Islamic State) has `actor` IMG and an empty country.
The file is read with the csv module only, as a user extending it would read it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "src/multipolar/data/actors"
HEADER = ["mention", "actor", "country", "role", "note"]

# Roles a group may have. The CAMEO roles the brief for this file allows, plus LAB (trade unions:
# Solidarity, COSATU) and CRM (cartels and gangs: the Sinaloa Cartel, MS-13), both in roles.tsv.
ROLES = {"REB", "OPP", "GOV", "MIL", "PTY", "CVL", "IGO", "NGO", "MED", "BUS", "REL", "JUD", "LEG",
         "COP", "SPY", "LAB", "CRM"}
# Actor codes of groups without a home state: CAMEO's international militarized group (IMG),
# and NGO for a transnational non-governmental one.
STATELESS = {"IMG", "NGO"}


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    return [dict(zip(header, fields, strict=True)) for fields in reader]


def header(name: str) -> list[str]:
    with (DATA / name).open(encoding="utf-8") as fh:
        first = next(line for line in fh if line.strip() and not line.startswith("#"))
    return first.rstrip("\n").split("\t")


def norm(alias: str) -> str:
    """The form in which the matcher compares names: a leading 'the' is optional, case is kept."""
    return re.sub(r"^[Tt]he\s+", "", alias.strip())


def split(value: str) -> list[str]:
    return value.split("|") if value else []


@pytest.fixture(scope="module")
def groups() -> list[dict[str, str]]:
    return read("groups.tsv")


@pytest.fixture(scope="module")
def country_codes() -> set[str]:
    return {r["code"] for r in read("countries.tsv")}


def taken_names() -> dict[str, str]:
    """Every name another actor file already gives to an entry: what it names."""
    taken: dict[str, str] = {}
    for row in read("countries.tsv"):
        for field in ("name", "names", "adjectives", "combining", "capitals", "metonyms"):
            for alias in split(row[field]):
                taken[norm(alias)] = f"countries.tsv {row['code']}"
    for row in read("igos.tsv"):
        for alias in [row["name"], row["code"], *split(row["names"])]:
            taken[norm(alias)] = f"igos.tsv {row['code']}"
    for row in read("metonyms.tsv"):
        taken[norm(row["mention"])] = f"metonyms.tsv {row['actor']}"
    # Agency names are removed from the coder's mention index, so a group sharing one would
    # never be found ("PTI" is the Press Trust of India, not Pakistan Tehreek-e-Insaf).
    for row in read("agencies.tsv"):
        for alias in [row["code"], row["name"], *split(row["names"])]:
            taken[norm(alias)] = f"agencies.tsv {row['code']}"
    return taken


def test_header():
    assert header("groups.tsv") == HEADER


def test_rows(groups, country_codes):
    problems = []
    for row in groups:
        where = repr(row["mention"])
        mention = row["mention"]
        if not mention or mention != mention.strip() or "|" in mention:
            problems.append(f"{where}: empty, padded or '|' in mention")
        if row["role"] not in ROLES:
            problems.append(f"{where}: role {row['role']!r} not in {sorted(ROLES)}")
        if row["country"]:
            if row["country"] not in country_codes:
                problems.append(f"{where}: unknown country {row['country']}")
            if row["actor"] != row["country"] + row["role"]:
                problems.append(f"{where}: actor {row['actor']} != country + role")
        else:
            if row["actor"] not in STATELESS:
                problems.append(f"{where}: no country, so actor must be one of {sorted(STATELESS)}")
            if row["actor"] == "IMG" and row["role"] != "REB":
                problems.append(f"{where}: IMG groups are armed groups (REB)")
        if row["note"].startswith('"') or "\t" in row["note"]:
            problems.append(f"{where}: note starts with a quote or holds a tab")
    assert not problems, "\n".join(problems)
    assert 300 <= len(groups) <= 500
    assert len({r["country"] for r in groups if r["country"]}) >= 60


def test_mentions_unique(groups):
    counts = Counter(norm(r["mention"]) for r in groups)
    assert not [m for m, n in counts.items() if n > 1]


def test_no_collision_with_other_actor_files(groups):
    taken = taken_names()
    clashes = [(r["mention"], taken[norm(r["mention"])]) for r in groups
               if norm(r["mention"]) in taken]
    assert not clashes, clashes


def test_no_collision_with_role_terms(groups):
    terms = {r["term"].lower() for r in read("roles.tsv")}
    assert not [r["mention"] for r in groups if norm(r["mention"]).lower() in terms]


def test_key_groups(groups):
    actor = {norm(r["mention"]): r["actor"] for r in groups}
    expect = {
        "Hamas": "PSEREB", "Islamic Jihad": "PSEREB", "Fatah": "PSEGOV", "PLO": "PSEGOV",
        "Hezbollah": "LBNREB", "Taliban": "AFGREB", "PKK": "TURREB",
        "Kurdistan Workers' Party": "TURREB", "UNITA": "AGOREB", "FARC": "COLREB",
        "al-Qaeda": "IMG", "Islamic State": "IMG", "ISIS": "IMG", "Daesh": "IMG",
        "AQAP": "YEMREB", "ISWAP": "NGAREB", "Houthis": "YEMREB", "al-Shabaab": "SOMREB",
        "Boko Haram": "NGAREB", "Haqqani network": "AFGREB", "YPG": "SYRREB",
        "Syrian Democratic Forces": "SYRREB", "Free Syrian Army": "SYRREB", "HTS": "SYRREB",
        "MPLA": "AGOGOV", "RENAMO": "MOZREB", "ELN": "COLREB", "Shining Path": "PERREB",
        "KLA": "SRBREB", "LTTE": "LKAREB", "Lashkar-e-Taiba": "PAKREB",
        "Muslim Brotherhood": "EGYOPP", "Rapid Support Forces": "SDNREB", "SPLA": "SDNREB",
        "M23": "CODREB", "LRA": "UGAREB", "RUF": "SLEREB", "Polisario Front": "ESHREB",
        "ETA": "ESPREB", "IRA": "GBRREB", "Wagner Group": "RUSMIL",
        "Donetsk People's Republic": "UKRREB", "Abu Sayyaf": "PHLREB", "MILF": "PHLREB",
        "Jemaah Islamiyah": "IDNREB", "Arakan Army": "MMRREB", "Tatmadaw": "MMRMIL",
        "NLD": "MMROPP", "ANC": "ZAFGOV", "ZANU-PF": "ZWEGOV", "MDC": "ZWEOPP",
        "Peshmerga": "IRQMIL", "Kurdistan Regional Government": "IRQGOV", "MEK": "IRNREB",
    }
    wrong = {m: (actor.get(m), a) for m, a in expect.items() if actor.get(m) != a}
    assert not wrong, f"mention -> (got, expected): {wrong}"


def test_ambiguous_names_left_out(groups):
    """Bare names that belong to several groups, or to other entries, are not listed."""
    mentions = {norm(r["mention"]) for r in groups}
    for name in ["IS", "SDF", "RSF", "PTI", "Communist Party", "National Liberation Army",
                 "Jamaat-e-Islami", "Congress", "Azov"]:
        assert name not in mentions, name


def test_coder_reads_groups():
    """The packaged knowledge base loads groups.tsv with the dyad-level (primary) codes."""
    from multipolar.coder import knowledge

    kb = knowledge.load()
    primary = {name: {e.actor.primary for e in kb.names[name]}
               for name in ["Hamas", "Taliban", "PKK", "al-Qaeda", "Islamic State", "UNITA"]}
    assert primary == {"Hamas": {"PSE"}, "Taliban": {"AFG"}, "PKK": {"TUR"},
                       "al-Qaeda": {"IMG"}, "Islamic State": {"IMG"}, "UNITA": {"AGO"}}


def test_readme_documents_groups():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "## groups.tsv" in readme
    assert "`IMG`" in readme
