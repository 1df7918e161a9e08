"""The headers of a legacy statistics table printed as text: which columns, in which order.

Usually the header is one run (`指标名称 计量单位 2012年度 历年累计`). A PDF's text layer gives another
form: header cells of two lines (`计量/单位`, `2012/年度`) beside cells of one line centred on them
(`指标名称`, `历年累计`) come out as three interleaved lines, the two-line cells' top halves above and
their bottom halves below the line of one-line cells:

    计量 2012
    指标名称 历年累计
    单位 年度

The halves pair up in order (计量+单位, 2012+年度), but where the joined cells stood among the
one-line cells is not printed. Every order keeping each line's own order is a candidate; the
table's rows choose among them (`analysis.parse.legacy.text`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from analysis.clean import unspaced
from analysis.model import UNRESOLVED, Fact, Flag
from analysis.parse.cells import solver
from analysis.parse.cells.splits import tokens

HEAD = re.compile(r"指\s*标(?:\s*名\s*称)?[\s|]*(?:(?P<unit>(?:计\s*量\s*)?单\s*位)[\s|]*)?")
COLUMN = re.compile(r"[\s|]*(?P<col>(?:19|20)\d{2}\s*年\s*度?\s*(?:数)?|历\s*年\s*累\s*计\s*(?:数)?|累\s*计"
                    r"\s*(?:数)?|本\s*年\s*度?\s*(?:数)?|同\s*比\s*增\s*减\s*(?:\(\s*%\s*\))?|统\s*计\s*数|数\s*量"
                    r"|年\s*度(?:\s*数)?)")
# a two-row header flattened: 年度 over the year, the year printed below the column names
_YEAR_BELOW = re.compile(r"\s*(?:19|20)\d{2}(?:\s*年\s*度?)?(?=\s)")
_UNIT = re.compile(r"(?:计量)?单位")
_GENERIC = ("数量", "统计数")  # a header word over the measure columns, when they are named too
MAX_ORDERS = 24


@dataclass
class Head:
    """One header: where it starts, where its rows start, whether a unit column is printed, and
    the candidate orders of its measures (one, unless the text does not print the order)."""

    start: int
    rows_start: int
    has_unit: bool
    orders: list[tuple[str, ...]]


def measure(col: str) -> str:
    c = unspaced(col)
    return "cumulative" if "累计" in c else "yoy_pct" if "同比" in c else "annual"


def _column(cell: str) -> str | None:
    """The measure a whole header cell names, None when it names none."""
    m = COLUMN.fullmatch(cell)
    return measure(m.group("col")) if m else None


def _interleaved(text: str, m: re.Match[str]) -> Head | None:
    """The three-line form around the 指标 line of `m`; None when the text is not so printed."""
    start = text.rfind("\n", 0, m.start()) + 1
    if text[start:m.start()].strip() or m.group("unit"):
        return None
    end = text.find("\n", m.end())
    above_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
    below_end = text.find("\n", end + 1) if end >= 0 else -1
    if start == 0 or end < 0 or below_end < 0:
        return None
    above, below = text[above_start:start - 1].split(), text[end + 1:below_end].split()
    middle = text[m.end():end].split()
    if not above or len(above) != len(below):
        return None
    joined = [a + b for a, b in zip(above, below, strict=True)]
    units = [c for c in joined if _UNIT.fullmatch(c)]
    two_line = [_column(c) for c in joined if not _UNIT.fullmatch(c)]
    one_line = [_column(c) for c in middle]
    if len(units) > 1 or None in two_line or None in one_line or not two_line:
        return None
    orders = _merges(tuple(two_line), tuple(one_line))
    return Head(above_start, below_end + 1, bool(units), orders)


def _wrapped(text: str, m: re.Match[str]) -> Head | None:
    """The two-line form: header cells wrapped in narrow columns, their top halves on the 指标
    line beside the one-line cells, their bottom halves alone on the next line:

        指标名称      计量 2012 历年累计
                      单位 年度

    Each bottom half joins one top piece, in order; the pairing is taken only when it is the
    one way that makes every cell a column's name. None when the text is not so printed."""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    below_end = text.find("\n", end + 1) if end >= 0 else -1
    if text[start:m.start()].strip() or m.group("unit") or end < 0 or below_end < 0:
        return None
    top, below = text[m.end():end].split(), text[end + 1:below_end].split()
    if not top or not below or len(below) > len(top):
        return None
    found = set()
    for joins in itertools.combinations(range(len(top)), len(below)):
        cells = list(top)
        for j, piece in zip(joins, below, strict=True):
            cells[j] += piece
        units = [c for c in cells if _UNIT.fullmatch(c)]
        measures = tuple(_column(c) for c in cells if not _UNIT.fullmatch(c))
        if len(units) <= 1 and measures and None not in measures:
            found.add((measures, bool(units)))
    if len(found) != 1:
        return None
    (measures, has_unit), = found
    return Head(start, below_end + 1, has_unit, [measures])


