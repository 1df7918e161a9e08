"""Table rows a page break cut in two (a PDF form: Word's 允许跨行断页, the default, and browsers
printing a long table do it).

The cut row has no ruling line where the page ends: its cell borders run from the table's last
ruled line down to the page's content edge, and on the next page from the content edge down to
the first ruled line. pdfplumber's table finding needs a line on every side of a cell, so both
halves were dropped: the row's numbers (printed on one page) and its label's end (on the other).
Here a horizontal line is added where the borders of three or more columns stop together beyond
the table (`closing_lines`), so each half is a row; then a half that prints no number and no
numbering of its own, at the top of the next page, is joined to the label of the row it
continues (`join_cut_rows`).
"""

from __future__ import annotations

import re

MIN_COLUMNS = 3  # borders running on past the table in at least this many columns: a cut row
SLACK = 2.0  # points

_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、．])")
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


def closing_lines(edges: list[dict], bbox: tuple[float, float, float, float]
                  ) -> tuple[float | None, float | None]:
    """(y below, y above) of a line closing a row the page break left open below or above the
    table with this bbox (None where none is open): where the vertical borders of MIN_COLUMNS
    columns, starting at the table's edge, stop together beyond it."""
    x0, top, x1, bottom = bbox
    inside = [e for e in edges if e["orientation"] == "v" and x0 - SLACK <= e["x0"] <= x1 + SLACK]
    below = [e for e in inside if abs(e["top"] - bottom) <= SLACK and e["bottom"] > bottom + SLACK]
    above = [e for e in inside if abs(e["bottom"] - top) <= SLACK and e["top"] < top - SLACK]
    return (max(e["bottom"] for e in below) if _columns(below) else None,
            min(e["top"] for e in above) if _columns(above) else None)


def _columns(edges: list[dict]) -> bool:
    return len({round(e["x0"]) for e in edges}) >= MIN_COLUMNS


def _label_only(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and not any(_NUMBER.match(c.replace(" ", "")) for c in cells) and \
        not any(_NUMBERING.match(c) for c in cells)


def join_cut_rows(before: list[list[str]], after: list[list[str]]) -> bool:
    """Join the first row of `after` (a table opening a page) to the last row of `before` (the
    table closing the previous page) when it is a label's end: text only, no number and no row
    numbering (1. / (一) / 一、). Its text goes to the end of the last label cell of the row above
    (the cell before its first number). Returns whether it joined."""
    if not before or not after or not _label_only(after[0]):
        return False
    last = before[-1]
    first_number = next((i for i, c in enumerate(last) if _NUMBER.match(c.replace(" ", ""))), None)
    labels = [i for i, c in enumerate(last[:first_number]) if c]
    if first_number is None or not labels:
        return False
    last[labels[-1]] += "".join(c for c in after[0] if c)
    del after[0]
    return True
