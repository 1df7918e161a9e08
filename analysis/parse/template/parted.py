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

Rows whose label cell spans them may come out column by column instead (`unstack`).
"""

from __future__ import annotations

import itertools

from analysis.parse.cells import solver
from analysis.parse.cells.solve import PrintedRow
from analysis.parse.rowdefs import split_numbering
from analysis.parse.template.rows import Row, is_value


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


def unstack(lines: list[list[str]], width: int) -> list[list[str]] | None:
    """The rows of a run of number-only lines that print k rows column by column (pdftotext of
    rows whose label cell spans them: each column block gives row 1's numbers, then row 2's …):

        222 61      row 1, columns 1-2
        170 31      row 2, columns 1-2
        7           row 1, column 3
        3           row 2, column 3

    Line j belongs to row j mod k, where k rows of `width` cells use every number. Taken only when
    the k lines of each block print as many numbers, and every row adds up (its parts to its
    total): nothing else says which line is whose. None otherwise.

    >>> unstack([["5", "1"], ["2", "0"], ["6"], ["2"]], 3)
    [['5', '1', '6'], ['2', '0', '2']]
    """
    total = sum(len(t) for t in lines)
    k = total // width
    if k < 2 or total % width or len(lines) % k:
        return None
    blocks = [lines[j:j + k] for j in range(0, len(lines), k)]
    if any(len({len(t) for t in b}) != 1 for b in blocks):
        return None
    rows = [[tok for b in blocks for tok in b[r]] for r in range(k)]
    return rows if all(adds_up(r) for r in rows) else None



def stacks(rows: list[Row], width: int) -> dict[int, tuple[int, list[list[str]], str]]:
    """Runs of number-only text lines that print several rows column by column (`unstack`):
    first index -> (last index, the rows' cells, where)."""
    out = {}
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and not rows[j].grid and not rows[j].piped and rows[j].cells and \
                all(is_value(c) for c in rows[j].cells) and _count(rows[j].cells) < width:
            j += 1
        lines = [" ".join(r.cells).split() for r in rows[i:j]]
        found = unstack(lines, width) if j - i > 1 else None
        if found:
            out[i] = (j - 1, found, f"{rows[i].where} to {rows[j - 1].where}, "
                                    "rows printed column by column")
        i = max(j, i + 1)
    return out


def _count(cells: list[str]) -> int:
    return sum(len(c.split()) for c in cells)
