"""Checks on the actor knowledge base (src/multipolar/data/actors/*.tsv).

Each file is plain UTF-8 TSV: a header row, '#' comment lines, '|' between the
values of one field. These tests read the files with the csv module only, so
they check the data as a user who extends it would see it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "src/multipolar/data/actors"

HEADERS = {
    "countries.tsv": ["code", "iso2", "name", "names", "adjectives", "combining", "capitals",
                      "metonyms", "region", "valid_from", "valid_to"],
    "metonyms.tsv": ["mention", "actor", "country", "role", "note"],
    "igos.tsv": ["code", "group", "cameo", "name", "names", "type", "members", "founded"],
    "agencies.tsv": ["code", "name", "names", "country", "state_owned", "type"],
    "roles.tsv": ["term", "role", "title", "note"],
}
MULTI = {  # fields that hold '|'-separated values
    "countries.tsv": ["names", "adjectives", "combining", "capitals", "metonyms"],
    "igos.tsv": ["names", "members"],
    "agencies.tsv": ["names"],
    "metonyms.tsv": [],
    "roles.tsv": [],
}
ALIAS_FIELDS = ["name", "names", "adjectives", "combining", "capitals", "metonyms"]

# The 193 UN member states (ISO 3166-1 alpha-3), written out independently of the data.
_UN_MEMBERS_TEXT = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE
"""
UN_MEMBERS = set(_UN_MEMBERS_TEXT.split())
REQUIRED_EXTRA = {"TWN", "XKX", "PSE", "HKG", "VAT", "YUG", "SCG", "SUN", "CSK"}

REGIONS = {
    "Northern Africa", "Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa",
    "Caribbean", "Central America", "South America", "Northern America", "Central Asia",
    "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia", "Eastern Europe",
    "Northern Europe", "Southern Europe", "Western Europe", "Australia and New Zealand",
    "Melanesia", "Micronesia", "Polynesia",
}
ROLES = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "OPP", "REB", "INS", "SEP", "UAF", "MED", "BUS",
         "CVL", "REF", "LAB", "EDU", "HLH", "REL", "ELI", "CRM", "AGR", "ENV", "HRI", "NGO", "IGO",
         "PTY", "DEV"}
GROUPS = {"UNO", "NATO", "EU", "ASEAN", "IGO", "NGO", "WST"}


# --------------------------------------------------------------------------- loading

def read_rows(name: str) -> tuple[list[str], list[dict[str, str]], list[tuple[int, list[str]]]]:
    """(header, rows as dicts with '_line', raw rows with their line numbers)."""
    path = DATA / name
    raw: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        numbered = [(i, line) for i, line in enumerate(fh, 1)
                    if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (lineno, _), fields in zip(numbered, reader, strict=True):
        raw.append((lineno, fields))
    header = raw[0][1]
    rows = []
    for lineno, fields in raw[1:]:
        row = dict(zip(header, fields, strict=False))
        row["_line"] = str(lineno)
        rows.append(row)
    return header, rows, raw


def split(value: str) -> list[str]:
    return value.split("|") if value else []


def norm(alias: str) -> str:
    """The form two aliases are compared in: a leading 'the' is optional, case is kept."""
    return re.sub(r"^[Tt]he\s+", "", alias.strip())


def parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.fixture(scope="module")
def countries() -> dict[str, dict[str, str]]:
    _, rows, _ = read_rows("countries.tsv")
    return {r["code"]: r for r in rows}


@pytest.fixture(scope="module")
def metonyms() -> list[dict[str, str]]:
    return read_rows("metonyms.tsv")[1]


@pytest.fixture(scope="module")
def igos() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_rows("igos.tsv")[1]}


@pytest.fixture(scope="module")
def agencies() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in read_rows("agencies.tsv")[1]}


@pytest.fixture(scope="module")
def roles() -> dict[str, dict[str, str]]:
    return {r["term"]: r for r in read_rows("roles.tsv")[1]}


