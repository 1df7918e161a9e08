"""One cell's text -> (value, status, note). Blank, zero and not-applicable stay distinct."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from analysis.model import BLANK, NOT_APPLICABLE, REPORTED
from analysis.vocab import marks

_NA = marks.cell_marks(NOT_APPLICABLE)  # vocab/marks.csv
_ZERO = marks.cell_marks("none")
_NUM = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(万)?\s*([条件个人次篇项元份起家%]|万元|人次)?\s*$")
_ANNOTATED = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*([条件个人次篇项元]|万元)?\s*[(（\[【](.+)[)）\]】]\s*$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")


@dataclass(frozen=True)
class Cell:
    value: float
    status: str
    note: str = ""  # an annotation kept from the cell, e.g. 其中修订16件


def parse_cell(text: str | None, money: bool = False) -> Cell | None:
    """Parse a cell. Returns None when the text is not a number at all (the caller flags it).

    `money` says the column is in 万元, so a trailing 万 is part of the unit, not a multiplier.

    >>> parse_cell("1,825")
    Cell(value=1825.0, status='reported', note='')
    >>> parse_cell("").status, parse_cell("—").status, parse_cell("无").value
    ('blank', 'not_applicable', 0.0)
    >>> parse_cell("22(其中修订16件)")
    Cell(value=22.0, status='reported', note='其中修订16件')
    """
    s = (text or "").strip()
    if not s:
        return Cell(math.nan, BLANK)
    if s in _NA:
        return Cell(math.nan, NOT_APPLICABLE)
    if s in _ZERO:
        return Cell(0.0, REPORTED)
    s = _THOUSANDS.sub("", s).replace(" ", "")
    m = _NUM.match(s)
    if m:
        value = float(m.group(1))
        if m.group(2) and not money:
            value *= 10000
        return Cell(value, REPORTED)
    m = _ANNOTATED.match(s)
    if m:
        return Cell(float(m.group(1)), REPORTED, note=m.group(3))
    return None
