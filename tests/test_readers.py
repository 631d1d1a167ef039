"""Each reader, on good input and on every kind of bad input a user meets."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from multipolar.models import Document, ReadError, ReadWarning
from multipolar.readers import ReadOptions, plan, read_task

OPTS = ReadOptions()
REPORT = (
    "Russia and China today called for a multipolar world, and the foreign ministers "
    "of both countries criticised the expansion of NATO at talks in Beijing."
)


def read_all(*paths: Path | str, opts: ReadOptions = OPTS):
    tasks, errors, _ = plan([str(p) for p in paths])
    items: list = list(errors)
    for task in tasks:
        items.extend(read_task(task, opts))
    docs = [i for i in items if isinstance(i, Document)]
    errs = [i for i in items if isinstance(i, ReadError)]
    warns = [i for i in items if isinstance(i, ReadWarning)]
    return docs, errs, warns


# -- plain text ---------------------------------------------------------------
def test_text_file_with_header_metadata_and_filename_date(tmp_path):
    path = tmp_path / "monitor-1999-07-27-brief.txt"
    path.write_text("Publication: Monitor Volume: 5 Issue: 144\n\n" + REPORT + "\n", "utf-8")
    (doc,), errs, _ = read_all(path)
    assert not errs
    assert doc.publication == "Monitor"
    assert doc.published == "1999-07-27" and doc.published_source == "filename"
    assert doc.text.startswith("Publication: Monitor")  # offsets point into the file as is
    assert doc.language == "en" and doc.is_english
    assert doc.source == str(path) and doc.source_kind == "text"


def test_text_file_headline_and_dateline_date(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Moscow and Beijing back a multipolar order\n\n"
                    "BEIJING, Sept. 24, 2014 (Xinhua) -- " + REPORT, "utf-8")
    (doc,), _, _ = read_all(path)
    assert doc.title == "Moscow and Beijing back a multipolar order"
    # The dateline is not at the very start (a headline precedes it): no dateline date.
    assert doc.published is None
    path.write_text("BEIJING, Sept. 24, 2014 (Xinhua) -- " + REPORT, "utf-8")
    (doc,), _, _ = read_all(path)
    assert (doc.published, doc.published_source) == ("2014-09-24", "dateline")


def test_yearless_dateline_resolves_against_published_option(tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text("MOSCOW, July 26 (AP) - " + REPORT, "utf-8")
    (doc,), _, _ = read_all(path, opts=ReadOptions(published="1999-07-27"))
    assert (doc.published, doc.published_source) == ("1999-07-26", "dateline")
    (doc,), _, _ = read_all(path)
    assert doc.published is None


def test_published_option_is_the_fallback(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(REPORT, "utf-8")
    (doc,), _, _ = read_all(path, opts=ReadOptions(published="2001-07-16", publication="Desk"))
    assert (doc.published, doc.published_source, doc.publication) == ("2001-07-16", "option", "Desk")


def test_other_encoding_is_detected_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Le ministre fran\u00e7ais a d\u00e9clar\u00e9 que " + REPORT + " \u00ab Bien \u00bb."
    path.write_bytes(text.encode("cp1252"))
    (doc,), errs, (warn,) = read_all(path)
    assert not errs and "fran\u00e7ais" in doc.text
    assert "not valid UTF-8" in warn.message and str(path) in str(warn)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    docs, (err,), _ = read_all(path)
    assert not docs and err.source == str(path) and "empty" in err.message


def test_whitespace_only_and_punctuation_only_files(tmp_path):
    (tmp_path / "blank.txt").write_text(" \n\n\t\n")
    (tmp_path / "punct.txt").write_text("... !!! --- ???")
    docs, errs, _ = read_all(tmp_path / "blank.txt", tmp_path / "punct.txt")
    assert not docs and len(errs) == 2
    assert "no text" in errs[0].message and "no letters" in errs[1].message


def test_binary_file_with_text_extension(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    docs, (err,), _ = read_all(path)
    assert not docs and "binary" in err.message


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC] * 3))
    docs, errs, warns = read_all(path)
    # Either refused with a reason, or decoded with a warning: never a crash, never silent.
    assert (errs and "UTF-8" in errs[0].message or "binary" in errs[0].message) if errs else warns


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse 4 GB file: reading it would take long and fill memory
        fh.truncate(4 * 1024**3)
    called = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: called.append(self) or b"")
    start = time.perf_counter()
    docs, (err,), _ = read_all(path, opts=ReadOptions(max_bytes=1_000_000))
    assert time.perf_counter() - start < 2
    assert not called and not docs
    assert "over the 1,000,000-byte limit" in err.message


def test_missing_path_and_unsupported_scheme():
    docs, errs, _ = read_all("/no/such/file.txt", "ftp://example.org/x")
    assert [e.message for e in errs] == ["no such file or directory",
                                         "unsupported URL scheme (http and https only)"]


# -- HTML ---------------------------------------------------------------------
PAGE = """<!doctype html><html lang="en"><head><title>Site | Crimea vote</title>
<meta property="og:title" content="Russia annexes Crimea; West condemns move">
<meta property="og:site_name" content="World Desk">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2014-03-18T12:00:00Z">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Russia annexes Crimea; West condemns move</h1>
<p>Russian President Vladimir Putin signed a treaty on Tuesday absorbing Crimea into Russia,
and the United States and the European Union condemned the move as illegal.</p>
<p>Washington and Brussels said they would widen sanctions against Moscow, officials said,
while Ukraine's government said it would never accept the loss of the peninsula.</p>
</article><footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"""


def test_html_page_main_text_and_metadata(tmp_path):
    path = tmp_path / "crimea.html"
    path.write_text(PAGE, "utf-8")
    (doc,), errs, _ = read_all(path)
    assert not errs
    assert doc.title == "Russia annexes Crimea; West condemns move"
    assert doc.published == "2014-03-18" and doc.published_source == "metadata"
    assert doc.author == "Jane Roe" and doc.publication == "World Desk"
    assert "signed a treaty" in doc.text and "\n\n" in doc.text
    assert "Subscribe" not in doc.text and "Home" not in doc.text


def test_truncated_html_still_yields_its_text_or_a_clear_error(tmp_path):
    path = tmp_path / "cut.html"
    path.write_text(PAGE[: PAGE.index("while Ukraine")], "utf-8")
    docs, errs, _ = read_all(path)
    assert docs and "signed a treaty" in docs[0].text or errs and errs[0].source == str(path)


@pytest.mark.parametrize("content", ["<<<>>> <div <p <<", "<html><body></body></html>",
                                     "just words, no markup"])
def test_garbage_html(tmp_path, content):
    path = tmp_path / "bad.html"
    path.write_text(content, "utf-8")
    docs, (err,), _ = read_all(path)
    assert not docs and err.source == str(path)
    assert "no article text" in err.message or "not HTML" in err.message


# -- JSON Lines ---------------------------------------------------------------
def test_jsonl_good_and_malformed_lines(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": REPORT, "title": "T", "url": "http://x/a",
                    "published": "2014-03-18", "publication": "Wire", "language": "en"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"text": REPORT + " Second.", "published": "yesterday-ish"}),
        json.dumps({"text": "Der Bundeskanzler sagte am Montag in Berlin, dass Deutschland die "
                            "Sanktionen gegen Russland unterst\u00fctzt und Gespr\u00e4che will."}),
        json.dumps({"text": REPORT + " Third.", "language": "en"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs, errs, _ = read_all(path)
    assert [d.external_id for d in docs] == ["a1", None, None]
    first = docs[0]
    assert (first.title, first.url, first.published, first.publication) == (
        "T", "http://x/a", "2014-03-18", "Wire")
    assert first.source == f"{path}:1"
    assert not docs[1].is_english and docs[1].language == "de"
    by_line = {e.source.rsplit(":", 1)[1]: e.message for e in errs}
    assert set(by_line) == {"2", "3", "5", "6"}
    assert "invalid JSON" in by_line["2"]
    assert '"text"' in by_line["3"]
    assert "JSON object" in by_line["5"]
    assert "not a date" in by_line["6"]


def test_jsonl_line_over_limit_is_skipped_and_the_next_is_kept(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x " * 5000}) + "\n" + json.dumps({"text": REPORT}) + "\n")
    docs, (err,), _ = read_all(path, opts=ReadOptions(max_bytes=2000))
    assert len(docs) == 1 and docs[0].text == REPORT
    assert err.source.endswith(":1") and "limit" in err.message


# -- feeds --------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>http://w/</link>
<item><title>Moscow and Beijing sign treaty</title><link>http://w/1</link>
<guid>w-1</guid><pubDate>Mon, 16 Jul 2001 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Russia and China signed a treaty of friendship in Moscow on Monday.&lt;/p&gt;&lt;p&gt;Both sides called for a multipolar world.&lt;/p&gt;</description></item>
<item><title>Title only</title><link>http://w/2</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id>
<updated>2022-02-25T00:00:00Z</updated>
<entry><title>UN vote</title><id>urn:x:1</id><link href="http://a/1"/>
<updated>2022-03-02T18:00:00Z</updated>
<content type="html">The UN General Assembly demanded that Russia withdraw from Ukraine.</content>
</entry></feed>"""


