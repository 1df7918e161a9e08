"""Table 二 (主动公开政府信息情况): rows 规章 … 政府集中采购, columns named by the header above them.

The header row (信息内容 | 本年制发件数 | …) sets which measure each column holds; where no header is
found before a row, the template's default columns for that row are used (template_rows.csv).
Grid rows map values by header column position (HTML colspan repeats a cell: the first copy counts).
"""

from __future__ import annotations

from analysis.model import Fact, Flag, Meta
from analysis.parse.t_cells import make_fact
from analysis.parse.t_rows import Row
from analysis.parse.t_vocab import by_id, measures_in, t2_row


def unit_of(measure: str) -> str:
    """The unit of a table 二 measure."""
    return {"amount": "万元", "items": "项", "prior_year_items": "项"}.get(measure, "件")


def _header(row: Row, printed: dict[str, str]) -> tuple[list[int], list[str]] | None:
    """(column positions, measures) of a header row; positions are -1 for loose rows."""
    if row.grid:
        cols, measures = [], []
        for i, c in enumerate(row.cells):
            found = measures_in(c)
            if len(found) == 1 and found[0] not in measures:
                cols.append(i)
                measures.append(found[0])
                printed[found[0]] = c  # the header as printed, for locations
        return (cols, measures) if measures else None
    measures = measures_in(row.text)
    return ([-1] * len(measures), measures) if measures else None


def _values(row: Row, header, defaults: list[str]) -> tuple[list[str], list[str]] | None:
    if row.grid and header and header[0] and header[0][0] >= 0:
        cols, measures = header
        if max(cols) < len(row.cells):
            return measures, [row.cells[i] for i in cols]
    _, values = row.split()
    if header and len(header[1]) == len(values):
        return header[1], values
    if defaults and len(defaults) == len(values):
        return defaults, values
    return None


def parse_proactive(rows: list[Row], meta: Meta) -> tuple[list[Fact], list[Flag]]:
    """Facts of table 二 found in `rows`."""
    defs = by_id("二:row")
    col_zh = {m: d.label for m, d in by_id("二:measure").items()}
    printed: dict[str, str] = {}
    facts: list[Fact] = []
    flags: list[Flag] = []
    header = None
    for row in rows:
        labels, _ = row.split()
        rid = t2_row(labels[0]) if labels else None
        if rid is None:
            h = _header(row, printed)
            header = h or header
            continue
        defaults = [m for m in defs[rid].layout(meta.template or "t2021").split("|") if m]
        got = _values(row, header, defaults)
        if got is None:
            flags.append(Flag("truncated_table", f"table 二 row {labels[0]}: columns do not match "
                              "the header", indicator=rid, expected=" | ".join(header[1] if header
                              else defaults), found=row.text, location=f"table 二 ({row.where})"))
            continue
        for measure, raw in zip(*got, strict=True):
            loc = f"table 二 row {labels[0]} col {printed.get(measure, col_zh[measure])} ({row.where})"
            fact, flag = make_fact(rid, raw, loc, labels[0], measure=measure,
                                   unit=unit_of(measure))
            facts += [fact] if fact else []
            flags += [flag] if flag else []
    return facts, flags
