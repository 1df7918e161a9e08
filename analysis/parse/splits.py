"""Cells that run together: every way a row's printed tokens can be cut into its template cells.

A web table flattened to text loses its cell borders: `801000081` is the seven cells 80 1 0 0 0 0 81,
`2648-18538` the three cells 2648 | -185 | 38 (or -18 | 538, or -1 | 8538). Spaces, where the page kept
them, are hard borders: a token is never joined to the next one. Each cell must be a well-formed
number for its column: no leading zero in a multi-digit count, a sign only where the column can be
negative, a decimal point only in a money column. The enumeration is bounded (`MAX_SPLITS`); the
caller is told when the bound was hit, and must then treat the row as unknown.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

MAX_SPLITS = 20000
MAX_NODES = 200_000  # cells tried when cutting one row
MAX_DIGITS = 12  # no count or amount in these reports has more integer digits

# kinds of cell: a count (non-negative integer), a signed count (本年增/减), an amount (decimal)
COUNT, SIGNED, AMOUNT = "count", "signed", "amount"
GAP_CELL = "∅"  # a blank cell that vanished from the print (the solver counts it 0 in sums)
MARKS = ("—", "-", "/", "无", "不适用", "×")  # a whole token that is one cell, not a number

_CELL = {
    COUNT: re.compile(rf"0|[1-9]\d{{0,{MAX_DIGITS - 1}}}"),
    SIGNED: re.compile(rf"[-+]?(?:0|[1-9]\d{{0,{MAX_DIGITS - 1}}})"),
    AMOUNT: re.compile(rf"(?:0|[1-9]\d{{0,{MAX_DIGITS - 1}}})(?:\.\d{{1,6}})?"),
}
_LONGEST = MAX_DIGITS + 8  # sign, point and decimals
# a number (a sign only right before a digit), or a not-applicable mark standing alone
_TOKEN = re.compile(r"[-+]?\d[\d.]*|—+|不适用|[-/无×]")


@dataclass(frozen=True)
class Splits:
    """The well-formed ways to read a row's tokens as its cells."""

    options: list[tuple[str, ...]]
    capped: bool = False  # MAX_SPLITS reached: the list is incomplete

    @property
    def unique(self) -> tuple[str, ...] | None:
        return self.options[0] if len(self.options) == 1 and not self.capped else None


def valid(cell: str, kind: str) -> bool:
    """A cell text is a well-formed number of its kind (or a not-applicable mark).

    >>> valid("07", COUNT), valid("0", COUNT), valid("-185", SIGNED), valid("9116.36", AMOUNT)
    (False, True, True, True)
    """
    return cell in MARKS or bool(_CELL[kind].fullmatch(cell))


def tokens(text: str) -> list[str]:
    """The printed tokens of a row's value area: space-separated, thousands commas removed.

    >>> tokens("20 0 00 0 121"), tokens("1,825 条"), tokens("2648-18538"), tokens("5——3")
    (['20', '0', '00', '0', '121'], ['1825'], ['2648', '-18538'], ['5', '—', '3'])
    """
    out = []
    for tok in text.replace(",", "").split():
        out += ["—" if t.startswith("—") else t for t in _TOKEN.findall(tok)]
    return out


