"""A pre-2019 statistics table flattened into running text, its cells joined or space-separated.

    指标名称计量单位2015年度历年累计主动公开文件数条294981916其中：1、政府网站公开数条2949819162、…

The header names the columns (label, 计量单位, then the measures in printed order); each row is a
label (numbering optional), its unit, and its value text. A row's numbering glued to the previous
row's digits (`…179533042.政府公报公开条07`) is peeled off by the numbering's sequence (1., 2., 3.
inside a 其中 group). Value texts are read every well-formed way (`splits`) and settled by what the
table must obey (`solver`): annual ≤ cumulative, a 其中 part ≤ its whole, the parts of a request
count ≤ their whole (vocab/legacy_sums.csv), and figures the narrative states.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis import vocab
from analysis.model import BLANK, REPORTED, UNRESOLVED, Fact, Flag
from analysis.parse.cells import search, solver
from analysis.parse.cells.solve import GAP, shown_readings
from analysis.parse.cells.splits import AMOUNT, COUNT, OPENING, SIGNED
from analysis.parse.legacy.cellreads import _marked_cells, row_readings  # noqa: F401
from analysis.parse.legacy.heads import MAX_ORDERS, agreed, fits_order, headers
from analysis.parse.legacy.tables import map_label
from analysis.parse.lines import line_of
from analysis.parse.numbers import parse_cell

_UNITS = "万元|人次|条|件|元|个|次|人|项|篇|期|场"
_ROW = re.compile(rf"[\s|]*(?P<lead>其中\s*[:]?\s*)?(?P<num>\d{{1,2}}\s*[.、．]\s*)?"
                  rf"(?P<label>[^\d|]{{2,40}}?)[\s|]*(?P<unit>{_UNITS})?[\s|]*"
                  rf"(?P<vals>(?:[-\d]|{OPENING})(?:[\d\s|.,%\-]|{OPENING})*)")
_GENERIC = ("数量", "统计数")  # a header word over the measure columns, when they are named too
_NUMBERING_APART = re.compile(r"(?<=\s)\d{1,2}$")  # after the row's digits, the next row's 2.
MEASURE_KIND = {"annual": COUNT, "cumulative": COUNT, "yoy_pct": SIGNED}


@dataclass
class TextRow:
    label: str
    indicator: str | None
    unit: str
    text: str  # the printed value text
    number: int | None  # its numbering inside a 其中 group
    parent: str | None  # the row a 其中 group breaks down
    line: int
    measures: tuple[str, ...] = ()  # its section's columns, in printed order


def _unglue(text: str, m: re.Match[str]) -> tuple[str, int]:
    """A row's value text and where the next row starts, with the next row's numbering glued
    to the digits (`179533042.政府…`, `2949819162、政府…`) given back: the number that follows
    this row's own in the 其中 sequence (1 after a group head)."""
    vals, end = m.group("vals"), m.end()
    digits = vals.rstrip(" |\n")
    if digits.endswith((".", "．")) or text[end:end + 1] in ("、", "．", "."):
        digits = digits.rstrip(".．").rstrip()
        own = m.group("num")
        nxt = str(int(re.sub(r"\D", "", own)) + 1) if own else "1"
        apart = _NUMBERING_APART.search(digits)
        if apart is not None and (apart.group() == nxt if own else
                                  digits[:apart.start()].endswith("\n")):
            # the numbering stands apart from the digits: it is the next row's when it follows
            # this row's own (2. after 1.); a row that lost its own numbering (OCR) gives back
            # only one standing at the start of a line. Else it may be the end of a cell with
            # the next numbering glued to it (条69 83.新闻发布会: 69 8, then 3.), as below
            return digits[:apart.start()], m.start("vals") + apart.start()
        if digits.endswith(nxt):  # all of it may be the numbering: a row of blank cells
            digits = digits[:-len(nxt)].rstrip(" |")
            return digits, m.start("vals") + len(digits)
    return vals, end


