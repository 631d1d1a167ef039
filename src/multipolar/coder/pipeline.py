"""The coder: a parsed document in, plain records out (events, quotes, citations).

`Coder.pipe` runs spaCy in batches (`nlp.pipe`, several processes when asked),
then the stage functions: actors, citations, dates, quotes, events. Below this
module nothing knows about spaCy: the results are the dataclasses of
`multipolar.models`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .. import cameo, ids
from ..metadata import dateline_end
from ..models import Citation, Event, Quote
from . import (
    knowledge,
    names,  # noqa: F401 - registers the multipolar_names component
)
from .actors import Mention, MentionIndex, Resolver
from .citations import AgencyIndex, CitationMention, find_citations
from .dates import DateMention, find_dates, resolve
from .events import EventExtractor, RawEvent
from .geo import Geolocator, Location
from .lexicon import Lexicon
from .nlp import load_nlp
from .quotes import QuoteSpan, find_quotes

CODER_NAME = "multipolar-coder"
CODER_RELEASE = "0.1"
MAX_CHARS = 500_000  # spaCy's memory grows with document length; longer texts are refused


def _rules_fingerprint() -> str:
    """A hash of the coder's own rules (its modules), so that a changed rule, like a changed
    lexicon, gives a new coder version and `multipolar code` recodes what it coded before."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here.parent / "metadata.py"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@Language.component("multipolar_paragraphs")
