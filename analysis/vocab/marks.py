"""The marks a report prints instead of a number (marks.csv), one vocabulary for every reader.

A mark means `not_applicable` (—, /, 不适用: printed, but not a number) or `none` (无: zero). Where
it is read as a mark is data too, one column each:
- `cell`: as the whole text of a cell (analysis.parse.numbers);
- `token_in_row`: as one cell among a row's printed cells, once the row's value text is known (the
  digit-run readings, grid and text table rows, the value text between two run-on labels);
- `opens_values`: in running text, as the start (or part) of a row's values after its label: only
  marks that are never a word of a label or of prose (无 is one, so it does not open values).
A dash is one mark however many times it is printed in a row (——).
"""

from __future__ import annotations

import functools
import re

from analysis import vocab

DASH = "—"


@functools.cache
def _table() -> tuple[dict[str, str], ...]:
    return tuple(vocab.rows("marks.csv"))


def cell_marks(meaning: str) -> frozenset[str]:
    """The whole-cell texts that mean `meaning` (`not_applicable` or `none`)."""
    return frozenset(r["token"] for r in _table() if r["cell"] == "yes" and r["meaning"] == meaning)


def row_marks() -> tuple[str, ...]:
    """The marks read as one cell among a row's printed cells."""
    return tuple(r["token"] for r in _table() if r["token_in_row"] == "yes")


def opening_marks() -> tuple[str, ...]:
    """The marks that may open (or continue) a row's values in running text."""
    return tuple(r["token"] for r in _table() if r["opens_values"] == "yes")


def pattern(tokens: tuple[str, ...], runs: bool = True) -> str:
    """A regex alternation of `tokens`, longest first, a dash matching a run of dashes (one dash
    with `runs=False`, for use inside a repeated group).

    >>> pattern(("—", "——", "/", "不适用")), pattern(("—", "——", "/"), runs=False)
    ('不适用|—+|/', '/|—')
    """
    dash = f"{re.escape(DASH)}+" if runs else re.escape(DASH)
    out = {dash if set(t) == {DASH} else re.escape(t) for t in tokens}
    return "|".join(sorted(out, key=lambda p: (-len(p.replace("\\", "")), p)))
