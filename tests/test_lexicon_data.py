"""Format and consistency checks on the trigger lexicon (data/lexicon/triggers.tsv)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import SHARED

PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src" / "multipolar" / "data"
TSV = PACKAGE_DATA / "lexicon" / "triggers.tsv"
CODES_TSV = PACKAGE_DATA / "cameo" / "codes.tsv"
EVENTCODES = SHARED / "reference" / "cameo" / "CAMEO.eventcodes.txt"

HEADER = ["lemma", "pos", "with", "governor", "target", "code", "intent", "symmetric",
          "complement", "note"]
POS = {"VERB", "NOUN", "ADJ"}
TARGET_SLOTS = {"dobj", "iobj", "poss"}
TARGET_PREPOSITIONS = {
    "about", "against", "along", "among", "at", "behind", "between", "for", "from", "in",
    "into", "near", "of", "off", "on", "onto", "over", "to", "toward", "towards", "upon",
    "with",
}
CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)\d{0,2}$")
TOKEN_RE = re.compile(r"^[a-z]+$")
SECTION_RE = re.compile(r"^# (\d\d) ")

# Past tenses for the lemmatizer check (base form -> past form). Regular forms are
# derived; irregular ones are listed. Verbs the small model lemmatizes wrongly in the
# past tense (waged, forgave, raped, unbanned) are deliberately not in the sample.
PAST_SAMPLE = {
    "accuse": "accused", "allege": "alleged", "apologise": "apologised",
    "apologize": "apologized", "appeal": "appealed", "arrest": "arrested",
    "assassinate": "assassinated", "attack": "attacked", "blame": "blamed",
    "blockade": "blockaded", "bomb": "bombed", "boycott": "boycotted", "break": "broke",
    "buy": "bought", "charge": "charged", "clash": "clashed", "condemn": "condemned",
    "criticise": "criticised", "criticize": "criticized", "cut": "cut",
    "demand": "demanded", "deny": "denied", "deploy": "deployed",
    "disagree": "disagreed", "expel": "expelled", "fight": "fought", "freeze": "froze",
    "give": "gave", "hold": "held", "host": "hosted", "impose": "imposed",
    "invade": "invaded", "kidnap": "kidnapped", "kill": "killed", "launch": "launched",
    "lay": "laid", "lift": "lifted", "mediate": "mediated", "meet": "met",
    "mobilise": "mobilised", "mobilize": "mobilized", "negotiate": "negotiated",
    "oppose": "opposed", "praise": "praised", "protest": "protested",
    "recall": "recalled", "recognise": "recognised", "reject": "rejected",
    "refuse": "refused", "say": "said", "seek": "sought", "seize": "seized",
    "sell": "sold", "send": "sent", "shell": "shelled", "shoot": "shot",
    "sign": "signed", "speak": "spoke", "strike": "struck", "tell": "told",
    "threaten": "threatened", "urge": "urged", "veto": "vetoed", "visit": "visited",
    "warn": "warned", "welcome": "welcomed", "withdraw": "withdrew",
}


def _lines() -> list[str]:
    return TSV.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[int, dict[str, str]], ...]:
    lines = _lines()
    out = []
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue
        values = line.split("\t")
        assert len(values) == len(HEADER), f"line {number}: {len(values)} fields: {line!r}"
        out.append((number, dict(zip(HEADER, values, strict=True))))
    return tuple(out)


def _alternatives(value: str) -> list[str]:
    return value.split("|") if value else []


def _cameo_codes() -> set[str] | None:
    """The valid codes: the package's codes.tsv, else the shared GDELT list, else None."""
    if CODES_TSV.exists():
        lines = [line for line in CODES_TSV.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
        return {row["code"] for row in csv.DictReader(lines, delimiter="\t")}
    if EVENTCODES.exists():
        lines = EVENTCODES.read_text(encoding="latin-1").splitlines()[1:]
        return {line.split("\t")[0].strip() for line in lines if line.strip()}
    return None


def test_header_is_exact():
    assert _lines()[0].split("\t") == HEADER


def test_no_blank_lines_and_utf8():
    text = TSV.read_bytes().decode("utf-8")
    assert text.endswith("\n")
    assert all(line.strip() for line in text.splitlines()), "blank line in triggers.tsv"


def test_has_enough_rows():
    assert len(_rows()) >= 600


def test_fields_have_no_padding_or_empty_alternatives():
    for number, row in _rows():
        for column, value in row.items():
            assert value == value.strip(), f"line {number}: {column} has padding"
            if column in {"with", "governor", "target"} and value:
                parts = value.split("|")
                assert all(parts), f"line {number}: empty alternative in {column}"
                assert len(parts) == len(set(parts)), f"line {number}: repeated alternative"


def test_lemma_and_pos():
    for number, row in _rows():
        assert TOKEN_RE.match(row["lemma"]), f"line {number}: lemma {row['lemma']!r}"
        assert row["pos"] in POS, f"line {number}: pos {row['pos']!r}"


def test_with_and_governor_are_lower_case_tokens():
    for number, row in _rows():
        for column in ("with", "governor"):
            for value in _alternatives(row[column]):
                assert TOKEN_RE.match(value), f"line {number}: {column} {value!r}"


def test_governor_only_on_nominal_rows():
    for number, row in _rows():
        if row["governor"]:
            assert row["pos"] in {"NOUN", "ADJ"}, f"line {number}: governor on a VERB row"


def test_targets_from_allowed_set():
    allowed = TARGET_SLOTS | TARGET_PREPOSITIONS
    for number, row in _rows():
        for value in _alternatives(row["target"]):
            assert value in allowed, f"line {number}: target {value!r}"
        assert "agent" not in _alternatives(row["target"])
        assert "by" not in _alternatives(row["target"]), "a by-phrase is the source"


def test_symmetric_and_complement_values():
    for number, row in _rows():
        assert row["symmetric"] in {"", "yes"}, f"line {number}"
        assert row["complement"] in {"", "target", "content", "source"}, f"line {number}"
        if row["complement"] == "content":
            assert row["code"] == "010", f"line {number}: reporting verbs code 010"


def test_codes_match_the_cameo_pattern():
    for number, row in _rows():
        assert CODE_RE.match(row["code"]), f"line {number}: code {row['code']!r}"
        if row["intent"]:
            assert CODE_RE.match(row["intent"]), f"line {number}: intent {row['intent']!r}"


def test_codes_exist_in_cameo():
    codes = _cameo_codes()
    if codes is None:
        pytest.skip(f"neither {CODES_TSV} nor {EVENTCODES} is available")
    for number, row in _rows():
        assert row["code"] in codes, f"line {number}: unknown code {row['code']}"
        if row["intent"]:
            assert row["intent"] in codes, f"line {number}: unknown intent {row['intent']}"


def test_intents_are_intent_or_threat_codes():
    for number, row in _rows():
        if row["intent"]:
            assert row["intent"][:2] in {"03", "13"}, f"line {number}: intent {row['intent']}"


def test_no_duplicate_keys():
    keys = Counter((r["lemma"], r["pos"], r["with"], r["governor"]) for _, r in _rows())
    duplicates = [key for key, count in keys.items() if count > 1]
    assert not duplicates, duplicates


def test_all_twenty_roots_covered():
    roots = {row["code"][:2] for _, row in _rows()}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_rows_sit_under_their_root_heading():
    section = None
    for number, line in enumerate(_lines()[1:], start=2):
        match = SECTION_RE.match(line)
        if match:
            section = match.group(1)
        elif not line.startswith("#"):
            assert section is not None, f"line {number}: row before any root heading"
            assert line.split("\t")[5][:2] == section, f"line {number}: not under # {section}"


def test_phrases_the_coding_notes_name():
    index = {(r["lemma"], r["pos"]): [] for _, r in _rows()}
    for _, r in _rows():
        index[(r["lemma"], r["pos"])].append(r)

    def has(lemma, pos, root, with_=None, governor=None):
        return any(
            r["code"].startswith(root)
            and (with_ is None or with_ in _alternatives(r["with"]))
            and (governor is None or governor in _alternatives(r["governor"]))
            for r in index.get((lemma, pos), [])
        )

    assert has("unhappiness", "NOUN", "11")
    assert has("opposition", "NOUN", "11", with_="to")
    assert has("criticism", "NOUN", "11")
    assert has("call", "NOUN", "02", with_="for")
    assert has("force", "NOUN", "19", governor="use")
    assert has("oppose", "VERB", "11")
    assert has("disagree", "VERB", "11")
    assert has("clash", "VERB", "19")
    assert has("charge", "VERB", "11")
    assert has("threaten", "VERB", "13")
    assert has("sign", "VERB", "05", with_="treaty")
    assert has("impose", "VERB", "16", with_="sanction")
    assert has("sanction", "NOUN", "08", governor="lift")
    assert has("strike", "NOUN", "19", with_="air")
    charge = [r for r in index[("charge", "VERB")] if not r["with"]]
    assert charge and charge[0]["complement"] == "target"


def test_both_spellings_present():
    lemmas = {r["lemma"] for _, r in _rows()}
    for british, american in [("criticise", "criticize"), ("apologise", "apologize"),
                              ("mobilise", "mobilize"), ("recognise", "recognize"),
                              ("sceptical", "skeptical"), ("favour", "favor")]:
        assert british in lemmas and american in lemmas, (british, american)


def test_verb_lemmas_are_spacy_lemmas(nlp):
    verbs = sorted({r["lemma"] for _, r in _rows() if r["pos"] == "VERB"})
    docs = nlp.pipe(f"They will {verb} them." for verb in verbs)
    wrong = []
    for verb, doc in zip(verbs, docs, strict=True):
        if doc[2].text != verb or doc[2].lemma_ != verb:
            wrong.append((verb, doc[2].text, doc[2].lemma_))
    assert not wrong, wrong


def test_past_tense_forms_lemmatize_to_the_row_lemma(nlp):
    verbs = {r["lemma"] for _, r in _rows() if r["pos"] == "VERB"}
    sample = {base: past for base, past in PAST_SAMPLE.items() if base in verbs}
    assert len(sample) >= 50, "the past-tense sample must cover at least 50 lexicon verbs"
    wrong = []
    for (base, past), doc in zip(sample.items(),
                                 nlp.pipe(f"Officials {p} them." for p in sample.values()),
                                 strict=True):
        if doc[1].lemma_ != base:
            wrong.append((past, doc[1].lemma_, base))
    assert not wrong, wrong


def test_noun_lemmas_are_spacy_lemmas(nlp):
    nouns = sorted({r["lemma"] for _, r in _rows() if r["pos"] == "NOUN"})
    wrong = []
    for noun, doc in zip(nouns, nlp.pipe(f"The {noun} was reported." for noun in nouns),
                         strict=True):
        if doc[1].lemma_ != noun:
            wrong.append((noun, doc[1].lemma_))
    assert not wrong, wrong
