"""Checks on the CAMEO taxonomy (data/cameo/codes.tsv) and its loader."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from multipolar.cameo import (
    QUAD_NAMES,
    EventType,
    event_type,
    load_codes,
    quad_of_root,
    root_of,
)
from tests.conftest import SHARED

CAMEO_REF = SHARED / "reference" / "cameo"
ROOTS = [f"{r:02d}" for r in range(1, 21)]

# Codes in codes.tsv that GDELT's CAMEO.goldsteinscale.txt lacks (documented in codes.tsv).
NOT_IN_GDELT = {"1213"}
# Codes whose Goldstein value deliberately differs from GDELT's lookup file (none: 106 keeps
# the file's -5.0; GDELT 1.0 rows carry 0.0, see codes.tsv).
GOLDSTEIN_EXCEPTIONS: dict[str, float] = {}


def _read_ref_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        pytest.skip(f"shared reference data absent ({path})")
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_root_present_with_sub_codes():
    codes = load_codes()
    for root in ROOTS:
        assert root in codes, root
        assert any(c != root and c.startswith(root) for c in codes), f"root {root} has no sub-codes"
    assert 300 <= len(codes) <= 320
    assert sum(len(c) == 4 for c in codes) > 50


def test_code_shape_and_root():
    for code, et in load_codes().items():
        assert et.code == code
        assert code.isdigit() and 2 <= len(code) <= 4, code
        assert et.root == code[:2] == root_of(code)
        assert et.name and et.name == et.name.strip()


def test_every_sub_code_has_its_parent():
    codes = load_codes()
    for code in codes:
        if len(code) > 2:
            assert code[:-1] in codes, f"{code} has no parent {code[:-1]}"


def test_quad_by_root():
    expected = {r: 1 if r <= "05" else 2 if r <= "08" else 3 if r <= "14" else 4 for r in ROOTS}
    for root in ROOTS:
        assert quad_of_root(root) == expected[root]
    for et in load_codes().values():
        assert et.quad == expected[et.root], et.code
        assert et.quad_name == QUAD_NAMES[et.quad]
    assert QUAD_NAMES == {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }


def test_goldstein_in_range():
    for et in load_codes().values():
        assert isinstance(et.goldstein, float)
        assert -10.0 <= et.goldstein <= 10.0, et.code


def test_root_goldstein_matches_reference():
    ref = _read_ref_tsv(CAMEO_REF / "cameo_root_codes_quad_goldstein.tsv")
    assert [r["code"] for r in ref] == ROOTS
    for row in ref:
        assert event_type(row["code"]).goldstein == float(row["goldstein"]), row["code"]
        # Our quad agrees with the icews package's mapping for every root.
        assert event_type(row["code"]).quad == int(row["quad_icews_pkg"]) or row["code"] == "14"


def test_goldstein_matches_gdelt_lookup():
    path = CAMEO_REF / "CAMEO.goldsteinscale.txt"
    if not path.exists():
        pytest.skip(f"shared reference data absent ({path})")
    rows = path.read_text("utf-8").splitlines()
    assert rows[0].split("\t") == ["CAMEOEVENTCODE", "GOLDSTEINSCALE"]
    gdelt = {code: float(value) for code, value in (ln.split("\t") for ln in rows[1:] if ln)}
    codes = load_codes()
    assert set(codes) - set(gdelt) == NOT_IN_GDELT
    assert set(gdelt) - set(codes) == set()
    for code, value in gdelt.items():
        expected = GOLDSTEIN_EXCEPTIONS.get(code, value)
        assert codes[code].goldstein == expected, code


@pytest.mark.parametrize(
    ("code", "quad", "goldstein", "plover_event", "plover_mode"),
    [
        ("111", 3, -2.0, "ACCUSE", "disapprove"),
        ("190", 4, -10.0, "ASSAULT", None),
        ("057", 1, 8.0, "SUPPORT", None),
        ("042", 1, 1.9, "CONSULT", "visit"),
        ("0311", 1, 5.2, "AGREE", None),
        ("106", 3, -5.0, "REQUEST", "meet"),
        ("163", 4, -8.0, "COERCE", "restrict"),
        ("010", 1, 0.0, None, None),
    ],
)
def test_spot_checks(code, quad, goldstein, plover_event, plover_mode):
    et = event_type(code)
    assert (et.quad, et.goldstein, et.plover_event, et.plover_mode) == (
        quad,
        goldstein,
        plover_event,
        plover_mode,
    )


def test_names():
    assert event_type("111").name == "Criticize or denounce"
    assert event_type("01").name == "Make public statement"


def test_event_type_is_frozen_and_cached():
    et = event_type("042")
    assert isinstance(et, EventType)
    with pytest.raises(dataclasses.FrozenInstanceError):
        et.goldstein = 0.0  # type: ignore[misc]
    copy = load_codes()
    copy.clear()
    assert event_type("042") is et
    assert load_codes()["042"] is et


@pytest.mark.parametrize("code", ["999", "42", "0", "176", "", "abc"])
def test_unknown_code_raises_keyerror(code):
    with pytest.raises(KeyError, match="unknown CAMEO event code"):
        event_type(code)


@pytest.mark.parametrize("bad", ["00", "21", "1", "abc", "12345", ""])
def test_root_helpers_reject_bad_input(bad):
    with pytest.raises(ValueError):
        root_of(bad)
    with pytest.raises(ValueError):
        quad_of_root(bad)