def split_row(toks: list[str], kinds: tuple[str, ...], limit: int = MAX_SPLITS,
              budget: int = MAX_NODES) -> Splits:
    """Every well-formed reading of `toks` as len(kinds) cells (each token gives one or more cells).

    Bounded twice: at `limit` readings and at `budget` cells tried (a long run of digits cut into
    many cells has very many readings); past either bound the result says it is incomplete.

    >>> split_row(["500000", "5"], (COUNT,) * 7).options
    [('5', '0', '0', '0', '0', '0', '5')]
    >>> split_row(tokens("2648-18538"), (COUNT, SIGNED, COUNT)).options[:2]
    [('2648', '-1', '8538'), ('2648', '-18', '538')]
    """
    n, flat = len(kinds), "".join(toks)
    bounds = list(itertools.accumulate(len(t) for t in toks))
    borders = {0, *bounds}
    out: list[tuple[str, ...]] = []
    cells: list[str] = [""] * n
    tried = 0

    def walk(c: int, pos: int) -> bool:
        nonlocal tried
        if c == n:
            if pos == len(flat):
                out.append(tuple(cells))
            return len(out) < limit
        after = sum(1 for b in bounds if b > pos)  # tokens not begun: a cell each at least
        if n - c < after or len(flat) - pos < n - c:
            return True
        for end in range(pos + 1, min(len(flat), pos + _LONGEST) + 1):
            if any(pos < b < end for b in borders):
                break  # a cell never crosses a token's border
            tried += 1
            if tried > budget:
                return False
            text = flat[pos:end]
            if text in MARKS:
                if pos not in borders or end not in borders:
                    continue
            elif not _CELL[kinds[c]].fullmatch(text):
                continue
            cells[c] = text
            if not walk(c + 1, end):
                return False
        return True

    complete = walk(0, 0)
    return Splits(out, capped=not complete)


def split_summed(toks: list[str], kinds: tuple[str, ...], groups: list[tuple[int, int]],
                 blank: frozenset[int] = frozenset(), limit: int = MAX_SPLITS,
                 budget: int = MAX_NODES) -> Splits:
    """The readings of `toks` in which each group adds up: for (a, b) in `groups`, cells a..b-2
    sum to cell b-1 (a template row's applicant columns to its 总计, a table 四 block to its
    总计). Cells in `blank` are printed nowhere (a blank that vanished) and count 0.

    Enumerated from the right, each total before its parts, and the parts only while their sum
    stays within it: far fewer readings are tried than `split_row` tries for the same row. Bounded
    like `split_row` at `budget` cells tried (a run of 30 ones under table 四's fifteen cells took
    40 s without it).

    >>> split_summed(["801000081"], (COUNT,) * 7, [(0, 7)]).options
    [('80', '1', '0', '0', '0', '0', '81')]
    >>> split_summed(["5", "7"], (COUNT,) * 3, [(0, 3)], blank=frozenset({1})).options
    []
    """
    n = len(kinds)
    flat = "".join(toks)
    bounds = list(itertools.accumulate(len(t) for t in toks))
    borders = {0, *bounds}  # every token starts and ends a cell
    group_of = {i: (a, b) for a, b in groups for i in range(a, b)}
    out: list[tuple[str, ...]] = []
    cells: list[str] = [""] * n
    tried = 0

    def walk(c: int, pos: int, total: int | None, acc: int) -> bool:
        """Place cell c so that it ends at `pos`; `total` and `acc`: the open group's total
        and the sum of its parts placed so far."""
        nonlocal tried
        if c < 0:
            if pos == 0:
                out.append(tuple(cells))
            return len(out) < limit
        group = group_of.get(c)
        if c in blank:
            cells[c] = GAP_CELL
            return step(c, pos, 0, total, acc, group)
        for start in range(pos - 1, max(-1, pos - _LONGEST - 1), -1):
            if any(start < b < pos for b in borders):
                break  # a cell never crosses a token's border
            tried += 1
            if tried > budget:
                return False
            text = flat[start:pos]
            if text in MARKS:
                if start not in borders or pos not in borders:
                    continue
            elif not _CELL[kinds[c]].fullmatch(text):
                continue
            cells[c] = text
            if not step(c, start, int(text) if text.isdigit() else None, total, acc, group):
                return False
        return True

    def step(c: int, start: int, value: int | None, total: int | None, acc: int,
             group: tuple[int, int] | None) -> bool:
        if group is None:
            return walk(c - 1, start, None, 0)
        a, b = group
        if c == b - 1:  # the group's total: its parts come next, from the right
            return walk(c - 1, start, value, 0)
        if total is not None and value is not None:
            acc += value
            if acc > total or (c == a and acc != total):
                return True  # this way cannot add up: try another
        return walk(c - 1, start, None, 0) if c == a else walk(c - 1, start, total, acc)

    complete = walk(n - 1, len(flat), None, 0)
    return Splits(out, capped=not complete)
