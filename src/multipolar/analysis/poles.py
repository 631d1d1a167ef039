"""The system picture: a signed network of actors, its blocs, its balance and its poles.

Plain data in, plain data out: records are dyadic events (dicts or objects with the
attributes ``source, target, quad_class, goldstein, date, weight``, or the same names as
columns of a pandas DataFrame, a pyarrow Table or a dict of lists). Records whose source
equals their target (domestic events) and records missing an actor are not dyads and are
left out of the picture. ``weight`` (default 1.0) is how many events a record stands for:
1 per story event, or its number of mentions when counting mentions.

Method
------
1. **Signed network.** Both directions of a pair {a, b} are pooled. With w the record
   weights and g their Goldstein scores (Goldstein 1992, on CAMEO codes, Gerner et al.
   2002), the tie's score is, by ``weighting``:

   - ``"goldstein"`` (default): the weighted mean Goldstein, ``sum(w*g) / sum(w)``, in
     [-10, 10]; its sign says cooperation (+) or conflict (-), its size how intense;
   - ``"net"``: net cooperation, ``(coop - conflict) / sum(w)`` in [-1, 1], where coop
     and conflict are the weights of QuadClass 1-2 and 3-4 records;
   - ``"sum"``: the Goldstein sum ``sum(w*g)``, which also grows with the volume of events.

   Minimum-evidence threshold: pairs whose events ``sum(w)`` are fewer than ``min_events``
   are dropped. Actors are those left with at least one tie; an actor with none is in no
   bloc. A tie whose score is exactly 0 stays in the network but has no sign.

2. **Blocs** maximise the signed modularity of Traag & Bruggeman (2009; the same quality as
   Gomez, Jensen & Arenas 2009), a Potts model that rewards positive ties inside blocs and
   negative ties across them, each against its configuration null model::

       Q = sum_ij [ (A+_ij - k+_i k+_j / 2m+) - (A-_ij - k-_i k-_j / 2m-) ] delta(c_i, c_j)

   with A+ = max(A, 0), A- = max(-A, 0) the positive and negative parts of the score matrix,
   k+/k- the nodes' positive and negative strengths and 2m+/2m- their totals (resolution 1).
   Q is optimised like Louvain (Blondel et al. 2008): local moves of single nodes to the
   community that raises Q most, then aggregation of communities into nodes, repeated while
   communities merge, and a last round of node moves. The modularity matrix is dense and
   every move considers every community (not only neighbours'), which is exact and, for the
   few hundred actors of an event dataset, fast. Nodes are visited in code order and ties
   keep the current community, so the result is deterministic.

3. **Structural balance** (Heider 1946; Cartwright & Harary 1956): a triangle of three
   signed ties is balanced when the product of its signs is positive ("the friend of my
   enemy is my enemy"). ``balance`` is the share of balanced triangles among all signed
   triangles, counted with traces of the sign matrix S (``trace(|S|^3)/6`` triangles, of
   which ``(trace(|S|^3) + trace(S^3)) / 12`` balanced); None when there is no triangle.
   ``frustration`` counts the ties that violate the bloc partition, positive ties across
   blocs plus negative ties inside one (Doreian & Mrvar 1996). The share is strong balance:
   an all-negative triangle counts as unbalanced, so a system of three or more mutually
   hostile blocs scores below 1 even with no frustrated tie (Davis 1967's weak balance would
   accept it); frustration, measured against the blocs found, is the k-bloc measure.

4. **Effective number of poles**, the inverse Herfindahl index of the blocs' weights as in
   Laakso & Taagepera's (1979) effective number of parties::

       poles = 1 / sum_i w_i^2,   w_i = x_i / sum_j x_j

   where x_i is bloc i's activity, the events of the ties touching its members (a tie inside
   the bloc counted once, a tie to another bloc counted for both blocs), or, when a
   ``power`` map is given (e.g. CINC scores, Singer, Bremer & Stuckey 1972), the summed power
   of its members (actors missing from the map count 0). Two blocs of equal weight give 2.0;
   one bloc gives 1.0; an empty network 0.0.

References
----------
Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
  communities in large networks. J. Stat. Mech. P10008.
Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's theory.
  Psychological Review 63(5), 277-293.
Davis, J. A. (1967). Clustering and structural balance in graphs. Human Relations 20(2),
  181-187.
Doreian, P. & Mrvar, A. (1996). A partitioning approach to structural balance. Social
  Networks 18(2), 149-168.
Gerner, D. J., Schrodt, P. A., Yilmaz, O. & Abu-Jabr, R. (2002). Conflict and Mediation
  Event Observations (CAMEO): a new event data framework. ISA annual convention.
Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. Journal of
  Conflict Resolution 36(2), 369-385.
Gomez, S., Jensen, P. & Arenas, A. (2009). Analysis of community structure in networks of
  correlated data. Physical Review E 80, 016114.
Heider, F. (1946). Attitudes and cognitive organization. J. of Psychology 21, 107-112.
Laakso, M. & Taagepera, R. (1979). "Effective" number of parties: a measure with application
  to West Europe. Comparative Political Studies 12(1), 3-27.
Singer, J. D., Bremer, S. & Stuckey, J. (1972). Capability distribution, uncertainty, and
  major power war, 1820-1965. In B. Russett (ed.), Peace, War, and Numbers, 19-48.
Traag, V. A. & Bruggeman, J. (2009). Community detection in networks with positive and
  negative links. Physical Review E 80, 036115.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTINGS = ("goldstein", "net", "sum")
_FIELDS = ("source", "target", "quad_class", "goldstein", "date", "weight")


@dataclass
class Edge:
    """An undirected tie between actors a < b, pooled over both directions.

    ``score`` is signed (cooperation +, conflict -) per the network's weighting; ``events``,
    ``coop`` and ``conflict`` are the (weighted, rounded) numbers of events behind it, all
    events and those of QuadClass 1-2 and 3-4, so every tie shows its evidence.
    """

    a: str
    b: str
    score: float
    events: int
    coop: int
    conflict: int


@dataclass
class Picture:
    """The structure of the system over one period.

    ``blocs`` come from signed community detection (largest first, codes sorted inside);
    ``balance`` is the share of balanced signed triangles (None without triangles) and
    ``frustration`` the ties against the bloc partition; ``poles = 1 / sum(w_i^2)`` with
    ``bloc_weights`` w_i each bloc's share of activity (or of power when given). ``events``
    is the number of dyadic events in the period, before the minimum-evidence threshold.
    """

    actors: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    blocs: list[list[str]] = field(default_factory=list)
    balance: float | None = None
    triangles: int = 0
    frustration: int = 0
    poles: float = 0.0
    bloc_weights: list[float] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    events: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (edges as dicts), for `--format json` and the API."""
        return asdict(self)


