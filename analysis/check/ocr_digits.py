"""Facts read by OCR: their trace (page, box, confidence) and their unsure digits.

Every fact from an OCR'd line gets `; ocr pP box x0,y0,x1,y1 conf C` added to its location (the
box in pixels of the page rendered at the DPI of analysis.read.ocr.scan). A cell whose digit the
recogniser was unsure of carries its readings (3 or 8 ...; a letter O taken for 0); the fact is
tried with each reading against the report's own checks (the template sums, the narrative): when
exactly one reading passes more of them than every other, that reading is taken and said so
(`ocr_digit_confirmed`); otherwise the fact keeps no number, its status is `unresolved` and an
`ocr_unsure_digit` flag lists the readings. A reading is never guessed.

A cell holding ink the recogniser could not read as a value (`Cell.unread`) reaches the parser
blank; its fact is made `unresolved` with an `ocr_unreadable_cell` flag: blank means empty on the
page. Where that ink read as a number, only faintly (a digit under MIN_P with no rival), the
number is taken when the template fixes its cell and the sums pin the cell to it, as above, and
said so. Where the template does not fix the fact's column (outside tables 三 and 四), every blank
fact of a row with an unreadable cell is left unresolved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from analysis.model import BLANK, REPORTED, UNRESOLVED, Fact, Flag
from analysis.read.ocr import OcrDocument
from analysis.read.ocr.digits import Cell

_LINE = re.compile(r"\bline (\d+)")
_T3 = ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
       "total")
_T4 = ("review", "litigation_direct", "litigation_after_review")
_T4_OUT = ("upheld", "corrected", "other", "pending", "total")


def _line(f: Fact) -> int:
    if f.line:
        return f.line
    m = _LINE.search(f.location)
    return int(m.group(1)) if m else 0


def _position(f: Fact, n: int) -> int | None:
    """The value column of this fact in a row of n value cells, where the template fixes it."""
    if f.table == "三" and f.breakdown in _T3 and n >= 7:
        return n - 7 + _T3.index(f.breakdown)
    block, _, outcome = f.indicator.partition(".")
    if f.table == "四" and block in _T4 and outcome in _T4_OUT and n >= 15:
        return n - 15 + _T4.index(block) * 5 + _T4_OUT.index(outcome)
    return None


def _cell(f: Fact, cells: list[Cell | None], peers: list[Fact] = ()) -> Cell | None:
    """The cell a fact was read from: where the template fixes its column, that one; else the
    cell printing its text, and of several such, the one in the same place among them as the
    fact among `peers` (the facts of its line printed the same, in column order)."""
    k = _position(f, len(cells))
    if k is not None:
        return cells[k]
    if f.status == BLANK:
        return next((c for c in cells if c and c.unread), None)
    raw = f.raw_value.replace(" ", "")
    same = [c for c in cells if c and c.text and c.text == raw]
    if len(same) == 1 or (same and not any(c.readings for c in same)):
        return min(same, key=lambda c: c.conf)
    twins = [g for g in peers if g.status == REPORTED and g.raw_value.replace(" ", "") == raw]
    if len(twins) == len(same) and f in twins:
        return same[twins.index(f)]
    return next((c for c in same if c.readings), None)


def _fails(check: Callable[[list[Fact]], list[Flag]], facts: list[Fact], f: Fact, value: float
           ) -> int:
    old, old_status = f.value, f.status
    f.value, f.status = value, REPORTED
    try:
        return len(check(facts))
    finally:
        f.value, f.status = old, old_status


def _pinned(f: Fact, cell: Cell, facts: list[Fact], check) -> str | None:
    """The one reading the sums accept better than every other reading and than a value that no
    reading gives (the probe: so a lone reading, O taken as 0, counts only where the sums pin the
    cell down); None when there is no such reading."""
    scores = {r: _fails(check, facts, f, float(r.replace(",", ""))) for r in cell.readings}
    best = min(scores.values())
    winners = [r for r, s in scores.items() if s == best]
    probe = max(float(r.replace(",", "")) for r in cell.readings) + 1
    return winners[0] if len(winners) == 1 and _fails(check, facts, f, probe) > best else None


def _confirmed(f: Fact, cell: Cell, reading: str, why: str) -> Flag:
    f.value, f.status = float(reading.replace(",", "")), REPORTED
    f.raw_value = cell.raw
    return Flag("ocr_digit_confirmed", f"OCR read {cell.raw!r}; {why}", severity="info",
                indicator=f.indicator, expected=reading, found=cell.raw, location=f.location)


def _settle(f: Fact, cell: Cell, facts: list[Fact], check) -> Flag:
    """Take the one reading the sums pin the cell to (`_pinned`); else leave the fact
    unresolved."""
    winner = _pinned(f, cell, facts, check)
    readings = "|".join(cell.readings)
    if winner is not None:
        return _confirmed(f, cell, winner, f"of {readings} only {winner} fits the report's sums")
    f.value, f.status, f.raw_value = math.nan, UNRESOLVED, cell.raw
    return Flag("ocr_unsure_digit", f"OCR read {cell.raw!r} unsurely: the report's sums do not "
                f"single out one of {readings}; left unresolved", indicator=f.indicator,
                expected=readings, found=cell.raw, location=f.location)


def _unreadable(f: Fact, cell: Cell) -> Flag:
    f.value, f.status, f.raw_value = math.nan, UNRESOLVED, cell.raw
    return Flag("ocr_unreadable_cell", f"OCR found ink in this cell but read no value from it "
                f"({cell.raw!r}); left unresolved", indicator=f.indicator, found=cell.raw,
                location=f.location)


def settle(doc, facts: list[Fact], check: Callable[[list[Fact]], list[Flag]]) -> list[Flag]:
    """Trace every fact of an OCR'd line and settle its unsure digits (in place); the flags."""
    if not isinstance(doc, OcrDocument):
        return []
    by_line: dict[int, list[Fact]] = {}
    for f in facts:
        by_line.setdefault(_line(f), []).append(f)
    unsure, unread = [], []
    for f in facts:
        line = _line(f)
        cells = doc.cells.get(line)
        cell = _cell(f, cells, by_line[line]) if cells else None
        if cell is not None:
            x0, y0, x1, y1 = cell.box
            f.location += f"; ocr p{cell.page} box {x0},{y0},{x1},{y1} conf {cell.conf:.2f}"
            if cell.readings and f.status == REPORTED:
                unsure.append((f, cell))
            elif cell.unread and f.status == BLANK:
                # ink that is no number (yet): no sum may count it as an empty cell's 0
                f.value, f.status = math.nan, UNRESOLVED
                unread.append((f, cell, _position(f, len(cells)) is not None))
        elif 0 < line <= len(doc.line_pages) and doc.line_pages[line - 1]:
            f.location += f"; ocr p{doc.line_pages[line - 1]}"
    flags = [_settle(f, cell, facts, check) for f, cell in unsure]
    for f, cell, fixed in unread:
        # a faint digit is taken only where the template fixes the fact's cell and the sums
        # pin the cell to it
        faint = _pinned(f, cell, facts, check) if cell.readings and fixed else None
        flags.append(_unreadable(f, cell) if faint is None else _confirmed(
            f, cell, faint, f"the digits were faint; {faint} is what the report's sums need there"))
    return flags
