"""The actor knowledge base: states, organisations, metonyms, people, roles, agencies.

Everything is read from the TSV files under `multipolar/data/` (and users' own
files with the same columns, or PETRARCH/Phoenix actor dictionaries), so a
political scientist can inspect and extend it without touching code. The files'
hashes make the `dictionary_version` recorded on every coded row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

DATA = Path(str(resources.files("multipolar") / "data"))
# FORMAT.md's group codes for organisations; everything else is "IGO".
WEST = "WST"


@dataclass(frozen=True, slots=True)
class Actor:
    """What a mention denotes. `primary` is the dyad-level code (ISO3 or group code)."""

    code: str  # full CAMEO-style code: RUSGOV, USAMIL, NATO, UNO, WST
    primary: str  # RUS, USA, NATO, UNO, EU, ASEAN, IGO, NGO, WST
    country: str | None
    role: str | None
    name: str | None  # person's or state's name
    kind: str  # state | igo | person | group

    def with_role(self, role: str | None) -> Actor:
        if not role or self.kind not in ("state", "group") or self.role == role:
            return self
        base = self.country or self.primary
        return Actor(f"{base}{role}", self.primary, self.country, role, self.name, self.kind)


@dataclass(frozen=True, slots=True)
class Office:
    """A person's time-bounded role (PETRARCH's dated actor entries, as rows)."""

    name: str
    actor: str
    country: str
    role: str
    title: str
    start: dt.date
    end: dt.date | None

    def active(self, when: dt.date | None) -> bool:
        if when is None:
            return True
        return self.start <= when and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One way of naming an actor, with the dates it is valid for."""

    actor: Actor
    kind: str  # name | adjective | capital | metonym | combining | igo | person | group
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid(self, when: dt.date | None) -> bool:
        if when is None:
            return True
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or when <= self.valid_to
        )


def _date(text: str | None) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a TSV knowledge file; '#' lines are comments."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k.strip(): (v or "").strip() for k, v in row.items() if k}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _strip_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


