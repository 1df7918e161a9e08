"""Shared fixtures. Tests that read the real reports in ../shared/corpus skip where it is absent."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# the development corpus: $XXGK_CORPUS, else beside the checkout (../shared/corpus) or beside the
# folder of worktrees
CORPUS = Path(os.environ.get("XXGK_CORPUS") or next(
    (p for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
     if p.is_dir()), ROOT.parent / "shared" / "corpus"))
REAL = ROOT / "data" / "real"  # the real reports shipped for the demo, with their registry
# fixture modules are imported by the tests, not collected (doctests run over analysis/ only)
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The fixtures folder, for module-scoped fixtures (the `fixtures` fixture is per test)."""
    return FIXTURES


@pytest.fixture
def real_registry():
    """The registry of the real reports (data/real/agencies.csv) in force for one test: the
    package ships none, so ids such as fj-pingtan-zone come from this file, as at ingest."""
    from analysis.parse import agency

    with open(REAL / "agencies.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    agency.use(rows, "data/real/agencies.csv")
    yield rows
    agency.use([], "none")
