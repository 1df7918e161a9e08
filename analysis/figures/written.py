"""How a figure is written for people: the one house number format of pages, tables, charts and
briefings, and the word (analysis.figures.word) where a figure has no number.

One rule: a count or an amount is written in full with thousands separators and at most two
decimals (447,228; 3,985,758; 96,171.6), exactly as the report printed it, so that a reader can
find it in the report; never 44.7万 in one place and 447228 in another. Years are not figures:
they are written as 2009 (see `year`). Shares and changes are written by the callers as percent.

>>> number(447228.0), number(96171.6), number(0), number(0.25), number(float("nan"))
('447,228', '96,171.6', '0', '0.25', '')
>>> text(12.0, "reported"), text(float("nan"), "blank"), year(2009.0)
('12', '未填报', '2009')
"""

from __future__ import annotations

import math

from analysis.figures.status import NUMBER, word


def number(value: float | int | None) -> str:
    """A count or amount in the house format; '' for a missing value (say why with `text`)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def text(value: float | None, status: str) -> str:
    """The figure as written: its number when its status carries one, else the status's word."""
    if status in NUMBER and not (value is None or (isinstance(value, float) and
                                                   math.isnan(value))):
        return number(value)
    return word(status)


def year(value: float | int) -> str:
    """A year as a label: 2009, never 2,009 or 2009.0."""
    return str(int(value))