# ---------------------------------------------------------------------------------------
# Records in: one columnar, vectorised form for every input shape


@dataclass
class _Events:
    codes: list[str]  # sorted, so comparing indices compares codes
    src: np.ndarray  # intp
    tgt: np.ndarray  # intp
    quad: np.ndarray  # int8, 0 when unknown
    gold: np.ndarray  # float64
    weight: np.ndarray  # float64
    day: np.ndarray  # datetime64[D], NaT when undated


def _columns(records: Any) -> dict[str, Any]:
    """The record fields as columns (lists or arrays), whatever shape the input has."""
    if hasattr(records, "column_names") and hasattr(records, "column"):  # pyarrow Table
        return {n: records.column(n).to_numpy(zero_copy_only=False)
                for n in _FIELDS if n in records.column_names}
    if hasattr(records, "columns") and hasattr(records, "iloc"):  # pandas DataFrame
        return {n: records[n] if n in ("source", "target") else records[n].to_numpy()
                for n in _FIELDS if n in records.columns}
    if isinstance(records, Mapping) and not isinstance(records.get("source"), str | None):
        return {n: records[n] for n in _FIELDS if n in records}  # a dict of columns
    rows = list(records)
    if all(type(r) is dict for r in rows):
        return {n: [r.get(n) for r in rows] for n in _FIELDS}
    return {n: [r.get(n) if isinstance(r, Mapping) else getattr(r, n, None) for r in rows]
            for n in _FIELDS}


def _objects(values: Any) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values) if not isinstance(values, np.ndarray) else values
    return out


