"""A template row whose numbers a wrapped label's lines parted (pdftotext -layout of a narrow column).

In a narrow label column the label wraps over two or three lines and the row's numbers stand
between them; `pdftotext -layout` puts some on the label's first line and the rest on its last, the
numbering (in a font of its own) often alone between:

    保护第三方合法 3
    4.
    权益             0   0   0   0   0   3

The two lines make one row (table 三 joins them: `table3._rejoined`). Which columns each line holds
is not printed: the line order (the first line's numbers leftmost) is taken only where the row then
adds up; otherwise every order keeping each line's own order is a reading, and the table's sums
choose among them or leave the cells unresolved.
"""

from __future__ import annotations

import itertools

from analysis.parse.cells import solver
from analysis.parse.cells.solve import PrintedRow
from analysis.parse.rowdefs import split_numbering


def numbering_only(cell: str) -> bool:
    """A label piece that is only a row's numbering (`4.` on a line of its own)."""
    number, text = split_numbering(cell)
    return bool(number) and not text


def joined_label(pieces: list[str]) -> str:
    """The label of a row printed in pieces, its numbering first: 4. + 保护第三方合法 + 权益."""
    numbering = [c for c in pieces if numbering_only(c)]
    return "".join(numbering[-1:]) + "".join(c for c in pieces if c not in numbering)


def adds_up(values: list[str]) -> bool:
    """The cells, read in printed order, are numbers whose parts sum to the last (总计)."""
    nums = [solver.number(v) for v in values]
    return None not in nums and abs(sum(nums[:-1]) - nums[-1]) < 1e-6


def interleaved(first: list[str], second: list[str]) -> list[tuple[str, ...]]:
    """Every order of two lines' numbers keeping each line's own order.

    >>> interleaved(["3"], ["0", "3"])
    [('3', '0', '3'), ('0', '3', '3')]
    """
    n = len(first) + len(second)
    out = []
    for where in itertools.combinations(range(n), len(first)):
        a, b = iter(first), iter(second)
        out.append(tuple(next(a) if k in where else next(b) for k in range(n)))
    return list(dict.fromkeys(out))


def place(row: PrintedRow, toks: list[str], split: int) -> PrintedRow:
    """`row` given the numbers of its two lines (`split` on the first): its cells in line order
    when that adds up (a 总计 printed on the first line would break the sum), else the orders for
    the table's sums to choose from."""
    if adds_up(toks):
        row.cells = list(toks)
    else:
        row.text, row.options = " ".join(toks), tuple(interleaved(toks[:split], toks[split:]))
    return row