@dataclass
class KnowledgeBase:
    """Lookup tables built from the data files. Build once per process (`load`)."""

    names: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    offices: dict[str, list[Office]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, tuple[str, bool]] = field(default_factory=dict)  # term -> (role, is_title)
    agencies: set[str] = field(default_factory=set)  # surface names of news agencies
    places: set[str] = field(default_factory=set)  # names that contain a state's but name none
    groups: dict[str, str] = field(default_factory=dict)  # IGO code -> group code
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> name
    titles_by_country: dict[tuple[str, str], list[Office]] = field(
        default_factory=lambda: defaultdict(list))
    sources: list[Path] = field(default_factory=list)
    agency_files: list[Path] = field(default_factory=list)  # users' agency tables
    _overriding: set[str] | None = None  # names a user file has redefined, while loading it

    # -- building -------------------------------------------------------------
    def add_name(self, surface: str, entry: Entry) -> None:
        surface = _strip_the(surface.strip())
        if not surface:
            return
        if self._overriding is not None and surface not in self._overriding:
            # A user's row for a name the package has replaces the packaged meaning.
            self._overriding.add(surface)
            self.names.pop(surface, None)
        if entry not in self.names[surface]:
            self.names[surface].append(entry)

    def load_countries(self, path: Path) -> None:
        for row in read_tsv(path):
            code = row["code"]
            name = row.get("name") or code
            self.countries[code] = name
            frm, to = _date(row.get("valid_from")), _date(row.get("valid_to"))
            state = Actor(code, code, code, None, name, "state")
            gov = Actor(f"{code}GOV", code, code, "GOV", name, "state")
            for surface in [name, *_split(row.get("names", ""))]:
                self.add_name(surface, Entry(state, "name", frm, to))
            for surface in _split(row.get("adjectives", "")):
                self.add_name(surface, Entry(state, "adjective", frm, to))
            for surface in _split(row.get("combining", "")):
                self.add_name(surface, Entry(state, "combining", frm, to))
            for surface in _split(row.get("capitals", "")):
                self.add_name(surface, Entry(gov, "capital", frm, to))
            for surface in _split(row.get("metonyms", "")):
                self.add_name(surface, Entry(gov, "metonym", frm, to))

    def load_metonyms(self, path: Path, kind: str = "metonym") -> None:
        for row in read_tsv(path):
            country, role = row.get("country") or None, row.get("role") or None
            actor = Actor(row["actor"], country or row["actor"], country, role,
                          self.countries.get(country or "", None), "state")
            for surface in _split(row["mention"]):
                self.add_name(surface, Entry(actor, kind, _date(row.get("valid_from")),
                                             _date(row.get("valid_to"))))

    def load_igos(self, path: Path) -> None:
        for row in read_tsv(path):
            code = row["code"]
            group = row.get("group") or "IGO"
            self.groups[code] = group
            kind = "igo"
            actor = Actor(code, group, None, row.get("type") or "IGO", row.get("name") or code,
                          kind)
            for surface in [row.get("name", ""), *_split(row.get("names", ""))]:
                self.add_name(surface, Entry(actor, "igo"))

    def load_people(self, path: Path) -> None:
        for row in read_tsv(path):
            start = _date(row.get("start"))
            if start is None or not row.get("name"):
                continue
            office = Office(row["name"], row["actor"], row["country"], row["role"],
                            row.get("title", "").lower(), start, _date(row.get("end")))
            for surface in {row["name"], *_split(row.get("aliases", ""))}:
                self.offices[surface].append(office)
            self.titles_by_country[(office.country, office.title)].append(office)

    def load_roles(self, path: Path) -> None:
        for row in read_tsv(path):
            for term in _split(row["term"]):
                self.roles[term.lower()] = (row["role"], row.get("title", "").lower() == "yes")

    def load_places(self, path: Path) -> None:
        for row in read_tsv(path):
            if row.get("mention"):
                self.places.add(_strip_the(row["mention"]))

    def load_agencies(self, path: Path) -> None:
        for row in read_tsv(path):
            names = [row.get("name", ""), row.get("code", ""), *_split(row.get("names", ""))]
            for surface in names:
                if surface:
                    self.agencies.add(_strip_the(surface))

    def load_petrarch(self, path: Path) -> None:
        """A PETRARCH/Phoenix actor dictionary: an entry line `NAME_`, synonym lines
        `+ALIAS_`, and code lines, on the entry line or indented below it, plain
        (`[RUS]`) or dated (`[RUSGOV 030101-030930]`, `[RUSGOV >19980911-<20040309]`)."""
        phrases: list[str] = []
        codes: list[tuple[str, dt.date | None, dt.date | None]] = []

        def flush() -> None:
            for code, frm, to in codes:
                self._add_petrarch(phrases, code, frm, to)

        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].rstrip()
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("["):
                codes.extend(_petrarch_codes(stripped))
            elif stripped.startswith("+"):
                phrases.append(stripped[1:].split("[", 1)[0].strip())
                codes.extend(_petrarch_codes(stripped))
            else:
                flush()
                phrases = [stripped.split("[", 1)[0].strip()]
                codes = _petrarch_codes(stripped)
        flush()

    def _add_petrarch(self, phrases: list[str], code: str, frm: dt.date | None,
                      to: dt.date | None) -> None:
        actor = petrarch_actor(code, self.groups)
        for phrase in phrases:
            words = re.sub(r"\s+", " ", phrase.replace("_", " ")).strip().split(" ")
            surface = " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w.capitalize()
                               for i, w in enumerate(words) if w)
            if len(surface) >= 2:
                self.add_name(surface, Entry(actor, "person" if frm or to else "name", frm, to))

    # -- lookups --------------------------------------------------------------
    def entries(self, surface: str, when: dt.date | None) -> list[Entry]:
        return [e for e in self.names.get(surface, ()) if e.valid(when)]

    def people(self, surface: str, when: dt.date | None) -> list[Office]:
        return [o for o in self.offices.get(surface, ()) if o.active(when)]

    def office_holder(self, country: str, title: str, when: dt.date | None) -> Office | None:
        """Who held a title in a country on a date ("the Russian foreign minister")."""
        found = [o for o in self.titles_by_country.get((country, title), ()) if o.active(when)]
        return found[0] if len(found) == 1 else None

    def primary(self, code: str) -> str:
        if code in self.groups:
            return self.groups[code]
        if code[:3] in self.countries:
            return code[:3]
        return code

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.sources):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()[:10]


