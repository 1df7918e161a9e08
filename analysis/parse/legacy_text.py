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
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis import vocab
from analysis.model import BLANK, REPORTED, Fact, Flag
from analysis.parse import solver
from analysis.parse.legacy import map_label
from analysis.parse.numbers import parse_cell
from analysis.parse.splits import AMOUNT, COUNT, SIGNED, split_row, tokens
from analysis.parse.t_runon import line_of
from analysis.parse.t_solve import GAP, joined_with_gaps

_HEAD = re.compile(r"指\s*标(?:\s*名\s*称)?[\s|]*(?:(?P<unit>(?:计\s*量\s*)?单\s*位)[\s|]*)?")
_COLUMN = re.compile(r"[\s|]*(?P<col>(?:19|20)\d{2}\s*年\s*度?\s*(?:数)?|历\s*年\s*累\s*计\s*(?:数)?|累\s*计"
                     r"\s*(?:数)?|本\s*年\s*度?\s*(?:数)?|同\s*比\s*增\s*减\s*(?:\(\s*%\s*\))?|统\s*计\s*数|数\s*量)")
_UNITS = "万元|人次|条|件|元|个|次|人|项|篇|期|场"
_ROW = re.compile(rf"[\s|]*(?P<lead>其中\s*[:]?\s*)?(?P<num>\d{{1,2}}\s*[.、．]\s*)?"
                  rf"(?P<label>[^\d|]{{2,40}}?)[\s|]*(?P<unit>{_UNITS})?[\s|]*"
                  rf"(?P<vals>[-—/\d][\d\s|.,%\-—/]*)")
_GENERIC = ("数量", "统计数")  # a header word over the measure columns, when they are named too
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


def _measure(col: str) -> str:
    c = re.sub(r"\s", "", col)
    return "cumulative" if "累计" in c else "yoy_pct" if "同比" in c else "annual"


def header(text: str) -> tuple[int, bool, list[str]] | None:
    """(where the rows start, whether a unit column is printed, the measures in order)."""
    for m in _HEAD.finditer(text):
        pos, cols = m.end(), []
        while (c := _COLUMN.match(text, pos)) is not None:
            cols.append((_measure(c.group("col")), re.sub(r"\s", "", c.group("col"))))
            pos = c.end()
        if any(word not in _GENERIC for _, word in cols):  # 数量 over 历年累计数 | 年度数: a group
            cols = [c for c in cols if c[1] not in _GENERIC]
        if cols:
            return pos, bool(m.group("unit")), [measure for measure, _ in cols]
    return None


def _unglue(text: str, m: re.Match[str]) -> tuple[str, int]:
    """A row's value text and where the next row starts, with the next row's numbering glued
    to the digits (`179533042.政府…`, `2949819162、政府…`) given back: the number that follows
    this row's own in the 其中 sequence (1 after a group head)."""
    vals, end = m.group("vals"), m.end()
    digits = vals.rstrip(" |")
    if digits.endswith((".", "．")) or text[end:end + 1] in ("、", "．", "."):
        digits = digits.rstrip(".．").rstrip()
        own = m.group("num")
        nxt = str(int(re.sub(r"\D", "", own)) + 1) if own else "1"
        if digits.endswith(nxt) and len(digits) > len(nxt):
            digits = digits[:-len(nxt)]
            return digits, m.start("vals") + len(digits)
    return vals, end


def _rows(text: str, start: int, has_unit: bool) -> list[TextRow]:
    where = line_of(text)
    rows: list[TextRow] = []
    pos, parent = start, None
    group_head: str | None = None
    while (m := _ROW.match(text, pos)) is not None:
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
                            where(m.start("label"))))
        pos = end
    return rows


@functools.cache
def _sums() -> tuple[tuple[str, str], ...]:
    return tuple((r["whole"], r["parts"]) for r in vocab.rows("legacy_sums.csv"))


