"""Quotations and their attribution (multipolar.coder.quotes).

The seed document is checked against its gold quotes; everything else uses
sentences written for these tests, one rule each.
"""

from __future__ import annotations

import json
import time

import pytest

from multipolar.coder.quotes import SPEECH_VERBS, QuoteSpan, find_quotes
from tests.conftest import SHARED

SEED_TEXT = SHARED / "corpus" / "monitor-1999-07-27-russia-us.txt"
SEED_GOLD = SHARED / "gold" / "dev" / "seed.jsonl"


def quotes(nlp, text: str) -> tuple[object, list[QuoteSpan]]:
    doc = nlp(text)
    return doc, find_quotes(doc)


def speaker(doc, q: QuoteSpan) -> str | None:
    return None if q.speaker_token is None else doc[q.speaker_token].text


def only(qs: list[QuoteSpan]) -> QuoteSpan:
    assert len(qs) == 1, qs
    return qs[0]


def assert_offsets(doc, qs: list[QuoteSpan]) -> None:
    """Every part is a real span of the text; single parts are the text exactly."""
    text = doc.text  # Doc.text is rebuilt on every access
    for q in qs:
        assert q.parts and q.start == q.parts[0][0] and q.end == q.parts[-1][1]
        assert q.text == " ".join(text[a:b] for a, b in q.parts)
        if len(q.parts) == 1:
            assert text[q.start:q.end] == q.text
        for a, b in q.parts:
            assert 0 <= a < b <= len(text)
            assert text[a] not in "\"“”‘’«»" and text[b - 1] not in "\"“”‘’«»,"


# --------------------------------------------------------------------------- seed


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED_TEXT.exists() or not SEED_GOLD.exists():
        pytest.skip(f"shared reference corpus absent ({SHARED})")
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])
    doc = nlp(SEED_TEXT.read_text(encoding="utf-8"))
    return doc, gold


def test_seed_quotes_match_gold(seed):
    doc, gold = seed
    qs = find_quotes(doc)
    assert_offsets(doc, qs)
    said = [q for q in qs if q.kind != "scare"]
    starts = [g["starts"] for g in gold["quotes"]]
    assert len(said) == len(starts) == 7
    for q, start in zip(said, starts, strict=True):
        assert q.text.startswith(start), (q.text, start)
    names = [speaker(doc, q) for q in said]
    assert names[:2] == ["Albright", "Albright"]
    assert all(n in ("Ivanov", "he", "minister") for n in names[2:]), names
    scare = [q for q in qs if q.kind == "scare"]
    assert [q.text for q in scare] == ["turned a corner"]
    assert scare[0].speaker_token is None


def test_seed_kinds_and_cues(seed):
    doc, _ = seed
    by_start = {" ".join(q.text.split()[:2]): q for q in find_quotes(doc)}
    assert by_start["There is"].cue == "said" and by_start["There is"].kind == "direct"
    assert by_start["Neither of"].kind == "direct" and by_start["Neither of"].cue is None
    assert by_start["The use"].cue == "was quoted as saying"
    assert by_start["on the"].kind == "partial"
    assert by_start["relapse into"].kind == by_start["new world"].kind == "partial"
    split = next(q for q in find_quotes(doc) if len(q.parts) == 2)
    assert split.text.startswith("The extension of Russian-Chinese interaction will continue")
    assert speaker(doc, split) == "Ivanov" and split.cue == "said"


def test_seed_speed(seed):
    doc, _ = seed
    find_quotes(doc)  # warm
    runs = 20
    t0 = time.perf_counter()
    for _ in range(runs):
        find_quotes(doc)
    ms = (time.perf_counter() - t0) / runs * 1000
    print(f"\nfind_quotes on the seed document: {ms:.2f} ms per call (target < 5 ms)")


# --------------------------------------------------------------------------- marks


@pytest.mark.parametrize("text", [
    '"We will not back down," Putin said.',
    "“We will not back down,” Putin said.",
    "'We will not back down,' Putin said.",
    "‘We will not back down,’ Putin said.",
])
def test_straight_curly_and_single_marks(nlp, text):
    doc, qs = quotes(nlp, text)
    q = only(qs)
    assert q.text == "We will not back down"
    assert (q.kind, q.cue, speaker(doc, q)) == ("direct", "said", "Putin")
    assert_offsets(doc, qs)


