"""Shared fixtures: the CLI as a user runs it, and the shared reference data."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "corpus" / "monitor-1999-07-27-russia-us.txt"


def read_tsv_rows(path: Path, header: list[str]) -> list[dict[str, str]]:
    """Rows of a knowledge TSV file, checking its header and field counts."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows, f"{path} is empty"
    assert rows[0] == header, rows[0]
    out = []
    for i, r in enumerate(rows[1:], start=2):
        assert len(r) == len(header), f"row {i} has {len(r)} fields: {r}"
        out.append(dict(zip(header, r, strict=True)))
    return out


@pytest.fixture(scope="session")
def nlp():
    """The English pipeline, or a skip naming what to install."""
    from multipolar.coder.nlp import ModelMissing, load_nlp

    try:
        return load_nlp()
    except ModelMissing as exc:
        pytest.skip(str(exc))


def run_cli(*args: str, store: Path | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console entry point in a subprocess, as a user would."""
    cmd = [sys.executable, "-m", "multipolar.cli", *args]
    if store is not None:
        cmd += ["--store", str(store)]
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("MULTIPOLAR_STORE", None)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def seed_text() -> Path:
    if not SEED_TEXT.exists():
        pytest.skip(f"shared reference corpus absent ({SEED_TEXT})")
    return SEED_TEXT


def assert_one_line_error(stderr: str, *needles: str) -> None:
    """Errors are single lines naming the input; never a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert lines, f"no error line in: {stderr!r}"
    for needle in needles:
        assert any(needle in line for line in lines), f"{needle!r} not in {lines}"
