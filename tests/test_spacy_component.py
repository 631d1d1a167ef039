"""The spaCy component: nlp.add_pipe("multipolar") through the entry point."""

from __future__ import annotations


def test_add_pipe_gives_events_quotes_and_citations(nlp):
    import spacy

    from multipolar.coder.nlp import MODEL_PACKAGES

    name = next(p for p in MODEL_PACKAGES if spacy.util.is_package(p.replace("_", "-"))
                or spacy.util.is_package(p))
    own = spacy.load(name)  # the user's own pipeline, untouched but for our component
    own.add_pipe("multipolar", config={"published": "1999-07-27"})
    assert own.pipe_names[-1] == "multipolar"
    doc = own("Moscow and Beijing opposed the NATO air campaign against Yugoslavia "
              "(AP, Kyodo, July 26). \u201cIt was a mistake,\u201d Ivanov said.")
    triples = {(e.source_actor[:3], e.target_actor, e.cameo_root) for e in doc._.events}
    assert ("RUS", "NATO", "11") in triples and ("CHN", "NATO", "11") in triples
    assert doc._.quotes[0].speaker_name == "Igor Ivanov"
    assert doc._.citations[0].date == "1999-07-26"


def test_the_component_refuses_a_pipeline_without_a_parser():
    import pytest
    import spacy

    blank = spacy.blank("en")
    with pytest.raises(ValueError, match="needs parser"):
        blank.add_pipe("multipolar")