def test_guillemets(nlp):
    doc, qs = quotes(nlp, "Lavrov said: « We will not yield. »")
    q = only(qs)
    assert q.text == "We will not yield." and speaker(doc, q) == "Lavrov"


def test_apostrophes_are_not_marks(nlp):
    _, qs = quotes(nlp, "Don’t say Moscow’s plans aren't clear; it's the West's fault, "
                        "the ’90s showed.")
    assert qs == []
    doc, qs = quotes(nlp, "“Moscow’s plan isn’t dead,” he said.")
    assert only(qs).text == "Moscow’s plan isn’t dead" and speaker(doc, qs[0]) == "he"


def test_nested_single_quotes_stay_inside(nlp):
    doc, qs = quotes(nlp, "“They call it a ‘special operation’ but it is a war,” she said.")
    q = only(qs)
    assert q.text == "They call it a ‘special operation’ but it is a war"
    assert speaker(doc, q) == "she"


def test_plural_possessive_inside_single_quotes(nlp):
    doc, qs = quotes(nlp, "‘The states’ rights are not negotiable,’ the governor said.")
    q = only(qs)
    assert q.text == "The states’ rights are not negotiable" and speaker(doc, q) == "governor"


# --------------------------------------------------------------------------- attribution


def test_attribution_after(nlp):
    doc, qs = quotes(nlp, "“The sanctions are illegal,” Lavrov said on Monday.")
    q = only(qs)
    assert (q.kind, q.cue, speaker(doc, q)) == ("direct", "said", "Lavrov")


def test_attribution_inverted(nlp):
    doc, qs = quotes(nlp, "“The sanctions are illegal,” said Albright.")
    assert speaker(doc, only(qs)) == "Albright"
    doc, qs = quotes(nlp, "“It is a shock,” said one European diplomat.")
    assert speaker(doc, only(qs)) == "diplomat"


@pytest.mark.parametrize("text", [
    "Albright said: “We disagree on Kosovo.”",
    "Albright said that “we disagree on Kosovo.”",
    "Albright said, “We disagree on Kosovo.”",
    "Albright told reporters in Singapore on Monday: “We disagree on Kosovo.”",
])
def test_attribution_before(nlp, text):
    doc, qs = quotes(nlp, text)
    q = only(qs)
    assert q.kind == "direct" and speaker(doc, q) == "Albright"
    assert q.text.lower().startswith("we disagree")
    assert q.cue in ("said", "told reporters")


def test_split_quote_is_one(nlp):
    text = "“The extension of our ties,” Ivanov said, “will continue to stabilize the world.”"
    doc, qs = quotes(nlp, text)
    q = only(qs)
    assert q.text == "The extension of our ties will continue to stabilize the world."
    assert len(q.parts) == 2 and (q.cue, speaker(doc, q)) == ("said", "Ivanov")
    assert doc.text[q.start:q.end].startswith("The extension") and q.end == len(text) - 1
    assert_offsets(doc, qs)


def test_quoted_as_saying(nlp):
    doc, qs = quotes(nlp, "“The use of force has questioned all achievements,” "
                          "he was quoted as saying.")
    q = only(qs)
    assert (q.cue, speaker(doc, q)) == ("was quoted as saying", "he")
    doc, qs = quotes(nlp, "Interfax quoted Lavrov as saying: “The sanctions are illegal.”")
    assert speaker(doc, only(qs)) == "Lavrov"


def test_told_reporters(nlp):
    doc, qs = quotes(nlp, "“We are watching very closely,” the minister told reporters.")
    q = only(qs)
    assert (q.cue, speaker(doc, q)) == ("told reporters", "minister")


def test_according_to(nlp):
    doc, qs = quotes(nlp, "“The sanctions are illegal,” according to Lavrov.")
    q = only(qs)
    assert (q.cue, speaker(doc, q)) == ("according to", "Lavrov")


def test_follow_on_quote_inherits_speaker(nlp):
    doc, qs = quotes(nlp, "“We will respond,” Wang said. “We always do.” He then left.")
    assert [q.text for q in qs] == ["We will respond", "We always do."]
    assert [speaker(doc, q) for q in qs] == ["Wang", "Wang"]
    assert qs[1].speaker_token == qs[0].speaker_token and qs[1].kind == "direct"


def test_quote_not_right_after_keeps_no_speaker(nlp):
    doc, qs = quotes(nlp, "“We will respond,” Wang said. The talks ended late. "
                          "“Nobody expected this.”")
    assert speaker(doc, qs[0]) == "Wang"
    assert qs[1].kind == "direct" and qs[1].speaker_token is None


