"""Quotations in a parsed news text, with the words that attribute them.

A quotation is the most auditable evidence a record can carry: the exact words and
who said them. This module finds the quoted spans in a spaCy `Doc` and the token of
their speaker ("Albright", "minister", "he"); mapping that token to an actor (names,
titles, pronouns -> last person) is the actor module's job, not this one's.

How a quote is read (general news style, no document-specific rules):
- Marks: straight `"`, curly `“ ”`, guillemets `« »` and low `„` pair as double
  quotes per paragraph; `‘ ’`/`'` pair only outside double quotes (British style),
  never inside a word (Moscow’s, don't). A double quote left open runs to the end
  of its paragraph; an opening mark at the start of the next paragraph continues it
  (multi-paragraph quotes), and the parts are one quote.
- Attribution after (`“…,” Albright said.`, `said Albright`, `he was quoted as
  saying`, `the minister told reporters`) or before (`Albright said: “…”`, `said
  that “…”`); `“A,” Ivanov said, “B.”` is one quote with two parts.
- A quoted sentence standing alone right after an attributed quote inherits its
  speaker (news style for a run of quoted sentences).
- A fragment inside a sentence is "partial" when the nearest governing verb with a
  person-like or actor-like subject has a communication word on the path to it
  (spoke of a "new world order", referred to X as a "relapse", Moscow's call for
  ... based "on ..."); otherwise, and always after "so-called", it is "scare".
Without a dependency parse (a bare tokenised Doc) marks and attribution windows
still work from token shapes, but fragments cannot be attributed and come out "scare".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = [
    "COMMUNICATION_NOUNS",
    "COMMUNICATION_VERBS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "QuoteSpan",
    "find_quotes",
]

DIRECT, PARTIAL, SCARE = "direct", "partial", "scare"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: where its words are, how it is attributed, and to which token."""

    start: int  # char offset of the quoted words (marks excluded); first part for a split
    end: int  # end of the last part
    text: str  # the quoted words; parts joined by one space, attribution left out
    parts: tuple[tuple[int, int], ...]  # (start, end) of each part, in text order
    cue: str | None  # attribution verb phrase as written: "said", "was quoted as saying"
    speaker_token: int | None  # Doc index of the speaker's head token; None when unknown
    kind: str  # "direct" | "partial" (fragment in reported speech) | "scare" (no speaker)


# --------------------------------------------------------------------------- lexicon

#: Verbs that attribute a direct quote next to it ("…,” she said / he said: “…”).
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "declare", "announce", "charge", "claim", "insist",
    "warn", "stress", "note", "quote", "write", "ask", "reply", "respond", "answer",
    "argue", "explain", "affirm", "assert", "emphasize", "emphasise", "complain",
    "accuse", "urge", "vow", "predict", "acknowledge", "admit", "conclude", "continue",
    "remark", "comment", "suggest", "maintain", "observe", "recall", "caution",
    "contend", "concede", "confirm", "deny", "reiterate", "repeat", "underline",
    "underscore", "lament", "retort", "counter", "protest", "demand", "promise",
    "pledge", "threaten", "proclaim", "exclaim", "shout", "cry", "whisper", "joke",
    "boast", "report", "tweet", "post", "read", "agree", "disagree", "object",
    "point", "go", "spell", "testify", "allege", "inform", "assure",
    "plead", "mutter", "quip", "muse", "wonder", "recount", "describe", "hint",
})

#: Phrasal speech verbs: the lemma counts only with its particle ("pointed out").
_PHRASAL = {"point": "out", "go": "on", "spell": "out"}

#: Verbs that make a fragment inside reported speech someone's words ("spoke of a
#: “new order”", "called it “a relapse”"). Lemmas that also mean doing, not saying
#: ("continue", "add", "conclude", "maintain", "go") are left out.
COMMUNICATION_VERBS = (SPEECH_VERBS - {"continue", "add", "conclude", "maintain", "go",
                                       "post", "read", "spell", "object"}) | frozenset({
    "call", "term", "label", "dub", "brand", "name", "characterize", "characterise",
    "portray", "depict", "refer", "speak", "talk", "mention", "hail", "praise",
    "welcome", "condemn", "denounce", "criticize", "criticise", "slam", "blast",
    "reject", "dismiss", "defend", "blame", "voice", "express", "propose", "appeal",
    "invoke", "cite", "quote", "echo", "signal", "stress", "highlight", "define",
    "envisage", "envision", "advocate", "champion", "pledge", "vow",
})

