"""Positions in a text -> line numbers (1-based), for the location of what a reader found there."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable


def line_of(text: str) -> Callable[[int], int]:
    """A function from a position in `text` to the number of the line holding it."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return lambda pos: bisect.bisect_right(starts, pos)
