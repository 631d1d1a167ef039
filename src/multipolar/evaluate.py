"""Score coder output against gold annotations (the `multipolar evaluate` command).

The rules are those of `gold/FORMAT.md`, section "Scoring". This module is pure
Python on purpose: it must run (and be tested) without spaCy or a model, and the
coder reaches it only through plain dicts shaped like the gold rows.

Public API:

- `load_gold(path)` reads a gold JSONL file into `GoldDoc`s, raising
  `GoldFormatError` (one line: file, line number, problem) on a malformed line.
- `score(gold, predictions, source_normaliser=None)` compares predictions
  (plain dicts keyed by gold doc id) with the gold and returns a `Report`.
- `format_report(report, verbose=True)` renders it for people; its last line is
  the machine-greppable `name=value` summary.
- `report_to_json(report)` renders it for `--json`.

Conventions that keep the figures predictable:

- Everything is micro-averaged: TP/FP/FN are summed over documents first.
- P = TP/(TP+FP), R = TP/(TP+FN), F1 their harmonic mean; an undefined ratio
  is 0.0, except that a category with no counted gold items and no counted
  predictions at all (TP = FP = FN = 0) scores P = R = F1 = 1.0: there was
  nothing to find and nothing was wrongly found.
- Locations (an optional `location` on gold events: `{"name": ..., "country": ISO3}`
  or null for "no place stated") are scored only in documents whose gold events
  carry the key: per document, the distinct place names (case, accents and a
  leading "the" ignored) of the gold events against those of the predicted events,
  and likewise their countries. Their figures join the summary line only when some
  document is scored for location.
- Accuracies (speaker, role) are over matched items. With no matched item to
  judge they are 1.0 when the gold had nothing to judge, else 0.0 (finding none
  of the gold quotes must not look like perfect speaker attribution).
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Accuracy",
    "Counts",
    "DocReport",
    "GoldActor",
    "GoldCitation",
    "GoldDate",
    "GoldDoc",
    "GoldEvent",
    "GoldFormatError",
    "GoldLocation",
    "GoldQuote",
    "LOCATION_KEYS",
    "PredActor",
    "PredCitation",
    "PredDate",
    "PredEvent",
    "PredQuote",
    "Report",
    "SUMMARY_KEYS",
    "format_report",
    "load_gold",
    "normalise_source",
    "quad_class",
    "report_to_json",
    "score",
]

#: Keys of the final summary line, in the order they are printed.
SUMMARY_KEYS: tuple[str, ...] = (
    "events_f1",
    "events_p",
    "events_r",
    "quad_f1",
    "quotes_f1",
    "speaker_acc",
    "citations_f1",
    "dates_f1",
    "actors_f1",
    "role_acc",
    "docs",
)
#: Keys added to the summary (before `docs`) when some document is scored for location.
LOCATION_KEYS: tuple[str, ...] = (
    "location_f1",
    "location_p",
    "location_r",
    "location_country_p",
    "location_country_r",
)

_CATEGORIES = ("events", "quad", "quotes", "speaker", "citations", "dates", "actors", "roles",
               "location", "location_country")
_ROOT_RE = re.compile(r"^(0[1-9]|1[0-9]|20)$")


class GoldFormatError(ValueError):
    """A gold file line that cannot be read; the message is one line naming file and line."""


# --------------------------------------------------------------------------- gold records


@dataclass(frozen=True, slots=True)
class GoldLocation:
    """Where a gold event happened: a gazetteer name and its state (None for waters,
    regions of several states and disputed areas)."""

    name: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str
    root: str
    code: str | None = None
    evidence: str = ""
    required: bool = True
    location: GoldLocation | None = None
    #: the row has a `location` key (null included): its document is scored for location
    has_location: bool = False


@dataclass(frozen=True, slots=True)
class GoldQuote:
    starts: str
    speaker: str | None = None
    speaker_actor: str | None = None


@dataclass(frozen=True, slots=True)
class GoldCitation:
    evidence: str
    sources: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDate:
    text: str
    evidence: str
    value: str


@dataclass(frozen=True, slots=True)
class GoldActor:
    mention: str
    actor: str
    role: str | None = None
    name: str | None = None


@dataclass(slots=True)
class GoldDoc:
    """One gold document as written in the JSONL file (list fields default to empty)."""

    id: str
    text: str = ""
    published: str | None = None
    publication: str | None = None
    events: list[GoldEvent] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    citations: list[GoldCitation] = field(default_factory=list)
    dates: list[GoldDate] = field(default_factory=list)
    actors: list[GoldActor] = field(default_factory=list)


# --------------------------------------------------------------------- predicted records


@dataclass(frozen=True, slots=True)
class PredEvent:
    source: str
    target: str
    root: str
    code: str | None = None
    sentence: str = ""
    evidence: str = ""
    location: str | None = None
    location_country: str | None = None


@dataclass(frozen=True, slots=True)
class PredQuote:
    text: str
    speaker_name: str | None = None
    speaker_actor: str | None = None


@dataclass(frozen=True, slots=True)
class PredCitation:
    sentence: str
    sources: tuple[str, ...]
    date: str | None = None


@dataclass(frozen=True, slots=True)
class PredDate:
    text: str
    sentence: str
    value: str | None


@dataclass(frozen=True, slots=True)
class PredActor:
    mention: str
    actor: str
    role: str | None = None
    name: str | None = None


# ------------------------------------------------------------------------------ reports


@dataclass(slots=True)
class Counts:
    """True/false positives and false negatives of one category, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class Accuracy:
    """Share of matched items judged correct; `eligible` counts gold items that could be judged."""

    correct: int = 0
    total: int = 0
    eligible: int = 0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total
        self.eligible += other.eligible

    @property
    def value(self) -> float:
        if self.total:
            return self.correct / self.total
        return 1.0 if self.eligible == 0 else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "correct": self.correct,
            "total": self.total,
            "eligible": self.eligible,
            "accuracy": self.value,
        }


