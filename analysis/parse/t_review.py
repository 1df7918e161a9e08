"""Table 四 (行政复议、行政诉讼): one row of 15 numbers, three blocks of five, in the template's order.

The header is often garbled (split cells, one character a line), so the columns are taken from the
template's fixed order (template_rows.csv, 四:column), after a header naming 行政复议 has been seen.
"""

from __future__ import annotations

from analysis.model import Fact, Flag
from analysis.parse.t_cells import make_fact
from analysis.parse.t_rows import Row, is_value
from analysis.parse.t_vocab import defs

N_VALUES = 15


def _columns() -> list[tuple[str, str]]:
    return [(d.id, d.label) for d in sorted(defs("四:column"), key=lambda d: int(d.t2021))]


def _numbers(row: Row) -> list[str] | None:
    cells = row.cells if row.grid else row.split()[1]
    if row.grid:
        cells = cells[-N_VALUES:] if len(cells) >= N_VALUES else cells
    if len(cells) != N_VALUES or not all(not c or is_value(c) for c in cells):
        return None
    return cells if any(cells) else None


def parse_review(rows: list[Row]) -> tuple[list[Fact], list[Flag], bool]:
    """Facts of table 四 found in `rows` (after a 行政复议 header), and whether it was found."""
    seen_header = False
    for row in rows:
        if "行政复议" in row.text and not any(is_value(c) for c in row.cells if c):
            seen_header = True
            continue
        if not seen_header:
            continue
        if row.grid and any(c and not is_value(c) for c in row.cells[-N_VALUES:]):
            continue
        cells = _numbers(row)
        if cells is None:
            continue
        facts, flags = [], []
        for (cid, cname), raw in zip(_columns(), cells, strict=True):
            loc = f"table 四 col {cname} ({row.where})"
            fact, flag = make_fact(cid, raw, loc, cname)
            facts += [fact] if fact else []
            flags += [flag] if flag else []
        return facts, flags, True
    return [], [], False
