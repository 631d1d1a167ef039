"""Find the sources a news text cites: news agencies named in citation expressions.

Pure Python over the text (no parser), precision first. Recognised forms:

- parenthetical source lists closing a passage: ``(AP, Kyodo, July 26)``, ``(Reuters)``,
  ``(Interfax, July 3; RIA Novosti, July 4)``; every item must be a known agency or a date;
- ``according to [the state news agency] X [and Y]``;
- reporting verbs: ``X reported``, ``a X report said``, ``X quoted ... as saying``,
  ``..., reported the official X news agency``, ``quoted by X``, ``citing X`` (kind "reported");
- ``told X`` / ``in an interview with X`` (kind "told");
- a wire dateline at the start of the text: ``MOSCOW, July 26 (AP) -`` (kind "dateline").

Only agencies of the `AgencyIndex` count: an unknown name that merely looks like an agency
is never accepted. Aliases are matched case-sensitively as listed (plus their ALL-CAPS and
capitalised-first-letter forms), as whole words. Names that usually mean something else in
news prose (``PA``, ``MENA``, ``Bloomberg``, ``Sputnik``...; `AMBIGUOUS_ALIASES`) count in
prose only with a cue word ("news agency", "report", "newspaper"...) or after "told", and
never alone, in capitals and undated, in parentheses.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "AMBIGUOUS_ALIASES",
    "Agency",
    "AgencyIndex",
    "CitationMention",
    "find_citations",
    "read_agencies",
]

#: Aliases that in news prose usually name something else (an authority, a region, a
#: person, a vaccine, a stock index...). They count as cited sources only with a cue.
AMBIGUOUS_ALIASES: frozenset[str] = frozenset(
    [
        "PA", "MAP", "TAP", "INA", "ANA", "MIA", "STA", "ATA", "ENA", "NAN", "SPA", "APS", "AA",
        "TT", "FT", "MK", "NG", "DW", "RT", "ABC", "MENA", "RIA", "UNI", "ANI", "BNA", "ONA", "NNA",
        "KNA", "PNA", "APA", "APP", "ANP", "SDA", "BSS", "CNA", "CCTV", "BETA", "Beta", "Novosti",
        "Segodnya", "Petra", "Dawn", "Sabah", "Fars", "Turan", "Kabar", "Guardian", "Economist",
        "Folha", "Corriere", "Repubblica", "Rossiya", "Granma", "Sputnik", "Bloomberg", "Nikkei",
        "Asahi", "Pravda", "Spiegel", "Channel One", "Red Star", "Russian Television",
    ]
)

_REQUIRED_COLUMNS = ("code", "name", "names")


@dataclass(frozen=True, slots=True)
class Agency:
    """A news source that texts cite; `name` is its display name."""

    code: str
    name: str
    aliases: tuple[str, ...]
    country: str | None


@dataclass(frozen=True, slots=True)
class CitationMention:
    """One citation expression: `text[start:end]` is the whole expression."""

    start: int
    end: int
    sources: tuple[str, ...]
    date_text: str | None
    date_start: int | None
    date_end: int | None
    kind: str


# --- names -------------------------------------------------------------------------------


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form, so "ITAR-TASS" == "Itar Tass"."""
    return "".join(c for c in _strip_marks(name).casefold() if c.isalnum())


_TOKEN = re.compile(r"[^\W_]+")
# Between the words of an alias the text may use a space, hyphen, dash, dot, apostrophe or slash.
_SEP_RE = r"[\s\-\u2010-\u2015.'\u2019/]?"
_SEP_UNIT = "\x00"
_END = ""


def _variants(alias: str) -> set[str]:
    """Spellings scanned for: as listed, ALL CAPS, first letter capitalised, unaccented."""
    out = set()
    for form in {alias, _strip_marks(alias)}:
        out.update((form, form.upper(), form[:1].upper() + form[1:]))
    return out


