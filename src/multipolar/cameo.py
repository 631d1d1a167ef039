"""The CAMEO event taxonomy, read from `data/cameo/codes.tsv`.

CAMEO codes, their Goldstein weights, QuadClass and PLOVER equivalents are public
facts that analysts inspect and argue about, so they live in a data file (with its
sourcing decisions in its comment lines) and this module only loads and checks it.
Codes are strings: "042" and "42" are different things, and leading zeros matter.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "QUAD_NAMES",
    "EventType",
    "event_type",
    "load_codes",
    "quad_of_root",
    "root_of",
]

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# QuadClass by root as the gold format defines it (FORMAT.md). Published mappings
# disagree on roots 09 and 14; this one is the project's, so it is fixed in code and
# the data file is checked against it rather than trusted blindly.
_QUAD_BY_ROOT: dict[str, int] = {
    f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 14 else 4 for r in range(1, 21)
}

_COLUMNS = ("code", "root", "name", "goldstein", "quad", "plover_event", "plover_mode")


@dataclass(frozen=True)
class EventType:
    """One CAMEO event code with what downstream stages need to score and map it."""

    code: str
    root: str
    name: str
    goldstein: float
    quad: int
    plover_event: str | None
    plover_mode: str | None

    @property
    def quad_name(self) -> str:
        """The QuadClass as words, for tables and briefs."""
        return QUAD_NAMES[self.quad]


def root_of(code: str) -> str:
    """The root of a CAMEO code: its first two digits ("0311" -> "03").

    Purely syntactic, so it also works for codes outside the packaged table (such as
    dictionary extensions) as long as they have a valid root; raises ValueError otherwise.
    """
    c = code.strip()
    if not (c.isascii() and c.isdigit() and 2 <= len(c) <= 4) or c[:2] not in _QUAD_BY_ROOT:
        raise ValueError(f"not a CAMEO event code: {code!r} (expected 2-4 digits, root 01..20)")
    return c[:2]


def quad_of_root(root: str) -> int:
    """QuadClass (1-4) of a two-digit CAMEO root; raises ValueError for anything else."""
    try:
        return _QUAD_BY_ROOT[root.strip()]
    except KeyError:
        raise ValueError(f"not a CAMEO root code: {root!r} (expected '01'..'20')") from None


def _parse_row(row: dict[str, str], lineno: int) -> EventType:
    where = f"codes.tsv line {lineno}"
    code = row["code"].strip()
    root = row["root"].strip()
    if root != root_of(code):
        raise ValueError(f"{where}: root {root!r} is not the first two digits of {code!r}")
    goldstein = float(row["goldstein"])
    if not -10.0 <= goldstein <= 10.0:
        raise ValueError(f"{where}: Goldstein value {goldstein} outside -10..10")
    quad = int(row["quad"])
    if quad != quad_of_root(root):
        raise ValueError(f"{where}: quad {quad} for root {root}, expected {quad_of_root(root)}")
    return EventType(
        code=code,
        root=root,
        name=row["name"].strip(),
        goldstein=goldstein,
        quad=quad,
        plover_event=row["plover_event"].strip() or None,
        plover_mode=row["plover_mode"].strip() or None,
    )


@cache
def _codes() -> dict[str, EventType]:
    text = resources.files("multipolar").joinpath("data/cameo/codes.tsv").read_text("utf-8")
    # Keep physical line numbers for error messages while skipping '#' comments.
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    rows = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    reader = csv.DictReader((line for _, line in rows), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise ValueError(f"codes.tsv header is {reader.fieldnames}, expected {list(_COLUMNS)}")
    codes: dict[str, EventType] = {}
    for (lineno, _), row in zip(rows[1:], reader, strict=True):
        et = _parse_row(row, lineno)
        if et.code in codes:
            raise ValueError(f"codes.tsv line {lineno}: duplicate code {et.code!r}")
        codes[et.code] = et
    return codes


def load_codes() -> dict[str, EventType]:
    """All CAMEO event types by code, in file order (roots before their sub-codes).

    The file is parsed and validated once per process; each call returns a fresh dict,
    so a caller that edits its copy cannot corrupt what `event_type` sees.
    """
    return dict(_codes())


def event_type(code: str) -> EventType:
    """The event type for a CAMEO code such as "042" or "0311".

    Raises KeyError naming the code when it is not in the taxonomy, so a coder that emits
    a code the table does not know fails loudly instead of writing a row with no Goldstein.
    """
    try:
        return _codes()[code.strip()]
    except KeyError:
        raise KeyError(
            f"unknown CAMEO event code {code!r} (codes are 2-4 digit strings with leading "
            f"zeros, e.g. '04', '042', '0311'; see multipolar/data/cameo/codes.tsv)"
        ) from None