def _factorize(values: Any) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 for missing) and the distinct values, in C time (pandas)."""
    import pandas as pd

    if not hasattr(values, "dtype"):  # a list or other plain sequence
        values = _objects(values)
    codes, uniques = pd.factorize(values)
    return codes, list(uniques)


def _as_float(values: Any, name: str, default: float) -> np.ndarray:
    """Floats with missing values (None, NaN) set to the default; junk named by record."""
    try:
        if isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
            out = values.astype(np.float64)
        else:
            out = np.array(values if isinstance(values, list) else _objects(values),
                           dtype=np.float64)
    except (TypeError, ValueError):
        for i, v in enumerate(values, start=1):
            try:
                float(default if v is None else v)
            except (TypeError, ValueError):
                raise ValueError(f"record {i}: {name} {v!r} is not a number") from None
        raise
    out[np.isnan(out)] = default
    return out


def _iso(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    return text[:10] or None


def _days(values: Any) -> np.ndarray:
    """datetime64[D] (NaT when undated) from ISO strings, dates or datetime64 values."""
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[D]")
    codes, uniques = _factorize(_objects(values))
    known = np.empty(len(uniques) + 1, dtype="datetime64[D]")
    known[-1] = np.datetime64("NaT")
    for k, value in enumerate(uniques):
        iso = _iso(value)
        try:
            known[k] = np.datetime64(iso, "D") if iso else np.datetime64("NaT")
        except ValueError:
            i = int(np.flatnonzero(codes == k)[0]) + 1
            raise ValueError(f"record {i}: date {value!r} is not an ISO date") from None
    return known[codes]


def _parse(records: Any) -> _Events:
    """Records to columns: actors as indices into sorted codes, missing values defaulted."""
    cols = _columns(records)
    n = max((len(v) for v in cols.values()), default=0)
    for name in _FIELDS:
        if name not in cols or cols[name] is None:
            cols[name] = [None] * n
        elif len(cols[name]) != n:
            raise ValueError(f"column {name} has {len(cols[name])} values, expected {n}")
    # Factorise the actor columns, then clean and sort only the distinct codes.
    (src_raw, src_uniq), (tgt_raw, tgt_uniq) = _factorize(cols["source"]), _factorize(
        cols["target"])
    clean = [[str(c).strip() if c is not None else "" for c in u] for u in (src_uniq, tgt_uniq)]
    codes = sorted({c for u in clean for c in u if c})
    index = {c: i for i, c in enumerate(codes)}
    src, tgt = (np.array([index.get(c, -1) for c in u] + [-1], dtype=np.intp)[raw]
                for u, raw in zip(clean, (src_raw, tgt_raw), strict=True))  # -1: missing
    gold = _as_float(cols["goldstein"], "goldstein", 0.0)
    weight = _as_float(cols["weight"], "weight", 1.0)
    quad = _as_float(cols["quad_class"], "quad_class", 0.0)
    bad = ~np.isfinite(gold) | ~np.isfinite(weight) | (weight < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"record {i + 1}: goldstein {gold[i]!r} or weight {weight[i]!r} "
                         "is not a finite (non-negative) number")
    day = _days(cols["date"])
    keep = (src >= 0) & (tgt >= 0)  # a record missing an actor is not a dyad
    return _Events(codes=codes, src=src[keep], tgt=tgt[keep],
                   quad=np.nan_to_num(quad[keep]).astype(np.int8), gold=gold[keep],
                   weight=weight[keep], day=day[keep])


def _bound(value: Any, name: str) -> np.datetime64 | None:
    if value is None or value == "":
        return None
    iso = _iso(value)
    try:
        return np.datetime64(dt.date.fromisoformat(iso or ""), "D")
    except ValueError:
        raise ValueError(f"{name}: not a date: {value!r} (use YYYY-MM-DD)") from None


def _period(events: _Events, lo: np.datetime64 | None, hi: np.datetime64 | None) -> np.ndarray:
    """Dyadic records in [lo, hi]; with a bound, undated records cannot be placed and drop."""
    mask = events.src != events.tgt
    if lo is not None:
        mask &= events.day >= lo
    if hi is not None:
        mask &= events.day <= hi
    return mask


# ---------------------------------------------------------------------------------------
# The signed network


@dataclass
class _Network:
    actors: list[str]
    a: np.ndarray  # local actor index, a < b
    b: np.ndarray
    score: np.ndarray
    events: np.ndarray  # summed weights
    coop: np.ndarray
    conflict: np.ndarray

    def edges(self) -> list[Edge]:
        names = np.array(self.actors, dtype=object)
        whole = [np.rint(x).astype(np.int64).tolist()
                 for x in (self.events, self.coop, self.conflict)]
        return list(map(Edge, names[self.a].tolist(), names[self.b].tolist(),
                        np.round(self.score, 4).tolist(), *whole))


def _network(events: _Events, mask: np.ndarray, min_events: float, weighting: str) -> _Network:
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting {weighting!r}: choose one of {', '.join(WEIGHTINGS)}")
    if min_events < 0:
        raise ValueError(f"min_events must be 0 or more, not {min_events}")
    s, t = events.src[mask], events.tgt[mask]
    w, g, q = events.weight[mask], events.gold[mask], events.quad[mask]
    n = len(events.codes)
    key = np.minimum(s, t).astype(np.int64) * n + np.maximum(s, t)
    pairs, inv = np.unique(key, return_inverse=True)
    inv = inv.reshape(-1)
    size = len(pairs)
    wsum = np.bincount(inv, w, size)
    gsum = np.bincount(inv, w * g, size)
    coop = np.bincount(inv, w * ((q == 1) | (q == 2)), size)
    conflict = np.bincount(inv, w * ((q == 3) | (q == 4)), size)
    keep = (wsum >= min_events) & (wsum > 0)
    pairs, wsum, gsum, coop, conflict = (x[keep] for x in (pairs, wsum, gsum, coop, conflict))
    if weighting == "goldstein":
        score = gsum / wsum
    elif weighting == "net":
        score = (coop - conflict) / wsum
    else:
        score = gsum
    ga, gb = pairs // n, pairs % n
    used, local = np.unique(np.concatenate([ga, gb]), return_inverse=True)
    local = local.reshape(-1)
    m = len(pairs)
    return _Network([events.codes[i] for i in used.tolist()], local[:m], local[m:],
                    score, wsum, coop, conflict)


def build_network(records: Any, *, min_events: int = 2,
                  weighting: str = "goldstein") -> tuple[list[str], list[Edge]]:
    """The signed, weighted network of actors (sorted codes, ties sorted by pair).

    Both directions of a pair are pooled, self-dyads ignored, and pairs with fewer than
    ``min_events`` events dropped, so one stray report does not make an alliance.
    """
    events = _parse(records)
    net = _network(events, _period(events, None, None), min_events, weighting)
    return net.actors, net.edges()


# ---------------------------------------------------------------------------------------
# Blocs: signed Potts model (Traag & Bruggeman 2009) optimised Louvain-style


def _local_moves(B: np.ndarray, comm: np.ndarray) -> np.ndarray:
    """Move single nodes to the community that raises Q most, until none does."""
    n = B.shape[0]
    comm = comm.copy()
    onehot = np.zeros((n, n))
    onehot[np.arange(n), comm] = 1.0
    S = B @ onehot  # S[i, c] = sum of B[i, j] over members j of c
    diag = np.diag(B).copy()
    eps = 1e-10 * max(float(np.abs(B).max(initial=0.0)), 1.0)
    for _ in range(1000):  # each move raises Q strictly, so this always ends
        moved = False
        for i in range(n):
            c0 = comm[i]
            row = S[i].copy()
            row[c0] -= diag[i]
            best = int(np.argmax(row))
            if row[best] > row[c0] + eps:
                col = B[:, i]
                S[:, c0] -= col
                S[:, best] += col
                comm[i] = best
                moved = True
        if not moved:
            break
    return np.unique(comm, return_inverse=True)[1].reshape(-1)


def _signed_modularity_matrix(A: np.ndarray) -> np.ndarray:
    pos, neg = np.clip(A, 0.0, None), np.clip(-A, 0.0, None)
    kp, kn = pos.sum(axis=1), neg.sum(axis=1)
    B = pos - neg
    if kp.sum() > 0:
        B -= np.outer(kp, kp) / kp.sum()
    if kn.sum() > 0:
        B += np.outer(kn, kn) / kn.sum()
    return B


def signed_communities(A: np.ndarray) -> np.ndarray:
    """Community labels (0..K-1) maximising signed modularity for symmetric scores A."""
    n = A.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    B = _signed_modularity_matrix(A)
    labels = np.arange(n)
    level = B
    while True:
        comm = _local_moves(level, np.arange(level.shape[0]))
        k = int(comm.max()) + 1
        labels = comm[labels]
        if k == level.shape[0] or k == 1:
            break
        onehot = np.zeros((level.shape[0], k))
        onehot[np.arange(level.shape[0]), comm] = 1.0
        level = onehot.T @ level @ onehot
    return _local_moves(B, labels)


# ---------------------------------------------------------------------------------------
# The picture


def _triangles(sign: np.ndarray) -> tuple[int, int]:
    """(signed triangles, balanced ones) from traces of the sign matrix and its absolute."""
    absolute = np.abs(sign)
    total = float(((absolute @ absolute) * absolute).sum()) / 6.0
    signed = float(((sign @ sign) * sign).sum()) / 6.0
    return round(total), round((total + signed) / 2.0)


def _picture(events: _Events, lo: np.datetime64 | None, hi: np.datetime64 | None, *,
             min_events: float = 2, power: Mapping[str, float] | None = None,
             weighting: str = "goldstein") -> Picture:
    mask = _period(events, lo, hi)
    days = events.day[mask]
    days = days[~np.isnat(days)]
    start = str(lo) if lo is not None else (str(days.min()) if len(days) else None)
    end = str(hi) if hi is not None else (str(days.max()) if len(days) else None)
    total = round(float(events.weight[mask].sum()))
    net = _network(events, mask, min_events, weighting)
    picture = Picture(actors=net.actors, edges=net.edges(), start=start, end=end, events=total)
    n = len(net.actors)
    if n == 0:
        return picture
    A = np.zeros((n, n))
    A[net.a, net.b] = net.score
    A[net.b, net.a] = net.score
    labels = signed_communities(A)
    k = int(labels.max()) + 1
    picture.triangles, balanced = _triangles(np.sign(A))
    picture.balance = balanced / picture.triangles if picture.triangles else None
    sign = np.sign(net.score)
    same = labels[net.a] == labels[net.b]
    picture.frustration = int(((sign > 0) & ~same).sum() + ((sign < 0) & same).sum())
    if power is None:
        mass = (np.bincount(labels[net.a], net.events, k)
                + np.bincount(labels[net.b], net.events * ~same, k))
    else:
        upper = {str(key).strip().upper(): float(v) for key, v in power.items()}
        actor_power = np.array([upper.get(a.upper(), 0.0) for a in net.actors])
        mass = np.bincount(labels, actor_power, k)
    shares = mass / mass.sum() if mass.sum() > 0 else np.zeros(k)
    members = [[net.actors[i] for i in np.flatnonzero(labels == c)] for c in range(k)]
    order = sorted(range(k), key=lambda c: (-len(members[c]), -shares[c], members[c]))
    picture.blocs = [members[c] for c in order]
    picture.bloc_weights = [round(float(shares[c]), 6) for c in order]
    squares = float((shares**2).sum())
    picture.poles = 1.0 / squares if squares > 0 else 0.0
    return picture


def system_picture(records: Any, *, min_events: int = 2, power: Mapping[str, float] | None = None,
                   start: str | None = None, end: str | None = None,
                   weighting: str = "goldstein") -> Picture:
    """Blocs, balance and poles of the events dated within [start, end] (inclusive).

    Without bounds every dyadic record counts, dated or not, and the picture's period is the
    span of the dates seen; with a bound, undated records cannot be placed and are left out.
    Empty input gives an empty picture (no blocs, poles 0, balance None), not an error.
    """
    lo, hi = _bound(start, "start"), _bound(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {start} is after end {end}")
    return _picture(_parse(records), lo, hi, min_events=min_events, power=power,
                    weighting=weighting)


def window_bounds(start: str, end: str, window_days: int,
                  step_days: int) -> list[tuple[str, str]]:
    """Inclusive (start, end) of each window: full windows every ``step_days`` from start,
    plus one ending on ``end`` when the steps fall short of it, so all windows have the same
    length and the latest events are always in a window. A period shorter than a window is
    one window."""
    lo, hi = _bound(start, "start"), _bound(end, "end")
    if lo is None or hi is None:
        raise ValueError("sliding windows need both a start and an end date")
    if lo > hi:
        raise ValueError(f"start {start} is after end {end}")
    if window_days < 1 or step_days < 1:
        raise ValueError(f"window ({window_days}d) and step ({step_days}d) must be 1 day or more")
    width = np.timedelta64(window_days - 1, "D")
    step = np.timedelta64(step_days, "D")
    if lo + width >= hi:
        return [(str(lo), str(hi))]
    out = []
    s = lo
    while s + width <= hi:
        out.append((str(s), str(s + width)))
        s = s + step
    if out[-1][1] != str(hi):
        out.append((str(hi - width), str(hi)))
    return out


def sliding_windows(records: Any, *, start: str, end: str, window_days: int, step_days: int,
                    **kw: Any) -> list[Picture]:
    """One picture per window (see `window_bounds`), records parsed once for all of them.

    Keyword arguments (min_events, power, weighting) go to each window's picture.
    """
    bounds = window_bounds(start, end, window_days, step_days)
    events = _parse(records)
    return [_picture(events, np.datetime64(a, "D"), np.datetime64(b, "D"), **kw)
            for a, b in bounds]


# ---------------------------------------------------------------------------------------
# Power from CSV


def load_power_csv(path: Path) -> dict[str, float]:
    """Power by actor code (e.g. CINC scores) from a CSV with a header naming ``actor`` and
    ``value`` (other columns ignored); codes are upper-cased. Bad input is a one-line
    ValueError naming the file and line, so a user can fix it without a traceback."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ValueError(f"{path}: cannot read power file: {reason}") from None
    lines = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise ValueError(f"{path}: empty power file (expected a header: actor,value)")
    rows = csv.reader([line for _, line in lines])
    header = [h.strip().lower() for h in next(rows)]
    head_line = lines[0][0]
    if "actor" not in header or "value" not in header:
        raise ValueError(f"{path}:{head_line}: header must name columns actor and value, "
                         f"got {','.join(header)!r}")
    ia, iv = header.index("actor"), header.index("value")
    out: dict[str, float] = {}
    seen: dict[str, int] = {}
    for (lineno, _), row in zip(lines[1:], rows, strict=True):
        if len(row) != len(header):
            raise ValueError(f"{path}:{lineno}: {len(row)} fields, expected {len(header)}")
        actor, raw = row[ia].strip().upper(), row[iv].strip()
        if not actor:
            raise ValueError(f"{path}:{lineno}: empty actor code")
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{path}:{lineno}: value {raw!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{path}:{lineno}: value {raw!r} must be a finite number >= 0")
        if actor in seen:
            raise ValueError(f"{path}:{lineno}: actor {actor} already given on line "
                             f"{seen[actor]}")
        seen[actor] = lineno
        out[actor] = value
    return out


# ---------------------------------------------------------------------------------------
# Plot

_COOP, _CONFLICT, _NEUTRAL = "#2e8b3d", "#c8352e", "#9a9a9a"
# Bloc colours: tab20 without its greens and reds, which mean cooperation and conflict.
_BLOC_COLOURS = [0, 2, 8, 10, 14, 16, 18, 1, 3, 9, 11, 15, 17, 19, 12, 13]


def _layout(picture: Picture) -> dict[str, tuple[float, float]]:
    """Spring layout where positive ties and bloc membership pull, negative ties barely."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(picture.actors)
    for bloc in picture.blocs:
        for i, a in enumerate(bloc):
            for b in bloc[i + 1:]:
                g.add_edge(a, b, w=0.5)
    for e in picture.edges:
        pull = 1.0 + abs(e.score) if e.score > 0 else 0.05
        g.add_edge(e.a, e.b, w=g.get_edge_data(e.a, e.b, {"w": 0.0})["w"] + pull)
    # Lay out each connected component on its own, then set them side by side in rows,
    # largest first, each scaled by the square root of its size: one global spring layout
    # pushes small components to the rim and crushes the big one into a corner.
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), sorted(c)))
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    row_width = 2.2 * math.sqrt(len(parts[0])) + 2.0
    for part in parts:
        size = math.sqrt(len(part))
        sub = g.subgraph(part)
        local = (nx.spring_layout(sub, weight="w", seed=7, iterations=200,
                                  k=1.2 / math.sqrt(len(part)))
                 if len(part) > 1 else {next(iter(part)): np.zeros(2)})
        if x > 0 and x + 2 * size > row_width:
            x, y, row_height = 0.0, y - row_height - 0.6, 0.0
        for node, (px, py) in local.items():
            pos[node] = (x + size * (1 + float(px)), y - size * (1 - float(py)))
        x += 2 * size + 0.6
        row_height = max(row_height, 2 * size)
    return pos


def _draw_network(ax: Any, picture: Picture) -> None:
    from matplotlib import colormaps
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Patch

    ax.set_axis_off()
    period = f"{picture.start or '?'} to {picture.end or '?'}"
    if not picture.actors:
        ax.set_title(f"System picture, {period}")
        ax.text(0.5, 0.5, "no ties above the evidence threshold", ha="center", va="center",
                transform=ax.transAxes)
        return
    balance = "n/a" if picture.balance is None else f"{picture.balance:.2f}"
    ax.set_title(f"System picture, {period}\n{len(picture.blocs)} blocs, "
                 f"poles {picture.poles:.2f}, balance {balance}", fontsize=10)
    pos = _layout(picture)
    top = max((abs(e.score) for e in picture.edges), default=1.0) or 1.0
    segments = [(pos[e.a], pos[e.b]) for e in picture.edges]
    colors = [_COOP if e.score > 0 else _CONFLICT if e.score < 0 else _NEUTRAL
              for e in picture.edges]
    widths = [0.4 + 3.6 * abs(e.score) / top for e in picture.edges]
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=widths, alpha=0.7,
                                     zorder=1))
    tab20 = colormaps["tab20"]

    def colour(i: int) -> Any:
        return tab20(_BLOC_COLOURS[i % len(_BLOC_COLOURS)])

    bloc_of = {a: i for i, bloc in enumerate(picture.blocs) for a in bloc}
    xy = np.array([pos[a] for a in picture.actors])
    many = len(picture.actors) > 40
    ax.scatter(xy[:, 0], xy[:, 1], s=60 if many else 420, zorder=2, edgecolors="white",
               c=[colour(bloc_of[a]) for a in picture.actors])
    for a, (x, y) in zip(picture.actors, xy, strict=True):
        ax.annotate(a, (x, y), ha="center", va="center", fontsize=5 if many else 8,
                    fontweight="bold", zorder=3)
    ax.margins(0.08)
    handles = [Patch(color=colour(i), label=", ".join(b[:6]) + (" ..." if len(b) > 6 else "")
                     + f" ({w:.0%})")
               for i, (b, w) in enumerate(zip(picture.blocs, picture.bloc_weights,
                                              strict=True)) if i < 12]
    handles += [Patch(color=_COOP, label="cooperation tie"),
                Patch(color=_CONFLICT, label="conflict tie")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2,
              fontsize=7, frameon=False, title="blocs (share of weight)", title_fontsize=7)


def _draw_trend(ax: Any, pictures: list[Picture]) -> None:
    x = np.arange(len(pictures))
    poles = [p.poles if p.actors else np.nan for p in pictures]  # no ties: a gap, not 0
    balance = [np.nan if p.balance is None else p.balance for p in pictures]
    ax.plot(x, poles, marker="o", color="#1f4e8c", label="effective number of poles")
    ax.set_ylabel("effective number of poles", color="#1f4e8c")
    ax.set_ylim(bottom=0)
    twin = ax.twinx()
    twin.plot(x, balance, marker="s", color="#b5651d", label="structural balance")
    twin.set_ylabel("share of balanced triangles", color="#b5651d")
    twin.set_ylim(0, 1.05)
    every = max(1, len(pictures) // 12)
    ax.set_xticks(x[::every])
    ax.set_xticklabels([p.end or str(i) for i, p in enumerate(pictures)][::every],
                       rotation=45, ha="right", fontsize=7)
    ax.set_xlabel("window ending")
    ax.set_title("Poles and balance over windows", fontsize=10)
    ax.grid(alpha=0.3)


def plot(pictures: list[Picture], path: Path, *, network: Picture | None = None) -> None:
    """Write the network of ``network`` (default: the last picture; nodes by bloc, green
    cooperation and red conflict ties, width by |score|) and, for several pictures, the
    trend of poles and balance, as PNG or SVG by the file's suffix. Drawn on a bare Figure
    (Agg/SVG canvas), so no display or pyplot state is needed."""
    from matplotlib.figure import Figure

    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise ValueError(f"{path}: plot format must be .png or .svg, not {path.suffix!r}")
    if not pictures:
        raise ValueError("nothing to plot: no pictures")
    trend = len(pictures) > 1
    fig = Figure(figsize=(13, 6) if trend else (7.5, 6.5), layout="constrained")
    if trend:
        left, right = fig.subplots(1, 2, width_ratios=[1.1, 1])
        _draw_network(left, network or pictures[-1])
        _draw_trend(right, pictures)
    else:
        _draw_network(fig.subplots(), network or pictures[-1])
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if kind == "svg" else None
    fig.savefig(path, format=kind, dpi=120, metadata=metadata)
