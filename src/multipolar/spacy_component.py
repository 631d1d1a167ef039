"""multipolar as a spaCy pipeline component, for users who already have a pipeline.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("multipolar", config={"published": "1999-07-27"})
    doc = nlp(text)
    doc._.events, doc._.quotes, doc._.citations

The factory is registered through spaCy's `spacy_factories` entry point, so
`add_pipe("multipolar")` works once the package is installed. The component
needs a parse (tagger, lemmatizer and parser before it); a document's own date
can be set with `doc._.published` through `nlp.pipe(..., as_tuples=True)`-style
code or the `published` config for a whole batch.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import ids

for _name in ("events", "quotes", "citations", "dates", "actors"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


class MultipolarComponent:
    """Runs the coder's stages on a parsed Doc and stores the records on `doc._`."""

    def __init__(self, nlp: Language, name: str, published: str | None) -> None:
        from .coder.pipeline import Coder

        missing = {"parser", "tagger"} - set(nlp.pipe_names)
        if missing:
            raise ValueError(f"the multipolar component needs {', '.join(sorted(missing))} "
                             "before it in the pipeline")
        self.name = name
        self.published = published
        self.coder = Coder(nlp=nlp, adapt_pipeline=False)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published or self.published
        coded = self.coder.code_parsed(doc, ids.doc_id(doc.text), published)
        doc._.events = coded.events
        doc._.quotes = coded.quotes
        doc._.citations = coded.citations
        doc._.dates = coded.dates
        doc._.actors = coded.actors
        return doc


@Language.factory("multipolar", default_config={"published": None})
def make_multipolar(nlp: Language, name: str, published: str | None) -> MultipolarComponent:
    return MultipolarComponent(nlp, name, published)
