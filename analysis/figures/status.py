"""The status of a figure, and the one word (in Chinese) for each kind of figure that is not a number.

Statuses and words are data (analysis/vocab/statuses.csv): charts, tables, briefs and alt text all
ask `word()`, so 未填报 means the same everywhere.

>>> word("blank"), word("absent"), word("reported")
('未填报', '未载明', '')
>>> sorted(NUMBER)
['conflict', 'derived', 'reported']
"""

from __future__ import annotations

import functools

from analysis import vocab

REPORTED, DERIVED, CONFLICT = "reported", "derived", "conflict"
PARTIAL, BLANK, NOT_APPLICABLE = "partial", "blank", "not_applicable"
ABSENT, NO_REPORT, NONE_CONCLUDED = "absent", "no_report", "none_concluded"
UNRESOLVED = "unresolved"  # printed but not placed for certain (待核), or a total with such a part
# statuses a figure in figures.parquet can have (absent / no_report have no row there)
FIGURE_STATUSES = (REPORTED, DERIVED, CONFLICT, PARTIAL, BLANK, NOT_APPLICABLE, UNRESOLVED)


@functools.cache
def _rows() -> dict[str, dict[str, str]]:
    return {r["status"]: r for r in vocab.rows("statuses.csv")}


NUMBER = frozenset(s for s, r in _rows().items() if r["has_number"] == "yes")


def word(status: str) -> str:
    """The Chinese word for a figure of this status ('' for a number); KeyError when unknown."""
    return _rows()[status]["word_zh"]


def words() -> dict[str, str]:
    """status -> word, for mapping a column: `df["status"].map(words())`."""
    return {s: r["word_zh"] for s, r in _rows().items()}


def meanings() -> dict[str, str]:
    """word -> what it means, in the order of statuses.csv, for the statuses that have a
    definition for readers (未填报, 待核, 不适用, 未载明, 无报告): the notes under tables."""
    return {r["word_zh"]: r["means_zh"] for r in _rows().values() if r["means_zh"]}


def has_number(status: str) -> bool:
    """True for the statuses whose figure carries a value (reported, derived, conflict)."""
    return status in NUMBER
