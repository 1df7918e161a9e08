"""xxgk: parse, clean and chart Chinese government information-disclosure annual reports.

>>> from analysis import read_report, load_dataset
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["read_report", "load_dataset", "ingest"]

if TYPE_CHECKING:
    from analysis.dataset.ingest import ingest
    from analysis.dataset.store import load_dataset
    from analysis.pipeline import read_report


def __dir__() -> list[str]:
    """The public API too (lazy names are not globals), so tab completion offers load_dataset."""
    return sorted({*__all__, *(g for g in globals() if g.startswith("__"))})


def __getattr__(name: str) -> Any:  # lazy, so `import analysis` stays cheap in every kernel
    if name == "read_report":
        from analysis.pipeline import read_report

        return read_report
    if name == "load_dataset":
        from analysis.dataset.store import load_dataset

        return load_dataset
    if name == "ingest":
        from analysis.dataset.ingest import ingest

        return ingest
    raise AttributeError(name)
