"""Pin the arithmetic of `multipolar.evaluate` on small hand-made gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from multipolar.evaluate import (
    SUMMARY_KEYS,
    GoldDoc,
    GoldFormatError,
    Report,
    format_report,
    load_gold,
    normalise_source,
    quad_class,
    report_to_json,
    score,
)
from tests.conftest import SHARED

GOLD_DEV = SHARED / "gold" / "dev"


def ev(source: str, target: str, root: str, required: bool = True, **kw: Any) -> dict[str, Any]:
    row = {
        "source": source,
        "target": target,
        "root": root,
        "code": kw.pop("code", root + "0"),
        "evidence": kw.pop("evidence", f"{source} {root} {target}"),
        "required": required,
    }
    row.update(kw)
    return row


def pev(source: str, target: str, root: str, sentence: str = "s.") -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "root": root,
        "code": root + "0",
        "sentence": sentence,
        "evidence": "",
    }


def write_gold(tmp_path: Path, docs: list[dict[str, Any]], name: str = "gold.jsonl") -> Path:
    path = tmp_path / name
    lines = []
    for i, doc in enumerate(docs):
        full = {"id": f"d{i}", "published": "1999-07-27", "publication": "Test", "text": "..."}
        full.update(doc)
        lines.append(json.dumps(full, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load(tmp_path: Path, docs: list[dict[str, Any]]) -> list[GoldDoc]:
    return load_gold(write_gold(tmp_path, docs))


def gold_as_predictions(gold: list[GoldDoc]) -> dict[str, dict[str, Any]]:
    """What a perfect coder would say, in the prediction shape."""
    out: dict[str, dict[str, Any]] = {}
    for d in gold:
        out[d.id] = {
            "events": [
                {
                    "source": e.source,
                    "target": e.target,
                    "root": e.root,
                    "code": e.code,
                    "sentence": e.evidence,
                    "evidence": e.evidence,
                }
                for e in d.events
            ],
            "quotes": [
                {"text": q.starts, "speaker_name": q.speaker, "speaker_actor": q.speaker_actor}
                for q in d.quotes
            ],
            "citations": [
                {"sentence": c.evidence, "sources": list(c.sources), "date": c.date}
                for c in d.citations
            ],
            "dates": [{"text": x.text, "sentence": x.evidence, "value": x.value} for x in d.dates],
            "actors": [
                {"mention": a.mention, "actor": a.actor, "role": a.role, "name": a.name}
                for a in d.actors
            ],
        }
    return out


def last_line(report: Report) -> dict[str, str]:
    line = format_report(report).splitlines()[-1]
    return dict(pair.split("=") for pair in line.split())


FULL_DOC: dict[str, Any] = {
    "text": "“There is no doubt… that we disagree,” Albright said (AP, Kyodo, July 26).",
    "events": [
        ev("USA", "RUS", "11", evidence="that we disagree"),
        ev("RUS", "USA", "03", required=False),
    ],
    "quotes": [
        {"speaker": "Madeleine Albright", "speaker_actor": "USA", "starts": "There is no doubt"}
    ],
    "citations": [{"evidence": "we disagree", "sources": ["AP", "Kyodo"], "date": "1999-07-26"}],
    "dates": [{"text": "July 26", "evidence": "(AP, Kyodo, July 26)", "value": "1999-07-26"}],
    "actors": [
        {"mention": "Albright", "actor": "USA", "role": "GOV", "name": "Madeleine Albright"}
    ],
}


# ----------------------------------------------------------------------------- perfect


def test_perfect_prediction_scores_one_everywhere(tmp_path: Path) -> None:
    gold = load(tmp_path, [FULL_DOC])
    report = score(gold, gold_as_predictions(gold))
    figures = last_line(report)
    assert list(figures) == list(SUMMARY_KEYS)
    assert all(figures[k] == "1.00" for k in SUMMARY_KEYS if k != "docs")
    assert figures["docs"] == "1"
    assert not any(d.has_errors for d in report.documents)


def test_last_line_format_exact(tmp_path: Path) -> None:
    gold = load(tmp_path, [FULL_DOC])
    text = format_report(score(gold, gold_as_predictions(gold)), verbose=False)
    assert text.splitlines()[-1] == (
        "events_f1=1.00 events_p=1.00 events_r=1.00 quad_f1=1.00 quotes_f1=1.00 "
        "speaker_acc=1.00 citations_f1=1.00 dates_f1=1.00 actors_f1=1.00 role_acc=1.00 docs=1"
    )


def test_empty_categories_score_one(tmp_path: Path) -> None:
    gold = load(tmp_path, [{"events": []}])
    report = score(gold, {})
    assert report.events.precision == report.events.recall == report.events.f1 == 1.0
    assert report.speaker.value == 1.0 and report.roles.value == 1.0


# ------------------------------------------------------------------------------ events


def test_missing_required_event_is_false_negative(tmp_path: Path) -> None:
    gold = load(tmp_path, [{"events": [ev("USA", "RUS", "11"), ev("RUS", "CHN", "03")]}])
    report = score(gold, {"d0": {"events": [pev("USA", "RUS", "11")]}})
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 1)
    assert report.events.precision == 1.0 and report.events.recall == 0.5
    assert [(e.source, e.target, e.root) for e in report.documents[0].event_misses] == [
        ("RUS", "CHN", "03")
    ]
    assert 'evidence: "RUS 03 CHN"' in format_report(report)


def test_optional_triple_is_neither_tp_nor_fp(tmp_path: Path) -> None:
    gold = load(
        tmp_path, [{"events": [ev("USA", "RUS", "11"), ev("RUS", "WST", "11", required=False)]}]
    )
    report = score(gold, {"d0": {"events": [pev("USA", "RUS", "11"), pev("RUS", "WST", "11")]}})
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 0)
    # not predicting it is not a miss either
    report = score(gold, {"d0": {"events": [pev("USA", "RUS", "11")]}})
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 0)


def test_triple_required_when_any_row_required(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {
                "events": [
                    ev("RUS", "USA", "11", required=False),
                    ev("RUS", "USA", "11", required=True, evidence="x"),
                ]
            }
        ],
    )
    report = score(gold, {})
    assert report.events.fn == 1
    # both rows of the missed triple are shown, so any sentence would have done
    assert len(report.documents[0].event_misses) == 2


def test_duplicate_event_in_three_sentences_counts_once(tmp_path: Path) -> None:
    rows = [ev("USA", "RUS", "11", evidence=f"sentence {i}") for i in range(3)]
    gold = load(tmp_path, [{"events": rows}])
    one = score(gold, {"d0": {"events": [pev("USA", "RUS", "11")]}})
    assert (one.events.tp, one.events.fp, one.events.fn) == (1, 0, 0)
    three = score(gold, {"d0": {"events": [pev("USA", "RUS", "11", f"s{i}") for i in range(3)]}})
    assert (three.events.tp, three.events.fp, three.events.fn) == (1, 0, 0)
    none = score(gold, {})
    assert (none.events.tp, none.events.fp, none.events.fn) == (0, 0, 1)
    # a false positive repeated three times is one false positive, too
    fp = score(gold, {"d0": {"events": [pev("USA", "RUS", "11")] + [pev("CHN", "JPN", "19")] * 3}})
    assert (fp.events.tp, fp.events.fp, fp.events.fn) == (1, 1, 0)


def test_quad_level_accepts_wrong_root_in_same_quad(tmp_path: Path) -> None:
    gold = load(tmp_path, [{"events": [ev("USA", "RUS", "11"), ev("RUS", "CHN", "03")]}])
    preds = {
        "d0": {
            "events": [
                pev("USA", "RUS", "12"),  # same quad 3 (verbal conflict)
                pev("RUS", "CHN", "06"),
            ]
        }
    }  # quad 2, gold is quad 1
    report = score(gold, preds)
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 2, 2)
    assert (report.quad.tp, report.quad.fp, report.quad.fn) == (1, 1, 1)
    assert report.documents[0].quad_misses == [("RUS", "CHN", 1)]


def test_quad_required_carries_over(tmp_path: Path) -> None:
    # 03 required and 05 optional map to the same quad: the quad triple is required.
    # 19 exists only as an optional row: its quad triple is optional.
    gold = load(
        tmp_path,
        [
            {
                "events": [
                    ev("RUS", "CHN", "03"),
                    ev("RUS", "CHN", "05", required=False),
                    ev("NATO", "YUG", "19", required=False),
                ]
            }
        ],
    )
    report = score(gold, {"d0": {"events": [pev("RUS", "CHN", "05"), pev("NATO", "YUG", "18")]}})
    assert (report.events.tp, report.events.fp, report.events.fn) == (0, 1, 1)  # 18 not in gold
    assert (report.quad.tp, report.quad.fp, report.quad.fn) == (1, 0, 0)  # quad 4 optional
    assert quad_class("05") == 1 and quad_class("08") == 2 and quad_class("14") == 3
    assert quad_class("15") == 4 and quad_class("21") == 0


def test_prediction_root_from_code_and_padding(tmp_path: Path) -> None:
    gold = load(tmp_path, [{"events": [ev("USA", "RUS", "03"), ev("USA", "CHN", "11")]}])
    preds = {
        "d0": {
            "events": [
                {"source": "usa", "target": "RUS", "root": 3},
                {"source": "USA", "target": "CHN", "code": "112"},
            ]
        }
    }
    report = score(gold, preds)
    assert (report.events.tp, report.events.fp, report.events.fn) == (2, 0, 0)


def test_per_root_counts(tmp_path: Path) -> None:
    gold = load(tmp_path, [{"events": [ev("USA", "RUS", "11"), ev("RUS", "CHN", "03")]}])
    report = score(gold, {"d0": {"events": [pev("USA", "RUS", "11"), pev("CHN", "JPN", "19")]}})
    got = {r: (c.tp, c.fp, c.fn) for r, c in report.per_root.items()}
    assert got == {"03": (0, 0, 1), "11": (1, 0, 0), "19": (0, 1, 0)}
    assert "per CAMEO root" in format_report(report)
    assert report_to_json(report)["per_root"]["19"]["fp"] == 1


# ------------------------------------------------------------------------------ quotes


QUOTE_GOLD = {
    "quotes": [
        {
            "speaker": "Madeleine Albright",
            "speaker_actor": "USA",
            "starts": "There is no doubt… that we",
        },
        {
            "speaker": "Igor Ivanov",
            "speaker_actor": "RUS",
            "starts": "The use of force by NATO against Yugoslavia–without",
        },
        {"speaker": "Igor Ivanov", "speaker_actor": "RUS", "starts": "new world order"},
    ]
}


def test_quote_matching_normalises_quotes_ellipsis_dashes(tmp_path: Path) -> None:
    gold = load(tmp_path, [QUOTE_GOLD])
    preds = {
        "d0": {
            "quotes": [
                {
                    "text": '"There is no doubt ... that we disagree [on] it,"',
                    "speaker_name": "Albright",
                    "speaker_actor": "USA",
                },
                {
                    "text": "“The use  of force by NATO against Yugoslavia -- without the”",
                    "speaker_name": "Igor Ivanov",
                    "speaker_actor": "RUS",
                },
                {"text": "a different quote", "speaker_name": "Ivanov", "speaker_actor": "RUS"},
            ]
        }
    }
    report = score(gold, preds)
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (2, 1, 1)
    assert [q.starts for q in report.documents[0].quote_misses] == ["new world order"]
    assert report.speaker.correct == 2 and report.speaker.total == 2


def test_each_gold_quote_matches_at_most_one_prediction(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {
                "quotes": [
                    {"speaker": "Igor Ivanov", "speaker_actor": "RUS", "starts": "new world order"}
                ]
            }
        ],
    )
    q = {"text": "new world order", "speaker_name": "Ivanov", "speaker_actor": "RUS"}
    report = score(gold, {"d0": {"quotes": [q, q]}})
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (1, 1, 0)


def test_quote_matching_is_optimal_when_starts_are_prefixes(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {
                "quotes": [
                    {"speaker": "A B", "speaker_actor": "USA", "starts": "We will"},
                    {"speaker": "A B", "speaker_actor": "USA", "starts": "We will not"},
                ]
            }
        ],
    )
    preds = {
        "d0": {
            "quotes": [
                {"text": "We will not go", "speaker_name": "B", "speaker_actor": "USA"},
                {"text": "We will go", "speaker_name": "B", "speaker_actor": "USA"},
            ]
        }
    }
    report = score(gold, preds)
    assert (report.quotes.tp, report.quotes.fp, report.quotes.fn) == (2, 0, 0)


def test_speaker_accuracy_actor_and_surname(tmp_path: Path) -> None:
    gold = load(tmp_path, [QUOTE_GOLD])
    preds = {
        "d0": {
            "quotes": [
                # right surname, wrong actor
                {
                    "text": "There is no doubt… that we",
                    "speaker_name": "Albright",
                    "speaker_actor": "RUS",
                },
                # right actor, name without the surname
                {
                    "text": "The use of force by NATO against Yugoslavia–without",
                    "speaker_name": "Igor",
                    "speaker_actor": "RUS",
                },
                # right actor, surname in a longer name, case-insensitive
                {
                    "text": "new world order",
                    "speaker_name": "Foreign Minister IVANOV",
                    "speaker_actor": "RUS",
                },
            ]
        }
    }
    report = score(gold, preds)
    assert report.quotes.tp == 3
    assert (report.speaker.correct, report.speaker.total) == (1, 3)
    assert report.speaker.value == pytest.approx(1 / 3)
    assert len(report.documents[0].wrong_speakers) == 2
    assert "wrong speaker" in format_report(report)


def test_speaker_accuracy_zero_when_no_gold_quote_found(tmp_path: Path) -> None:
    gold = load(tmp_path, [QUOTE_GOLD])
    report = score(gold, {})
    assert report.speaker.value == 0.0 and report.quotes.f1 == 0.0


# --------------------------------------------------------------------------- citations


CITATION_GOLD = {
    "citations": [
        {
            "evidence": "aid package for the Balkans",
            "sources": ["AP", "Kyodo"],
            "date": "1999-07-26",
        },
        {
            "evidence": "triggering an arms race",
            "sources": ["Itar-Tass", "Xinhua"],
            "date": "1999-07-26",
        },
    ]
}


def test_citations_default_normaliser(tmp_path: Path) -> None:
    gold = load(tmp_path, [CITATION_GOLD])
    preds = {
        "d0": {
            "citations": [
                {
                    "sentence": "talks on an aid package for the Balkans (AP, Kyodo, July 26).",
                    "sources": ["Kyodo", "ap"],
                    "date": "1999-07-26",
                },
                {
                    "sentence": "and triggering an arms race (Itar-Tass, Xinhua).",
                    "sources": ["ITAR-TASS", "Xinhua"],
                    "date": None,
                },  # no date: not compared
            ]
        }
    }
    report = score(gold, preds)
    assert (report.citations.tp, report.citations.fp, report.citations.fn) == (2, 0, 0)
    assert normalise_source("Itar-Tass") == normalise_source("ITAR TASS") == "itartass"


def test_citations_alias_normaliser_and_date_mismatch(tmp_path: Path) -> None:
    gold = load(tmp_path, [CITATION_GOLD])
    preds = {
        "d0": {
            "citations": [
                {
                    "sentence": "an aid package for the Balkans",
                    "sources": ["Associated Press", "Kyodo"],
                    "date": "1999-07-26",
                },
                {
                    "sentence": "triggering an arms race",
                    "sources": ["TASS", "Xinhua"],
                    "date": "1999-07-25",
                },
            ]
        }
    }
    plain = score(gold, preds)
    assert (plain.citations.tp, plain.citations.fp, plain.citations.fn) == (0, 2, 2)

    aliases = {"associatedpress": "ap", "tass": "itartass"}

    def alias(name: str) -> str:
        key = normalise_source(name)
        return aliases.get(key, key)

    mapped = score(gold, preds, source_normaliser=alias)
    # AP now matches; the Itar-Tass citation still fails on its date
    assert (mapped.citations.tp, mapped.citations.fp, mapped.citations.fn) == (1, 1, 1)
    assert [c.evidence for c in mapped.documents[0].citation_misses] == ["triggering an arms race"]


def test_citation_needs_evidence_in_sentence_and_same_source_set(tmp_path: Path) -> None:
    gold = load(tmp_path, [CITATION_GOLD])
    preds = {
        "d0": {
            "citations": [
                {
                    "sentence": "some other sentence",
                    "sources": ["AP", "Kyodo"],
                    "date": "1999-07-26",
                },
                {
                    "sentence": "triggering an arms race",
                    "sources": ["Xinhua"],
                    "date": "1999-07-26",
                },
            ]
        }
    }
    report = score(gold, preds)
    assert (report.citations.tp, report.citations.fp, report.citations.fn) == (0, 2, 2)


# ------------------------------------------------------------------------------- dates


def test_dates(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {
                "dates": [
                    {
                        "text": "yesterday",
                        "evidence": "there was evidence yesterday",
                        "value": "1999-07-26",
                    },
                    {
                        "text": "yesterday",
                        "evidence": "Ivanov indicated once again yesterday",
                        "value": "1999-07-26",
                    },
                    {"text": "July 26", "evidence": "(AP, Kyodo, July 26)", "value": "1999-07-26"},
                ]
            }
        ],
    )
    preds = {
        "d0": {
            "dates": [
                # matches the second gold date (evidence is inside this sentence)
                {
                    "text": "yesterday",
                    "sentence": "In addition, Ivanov indicated once again yesterday "
                    "that Moscow has little sympathy.",
                    "value": "1999-07-26",
                },
                # right text and sentence, wrong value
                {
                    "text": "yesterday",
                    "sentence": "there was evidence yesterday of differences.",
                    "value": "1999-07-27",
                },
                # right value and sentence, different text span
                {
                    "text": "July",
                    "sentence": "an aid package (AP, Kyodo, July 26).",
                    "value": "1999-07-26",
                },
            ]
        }
    }
    report = score(gold, preds)
    assert (report.dates.tp, report.dates.fp, report.dates.fn) == (1, 2, 2)
    assert report.dates.precision == pytest.approx(1 / 3)
    assert report.dates.recall == pytest.approx(1 / 3)


# ------------------------------------------------------------------------------ actors


def test_actors_once_per_doc_and_role_accuracy(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {
                "actors": [
                    {"mention": "Ivanov", "actor": "RUS", "role": "GOV", "name": "Igor Ivanov"},
                    {"mention": "Moscow", "actor": "RUS", "role": "GOV", "name": "Russia"},
                    {"mention": "Kremlin", "actor": "RUS", "role": "GOV", "name": "Russia"},
                    {
                        "mention": "Milosevic",
                        "actor": "YUG",
                        "name": "Slobodan Milosevic",
                    },  # no role
                ]
            }
        ],
    )
    preds = {
        "d0": {
            "actors": [
                {"mention": "Ivanov", "actor": "RUS", "role": "GOV"},
                {"mention": "Ivanov", "actor": "RUS", "role": "GOV"},  # recurs: scored once
                {"mention": "Ivanov", "actor": "RUS", "role": "GOV"},
                {"mention": "Moscow", "actor": "RUS", "role": "MIL"},  # wrong role
                {
                    "mention": "Milosevic",
                    "actor": "YUG",
                    "role": "GOV",
                },  # gold has no role: skipped
                {"mention": "Beijing", "actor": "CHN", "role": "GOV"},  # not in gold
                {"mention": "the Kremlin", "actor": "USA", "role": "GOV"},  # wrong actor
            ]
        }
    }
    report = score(gold, preds)
    # TP: Ivanov, Moscow, Milosevic; FP: Beijing, Kremlin/USA; FN: Kremlin/RUS
    assert (report.actors.tp, report.actors.fp, report.actors.fn) == (3, 2, 1)
    assert (report.roles.correct, report.roles.total) == (1, 2)
    assert report.roles.value == 0.5
    assert [w.gold.mention for w in report.documents[0].wrong_roles] == ["Moscow"]


def test_actor_mention_must_equal_the_gold_text(tmp_path: Path) -> None:
    """FORMAT.md: a mention matches when its text and actor code are equal."""
    gold = load(
        tmp_path,
        [
            {
                "actors": [
                    {"mention": "Kremlin", "actor": "RUS", "role": "GOV"},
                    {"mention": "Moscow", "actor": "RUS", "role": "GOV"},
                ]
            }
        ],
    )
    preds = {
        "d0": {
            "actors": [
                {"mention": "The Kremlin", "actor": "RUS", "role": "GOV"},
                {"mention": "Moscow", "actor": "RUS", "role": "GOV"},
            ]
        }
    }
    report = score(gold, preds)
    assert (report.actors.tp, report.actors.fp, report.actors.fn) == (1, 1, 1)


# ------------------------------------------------------------------------ micro average


def test_micro_average_over_two_documents(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {"events": [ev("USA", "RUS", "11"), ev("RUS", "CHN", "03"), ev("CHN", "USA", "12")]},
            {"events": [ev("NATO", "YUG", "19")]},
        ],
    )
    preds = {
        # doc 0: tp 2, fp 1, fn 1  (per-doc F1 2/3)
        "d0": {
            "events": [pev("USA", "RUS", "11"), pev("RUS", "CHN", "03"), pev("JPN", "USA", "06")]
        },
        # doc 1: tp 1, fp 2, fn 0  (per-doc F1 1/2)
        "d1": {
            "events": [pev("NATO", "YUG", "19"), pev("YUG", "NATO", "19"), pev("RUS", "NATO", "11")]
        },
    }
    report = score(gold, preds)
    # micro: tp 3, fp 3, fn 1 -> P 0.5, R 0.75, F1 0.6 (the macro F1 would be 0.583)
    assert (report.events.tp, report.events.fp, report.events.fn) == (3, 3, 1)
    assert report.events.precision == pytest.approx(0.5)
    assert report.events.recall == pytest.approx(0.75)
    assert report.events.f1 == pytest.approx(0.6)
    figures = last_line(report)
    assert (figures["events_f1"], figures["events_p"], figures["events_r"]) == (
        "0.60",
        "0.50",
        "0.75",
    )
    assert figures["docs"] == "2"


def test_gold_doc_without_prediction_predicts_nothing(tmp_path: Path) -> None:
    gold = load(
        tmp_path,
        [
            {"events": [ev("USA", "RUS", "11")]},
            FULL_DOC,
        ],
    )
    report = score(gold, {"d0": {"events": [pev("USA", "RUS", "11")]}, "stray": {}})
    assert (report.events.tp, report.events.fp, report.events.fn) == (1, 0, 1)
    assert (report.quotes.tp, report.quotes.fn) == (0, 1)
    assert report.dates.f1 == 0.0 and report.actors.recall == 0.0
    assert report.speaker.value == 0.0 and report.roles.value == 0.0
    assert report.unknown_ids == ["stray"]
    text = format_report(report)
    assert "== d1" in text and "== d0" not in text
    assert "stray" in text


# ------------------------------------------------------------------------------ loading


def test_null_published_and_missing_lists(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '\n{"id": "a", "published": null, "publication": null, "text": "t"}\n\n', encoding="utf-8"
    )
    docs = load_gold(path)
    assert len(docs) == 1
    assert docs[0].published is None
    assert docs[0].events == [] and docs[0].quotes == [] and docs[0].actors == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "b", "events": [}', "invalid JSON"),
        ('{"id": "b", "events": [{"source": "USA", "target": "RUS"}]}', "events[0]: missing"),
        ('{"id": "b", "events": [{"source": "USA", "target": "RUS", "root": "25"}]}', "'root'"),
        ('{"id": "b", "events": {}}', "'events' must be a list"),
        ('{"text": "no id"}', "missing 'id'"),
        ('["not", "an", "object"]', "JSON object"),
        ('{"id": "a"}', "duplicate id 'a' (first on line 1)"),
    ],
)
def test_malformed_gold_line_names_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "ok"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert message.startswith(f"{path}:3: ")
    assert problem in message
    assert "\n" not in message


def test_report_to_json_is_serialisable(tmp_path: Path) -> None:
    gold = load(tmp_path, [FULL_DOC])
    data = report_to_json(score(gold, {"d0": {"events": [pev("CHN", "JPN", "19")]}}))
    json.dumps(data)
    assert list(data["summary"]) == list(SUMMARY_KEYS)
    assert data["documents"][0]["event_fps"][0]["source"] == "CHN"


def test_malformed_prediction_raises_value_error(tmp_path: Path) -> None:
    gold = load(tmp_path, [FULL_DOC])
    with pytest.raises(ValueError, match="prediction for 'd0'"):
        score(gold, {"d0": {"events": [{"target": "RUS", "root": "11"}]}})


# ------------------------------------------------------------------------- real gold


def test_dev_gold_scored_against_itself_is_perfect() -> None:
    if not GOLD_DEV.is_dir():
        pytest.skip(f"shared gold not found at {GOLD_DEV} (the shared workspace is absent)")
    files = sorted(GOLD_DEV.glob("*.jsonl"))
    assert files, f"no gold files in {GOLD_DEV}"
    for path in files:
        gold = load_gold(path)
        assert gold, path
        report = score(gold, gold_as_predictions(gold))
        for name in ("events", "quad", "quotes", "citations", "dates", "actors"):
            counts = getattr(report, name)
            assert counts.fp == 0 and counts.fn == 0, (path.name, name)
            assert counts.f1 == 1.0, (path.name, name)
        assert report.speaker.value == 1.0 and report.roles.value == 1.0, path.name
        figures = last_line(report)
        assert all(figures[k] == "1.00" for k in SUMMARY_KEYS if k != "docs"), path.name
        assert figures["docs"] == str(len(gold))
