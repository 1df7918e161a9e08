"""Shared fixtures. Tests of the real reports read ../shared/corpus, else the copies in data/real."""

from __future__ import annotations

import csv
import functools
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@functools.cache
def real_accuracy():
    """benchmarks/real_accuracy.py as a module, loaded once: its scoring rules (score_entry,
    run) and where the development corpus is (shipped_corpus)."""
    spec = importlib.util.spec_from_file_location("real_accuracy",
                                                  ROOT / "benchmarks" / "real_accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["real_accuracy"] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    return bench


# the development corpus: $XXGK_CORPUS, else beside the checkout (../shared/corpus) or beside the
# folder of worktrees; else the same reports shipped in data/real, laid out the same way
# (benchmarks/real_accuracy.shipped_corpus), so that a clone alone runs the real-report tests
CORPUS = Path(os.environ.get("XXGK_CORPUS") or next(
    (p for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
     if p.is_dir()), None) or real_accuracy().shipped_corpus(
        Path(tempfile.mkdtemp(prefix="xxgk-corpus-"))))
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
