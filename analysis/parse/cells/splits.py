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
    after = [sum(1 for b in bounds if b > p) for p in range(len(flat) + 1)]
    ceiling = [len(flat)] * (len(flat) + 1)  # a cell starting at p ends there at the latest
    for p in range(len(flat) - 1, -1, -1):
        ceiling[p] = p + 1 if (p + 1) in borders else ceiling[p + 1]
    out: list[tuple[str, ...]] = []
    cells: list[str] = [""] * n
    tried = 0

    def walk(c: int, pos: int) -> bool:
        nonlocal tried
        if c == n:
            if pos == len(flat):
                out.append(tuple(cells))
            return len(out) < limit
        if n - c < after[pos] or len(flat) - pos < n - c:  # tokens not begun: a cell each
            return True
        for end in range(pos + 1, min(len(flat), pos + _LONGEST, ceiling[pos]) + 1):
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
    # where a cell ending at p may start at the earliest (it never crosses a token's border)
    floor = [0] * (len(flat) + 1)
    for p in range(1, len(flat) + 1):
        floor[p] = p - 1 if (p - 1) in borders else floor[p - 1]
    # printed cells left of cell c: each takes one character at least, _LONGEST at most, and
    # every token left of a cut holds one of them at least
    printed = list(itertools.accumulate((0 if i in blank else 1 for i in range(n)), initial=0))
    tokens_before = [sum(1 for b in bounds if b <= p) for p in range(len(flat) + 1)]
    # what the parts left of a cut can add up to at most (the digits read as one number) and,
    # for a group that starts the row, at least (their digit sum): counts only, and only where
    # the text left is all digits (a mark such as — is a cell the sums do not check)
    counts = {g for g in groups if all(kinds[i] == COUNT for i in range(*g))}
    digits, upper = [0] * (len(flat) + 1), [0] * (len(flat) + 1)
    plain = [True] * (len(flat) + 1)
    for p, ch in enumerate(flat, start=1):
        plain[p] = plain[p - 1] and ch.isdigit()
        if plain[p]:
            digits[p], upper[p] = digits[p - 1] + int(ch), upper[p - 1] * 10 + int(ch)
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
        if total is not None and group in counts and c < group[1] - 1 and plain[pos]:
            need = total - acc  # what the parts a..c must add up to
            if need > upper[pos] or (group[0] == 0 and need < digits[pos]):
                return True  # the text left cannot make it
        if c in blank:
            cells[c] = GAP_CELL
            return step(c, pos, 0, total, acc, group)
        left = printed[c]  # printed cells still to place left of this one
        for start in range(pos - 1, max(floor[pos], pos - _LONGEST) - 1, -1):
            if start < left or start > left * _LONGEST or tokens_before[start] > left:
                continue  # the cells left cannot fill what is left of the text
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