@dataclass(frozen=True, slots=True)
class WrongSpeaker:
    gold: GoldQuote
    predicted: PredQuote


@dataclass(frozen=True, slots=True)
class WrongRole:
    gold: GoldActor
    predicted: PredActor


@dataclass(slots=True)
class DocReport:
    """What went wrong in one document, with the evidence a developer needs to look."""

    doc_id: str
    events: Counts = field(default_factory=Counts)
    quad: Counts = field(default_factory=Counts)
    quotes: Counts = field(default_factory=Counts)
    speaker: Accuracy = field(default_factory=Accuracy)
    citations: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    roles: Accuracy = field(default_factory=Accuracy)
    location: Counts = field(default_factory=Counts)
    location_country: Counts = field(default_factory=Counts)
    location_scored: bool = False
    #: gold place names not predicted, and predicted ones not in the gold
    location_misses: list[str] = field(default_factory=list)
    location_fps: list[str] = field(default_factory=list)
    #: every gold row of each required (source, target, root) triple that was not predicted
    event_misses: list[GoldEvent] = field(default_factory=list)
    #: first predicted row of each triple that is not in the gold at all
    event_fps: list[PredEvent] = field(default_factory=list)
    quad_misses: list[tuple[str, str, int]] = field(default_factory=list)
    quad_fps: list[tuple[str, str, int]] = field(default_factory=list)
    quote_misses: list[GoldQuote] = field(default_factory=list)
    quote_fps: list[PredQuote] = field(default_factory=list)
    wrong_speakers: list[WrongSpeaker] = field(default_factory=list)
    citation_misses: list[GoldCitation] = field(default_factory=list)
    citation_fps: list[PredCitation] = field(default_factory=list)
    date_misses: list[GoldDate] = field(default_factory=list)
    date_fps: list[PredDate] = field(default_factory=list)
    actor_misses: list[GoldActor] = field(default_factory=list)
    actor_fps: list[PredActor] = field(default_factory=list)
    wrong_roles: list[WrongRole] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(
            (
                self.event_misses,
                self.event_fps,
                self.quad_misses,
                self.quad_fps,
                self.quote_misses,
                self.quote_fps,
                self.wrong_speakers,
                self.citation_misses,
                self.citation_fps,
                self.date_misses,
                self.date_fps,
                self.actor_misses,
                self.actor_fps,
                self.wrong_roles,
                self.location_misses,
                self.location_fps,
            )
        )


@dataclass(slots=True)
class Report:
    """Micro-averaged totals, per-root event counts and per-document details."""

    docs: int = 0
    events: Counts = field(default_factory=Counts)
    quad: Counts = field(default_factory=Counts)
    quotes: Counts = field(default_factory=Counts)
    speaker: Accuracy = field(default_factory=Accuracy)
    citations: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    roles: Accuracy = field(default_factory=Accuracy)
    location: Counts = field(default_factory=Counts)
    location_country: Counts = field(default_factory=Counts)
    #: documents scored for location (their gold events have a `location` key)
    location_docs: int = 0
    #: CAMEO root -> counts of distinct event triples with that root (FP under predicted root)
    per_root: dict[str, Counts] = field(default_factory=dict)
    documents: list[DocReport] = field(default_factory=list)
    #: prediction keys that name no gold document (ignored in the scores)
    unknown_ids: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        """The figures of the last printed line, keyed and ordered as `SUMMARY_KEYS` (with
        `LOCATION_KEYS` before `docs` when some document is scored for location)."""
        figures: dict[str, float | int] = {
            "events_f1": self.events.f1,
            "events_p": self.events.precision,
            "events_r": self.events.recall,
            "quad_f1": self.quad.f1,
            "quotes_f1": self.quotes.f1,
            "speaker_acc": self.speaker.value,
            "citations_f1": self.citations.f1,
            "dates_f1": self.dates.f1,
            "actors_f1": self.actors.f1,
            "role_acc": self.roles.value,
        }
        if self.location_docs:
            figures.update({
                "location_f1": self.location.f1,
                "location_p": self.location.precision,
                "location_r": self.location.recall,
                "location_country_p": self.location_country.precision,
                "location_country_r": self.location_country.recall,
            })
        figures["docs"] = self.docs
        return figures


