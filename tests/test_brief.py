"""Briefs: every cited sentence exists in the store; counts come from the store."""

from __future__ import annotations

import pytest

from multipolar.analysis.brief import build_brief
from multipolar.analysis.dyads import AnalysisError
from multipolar.store import Store
from tests.conftest import assert_one_line_error


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from tests.conftest import run_cli

    store = tmp_path_factory.mktemp("brief") / "s"
    result = run_cli("run", store=store, timeout=600)
    assert result.returncode == 0, result.stderr
    # The main job ends on the structure it found: Moscow and Washington in rival blocs.
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("Blocs "))
    assert "effective number of poles" in line
    blocs = [part.split("]")[0] for part in line.split("[")[1:]]
    assert not any("RUS" in b and "USA" in b for b in blocs), line
    return store


def test_every_cited_sentence_exists_in_the_store(sample_store):
    st = Store(sample_store)
    b = build_brief(st, actor="RUS", start="2014-01-01", end="2014-12-31")
    assert b.cited
    texts = {r["doc_id"]: r["text"] for r in st.query("SELECT doc_id, text FROM documents")
             .to_pylist()}
    for doc_id, sentence in b.cited:
        assert sentence.strip() in texts[doc_id]
    md = b.markdown()
    assert md.startswith("# RUS: relations from 2014-")
    for heading in ("## Headline relations", "## Notable events"):
        assert heading in md
    # Every paragraph ends with its citation: counted from the store, or the report's.
    for _heading, paragraphs in b.sections:
        for p in paragraphs:
            assert p.endswith(")."), p


def test_html_is_escaped_and_whole(sample_store):
    html = build_brief(Store(sample_store)).html()
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html


def test_brief_cli_and_errors(cli, sample_store, tmp_path):
    out = tmp_path / "brief.html"
    result = cli("brief", "--actor", "CHN", "--format", "html", "-o", str(out),
                 store=sample_store)
    assert result.returncode == 0 and out.read_text().startswith("<!doctype html>")
    bad = cli("brief", "--actor", "XYZ", store=sample_store)
    assert bad.returncode == 2
    assert_one_line_error(bad.stderr, "unknown actor code 'XYZ'")
    empty = cli("brief", "--from", "2030-01-01", store=sample_store)
    assert empty.returncode == 2
    assert_one_line_error(empty.stderr, "no story events")
    with pytest.raises(AnalysisError, match="is after"):
        build_brief(Store(sample_store), start="2020-01-01", end="2010-01-01")
