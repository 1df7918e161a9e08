"""Shared fixtures. Tests that read the real reports in ../shared/corpus skip where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# the development corpus beside the checkout (../shared/corpus), or beside the folder of worktrees
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus")
               if p.is_dir()), ROOT.parent / "shared" / "corpus")
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