def test_rss_feed_items_are_documents(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(RSS, "utf-8")
    docs, (err,), _ = read_all(path)
    (doc,) = docs
    assert doc.title == "Moscow and Beijing sign treaty" and doc.url == "http://w/1"
    assert doc.published == "2001-07-16" and doc.publication == "World Wire"
    assert doc.external_id == "w-1"
    assert doc.text == ("Russia and China signed a treaty of friendship in Moscow on Monday."
                        "\n\nBoth sides called for a multipolar world.")
    assert err.source == f"{path}#item2" and "no text" in err.message


def test_atom_feed(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, "utf-8")
    (doc,), errs, _ = read_all(path)
    assert not errs and doc.published == "2022-03-02" and doc.publication == "Atom Desk"


@pytest.mark.parametrize("content", ["<?xml version='1.0'?><rss><channel><item>",
                                     "this is not a feed", "<?xml version='1.0'?><data/>"])
def test_malformed_feed(tmp_path, content):
    path = tmp_path / "broken.xml"
    path.write_text(content, "utf-8")
    docs, (err,), _ = read_all(path)
    assert not docs and err.source == str(path)
    assert "feed" in err.message


# -- directories --------------------------------------------------------------
def test_directory_is_read_recursively_by_extension(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(REPORT)
    (tmp_path / "a" / "b" / "two.html").write_text(PAGE)
    (tmp_path / "a" / "b" / "three.jsonl").write_text(json.dumps({"text": REPORT + " 3"}))
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / ".hidden.txt").write_text(REPORT + " hidden")
    tasks, errors, skipped = plan([str(tmp_path)])
    assert not errors and skipped == 1
    assert [Path(t.source).name for t in tasks] == ["three.jsonl", "two.html", "one.txt"]
    docs, errs, _ = read_all(tmp_path)
    assert len(docs) == 3 and not errs


def test_empty_directory_is_an_error(tmp_path):
    docs, (err,), _ = read_all(tmp_path)
    assert "no readable files" in err.message


def test_unknown_extension_is_sniffed(tmp_path):
    (tmp_path / "story.dat").write_text(PAGE)
    (tmp_path / "lines.out").write_text(json.dumps({"text": REPORT}))
    (tmp_path / "feed.php").write_text(RSS)
    docs, errs, _ = read_all(tmp_path / "story.dat", tmp_path / "lines.out", tmp_path / "feed.php")
    assert [d.source_kind for d in docs] == ["html", "jsonl", "feed"]
