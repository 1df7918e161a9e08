"""Printed rows of a template table -> cells, through the solver where cell borders were lost.

A row arrives either with its cells (a grid: HTML, PDF, a whole pipe table) or only with its printed
tokens (a page flattened to text: `801000081`, `20 0 00 0 121`). Token rows are read every
well-formed way (`splits`), and the table's arithmetic (`solver`) keeps the readings it allows. A cell
all allowed readings agree on becomes a fact; any other cell of such a row becomes an `unresolved`
fact (raw text kept) with an `ambiguous_cells` flag listing the candidate readings. Nothing is guessed.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.model import BLANK, UNRESOLVED, Fact, Flag
from analysis.parse.cells import search, solver
from analysis.parse.cells.facts import make_fact
from analysis.parse.cells.splits import (
    COUNT,
    MARKS,
    MAX_SPLITS,
    Splits,
    split_row,
    split_summed,
    tokens,
    valid,
)

MAX_SHOWN = 6  # candidate readings listed in a flag


@dataclass
class PrintedRow:
    """One template row as printed: its id, and its cells or only its tokens."""

    rid: str
    label: str  # as printed
    where: str  # e.g. "line 12" or "line 10, chars 5120-5139"
    line: int
    kinds: tuple[str, ...]
    cells: list[str] | None = None  # exact cells (blank cells as "")
    text: str = ""  # the printed value text, when only tokens are known
    # how the printed tokens may map to cells: "joined" (a token may hold several cells: a
    # flattened page), "gaps" (one cell a token, blank cells dropped: a converter's pipe rows),
    # "both" (a text line: either may have happened)
    mode: str = "joined"
    # cell ranges that add up by the template (parts, then their total): only readings that add
    # up are enumerated, unless none does (the report breaks the sum: then every reading is)
    groups: tuple[tuple[int, int], ...] = ()
    # the readings, where the table's reader found them itself (table 四's blocks read one by
    # one, a short row completed from a number block printed apart): these, and no others
    options: tuple[tuple[str, ...], ...] = ()

    def reading(self) -> solver.Row:
        if self.cells is not None:
            return solver.Row(self.rid, [tuple(self.cells)])
        if self.options:
            return solver.Row(self.rid, confirmed(self.options, self.groups))
        found = _printed_readings(self.text, self.kinds, self.mode, self.groups)
        return solver.Row(self.rid, confirmed(found.options, self.groups), found.capped)


def confirmed(readings: Sequence[tuple[str, ...]], groups: Sequence[tuple[int, int]]
              ) -> list[tuple[str, ...]]:
    """The readings whose vanished blank cells the row's sums can check: a blank placed in a
    group that holds a not-applicable mark (无, —: the sum is unknowable) is a placement nothing
    confirms, while the placements the sum could check were the ones it rejected (a table clipped
    at the page's edge lost its last cell, and 无 marks hid it): such readings are not taken.

    >>> confirmed([("1", "∅", "无", "1"), ("1", "1", "∅", "1")], [(0, 4)])
    [('1', '1', '∅', '1')]
    """
    def ok(cells: tuple[str, ...]) -> bool:
        return not any(GAP in cells[a:b] and any(c in MARKS for c in cells[a:b])
                       for a, b in groups)
    return [r for r in readings if ok(r)]


@functools.lru_cache(maxsize=4096)
def _printed_readings(text: str, kinds: tuple[str, ...], mode: str,
                      groups: tuple[tuple[int, int], ...]) -> Splits:
    """The readings of a printed row (see PrintedRow). Cached: the same report read again with
    its neighbouring years' figures (dataset/settle.py) only adds constraints for the solver."""
    toks = tokens(text)
    if mode == "gaps":
        return Splits(with_gaps(toks, kinds))
    limit = MAX_SPLITS
    if groups:
        found = _summed(toks, kinds, mode, list(groups))
        if found.options:
            return found
        # cells run together or blank cells that vanished are hypotheses only the row's sums can
        # confirm: a row that adds up under none (six numbers of a table printed without its 总计
        # column) has no reading; printed cell by cell it is read as printed (the report's error)
        return split_row(toks, kinds, UNSUMMED) if len(toks) == len(kinds) else Splits([])
    found = split_row(toks, kinds, limit)
    if mode == "both":
        extra = joined_with_gaps(toks, kinds)
        return Splits(found.options + extra.options, found.capped or extra.capped)
    return found


def _summed(toks: list[str], kinds: tuple[str, ...], mode: str,
            groups: list[tuple[int, int]]) -> Splits:
    options, capped = _summed_readings(tuple(toks), tuple(kinds), mode,
                                       tuple(map(tuple, groups)))
    return Splits(list(options), capped)


@functools.lru_cache(maxsize=4096)
def _summed_readings(toks: tuple[str, ...], kinds: tuple[str, ...], mode: str,
                     groups: tuple[tuple[int, int], ...]) -> tuple[tuple, bool]:
    """The readings of `_summed`, kept per printed run: the same runs (0000000, a row of
    zeros) come back row after row and report after report, and with vanished blanks allowed
    each costs 29 enumerations."""
    found = split_summed(list(toks), kinds, list(groups))
    options, capped = list(found.options), found.capped
    if mode == "both":
        n = len(kinds)
        for gaps in range(1, min(MAX_GAPS, n - len(toks)) + 1):
            for blank in itertools.combinations(range(n), gaps):
                more = split_summed(list(toks), kinds, list(groups), frozenset(blank))
                options += more.options
                capped = capped or more.capped
    return tuple(options), capped


GAP = solver.GAP  # a blank cell that vanished from the print: blank in the data, 0 in sums
MAX_GAPS = 2
UNSUMMED = 2000  # readings enumerated of a row that adds up in none of them


def joined_with_gaps(toks: list[str], kinds: tuple[str, ...], limit: int = MAX_SPLITS) -> Splits:
    """Readings where up to MAX_GAPS blank cells vanished *and* tokens may hold several cells."""
    out: list[tuple[str, ...]] = []
    n = len(kinds)
    for gaps in range(1, min(MAX_GAPS, n - len(toks)) + 1):
        for blank in itertools.combinations(range(n), gaps):
            filled = [i for i in range(n) if i not in blank]
            found = split_row(toks, tuple(kinds[i] for i in filled), limit - len(out))
            for cells in found.options:
                row = [GAP] * n
                for i, c in zip(filled, cells, strict=True):
                    row[i] = c
                out.append(tuple(row))
            if found.capped or len(out) >= limit:
                return Splits(out, capped=True)
    return Splits(out)


def with_gaps(toks: list[str], kinds: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every placement of the printed cells among the columns, the missing ones blank.

    >>> with_gaps(["5", "7"], ("count",) * 3)
    [('5', '7', '∅'), ('5', '∅', '7'), ('∅', '5', '7')]
    """
    n, k = len(kinds), len(toks)
    if k > n or not all(valid(t, kd) for t, kd in zip(toks, kinds, strict=False)):
        return []
    out = []
    for filled in itertools.combinations(range(n), k):
        cells = [GAP] * n
        for pos, tok in zip(filled, toks, strict=True):
            cells[pos] = tok
        if all(c == GAP or valid(c, kinds[i]) for i, c in enumerate(cells)):
            out.append(tuple(cells))
    return out


@dataclass
class Cells:
    """The solved table: per row, per column, the agreed cell text or None (unknown)."""

    values: dict[str, list[str | None]]
    flags: list[Flag]
    rows: dict[str, PrintedRow]


def shown_readings(readings: Sequence[tuple[str, ...]]) -> str:
    """The candidate readings as a flag states them: "a|b|c or a|bc|… … (N in all)" (the first
    MAX_SHOWN; analysis.check.wording folds them for readers)."""
    head = sorted("|".join(r) for r in readings)[:MAX_SHOWN]
    more = f" … ({len(readings)} in all)" if len(readings) > MAX_SHOWN else ""
    return " or ".join(head) + more


def solve_rows(rows: Sequence[PrintedRow], constraints: Sequence[solver.Constraint],
               table: str) -> Cells:
    """Cells of `rows` that the printed text and `constraints` determine; flags for the rest."""
    readings = [r.reading() for r in rows]
    if all(len(r.readings) == 1 for r in readings):  # every cell printed apart: nothing to settle
        values = {r.key: list(r.readings[0]) for r in readings}
        return Cells(values, [], {r.rid: r for r in rows})
    sol = search.solve(readings, constraints)
    values: dict[str, list[str | None]] = {}
    flags: list[Flag] = []
    for r in rows:
        width = len(r.kinds)
        got = [sol.cell(r.rid, c) for c in range(width)] if sol.readings.get(r.rid) else \
            [None] * width
        values[r.rid] = got
        if r.cells is not None or all(v is not None for v in got):
            continue
        left = sol.readings.get(r.rid, [])
        why = ("no well-formed reading the sums confirm" if not left else
               "the enumeration bound was hit" if r.rid in sol.incomplete else
               f"{len(left)} readings fit the table's sums")
        flags.append(Flag(
            "ambiguous_cells", f"table {table} row {r.label}: the printed digits {r.text!r} can be "
            f"read as several sets of cells ({why}); the cells not fixed by the table's arithmetic "
            "are left unresolved", severity="warning", indicator=r.rid,
            expected=f"{width} cells", found=shown_readings(left) if left else r.text,
            location=f"table {table} row {r.label} ({r.where})"))
    if sol.capped or sol.unused:
        flags.append(Flag("solver_bound", f"table {table}: the search for readings hit its bound; "
                          "cells it could not settle are left unresolved", severity="info",
                          found="; ".join(sol.unused)[:300], location=f"table {table}"))
    return Cells(values, flags, {r.rid: r for r in rows})


def fact(cells: Cells, rid: str, col: int, indicator: str, location: str, **kw) -> Fact | Flag:
    """The fact of one solved cell: a value, or a blank fact keeping the printed run."""
    row = cells.rows[rid]
    text = cells.values[rid][col]
    if text == GAP:  # placed for certain: a blank cell the converter dropped
        return Fact(indicator=indicator, value=math.nan, status=BLANK, raw_label=row.label,
                    raw_value="", location=location + " (a blank cell dropped in conversion)",
                    **{k: v for k, v in kw.items() if k in ("breakdown", "measure", "unit")})
    if text is None:
        return Fact(indicator=indicator, value=math.nan, status=UNRESOLVED, raw_label=row.label,
                    raw_value=row.text, location=location + " (ambiguous: see flag)",
                    **{k: v for k, v in kw.items() if k in ("breakdown", "measure", "unit")})
    made, flag = make_fact(indicator, text, location, row.label, **kw)
    return made if made is not None else flag


def counts(n: int) -> tuple[str, ...]:
    return (COUNT,) * n


def line_in(where: str) -> int:
    """The line number a row's `where` names (0 if none)."""
    m = re.search(r"line (\d+)", where)
    return int(m.group(1)) if m else 0
