"""Where an event happened: place mentions in the parse, resolved with the gazetteer.

A place is an event's location only when the text says something happened there:
the object of a locative preposition (`in Sarajevo`, `near the Taiwan Strait`,
`in northern Iraq`, `the Iraqi city of Mosul`), or the place visited. A capital
that acts (`Moscow said`) is the actor resolver's business and never reaches
here, because it is not governed by such a preposition.

Each event takes the location attached closest to it in the parse: first a
phrase on the path from its trigger to its clause's verb, then one elsewhere in
the same clause (`Russian troops in Syria attacked`), then one in a non-finite
complement (`agreed to deploy troops in Mali`); places in reported clauses,
relative clauses and other events' clauses are not its location. An event whose
sentence names no place inherits the location of an event between the same two
actors in the sentence or two before, in the same paragraph (`They met in
Beijing. They signed ...`).

Same-named places are resolved by a score (see `Geolocator._score`): what the
text says about the place itself (`Paris, Texas`; `the U.S. state of Georgia`)
outweighs everything; then the countries of the event's actors and of the
document's other places and actors; then size: countries, seas and the regions
of `data/places/places.tsv`, then cities by population with capitals first. So
`Paris` is in France unless the text points to Texas, and `Georgia` is the
country unless the event's actors are all American.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..places import Candidate, Gazetteer, Place, gazetteer
from .actors import LOCATIVE, Mention
from .events import RawEvent
from .knowledge import Actor

# Prepositions whose object is where something happened (actors.LOCATIVE plus motion).
PREPS = LOCATIVE | {"into", "through"}
# Used for a location only with seas and regions ("patrols on the Black Sea"): "talks
# on Syria" is a topic.
PREPS_REGION_ONLY = {"on"}
# Used for a location only by visits ("flew to Beijing" for CAMEO 042/043).
PREPS_VISIT = {"to"}
VISIT_CODES = ("042", "043")
VISIT_LEMMAS = {"visit", "tour"}
# Material acts whose direct object can be the place acted on ("shelled Kharkiv",
# "invaded Kuwait", "blockaded Gaza"): CAMEO roots 15-20.
OBJECT_ROOTS = {"15", "16", "17", "18", "19", "20"}
# Words before a place that narrow it without changing which place it is.
DIRECTIONS = {"northern", "southern", "eastern", "western", "central", "northeastern",
              "northwestern", "southeastern", "southwestern", "north-eastern",
              "north-western", "south-eastern", "south-western", "north", "south", "east",
              "west", "northeast", "northwest", "southeast", "southwest", "upper", "lower",
              "coastal", "rural", "occupied"}
# Nouns that introduce a place by "of", an apposition or a compound: "the city of Mosul",
# "the capital, Kabul", "the Idlib province".
GENERIC_HEADS = {"city", "town", "village", "capital", "port", "province", "region", "state",
                 "district", "county", "area", "areas", "outskirts", "suburb", "suburbs",
                 "north", "south", "east", "west", "centre", "center", "heart", "coast",
                 "waters", "island", "islands", "republic", "enclave", "territory", "part",
                 "parts", "streets", "border", "oblast", "governorate", "prefecture",
                 "municipality", "neighbourhood", "neighborhood", "camp", "base", "peninsula"}
# Actor kinds whose names are never places (people named Jordan or Georgia, institutions).
# A metonym after "at" stands for its state's capital ("met at the White House").
NOT_PLACE_KINDS = {"person", "title", "metonym", "adjective"}  # "Thai" is no town
# Place types that stand for a state when they take part in an event ("shelled Juba",
# "protesters in Lagos"); seas and oceans belong to no state.
STATE_PLACE_TYPES = {"city", "admin", "country", "region"}
# Dependencies that start a clause of its own: places inside belong to that clause.
CLAUSE_DEPS = {"ccomp", "relcl", "advcl", "parataxis", "acl"}
MAX_SPAN = 8  # tokens in a place name ("Bosnia and Herzegovina", "Sea of Japan")


@dataclass(slots=True)
class Location:
    """An event's location: the gazetteer entry and where the text names it."""

    place: Place
    char_start: int
    char_end: int
    mention: str  # as written, with a direction word ("northern Iraq")


