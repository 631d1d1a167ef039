"""Finding actor mentions in a parsed document and resolving them at its date.

A mention is a token span that names a state (`Russia`, `Russian`, `U.S.`), a
metonym for a government (`Moscow`, `the Kremlin`), an organisation (`NATO`),
a person in office at the document's date (`Ivanov` in 1999), or several states
at once (`Russian-U.S.`, `U.S.-China`). Roles come from the noun a mention
modifies (`Russian troops` is RUSMIL) and from titles (`Foreign Minister`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .knowledge import Actor, Entry, KnowledgeBase, Office

# Prepositions whose object is where something happened, not who took part.
LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within",
            "along", "off"}
TITLE_MODIFIERS = {"junior", "deputy", "vice", "former", "acting", "senior", "first", "chief",
                   "assistant", "top", "new", "outgoing", "interim", "then", "state"}
PRONOUNS_PERSON = {"he", "she", "him", "her", "his"}
PRONOUNS_PLURAL = {"they", "them", "their"}
_KIND_RANK = {"person": 0, "name": 1, "igo": 1, "group": 1, "metonym": 2, "capital": 3,
              "adjective": 4, "combining": 5}


@dataclass(slots=True)
class Mention:
    start: int  # token span [start, end)
    end: int
    char_start: int
    char_end: int
    text: str
    actors: list[Actor]
    kind: str  # name | adjective | capital | metonym | igo | person | compound | title
    name: str | None = None  # canonical name for people

    @property
    def is_person(self) -> bool:
        return self.kind in ("person", "title")


@dataclass
class MentionIndex:
    """Surface forms of the knowledge base keyed by their first token, for a fast scan."""

    kb: KnowledgeBase
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(
        default_factory=lambda: defaultdict(list))
    max_len: int = 1

    @classmethod
    def build(cls, kb: KnowledgeBase, tokenizer) -> MentionIndex:  # noqa: ANN001 - spaCy
        index = cls(kb)
        surfaces = set(kb.names) | set(kb.offices) | kb.places
        surfaces -= kb.agencies
        for surface in sorted(surfaces):
            toks = tuple(t.text for t in tokenizer(surface))
            if not toks:
                continue
            index.by_first[toks[0]].append((toks, surface))
            index.max_len = max(index.max_len, len(toks))
        for cands in index.by_first.values():
            cands.sort(key=lambda c: -len(c[0]))
        return index


def _title_before(doc, i: int, kb: KnowledgeBase) -> tuple[str, str] | None:  # noqa: ANN001
    """(title, role) of a title phrase just before token i ("Foreign Minister Igor ...")."""
    for n in (3, 2, 1):
        if i - n < 0:
            continue
        words = " ".join(t.text.lower() for t in doc[i - n:i])
        hit = kb.roles.get(words)
        if hit and hit[1]:
            return words, hit[0]
    return None


def _best_entry(entries: list[Entry]) -> Entry:
    return min(entries, key=lambda e: _KIND_RANK.get(e.kind, 9))


def _person_actor(office: Office) -> Actor:
    return Actor(office.actor, office.country, office.country if len(office.country) == 3
                 else None, office.role, office.name, "person")


class Resolver:
    """Mentions of one document, with the memory coreference needs."""

    def __init__(self, index: MentionIndex, when: dt.date | None) -> None:
        self.index = index
        self.kb = index.kb
        self.when = when
        self.memory: dict[str, Actor] = {}  # surname -> person, for later bare mentions

    def _match_at(self, doc, i: int) -> tuple[int, str] | None:  # noqa: ANN001
        text = doc[i].text
        cands = self.index.by_first.get(text)
        fold = False
        if not cands and text.islower() and text.isalpha() and i > 0 \
                and doc[i - 1].text[:1].isupper() and _title_before(doc, i, self.kb):
            # "President obama": a name typed in lower case after a title.
            cands = self.index.by_first.get(text.capitalize())
            fold = True
        if not cands:
            return None
        for toks, surface in cands:
            n = len(toks)
            words = tuple(t.text.capitalize() if fold else t.text for t in doc[i:i + n])
            if i + n <= len(doc) and words == toks:
                return n, surface
        return None

    def _resolve_surface(self, doc, i: int, n: int, surface: str):  # noqa: ANN001
        """(actors, kind, name) for a matched surface at tokens i..i+n, or None."""
        kb = self.kb
        if surface in kb.places:
            return None  # "the East China Sea": a place, and not China
        people = kb.people(surface, self.when)
        if people:
            single = n == 1
            titled = _title_before(doc, i, kb)
            if single and doc[i].ent_type_ != "PERSON" and titled is None:
                people = []
            if single and people and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ != "B" \
                    and i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
                people = []  # a first name inside a longer name ("Michel Suleiman")
            if single and people and doc[i].ent_iob_ == "B" and i + 1 < len(doc) \
                    and doc[i + 1].ent_iob_ == "I":
                people = []
            if len({p.name for p in people}) > 1 and titled:
                people = [p for p in people if titled[0] in p.title] or people
            names = {p.name for p in people}
            if len(names) == 1:
                office = people[0]
                return [_person_actor(office)], "person", office.name
            if people and len({p.actor for p in people}) == 1:
                # "Bush" with no date: which Bush is unknown, whose government is not.
                return [_person_actor(people[0])], "person", None
            if people:
                return None  # ambiguous at this date: better no actor than a wrong one
        entries = kb.entries(surface, self.when)
        if not entries:
            return None
        entry = _best_entry(entries)
        if entry.kind == "capital" and self._locative(doc, i):
            # "talks in Beijing": a place, standing for its country only as a location.
            actor = entry.actor
            state = Actor(actor.country or actor.primary, actor.primary, actor.country, None,
                          actor.name, "state")
            return [state], "place", actor.name
        if entry.kind == "combining":
            return None  # "Sino" alone names nothing; only inside compounds
        return [entry.actor], entry.kind, entry.actor.name

    @staticmethod
    def _locative(doc, i: int) -> bool:  # noqa: ANN001
        head = doc[i]
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE

    def _part_actor(self, text: str) -> Actor | None:
        entries = self.kb.entries(text, self.when)
        if not entries:
            return None
        entry = _best_entry(entries)
        return entry.actor if entry.actor.kind in ("state", "igo") else None

    def find(self, doc) -> list[Mention]:  # noqa: ANN001 - a spaCy Doc
        mentions: list[Mention] = []
        i = 0
        n_tok = len(doc)
        while i < n_tok:
            tok = doc[i]
            # Compounds written as one token: "U.S.-China", "Russia-NATO".
            if "-" in tok.text and len(tok.text) > 3:
                parts = [p for p in re.split(r"(?<=\w|\.)-(?=\w)", tok.text) if p]
                actors = [self._part_actor(p) for p in parts]
                if len(parts) > 1 and all(actors):
                    mentions.append(Mention(i, i + 1, tok.idx, tok.idx + len(tok.text), tok.text,
                                            _unique(actors), "compound"))
                    i += 1
                    continue
            hit = self._match_at(doc, i)
            if hit is None:
                i += 1
                continue
            n, surface = hit
            resolved = self._resolve_surface(doc, i, n, surface)
            if resolved is None:
                # A combining form may still open a compound ("Sino-Russian").
                resolved = self._compound_start(doc, i, n, surface)
                if resolved is None:
                    i += n
                    continue
            actors, kind, name = resolved
            span = doc[i:i + n]
            mentions.append(Mention(i, i + n, span.start_char, span.end_char, span.text,
                                    list(actors), kind, name))
            i += n
        mentions = self._join_compounds(doc, mentions)
        self._foreign_namesakes(doc, mentions)
        self._titles(doc, mentions)
        self._unknown_people(doc, mentions)
        self._coreference(doc, mentions)
        self._roles(doc, mentions)
        return sorted(mentions, key=lambda m: m.start)

    def _compound_start(self, doc, i: int, n: int, surface: str):  # noqa: ANN001
        entries = self.kb.entries(surface, self.when)
        combining = [e for e in entries if e.kind == "combining"]
        nxt = i + n
        if combining and nxt < len(doc) and doc[nxt].text == "-" and not doc[i + n - 1].whitespace_:
            return [combining[0].actor], "combining", None
        return None

    @staticmethod
    def _join_compounds(doc, mentions: list[Mention]) -> list[Mention]:  # noqa: ANN001
        """"Russian-U.S." (three tokens: Russian, -, U.S.) is one mention of two states."""
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if (prev is not None and prev.end + 1 == m.start and doc[prev.end].text in "-\u2013"
                    and doc[prev.end].text == "-" and not doc[prev.end - 1].whitespace_
                    and not doc[prev.end].whitespace_
                    and prev.kind in ("adjective", "combining", "name", "compound")
                    and m.kind in ("adjective", "name", "compound")):
                span = doc[prev.start:m.end]
                out[-1] = Mention(prev.start, m.end, span.start_char, span.end_char, span.text,
                                  _unique(prev.actors + m.actors), "compound")
                continue
            if m.kind == "combining":
                continue
            out.append(m)
        return out

    def _foreign_namesakes(self, doc, mentions: list[Mention]) -> None:  # noqa: ANN001
        """"Jordan's King Abdullah" is not Saudi Arabia's: a state named right before a
        person overrides the knowledge base's namesake of another state."""
        by_end = {m.end: m for m in mentions}
        for m in mentions:
            if m.kind != "person" or not m.actors:
                continue
            start = m.start
            titled = _title_before(doc, start, self.kb)
            role = "GOV"
            if titled:
                start -= len(titled[0].split())
                role = titled[1]
            state = by_end.get(start) or (by_end.get(start - 1) if start >= 1 and
                                          doc[start - 1].text in ("'s", "’s") else None)
            if state is None or state.kind not in ("name", "adjective") or len(state.actors) != 1:
                continue
            country = state.actors[0].country
            if country and country != m.actors[0].country:
                actor = state.actors[0].with_role(role)
                m.actors = [Actor(actor.code, actor.primary, actor.country, actor.role,
                                  m.text, "person")]
                m.name = m.text

    def _titles(self, doc, mentions: list[Mention]) -> None:  # noqa: ANN001
        """"the Russian foreign minister": the holder of that title at the document's date."""
        for m in mentions:
            if m.kind != "adjective" or len(m.actors) != 1 or m.actors[0].kind != "state":
                continue
            head = doc[m.end - 1].head
            words = [t for t in doc[m.end:head.i + 1]] if head.i >= m.end else []
            if not words or any(t.pos_ in ("VERB", "PUNCT") for t in words):
                continue
            title = " ".join(t.lower_ for t in words)
            country = m.actors[0].country or ""
            nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
            if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.pos_ == "PROPN"):
                continue  # a title before a name ("French Defence Minister Pierre Duval")
            office = self.kb.office_holder(country, title, self.when)
            if office is None and title.endswith("s"):
                continue
            if office is not None:
                m.end = head.i + 1
                span = doc[m.start:m.end]
                m.char_end, m.text = span.end_char, span.text
                m.actors, m.kind, m.name = [_person_actor(office)], "title", office.name

    def _unknown_people(self, doc, mentions: list[Mention]) -> None:  # noqa: ANN001
        """A named person absent from the knowledge base but introduced by a country and
        a title ("French Defence Minister Pierre Joxe") is that state in that role."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or ent.start in taken:
                continue
            titled = _title_before(doc, ent.start, self.kb)
            if titled is None:
                continue
            start = ent.start - len(titled[0].split())
            # "Nigerian junior foreign minister X", "Niger's deputy envoy X"
            while start > 0 and (doc[start - 1].lower_ in TITLE_MODIFIERS
                                 or doc[start - 1].text in ("'s", "\u2019s")):
                start -= 1
            country = next((m for m in mentions if m.end == start and m.kind in
                            ("adjective", "name") and m.actors[0].kind == "state"), None)
            if country is not None:
                state = country.actors[0]
            else:
                # "President Dos Santos" with no country named: the one state the
                # sentence, else the document, is about, if there is exactly one.
                state = self._only_state(mentions, ent.sent.start, ent.sent.end) or \
                    self._only_state(mentions, 0, len(doc))
                if state is None:
                    continue
            actor = state.with_role(titled[1])
            actor = Actor(actor.code, actor.primary, actor.country, actor.role, ent.text, "person")
            mentions.append(Mention(ent.start, ent.end, ent.start_char, ent.end_char, ent.text,
                                    [actor], "person", ent.text))
            self.memory[ent[-1].text] = actor

    @staticmethod
    def _only_state(mentions: list[Mention], start: int, end: int) -> Actor | None:
        states = {a.country: a for m in mentions if start <= m.start < end
                  for a in m.actors if a.kind == "state" and a.country}
        if len(states) != 1:
            return None
        actor = next(iter(states.values()))
        return Actor(actor.country, actor.primary, actor.country, None, actor.name, "state")

    def _coreference(self, doc, mentions: list[Mention]) -> None:  # noqa: ANN001
        """A later bare surname refers to the person named in full before it."""
        for m in sorted(mentions, key=lambda x: x.start):
            if m.kind == "person" and m.actors:
                self.memory[doc[m.end - 1].text] = m.actors[0]
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start not in taken and len(ent) == 1:
                actor = self.memory.get(ent.text)
                if actor is not None:
                    mentions.append(Mention(ent.start, ent.end, ent.start_char, ent.end_char,
                                            ent.text, [actor], "person", actor.name))

    def _roles(self, doc, mentions: list[Mention]) -> None:  # noqa: ANN001
        """"Russian troops", "China's foreign ministry", "U.S. officials": the role of the
        noun a state mention modifies."""
        for m in mentions:
            if m.kind not in ("adjective", "name", "compound") or len(m.actors) != 1:
                continue
            tok = doc[m.end - 1]
            if tok.dep_ not in ("amod", "compound", "poss", "nmod") or tok.head.i < m.end:
                continue
            head = tok.head
            phrase = " ".join(t.lower_ for t in doc[m.end:head.i + 1] if t.dep_ != "case")
            role = self.kb.roles.get(phrase)
            if role is None and head.lemma_.lower() in GROUP_HEADS:
                # "Afghan rebel leaders", "Syrian opposition figures": the modifier says
                # which leaders.
                role = next((r for t in doc[m.end:head.i] if t.pos_ in ("NOUN", "ADJ")
                             and (r := self.kb.roles.get(t.lower_))), None)
            role = (role or self.kb.roles.get(head.lower_)
                    or self.kb.roles.get(head.lemma_.lower()))
            if role:
                m.actors = [m.actors[0].with_role(role[0])]


# Nouns for people or bodies whose role a modifier gives: "opposition groups", "rebel
# leaders" (but "military action" names no actor).
GROUP_HEADS = {"group", "leader", "member", "force", "unit", "official", "commander",
               "people", "man", "woman", "movement", "organisation", "organization",
               "faction", "party", "coalition", "alliance", "wing", "camp", "figure",
               "representative", "spokesman", "spokeswoman", "supporter", "activist",
               "worker", "fighter", "chief", "head", "staff", "personnel", "source"}


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.code not in seen:
            seen.add(a.code)
            out.append(a)
    return out