# ---------------------------------------------------------------------------- helpers


def quad_class(root: str) -> int:
    """QuadClass of a CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict,
    4 material conflict; 0 for anything that is not a root 01..20 (never matches gold)."""
    try:
        n = int(root)
    except (TypeError, ValueError):
        return 0
    if 1 <= n <= 5:
        return 1
    if 6 <= n <= 8:
        return 2
    if 9 <= n <= 14:
        return 3
    if 15 <= n <= 20:
        return 4
    return 0


def normalise_source(name: str) -> str:
    """Default citation-source normaliser: casefold and keep only letters and digits,
    so "Itar-Tass" == "ITAR-TASS". Compose it with an alias table in a custom one."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)
_SPACED_ELLIPSIS_RE = re.compile(r"\.(?:\s*\.){2,}")
_PUNCT_SPACE_RE = re.compile(r"\s*(-+|\.\.\.)\s*")
_SPACE_RE = re.compile(r"\s+")


def _norm_text(text: str) -> str:
    """Normalise whitespace and the typography of quotes, ellipses and dashes.

    Gold was typed by people and predictions are cut from source text; the same
    words may differ in "curly" vs "straight" quotes, '…' vs '...', '–' vs '--',
    and the spacing around them. Both sides go through this before comparing.
    """
    text = text.translate(_CHAR_MAP).replace("''", '"')
    text = _SPACED_ELLIPSIS_RE.sub("...", text)
    text = _PUNCT_SPACE_RE.sub(lambda m: "..." if m.group(1) == "..." else "-", text)
    return _SPACE_RE.sub(" ", text).strip()


def _norm_quote(text: str) -> str:
    """Quote text normalised, without any opening quote marks (gold `starts` has none)."""
    return _norm_text(text).lstrip("\"' ")




def _norm_mention(text: str) -> str:
    """Actor mention key: FORMAT.md asks for equal mention text, so only whitespace and
    typographic quote and dash variants are normalised ("Kremlin" is not "the Kremlin")."""
    return _norm_text(text).strip()


def _norm_code(code: str) -> str:
    return code.strip().upper()


def _norm_root(root: Any) -> str:
    """Two-digit root: predictions may say 3 or "3" where gold says "03"."""
    text = str(root).strip()
    return text.zfill(2) if text.isdigit() and len(text) == 1 else text


_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def _surname(speaker: str) -> str:
    """Last word of the gold speaker's name, skipping generational suffixes ("Jr.")."""
    words = [w.strip(",") for w in speaker.split()]
    while len(words) > 1 and words[-1].casefold() in _NAME_SUFFIXES:
        words.pop()
    return words[-1].casefold() if words else ""


def _max_matching(
    n_pred: int, candidates: Sequence[Sequence[int]], n_gold: int
) -> list[int | None]:
    """Maximum bipartite matching (augmenting paths); returns gold index -> pred index.

    `candidates[p]` lists the gold items prediction `p` may match, best first.
    Greedy matching could lose a pair when one gold item's `starts` is a prefix
    of another's; the sets are tiny, so the exact answer costs nothing.
    """
    gold_to_pred: list[int | None] = [None] * n_gold

    def augment(p: int, seen: set[int]) -> bool:
        for g in candidates[p]:
            if g in seen:
                continue
            seen.add(g)
            other = gold_to_pred[g]
            if other is None or augment(other, seen):
                gold_to_pred[g] = p
                return True
        return False

    for p in range(n_pred):
        augment(p, set())
    return gold_to_pred


# -------------------------------------------------------------------------- load_gold


class _LineError(Exception):
    """Internal: a problem inside one line, turned into GoldFormatError with the location."""


