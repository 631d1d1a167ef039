"""multipolar: who said and did what to whom in international news, with the evidence.

    >>> import multipolar
    >>> coded = multipolar.code_text("Russia and China opposed the plan.", published="1999-07-27")
    >>> multipolar.to_frame(coded.events)  # a pandas DataFrame, one row per event
    >>> multipolar.dyads("multipolar-data", "RUS", by="year")  # relations, as a DataFrame
    >>> multipolar.system("multipolar-data").windows_frame()  # blocs, poles, balance trend
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "code_text", "dyads", "system", "to_arrow", "to_frame"]

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from .analysis.system import SystemReport
    from .coder.pipeline import CodedDocument, Coder

_coders: dict[tuple[str, ...], Coder] = {}


def _coder(actors: Iterable[Path | str] = ()) -> Coder:
    from .coder.pipeline import Coder

    key = tuple(str(p) for p in actors)
    if key not in _coders:
        _coders[key] = Coder(actor_files=[Path(p) for p in key])
    return _coders[key]


def code_text(text: str, published: str | None = None, *,
              actors: Iterable[Path | str] = ()) -> CodedDocument:
    """Code one text: its events, quotes, citations, dates and actor mentions.

    `published` (YYYY-MM-DD) resolves relative dates and who held which office.
    Raises `multipolar.coder.pipeline.CodingError` for text that cannot be coded.
    The model and knowledge base load on the first call and are reused.
    """
    return _coder(actors).code(text, published)


def to_arrow(records: Sequence[Any]) -> pyarrow.Table:
    """Records (events, quotes, citations...) as an Arrow table."""
    import dataclasses

    import pyarrow as pa

    return pa.Table.from_pylist([dataclasses.asdict(r) for r in records])


def to_frame(records: Sequence[Any]) -> pandas.DataFrame:
    """Records as a pandas DataFrame (one row per record, columns as in DESIGN.md)."""
    import dataclasses

    import pandas as pd

    return pd.DataFrame([dataclasses.asdict(r) for r in records])


def _open_store(store: Path | str) -> Any:
    from .store import Store

    return Store(Path(store), create=False)


def dyads(store: Path | str, actor: str, *, arrow: bool = False,
          **options: Any) -> pandas.DataFrame | pyarrow.Table:
    """An actor's relations per period and counterpart (as `multipolar dyads`), as a pandas
    DataFrame or, with ``arrow=True``, an Arrow table. Options: with_, start, end, by, count.
    Bad arguments raise `multipolar.analysis.dyads.AnalysisError`."""
    import pandas as pd
    import pyarrow as pa

    from .analysis.dyads import dyad_series

    rows = dyad_series(_open_store(store), actor, **options)
    return pa.Table.from_pylist(rows) if arrow else pd.DataFrame(rows)


def system(store: Path | str, **options: Any) -> SystemReport:
    """The system picture (as `multipolar poles`): ``.picture`` for the period, ``.windows``,
    ``.to_dict()``, and DataFrames from ``.windows_frame()`` and ``.edges_frame()``. Options:
    start, end, window, step, count, min_events, weighting, power."""
    from .analysis.system import store_system

    return store_system(_open_store(store), **options)