def constraints(rows: Sequence[TextRow], measures: list[str], stated: Sequence[Fact]
                ) -> list[solver.Constraint]:
    out: list[solver.Constraint] = []
    col = {m: i for i, m in enumerate(measures)}
    by_ind = {r.indicator: k for k, r in enumerate(rows) if r.indicator}
    if "annual" in col and "cumulative" in col:
        out += [solver.at_most(f"{r.label}: annual <= cumulative", (str(k), col["annual"]),
                               (str(k), col["cumulative"])) for k, r in enumerate(rows)]
    for k, r in enumerate(rows):
        if r.parent and r.parent in by_ind:
            for m in ("annual", "cumulative"):
                if m in col:
                    out.append(solver.at_most(f"{r.label} <= {r.parent}", (str(k), col[m]),
                                              (str(by_ind[r.parent]), col[m])))
    for whole, prefix in _sums():
        parts = [str(k) for k, r in enumerate(rows)
                 if r.indicator and r.indicator.startswith(prefix) and r.indicator != whole]
        if whole in by_ind and parts:
            for m in ("annual", "cumulative"):
                if m in col:
                    out.append(_sum_at_most(f"{prefix}* sum <= {whole}", parts, col[m],
                                            str(by_ind[whole])))
    for f in stated:
        if f.status == REPORTED and f.indicator in by_ind and f.measure in col:
            out.append(solver.equals(f"narrative {f.raw_label}",
                                     (str(by_ind[f.indicator]), col[f.measure]), f.value))
    return out


def _sum_at_most(name: str, parts: list[str], c: int, whole: str) -> solver.Constraint:
    def test(vals):
        return any(v is None for v in vals) or sum(vals[:-1]) <= vals[-1] + 1e-6
    return solver.Constraint(name, (*((p, c) for p in parts), (whole, c)), test)


def _readings(key: str, text: str, kinds: tuple[str, ...], measures: list[str]) -> solver.Row:
    """A row's readings: its tokens cut into the columns' cells; a 同比 cell may also be gone
    (left blank, it vanishes from flattened text). Counts and cumulatives are printed (0 when
    none) in these tables, so a blank one is read only when nothing else fits the digits."""
    toks = tokens(text)
    if not toks:
        return solver.Row(key, [(GAP,) * len(kinds)])
    found = split_row(toks, kinds)
    options, capped = list(found.options), found.capped
    if "yoy_pct" in measures and len(measures) > 1:
        y = measures.index("yoy_pct")
        rest = split_row(toks, kinds[:y] + kinds[y + 1:])
        options += [cells[:y] + (GAP,) + cells[y:] for cells in rest.options]
        capped = capped or rest.capped
    if not options:
        extra = joined_with_gaps(toks, kinds)
        options, capped = extra.options, extra.capped
    return solver.Row(key, options, capped)


def parse_text_table(text: str, stated: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag]]:
    """Facts of a legacy statistics table printed as running text; ([], []) when there is none."""
    head = header(text)
    if head is None:
        return [], []
    start, has_unit, measures = head
    rows = _rows(text, start, has_unit)
    if len(rows) < 2:
        return [], []
    kinds = tuple(MEASURE_KIND[m] for m in measures)
    readings = []
    for k, r in enumerate(rows):
        money = "元" in r.unit
        row_kinds = tuple(AMOUNT if money and kd == COUNT else kd for kd in kinds)
        readings.append(_readings(str(k), r.text, row_kinds, measures))
    sol = solver.solve(readings, constraints(rows, measures, stated))
    return _facts(rows, measures, sol)


def _facts(rows: list[TextRow], measures: list[str], sol: solver.Solution
           ) -> tuple[list[Fact], list[Flag]]:
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
        for c, m in enumerate(measures):
            text = sol.cell(str(k), c)
            where = f"{loc} col {m}"
            if text is None:
                ambiguous = True
                facts.append(Fact(r.indicator, math.nan, BLANK, measure=m, unit=r.unit,
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
            shown = " or ".join("|".join(x) for x in left[:6]) or r.text
            flags.append(Flag("ambiguous_cells", f"statistics table row {r.label}: the printed "
                              f"digits {r.text!r} can be read as several sets of cells; the cells "
                              "not fixed by the table's arithmetic are left blank",
                              indicator=r.indicator, expected=f"{len(measures)} cells",
                              found=shown, location=loc))
    return facts, flags