def _get_str(obj: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    if key not in obj or obj[key] is None:
        if optional:
            return None
        raise _LineError(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, str):
        raise _LineError(f"{where}: '{key}' must be a string, got {type(value).__name__}")
    if not optional and not value.strip():
        raise _LineError(f"{where}: '{key}' is empty")
    return value


def _get_list(obj: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _LineError(f"{where}'{key}' must be a list, got {type(value).__name__}")
    return value


def _items(obj: Mapping[str, Any], key: str, prefix: str = "") -> Iterable[tuple[str, Mapping]]:
    for i, item in enumerate(_get_list(obj, key, prefix)):
        where = f"{prefix}{key}[{i}]"
        if not isinstance(item, Mapping):
            raise _LineError(f"{where} must be an object, got {type(item).__name__}")
        yield where, item


def _parse_gold_doc(obj: Any) -> GoldDoc:
    if not isinstance(obj, dict):
        raise _LineError(f"expected a JSON object, got {type(obj).__name__}")
    doc = GoldDoc(
        id=_get_str(obj, "id", "document"),
        text=_get_str(obj, "text", "document", optional=True) or "",
        published=_get_str(obj, "published", "document", optional=True),
        publication=_get_str(obj, "publication", "document", optional=True),
    )
    for where, e in _items(obj, "events"):
        root = _get_str(e, "root", where)
        if not _ROOT_RE.match(root):
            raise _LineError(f"{where}: 'root' must be a CAMEO root '01'..'20', got {root!r}")
        required = e.get("required", True)
        if not isinstance(required, bool):
            raise _LineError(f"{where}: 'required' must be true or false, got {required!r}")
        location = _gold_location(e, where)
        doc.events.append(
            GoldEvent(
                source=_norm_code(_get_str(e, "source", where)),
                target=_norm_code(_get_str(e, "target", where)),
                root=root,
                code=_get_str(e, "code", where, optional=True),
                evidence=_get_str(e, "evidence", where, optional=True) or "",
                required=required,
                location=location,
                has_location="location" in e,
            )
        )
    for where, q in _items(obj, "quotes"):
        starts = _get_str(q, "starts", where)
        if not _norm_quote(starts):
            raise _LineError(f"{where}: 'starts' has no words")
        doc.quotes.append(
            GoldQuote(
                starts=starts,
                speaker=_get_str(q, "speaker", where, optional=True),
                speaker_actor=_get_str(q, "speaker_actor", where, optional=True),
            )
        )
    for where, c in _items(obj, "citations"):
        sources = _get_list(c, "sources", f"{where}: ")
        if not sources or not all(isinstance(s, str) and s.strip() for s in sources):
            raise _LineError(f"{where}: 'sources' must be a non-empty list of names")
        doc.citations.append(
            GoldCitation(
                evidence=_get_str(c, "evidence", where),
                sources=tuple(sources),
                date=_get_str(c, "date", where, optional=True),
            )
        )
    for where, d in _items(obj, "dates"):
        doc.dates.append(
            GoldDate(
                text=_get_str(d, "text", where),
                evidence=_get_str(d, "evidence", where),
                value=_get_str(d, "value", where),
            )
        )
    for where, a in _items(obj, "actors"):
        doc.actors.append(
            GoldActor(
                mention=_get_str(a, "mention", where),
                actor=_norm_code(_get_str(a, "actor", where)),
                role=_get_str(a, "role", where, optional=True),
                name=_get_str(a, "name", where, optional=True),
            )
        )
    return doc


def _gold_location(e: Mapping[str, Any], where: str) -> GoldLocation | None:
    value = e.get("location")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _LineError(f"{where}: 'location' must be an object or null, "
                         f"got {type(value).__name__}")
    name = _get_str(value, "name", f"{where}.location")
    if not name.strip():
        raise _LineError(f"{where}.location: 'name' is empty")
    country = _get_str(value, "country", f"{where}.location", optional=True)
    return GoldLocation(name=name, country=_norm_code(country) if country else None)


def load_gold(path: Path) -> list[GoldDoc]:
    """Read a gold JSONL file (FORMAT.md) into `GoldDoc`s, in file order.

    Blank lines are skipped. A malformed line (bad JSON or UTF-8, a missing or
    mistyped field, a root outside 01..20, a repeated id) raises
    `GoldFormatError` naming the file, the line and the problem, so a typo in
    hand-written gold is fixed in seconds. A missing file raises `OSError`.
    """
    path = Path(path)
    docs: list[GoldDoc] = []
    seen: dict[str, int] = {}
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise _LineError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise _LineError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
                doc = _parse_gold_doc(obj)
                if doc.id in seen:
                    raise _LineError(f"duplicate id {doc.id!r} (first on line {seen[doc.id]})")
            except _LineError as exc:
                raise GoldFormatError(f"{path}:{lineno}: {exc}") from None
            seen[doc.id] = lineno
            docs.append(doc)
    return docs


# ------------------------------------------------------------------ prediction parsing


def _pred_str(item: Mapping[str, Any], key: str, where: str, *, optional: bool = True) -> Any:
    if key not in item:
        if optional:
            return None
        raise ValueError(f"{where}: missing '{key}'")
    value = item[key]
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: '{key}' must be a string, got {type(value).__name__}")
    return value


def _pred_items(pred: Mapping[str, Any], key: str, where: str) -> Iterable[tuple[str, Mapping]]:
    value = pred.get(key)
    if value is None:
        return
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{where}: '{key}' must be a list")
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise ValueError(f"{where} {key}[{i}] must be a mapping, got {type(item).__name__}")
        yield f"{where} {key}[{i}]", item


@dataclass(slots=True)
class _Pred:
    events: list[PredEvent] = field(default_factory=list)
    quotes: list[PredQuote] = field(default_factory=list)
    citations: list[PredCitation] = field(default_factory=list)
    dates: list[PredDate] = field(default_factory=list)
    actors: list[PredActor] = field(default_factory=list)


def _parse_prediction(doc_id: str, pred: Mapping[str, Any]) -> _Pred:
    """Turn a coder's plain dict into typed rows; a missing key is an adapter bug, so raise."""
    where = f"prediction for {doc_id!r}:"
    if not isinstance(pred, Mapping):
        raise ValueError(f"{where} expected a mapping, got {type(pred).__name__}")
    out = _Pred()
    for w, e in _pred_items(pred, "events", where):
        code = _pred_str(e, "code", w)
        root = e.get("root")
        if root is None:
            if not code:
                raise ValueError(f"{w}: needs 'root' or 'code'")
            root = code[:2]
        out.events.append(
            PredEvent(
                source=_norm_code(_pred_str(e, "source", w, optional=False) or ""),
                target=_norm_code(_pred_str(e, "target", w, optional=False) or ""),
                root=_norm_root(root),
                code=code,
                sentence=_pred_str(e, "sentence", w) or "",
                evidence=_pred_str(e, "evidence", w) or "",
                location=_pred_str(e, "location", w),
                location_country=_pred_str(e, "location_country", w),
            )
        )
    for w, q in _pred_items(pred, "quotes", where):
        out.quotes.append(
            PredQuote(
                text=_pred_str(q, "text", w, optional=False) or "",
                speaker_name=_pred_str(q, "speaker_name", w),
                speaker_actor=_pred_str(q, "speaker_actor", w),
            )
        )
    for w, c in _pred_items(pred, "citations", where):
        sources = c.get("sources") or []
        if isinstance(sources, str) or not all(isinstance(s, str) for s in sources):
            raise ValueError(f"{w}: 'sources' must be a list of strings")
        out.citations.append(
            PredCitation(
                sentence=_pred_str(c, "sentence", w, optional=False) or "",
                sources=tuple(sources),
                date=_pred_str(c, "date", w),
            )
        )
    for w, d in _pred_items(pred, "dates", where):
        out.dates.append(
            PredDate(
                text=_pred_str(d, "text", w, optional=False) or "",
                sentence=_pred_str(d, "sentence", w, optional=False) or "",
                value=_pred_str(d, "value", w),
            )
        )
    for w, a in _pred_items(pred, "actors", where):
        out.actors.append(
            PredActor(
                mention=_pred_str(a, "mention", w, optional=False) or "",
                actor=_norm_code(_pred_str(a, "actor", w, optional=False) or ""),
                role=_pred_str(a, "role", w),
                name=_pred_str(a, "name", w),
            )
        )
    return out


# ------------------------------------------------------------------------------ score


Triple = tuple[str, str, Any]


def _score_triples(
    gold_rows: Sequence[tuple[Triple, bool]], predicted: Iterable[Triple]
) -> tuple[set[Triple], set[Triple], set[Triple]]:
    """Set comparison with optional items: returns (true positives, false positives, misses).

    A gold triple is required when any of its rows is; predicting a triple that
    exists only in optional rows counts neither way.
    """
    required = {t for t, req in gold_rows if req}
    known = {t for t, _ in gold_rows}
    pred = set(predicted)
    return pred & required, pred - known, required - pred


def _score_events(doc: GoldDoc, pred: _Pred, rep: DocReport, per_root: dict[str, Counts]) -> None:
    gold_rows = [((e.source, e.target, e.root), e.required) for e in doc.events]
    first_pred: dict[Triple, PredEvent] = {}
    for e in pred.events:
        first_pred.setdefault((e.source, e.target, e.root), e)
    tps, fps, fns = _score_triples(gold_rows, first_pred)
    rep.events = Counts(len(tps), len(fps), len(fns))
    # Grouped by triple (in gold order), required rows first: any of them would have done.
    order: dict[Triple, int] = {}
    for e in doc.events:
        order.setdefault((e.source, e.target, e.root), len(order))
    missed = [e for e in doc.events if (e.source, e.target, e.root) in fns]
    rep.event_misses = sorted(
        missed, key=lambda e: (order[(e.source, e.target, e.root)], not e.required)
    )
    rep.event_fps = [e for t, e in first_pred.items() if t in fps]
    for triples, attr in ((tps, "tp"), (fps, "fp"), (fns, "fn")):
        for _, _, root in triples:
            counts = per_root.setdefault(root, Counts())
            setattr(counts, attr, getattr(counts, attr) + 1)

    quad_rows = [((s, t, quad_class(r)), req) for (s, t, r), req in gold_rows]
    quad_pred = [(s, t, quad_class(r)) for s, t, r in first_pred]
    q_tps, q_fps, q_fns = _score_triples(quad_rows, quad_pred)
    rep.quad = Counts(len(q_tps), len(q_fps), len(q_fns))
    rep.quad_misses = sorted(q_fns)
    rep.quad_fps = sorted(q_fps)


def _norm_place(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = _SPACE_RE.sub(" ", folded).strip()
    return folded[4:] if folded.startswith("the ") else folded


def _score_locations(doc: GoldDoc, pred: _Pred, rep: DocReport) -> None:
    """Distinct places (and their states) of the document's events, gold against
    predicted, as sets; only for documents annotated for location."""
    if not any(e.has_location for e in doc.events):
        return
    rep.location_scored = True
    shown: dict[str, str] = {}
    gold_places: list[tuple[str, bool]] = []
    gold_countries: list[tuple[str, bool]] = []
    for e in doc.events:
        if e.location is None:
            continue
        key = _norm_place(e.location.name)
        shown.setdefault(key, e.location.name)
        gold_places.append((key, e.required))
        if e.location.country:
            gold_countries.append((e.location.country, e.required))
    pred_places = {_norm_place(e.location) for e in pred.events if e.location}
    for e in pred.events:
        if e.location:
            shown.setdefault(_norm_place(e.location), e.location)
    pred_countries = {_norm_code(e.location_country) for e in pred.events
                      if e.location and e.location_country}
    tps, fps, fns = _score_triples(gold_places, pred_places)  # type: ignore[arg-type]
    rep.location = Counts(len(tps), len(fps), len(fns))
    rep.location_misses = sorted(shown[k] for k in fns)
    rep.location_fps = sorted(shown[k] for k in fps)
    c_tps, c_fps, c_fns = _score_triples(gold_countries, pred_countries)  # type: ignore[arg-type]
    rep.location_country = Counts(len(c_tps), len(c_fps), len(c_fns))


def _score_quotes(doc: GoldDoc, pred: _Pred, rep: DocReport) -> None:
    gold_norm = [_norm_quote(q.starts) for q in doc.quotes]
    by_length = sorted(range(len(gold_norm)), key=lambda g: -len(gold_norm[g]))
    candidates = []
    for q in pred.quotes:
        text = _norm_quote(q.text)
        candidates.append([g for g in by_length if text.startswith(gold_norm[g])])
    matching = _max_matching(len(pred.quotes), candidates, len(doc.quotes))
    matched_preds = {p for p in matching if p is not None}
    rep.quotes = Counts(
        tp=len(matched_preds),
        fp=len(pred.quotes) - len(matched_preds),
        fn=len(doc.quotes) - len(matched_preds),
    )
    rep.quote_misses = [q for q, p in zip(doc.quotes, matching, strict=True) if p is None]
    rep.quote_fps = [q for i, q in enumerate(pred.quotes) if i not in matched_preds]
    rep.speaker = Accuracy(eligible=len(doc.quotes))
    for gold_q, p in zip(doc.quotes, matching, strict=True):
        if p is None:
            continue
        pred_q = pred.quotes[p]
        actor_ok = _norm_code(pred_q.speaker_actor or "") == _norm_code(gold_q.speaker_actor or "")
        surname = _surname(gold_q.speaker or "")
        name_ok = surname in (pred_q.speaker_name or "").casefold()
        rep.speaker.total += 1
        if actor_ok and name_ok:
            rep.speaker.correct += 1
        else:
            rep.wrong_speakers.append(WrongSpeaker(gold=gold_q, predicted=pred_q))


def _score_citations(
    doc: GoldDoc, pred: _Pred, rep: DocReport, normalise: Callable[[str], str]
) -> None:
    def names(sources: Iterable[str]) -> frozenset[str]:
        return frozenset(n for n in (normalise(s) for s in sources) if n)

    gold = [(_norm_text(c.evidence), names(c.sources), c.date) for c in doc.citations]
    candidates = []
    for c in pred.citations:
        sentence, srcs = _norm_text(c.sentence), names(c.sources)
        candidates.append(
            [
                g
                for g, (evidence, g_srcs, g_date) in enumerate(gold)
                if evidence in sentence
                and srcs == g_srcs
                and (c.date is None or g_date is None or c.date == g_date)
            ]
        )
    matching = _max_matching(len(pred.citations), candidates, len(gold))
    matched = {p for p in matching if p is not None}
    rep.citations = Counts(
        len(matched), len(pred.citations) - len(matched), len(gold) - len(matched)
    )
    rep.citation_misses = [c for c, p in zip(doc.citations, matching, strict=True) if p is None]
    rep.citation_fps = [c for i, c in enumerate(pred.citations) if i not in matched]


def _score_dates(doc: GoldDoc, pred: _Pred, rep: DocReport) -> None:
    gold = [(_norm_text(d.text), _norm_text(d.evidence), d.value) for d in doc.dates]
    candidates = []
    for d in pred.dates:
        text, sentence = _norm_text(d.text), _norm_text(d.sentence)
        candidates.append(
            [
                g
                for g, (g_text, evidence, value) in enumerate(gold)
                if text == g_text and evidence in sentence and d.value == value
            ]
        )
    matching = _max_matching(len(pred.dates), candidates, len(gold))
    matched = {p for p in matching if p is not None}
    rep.dates = Counts(len(matched), len(pred.dates) - len(matched), len(gold) - len(matched))
    rep.date_misses = [d for d, p in zip(doc.dates, matching, strict=True) if p is None]
    rep.date_fps = [d for i, d in enumerate(pred.dates) if i not in matched]


def _score_actors(doc: GoldDoc, pred: _Pred, rep: DocReport) -> None:
    gold: dict[tuple[str, str], list[GoldActor]] = {}
    for a in doc.actors:
        gold.setdefault((_norm_mention(a.mention), a.actor), []).append(a)
    predicted: dict[tuple[str, str], PredActor] = {}
    for a in pred.actors:
        key = (_norm_mention(a.mention), a.actor)
        # The first row with a role speaks for the mention; a bare row only if none has one.
        if key not in predicted or (predicted[key].role is None and a.role is not None):
            predicted[key] = a
    tp = gold.keys() & predicted.keys()
    rep.actors = Counts(len(tp), len(predicted.keys() - gold.keys()), len(gold.keys() - tp))
    rep.actor_misses = [rows[0] for key, rows in gold.items() if key not in tp]
    rep.actor_fps = [a for key, a in predicted.items() if key not in gold]
    rep.roles = Accuracy()
    for key, rows in gold.items():
        roles = {_norm_code(a.role) for a in rows if a.role}
        if not roles:
            continue  # gold without a role cannot judge one
        rep.roles.eligible += 1
        if key not in tp:
            continue
        rep.roles.total += 1
        pred_a = predicted[key]
        if pred_a.role and _norm_code(pred_a.role) in roles:
            rep.roles.correct += 1
        else:
            rep.wrong_roles.append(WrongRole(gold=rows[0], predicted=pred_a))


def score(
    gold: list[GoldDoc],
    predictions: Mapping[str, Mapping[str, Any]],
    source_normaliser: Callable[[str], str] | None = None,
) -> Report:
    """Compare predictions with the gold as FORMAT.md "Scoring" says, micro-averaged.

    `predictions` maps a gold doc id to a dict shaped like the gold document
    (`events`, `quotes`, `citations`, `dates`, `actors`; missing lists are
    empty); a gold document without a prediction predicted nothing. Predicted
    events need `source`, `target` and `root` (or a `code` to take it from).
    `source_normaliser` replaces `normalise_source` for citation agencies, e.g.
    to map aliases. Raises ValueError on a prediction that is not of that shape.
    See the module docstring for the P/R/F1 conventions (1.0 when a category is
    empty on both sides).
    """
    normalise = source_normaliser or normalise_source
    report = Report(docs=len(gold))
    gold_ids = {d.id for d in gold}
    report.unknown_ids = sorted(k for k in predictions if k not in gold_ids)
    for doc in gold:
        raw = predictions.get(doc.id)
        pred = _parse_prediction(doc.id, raw) if raw is not None else _Pred()
        rep = DocReport(doc_id=doc.id)
        _score_events(doc, pred, rep, report.per_root)
        _score_quotes(doc, pred, rep)
        _score_citations(doc, pred, rep, normalise)
        _score_dates(doc, pred, rep)
        _score_actors(doc, pred, rep)
        _score_locations(doc, pred, rep)
        report.location_docs += rep.location_scored
        for name in _CATEGORIES:
            getattr(report, name).add(getattr(rep, name))
        report.documents.append(rep)
    report.per_root = dict(sorted(report.per_root.items()))
    return report


# ------------------------------------------------------------------------------ output


_QUAD_NAMES = {1: "verbal-coop", 2: "material-coop", 3: "verbal-conflict", 4: "material-conflict"}


def _clip(text: str, width: int = 160) -> str:
    text = _SPACE_RE.sub(" ", text).strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def _opt(value: str | None) -> str:
    return value if value else "-"


def _doc_lines(d: DocReport) -> list[str]:
    lines = [f"== {d.doc_id}"]

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append(f"  {title}:")
            lines.extend(f"    {r}" for r in rows)

    section(
        "events missed (FN)",
        [
            f"{e.source}>{e.target} {e.root} [{_opt(e.code)}]"
            f'{"" if e.required else " (optional row)"} evidence: "{_clip(e.evidence)}"'
            for e in d.event_misses
        ],
    )
    section(
        "events not in gold (FP)",
        [
            f"{e.source}>{e.target} {e.root} [{_opt(e.code)}]"
            + (f' evidence: "{_clip(e.evidence)}"' if e.evidence else "")
            + (f' sentence: "{_clip(e.sentence)}"' if e.sentence else "")
            for e in d.event_fps
        ],
    )
    quad = [f"missed {s}>{t} {_QUAD_NAMES.get(q, q)}" for s, t, q in d.quad_misses]
    quad += [f"not in gold {s}>{t} {_QUAD_NAMES.get(q, q)}" for s, t, q in d.quad_fps]
    section("quad", quad)
    section(
        "quotes missed (FN)",
        [f'"{q.starts}" ({_opt(q.speaker)}, {_opt(q.speaker_actor)})' for q in d.quote_misses],
    )
    section(
        "quotes not in gold (FP)",
        [
            f'"{_clip(q.text, 80)}" ({_opt(q.speaker_name)}, {_opt(q.speaker_actor)})'
            for q in d.quote_fps
        ],
    )
    section(
        "wrong speaker",
        [
            f'"{w.gold.starts}": gold {_opt(w.gold.speaker)}/{_opt(w.gold.speaker_actor)},'
            f" predicted {_opt(w.predicted.speaker_name)}/{_opt(w.predicted.speaker_actor)}"
            for w in d.wrong_speakers
        ],
    )
    section(
        "citations missed (FN)",
        [
            f'{", ".join(c.sources)} {_opt(c.date)} evidence: "{_clip(c.evidence)}"'
            for c in d.citation_misses
        ],
    )
    section(
        "citations not in gold (FP)",
        [
            f'{", ".join(c.sources)} {_opt(c.date)} sentence: "{_clip(c.sentence)}"'
            for c in d.citation_fps
        ],
    )
    section(
        "dates missed (FN)",
        [f'"{x.text}" = {x.value} evidence: "{_clip(x.evidence)}"' for x in d.date_misses],
    )
    section(
        "dates not in gold (FP)",
        [f'"{x.text}" = {_opt(x.value)} sentence: "{_clip(x.sentence)}"' for x in d.date_fps],
    )
    section(
        "actors missed (FN)",
        [f'"{a.mention}" = {a.actor} {_opt(a.role)}' for a in d.actor_misses],
    )
    section(
        "actors not in gold (FP)",
        [f'"{a.mention}" = {a.actor} {_opt(a.role)}' for a in d.actor_fps],
    )
    section("locations missed (FN)", d.location_misses)
    section("locations not in gold (FP)", d.location_fps)
    section(
        "wrong role",
        [
            f'"{w.gold.mention}" = {w.gold.actor}: gold {_opt(w.gold.role)},'
            f" predicted {_opt(w.predicted.role)}"
            for w in d.wrong_roles
        ],
    )
    return lines


def _counts_row(name: str, c: Counts) -> str:
    return (
        f"  {name:<10} {c.tp:>5} {c.fp:>5} {c.fn:>5}  {c.precision:.2f}  {c.recall:.2f}  {c.f1:.2f}"
    )


def _summary_line(report: Report) -> str:
    return " ".join(
        f"{k}={v}" if k == "docs" else f"{k}={v:.2f}" for k, v in report.summary().items()
    )


def format_report(report: Report, verbose: bool = True) -> str:
    """Human-readable report; the last line is the one-line `name=value` summary.

    Verbose output first lists, for each document with any error, its misses
    and false positives with their evidence, then the per-root event counts.
    Both modes show the totals table.
    """
    lines: list[str] = []
    if verbose:
        for d in report.documents:
            if d.has_errors:
                lines.extend(_doc_lines(d))
                lines.append("")
        if report.per_root:
            lines.append("per CAMEO root (distinct event triples):")
            lines.append("  root          tp    fp    fn     p     r    f1")
            lines.extend(_counts_row(root, c) for root, c in report.per_root.items())
            lines.append("")
    if report.unknown_ids:
        shown = ", ".join(report.unknown_ids[:5])
        more = f" and {len(report.unknown_ids) - 5} more" if len(report.unknown_ids) > 5 else ""
        lines.append(
            f"warning: {len(report.unknown_ids)} prediction(s) for ids not in the gold,"
            f" ignored: {shown}{more}"
        )
    lines.append("totals (micro-averaged):")
    lines.append("  category      tp    fp    fn     p     r    f1")
    for name in ("events", "quad", "quotes", "citations", "dates", "actors"):
        lines.append(_counts_row(name, getattr(report, name)))
    if report.location_docs:
        lines.append(_counts_row("location", report.location))
        lines.append(_counts_row("loc_state", report.location_country))
    for name, acc in (("speaker", report.speaker), ("role", report.roles)):
        lines.append(f"  {name + '_acc':<10} {acc.correct}/{acc.total} = {acc.value:.2f}")
    lines.append(_summary_line(report))
    return "\n".join(lines)


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(x) for x in obj]
    return obj


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON-serialisable data (for `--json`): summary first."""
    totals: dict[str, Any] = {
        name: getattr(report, name).to_json()
        for name in ("events", "quad", "quotes", "citations", "dates", "actors")
    }
    totals["speaker"] = report.speaker.to_json()
    totals["roles"] = report.roles.to_json()
    if report.location_docs:
        totals["location"] = report.location.to_json()
        totals["location_country"] = report.location_country.to_json()
    documents = []
    for d in report.documents:
        entry: dict[str, Any] = {"doc_id": d.doc_id}
        for f in dataclasses.fields(d):
            if f.name == "doc_id":
                continue
            value = getattr(d, f.name)
            entry[f.name] = value.to_json() if hasattr(value, "to_json") else _jsonable(value)
        documents.append(entry)
    return {
        "summary": report.summary(),
        "totals": totals,
        "per_root": {root: c.to_json() for root, c in report.per_root.items()},
        "unknown_ids": list(report.unknown_ids),
        "documents": documents,
    }
