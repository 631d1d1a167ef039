"""Temporal expressions in news text, resolved to TIMEX3-style calendar values.

News dates events relative to the report ("yesterday", "on Monday", "July 26"),
so every expression is resolved against the document's `published` date. The
value keeps the expression's own granularity, as TIMEX3 does: `1999-07-26` (day),
`2014-W19` (ISO week), `2013-09` (month), `2024` (year), `2024-09-09/2024-09-11`
(span). Vague expressions with no calendar value ("recent years", "mid-2014",
"soon", "now") are not returned.

Detection is by precompiled regular expressions and resolution by calendar
arithmetic, so a page of text costs well under a millisecond; `dateparser` is
only a fallback in `resolve()` for explicit numeric forms the grammar lacks.

Resolution rules (fixed choices, so results are predictable):
- A year-less date ("July 26", "26 July", "in March") takes the latest year that
  keeps it on or before `published` + 7 days: news reports the past, but a date
  a few days ahead is an announcement ("talks on July 30" in a report of July 27).
- A weekday ("Monday", "on Monday") is the most recent such day on or before
  `published` (a Monday report's "on Monday" is that day); "last Monday" is
  strictly before, "next Monday" strictly after, "this Monday" in the report's
  ISO week.
- A future cue earlier in the same clause ("will", "is due to", "scheduled to",
  "plans to") flips year-less dates, weekdays and "the weekend" to the nearest
  occurrence on or after `published`, unless a reporting or past-tense verb
  follows the cue ("Russia will respond, Lavrov said on Monday").
- "this/last/next week" are ISO weeks; "earlier/later this week|month|year" are
  spans inside that period, before/after the report's day (none if empty);
  "the weekend" is the Saturday-Sunday just past (or current, or coming if
  future), "this weekend" the report's ISO week's, "last"/"next" a week away.
- "N days/weeks/months/years ago" keeps the unit's granularity.
- A bare year counts only after in/since/by/during/of/until/from/before/after/
  through/"the year" ("2014 troops" is a count), "from 2010 to 2014" gives two.
- Skipped: possessive "yesterday's"/"today's"/"tomorrow's" (often figurative,
  "today's Russia"; the gold omits them), "early/late/mid-" month or year,
  durations ("the last week", "for three years"), recurring ("every Monday",
  "Mondays") and named days ("Bloody Sunday", "Sunday Times", "USA Today").
- A weekday directly before a date ("Monday, July 26") yields the date only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = ["DateMention", "find_dates", "resolve"]

DAY, WEEK, MONTH, YEAR, SPAN = "day", "week", "month", "year", "span"

#: How far ahead of the report a year-less date may fall before the previous year
#: is taken instead ("on July 30" in a report of July 27 is an announcement).
FUTURE_WINDOW_DAYS = 7

#: Longest context (characters) searched backwards for a future cue.
_CUE_WINDOW = 80


@dataclass(frozen=True, slots=True)
class DateMention:
    """One temporal expression: its exact text and offsets, and its calendar value."""

    text: str  # exactly as in the text, e.g. "yesterday", "July 26", "later this week"
    start: int  # character offsets into the text: text[start:end] == self.text
    end: int
    value: str  # "1999-07-26", "2014-W19", "2013-09", "2024", "2024-09-09/2024-09-11"
    granularity: str  # "day" | "week" | "month" | "year" | "span"


# --------------------------------------------------------------------------- grammar

_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
}

# Month names are case-sensitive (lower-case "may"/"march" are verbs). Bare
# abbreviations ("Jan", "Dec") are accepted only next to digits, where "Jan" cannot
# be a first name.
_MON_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
)
_MON_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON_ANY = rf"(?:(?:{_MON_FULL})\b|(?:{_MON_ABBR})(?:\.|\b))"
_MON_WORD = rf"(?:(?:{_MON_FULL})\b|(?:{_MON_ABBR})\.)"
_WD = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
)


def _mon(group: str, word_only: bool = False) -> str:
    return rf"(?P<{group}>{_MON_WORD if word_only else _MON_ANY})"


def _day(group: str) -> str:
    # A day of month: not part of a longer number ("3,000", "2.5", "10:30").
    return rf"(?P<{group}>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9A-Za-z]|[.,:][0-9])"


def _year(group: str) -> str:
    # A year inside a date phrase ("July 26, 1999"); 1800-2199 keeps out counts.
    return rf"(?P<{group}>(?:1[89]|2[01])[0-9]{{2}})(?![0-9]|[.,][0-9])"


_NOT_AFTER_NUM = r"(?<![\w.,/-])"  # a day number may not continue a token ("M3", "1.5")
_YEAR_TAIL = r"(?![0-9A-Za-z]|[-–/.,][0-9]|\s*(?:%|percent\b|per\s+cent\b))"
_BARE_YEAR = r"(?:19|20)[0-9]{2}"
_YEAR_PREPS = (
    "in|since|by|during|of|until|till|from|before|after|through|throughout|year"
)
_NUM = "|".join(["[0-9]{1,3}", *sorted(_NUMBER_WORDS, key=len, reverse=True)])

_C = re.compile
# (kind, gate, pattern). Speed: a full regex pass costs ~0.1 ms on a 3,000-character
# text, so a pattern runs only when its gate (a substring test in `_gates`) admits
# the text, and then only over windows around trigger words (`_windows`). Ties (same
# start and end): first wins.
_PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    ("iso", "numsep", _C(
        r"(?<![\w.-])(?P<year>[12][0-9]{3})-(?P<m>[01][0-9])-(?P<day>[0-3][0-9])"
        r"(?![0-9]|-[0-9])")),
    ("ymd_slash", "numsep", _C(
        r"(?<![\w./-])(?P<year>(?:1[89]|2[01])[0-9]{2})/(?P<m>[01]?[0-9])/"
        r"(?P<day>[0-3]?[0-9])(?![\w/]|\.[0-9])")),
    ("numeric", "numsep", _C(
        r"(?<![\w./-])(?P<a>[0-3]?[0-9])(?P<sep>[./])(?P<b>[0-3]?[0-9])(?P=sep)"
        r"(?P<year>(?:1[89]|2[01])[0-9]{2})(?![\w/]|\.[0-9])")),
    ("range_mdmd", "month", _C(
        rf"\b{_mon('mon')}\s*{_day('day')}\s*[-–]\s*{_mon('mon2')}\s*{_day('day2')}"
        rf"(?:,?\s*{_year('year')})?")),
    ("range_mdd", "month", _C(
        rf"\b{_mon('mon')}\s*{_day('day')}\s*[-–]\s*{_day('day2')}(?:,?\s*{_year('year')})?")),
    ("range_ddm", "month", _C(
        rf"{_NOT_AFTER_NUM}{_day('day')}\s*[-–]\s*{_day('day2')}\s+{_mon('mon')}"
        rf"(?:,?\s+{_year('year')})?")),
    ("mdy", "month", _C(rf"\b{_mon('mon')}\s*{_day('day')}(?:,?\s*{_year('year')})?")),
    ("dmy", "month", _C(
        rf"{_NOT_AFTER_NUM}{_day('day')}(?:\s+of)?\s+{_mon('mon')}(?:,?\s+{_year('year')})?")),
    ("my", "month", _C(rf"\b{_mon('mon')},?\s+(?:of\s+)?{_year('year')}")),
    ("prep_mon", "month", _C(
        r"\b(?P<prep>(?i:in|since|by|during|until|till|from|before|after|through|throughout"
        rf"|of|last|this|next))\s+{_mon('mon', word_only=True)}(?!['’]s\b)")),
    ("year_range", "year4", _C(
        rf"\b(?i:between|from)\s+(?P<year>{_BARE_YEAR})\s*"
        rf"(?:(?i:and|to|until|till|through)\s+|[-–]\s*)(?P<year2>{_BARE_YEAR}){_YEAR_TAIL}")),
    ("prep_year", "year4", _C(
        rf"\b(?P<prep>(?i:{_YEAR_PREPS}))\s+(?P<year>{_BARE_YEAR}){_YEAR_TAIL}")),
    ("rel_day", "relday", _C(
        r"\b(?P<rd>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
        r"|yesterday|today|tomorrow|tonight|last\s+night"
        r"|this\s+(?:morning|afternoon|evening)))\b(?!['’]s\b)")),
    ("weekday", "weekday", _C(
        r"\b(?:(?P<mod>(?i:last|this\s+coming|this\s+past|this|next|coming))\s+)?"
        rf"(?P<wd>{_WD})(?!s\b)\b")),
    ("week", "week", _C(
        r"\b(?i:(?P<span>earlier|later)\s+this\s+week|(?P<mod>last|this|next)\s+week)\b")),
    ("weekend", "weekend", _C(
        r"\b(?P<mod>(?i:last|this\s+past|this\s+coming|this|next|the))\s+(?i:weekend)\b")),
    ("month_rel", "month_word", _C(
        r"\b(?i:(?P<span>earlier|later)\s+this\s+month|(?P<mod>last|this|next)\s+month)\b")),
    ("year_rel", "year_word", _C(
        r"\b(?i:(?P<span>earlier|later)\s+this\s+year|(?P<mod>last|this|next)\s+year)\b")),
    ("ago", "ago", _C(rf"\b(?i:(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago)\b")),
    # Blockers: consumed so that nothing inside them is returned.
    ("block", "unit", _C(  # "the last week" is a duration, "the next Monday" a narrative day
        r"\b(?i:the\s+(?:last|past|next|coming|following|previous|same)\s+"
        rf"(?:week|month|year|weekend|night|morning|{_WD}))\b")),
    ("block", "weekday", _C(rf"\b(?i:every|each)\s+{_WD}")),
    ("block", "weekday", _C(  # named days
        r"\b(?:Bloody|Black|Good|Easter|Palm|Ash|Super|Holy|Maundy|Cyber|Shrove|Whit|Low|Clean"
        rf"|Great|Orthodox)\s+{_WD}\b")),
    ("block", "weekday", _C(rf"\b(?:Mail|Independent|Observer)\s+on\s+{_WD}\b")),
    ("block", "weekday", _C(  # newspapers and clubs
        rf"\b{_WD}\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Tribune|Mail|Independent"
        r"|Club|Star|People|Business|Sport)\b")),
    ("block", "Today", _C(r"\b[A-Z][A-Za-z]*[ \t]+Today\b")),  # "USA Today", "Russia Today"
    ("block", "month", _C(rf"\b(?i:early|late|mid)[-\s]+{_MON_ANY}")),  # "early March 2014"
]
del _C

_MONTH_HINT = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
)
_NUMSEP_HINT = re.compile(r"[0-9][./-][0-9]")
_YEAR_HINT = re.compile(r"(?:1[89]|2[01])[0-9]{2}")
_TRIGGER = re.compile(
    r"[0-9]+|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    r"|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY"
    r"|(?i:yesterday|today|tomorrow|tonight|night|morning|afternoon|evening|week|month|year"
    r"|ago))"
)
# Every match contains a trigger; these margins exceed the longest text a pattern
# spans before a trigger ("the day before yesterday") and after one (plus lookahead).
_BEFORE, _AFTER = 48, 64
_RELDAY_HINTS = ("yesterday", "today", "tomorrow", "night", "morning", "afternoon", "evening")


def _windows(text: str) -> list[tuple[int, int]]:
    """Disjoint (pos, endpos) ranges around trigger words, or the whole text if dense."""
    n = len(text)
    spans: list[list[int]] = []
    for mt in _TRIGGER.finditer(text):
        lo, hi = max(0, mt.start() - _BEFORE), min(n, mt.end() + _AFTER)
        if spans and lo <= spans[-1][1]:
            spans[-1][1] = hi
        else:
            spans.append([lo, hi])
    if sum(hi - lo for lo, hi in spans) > n // 2:
        return [(0, n)]
    return [(lo, hi) for lo, hi in spans]


def _gates(text: str) -> dict[str, bool]:
    """Which pattern families can match at all (a few fast substring tests)."""
    low = text.lower()
    weekday = any(name in low for name in _WEEKDAY_NUM)
    return {
        "numsep": _NUMSEP_HINT.search(text) is not None,
        "month": _MONTH_HINT.search(text) is not None,
        "year4": _YEAR_HINT.search(text) is not None,
        "relday": any(hint in low for hint in _RELDAY_HINTS),
        "weekday": weekday,
        "week": "week" in low,
        "weekend": "weekend" in low,
        "month_word": "month" in low,
        "year_word": "year" in low,
        "ago": "ago" in low,
        "unit": weekday or any(u in low for u in ("week", "month", "year", "night", "morning")),
        "Today": "Today" in text,
    }


_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going\s+to|(?:is|are)\s+(?:due|scheduled|slated|set|expected|to)"
    r"|due\s+to|(?:scheduled|slated)\s+(?:to|for)|plans?\s+to|upcoming)\b|['’]ll\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
# Past-tense verbs after a future cue put the date back in the past ("will never
# accept what happened on July 26"), unless they belong to the future verb ("will
# be held") or are adjectives after a determiner ("the proposed").
_PAST_IRREGULAR = frozenset({
    "was", "were", "had", "did", "said", "told", "began", "met", "made", "took", "held", "won",
    "lost", "left", "came", "went", "saw", "gave", "sent", "broke", "fell", "rose", "struck",
    "fought", "wrote", "spoke", "chose", "ran", "led", "brought", "bought", "thought", "sought",
    "caught", "kept", "found", "became", "stood", "knew", "grew", "drew", "threw", "shot",
})
_NOT_PAST_ED = frozenset({
    "speed", "indeed", "proceed", "succeed", "exceed", "breed", "greed", "bleed", "steed",
})
_PARTICIPLE_HOSTS = frozenset({
    "be", "been", "being", "have", "has", "get", "got", "the", "a", "an", "its", "their",
    "his", "her", "this", "that", "these", "those", "our", "so",
})
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|announced|stated|added|declared|warned|reported|insisted"
    r"|noted|claimed|confirmed|argued|according|asserted|stressed|wrote|quoted)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.!?;()\n]")
_WEEKDAY_GLUE = re.compile(r",?\s*(?:the\s+)?")
_NO_S_PLURAL = frozenset({
    "as", "is", "was", "has", "his", "its", "this", "thus", "plus", "less", "unless",
    "across", "us", "whereas", "besides",
})
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_SEPT11_CUE = re.compile(r"\W{0,3}(?:attack|terror|hijack|aftermath|strike)", re.IGNORECASE)


# ------------------------------------------------------------------- calendar helpers

def _parse_published(published: object) -> date | None:
    """The report's date, or None when missing or unreadable (never raises)."""
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if not isinstance(published, str) or not published.strip():
        return None
    s = published.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s).date()
    except ValueError:
        return None