def test_multi_paragraph_quote(nlp):
    text = ("The minister said: “We will defend our sovereignty.\n\n"
            "“We will not accept any ultimatum.\n\n"
            "“And we will win.”\n\n"
            "The ministry later issued a statement.")
    doc, qs = quotes(nlp, text)
    q = only(qs)
    assert len(q.parts) == 3 and speaker(doc, q) == "minister"
    assert q.text == ("We will defend our sovereignty. We will not accept any ultimatum. "
                      "And we will win.")
    assert_offsets(doc, qs)


def test_multi_paragraph_continues_previous_speaker(nlp):
    text = ("“We will fight on,” Zelensky said. “We will never give up.\n\n"
            "“Ukraine will win.”")
    doc, qs = quotes(nlp, text)
    assert [len(q.parts) for q in qs] == [1, 2]
    assert [speaker(doc, q) for q in qs] == ["Zelensky", "Zelensky"]


# --------------------------------------------------------------------------- fragments


@pytest.mark.parametrize(("text", "who"), [
    ("Ivanov referred to the air campaign as a “relapse into a policy of strength.”", "Ivanov"),
    ("The Russian foreign minister spoke of a “new world order.”", "minister"),
    ("Erdogan accused Israel of “genocide” in Gaza.", "Erdogan"),
    ("Wang said the talks had been “constructive.”", "Wang"),
    ("Officials described the situation as “under control,” though residents disagreed.",
     "Officials"),
])
def test_partial_quote_speaker(nlp, text, who):
    doc, qs = quotes(nlp, text)
    q = qs[0]
    assert q.kind == "partial" and speaker(doc, q) == who, (q, speaker(doc, q))
    assert q.cue is not None


@pytest.mark.parametrize("text", [
    "Despite talk of relations having “turned a corner,” there was evidence of differences.",
    "Despite talk of a “thaw,” Lavrov warned of new sanctions.",
    "Russia rejected the so-called “peace plan” on Tuesday.",
    "The “reset” in relations did not last long.",
    "The prime minister’s “fiscal plan” was criticised by the opposition.",
])
def test_scare_quotes_have_no_speaker(nlp, text):
    doc, qs = quotes(nlp, text)
    q = only(qs)
    assert q.kind == "scare" and q.speaker_token is None and q.cue is None
    assert_offsets(doc, qs)


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", "“", "”", '"', "'", "‘", "He said “", "He said: \"", "“”", "“ ”, he said.",
    "“Unbalanced quote, said nobody.", "Closing only,” he said.", "« » « »", "a \" b \" c \"",
    "“A,” “B,” “C", "He is 5'10\" tall.", "“A.\n\n“B.\n\n”", "said, “", "”“”“”“",
])
def test_odd_input_does_not_crash(nlp, text):
    doc, qs = quotes(nlp, text)
    assert_offsets(doc, qs)
    assert all(q.kind in ("direct", "partial", "scare") for q in qs)


def test_unclosed_quote_runs_to_paragraph_end(nlp):
    doc, qs = quotes(nlp, "He said: “we will win this war\n\nThe next paragraph.")
    q = only(qs)
    assert q.text == "we will win this war" and speaker(doc, q) == "He"


def test_long_text_and_bare_doc(nlp):
    """200,000 characters: the cost is find_quotes's (a bare tokenised Doc, no parse)."""
    block = ("“We will not back down,” Putin said. “Never.” Officials spoke of a “crisis.” "
             "Moscow’s “turn to the East” continued.\n\n")
    text = (block * (200_000 // len(block) + 1))[:200_000]
    doc = nlp.make_doc(text)
    t0 = time.perf_counter()
    qs = find_quotes(doc)
    ms = (time.perf_counter() - t0) * 1000
    print(f"\nfind_quotes on a 200,000-character bare Doc: {ms:.0f} ms, {len(qs)} quotes")
    assert_offsets(doc, qs)
    first = qs[0]
    assert (first.text, first.cue, doc[first.speaker_token].text) == (
        "We will not back down", "said", "Putin")
    assert qs[1].speaker_token == first.speaker_token  # follow-on works without a parse


def test_speech_verb_list():
    for lemma in ("say", "tell", "add", "charge", "quote", "warn", "insist", "emphasise",
                  "emphasize", "acknowledge", "remark", "observe"):
        assert lemma in SPEECH_VERBS
