"""Arrow schemas of the store's tables: the record contract of DESIGN.md on disk.

Every table carries `doc_id` (and coded tables `coder_version` and `generation`),
so the coder's tables sit beside `documents` with no migration, and a recoded
document's new rows supersede its old ones (latest generation wins).
"""

from __future__ import annotations

import pyarrow as pa

_str = pa.string()

DOCUMENTS = pa.schema(
    [
        ("doc_id", _str),
        ("external_id", _str),
        ("title", _str),
        ("publication", _str),
        ("url", _str),
        ("published", _str),
        ("published_source", _str),
        ("author", _str),
        ("language", _str),
        ("is_english", pa.bool_()),
        ("source", _str),
        ("source_kind", _str),
        ("read_at", _str),
        ("n_chars", pa.int64()),
        ("text", _str),
    ]
)

_CODED = [("coder_version", _str), ("generation", _str)]

EVENTS = pa.schema(
    [
        ("event_id", _str),
        ("doc_id", _str),
        ("sentence_id", pa.int32()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("sentence", _str),
        ("source_actor", _str),
        ("source_country", _str),
        ("source_role", _str),
        ("source_name", _str),
        ("source_mention", _str),
        ("target_actor", _str),
        ("target_country", _str),
        ("target_role", _str),
        ("target_name", _str),
        ("target_mention", _str),
        ("cameo_code", _str),
        ("cameo_root", _str),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float32()),
        ("plover_type", _str),
        ("event_date", _str),
        ("date_precision", _str),
        ("published", _str),
        ("report_sources", pa.list_(_str)),
        ("speaker", _str),
        ("mode", _str),
        ("location", _str),
        # Where the event happened (nullable; stores written before these columns read
        # them as NULL, see Store.connect).
        ("location_type", _str),
        ("location_country", _str),
        ("location_admin1", _str),
        ("location_lat", pa.float64()),
        ("location_lon", pa.float64()),
        ("location_id", _str),
        ("location_mention", _str),
        ("location_start", pa.int32()),
        ("location_end", pa.int32()),
        ("confidence", pa.float32()),
        ("trigger", _str),
        *_CODED,
    ]
)

QUOTES = pa.schema(
    [
        ("quote_id", _str),
        ("doc_id", _str),
        ("text", _str),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("speaker_name", _str),
        ("speaker_actor", _str),
        ("speaker_role", _str),
        ("cue", _str),
        ("published", _str),
        *_CODED,
    ]
)

CITATIONS = pa.schema(
    [
        ("doc_id", _str),
        ("sentence_id", pa.int32()),
        ("sources", pa.list_(_str)),
        ("date", _str),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("sentence", _str),
        ("published", _str),
        *_CODED,
    ]
)

# One row per coding of a document: which rows of the coded tables are current.
CODINGS = pa.schema(
    [
        ("doc_id", _str),
        ("published", _str),
        ("coder_version", _str),
        ("generation", _str),
        ("coded_at", _str),
        ("status", _str),  # coded | skipped | failed
        ("message", _str),
        ("n_events", pa.int32()),
        ("n_quotes", pa.int32()),
        ("n_citations", pa.int32()),
    ]
)

# Story events (see analysis/stories.py): derived from the events, rebuilt as a whole.
STORIES = pa.schema(
    [
        ("story_id", _str),
        ("source", _str),
        ("target", _str),
        ("source_actor", _str),
        ("target_actor", _str),
        ("cameo_code", _str),
        ("cameo_root", _str),
        ("quad_class", pa.int8()),
        ("goldstein", pa.float32()),
        ("date", _str),
        ("last_date", _str),
        ("published", _str),
        ("n_mentions", pa.int32()),
        ("n_docs", pa.int32()),
        ("n_sources", pa.int32()),
        ("event_ids", pa.list_(_str)),
        ("doc_id", _str),
        ("sentence", _str),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("generation", _str),
    ]
)

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "events": EVENTS,
    "quotes": QUOTES,
    "citations": CITATIONS,
    "codings": CODINGS,
    "stories": STORIES,
}
# Tables rebuilt as a whole: only the newest generation is current.
DERIVED_TABLES = ("stories",)
# Tables whose rows belong to one coding of a document (see CODINGS).
CODED_TABLES = ("events", "quotes", "citations")
