"""Numbers the way a briefing writes them: counts in the house format of every page, table and
chart (analysis.figures.written: 3,985,758, never 398.6万 here and 3985758 there), one-decimal
percentages, and words (never 0) for figures a report left blank.

>>> count(3985758)
'3,985,758'
>>> count(3119)
'3,119'
>>> pct(0.1234)
'12.3%'
>>> change(3119, 2500)
'增长24.8%'
"""

from __future__ import annotations

import math

from analysis.figures import word, written


def count(value: float) -> str:
    """A count or amount for prose and tables: the house format (analysis.figures.written:
    447,228 in full, the way the report prints it and the pages and charts write it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("count() needs a number; use words() for blank figures")
    return written.number(value)


def pct(share: float) -> str:
    """A share (0–1) as a percentage with one decimal: 0.0 -> '0.0%'."""
    return f"{share * 100:.1f}%"


def change(value: float, previous: float) -> str:
    """Year-on-year change in words: 增长x% / 下降x% / 持平; from zero it says 上年为0."""
    if previous == 0:
        return "持平" if value == 0 else "上年为0"
    rate = (value - previous) / previous
    if round(rate * 100, 1) == 0:
        return "持平"
    return ("增长" if rate > 0 else "下降") + pct(abs(rate))


def signed_pct(value: float, previous: float) -> str:
    """Year-on-year change for a table cell: '+24.8%', '-4.0%', '0.0%'; '—' when the base is 0."""
    if previous == 0:
        return "—"
    rate = (value - previous) / previous * 100
    text = f"{rate:+.1f}%"
    return "0.0%" if text in ("+0.0%", "-0.0%") else text


def words(status: str) -> str:
    """The words for a figure that is not a number (blank, not applicable, absent, no report):
    the one vocabulary of analysis.figures.word."""
    return word(status)