def _rows(text: str, start: int, stop: int, has_unit: bool, measures: list[str]
          ) -> list[TextRow]:
    where = line_of(text)
    rows: list[TextRow] = []
    pos, parent = start, None
    group_head: str | None = None
    while (m := _ROW.match(text, pos, stop)) is not None:
        vals, end = _unglue(text, m)
        vals = vals.rstrip(" |")
        label = m.group("label").strip()
        unit = m.group("unit") or ""
        if not has_unit and unit:
            label, unit = label + unit, ""
        indicator = map_label(label)
        if m.group("lead") or (m.group("num") and group_head):
            parent = group_head
        else:
            parent, group_head = None, indicator
        num = m.group("num")
        number = int(re.sub(r"\D", "", num)) if num else None
        rows.append(TextRow(label, indicator, unit, vals.strip(), number, parent,
                            where(m.start("label")), tuple(measures)))
        pos = end
    return rows


@functools.cache
def _sums() -> tuple[tuple[str, str], ...]:
    return tuple((r["whole"], r["parts"]) for r in vocab.rows("legacy_sums.csv"))


def constraints(rows: Sequence[TextRow], stated: Sequence[Fact]) -> list[solver.Constraint]:
    """What the table must obey, by its rows' own columns (sections may differ)."""
    out: list[solver.Constraint] = []
    by_ind = {r.indicator: k for k, r in enumerate(rows) if r.indicator}

    def cell(k: int, measure: str) -> tuple[str, int] | None:
        ms = rows[k].measures
        return (str(k), ms.index(measure)) if measure in ms else None

    for k, r in enumerate(rows):
        if (a := cell(k, "annual")) and (c := cell(k, "cumulative")):
            out.append(solver.at_most(f"{r.label}: annual <= cumulative", a, c))
        if (a := cell(k, "annual")) and (y := cell(k, "yoy_pct")):
            out.append(_yoy(f"{r.label}: 同比 from a whole count", a, y))
        if r.parent in by_ind:
            for m in ("annual", "cumulative"):
                if (part := cell(k, m)) and (whole := cell(by_ind[r.parent], m)):
                    out.append(solver.at_most(f"{r.label} <= {r.parent}", part, whole))
    for whole, prefix in _sums():
        if whole not in by_ind:
            continue
        parts = [k for k, r in enumerate(rows)
                 if r.indicator and r.indicator.startswith(prefix) and r.indicator != whole]
        for m in ("annual", "cumulative"):
            cells = [cell(k, m) for k in parts]
            if cells and all(cells) and (w := cell(by_ind[whole], m)):
                out.append(_sum_at_most(f"{prefix}* sum <= {whole}", cells, w))
    for f in stated:
        if f.status != REPORTED or f.indicator not in by_ind:
            continue
        k = by_ind[f.indicator]
        if f.measure == "cumulative_before" and (a := cell(k, "annual")) and (
                c := cell(k, "cumulative")):  # 历年累计 = last year's + this year's
            out.append(solver.linear(f"{f.raw_label}: cumulative then + annual", [(c, 1), (a, -1)],
                                     f.value, none_ok=False))
        elif c := cell(k, f.measure):
            out.append(solver.equals(f"{f.source} {f.raw_label}", c, f.value))
    return out


YOY_TOL = 1.0  # percentage points: reports round their 同比 (to whole or tenth percents)


def yoy_possible(annual: float, yoy: float) -> bool:
    """Whether some whole count last year gives this year's count the stated 同比: a change of
    y% from p is (a - p) / p * 100. A count falls by at most 100%, and p is a whole number.

    >>> yoy_possible(1124, -11), yoy_possible(5, 55), yoy_possible(0, -100), yoy_possible(3, -120)
    (True, False, True, False)
    """
    if yoy < -100 - YOY_TOL or annual < 0:
        return False
    if annual == 0:
        return abs(yoy + 100) <= YOY_TOL  # down to nothing, from any p
    lo = annual * 100 / (100 + yoy + YOY_TOL)
    hi = annual * 100 / max(100 + yoy - YOY_TOL, 1e-9)
    for p in range(max(1, math.floor(lo)), math.ceil(hi) + 1):
        if abs((annual - p) / p * 100 - yoy) <= YOY_TOL:
            return True
    return False


