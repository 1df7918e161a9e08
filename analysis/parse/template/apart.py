"""Table 三 printed with its numbers apart from its row labels, in an order that leaves open
which label a line of numbers belongs to: a reading order (pdftotext's default, pdfminer) that
puts a label wrapped over two lines after the numbers centred beside it. The sign: numbers stand
between the header and the first row label. The table is then read both ways, numbers after
their labels (as usual) and before them, and only what both readings give is kept."""

from __future__ import annotations

import math
from collections.abc import Callable

from analysis.model import UNRESOLVED, Fact, Flag
from analysis.parse.cells.constraints import N_COLS
from analysis.parse.template.rows import Row, is_value

ORDER_UNKNOWN = "numbers_apart_from_labels"  # the flag of a table read both ways (`agreed`)


def is_numbers(row: Row) -> bool:
    """A text line of numbers only (a header's `- 自然人 …` is none: words after a mark)."""
    labels, values = row.split(N_COLS)
    return not row.grid and not row.piped and not labels and \
        all(not v or is_value(v) for v in values) and any(c.isdigit() for v in values for c in v)


def numbers_first(rows: list[Row], first_label: Callable[[Row], bool],
                  is_label: Callable[[Row], bool]) -> list[Row] | None:
    """`rows` with each run of number lines moved after the label line that follows it, when a
    number line stands just before the table's first row label (`first_label`); else None."""
    first = next((k for k, r in enumerate(rows) if first_label(r)), None)
    if first is None or not any(is_numbers(r) for r in rows[max(0, first - 6):first]):
        return None
    out: list[Row] = []
    held: list[Row] = []
    for r in rows:
        if is_numbers(r):
            held.append(r)
            continue
        out.append(r)
        if held and is_label(r):
            out.append(_merged(held))
            held = []
    return out + ([_merged(held)] if held else [])


def _merged(lines: list[Row]) -> Row:
    """Number lines printed one under another (a row's cells a line or a few): one row."""
    return Row([c for r in lines for c in r.cells], False, lines[0].where)


def agreed(after, before) -> list[Fact]:
    """The cells both readings (numbers after their labels, numbers before them) give the same
    value, each from a row printed on one line; every other cell the table prints, unresolved
    (a row pieced from several lines took numbers the other reading may give another row). A
    reading order that moves numbers from their labels permutes rows, and a permutation keeps
    every sum: the arithmetic cannot tell the readings apart."""
    seen = {(f.indicator, f.breakdown): f for f in after[0]}
    out = []
    for f in before[0]:
        g = seen.get((f.indicator, f.breakdown))
        same = g is not None and g.status == f.status and (
            g.value == f.value or (math.isnan(g.value) and math.isnan(f.value)))
        same = same and " + line" not in f.location  # a row pieced from several lines
        if not same and f.status == "reported":
            f.status, f.value = UNRESOLVED, math.nan
            f.location += " (unresolved: its numbers may be printed before or after its label)"
        out.append(f)
    return out


def order_flag() -> Flag:
    return Flag(ORDER_UNKNOWN, "table 三: numbers stand before its first row label, so each "
                "row's numbers may be printed before or after its label; the cells the two "
                "readings give differently are left unresolved", indicator="request",
                expected="one reading", found="numbers after their labels | numbers before")