_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "al", "bin"}
_PETR_CODE = re.compile(r"\[([A-Z]{3,}[A-Z0-9]*)(?:\s+([<>]?\d{6,8})?-?(<?\d{6,8})?)?\]")


def _petrarch_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    digits = text.strip("<>")
    try:
        if len(digits) == 8:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        year = int(digits[:2])
        return dt.date(year + (1900 if year > 40 else 2000), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


def _petrarch_codes(line: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    out = []
    for m in _PETR_CODE.finditer(line):
        code, first, second = m.group(1), m.group(2), m.group(3)
        frm = to = None
        if first and first.startswith("<"):
            to = _petrarch_date(first)
        elif first:
            frm = _petrarch_date(first)
        if second:
            to = _petrarch_date(second)
        out.append((code, frm, to))
    return out


def petrarch_actor(code: str, groups: dict[str, str]) -> Actor:
    """A CAMEO actor code (RUSGOV, IGOUNO, IGOWSTNAT) as an `Actor`."""
    if code.startswith("IGO"):
        parts = [code[i:i + 3] for i in range(3, len(code), 3)]
        group = "IGO"
        if parts[:1] == ["UNO"]:
            group = "UNO"
        elif "NAT" in parts:
            group = "NATO"
        elif "EEC" in parts:
            group = "EU"
        elif "ASN" in parts:
            group = "ASEAN"
        return Actor(group if group != "IGO" else code, group, None, "IGO", None, "igo")
    country, role = code[:3], (code[3:6] or None)
    return Actor(code, country, country, role, None, "state")


def load(extra: Iterable[Path] = ()) -> KnowledgeBase:
    """The packaged knowledge plus the user's files (TSV by columns, or PETRARCH format)."""
    kb = KnowledgeBase()
    actors = DATA / "actors"
    steps = [("countries.tsv", kb.load_countries), ("igos.tsv", kb.load_igos),
             ("metonyms.tsv", kb.load_metonyms), ("roles.tsv", kb.load_roles),
             ("groups.tsv", lambda p: kb.load_metonyms(p, kind="group")),
             ("places.tsv", kb.load_places),
             ("agencies.tsv", kb.load_agencies)]
    for name, loader in steps:
        path = actors / name
        if path.exists():
            loader(path)
            kb.sources.append(path)
    people = DATA / "people"
    for path in sorted(people.glob("*.tsv")) if people.is_dir() else []:
        kb.load_people(path)
        kb.sources.append(path)
    for path in extra:
        load_user_file(kb, Path(path))
    return kb


def load_user_file(kb: KnowledgeBase, path: Path) -> None:
    """A user's file: its header says which kind (countries, people, metonyms, igos, roles),
    and a file without a TSV header is read as a PETRARCH/Phoenix dictionary."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        first = next((line for line in fh if line.strip() and not line.startswith("#")), "")
    header = set(first.rstrip("\n").split("\t"))
    kb._overriding = set()
    try:
        _load_by_header(kb, path, header)
    finally:
        kb._overriding = None
    kb.sources.append(path)


def _load_by_header(kb: KnowledgeBase, path: Path, header: set[str]) -> None:
    if {"code", "name", "names", "state_owned"} <= header:
        kb.load_agencies(path)
        kb.agency_files.append(path)
    elif {"code", "adjectives"} <= header:
        kb.load_countries(path)
    elif {"name", "actor", "start"} <= header:
        kb.load_people(path)
    elif {"mention", "actor"} <= header:
        kb.load_metonyms(path)
    elif {"code", "group"} <= header:
        kb.load_igos(path)
    elif {"term", "role"} <= header:
        kb.load_roles(path)
    else:
        kb.load_petrarch(path)
