"""The trigger lexicon: which words, in which constructions, signal which CAMEO event.

Rows live in `data/lexicon/triggers.tsv` (see its README); users add their own
files with the same columns. Matching looks at a token's lemma and part of
speech, then at the words that must depend on it (`with`) or govern it
(`governor`); the most specific row that fits wins.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .knowledge import DATA, read_tsv

POS_OF = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
# Dependents whose lemma can satisfy a row's `with` (particles, prepositions, objects).
WITH_DEPS = {"prt", "prep", "dobj", "dative", "attr", "oprd", "nsubjpass", "agent", "amod",
             "compound", "acomp", "advmod", "xcomp", "pobj"}


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str
    with_: frozenset[str]
    governor: frozenset[str]
    target: tuple[str, ...]
    code: str
    intent: str | None
    symmetric: bool
    complement: str  # "" | "target" | "content"
    note: str = ""

    @property
    def specificity(self) -> int:
        return 2 * bool(self.with_) + bool(self.governor)


def _split(value: str) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in value.split("|") if v.strip())


class Lexicon:
    def __init__(self, rows: Iterable[Trigger], sources: list[Path],
                 lemma_fixes: dict[str, str] | None = None) -> None:
        self.lemma_fixes = lemma_fixes or {}
        self.by_key: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        for row in rows:
            self.by_key[(row.lemma, row.pos)].append(row)
        for rows_ in self.by_key.values():
            rows_.sort(key=lambda r: -r.specificity)
        self.sources = sources

    @classmethod
    def load(cls, extra: Iterable[Path] = ()) -> Lexicon:
        paths = [DATA / "lexicon" / "triggers.tsv", *[Path(p) for p in extra]]
        rows: list[Trigger] = []
        for path in paths:
            if not path.exists():
                continue
            for r in read_tsv(path):
                if not r.get("lemma") or not r.get("code"):
                    continue
                rows.append(Trigger(
                    lemma=r["lemma"].lower(), pos=(r.get("pos") or "VERB").upper(),
                    with_=_split(r.get("with", "")), governor=_split(r.get("governor", "")),
                    target=tuple(sorted(_split(r.get("target", "")))), code=r["code"],
                    intent=r.get("intent") or None, symmetric=r.get("symmetric", "") == "yes",
                    complement=r.get("complement", ""), note=r.get("note", ""),
                ))
        fixes_path = DATA / "lexicon" / "lemma_fixes.tsv"
        fixes = ({r["form"].lower(): r["lemma"].lower() for r in read_tsv(fixes_path)}
                 if fixes_path.exists() else {})
        return cls(rows, [p for p in paths if p.exists()], fixes)

    def lemma(self, token) -> str:  # noqa: ANN001 - a spaCy Token
        """The token's lemma, corrected where the model is known to be wrong."""
        return self.lemma_fixes.get(token.lower_) or token.lemma_.lower()

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        return self.by_key.get((lemma.lower(), POS_OF.get(pos, pos)), [])

    def match(self, token) -> Trigger | None:  # noqa: ANN001 - a spaCy Token
        """The most specific row whose constraints the token's parse satisfies."""
        lemma = self.lemma(token)
        rows = self.candidates(lemma, token.pos_)
        if not rows and token.pos_ == "VERB" and token.tag_ == "VBN":
            rows = self.candidates(lemma, "ADJ")
        if not rows:
            return None
        deps = {self.lemma(c) for c in token.children if c.dep_ in WITH_DEPS}
        if token.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in token.children):
            # An intransitive verb's subject qualifies it as an object would: "troops
            # withdrew", "hundreds of UN troops withdrew".
            for c in token.children:
                if c.dep_ == "nsubj":
                    deps.add(self.lemma(c))
                    deps.update(p.lemma_.lower() for g in c.children if g.dep_ == "prep"
                                and g.lower_ == "of" for p in g.children if p.dep_ == "pobj")
        # "call on", "impose ... sanctions on": a preposition's object counts too.
        for c in token.children:
            if c.dep_ in ("dobj", "prep", "nsubjpass", "dative"):
                for g in c.children:
                    if g.dep_ in ("pobj", "prep"):
                        deps.add(g.lemma_.lower())
                    # "25,000 tons of food aid", "a package of sanctions", "part of a
                    # military aid program"
                    if g.dep_ == "prep" and g.lower_ == "of" and c.dep_ != "prep":
                        for p in g.children:
                            if p.dep_ == "pobj":
                                deps.add(p.lemma_.lower())
                                deps.update(x.lemma_.lower() for x in p.children
                                            if x.dep_ == "compound")
                    # "suspended an aid program": the object's noun modifier; "launched
                    # artillery, mortar and rocket fire": coordinated objects
                    if g.dep_ in ("compound", "conj", "nmod") and c.dep_ in ("dobj", "nsubjpass"):
                        deps.add(g.lemma_.lower())
        # The governor: the head, or the word reached through one preposition
        # ("called for a ceasefire", "the use of force").
        govs: set[str] = set()
        if token.head.i != token.i:
            head = token.head
            govs.add(self.lemma(head))
            if head.dep_ in ("prep", "agent") and head.head.i != head.i:
                govs.add(self.lemma(head.head))
        for row in rows:
            if row.with_ and not (row.with_ & deps):
                continue
            if row.governor and not (row.governor & govs):
                continue
            return row
        return None

    def is_intention(self, row: Trigger) -> bool:
        """Rows for intention words (promise, offer, ready...), which defer to the
        action they govern."""
        return "intention" in row.note

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for path in self.sources:
            digest.update(path.read_bytes())
        return digest.hexdigest()[:10]
