"""Numbers the way a Chinese briefing writes them: 万 and 亿 for large counts, one-decimal percentages,
and words (never 0) for figures a report left blank.

>>> count(3985758)
'398.6万'
>>> count(3119)
'3119'
>>> pct(0.1234)
'12.3%'
>>> change(3119, 2500)
'增长24.8%'
"""

from __future__ import annotations

import math

from analysis.figures import word


def _trim(text: str) -> str:
    """'10.0' -> '10', '398.6' -> '398.6'."""
    return text[:-2] if text.endswith(".0") else text


def count(value: float, exact_below: float = 1e5) -> str:
    """A count for prose: exact below `exact_below` (default 10万), then 万 / 亿 with one decimal.

    Counts under 10万 stay exact (3119, 52763) because briefings quote them in full; 398.6万, 1.2亿.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("count() needs a number; use words() for blank figures")
    if abs(value) >= 1e8:
        return _trim(f"{value / 1e8:.1f}") + "亿"
    if abs(value) >= exact_below:
        return _trim(f"{value / 1e4:.1f}") + "万"
    return exact(value)


def exact(value: float) -> str:
    """The figure in full, as printed in a table: 3985758, 96171.6, 0."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def amount_wan(value: float) -> str:
    """Money given in 万元: 96171.6 -> '9.6亿元', 35.5 -> '35.5万元'."""
    if abs(value) >= 1e4:
        return _trim(f"{value / 1e4:.1f}") + "亿元"
    return exact(value) + "万元"


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
