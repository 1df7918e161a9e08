"""How a figure is printed in a cell, and the truth that printing implies.

A zero may be printed as 0, left blank, written 无 (zero) or — (not applicable) depending on the
report's blanks noise; the truth follows what is printed, so blank, zero and 不适用 stay distinct.
"""

from __future__ import annotations

import math
import random

from analysis.simulate.doc import Cell, Truth
from analysis.simulate.noise import Drawn


def num_text(value: float, thousands: bool = False, money: bool = False) -> str:
    """1825 -> '1825' (or '1,825'); money keeps up to two decimals: 7730.28, 0.5."""
    if money and value != int(value):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    n = int(round(value))
    return f"{n:,}" if thousands and abs(n) >= 1000 else str(n)


class Printer:
    """Prints the cells of one report with its style (thousands separators) and its blanks noise."""

    def __init__(self, rng: random.Random, drawn: Drawn, thousands: bool):
        self.rng = rng
        self.blanks = drawn.blanks
        self.thousands = thousands
        self.quiet = False  # set while laying out a table whose totals were made inconsistent

    def cell(self, indicator: str, value: float | None, measure: str = "count",
             breakdown: str = "all", money: bool = False) -> Cell:
        """A value cell; value None prints an empty cell (e.g. an unstated 同比)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return Cell("", Truth(indicator, math.nan, "blank", breakdown, measure))
        if value == 0 and self.blanks and not self.quiet and self.rng.random() < 0.6:
            if self.blanks == "blank":
                return Cell("", Truth(indicator, math.nan, "blank", breakdown, measure))
            if self.blanks == "wu":
                return Cell("无", Truth(indicator, 0.0, "reported", breakdown, measure))
            return Cell("—", Truth(indicator, math.nan, "not_applicable", breakdown, measure))
        text = num_text(value, self.thousands, money)
        return Cell(text, Truth(indicator, float(text.replace(",", "")), "reported", breakdown,
                                measure))


def label(text: str) -> Cell:
    return Cell(text)