def alias_index(countries: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for code, row in countries.items():
        for field in ALIAS_FIELDS:
            for alias in split(row[field]):
                index[norm(alias)].add(code)
    return index


def historical_sharing_ok(codes: set[str], countries: dict[str, dict[str, str]]) -> bool:
    """Several entries may share an alias only when the date can decide between them:
    at most one of them is current (no valid_to), and the historical ones' periods
    [valid_from, valid_to) do not overlap."""
    current = [c for c in codes if not countries[c]["valid_to"]]
    if len(current) > 1:
        return False
    spans = sorted((parse_date(countries[c]["valid_from"]) or date.min,
                    parse_date(countries[c]["valid_to"]))
                   for c in codes if countries[c]["valid_to"])
    return all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def resolve(alias: str, countries: dict[str, dict[str, str]], on: date | None = None) -> str | None:
    """The README's rule: the historical entry whose period covers the date, else the current one."""
    codes = alias_index(countries).get(norm(alias), set())
    if on is not None:
        for c in codes:
            row = countries[c]
            start = parse_date(row["valid_from"]) or date.min
            if row["valid_to"] and start <= on < date.fromisoformat(row["valid_to"]):
                return c
    current = [c for c in codes if not countries[c]["valid_to"]]
    return current[0] if current else (sorted(codes)[0] if codes else None)


# --------------------------------------------------------------------------- every file

@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_shape(name):
    header, rows, raw = read_rows(name)
    assert header == HEADERS[name], f"{name}: header {header}"
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.splitlines()[0].split("\t") == HEADERS[name], f"{name}: the header must be line 1"
    assert "\r" not in text, f"{name}: CRLF line endings"
    problems = []
    for lineno, fields in raw[1:]:
        if len(fields) != len(header):
            problems.append(f"line {lineno}: {len(fields)} fields, expected {len(header)}: {fields[:2]}")
            continue
        for col, value in zip(header, fields, strict=True):
            if value != value.strip():
                problems.append(f"line {lineno}: {col} has surrounding spaces: {value!r}")
            if value.startswith('"'):
                problems.append(f"line {lineno}: {col} starts with a quote (breaks default csv quoting)")
            if col in MULTI[name]:
                parts = split(value)
                if any(not p.strip() or p != p.strip() for p in parts):
                    problems.append(f"line {lineno}: {col} has an empty or padded '|' part: {value!r}")
                if len(parts) != len(set(parts)):
                    problems.append(f"line {lineno}: {col} repeats a value: {value!r}")
    assert not problems, "\n".join(problems)
    assert rows, f"{name} has no rows"


# --------------------------------------------------------------------------- countries

def test_country_codes(countries):
    _, rows, _ = read_rows("countries.tsv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate country codes"
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
    assert not bad, f"codes not 3 upper-case letters: {bad}"
    bad2 = [(r["code"], r["iso2"]) for r in rows if not re.fullmatch(r"[A-Z]{2}", r["iso2"])]
    assert not bad2, f"bad iso2: {bad2}"
    missing = (UN_MEMBERS | REQUIRED_EXTRA) - set(codes)
    assert not missing, f"missing states: {sorted(missing)}"
    no_name = [r["code"] for r in rows if not r["name"]]
    assert not no_name


def test_iso2_unique_except_reused_historical_codes(countries):
    by_iso2 = defaultdict(set)
    for code, row in countries.items():
        by_iso2[row["iso2"]].add(code)
    clashes = {k: v for k, v in by_iso2.items() if len(v) > 1 and not historical_sharing_ok(v, countries)}
    assert not clashes, clashes
    assert countries["SCG"]["iso2"] == countries["CSK"]["iso2"] == "CS"  # ISO reused CS


def test_regions_and_dates(countries):
    problems = []
    for code, row in countries.items():
        if row["region"] not in REGIONS:
            problems.append(f"{code}: region {row['region']!r}")
        try:
            start, end = parse_date(row["valid_from"]), parse_date(row["valid_to"])
        except ValueError as exc:
            problems.append(f"{code}: bad date ({exc})")
            continue
        if start and end and not start < end:
            problems.append(f"{code}: valid_from {start} is not before valid_to {end}")
    assert not problems, "\n".join(problems)
    assert countries["SUN"]["valid_to"] == "1991-12-26"
    assert countries["YUG"]["valid_to"] == countries["SCG"]["valid_from"] == "2003-02-04"
    assert countries["CSK"]["valid_to"] == countries["CZE"]["valid_from"] == "1993-01-01"
    current_un = [c for c in UN_MEMBERS if countries[c]["valid_to"]]
    assert not current_un, f"UN members marked as ended: {current_un}"


def test_no_alias_names_two_countries(countries):
    offenders = {alias: sorted(codes) for alias, codes in alias_index(countries).items()
                 if len(codes) > 1 and not historical_sharing_ok(codes, countries)}
    assert not offenders, "aliases that name two countries:\n" + "\n".join(
        f"  {a!r}: {c}" for a, c in sorted(offenders.items()))


def test_key_aliases(countries):
    expect = {
        "U.S.": "USA", "US": "USA", "the United States": "USA", "America": "USA", "American": "USA",
        "Americans": "USA", "Washington": "USA", "the White House": "USA",
        "Britain": "GBR", "UK": "GBR", "U.K.": "GBR", "Great Britain": "GBR", "British": "GBR",
        "Briton": "GBR", "Britons": "GBR", "London": "GBR", "Downing Street": "GBR", "Anglo": "GBR",
        "Russia": "RUS", "Russian Federation": "RUS", "Russian": "RUS", "Russians": "RUS", "Russo": "RUS",
        "China": "CHN", "Chinese": "CHN", "Beijing": "CHN", "Peking": "CHN", "Sino": "CHN",
        "Japan": "JPN", "Japanese": "JPN", "Tokyo": "JPN",
        "France": "FRA", "French": "FRA", "Franco": "FRA", "Paris": "FRA",
        "India": "IND", "Indo": "IND", "Pakistani": "PAK", "Turco": "TUR", "Greco": "GRC",
        "Israeli": "ISR", "Palestinian": "PSE", "Palestinians": "PSE",
        "Kyiv": "UKR", "Kiev": "UKR", "Ukrainian": "UKR", "Germany": "DEU", "German": "DEU",
        "Yugoslavia": "YUG", "Yugoslav": "YUG", "Soviet Union": "SUN", "USSR": "SUN", "Soviet": "SUN",
        "Czechoslovakia": "CSK", "Serbia and Montenegro": "SCG", "Serbia": "SRB", "Kosovo": "XKX",
        "Taiwan": "TWN", "Hong Kong": "HKG", "Holy See": "VAT", "Vatican": "VAT",
        "Georgia": "GEO", "Congo": "COD", "Republic of the Congo": "COG", "Brazzaville": "COG",
        "Democratic Republic of the Congo": "COD", "North Korea": "PRK", "South Korea": "KOR",
        "Burma": "MMR", "Ivory Coast": "CIV", "Côte d'Ivoire": "CIV", "Türkiye": "TUR",
    }
    wrong = {a: (resolve(a, countries), c) for a, c in expect.items() if resolve(a, countries) != c}
    assert not wrong, f"alias -> (got, expected): {wrong}"


def test_shared_aliases_resolve_by_date(countries):
    assert resolve("Moscow", countries, date(1985, 3, 11)) == "SUN"
    assert resolve("Moscow", countries, date(1999, 7, 27)) == "RUS"
    assert resolve("the Kremlin", countries, date(1999, 7, 27)) == "RUS"
    assert resolve("Belgrade", countries, date(1999, 3, 24)) == "YUG"
    assert resolve("Belgrade", countries, date(2004, 1, 1)) == "SCG"
    assert resolve("Belgrade", countries, date(2010, 1, 1)) == "SRB"
    assert resolve("Prague", countries, date(1968, 8, 21)) == "CSK"
    assert resolve("Prague", countries, date(2000, 1, 1)) == "CZE"
    assert resolve("Belgrade", countries) == "SRB"  # undated: the current state


def test_compound_parts_are_known(countries):
    """Every part of the compounds the coder must split resolves to the intended states."""
    cases = {
        "Russian-U.S.": ("RUS", "USA"), "Japanese-U.S.": ("JPN", "USA"),
        "Chinese-Russian": ("CHN", "RUS"), "Sino-Russian": ("CHN", "RUS"),
        "Indo-Pakistani": ("IND", "PAK"), "Franco-German": ("FRA", "DEU"),
        "Anglo-American": ("GBR", "USA"), "Israeli-Palestinian": ("ISR", "PSE"),
        "Sino-Japanese": ("CHN", "JPN"), "Russo-Georgian": ("RUS", "GEO"),
        "Greco-Turkish": ("GRC", "TUR"), "Turco-Armenian": ("TUR", "ARM"),
    }
    for compound, expected in cases.items():
        left, right = compound.split("-", 1)
        got = (resolve(left, countries), resolve(right, countries))
        assert got == expected, f"{compound}: {got}"
    combining = {c for row in countries.values() for c in split(row["combining"])}
    assert {"Sino", "Franco", "Anglo", "Indo", "Russo", "Turco", "Greco"} <= combining
    assert "Japano" not in combining


def test_every_un_member_has_adjective_or_note(countries):
    """Every state but Dominica (whose 'Dominican' is given to the Dominican Republic,
    as the file's comment says) and the city-states has an adjective."""
    exempt = {"DMA", "COG", "SCG", "SGP"}
    missing = [c for c in UN_MEMBERS - exempt if not countries[c]["adjectives"]]
    assert not missing, missing
    no_capital = [c for c in UN_MEMBERS if not countries[c]["capitals"]]
    assert set(no_capital) <= {"SYC", "SGP", "MCO"}, no_capital


# --------------------------------------------------------------------------- metonyms

def test_metonyms(countries, metonyms):
    problems = []
    by_mention = defaultdict(set)
    for row in metonyms:
        where = f"line {row['_line']} {row['mention']!r}"
        if row["country"] not in countries:
            problems.append(f"{where}: unknown country {row['country']}")
            continue
        if row["role"] not in ROLES:
            problems.append(f"{where}: unknown role {row['role']}")
        if row["actor"] != row["country"] + row["role"]:
            problems.append(f"{where}: actor {row['actor']} != country + role")
        if row["mention"] != row["mention"].strip() or not row["mention"]:
            problems.append(f"{where}: empty or padded mention")
        by_mention[norm(row["mention"])].add(row["country"])
    for mention, codes in by_mention.items():
        if len(codes) > 1 and not historical_sharing_ok(codes, countries):
            problems.append(f"{mention!r} names several countries: {sorted(codes)}")
    assert not problems, "\n".join(problems)
    assert len(metonyms) >= 80
    assert len({r["country"] for r in metonyms}) >= 25


def test_metonyms_agree_with_countries(countries, metonyms):
    """A government metonym in countries.tsv is also in metonyms.tsv (as GOV of the same
    state), and no metonym is another state's name or capital."""
    table = defaultdict(set)
    for row in metonyms:
        table[norm(row["mention"])].add((row["country"], row["role"]))
    missing = [(code, m) for code, row in countries.items() for m in split(row["metonyms"])
               if (code, "GOV") not in table.get(norm(m), set())]
    assert not missing, f"countries.tsv metonyms absent from metonyms.tsv: {missing}"
    index = alias_index(countries)
    clashes = [(m, sorted(index[m]), sorted(c for c, _ in pairs)) for m, pairs in table.items()
               if m in index and not index[m] & {c for c, _ in pairs}]
    assert not clashes, clashes


def test_key_metonyms(metonyms):
    actor = {}
    for row in metonyms:
        if row["country"] not in {"SUN"}:
            actor[norm(row["mention"])] = row["actor"]
    expect = {"Kremlin": "RUSGOV", "White House": "USAGOV", "Pentagon": "USAMIL",
              "State Department": "USAGOV", "Foggy Bottom": "USAGOV", "Capitol Hill": "USALEG",
              "Congress": "USALEG", "Downing Street": "GBRGOV", "Whitehall": "GBRGOV",
              "Elysee": "FRAGOV", "Élysée": "FRAGOV", "Quai d'Orsay": "FRAGOV", "Zhongnanhai": "CHNGOV",
              "Knesset": "ISRLEG", "Duma": "RUSLEG", "State Duma": "RUSLEG", "Bundestag": "DEULEG",
              "Blue House": "KORGOV"}
    wrong = {m: (actor.get(m), a) for m, a in expect.items() if actor.get(m) != a}
    assert not wrong, f"mention -> (got, expected): {wrong}"


# --------------------------------------------------------------------------- IGOs

def map_igo(code: str) -> str:
    """The gold converter's rule (reference/convert_to_gold.py), restated."""
    parts = [code[i:i + 3] for i in range(3, len(code), 3)]
    if parts[:1] == ["UNO"]:
        return "UNO"
    if "NAT" in parts:
        return "NATO"
    if "EEC" in parts:
        return "EU"
    if "ASN" in parts:
        return "ASEAN"
    return "IGO"


def test_igos(countries, igos):
    _, rows, _ = read_rows("igos.tsv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate IGO codes"
    problems = []
    names = defaultdict(set)
    for code, row in igos.items():
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", code):
            problems.append(f"{code}: code is not upper-case letters/digits/_")
        if code in countries:
            problems.append(f"{code}: IGO code equals a country code")
        if row["group"] not in GROUPS:
            problems.append(f"{code}: group {row['group']}")
        if row["type"] not in {"IGO", "NGO", "BLOC"}:
            problems.append(f"{code}: type {row['type']}")
        if row["type"] == "NGO" and row["group"] != "NGO":
            problems.append(f"{code}: an NGO must have group NGO")
        if row["type"] == "IGO" and row["group"] in {"NGO", "WST"}:
            problems.append(f"{code}: an IGO with group {row['group']}")
        cameo = row["cameo"]
        if cameo:
            if not re.fullmatch(r"(IGO|NGO)([A-Z]{3})*|WST", cameo):
                problems.append(f"{code}: cameo {cameo!r} is not IGO/NGO + 3-letter parts")
            elif cameo.startswith("IGO") and map_igo(cameo) != row["group"]:
                problems.append(f"{code}: group {row['group']} but cameo {cameo} maps to {map_igo(cameo)}")
            elif cameo.startswith("NGO") and row["group"] != "NGO":
                problems.append(f"{code}: cameo {cameo} is an NGO code")
        if row["type"] != "BLOC" and not re.fullmatch(r"1[89]\d\d|20[0-2]\d", row["founded"]):
            problems.append(f"{code}: founded {row['founded']!r} is not a year")
        unknown = [m for m in split(row["members"]) if m not in countries]
        if unknown:
            problems.append(f"{code}: unknown members {unknown}")
        if not row["names"]:
            problems.append(f"{code}: no names")
        for alias in split(row["names"]) + [row["name"]]:
            names[norm(alias)].add(code)
    for alias, owners in names.items():
        if len(owners) > 1:
            problems.append(f"alias {alias!r} names several organisations: {sorted(owners)}")
    assert not problems, "\n".join(problems)


def test_igo_aliases_do_not_name_states(countries, igos):
    index = alias_index(countries)
    clashes = {a: sorted(index[norm(a)]) for row in igos.values() for a in split(row["names"])
               if norm(a) in index}
    assert not clashes, clashes


def test_key_igos(igos):
    by_alias = {norm(a): code for code, row in igos.items() for a in split(row["names"])}
    for alias, group in {"NATO": "NATO", "United Nations": "UNO", "UN": "UNO", "U.N.": "UNO",
                         "UN Security Council": "UNO", "Security Council": "UNO", "IAEA": "UNO",
                         "UNHCR": "UNO", "EU": "EU", "European Union": "EU", "European Community": "EU",
                         "European Commission": "EU", "ASEAN": "ASEAN", "ASEAN forum": "ASEAN",
                         "OSCE": "IGO", "Council of Europe": "IGO", "Arab League": "IGO",
                         "Interpol": "IGO", "APEC": "IGO", "Red Cross": "NGO", "Red Crescent": "NGO",
                         "Amnesty International": "NGO", "Human Rights Watch": "NGO",
                         "West": "WST", "Western": "WST"}.items():
        assert alias in by_alias, f"{alias!r} is not an IGO alias"
        assert igos[by_alias[alias]]["group"] == group, f"{alias}: {igos[by_alias[alias]]['group']}"
    required = ["UNO", "UNSC", "NATO", "EU", "ASEAN", "OSCE", "AU", "OAS", "IAEA", "WTO", "IMF", "WB",
                "G7", "G8", "G20", "SCO", "BRICS", "CIS", "ARF", "APEC", "OPEC", "GCC", "ARL", "OIC",
                "ECOWAS", "SADC", "MERCOSUR", "CSTO", "EAEU", "ICC", "ICJ", "WHO", "UNHCR", "UNICEF",
                "WFP", "UNESCO", "COE", "NONALIGNED", "QUAD", "AUKUS", "IGAD", "EAC", "CARICOM", "UNASUR",
                "CELAC", "PIF", "INTERPOL", "ICRC", "AMNESTY", "HRW", "MSF"]
    missing = [c for c in required if c not in igos]
    assert not missing, missing
    for ngo in ["ICRC", "AMNESTY", "HRW", "MSF"]:
        assert igos[ngo]["type"] == "NGO"


def test_igo_memberships(igos):
    members = {code: set(split(row["members"])) for code, row in igos.items()}
    for code in ["NATO", "EU", "ASEAN", "SCO", "BRICS", "G7", "G20", "CSTO", "GCC", "AU"]:
        assert members[code], f"{code} has no members"
    assert len(members["NATO"]) == 32
    assert len(members["EU"]) == 27
    assert members["G7"] == {"USA", "JPN", "DEU", "GBR", "FRA", "ITA", "CAN"}
    assert members["G8"] == members["G7"] | {"RUS"}
    assert len(members["G20"]) == 19  # plus the EU and the AU, which are not states
    assert members["GCC"] == {"SAU", "ARE", "KWT", "QAT", "BHR", "OMN"}
    assert members["CSTO"] == {"RUS", "BLR", "ARM", "KAZ", "KGZ", "TJK"}
    assert {"BRA", "RUS", "IND", "CHN", "ZAF"} <= members["BRICS"]
    assert {"CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK"} <= members["SCO"]
    assert len(members["AU"]) == 55 and "ESH" in members["AU"] and "MAR" in members["AU"]
    assert members["UNO"] == UN_MEMBERS
    assert members["UNSC"] == {"CHN", "FRA", "RUS", "GBR", "USA"}
    assert {"USA", "TUR", "FIN", "SWE"} <= members["NATO"] and "RUS" not in members["NATO"]
    assert "GBR" not in members["EU"] and "HRV" in members["EU"]
    assert members["EU"] <= members["COE"] and "RUS" not in members["COE"]
    assert {"IDN", "VNM", "MMR"} <= members["ASEAN"]


# --------------------------------------------------------------------------- agencies

def test_agencies(countries, agencies):
    _, rows, _ = read_rows("agencies.tsv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate agency codes"
    problems = []
    names = defaultdict(set)
    for code, row in agencies.items():
        if row["country"] not in countries:
            problems.append(f"{code}: unknown country {row['country']}")
        if row["state_owned"] not in {"yes", "no"}:
            problems.append(f"{code}: state_owned {row['state_owned']!r}")
        if row["type"] not in {"agency", "newspaper", "magazine", "broadcaster", "website"}:
            problems.append(f"{code}: type {row['type']!r}")
        aliases = split(row["names"])
        if code not in aliases and row["name"] not in aliases:
            problems.append(f"{code}: neither the code nor the name is among its names")
        for alias in aliases:
            names[alias].add(code)
    for alias, owners in names.items():
        if len(owners) > 1:
            problems.append(f"name {alias!r} used by several outlets: {sorted(owners)}")
    assert not problems, "\n".join(problems)
    assert len(agencies) >= 80


def test_key_agencies(agencies):
    by_name = {a: code for code, row in agencies.items() for a in split(row["names"])}
    expect = {"AP": "AP", "Associated Press": "AP", "The Associated Press": "AP", "Kyodo": "Kyodo",
              "Itar-Tass": "Itar-Tass", "ITAR-TASS": "Itar-Tass", "TASS": "Itar-Tass",
              "Xinhua": "Xinhua", "New China News Agency": "Xinhua", "Reuters": "Reuters",
              "AFP": "AFP", "Interfax": "Interfax", "RIA Novosti": "RIA Novosti", "Yonhap": "Yonhap",
              "KCNA": "KCNA", "IRNA": "IRNA", "Anadolu": "Anadolu", "dpa": "dpa", "PTI": "PTI",
              "Al Jazeera": "Al Jazeera", "BBC": "BBC", "RFE/RL": "RFE/RL", "VOA": "VOA"}
    wrong = {n: (by_name.get(n), c) for n, c in expect.items() if by_name.get(n) != c}
    assert not wrong, f"name -> (got, expected): {wrong}"
    assert agencies["Xinhua"]["country"] == "CHN" and agencies["Xinhua"]["state_owned"] == "yes"
    assert agencies["Itar-Tass"]["country"] == "RUS" and agencies["Kyodo"]["country"] == "JPN"
    assert agencies["AP"]["state_owned"] == "no"


# --------------------------------------------------------------------------- roles

def test_roles(roles):
    _, rows, _ = read_rows("roles.tsv")
    terms = [r["term"] for r in rows]
    dupes = sorted({t for t in terms if terms.count(t) > 1})
    assert not dupes, f"duplicate terms: {dupes}"
    problems = []
    for term, row in roles.items():
        if term != term.lower() or term != " ".join(term.split()):
            problems.append(f"{term!r}: not lower case / single-spaced")
        if row["role"] not in ROLES:
            problems.append(f"{term!r}: role {row['role']!r}")
        if row["title"] not in {"yes", "no"}:
            problems.append(f"{term!r}: title {row['title']!r}")
    assert not problems, "\n".join(problems)
    assert len(roles) >= 150
    expect = {"foreign minister": "GOV", "minister": "GOV", "president": "GOV",
              "prime minister": "GOV", "premier": "GOV", "chancellor": "GOV", "government": "GOV",
              "officials": "GOV", "diplomat": "GOV", "ambassador": "GOV", "spokesman": "GOV",
              "troops": "MIL", "soldiers": "MIL", "army": "MIL", "navy": "MIL", "air force": "MIL",
              "armed forces": "MIL", "defence ministry": "MIL", "defense ministry": "MIL",
              "general": "MIL", "police": "COP", "rebels": "REB", "insurgents": "REB",
              "separatists": "REB", "opposition": "OPP", "parliament": "LEG", "lawmakers": "LEG",
              "senator": "LEG", "court": "JUD", "judge": "JUD", "prosecutors": "JUD",
              "state media": "MED", "newspaper": "MED", "daily": "MED", "company": "BUS",
              "businessmen": "BUS", "students": "EDU", "protesters": "OPP", "refugees": "REF",
              "civilians": "CVL", "embassy": "GOV", "ruling party": "GOV", "cabinet": "GOV"}
    wrong = {t: (roles.get(t, {}).get("role"), r) for t, r in expect.items()
             if roles.get(t, {}).get("role") != r}
    assert not wrong, f"term -> (got, expected): {wrong}"
    for title in ["foreign minister", "president", "prime minister", "general", "senator"]:
        assert roles[title]["title"] == "yes", title
    for plain in ["troops", "officials", "government"]:
        assert roles[plain]["title"] == "no", plain


def test_readme_documents_every_file_and_column():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for name, header in HEADERS.items():
        assert name in readme, f"README does not mention {name}"
        missing = [col for col in header if f"`{col}`" not in readme]
        assert not missing, f"README does not document {name} columns {missing}"
    assert "--actors" in readme
