"""Cells that run together: every way a row's printed tokens can be cut into its template cells.

A web table flattened to text loses its cell borders: `801000081` is the seven cells 80 1 0 0 0 0 81,
`2648-18538` the three cells 2648 | -185 | 38 (or -18 | 538, or -1 | 8538). Spaces, where the page kept
them, are hard borders: a token is never joined to the next one. Each cell must be a well-formed
number for its column: no leading zero in a multi-digit count, a sign only where the column can be
negative, a decimal point only in a money column. The enumeration is bounded (`MAX_SPLITS` answers,
`MAX_STEPS` cuts tried); the caller is told when a bound was hit, and must then treat the row as
unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_SPLITS = 20000
# cut attempts per row: MAX_SPLITS bounds the answers, this the work (22 digits read as 15 cells
# tried 2 million dead-end cuts into fewer cells: 11 s for one row)
MAX_STEPS = 200_000
MAX_DIGITS = 12  # no count or amount in these reports has more integer digits

# kinds of cell: a count (non-negative integer), a signed count (本年增/减), an amount (decimal)
COUNT, SIGNED, AMOUNT = "count", "signed", "amount"
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


def _cuts(token: str, kinds: tuple[str, ...], budget: list[int]) -> Iterator[tuple[str, ...]]:
    """Ways to cut one token into exactly len(kinds) cells of those kinds, in order; each call
    spends one step of `budget` and none is made once it is spent."""
    budget[0] -= 1
    if budget[0] < 0:
        return
    if len(kinds) == 1:
        if valid(token, kinds[0]):
            yield (token,)
        return
    if token in MARKS:
        return
    longest = min(len(token) - len(kinds) + 1, _LONGEST)
    for end in range(1, longest + 1):
        head = token[:end]
        if _CELL[kinds[0]].fullmatch(head):  # a mark is a whole token, never part of one
            for rest in _cuts(token[end:], kinds[1:], budget):
                yield (head, *rest)


def split_row(toks: list[str], kinds: tuple[str, ...], limit: int = MAX_SPLITS) -> Splits:
    """Every well-formed reading of `toks` as len(kinds) cells (each token gives one or more cells).

    >>> split_row(["500000", "5"], (COUNT,) * 7).options
    [('5', '0', '0', '0', '0', '0', '5')]
    >>> split_row(tokens("2648-18538"), (COUNT, SIGNED, COUNT)).options[:2]
    [('2648', '-1', '8538'), ('2648', '-18', '538')]
    """
    out: list[tuple[str, ...]] = []
    budget = [MAX_STEPS]
    room = [0] * (len(toks) + 1)  # the most cells the tokens from i on can give
    for i in range(len(toks) - 1, -1, -1):
        room[i] = room[i + 1] + (1 if toks[i] in MARKS else len(toks[i]))

    def walk(i: int, k: int, acc: tuple[str, ...]) -> bool:
        if i == len(toks):
            if k == len(kinds):
                out.append(acc)
            return len(out) < limit
        left = len(toks) - i - 1  # tokens after this one need a cell each at least
        for n in range(1, len(kinds) - k - left + 1):
            if len(kinds) - k - n > room[i + 1]:
                continue  # the tokens after this one could not fill the cells left
            for cells in _cuts(toks[i], kinds[k:k + n], budget):
                if not walk(i + 1, k + n, acc + cells):
                    return False
        return budget[0] >= 0

    complete = walk(0, 0, ())
    return Splits(out, capped=not complete)