@dataclass(slots=True)
class PlaceMention:
    start: int  # tokens of the name
    end: int
    span_start: int  # first token of the mention as reported (a direction word included)
    prep: str  # "in", "near", "to", "visit"...
    attach: int  # token the phrase modifies (the preposition's head, or the visit verb)
    sentence: int
    candidates: list[Candidate]
    hints: set[str] = field(default_factory=set)  # countries named inside the phrase
    qualifier: Place | None = None  # "Paris, Texas"
    via_generic: bool = False  # reached through "the outskirts of", "the city of"...


class Geolocator:
    """Finds and resolves event locations in a parsed document; build once, reuse."""

    def __init__(self, gz: Gazetteer | None = None) -> None:
        self.gz = gz or gazetteer()
        # Each state's capital, for buildings that stand for a government ("at the Kremlin").
        self.capitals: dict[str, Place] = {}
        for cands in self.gz.by_surface.values():
            for c in cands:
                if c.place.capital and c.place.country:
                    self.capitals.setdefault(c.place.country, c.place)

    # -- finding place mentions ---------------------------------------------------
    def find(self, doc, actors: Sequence[Mention]) -> list[PlaceMention]:  # noqa: ANN001
        """Every place governed by a locative preposition (or visited), in text order."""
        blocked = {i for m in actors if m.kind in NOT_PLACE_KINDS for i in range(m.start, m.end)}
        metonyms = {i: m for m in actors if m.kind == "metonym" for i in range(m.start, m.end)}
        adjectives = {i: m for m in actors if m.kind in ("adjective", "name", "compound")
                      for i in range(m.start, m.end)}
        sent_index = {s.start: k for k, s in enumerate(doc.sents)}
        found: list[PlaceMention] = []
        for tok in doc:
            word = tok.lower_
            if tok.dep_ == "prep" and (word in PREPS or word in PREPS_REGION_ONLY
                                       or word in PREPS_VISIT):
                objects = [c for c in tok.children if c.dep_ == "pobj"]
                prep, attach = word, tok.head.i
            elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in VISIT_LEMMAS:
                objects, prep, attach = [tok], "visit", tok.head.i
            elif tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and (
                    tok.pos_ == "PROPN" or tok.lower_ in GENERIC_HEADS):
                objects, prep, attach = [tok], "object", tok.head.i
            else:
                continue
            if prep == "at":
                for obj in objects:
                    pm = self._metonym_capital(doc, obj, metonyms)
                    if pm is not None:
                        pm.prep, pm.attach = prep, attach
                        pm.sentence = sent_index.get(obj.sent.start, 0)
                        found.append(pm)
                        objects = []
            for obj in objects:
                for head in [obj, *[c for c in obj.children if c.dep_ == "conj"]]:
                    pm = self._phrase(doc, head, blocked, adjectives, 0)
                    if pm is None:
                        continue
                    pm.prep, pm.attach = prep, attach
                    pm.sentence = sent_index.get(head.sent.start, 0)
                    found.append(pm)
        found.sort(key=lambda p: p.start)
        return found

    def _phrase(self, doc, head, blocked: set[int], adjectives: dict[int, Mention],  # noqa: ANN001
                depth: int) -> PlaceMention | None:
        """The place a noun phrase headed by `head` names, following "city of X" etc."""
        pm = self._covering(doc, head, blocked)
        if pm is None and depth < 2 and head.lower_ in GENERIC_HEADS:
            followers = [c for c in head.children if c.dep_ == "appos"]
            followers += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                          for p in c.children if p.dep_ == "pobj"]
            followers += [c for c in head.children if c.dep_ == "compound"]
            for f in followers:
                pm = self._phrase(doc, f, blocked, adjectives, depth + 1)
                if pm is not None:
                    pm.via_generic = True
                    break
        if pm is None:
            return None
        # Countries named in the phrase ("the Iraqi city of", "the U.S. state of").
        for i in range(head.left_edge.i, head.i):
            m = adjectives.get(i)
            if m is not None and not (pm.start <= i < pm.end):
                pm.hints.update(a.country for a in m.actors if a.country)
        # A direction word just before the name.
        k = pm.start
        while k - 1 >= head.left_edge.i and doc[k - 1].lower_ in DIRECTIONS:
            k -= 1
        pm.span_start = k
        pm.qualifier = self._qualifier(doc, pm)
        return pm

    def _metonym_capital(self, doc, obj, metonyms: dict[int, Mention]  # noqa: ANN001
                         ) -> PlaceMention | None:
        """"at the Kremlin", "at the White House": the capital of the state whose
        government the building stands for (metonyms.tsv gives the state)."""
        m = metonyms.get(obj.i)
        if m is None or len(m.actors) != 1 or m.actors[0].role not in ("GOV", "LEG"):
            return None
        capital = self.capitals.get(m.actors[0].country or "")
        if capital is None:
            return None
        return PlaceMention(m.start, m.end, m.start, "at", obj.i, 0, [Candidate(capital, True)])

    def _covering(self, doc, head, blocked: set[int]) -> PlaceMention | None:  # noqa: ANN001
        """The longest gazetteer name among the spans that contain the phrase's head."""
        lo = max(head.left_edge.i, head.i - MAX_SPAN + 1)
        hi = min(head.right_edge.i + 1, head.i + MAX_SPAN)
        spans = sorted(((a, b) for a in range(lo, head.i + 1) for b in range(head.i + 1, hi + 1)
                        if b - a <= MAX_SPAN), key=lambda ab: (ab[0] - ab[1], ab[0]))
        for a, b in spans:
            first = doc[a]
            if not first.text[:1].isupper() or first.lower_ == "the":
                continue
            if any(i in blocked for i in range(a, b)) or any(
                    t.text in ("'s", "\u2019s") for t in doc[a:b]):
                continue
            cands = self.gz.candidates(doc[a:b].text)
            if cands:
                return PlaceMention(a, b, a, "", head.i, 0, list(cands))
        return None

    def _qualifier(self, doc, pm: PlaceMention) -> Place | None:  # noqa: ANN001
        """"Paris, Texas" / "Tripoli, Lebanon": a state or region right after a comma that
        contains one of the candidates."""
        b = pm.end
        if b + 1 >= len(doc) or doc[b].text != ",":
            return None
        for n in range(min(4, len(doc) - b - 1), 0, -1):
            for c in self.gz.candidates(doc[b + 1:b + 1 + n].text):
                q = c.place
                if q.type not in ("admin", "country"):
                    continue
                if any(_within(x.place, q) for x in pm.candidates):
                    return q
        return None

    def place_actors(self, doc, actors: Sequence[Mention],  # noqa: ANN001
                     found: list[PlaceMention] | None = None) -> list[Mention]:
        """Places the actor lists do not name, as mentions of the state they lie in
        (kind "place"), so the event rules can take "killed 12 people in Gaza" or
        "students in Lagos" as acts on or by that state, as PLOVER and ICEWS code them.
        Each resolves by the document's context alone: no event is known yet."""
        mentions = self.find(doc, actors) if found is None else found
        ctx = _DocContext.build(mentions, actors)
        taken = {i for m in actors for i in range(m.start, m.end)}
        out: list[Mention] = []
        for pm in mentions:
            if pm.prep in PREPS_REGION_ONLY or any(i in taken for i in range(pm.start, pm.end)):
                continue
            if any(c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"
                   and not pm.start <= c.i < pm.end for c in doc[pm.end - 1].children):
                continue  # part of a longer name: "the Europe Bridge" is not Bridge, Texas
            place = max(((self._score(c, pm, [], ctx), -k, c.place)
                         for k, c in enumerate(pm.candidates)), key=lambda s: (s[0], s[1]))[2]
            if not place.country or place.type not in STATE_PLACE_TYPES:
                continue
            state = Actor(place.country, place.country, place.country, None, place.name,
                          "state")
            first, last = doc[pm.start], doc[pm.end - 1]
            out.append(Mention(pm.start, pm.end, first.idx, last.idx + len(last.text),
                               doc[pm.start:pm.end].text, [state], "place", place.name))
            taken.update(range(pm.start, pm.end))
        return out

    # -- events --------------------------------------------------------------------
    def locate(self, doc, events: Sequence[RawEvent],  # noqa: ANN001 - a spaCy Doc
               actors: Sequence[Mention],
               found: list[PlaceMention] | None = None) -> list[Location | None]:
        """One location (or None) per event, in the order given (`found`: the result of
        `find` for this document, when the caller has it)."""
        if not events:
            return []
        mentions = self.find(doc, actors) if found is None else found
        sents = list(doc.sents)
        by_sent: dict[int, list[PlaceMention]] = {}
        for pm in mentions:
            by_sent.setdefault(pm.sentence, []).append(pm)
        ctx = _DocContext.build(mentions, actors)
        out: list[Location | None] = []
        located: list[tuple[int, frozenset[str], Location]] = []
        for e in events:
            loc = self._for_event(doc, e, by_sent.get(e.sentence_index, []), ctx)
            if loc is None and e.sentence_index not in by_sent:
                loc = _inherit(doc, sents, e, located)
            if loc is not None:
                located.append((e.sentence_index, _pair(e), loc))
            out.append(loc)
        return out

    def _for_event(self, doc, e: RawEvent, mentions: list[PlaceMention],  # noqa: ANN001
                   ctx: _DocContext) -> Location | None:
        trig = doc[e.trigger]
        clause = _clause(trig)
        path = set()
        t = trig
        while True:
            path.add(t.i)
            if t.i == clause.i or t.head.i == t.i:
                break
            t = t.head
        visit = e.code.startswith(VISIT_CODES) or trig.lemma_.lower() in VISIT_LEMMAS
        ranked: list[tuple[int, int, PlaceMention]] = []
        for pm in mentions:
            if (pm.prep in PREPS_VISIT or pm.prep == "visit") and (
                    not visit or pm.attach not in path):
                continue
            if pm.prep == "object" and (pm.attach != trig.i or e.code[:2] not in OBJECT_ROOTS):
                continue
            attach = doc[pm.attach]
            if pm.attach in path:
                tier = 0
            elif _clause(attach).i == clause.i:
                tier = 1
            elif _inside(attach, trig):
                tier = 2
            else:
                continue
            ranked.append((tier, abs(pm.start - trig.i), pm))
        for _, _, pm in sorted(ranked, key=lambda r: (r[0], r[1])):
            place = self._resolve(pm, e, ctx)
            if place is not None:
                return Location(place, doc[pm.span_start].idx,
                                doc[pm.end - 1].idx + len(doc[pm.end - 1].text),
                                doc[pm.span_start:pm.end].text)
        return None

    # -- choosing among same-named places ------------------------------------------
    def _resolve(self, pm: PlaceMention, e: RawEvent, ctx: _DocContext) -> Place | None:
        cands = pm.candidates
        if pm.prep in PREPS_REGION_ONLY and not pm.via_generic:
            cands = [c for c in cands if c.place.type in ("sea", "region")]
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0].place
        event_countries = [a.country for a, m in ((e.source, e.source_mention),
                                                  (e.target, e.target_mention))
                           if a.country and not _overlaps(m, pm)]
        # Two states meet or talk as often in a third state's city as in their own
        # ("U.S. and Iranian negotiators met in Geneva"); they fight on one of theirs.
        neutral = e.code[:2] <= "05" and len(set(event_countries)) > 1
        scored = [(self._score(c, pm, event_countries, ctx, neutral), -i, c.place)
                  for i, c in enumerate(cands)]
        return max(scored, key=lambda s: (s[0], s[1]))[2]

    @staticmethod
    def _score(c: Candidate, pm: PlaceMention, event_countries: list[str],
               ctx: _DocContext, neutral: bool = False) -> float:
        """Prior (kind and size of place) plus context; see the module docstring."""
        p = c.place
        if p.type == "city":
            score = 2.5 * math.log10(max(p.population, 1000)) + (2.0 if p.capital else 0.0)
            score -= 0 if c.primary else 3.0
        elif p.id.startswith("geonames:"):  # a U.S. state
            score = 13.0
        else:  # countries, and the curated seas, regions and areas of places.tsv
            score = 17.0 if c.primary else 14.0
        country = p.country
        if country:
            if pm.qualifier is not None and _within(p, pm.qualifier):
                score += 20
            if country in pm.hints:
                score += 20
            if event_countries and all(x == country for x in event_countries):
                score += 4.5
            elif country in event_countries and not (neutral and p.type == "city"):
                score += 3.0
            if ctx.actor_countries[country] > sum(
                    1 for m in ctx.actor_mentions if _overlaps(m, pm) and any(
                        a.country == country for a in m.actors)):
                score += 1.5
            if ctx.place_countries[country] > (1 if _anchor(pm) == country else 0):
                score += 3
            if p.admin1 and ctx.place_admin1[p.admin1] > 0:
                score += 3
        return score


