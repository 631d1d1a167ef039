"""A fast stand-in for statistical NER: runs of proper nouns as PERSON spans.

The coder needs entities only to tell people's names apart (a bare surname,
an unknown official after a title, a speaker); states, organisations and
places come from the knowledge base. The statistical recogniser costs about
half of spaCy's run time, so by default the coder marks maximal runs of
proper nouns instead, breaking them at titles, months and weekdays. Knowledge
base matching runs first, so "United States" or "NATO" never reach a person rule.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .knowledge import DATA, read_tsv

CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}
_titles: set[str] | None = None


def title_words() -> set[str]:
    """Single words of titles ("President", "Minister", "Secretary"), which open a name
    but are not part of it."""
    global _titles
    if _titles is None:
        words: set[str] = set()
        for row in read_tsv(DATA / "actors" / "roles.tsv"):
            if row.get("title", "").lower() == "yes":
                for term in row["term"].split("|"):
                    words.update(term.lower().split())
        _titles = words | {"mr", "mrs", "ms", "dr", "gen", "general", "sen", "rep", "lt",
                           "col", "adm", "sir", "lord", "king", "queen", "prince", "sheikh"}
    return _titles


@Language.component("multipolar_names")
def proper_noun_people(doc: Doc) -> Doc:
    titles = title_words()
    spans: list[Span] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if not _name_token(tok, titles):
            i += 1
            continue
        j = i + 1
        while j < n and (_name_token(doc[j], titles) or _initial(doc[j])):
            j += 1
        while j > i + 1 and _initial(doc[j - 1]):
            j -= 1
        spans.append(Span(doc, i, j, label="PERSON"))
        i = j
    doc.set_ents(spans, default="outside")
    return doc


def _name_token(tok, titles: set[str]) -> bool:  # noqa: ANN001
    return (tok.pos_ == "PROPN" and tok.text[:1].isupper() and any(c.isalpha() for c in tok.text)
            and tok.lower_ not in CALENDAR and tok.lower_ not in titles)


def _initial(tok) -> bool:  # noqa: ANN001
    """Middle initials and particles inside names: "George W. Bush", "bin Salman"."""
    return (len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == ".") or \
        tok.lower_ in ("bin", "al", "de", "van", "von", "der", "ibn", "abu", "el")