def _trie_pattern(node: dict) -> str:
    """Regex of a character trie: longest alias first, shorter ones by backtracking."""
    units = sorted((u for u in node if u != _END), key=lambda u: (u == _SEP_UNIT, u))
    alts = [(_SEP_RE if u == _SEP_UNIT else re.escape(u)) + _trie_pattern(node[u]) for u in units]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if _END in node else body


def _read_rows(lines: Iterable[str], where: str) -> list[Agency]:
    numbered = [(i, ln) for i, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        return []
    rows = csv.reader((ln for _, ln in numbered), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = [h.strip() for h in next(rows)]
    missing = [c for c in _REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{where}:{numbered[0][0]}: header lacks column(s) {', '.join(missing)}")
    col = {h: i for i, h in enumerate(header)}
    out = []
    for (lineno, _), row in zip(numbered[1:], rows, strict=True):
        cell = {h: (row[i].strip() if i < len(row) else "") for h, i in col.items()}
        code, name = cell["code"], cell["name"] or cell["code"]
        if not code:
            raise ValueError(f"{where}:{lineno}: empty code")
        aliases = tuple(dict.fromkeys(a.strip() for a in cell["names"].split("|") if a.strip()))
        out.append(Agency(code, name, aliases or (name,), cell.get("country") or None))
    return out


def read_agencies(path: Path) -> list[Agency]:
    """Agencies of a TSV with the columns of agencies.tsv (header row; '#' lines are comments)."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as f:
        return _read_rows(f, str(path))


@lru_cache(maxsize=1)
def _packaged() -> tuple[Agency, ...]:
    res = resources.files("multipolar") / "data" / "actors" / "agencies.tsv"
    text = res.read_text(encoding="utf-8")
    return tuple(_read_rows(text.splitlines(), "multipolar/data/actors/agencies.tsv"))


class AgencyIndex:
    """Agency names: lookup by any alias, and a fast whole-word scan of a text.

    Building compiles one trie-shaped regex over all spellings (about 0.1 s for the
    packaged table): build once, reuse for every text.
    """

    def __init__(
        self, agencies: Iterable[Agency], ambiguous: Iterable[str] = AMBIGUOUS_ALIASES
    ) -> None:
        by_code: dict[str, Agency] = {}
        for a in agencies:  # a later row with the same code replaces the earlier one
            by_code.pop(a.code, None)
            by_code[a.code] = a
        self.agencies: tuple[Agency, ...] = tuple(by_code.values())
        self._by_key: dict[str, Agency] = {}
        trie: dict = {}
        for a in self.agencies:
            for name in (a.code, a.name):  # lookup also accepts code and display name
                self._by_key.setdefault(_key(name), a)
            for alias in a.aliases:
                if not _key(alias):
                    continue
                self._by_key[_key(alias)] = a  # later agencies win a shared alias
                for form in _variants(alias):
                    node = trie
                    for i, tok in enumerate(_TOKEN.findall(form)):
                        if i:
                            node = node.setdefault(_SEP_UNIT, {})
                        for ch in tok:
                            node = node.setdefault(ch, {})
                    node[_END] = {}
        self._ambiguous = frozenset(_key(a) for a in ambiguous)
        body = _trie_pattern(trie) if trie else r"(?!)"
        self._scan = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    @classmethod
    def load(cls, extra: Iterable[Path] = (), *, packaged: bool = True) -> AgencyIndex:
        """The packaged agencies.tsv plus user files of the same columns (theirs win)."""
        rows: list[Agency] = list(_packaged()) if packaged else []
        for path in extra:
            rows.extend(read_agencies(Path(path)))
        return cls(rows)

    def __len__(self) -> int:
        return len(self.agencies)

    def lookup(self, name: str) -> Agency | None:
        """The agency with this alias, ignoring case, accents, punctuation and a leading "the"."""
        key = _key(name)
        hit = self._by_key.get(key)
        if hit is None and name.strip().lower().startswith("the "):
            hit = self._by_key.get(_key(name.strip()[4:]))
        return hit

    def canonical(self, name: str) -> str:
        """Display name (`name` column) of a known agency, else the input stripped."""
        hit = self.lookup(name)
        return hit.name if hit else name.strip()

    def source_key(self, name: str) -> str:
        """Agency code of a known name, else its normalised form: a citation-source
        normaliser for `evaluate.score` under which aliases compare equal."""
        hit = self.lookup(name)
        return hit.code if hit else _key(name)

    def is_ambiguous(self, name: str) -> bool:
        """Whether this alias usually names something else in prose (needs a cue)."""
        return _key(name) in self._ambiguous

    def find(self, text: str) -> list[tuple[int, int, Agency]]:
        """Agency-name occurrences in text, whole words, leftmost-longest, in order."""
        return [(s, e, a) for s, e, a, _ in self._matches(text)]

    def _matches(self, text: str) -> list[tuple[int, int, Agency, bool]]:
        out = []
        for m in self._scan.finditer(text):
            key = _key(m.group())
            hit = self._by_key.get(key)
            if hit is not None:
                out.append((m.start(), m.end(), hit, key in self._ambiguous))
        return out


# --- patterns ----------------------------------------------------------------------------

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAYS = rf"{_DAY}(?:\s*[-\u2013]\s*{_DAY})?"
_DAY_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAYS}(?:,?\s+{_YEAR})?"
    rf"|{_DAYS}\s+{_MONTH}(?:,?\s+{_YEAR})?)(?![\w-])"
    rf"|{_YEAR}-[01]\d-[0-3]\d(?![\w-])|{_WEEKDAY}(?!\w)"
)
# In a source list a month with its year, or a bare year, is a date too.
_DATE = re.compile(rf"(?<![\w-])(?:{_DAY_DATE}|{_MONTH},?\s+{_YEAR}(?![\w-])|{_YEAR}(?![\w-]))")
_DATE_AFTER = re.compile(rf"[ \t]+(?:on[ \t]+)?(?P<d>{_DAY_DATE})")

_PAREN = re.compile(r"\(([^()\n]{1,200})\)")
_WS = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?")
_ITEM_SEP = re.compile(r"\s*(?:[,;/&]\s*(?:and\s+)?|and\s+)")
_THE = re.compile(r"[Tt]he\s+")
_IN_PAREN_POST = re.compile(r"\s+(?i:news\s+agency|news\s+service|wire\s+service)(?!\w)")

_CUE_WORDS = (
    r"news|agency|agencies|wire|press|daily|weekly|newspaper|paper|magazine|television|tv"
    r"|radio|broadcaster|channel|network|website|outlet|report|reports|dispatch|dispatches"
)
_CUE = re.compile(rf"(?i:{_CUE_WORDS})")
_LOWER_PRE = (
    rf"the|a|an|its|their|state|official|semi-?official|government|national|independent"
    rf"|private|opposition|leading|local|regional|international|foreign|main|major|by|from"
    rf"|in|via|{_CUE_WORDS}|pro-\w+|\w+-(?:run|owned|controlled|backed|funded|affiliated"
    rf"|linked|based|language)"
)
_CAP_PRE = (
    r"(?:North|South|East|West|New|Saudi|United|Hong|Sri|Gulf)"
    r"|[A-Z][a-z]+(?:['\u2019]s|an|ese|ish|ian|i|ic|ch)"
)
_PRE = re.compile(rf"(?:(?i:{_LOWER_PRE})|{_CAP_PRE})(?![\w'\u2019-])")
_POST = re.compile(
    r"(?:[ \t]+(?i:news[ \t]+agency|news[ \t]+service|wire[ \t]+service|press[ \t]+agency|news"
    r"|agency|newspaper|daily|weekly|magazine|television|tv|radio|channel|website|report"
    r"|reports|dispatch|dispatches|correspondent|bureau)"
    r"|['\u2019]s[ \t]+(?:own[ \t]+)?(?:correspondent|reporter|report|dispatch|website|bureau))"
    r"(?![\w'\u2019-])"
)
_CONNECT = re.compile(r"[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+")
_WORDISH = re.compile(r"[\w'\u2019-]")

_APPOS = (
    r"[ \t]*,[ \t]+(?:the|a|an|its|[A-Z]\w*['\u2019]s)[ \t][^,.;:()\n\"\u201c\u201d]{0,60}?"
    r"\b(?:agency|service|wire|broadcaster|newspaper|daily|outlet|channel|network|television"
    r"|radio)\b[^,.;:()\n]{0,20}?,"
)
_VERB_AFTER = re.compile(
    rf"(?:{_APPOS})?(?:[ \t]+(?:(?:also|later|earlier|further|then|separately|has|had|have)"
    r"[ \t]+)?(?:reported|reports|report|said|says|say|quoted|quotes|cited|cites|wrote|writes"
    r"|added|adds)|[ \t]*,?[ \t]+(?:citing|quoting))(?![\w'\u2019-])"
)
# Regexes that start with a literal (boundaries checked by hand) scan fastest.
_VERB_BEFORE = re.compile(
    r"(?P<verb>(?P<safe>(?:quoted|cited|reported)[ \t]+by|citing|quoting)"
    r"|reported|reports|said|says|wrote|writes|added|adds)[ \t]+"
)
_LEAD = re.compile(r"[,\"\u201d][ \t]*\Z")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;:!?)\]\"\u201d]|\n|\Z)")
_ACCORDING = re.compile(r"[Aa]ccording[ \t]+to[ \t]+")
_TOLD = re.compile(
    r"(?:told|telling|(?:speaking|spoke|talking)[ \t]+(?:to|with)|(?P<iv>interview)[ \t]+"
    r"(?:with|to))[ \t]+"
)
_INTERVIEW_PRE = re.compile(
    r"(?<!\w)(?:in[ \t]+)?(?:an?|his|her|their|the)[ \t]+(?:exclusive[ \t]+)?\Z"
)
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Za-z.'\u2019\-]*(?:[ ][A-Z][A-Za-z.'\u2019\-]*){0,3})"
    r"(?P<rest>(?:,[ ]*[^,()/\n]{1,30}?){0,3})[ ]*"
    r"(?:\((?P<inner>[^()\n]{1,80})\)[ ]*(?P<dash>--?|[\u2013\u2014_:])?"
    r"|\.?[ ]*/(?P<slash>[^/\n]{1,40})/\.?)"
)
_FIRST_LINES = re.compile(r"^[ \t]*(?=\S)", re.M)
_DEF_STOP = frozenset(["and", "of", "the", "for", "de", "la", "du", "des", "et"])
_DEF_NOUNS = frozenset(
    ["agency", "agencies", "service", "newspaper", "daily", "broadcaster", "television",
     "channel", "network"]
)


def _bounded(text: str, i: int) -> bool:
    """No word character right before position i."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


# --- parsing -----------------------------------------------------------------------------

_Hit = tuple[int, Agency, bool]  # end, agency, ambiguous


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    sources: list[Agency]
    date: tuple[int, int] | None
    kind: str


def _parse_items(
    text: str, s: int, e: int, starts: Mapping[int, _Hit]
) -> tuple[list[tuple[Agency, bool, str]], list[tuple[int, int]]] | None:
    """Items of a source list in text[s:e]: each a known agency or a date, else None."""
    sources: list[tuple[Agency, bool, str]] = []
    dates: list[tuple[int, int]] = []
    pos = s
    while True:
        pos = _WS.match(text, pos, e).end()
        if pos >= e:
            return None  # empty list or a trailing separator
        a_start = pos
        hit = starts.get(pos)
        if hit is None and (m := _THE.match(text, pos, e)):
            a_start, hit = m.end(), starts.get(m.end())
        if hit is not None and hit[0] <= e:
            sources.append((hit[1], hit[2], text[a_start : hit[0]]))
            pos = hit[0]
            if p := _IN_PAREN_POST.match(text, pos, e):
                pos = p.end()
        elif d := _DATE.match(text, pos, e):
            dates.append((d.start(), d.end()))
            pos = d.end()
        else:
            return None
        pos = _WS.match(text, pos, e).end()
        if pos >= e:
            break
        sep = _ITEM_SEP.match(text, pos, e)
        if sep is None:
            return None
        pos = sep.end()
    return (sources, dates) if sources else None


class _Finder:
    """One pass over one text: agency spans first, then each citation form."""

    def __init__(self, text: str, index: AgencyIndex) -> None:
        self.text = text
        self.index = index
        self.spans = index._matches(text)
        self.starts: dict[int, _Hit] = {s: (e, a, amb) for s, e, a, amb in self.spans}

    def parse_np(self, pos: int) -> tuple[int, list[tuple[Agency, bool]], bool] | None:
        """A source noun phrase from pos: modifiers, agencies joined by and/or/commas, a
        suffix ("news agency", "report"). Returns (end, agencies, cue) or None."""
        text, starts = self.text, self.starts
        found: list[tuple[Agency, bool]] = []
        end, cue, pending_cue, npre, after_agency, i = -1, False, False, 0, False, pos
        while True:
            if after_agency:
                m = _CONNECT.match(text, i)
                if m is None:
                    break
                i, after_agency, npre, pending_cue = m.end(), False, 0, False
                continue
            j = _WS.match(text, i).end()
            hit = starts.get(j)
            if hit is not None:
                found.append((hit[1], hit[2]))
                i = hit[0]
                cue = cue or pending_cue
                if m := _POST.match(text, i):
                    i, cue = m.end(), True
                end, after_agency = i, True
                continue
            m = _PRE.match(text, j)
            if m is None or npre >= 6:
                break
            pending_cue = pending_cue or bool(_CUE.fullmatch(m.group()))
            i, npre = m.end(), npre + 1
        return (end, found, cue) if found else None

    @staticmethod
    def _keep(found: list[tuple[Agency, bool]], cue: bool) -> list[Agency]:
        return [a for a, amb in found if cue or not amb]

    def _date_after(self, pos: int) -> tuple[int, tuple[int, int] | None]:
        m = _DATE_AFTER.match(self.text, pos)
        return (m.end(), (m.start("d"), m.end("d"))) if m else (pos, None)

    def parentheticals(self) -> Iterable[_Cand]:
        text = self.text
        for m in _PAREN.finditer(text):
            s, e = m.start(1), m.end(1)
            parsed = _parse_items(text, s, e, self.starts)
            if parsed is None:
                continue
            sources, dates = parsed
            if not dates and all(amb and found.isupper() for _, amb, found in sources):
                continue  # "(PA)", "(MENA)": an abbreviation, not a source list
            if not dates and len(sources) == 1 and self._is_definition(m.start(), sources[0]):
                continue
            yield _Cand(m.start(), m.end(), [a for a, _, _ in sources],
                        dates[-1] if dates else None, "parenthetical")

    def _is_definition(self, paren: int, source: tuple[Agency, bool, str]) -> bool:
        """ "Korean Central News Agency (KCNA)", "the news agency (KCNA)": the parenthesis
        introduces an abbreviation and cites nothing."""
        agency, _, found = source
        words = _TOKEN.findall(self.text[max(0, paren - 120) : paren])
        if not words or self.text[paren - 1 : paren] not in (" ", "\u00a0"):
            return False
        if words[-1].lower() in _DEF_NOUNS:
            return True
        for n in range(1, min(6, len(words)) + 1):
            if self.index.lookup(" ".join(words[-n:])) is agency:
                return True
        letters = "".join(c for c in found if c.isalnum())
        if letters.isupper() and len(letters) >= 2:
            content = [w for w in words if w.lower() not in _DEF_STOP][-len(letters) :]
            if all(w[0].isupper() for w in content) and "".join(
                w[0] for w in content
            ).upper() == letters:
                return True
        return False

    def according(self) -> Iterable[_Cand]:
        text = self.text
        for m in _ACCORDING.finditer(text):
            if not _bounded(text, m.start()):
                continue
            np = self.parse_np(m.end())
            if np and (kept := self._keep(np[1], np[2])):
                yield _Cand(m.start(), np[0], kept, None, "according_to")

    def told(self) -> Iterable[_Cand]:
        text = self.text
        for m in _TOLD.finditer(text):
            if not _bounded(text, m.start()):
                continue
            np = self.parse_np(m.end())
            if np and (kept := self._keep(np[1], True)):
                start = m.start()
                pre = m.group("iv") and _INTERVIEW_PRE.search(text, max(0, start - 40), start)
                if pre:
                    start = pre.start()
                end, date = self._date_after(np[0])
                yield _Cand(start, end, kept, date, "told")

    def verb_before(self) -> Iterable[_Cand]:
        text = self.text
        for m in _VERB_BEFORE.finditer(text):
            if not _bounded(text, m.start()):
                continue
            np = self.parse_np(m.end())
            if np is None:
                continue
            lead = _LEAD.search(text, max(0, m.start() - 8), m.start())
            if not (m.group("safe") or lead or _CLAUSE_END.match(text, np[0])):
                continue  # "the minister said Reuters had ..." is not a citation
            if kept := self._keep(np[1], np[2]):
                yield _Cand(m.start(), np[0], kept, None, "reported")

    def verb_after(self) -> Iterable[_Cand]:
        text, used = self.text, -1
        for s, _, _, _ in self.spans:
            if s < used:
                continue
            np = self.parse_np(s)
            if np is None or (v := _VERB_AFTER.match(text, np[0])) is None:
                continue
            start = self._extend_back(s)
            if start < s:  # modifiers before the name may carry the cue ("a ... report")
                np = self.parse_np(start) or np
            if not (kept := self._keep(np[1], np[2])):
                continue
            end, date = self._date_after(v.end())
            used = end
            yield _Cand(start, end, kept, date, "reported")

    def _extend_back(self, s: int) -> int:
        """Start of the modifiers before a name: "South Korea's official" Yonhap."""
        text, start = self.text, s
        for _ in range(6):
            i = start
            while i > 0 and text[i - 1] in " \t\u00a0":
                i -= 1
            if i == start:
                break
            j = i
            while j > 0 and _WORDISH.match(text, j - 1):
                j -= 1
            if j == i or not _PRE.fullmatch(text, j, i):
                break
            start = j
        return start

    def datelines(self) -> Iterable[_Cand]:
        text = self.text
        for n, line in enumerate(_FIRST_LINES.finditer(text)):
            if n >= 3 or line.end() > 600:
                break
            m = _DATELINE.match(text, line.end())
            if m is None:
                continue
            group = "inner" if m.group("inner") is not None else "slash"
            parsed = _parse_items(text, m.start(group), m.end(group), self.starts)
            if parsed is None:
                continue
            if group == "inner" and not (m.group("dash") or m.group("city").isupper()):
                continue
            sources, dates = parsed
            rest_dates = [
                (d.start(), d.end())
                for d in _DATE.finditer(text, m.start("rest"), m.end("rest"))
            ]
            dates = rest_dates + dates
            yield _Cand(m.start(), m.end(), [a for a, _, _ in sources],
                        dates[-1] if dates else None, "dateline")
            return


def find_citations(text: str, agencies: AgencyIndex) -> list[CitationMention]:
    """Citation expressions in text, in order, non-overlapping (the earliest, then the
    longest, wins). Sources are canonical display names, deduplicated, in text order."""
    f = _Finder(text, agencies)
    if not f.spans:
        return []
    cands = [
        *f.datelines(), *f.parentheticals(), *f.according(), *f.told(),
        *f.verb_before(), *f.verb_after(),
    ]
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[CitationMention] = []
    last_end = -1
    for c in cands:
        if c.start < last_end:
            continue
        last_end = c.end
        names = tuple(dict.fromkeys(a.name for a in c.sources))
        ds, de = c.date if c.date else (None, None)
        out.append(CitationMention(c.start, c.end, names,
                                   text[ds:de] if c.date else None, ds, de, c.kind))
    return out
