"""Document metadata that readers share: dates, datelines and language."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_MONTHS = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)
# "MOSCOW, July 26 (AP) -", "BEIJING, Sept. 24, 2014 (Xinhua) --", "WASHINGTON (Reuters) -"
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?(?:,\s*[A-Z][A-Za-z .]{1,30}?)?)\s*,?\s*"
    r"(?:(?P<date>(?:" + _MONTHS + r")\s+\d{1,2}(?:\s*,\s*\d{4})?|\d{1,2}\s+(?:" + _MONTHS
    + r")(?:\s+\d{4})?))?\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&/\-]{0,30})\))?\s*(?:-{1,2}|\u2013|\u2014|:)\s",
)


def parse_date(value: object, *, reference: dt.date | None = None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata value, or None when it is no date.

    Accepts dates, datetimes, ISO strings and the free forms feeds and pages use
    ("Tue, 27 Jul 1999 10:00:00 GMT", "July 27, 1999"). Free forms go through
    dateparser, preferring the past as news does.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", text)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return _dateparser_date(text, reference)


def _dateparser_date(text: str, reference: dt.date | None) -> str | None:
    import dateparser  # slow to import: only when a free-form date is met

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(reference, dt.time(12))
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


def _dateline_match(text: str) -> re.Match[str] | None:
    m = DATELINE.match(text[:200])
    if not m or not (m["date"] or m["agency"]):
        return None
    place = m["place"].strip(" ,")
    # A dateline's place is upper case ("MOSCOW"); "The minister said:" is not one.
    if (not place.replace(" ", "").replace(",", "").isupper() or len(place) < 3) \
            and not place.split(",")[0].isupper():
        return None
    return m


def dateline(text: str) -> tuple[str | None, str | None, str | None]:
    """(place, date text, agency) of a wire dateline opening the text, if any."""
    m = _dateline_match(text)
    if m is None:
        return None, None, None
    return m["place"].strip(" ,"), (m["date"] or None), (m["agency"] or None)


def dateline_end(text: str) -> int | None:
    """Where the story proper starts after a wire dateline, so the parser can begin its
    first sentence there (else "KYIV, Feb. 24 - Russian forces" parses as one phrase)."""
    m = _dateline_match(text)
    return m.end() if m else None


def dateline_date(text: str, *, reference: dt.date | None = None) -> str | None:
    """The publication date a dateline states; a year-less one needs a reference date.

    Without a year and without a reference (the file's own date) we refuse to guess.
    """
    _, date_text, _ = dateline(text)
    if not date_text:
        return None
    if re.search(r"\d{4}", date_text):
        return parse_date(date_text)
    if reference is None:
        return None
    return parse_date(date_text, reference=reference)


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of the text's language; (None, 0) for no letters.

    Only the first 2,000 characters are read: enough for a news report and cheap
    for a 10,000-file directory.
    """
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 3:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)


def is_english(language: str | None, prob: float, text: str) -> bool:
    """English unless detection is confident it is not (short texts are noisy)."""
    if language in (None, "en"):
        return True
    letters = sum(ch.isalpha() for ch in text[:2000])
    return not (prob >= 0.9 and letters >= 40)