@dataclass(slots=True)
class _DocContext:
    """What the whole document says about where it is: its actors' and places' states."""

    actor_mentions: list[Mention]
    actor_countries: Counter
    place_countries: Counter  # of unambiguous place mentions
    place_admin1: Counter

    @classmethod
    def build(cls, mentions: list[PlaceMention], actors: Sequence[Mention]) -> _DocContext:
        states = [m for m in actors if m.kind not in ("person", "title")]
        actor_countries = Counter(a.country for m in states for a in m.actors if a.country)
        places = Counter()
        admin = Counter()
        for pm in mentions:
            if len(pm.candidates) == 1:
                p = pm.candidates[0].place
                if p.country:
                    places[p.country] += 1
                if p.admin1:
                    admin[p.admin1] += 1
        return cls(states, actor_countries, places, admin)


def _anchor(pm: PlaceMention) -> str | None:
    return pm.candidates[0].place.country if len(pm.candidates) == 1 else None


def _within(p: Place, q: Place) -> bool:
    """Whether place p lies in the state or first-level division q."""
    if q.type == "country":
        return p.country == q.country and p.id != q.id
    return bool(q.admin1) and p.admin1 == q.admin1 and p.id != q.id


def _overlaps(m: Mention, pm: PlaceMention) -> bool:
    return m.start < pm.end and pm.start < m.end


def _clause(tok):  # noqa: ANN001, ANN202
    """The verb of the clause a token belongs to (the token itself if it is one)."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def _inside(tok, trig) -> bool:  # noqa: ANN001
    """Whether tok hangs below the trigger with no finite or relative clause between."""
    t = tok
    while t.i != trig.i:
        if t.dep_ in CLAUSE_DEPS or t.head.i == t.i:
            return False
        t = t.head
    return True


def _pair(e: RawEvent) -> frozenset[str]:
    return frozenset((e.source.primary, e.target.primary))


def _inherit(doc, sents, e: RawEvent,  # noqa: ANN001
             located: list[tuple[int, frozenset[str], Location]]) -> Location | None:
    """The location of an event between the same actors in the sentence or two before,
    within the paragraph."""
    pair = _pair(e)
    for s_idx, other, loc in reversed(located):
        if s_idx >= e.sentence_index or e.sentence_index - s_idx > 2:
            continue
        # From the earlier sentence's start: spaCy keeps a paragraph break's whitespace
        # inside the sentence before it.
        between = doc.text[sents[s_idx].start_char:sents[e.sentence_index].start_char]
        if "\n\n" in between or "\n \n" in between:
            continue
        if other == pair:
            return loc
    return None