def _month_of(name: str) -> int:
    return _MONTH_NUM[name.rstrip(".").lower()[:3]]


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _last_day(y: int, m: int) -> date:
    ny, nm = _add_months(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _span(a: date, b: date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def _latest_on_or_before(m: int, d: int, limit: date) -> date | None:
    for y in range(limit.year, limit.year - 9, -1):  # 9 years: room for Feb 29
        try:
            candidate = date(y, m, d)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate
    return None


def _earliest_on_or_after(m: int, d: int, floor: date) -> date | None:
    for y in range(floor.year, floor.year + 9):
        try:
            candidate = date(y, m, d)
        except ValueError:
            continue
        if candidate >= floor:
            return candidate
    return None


def _future_context(text: str, start: int) -> bool:
    """Whether the clause before `start` speaks of the future ("will meet on Friday").

    A reporting or past-tense verb after the cue ("Russia will respond, Lavrov said
    on Monday"; "will not forget what happened on July 26") cancels it: the date
    then belongs to a past event.
    """
    window = text[max(0, start - _CUE_WINDOW):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    cues = list(_FUTURE_CUE.finditer(window))
    if not cues:
        return False
    after = cues[-1].end()
    if _REPORTING.search(window, after):
        return False
    previous = ""
    for word in _WORD.findall(window, after):
        past = word in _PAST_IRREGULAR or (
            len(word) >= 5 and word.endswith("ed") and word.islower()  # not "United"
            and word not in _NOT_PAST_ED)
        if past and previous not in _PARTICIPLE_HOSTS:
            return False
        previous = word.lower()
    return True


# ------------------------------------------------------------------------ resolution

class _Unresolvable(Exception):
    """The match has no calendar value (needs `published`, or is not a real date)."""


def _need(pub: date | None) -> date:
    if pub is None:
        raise _Unresolvable
    return pub


def _partial_day(m: int, d: int, pub: date | None, future: bool) -> date:
    """A year-less day: latest on or before published + window, or next if future."""
    pub = _need(pub)
    if not 1 <= d <= 31:
        raise _Unresolvable
    if future:
        found = _earliest_on_or_after(m, d, pub)
    else:
        found = _latest_on_or_before(m, d, pub + timedelta(days=FUTURE_WINDOW_DAYS))
    if found is None:
        raise _Unresolvable
    return found


def _value(
    kind: str, mt: re.Match[str], text: str, pub: date | None
) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, value, granularity) for one regex match; raises _Unresolvable."""
    g = mt.group

    def future() -> bool:  # computed lazily: most matches never need it
        return _future_context(text, mt.start())

    if kind in ("iso", "ymd_slash"):
        d = date(int(g("year")), int(g("m")), int(g("day")))
        yield mt.start(), mt.end(), d.isoformat(), DAY
    elif kind == "numeric":
        a, b = int(g("a")), int(g("b"))
        if g("sep") == "." or a > 12:  # dotted dates are day.month.year
            d = date(int(g("year")), b, a)
        elif b > 12 or a == b:
            d = date(int(g("year")), a, b)
        else:
            raise _Unresolvable  # 03/04/2014: month-first or day-first is unknowable
        yield mt.start(), mt.end(), d.isoformat(), DAY
    elif kind in ("range_mdmd", "range_mdd", "range_ddm"):
        m1 = _month_of(g("mon"))
        m2 = _month_of(g("mon2")) if kind == "range_mdmd" else m1
        d1, d2 = int(g("day")), int(g("day2"))
        if g("year"):  # the year follows the end date
            y2 = int(g("year"))
            end = date(y2, m2, d2)
            begin = date(y2 - (1 if m2 < m1 else 0), m1, d1)
        else:
            begin = _partial_day(m1, d1, pub, future())
            end = date(begin.year + (1 if m2 < m1 else 0), m2, d2)
        if end <= begin:
            raise _Unresolvable
        yield mt.start(), mt.end(), _span(begin, end), SPAN
    elif kind in ("mdy", "dmy"):
        m, d = _month_of(g("mon")), int(g("day"))
        if g("year"):
            found = date(int(g("year")), m, d)
        elif (m, d) == (9, 11) and _sept11(text, mt.end(), pub):
            found = date(2001, 9, 11)
        else:
            found = _partial_day(m, d, pub, future())
        yield mt.start(), mt.end(), found.isoformat(), DAY
    elif kind == "my":
        yield mt.start(), mt.end(), _ym(int(g("year")), _month_of(g("mon"))), MONTH
    elif kind == "prep_mon":
        yield from _prep_month(mt, pub, future)
    elif kind == "year_range":
        for group in ("year", "year2"):
            yield mt.start(group), mt.end(group), g(group), YEAR
    elif kind == "prep_year":
        if g("prep").lower() in ("of", "by", "from") and _count_noun_follows(text, mt.end()):
            raise _Unresolvable  # "a total of 2014 troops"
        yield mt.start("year"), mt.end("year"), g("year"), YEAR
    elif kind == "rel_day":
        yield mt.start(), mt.end(), _relative_day(g("rd"), _need(pub)).isoformat(), DAY
    elif kind == "weekday":
        yield from _weekday(mt, _need(pub), future)
    elif kind == "week":
        yield from _week(mt, _need(pub))
    elif kind == "weekend":
        yield from _weekend(mt, _need(pub), future)
    elif kind in ("month_rel", "year_rel"):
        yield from _month_year_rel(kind, mt, _need(pub))
    elif kind == "ago":
        yield from _ago(mt, _need(pub))


def _sept11(text: str, end: int, pub: date | None) -> bool:
    """"Sept. 11 attacks" in a later report means 2001, not the latest September 11."""
    return (pub is not None and pub > date(2001, 9, 11)
            and _SEPT11_CUE.match(text, end, min(len(text), end + 20)) is not None)


def _count_noun_follows(text: str, end: int) -> bool:
    nxt = _NEXT_WORD.match(text, end, min(len(text), end + 40))
    return bool(nxt and nxt.group(1).endswith("s") and nxt.group(1) not in _NO_S_PLURAL)


def _prep_month(mt: re.Match[str], pub: date | None, future: Callable[[], bool]) -> Iterator[tuple]:
    m = _month_of(mt.group("mon"))
    prep = mt.group("prep").lower()
    pub = _need(pub)
    here = (pub.year, pub.month)
    if prep == "this":
        y = pub.year
    elif prep == "last":  # the latest such month strictly before the report's month
        y = pub.year if m < pub.month else pub.year - 1
    elif prep == "next":
        y = pub.year if m > pub.month else pub.year + 1
    elif future():
        y = pub.year if (pub.year, m) >= here else pub.year + 1
    else:  # latest such month starting on or before published + window
        limit = pub + timedelta(days=FUTURE_WINDOW_DAYS)
        y = limit.year if date(limit.year, m, 1) <= limit else limit.year - 1
    start = mt.start() if prep in ("this", "last", "next") else mt.start("mon")
    yield start, mt.end(), _ym(y, m), MONTH


def _relative_day(word: str, pub: date) -> date:
    w = " ".join(word.lower().split())
    offset = {
        "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
        "tomorrow": 1, "last night": -1,
    }.get(w, 0)
    return pub + timedelta(days=offset)


def _weekday(mt: re.Match[str], pub: date, future: Callable[[], bool]) -> Iterator[tuple]:
    wd = _WEEKDAY_NUM[mt.group("wd").lower()]
    mod = " ".join((mt.group("mod") or "").lower().split())
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if mod in ("last", "this past"):
        d = pub - timedelta(days=back or 7)
    elif mod in ("next", "coming", "this coming"):
        d = pub + timedelta(days=ahead or 7)
    elif mod == "this":  # the day of that name in the report's own ISO week
        d = pub + timedelta(days=wd - pub.weekday())
    elif future():
        d = pub + timedelta(days=ahead)
    else:
        d = pub - timedelta(days=back)
    yield mt.start(), mt.end(), d.isoformat(), DAY


def _week(mt: re.Match[str], pub: date) -> Iterator[tuple]:
    monday = pub - timedelta(days=pub.weekday())
    span = (mt.group("span") or "").lower()
    if span == "earlier":
        if pub == monday:
            raise _Unresolvable
        yield mt.start(), mt.end(), _span(monday, pub - timedelta(days=1)), SPAN
    elif span == "later":
        sunday = monday + timedelta(days=6)
        if pub == sunday:
            raise _Unresolvable
        yield mt.start(), mt.end(), _span(pub + timedelta(days=1), sunday), SPAN
    else:
        shift = {"last": -7, "this": 0, "next": 7}[mt.group("mod").lower()]
        yield mt.start(), mt.end(), _iso_week(pub + timedelta(days=shift)), WEEK


def _weekend(mt: re.Match[str], pub: date, future: Callable[[], bool]) -> Iterator[tuple]:
    saturday = pub - timedelta(days=pub.weekday()) + timedelta(days=5)  # this ISO week's
    mod = " ".join(mt.group("mod").lower().split())
    if mod in ("last", "this past"):
        shift = -7
    elif mod == "next":
        shift = 7
    elif mod == "the":  # "over the weekend": the one just past, unless we are in it
        shift = 0 if pub >= saturday or future() else -7
    else:  # "this weekend", "this coming weekend": this ISO week's
        shift = 0
    sat = saturday + timedelta(days=shift)
    yield mt.start(), mt.end(), _span(sat, sat + timedelta(days=1)), SPAN


def _month_year_rel(kind: str, mt: re.Match[str], pub: date) -> Iterator[tuple]:
    if kind == "month_rel":
        first, last = date(pub.year, pub.month, 1), _last_day(pub.year, pub.month)
    else:
        first, last = date(pub.year, 1, 1), date(pub.year, 12, 31)
    span = (mt.group("span") or "").lower()
    if span == "earlier":
        if pub == first:
            raise _Unresolvable
        yield mt.start(), mt.end(), _span(first, pub - timedelta(days=1)), SPAN
    elif span == "later":
        if pub == last:
            raise _Unresolvable
        yield mt.start(), mt.end(), _span(pub + timedelta(days=1), last), SPAN
    else:
        shift = {"last": -1, "this": 0, "next": 1}[mt.group("mod").lower()]
        if kind == "month_rel":
            yield mt.start(), mt.end(), _ym(*_add_months(pub.year, pub.month, shift)), MONTH
        else:
            yield mt.start(), mt.end(), f"{pub.year + shift:04d}", YEAR


def _ago(mt: re.Match[str], pub: date) -> Iterator[tuple]:
    raw = mt.group("n").lower()
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = mt.group("unit").lower()
    if unit == "day":
        yield mt.start(), mt.end(), (pub - timedelta(days=n)).isoformat(), DAY
    elif unit == "week":
        yield mt.start(), mt.end(), _iso_week(pub - timedelta(weeks=n)), WEEK
    elif unit == "month":
        yield mt.start(), mt.end(), _ym(*_add_months(pub.year, pub.month, -n)), MONTH
    else:
        if pub.year - n < 1:
            raise _Unresolvable
        yield mt.start(), mt.end(), f"{pub.year - n:04d}", YEAR


# ------------------------------------------------------------------------- public API

def find_dates(text: str, published: str | None) -> list[DateMention]:
    """All resolvable temporal expressions in `text`, in order, without overlaps.

    Relative and year-less expressions need `published` (ISO date); without it
    only absolute dates ("July 26, 1999", "in 2014") are returned.
    """
    if not text or not isinstance(text, str):
        return []
    pub = _parse_published(published)
    # (start, -end, order, mention-or-None): the earliest, then longest, match wins.
    candidates: list[tuple[int, int, int, str, DateMention | None]] = []
    gates = _gates(text)
    windows = _windows(text)
    matches = (
        (order, kind, mt)
        for order, (kind, gate, pattern) in enumerate(_PATTERNS) if gates[gate]
        for lo, hi in windows
        for mt in pattern.finditer(text, lo, hi)
    )
    for order, kind, mt in matches:
        if kind == "block":
            candidates.append((mt.start(), -mt.end(), order, kind, None))
            continue
        try:
            for start, end, value, gran in _value(kind, mt, text, pub):
                mention = DateMention(text[start:end], start, end, value, gran)
                candidates.append((start, -end, order, kind, mention))
        except (_Unresolvable, ValueError, OverflowError, KeyError):
            continue
    candidates.sort(key=lambda c: c[:3])
    chosen: list[tuple[str, DateMention | None]] = []
    last_end = -1
    for start, neg_end, _order, kind, mention in candidates:
        if start >= last_end:
            chosen.append((kind, mention))
            last_end = -neg_end
    result: list[DateMention] = []
    for i, (kind, mention) in enumerate(chosen):
        if mention is None:
            continue
        if kind == "weekday" and i + 1 < len(chosen) and _dated_next(text, mention, chosen[i + 1]):
            continue  # "Monday, July 26": the date carries the value
        result.append(mention)
    return result


def _dated_next(text: str, weekday: DateMention, nxt: tuple[str, DateMention | None]) -> bool:
    following = nxt[1]
    if following is None or following.granularity not in (DAY, SPAN):
        return False
    glue = _WEEKDAY_GLUE.fullmatch(text, weekday.end, following.start)
    return glue is not None


_FILLER_BEFORE = re.compile(
    r"[\s,.;:()\[\]'\"“”‘’-]*(?:(?i:on|in|at|since|by|during|of|until|till|from|before|after"
    r"|through|throughout|over|the)\s+)*"
)
# After the expression: punctuation, or a time of day ("yesterday at 10:30 a.m. GMT").
_FILLER_AFTER = re.compile(
    r"[\s,.;:()\[\]'\"“”‘’-]*"
    r"(?:(?i:at\s+)?[0-9]{1,2}(?::[0-9]{2}){0,2}\s*(?i:[ap]\.?m\.?)?"
    r"(?:\s*(?:GMT|UTC|Z|[A-Z]{3,4}|[+-][0-9]{2}:?[0-9]{2}))?[\s.,;)]*)?"
)
_BARE_YEAR_ALONE = re.compile(r"\s*(?P<year>(?:1[0-9]|20)[0-9]{2})\s*")
_BARE_MONTH_ALONE = re.compile(rf"\s*(?P<prep>)(?P<mon>{_MON_WORD})\s*")
_EXPLICIT_YEAR = re.compile(r"(?<![0-9])[12][0-9]{3}(?![0-9])")
_RELATIVE_WORD = re.compile(
    r"\b(?i:ago|after|before|later|earlier|next|last|since|until|from|between|and|to"
    r"|days?|weeks?|months?|years?)\b"
)


def resolve(text: str, published: str | None) -> DateMention | None:
    """Resolve one expression given alone ("yesterday", "in 2014", "26-07-1999").

    The grammar of `find_dates` decides, allowing a leading preposition ("in
    2014" gives the mention "2014") and a trailing time of day. A lone year or
    month name is accepted here, where it cannot be a count. Explicit full dates
    the grammar lacks ("26-07-1999", "1999-07-26T10:00:00Z", RFC 2822) fall back
    to dateparser, only when a 4-digit year is present and nothing is relative:
    dateparser resolves "now" or "two weeks later" too, which must stay out.
    """
    if not text or not isinstance(text, str) or len(text) > 200:
        return None
    pub = _parse_published(published)
    mentions = find_dates(text, published)
    if len(mentions) == 1:
        m = mentions[0]
        if (_FILLER_BEFORE.fullmatch(text, 0, m.start)
                and _FILLER_AFTER.fullmatch(text, m.end, len(text))):
            return m
    if len(mentions) > 1:
        return None
    if not mentions:
        alone = _BARE_YEAR_ALONE.fullmatch(text)
        if alone:
            year = alone.group("year")
            return DateMention(year, alone.start("year"), alone.end("year"), year, YEAR)
        alone = _BARE_MONTH_ALONE.fullmatch(text)
        if alone:
            try:
                for start, end, value, gran in _prep_month(alone, pub, lambda: False):
                    return DateMention(text[start:end], start, end, value, gran)
            except _Unresolvable:
                return None
    return _dateparser_fallback(text)


def _dateparser_fallback(text: str) -> DateMention | None:
    stripped = text.strip()
    if not _EXPLICIT_YEAR.search(stripped) or _RELATIVE_WORD.search(stripped):
        return None
    try:
        import dateparser  # deferred: only this rare path pays for the import

        parsed = dateparser.parse(stripped, languages=["en"], settings={
            "PREFER_DATES_FROM": "past",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None:
        return None
    start = text.index(stripped)
    return DateMention(stripped, start, start + len(stripped), parsed.date().isoformat(), DAY)