#: Nouns of saying on the path from a fragment to its speaker ("Moscow's call for …").
COMMUNICATION_NOUNS = frozenset({
    "call", "remark", "remarks", "statement", "word", "words", "speech", "comment",
    "interview", "letter", "message", "appeal", "proposal", "description", "phrase",
    "address", "declaration", "pledge", "promise", "warning", "vow", "claim",
    "assertion", "formulation", "rhetoric", "slogan", "reference", "talk", "talks",
    "accusation", "criticism", "denunciation", "characterization", "view", "opinion",
    "argument", "complaint", "demand", "insistence", "assurance", "announcement",
    "briefing", "testimony", "article", "editorial", "tweet", "post", "communique",
    "communiqué", "plea", "charge", "allegation", "threat", "vision",
    "doctrine", "concept", "term", "label", "language", "terms",
})

#: Nouns that head a person-like or actor-like subject ("the minister", "officials").
ROLE_NOUNS = frozenset({
    "minister", "spokesman", "spokeswoman", "spokesperson", "official", "president",
    "premier", "chancellor", "diplomat", "ambassador", "envoy", "secretary", "leader",
    "chief", "head", "general", "commander", "officer", "analyst", "expert", "source",
    "aide", "adviser", "advisor", "lawmaker", "legislator", "senator", "congressman",
    "congresswoman", "deputy", "parliamentarian", "mp", "governor", "mayor", "king",
    "queen", "prince", "princess", "monarch", "emperor", "sultan", "emir", "sheikh",
    "pope", "cleric", "imam", "bishop", "patriarch", "activist", "protester",
    "protestor", "witness", "resident", "negotiator", "representative", "delegate",
    "chairman", "chairwoman", "chairperson", "chair", "director", "editor",
    "journalist", "correspondent", "commentator", "observer", "scholar", "professor",
    "economist", "consul", "attache", "counterpart", "colleague", "host", "government",
    "administration", "ministry", "cabinet", "kremlin", "regime",
    "embassy", "parliament", "council", "authority", "military", "army", "junta",
    "police", "prosecutor", "judge", "court", "party", "opposition", "rebel",
    "militant", "insurgent", "leadership", "side", "delegation", "man", "woman",
    "newspaper", "daily", "agency", "paper", "tabloid", "broadcaster", "commission",
    "strategist", "ruler", "dictator", "strongman", "candidate", "nominee", "member",
    "figure", "critic", "supporter", "opponent", "hardliner", "hawk", "dove",
})

_PERSON_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
_ACTOR_ENTS = frozenset({"PERSON", "NORP", "GPE", "ORG"})
_NOT_ACTOR_ENTS = frozenset({
    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "EVENT",
    "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT",
})
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_BE_HAVE = frozenset({"was", "were", "is", "are", "be", "been", "has", "have", "had"})
#: Fronted adjuncts: a fragment inside one ("Despite talk of a “thaw,” Lavrov said…")
#: is not the words of the clause's subject.
_ADJUNCT_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod", "mark", "dep", "intj"})
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sen", "rep", "gov", "st", "jr", "sr",
    "prof", "capt", "maj", "sgt", "adm", "no", "vol", "inc", "corp", "co", "ltd", "vs",
    "mt", "ft", "rev", "hon", "messrs",
})

_IRREGULAR = {
    "say": ("said", "says", "saying"), "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"), "go": ("went", "goes", "going"),
    "read": ("reads", "reading"), "cry": ("cried", "cries", "crying"),
    "admit": ("admitted", "admits", "admitting"), "quip": ("quipped", "quips"),
    "spell": ("spelled", "spelt", "spells"), "plead": ("pleaded", "pled", "pleads"),
}


def _inflections(lemma: str) -> tuple[str, ...]:
    """Regular English inflections: matching a verb when the Doc has no lemmas."""
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    plural = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
    return lemma, plural, lemma + "ed", lemma + "ing"


_FORM_TO_LEMMA = {form: lemma for lemma in SPEECH_VERBS | set(_PHRASAL)
                  for form in _inflections(lemma)}

# --------------------------------------------------------------------------- marks