def _yoy(name: str, annual: tuple[str, int], yoy: tuple[str, int]) -> solver.Constraint:
    def test(vals):
        a, y = vals
        return a is None or y is None or yoy_possible(a, y)
    return solver.Constraint(name, (annual, yoy), test)


def _sum_at_most(name: str, parts: list[tuple[str, int]], whole: tuple[str, int]
                 ) -> solver.Constraint:
    def test(vals):
        return any(v is None for v in vals) or sum(vals[:-1]) <= vals[-1] + 1e-6
    return solver.Constraint(name, (*parts, whole), test)


def parse_text_table(text: str, stated: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag]]:
    """Facts of a legacy statistics table printed as running text, one or several sections
    each under its own header; ([], []) when there is none. Where a header does not print its
    columns' order (`heads`), the orders no row's annual > cumulative rules out are each read,
    and a cell they read differently is unresolved."""
    heads = headers(text)
    readings: list[list[TextRow]] = []
    for combo in itertools.islice(itertools.product(*(h.orders for h in heads)), MAX_ORDERS):
        rows: list[TextRow] = []
        for i, h in enumerate(heads):
            stop = heads[i + 1].start if i + 1 < len(heads) else len(text)
            rows += _rows(text, h.rows_start, stop, h.has_unit, list(combo[i]))
        if len(rows) >= 2:
            readings.append(rows)
    if not readings:
        return [], []
    fitting = [rows for rows in readings if fits_order(rows)] or readings
    got = [_parse_rows(rows, stated) for rows in fitting]
    return got[0] if len(got) == 1 else agreed(got)


def _parse_rows(rows: list[TextRow], stated: Sequence[Fact]) -> tuple[list[Fact], list[Flag]]:
    readings = []
    for k, r in enumerate(rows):
        money = "元" in r.unit
        kinds = tuple(AMOUNT if money and MEASURE_KIND[m] == COUNT else MEASURE_KIND[m]
                      for m in r.measures)
        readings.append(row_readings(str(k), r.text, kinds, list(r.measures)))
    return _facts(rows, search.solve(readings, constraints(rows, stated)))


def _facts(rows: list[TextRow], sol: solver.Solution) -> tuple[list[Fact], list[Flag]]:
    facts: list[Fact] = []
    flags: list[Flag] = []
    for k, r in enumerate(rows):
        loc = f"table 1 (statistics table) row {r.label} (line {r.line})"
        if r.indicator is None:
            flags.append(Flag("unmapped_label", f"row label not in the alias table: {r.label}",
                              found=r.label, location=loc))
            continue
        if not r.indicator:
            continue  # a heading row
        left = sol.readings.get(str(k), [])
        ambiguous = False
        for c, m in enumerate(r.measures):
            text = sol.cell(str(k), c)
            where = f"{loc} col {m}"
            if text is None:
                ambiguous = True
                facts.append(Fact(r.indicator, math.nan, UNRESOLVED, measure=m, unit=r.unit,
                                  raw_label=r.label, raw_value=r.text,
                                  location=where + " (ambiguous: see flag)", table="1",
                                  row=r.label, column=m, line=r.line))
                continue
            if text == GAP:  # a blank cell that vanished from the printed row
                facts.append(Fact(r.indicator, math.nan, BLANK, measure=m, unit=r.unit,
                                  raw_label=r.label, raw_value="", location=where, table="1",
                                  row=r.label, column=m, line=r.line))
                continue
            cell = parse_cell(text, money="元" in r.unit)
            facts.append(Fact(r.indicator, cell.value if cell else math.nan,
                              cell.status if cell else BLANK, measure=m,
                              unit="%" if m == "yoy_pct" else r.unit, raw_label=r.label,
                              raw_value=text, location=where, table="1", row=r.label,
                              column=m, line=r.line))
        if ambiguous:
            shown = shown_readings(left) or r.text
            flags.append(Flag("ambiguous_cells", f"statistics table row {r.label}: the printed "
                              f"digits {r.text!r} can be read as several sets of cells; the cells "
                              "not fixed by the table's arithmetic are left unresolved",
                              indicator=r.indicator, expected=f"{len(r.measures)} cells",
                              found=shown, location=loc))
    return facts, flags
