"""Which reading of run-together cells the report's own arithmetic allows, and only that.

Each *row* (a run of printed tokens) has one or more readings (`analysis.parse.cells.splits`). The
*constraints* are what the report must obey: parts sum to a total, 一 + 二 = (七) + 四, annual ≤
cumulative, a figure the narrative states. A cell's value is accepted only when every reading that
satisfies the constraints gives it the same value; otherwise it is unknown and the caller flags it
with the candidates. Never the "most plausible" reading.

Real reports break their own sums (a 总计 of 21 under rows summing to 27). A constraint that no
combination of readings satisfies is therefore dropped as *violated by the report* (the checks flag
it later) instead of making every reading impossible; if the remaining constraints still conflict
with one another, only what each row's own readings agree on is kept. Work is bounded: a constraint
whose combinations exceed `MAX_COMBINATIONS` is not used, and the joint search stops after
`MAX_NODES` (both in `analysis.parse.cells.search`); both only make more cells unknown, never a cell wrong, and are reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

TOL = 1e-6

Cell = tuple[str, int]  # (row key, column index)


GAP = "∅"  # a blank cell that vanished from the print (see analysis.parse.cells.solve)


def number(text: str, in_sum: bool = False) -> float | None:
    """The value of a cell text; None for a not-applicable mark or a blank cell. A blank cell
    that vanished from the print (`∅`) counts as zero in the table's sums, and as unknown in
    anything else (a 同比 left blank says nothing)."""
    if text == GAP:
        return 0.0 if in_sum else None
    try:
        return float(text)
    except ValueError:
        return None


@dataclass
class Row:
    """One row's possible readings: each a tuple of cell texts."""

    key: str
    readings: list[tuple[str, ...]]
    capped: bool = False  # the readings were cut off by the enumeration bound

    def values(self, i: int, in_sum: bool = False) -> tuple[float | None, ...]:
        return tuple(number(t, in_sum) for t in self.readings[i])


@dataclass
class Constraint:
    name: str
    cells: tuple[Cell, ...]
    test: Callable[[Sequence[float | None]], bool]  # on the cells' values, in `cells` order
    # sum(coef * cell) == target, checked by reachable sums instead of by every combination;
    # none_ok: a not-applicable cell makes the constraint unknowable, hence satisfied
    linear: tuple[tuple[float, ...], float, bool] | None = None

    @property
    def rows(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for k, _ in self.cells))


def linear(name: str, terms: Sequence[tuple[Cell, float]], target: float,
           none_ok: bool = True) -> Constraint:
    """sum(coef * cell) == target. With `none_ok`, a not-applicable cell makes the sum
    unknowable (satisfied); without, it fails (a stated figure needs printed cells)."""
    cells = tuple(c for c, _ in terms)
    coefs = tuple(float(k) for _, k in terms)

    def test(vals: Sequence[float | None]) -> bool:
        if any(v is None for v in vals):
            return none_ok
        return abs(sum(k * v for k, v in zip(coefs, vals, strict=True)) - target) <= TOL
    return Constraint(name, cells, test, (coefs, float(target), none_ok))


def sum_equals(name: str, parts: Sequence[Cell], total: Cell) -> Constraint:
    """parts sum to total; a not-applicable cell makes the sum unknowable (satisfied)."""
    return linear(name, [(c, 1) for c in parts] + [(total, -1)], 0)


def sums_equal(name: str, left: Sequence[Cell], right: Sequence[Cell]) -> Constraint:
    """sum(left) == sum(right), e.g. 一 + 二 == (七) + 四."""
    return linear(name, [(c, 1) for c in left] + [(c, -1) for c in right], 0)


def at_most(name: str, small: Cell, big: Cell) -> Constraint:
    def test(vals: Sequence[float | None]) -> bool:
        return vals[0] is None or vals[1] is None or vals[0] <= vals[1] + TOL
    return Constraint(name, (small, big), test)


def total_is(name: str, cells: Sequence[Cell], value: float) -> Constraint:
    """The cells add up to a figure stated elsewhere (行政诉讼 9 起 = direct + after review)."""
    return linear(name, [(c, 1) for c in cells], value, none_ok=False)


def equals(name: str, cell: Cell, value: float) -> Constraint:
    """A figure stated elsewhere (the narrative, the previous year's report)."""
    return linear(name, [(cell, 1)], value, none_ok=False)


@dataclass
class Solution:
    """What the constraints allow: per row, the readings left, and per cell the agreed text."""

    readings: dict[str, list[tuple[str, ...]]]
    used: list[str] = field(default_factory=list)
    violated: list[str] = field(default_factory=list)  # no reading satisfies them: report errors
    unused: list[str] = field(default_factory=list)  # too many combinations to check
    conflict: bool = False  # the kept constraints contradict one another
    capped: bool = False  # the joint search or a row's enumeration hit its bound
    incomplete: set[str] = field(default_factory=set)  # rows whose readings were cut off

    def cell(self, key: str, col: int) -> str | None:
        """The cell's text if every allowed reading agrees on it, else None (and always None for
        a row whose readings were cut off by the enumeration bound: agreement proves nothing)."""
        if key in self.incomplete:
            return None
        texts = {r[col] for r in self.readings.get(key, [])}
        return texts.pop() if len(texts) == 1 else None