def paragraph_boundaries(doc):  # noqa: ANN001, ANN201 - spaCy's component signature
    """A blank line always ends a sentence (headers, headlines, datelines), and a wire
    dateline opening the text is a sentence of its own."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n\n" in prev.text:
            tok.is_sent_start = True
    start = dateline_end(doc.text)
    if start:
        span = doc.char_span(start, len(doc.text), alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
            # The parser, given that boundary, tends to cut the sentence after it into
            # pieces ("Iran" / "and" / "six world powers ..."): it runs to its full stop.
            for tok in doc[span.start + 1:]:
                prev = doc[tok.i - 1]
                if prev.text in (".", "!", "?") or prev.is_space and "\n" in prev.text \
                        or tok.is_sent_start or prev.is_quote and tok.i > 1 \
                        and doc[tok.i - 2].text in (".", "!", "?"):
                    break
                tok.is_sent_start = False
    return doc


class CodingError(ValueError):
    """A text the coder refuses; the message is the one line the user sees."""


@dataclass(slots=True)
class DateRecord:
    text: str
    sentence: str
    value: str
    char_start: int
    char_end: int


@dataclass(slots=True)
class ActorRecord:
    mention: str
    actor: str
    primary: str
    role: str | None
    name: str | None
    char_start: int
    char_end: int


@dataclass(slots=True)
class CodedDocument:
    """Everything the coder found in one document."""

    doc_id: str
    published: str | None
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    dates: list[DateRecord] = field(default_factory=list)
    actors: list[ActorRecord] = field(default_factory=list)
    status: str = "coded"  # coded | skipped | failed
    message: str = ""


def check_text(text: str) -> None:
    """Refuse what cannot be coded, with a reason a user understands."""
    if not text or not text.strip():
        raise CodingError("empty text")
    if not any(ch.isalpha() for ch in text):
        raise CodingError("text has no letters")
    if len(text) > MAX_CHARS:
        raise CodingError(f"text is {len(text):,} characters, over the {MAX_CHARS:,} the "
                          "coder takes; split it into reports")


class Coder:
    """Holds the model and the knowledge; build once, code many documents."""

    def __init__(self, actor_files: Iterable[Path] = (), lexicon_files: Iterable[Path] = (),
                 nlp: Language | None = None, ner: str = "rules",
                 adapt_pipeline: bool = True, geolocate: bool = True) -> None:
        """`ner="rules"` (default) marks people by proper-noun runs instead of running
        the statistical recogniser, which costs half of spaCy's time; `"model"` uses it.
        `adapt_pipeline=False` leaves a user's own pipeline as it is."""
        if ner not in ("rules", "model"):
            raise ValueError(f"ner must be 'rules' or 'model', not {ner!r}")
        self.nlp = nlp or load_nlp(("ner",) if ner == "rules" else ())
        if adapt_pipeline and "multipolar_paragraphs" not in self.nlp.pipe_names:
            self.nlp.add_pipe("multipolar_paragraphs", before="parser")
        if adapt_pipeline and ner == "rules" and "multipolar_names" not in self.nlp.pipe_names:
            self.nlp.add_pipe("multipolar_names", last=True)
        self.kb = knowledge.load(actor_files)
        self.index = MentionIndex.build(self.kb, self.nlp.tokenizer)
        self.lexicon = Lexicon.load(lexicon_files)
        polarity_path = knowledge.DATA / "lexicon" / "polarity.tsv"
        polarity = {r["word"].lower(): r["polarity"] for r in knowledge.read_tsv(polarity_path)}
        self.extractor = EventExtractor(self.lexicon, polarity, self.kb.roles)
        self.agencies = AgencyIndex.load(self.kb.agency_files)
        # `geolocate=False` leaves events without locations and skips the gazetteer.
        self.geo = Geolocator() if geolocate else None
        from ..places import fingerprint as places_fingerprint

        places = places_fingerprint() if geolocate else "nogeo"
        digest = hashlib.sha256((self.kb.fingerprint() + self.lexicon.fingerprint() + ner
                                 + _rules_fingerprint() + places).encode()).hexdigest()[:8]
        self.version = f"{CODER_NAME}/{CODER_RELEASE}+{digest}"
        self.types = cameo.load_codes()
        self.source_key = self.agencies.source_key

    # -- entry points ----------------------------------------------------------
    def code(self, text: str, published: str | None = None,
             doc_id: str | None = None) -> CodedDocument:
        check_text(text)
        doc = self.nlp(text)
        return self.code_parsed(doc, doc_id or ids.doc_id(text), published)

    def pipe(self, items: Iterable[tuple[str, str, str | None]], batch_size: int = 16,
             n_process: int = 1) -> Iterator[CodedDocument]:
        """Code (doc_id, text, published) triples in order; refused texts come back failed."""
        pending: list[tuple[str, str | None]] = []

        def texts() -> Iterator[str]:
            for doc_id, text, published in items:
                try:
                    check_text(text)
                except CodingError as exc:
                    pending.append((doc_id, published, str(exc)))  # type: ignore[arg-type]
                    yield ""
                    continue
                pending.append((doc_id, published, ""))  # type: ignore[arg-type]
                yield text

        for doc in self.nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
            doc_id, published, problem = pending.pop(0)  # type: ignore[misc]
            if problem:
                yield CodedDocument(doc_id, published, status="failed", message=problem)
                continue
            try:
                yield self.code_parsed(doc, doc_id, published)
            except Exception as exc:  # noqa: BLE001 - one document must not end the run
                if os.environ.get("MULTIPOLAR_DEBUG"):
                    raise
                first = str(exc).splitlines()[0] if str(exc) else ""
                yield CodedDocument(doc_id, published, status="failed",
                                    message=f"coder error ({type(exc).__name__}: {first})")

    # -- the stages ------------------------------------------------------------
    def code_parsed(self, doc, doc_id: str, published: str | None) -> CodedDocument:  # noqa: ANN001
        when = dt.date.fromisoformat(published) if published else None
        out = CodedDocument(doc_id, published)
        mentions = Resolver(self.index, when).find(doc)
        sents = list(doc.sents)
        sent_of = _sentence_lookup(doc, sents)
        text = doc.text

        # Expressions wholly after publication ("later this week") date plans, not events.
        dates = [d for d in find_dates(text, published) if not _after(d.value, published)]
        cites = find_citations(text, self.agencies)
        quotes = find_quotes(doc)
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}

        # Quotes and their speakers.
        quote_speakers: list[tuple[QuoteSpan, Mention | None]] = []
        for q in quotes:
            if q.kind == "scare":
                continue
            speaker = self._speaker(doc, q, by_token, mentions)
            quote_speakers.append((q, speaker))
            actor = speaker.actors[0] if speaker and speaker.actors else None
            out.quotes.append(Quote(
                quote_id=_hash(doc_id, "q", q.start, q.end), doc_id=doc_id, text=q.text,
                char_start=q.start, char_end=q.end,
                speaker_name=(speaker.name or speaker.text) if speaker else None,
                speaker_actor=actor.code if actor else None,
                speaker_role=actor.role if actor else None, cue=q.cue,
                coder_version=self.version))

        def speaker_at(i: int):  # noqa: ANN202
            char = doc[i].idx
            for q, sp in quote_speakers:
                if any(a <= char < b for a, b in q.parts) and sp is not None and sp.actors:
                    return sp.actors[0]
            return None

        # Citations: each covers its passage; events inherit sources and date.
        covered: dict[int, tuple[list[str], str | None]] = {}
        last_cited = -1
        for c in sorted(cites, key=lambda c: c.start):
            s_idx = sent_of(c.start)
            date_value = self._date_value(c, published)
            out.citations.append(Citation(
                doc_id=doc_id, sentence_id=s_idx, sources=list(c.sources), date=date_value,
                char_start=c.start, char_end=c.end, sentence=sents[s_idx].text,
                coder_version=self.version))
            if c.kind == "dateline":
                span = range(0, len(sents))
            elif c.kind == "parenthetical":
                first = s_idx
                while first - 1 > last_cited and "\n\n" not in text[
                        sents[first - 1].end_char:sents[first].start_char + 1]:
                    first -= 1
                span = range(first, s_idx + 1)
            else:
                span = range(s_idx, s_idx + 1)
            for k in span:
                prev = covered.get(k)
                sources = list(dict.fromkeys((prev[0] if prev else []) + list(c.sources)))
                covered[k] = (sources, date_value or (prev[1] if prev else None))
            if c.kind != "dateline":
                last_cited = s_idx

        dates_by_sent: dict[int, list[DateMention]] = {}
        for d in dates:
            s_idx = sent_of(d.start)
            dates_by_sent.setdefault(s_idx, []).append(d)
            out.dates.append(DateRecord(d.text, sents[s_idx].text, d.value, d.start, d.end))

        for m in mentions:
            if m.kind not in ("person", "capital", "metonym") or len(m.actors) != 1:
                continue  # FORMAT: people and metonyms; states are named, not resolved
            for a in m.actors:
                out.actors.append(ActorRecord(m.text, a.code, a.primary, a.role, m.name,
                                              m.char_start, m.char_end))

        found = self.geo.find(doc, mentions) if self.geo else []
        place_actors = self.geo.place_actors(doc, mentions, found) if self.geo else []
        acting = sorted(mentions + place_actors, key=lambda m: m.start) if place_actors \
            else mentions
        raw = self.extractor.extract(doc, acting, speaker_at)
        places = self.geo.locate(doc, raw, mentions, found) if self.geo else [None] * len(raw)
        for e, place in zip(raw, places, strict=True):
            out.events.append(self._event(doc_id, e, sents, covered, dates_by_sent, published,
                                          place))
        return out

    def _speaker(self, doc, q: QuoteSpan, by_token, mentions):  # noqa: ANN001, ANN202
        if q.speaker_token is None:
            return None
        tok = doc[q.speaker_token]
        m = by_token.get(tok.i)
        if m is not None:
            return m
        if tok.lower_ in ("he", "she", "they"):
            people = [x for x in mentions if x.end <= tok.i and x.is_person]
            return people[-1] if people else None
        # A noun ("the minister"): the mention that modifies it, or the last person.
        for c in tok.children:
            if c.i in by_token:
                return by_token[c.i]
        people = [x for x in mentions if x.end <= tok.i and x.is_person]
        return people[-1] if people else None

    def _date_value(self, c: CitationMention, published: str | None) -> str | None:
        if not c.date_text:
            return None
        found = resolve(c.date_text, published)
        return found.value if found else None

    def _event(self, doc_id: str, e: RawEvent, sents, covered, dates_by_sent,  # noqa: ANN001
               published: str | None, loc: Location | None = None) -> Event:
        sent = sents[e.sentence_index]
        etype = self.types.get(e.code) or self.types[e.code[:3]] if e.code[:3] in self.types \
            else self.types[e.code[:2] + "0"]
        sources, cite_date = covered.get(e.sentence_index, ([], None))
        day = [d for d in dates_by_sent.get(e.sentence_index, []) if d.granularity == "day"]
        if day:
            event_date, precision = day[0].value, "day"
        elif cite_date:
            event_date, precision = cite_date, "citation"
        elif published:
            event_date, precision = published, "published"
        else:
            event_date, precision = None, None
        return Event(
            event_id=_hash(doc_id, "e", e.sentence_index, e.trigger, e.code, e.source.code,
                           e.target.code),
            doc_id=doc_id, sentence_id=e.sentence_index, char_start=sent.start_char,
            char_end=sent.end_char, sentence=sent.text,
            source_actor=e.source.code, source_country=e.source.country,
            source_role=e.source.role, source_name=e.source_mention.name or e.source.name,
            source_mention=e.source_mention.text,
            target_actor=e.target.code, target_country=e.target.country,
            target_role=e.target.role, target_name=e.target_mention.name or e.target.name,
            target_mention=e.target_mention.text,
            cameo_code=etype.code, cameo_root=etype.root, quad_class=etype.quad,
            goldstein=etype.goldstein, plover_type=etype.plover_event,
            event_date=event_date, date_precision=precision, published=published,
            report_sources=list(sources),
            speaker=e.speaker.name if e.speaker else None, mode=e.mode,
            confidence=e.confidence, coder_version=self.version, trigger=e.trigger_text,
            **_location_fields(loc),
        )


def _location_fields(loc: Location | None) -> dict[str, object]:
    """The Event's location columns (all None when no place is stated)."""
    if loc is None:
        return {}
    p = loc.place
    return {"location": p.name, "location_type": p.type, "location_country": p.country,
            "location_admin1": p.admin1, "location_lat": p.lat, "location_lon": p.lon,
            "location_id": p.id, "location_mention": loc.mention,
            "location_start": loc.char_start, "location_end": loc.char_end}


def _value_start(value: str) -> dt.date | None:
    """The first day a TIMEX value (day, week, month, year or span) covers."""
    first = value.split("/", 1)[0]
    try:
        if "-W" in first:
            year, week = first.split("-W")
            return dt.date.fromisocalendar(int(year), int(week), 1)
        parts = [int(p) for p in first.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2
                       else 1)
    except (ValueError, IndexError):
        return None


def _after(value: str, published: str | None) -> bool:
    start = _value_start(value)
    return bool(published and start and start > dt.date.fromisoformat(published))


def _sentence_lookup(doc, sents):  # noqa: ANN001, ANN202
    starts = [s.start_char for s in sents]

    def find(char: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(starts, char) - 1)

    return find


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]