_OPEN, _CLOSE = 1, 2
_DOUBLE_OPEN = "“«„‟"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹‚"
_SINGLE_CLOSE = "’›"
_QUOTE_CHARS = frozenset(_DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + "\"'")
_DOUBLE_RE = re.compile('[“”«»„‟"]')
_SINGLE_RE = re.compile("[‘’‹›‚']")
_OPEN_AFTER = frozenset("([{<—–-/") | _QUOTE_CHARS  # may stand before an opening mark
_CLOSE_BEFORE = frozenset(".,;:!?)]}>—–-…") | _QUOTE_CHARS  # may follow a closing mark
_TERMINAL = frozenset(".?!…")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE_RE = re.compile(r"\n\s*")
_SO_CALLED_RE = re.compile(r"so[-\s]called\s*$", re.IGNORECASE)
#: After an attribution verb: ", “" opening the second part of a split quote.
_SPLIT_RE = re.compile(r"[^.?!;:\n“”\"«»„]{0,80}?,\s*(?=[“\"«„‘'‹])")
_SENT_END_RE = re.compile(r"[.?!…]+[”\"’»)\]]*(?=\s|$)|[“\"«„]")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)\.$")


def _role(text: str, i: int, lo: int, hi: int) -> int | None:
    """Whether the mark at `i` looks like an opening or a closing mark from its neighbours."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    can_open = (not prev or prev.isspace() or prev in _OPEN_AFTER) and bool(nxt) \
        and not nxt.isspace()
    can_close = bool(prev) and not prev.isspace() \
        and (not nxt or nxt.isspace() or nxt in _CLOSE_BEFORE)
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return None


@dataclass(slots=True)
class _Pair:
    """A paired (or paragraph-ended) quotation mark pair and its stripped content."""

    open: int  # index of the opening mark
    close: int | None  # index of the closing mark; None when left open
    start: int  # content start, whitespace stripped
    end: int  # content end, whitespace and a trailing comma stripped
    last: str  # last content character before the comma was stripped ("" if empty)
    para: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line separated, or line separated when no line is blank."""
    sep = _BLANK_LINE_RE if _BLANK_LINE_RE.search(text) else _NEWLINE_RE
    spans, pos = [], 0
    for m in sep.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _content(text: str, a: int, b: int) -> tuple[int, int, str]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    last = text[b - 1] if b > a else ""
    if last == ",":
        b -= 1
        while b > a and text[b - 1].isspace():
            b -= 1
    return a, b, last


def _double_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int | None, int]]:
    """(open, close or None, content end) for the double quotes of one paragraph."""
    pairs: list[tuple[int, int | None, int]] = []
    opened: int | None = None
    for m in _DOUBLE_RE.finditer(text, lo, hi):
        i = m.start()
        ch = text[i]
        ctx = _role(text, i, lo, hi)
        glyph = _OPEN if ch in _DOUBLE_OPEN else _CLOSE if ch in _DOUBLE_CLOSE else None
        if opened is None:
            if (glyph != _CLOSE and ctx != _CLOSE) or (glyph == _CLOSE and ctx == _OPEN):
                opened = i  # a closing glyph in opening position: reversed style (»…«)
            continue  # otherwise a stray closing mark (or an inch sign): ignored
        if glyph == _CLOSE or (glyph is None and ctx != _OPEN) \
                or (glyph == _OPEN and ctx == _CLOSE):
            pairs.append((opened, i, i))
            opened = None
        else:  # a new opening mark while one is open: the earlier one was never closed
            pairs.append((opened, None, i))
            opened = i
    if opened is not None:
        pairs.append((opened, None, hi))
    return pairs


