"""Stable identifiers: the same report read twice must get the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Typographic variants that differ between copies of one report (web page vs wire feed).
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
        "\u2026": "...",
    }
)


def normalise_text(text: str) -> str:
    """Fold the differences that do not change what a report says.

    Unicode NFKC, typographic quotes and dashes folded, whitespace collapsed,
    case kept (case carries meaning in names).
    """
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip()


def doc_id(text: str) -> str:
    """The document id: 20 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:20]


def clean_text(text: str) -> str:
    """Text as stored: newlines unified, trailing spaces and control characters removed.

    Offsets of every later record point into this string, so it is what readers
    store, not the raw bytes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
