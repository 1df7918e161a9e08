"""analysis/README.md maps the stages to folders: it must name every top-level module and folder."""

from __future__ import annotations

import re
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parent.parent / "analysis"


def _entries() -> set[str]:
    return {p.name + ("/" if p.is_dir() else "") for p in ANALYSIS.iterdir()
            if (p.is_dir() and p.name != "__pycache__") or p.suffix == ".py"}


def test_the_map_names_every_module_and_folder():
    named = set(re.findall(r"`([\w.]+/?)`", (ANALYSIS / "README.md").read_text(encoding="utf-8")))
    assert _entries() - named == set(), "add these to analysis/README.md"


def test_the_map_names_nothing_that_is_gone():
    text = (ANALYSIS / "README.md").read_text(encoding="utf-8")
    table = [ln for ln in text.splitlines() if ln.startswith("| ") and "`" in ln]
    named = {m for ln in table for m in re.findall(r"`([\w.]+/?)`", ln.split("|")[2])}
    assert named - _entries() == set(), "analysis/README.md names modules that do not exist"