def _single_pairs(text: str, lo: int, hi: int,
                  regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(open, close) of single-quoted spans outside double quotes; apostrophes skipped.

    Linear in the number of marks (closers are found by bisection), so a page of
    stray apostrophes costs no more than a page of text.
    """
    region_starts = [a for a, _ in regions]

    def outside(i: int) -> bool:
        k = bisect_right(region_starts, i) - 1
        return k < 0 or i >= regions[k][1]

    marks = [m.start() for m in _SINGLE_RE.finditer(text, lo, hi) if outside(m.start())]
    closers = []
    for j in marks:
        prev, after = text[j - 1] if j > lo else "", (text[j + 1] if j + 1 < hi else "")
        if text[j] in _SINGLE_OPEN or (prev.isalnum() and after.isalnum()):
            continue  # an opening mark or an apostrophe inside a word
        if _role(text, j, lo, hi) == _CLOSE:
            closers.append(j)
    pairs: list[tuple[int, int]] = []
    after_close = lo  # marks before this index are already used
    for i in marks:
        if i < after_close:
            continue
        ch = text[i]
        nxt = text[i + 1] if i + 1 < hi else ""
        if _role(text, i, lo, hi) != _OPEN or not (
                ch in _SINGLE_OPEN or (ch == "'" and nxt.isalpha())):
            continue
        k = bisect_right(closers, i)
        if k == len(closers):
            continue
        # "states’ rights": prefer a near closer that is not a plural possessive
        near = closers[k:k + 3]
        j = next((j for j in near if text[j - 1] not in "sS"), near[0])
        pairs.append((i, j))
        after_close = j + 1
    return pairs


def _pair_marks(text: str, paras: list[tuple[int, int]]) -> list[_Pair]:
    out: list[_Pair] = []
    for p, (lo, hi) in enumerate(paras):
        doubles = _double_pairs(text, lo, hi)
        regions = [(a, (c if c is not None else e) + 1) for a, c, e in doubles]
        singles = _single_pairs(text, lo, hi, regions)
        # double quotes nested in a single-quoted span belong to it (British style)
        if singles:
            single_starts = [a for a, _ in singles]
            doubles = [d for d in doubles
                       if (k := bisect_right(single_starts, d[0]) - 1) < 0
                       or d[0] > singles[k][1]]
        found = doubles + [(a, b, b) for a, b in singles]
        for a, c, e in sorted(found):
            start, end, last = _content(text, a + 1, e)
            if end > start:
                out.append(_Pair(a, c, start, end, last, p))
    return out


# --------------------------------------------------------------------------- context


class _Ctx:
    """The Doc plus the lookups every rule needs, computed once per call."""

    __slots__ = ("doc", "text", "starts", "paras", "parsed", "tagged")

    def __init__(self, doc) -> None:  # noqa: ANN001 - a spaCy Doc
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]
        self.paras = _paragraphs(self.text)
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG") or doc.has_annotation("POS")

    def tok(self, char: int) -> int:
        """Index of the token containing (or last starting before) char offset `char`."""
        return max(bisect_right(self.starts, char) - 1, 0)

    def para_end(self, p: int) -> int:
        return self.paras[p][1]

    def speech_verb(self, t) -> bool:  # noqa: ANN001
        low = t.lower_
        if self.tagged:
            if not (t.tag_.startswith("VB") or t.pos_ == "VERB"):
                return False
            lemma = (t.lemma_ or low).lower()
            if lemma not in SPEECH_VERBS and lemma not in _PHRASAL:
                lemma = _FORM_TO_LEMMA.get(low, lemma)  # lemmatiser slips
        else:
            lemma = _FORM_TO_LEMMA.get(low, "")
        if lemma in _PHRASAL:
            nxt = t.nbor(1).lower_ if t.i + 1 < len(t.doc) else ""
            return nxt == _PHRASAL[lemma]
        return lemma in SPEECH_VERBS

    def lemma(self, t) -> str:  # noqa: ANN001
        return (t.lemma_ or t.lower_).lower() if self.tagged else \
            _FORM_TO_LEMMA.get(t.lower_, t.lower_)


def _is_mark(t) -> bool:  # noqa: ANN001
    """A token made of quotation marks only (not "'s" or "don't")."""
    return all(ch in _QUOTE_CHARS for ch in t.text)


def _nominal(ctx: _Ctx, t) -> bool:  # noqa: ANN001
    if ctx.tagged and t.pos_:
        return t.pos_ in ("PROPN", "NOUN", "PRON") and t.lower_ not in _RELATIVE
    return t.is_alpha and (t.text[0].isupper() or t.lower_ in _PERSON_PRONOUNS
                           or t.lower_ in ROLE_NOUNS)


def _person_like(ctx: _Ctx, t) -> bool:  # noqa: ANN001
    if t.ent_type_ in _ACTOR_ENTS or t.lower_ in _PERSON_PRONOUNS:
        return True
    if ctx.lemma(t) in ROLE_NOUNS or t.lower_ in ROLE_NOUNS:
        return True
    return t.pos_ == "PROPN" and t.ent_type_ not in _NOT_ACTOR_ENTS


def _own_subject(ctx: _Ctx, v):  # noqa: ANN001, ANN202
    """The speaker-side argument of `v`: agent > quoted object > subject (who -> noun)."""
    subj = agent = dobj = None
    for c in v.children:
        dep = c.dep_
        if dep in ("nsubj", "nsubjpass") and subj is None:
            subj = c
        elif dep == "agent":
            agent = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif dep == "dobj":
            dobj = c
    if agent is not None:
        return agent
    if dobj is not None and ctx.lemma(v) == "quote" and (subj is None or subj.dep_ == "nsubj"):
        return dobj  # "Interfax quoted Ivanov as saying"
    if subj is not None and subj.lower_ in _RELATIVE and v.dep_ == "relcl":
        return v.head  # "the minister, who said …"
    return subj


def _speaker_of(ctx: _Ctx, s):  # noqa: ANN001, ANN202
    """The person behind a subject: `the secretary, Madeleine Albright,` -> Albright;
    `the ministry's statement` / `a statement from the ministry` -> ministry."""
    if s is None:
        return None
    if s.ent_type_ != "PERSON":  # also `NAIROBI — Kenya's President William Ruto`
        for a in s.children:
            if a.dep_ != "appos":
                continue
            for b in (a, *(c for c in a.children if c.dep_ == "appos")):
                if b.ent_type_ == "PERSON":
                    return b
    if ctx.lemma(s) in COMMUNICATION_NOUNS or s.lower_ in COMMUNICATION_NOUNS:
        for c in s.children:
            if c.dep_ == "poss" and _person_like(ctx, c):
                return c
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if obj is not None and _person_like(ctx, obj):
                    return obj
    return s


def _subject(ctx: _Ctx, v):  # noqa: ANN001, ANN202
    """Own subject, or the one shared with the governing verb ("…, adding that", "and said")."""
    for _ in range(4):
        s = _own_subject(ctx, v)
        if s is not None:
            return _speaker_of(ctx, s)
        if v.dep_ not in ("conj", "xcomp", "advcl", "ccomp", "parataxis") or v.head.i == v.i:
            return None
        v = v.head
    return None


def _cue(ctx: _Ctx, v) -> str:  # noqa: ANN001
    """The attribution verb phrase as written: "said", "was quoted as saying", "told reporters"."""
    doc = ctx.doc
    n = len(doc)
    if v.lower_ == "according" and v.i + 1 < n and doc[v.i + 1].lower_ == "to":
        return doc[v.i:v.i + 2].text
    lo = hi = v.i
    lemma = ctx.lemma(v)
    for j in range(v.i - 1, max(v.i - 4, -1), -1):  # was/has/had … said
        t = doc[j]
        aux = ctx.parsed and t.head.i == v.i and t.dep_ in ("aux", "auxpass")
        if t.lower_ in _BE_HAVE or aux:
            lo = j
        elif not (t.pos_ == "ADV" or t.lower_ in ("also", "later", "then")):
            break
    if lemma in _PHRASAL and v.i + 1 < n:
        hi = v.i + 1
    elif lemma == "quote":  # "quoted as saying", "quoted Lavrov as saying"
        for j in range(v.i + 1, min(v.i + 6, n - 1)):
            if doc[j].lower_ == "as" and ctx.speech_verb(doc[j + 1]):
                hi = j + 1
                break
    elif lemma == "tell" and ctx.parsed:
        obj = next((c for c in v.children if c.dep_ in ("dobj", "dative") and c.i > v.i), None)
        if obj is not None and obj.right_edge.i - v.i <= 3:
            hi = obj.right_edge.i
    return doc[lo:hi + 1].text


# --------------------------------------------------------------------------- sentences


def _abbreviation_before(text: str, k: int) -> bool:
    """Whether the full stop at `k` ends an abbreviation ("U.S.", "Mr.") rather than a sentence."""
    m = _WORD_BEFORE_RE.search(text, max(0, k - 12), k + 1)
    if not m:
        return False
    word = m.group(1)
    return "." in word or word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _sentence_initial(text: str, i: int, lo: int) -> bool:
    """Whether the mark at `i` opens its sentence (nothing of the sentence precedes it)."""
    k = i - 1
    while k >= lo and text[k].isspace():
        k -= 1
    if k < lo:
        return True
    c = text[k]
    if c in _QUOTE_CHARS or c in ")]":
        return k > lo and text[k - 1] in _TERMINAL  # right after a quoted sentence
    if c == ":":
        return True
    return c in _TERMINAL and not (c == "." and _abbreviation_before(text, k))


def _sentence_end(text: str, pos: int, hi: int) -> int:
    """End of the sentence running on from `pos` (stops before any later quote mark)."""
    for m in _SENT_END_RE.finditer(text, pos, hi):
        if m.group()[0] in "“\"«„":
            return m.start()
        if m.group()[0] == "." and _abbreviation_before(text, m.start()) and m.end() < hi:
            continue
        return m.end()
    return hi


# --------------------------------------------------------------------------- attribution


@dataclass(slots=True)
class _Attribution:
    speaker: int | None
    cue: str | None
    end: int  # char offset where the attribution's sentence ends
    split_open: int | None = None  # opening mark of the next part ("…,” he said, “…")


def _nearest_nominal(ctx: _Ctx, lo: int, v: int, hi: int) -> int | None:
    """Fallback speaker: the head of the noun phrase next to the verb (before, else after;
    after first for an active "quoted X as saying")."""
    doc = ctx.doc

    def before() -> int | None:
        for j in range(v - 1, lo - 1, -1):
            t = doc[j]
            if _nominal(ctx, t):
                return j
            if t.is_punct and t.text != ",":
                break
        return None

    def after() -> int | None:
        j, best = v + 1, None
        while j < hi and j < len(doc):
            t = doc[j]
            if _nominal(ctx, t):
                best = j
            elif best is not None or not (t.pos_ in ("DET", "ADJ") or t.is_space
                                          or t.lower_ in ("the", "a", "an")):
                break
            j += 1
        return best

    active_quote = ctx.lemma(doc[v]) == "quote" and not (v > 0 and doc[v - 1].lower_ in _BE_HAVE)
    first, second = (after, before) if active_quote else (before, after)
    found = first()
    return found if found is not None else second()


def _attribution_after(ctx: _Ctx, p: _Pair) -> _Attribution | None:
    """`“…,” Albright said.` / `said Albright` / `he was quoted as saying` / `according to X`."""
    doc, text = ctx.doc, ctx.text
    if p.close is None:
        return None
    hi_char = ctx.para_end(p.para)
    i = ctx.tok(p.close)
    if i < len(doc) and doc[i].idx <= p.close:
        i += 1
    lo, words, verb = i, 0, None
    j = i
    while j < len(doc) and words < 12:
        t = doc[j]
        if t.idx >= hi_char or "\n" in t.text:
            break
        if t.text in (".", "?", "!", ";", "…") or _is_mark(t):
            break
        if ctx.speech_verb(t) or (t.lower_ == "according" and j + 1 < len(doc)
                                  and doc[j + 1].lower_ == "to"):
            verb = t
            break
        if ctx.tagged and t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.lower_ not in _BE_HAVE:
            return None  # another finite clause comes first: not an attribution
        if not t.is_punct and not t.is_space:
            words += 1
        j += 1
    if verb is None:
        return None
    end_window = j + 1
    while end_window < len(doc) and end_window - j < 8:
        t = doc[end_window]
        if t.is_punct or t.idx >= hi_char:
            break
        end_window += 1
    speaker = None
    if verb.lower_ == "according":
        to = doc[verb.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if ctx.parsed else None
        speaker = obj.i if obj is not None else _nearest_nominal(ctx, verb.i + 1, verb.i + 1,
                                                                 end_window)
    else:
        s = _subject(ctx, verb) if ctx.parsed else None
        if s is not None and lo <= s.i < end_window:
            speaker = s.i
        else:
            speaker = _nearest_nominal(ctx, lo, verb.i, end_window)
    verb_end = verb.idx + len(verb.text)
    if verb.lower_ == "according":
        verb_end = doc[verb.i + 1].idx + len(doc[verb.i + 1].text)
    split = _SPLIT_RE.match(text, verb_end, hi_char)
    return _Attribution(
        speaker=speaker,
        cue=_cue(ctx, verb),
        end=_sentence_end(text, verb_end, hi_char),
        split_open=split.end() if split else None,
    )


def _attribution_before(ctx: _Ctx, p: _Pair) -> tuple[_Attribution, str] | None:
    """`Albright said: “…”` / `said, “…”` / `said that “…”` / `Ivanov: “…”`.

    Returns the attribution and what joins it to the quote (":", ",", "that", "").
    """
    doc, text = ctx.doc, ctx.text
    lo_char = ctx.paras[p.para][0]
    k = p.open - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0:
        return None
    if k < lo_char and text[k] != ":":
        return None  # only a colon introduces a quote across a paragraph break
    c = text[k]
    t = ctx.tok(k)
    if c in ":,":
        joint, j = c, t - 1
    elif doc[t].lower_ == "that":
        joint, j = "that", t - 1
    else:
        joint, j = "", t
    verb = None
    first = j
    while j >= 0 and first - j < 9:
        tok = doc[j]
        if tok.text in (".", "?", "!", ";") or "\n" in tok.text or _is_mark(tok):
            break
        if tok.lower_ == "according" and j + 1 < len(doc) and doc[j + 1].lower_ == "to":
            verb = tok
            break
        if ctx.speech_verb(tok):
            verb = tok
            # "quoted Lavrov as saying: “…”": the attribution is the quoting verb
            for q in range(j - 2, max(j - 7, -1), -1):
                if doc[j - 1].lower_ == "as" and ctx.lemma(doc[q]) == "quote":
                    verb = doc[q]
                    break
            break
        if joint == "" and j == first:
            return None  # `…the so-called “…”`: only the verb itself may touch the mark
        if ctx.tagged and (tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or tok.pos_ == "AUX"):
            return None  # another clause (`the plan was “dead”`)
        j -= 1
    end = p.end if p.close is None else _sentence_end(text, p.close + 1, ctx.para_end(p.para))
    if verb is None:
        if joint == ":" and first >= 0 and _person_like(ctx, doc[first]) \
                and doc[first].pos_ in ("PROPN", "NOUN", ""):
            return _Attribution(first, None, end), joint  # interview style `Ivanov: “…”`
        return None
    if verb.lower_ == "according":
        to = doc[verb.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if ctx.parsed else None
        speaker = obj.i if obj is not None else _nearest_nominal(ctx, verb.i + 2, verb.i + 1,
                                                                 first + 1)
        return _Attribution(speaker, _cue(ctx, verb), end), joint
    s = _subject(ctx, verb) if ctx.parsed else None
    if s is not None and s.i < p.open and s.idx < p.open:
        speaker: int | None = s.i
    else:
        sent_lo = max(0, verb.i - 12)
        speaker = _nearest_nominal(ctx, sent_lo, verb.i, first + 1)
    return _Attribution(speaker, _cue(ctx, verb), end), joint


def _is_comm(ctx: _Ctx, t) -> bool:  # noqa: ANN001
    lemma = ctx.lemma(t)
    if t.pos_ in ("VERB", "AUX"):
        return lemma in COMMUNICATION_VERBS
    if t.pos_ in ("NOUN", "PROPN"):
        return lemma in COMMUNICATION_NOUNS or t.lower_ in COMMUNICATION_NOUNS
    return False


def _governing_speaker(ctx: _Ctx, p: _Pair) -> tuple[int, str | None] | None:
    """Speaker of a fragment (and the governing verb of saying, as cue).

    The subject of the nearest governing verb that is person-like, provided a word of
    saying lies on the way up: "Russia rejected the “plan”" is not Russia's wording.
    """
    if not ctx.parsed:
        return None
    doc = ctx.doc
    lo, hi = ctx.tok(p.start), ctx.tok(max(p.end - 1, p.start))

    def inside(t) -> bool:  # noqa: ANN001
        return lo <= t.i <= hi

    tops = [t for t in doc[lo:hi + 1] if not t.is_punct and not t.is_space
            and (not inside(t.head) or t.head.i == t.i)]
    if not tops:
        return None
    cur = tops[0]
    child = None
    comm = False
    path = []
    cue = None  # the lowest verb of saying on the way up
    for _ in range(60):
        path.append(cur)
        if _is_comm(ctx, cur):
            comm = True
            if cue is None and cur.pos_ in ("VERB", "AUX") and not inside(cur):
                cue = cur.text
        if cur.pos_ in ("VERB", "AUX"):
            # a fragment that is the subject itself (`the “reset” failed`, `the “plan”
            # was criticised by X`) is not the words of that verb's subject or agent
            as_subject = child is not None and child.dep_ in ("nsubj", "nsubjpass", "csubj")
            s = None if as_subject else _speaker_of(ctx, _own_subject(ctx, cur))
            if s is not None and not inside(s) and _person_like(ctx, s):
                if child is not None and child.dep_ in _ADJUNCT_DEPS and child.i < s.i \
                        and child.i < cur.i:
                    return None  # the fragment sits in a fronted adjunct
                if comm:
                    return s.i, cue
                # `Xi said China would “never seek hegemony”`: look further up
            elif any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in cur.children):
                comm, cue = False, None  # words of saying below belong to that subject
        if cur.head.i == cur.i:
            break
        child, cur = cur, cur.head
    # no governing subject: a person-like owner of a saying ("Ivanov's description of …")
    for t in path:
        if _is_comm(ctx, t) and t.pos_ in ("NOUN", "PROPN"):
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            if poss is not None and not inside(poss) and _person_like(ctx, poss):
                return poss.i, None
    return None


# --------------------------------------------------------------------------- assembly


@dataclass(slots=True)
class _Group:
    pairs: list[_Pair]
    kind: str
    cue: str | None
    speaker: int | None
    end: int  # where the quote with its attribution ends (for follow-on quotes)
    split_open: int | None = None

    def span(self, text: str) -> QuoteSpan:
        parts = tuple((p.start, p.end) for p in self.pairs)
        return QuoteSpan(
            start=parts[0][0], end=parts[-1][1],
            text=" ".join(text[a:b] for a, b in parts), parts=parts,
            cue=self.cue, speaker_token=self.speaker, kind=self.kind,
        )


def _terminal(text: str, p: _Pair, hi: int) -> bool:
    """A full sentence: left open, ends in . ? ! …, or is followed by one (`“…”.`)."""
    if p.close is None or p.last in _TERMINAL:
        return True
    k = p.close + 1
    return k < hi and text[k] in _TERMINAL


def _quote_end(text: str, p: _Pair, hi: int) -> int:
    """Where a standalone quote (with logical punctuation after the mark) ends."""
    if p.close is None:
        return p.end
    k = p.close + 1
    while k < hi and text[k] in _TERMINAL:
        k += 1
    return k


def _adjacent(text: str, prev: _Group, p: _Pair) -> bool:
    """Nothing but white space between the previous quote's sentence and this mark."""
    return prev.end <= p.open and not text[prev.end:p.open].strip()


def _new_group(ctx: _Ctx, p: _Pair, prev: _Group | None) -> _Group:
    text = ctx.text
    lo, hi = ctx.paras[p.para]
    initial = _sentence_initial(text, p.open, lo)
    terminal = _terminal(text, p, hi)
    if p.close is not None and initial and p.last != ".":
        after = _attribution_after(ctx, p)
        if after is not None:
            return _Group([p], DIRECT, after.cue, after.speaker, after.end, after.split_open)
    before = _attribution_before(ctx, p)
    if before is not None:
        attr, joint = before
        if joint in (":", ",") or terminal:
            return _Group([p], DIRECT, attr.cue, attr.speaker, max(attr.end, p.end))
    if initial and terminal:
        end = _quote_end(text, p, hi)
        if prev is not None and prev.speaker is not None and _adjacent(text, prev, p):
            return _Group([p], DIRECT, None, prev.speaker, end)
        return _Group([p], DIRECT, None, None, end)
    end = _sentence_end(text, p.close + 1, hi) if p.close is not None else p.end
    if p.close is not None and p.last in _TERMINAL:
        end = _quote_end(text, p, hi)
    if _SO_CALLED_RE.search(text, max(lo, p.open - 12), p.open):
        return _Group([p], SCARE, None, None, end)
    governed = _governing_speaker(ctx, p)
    if governed is None:
        return _Group([p], SCARE, None, None, end)
    return _Group([p], PARTIAL, governed[1], governed[0], end)


def _continues(ctx: _Ctx, group: _Group, p: _Pair) -> bool:
    """An opening mark that starts the paragraph after an unclosed quote continues it."""
    last = group.pairs[-1]
    if last.close is not None or p.para != last.para + 1:
        return False
    return not ctx.text[ctx.paras[p.para][0]:p.open].strip()


def find_quotes(doc) -> list[QuoteSpan]:  # noqa: ANN001 - a spaCy Doc
    """All quotations in `doc`, in text order, with cue, speaker token and kind.

    Works on any Doc (a parse makes attribution and fragments better; a bare
    tokenised Doc still gets marks, windows and follow-on speakers). Never raises
    on unbalanced or stray marks.
    """
    text = doc.text
    if not text or not _DOUBLE_RE.search(text) and not _SINGLE_RE.search(text):
        return []
    ctx = _Ctx(doc)
    groups: list[_Group] = []
    for p in _pair_marks(text, ctx.paras):
        last = groups[-1] if groups else None
        if last is not None and last.split_open == p.open:
            last.pairs.append(p)  # “A,” Ivanov said, “B.”
            last.split_open = None
            last.end = _quote_end(text, p, ctx.para_end(p.para)) if p.last in _TERMINAL \
                else _sentence_end(text, p.end, ctx.para_end(p.para))
            continue
        if last is not None and _continues(ctx, last, p):
            last.pairs.append(p)  # multi-paragraph quote
            last.end = _quote_end(text, p, ctx.para_end(p.para))
            if last.cue is None and p.close is not None and p.last != ".":
                after = _attribution_after(ctx, p)  # `“…\n\n“…,” he added.`
                if after is not None:
                    last.kind, last.cue, last.speaker = DIRECT, after.cue, after.speaker
                    last.end, last.split_open = after.end, after.split_open
            continue
        groups.append(_new_group(ctx, p, last))
    return [g.span(text) for g in groups]