def _merges(a: tuple[str, ...], b: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every interleaving of `a` and `b` keeping each one's order (at most MAX_ORDERS)."""
    n = len(a) + len(b)
    out = []
    for where in itertools.islice(itertools.combinations(range(n), len(a)), MAX_ORDERS):
        ia, ib = iter(a), iter(b)
        out.append(tuple(next(ia) if k in where else next(ib) for k in range(n)))
    return list(dict.fromkeys(out))


def headers(text: str) -> list[Head]:
    """Every statistics-table header. A report may print one header per section."""
    out = []
    for m in HEAD.finditer(text):
        if (two := _interleaved(text, m) or _wrapped(text, m)) is not None:
            out.append(two)
            continue
        pos, cols = m.end(), []
        while (c := COLUMN.match(text, pos)) is not None:
            cols.append((measure(c.group("col")), unspaced(c.group("col"))))
            pos = c.end()
        if any(word not in _GENERIC for _, word in cols):  # 数量 over 历年累计数 | 年度数: a group
            cols = [c for c in cols if c[1] not in _GENERIC]
        if cols and "年度" in (word for _, word in cols) and (y := _YEAR_BELOW.match(text, pos)):
            pos = y.end()
        if cols:
            out.append(Head(m.start(), pos, bool(m.group("unit")), [tuple(k for k, _ in cols)]))
    return out


def fits_order(rows: Sequence[Any]) -> bool:
    """No row printed one token per cell has annual > cumulative under its columns' order."""
    for r in rows:
        toks = tokens(r.text)
        if len(toks) != len(r.measures) or not {"annual", "cumulative"} <= set(r.measures):
            continue
        a = solver.number(toks[r.measures.index("annual")])
        c = solver.number(toks[r.measures.index("cumulative")])
        if a is not None and c is not None and a > c:
            return False
    return True


def agreed(got: list[tuple[list[Fact], list[Flag]]]) -> tuple[list[Fact], list[Flag]]:
    """The facts all readings of the columns' order agree on; a cell they read differently is
    unresolved, its flag listing each order's value."""
    def key(f: Fact) -> tuple[str, str, str]:
        return f.indicator, f.breakdown, f.measure

    others = [{key(f): f for f in facts} for facts, _ in got[1:]]
    facts, flags = [], list(got[0][1])
    for f in got[0][0]:
        alts = [o.get(key(f)) for o in others]
        if all(a is not None and a.status == f.status and (a.value == f.value or (
                math.isnan(a.value) and math.isnan(f.value))) for a in alts):
            facts.append(f)
            continue
        seen = [f] + [a for a in alts if a is not None]
        shown = " / ".join(dict.fromkeys(x.raw_value or "blank" for x in seen))
        facts.append(replace(f, value=math.nan, status=UNRESOLVED,
                             location=f.location + " (column order not printed: see flag)"))
        flags.append(Flag("ambiguous_cells", f"statistics table row {f.raw_label}: the header does "
                          f"not print the order of its columns and the rows allow {len(got)}; "
                          f"the {f.measure} cell reads {shown} by order",
                          indicator=f.indicator, expected="one reading", found=shown,
                          location=f.location, severity="warning"))
    return facts, flags
