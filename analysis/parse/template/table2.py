"""Table 二 (主动公开政府信息情况): rows 规章 … 政府集中采购, columns named by the header above them.

The header row (信息内容 | 本年制发件数 | …) sets which measure each column holds; where no header is
found before a row, the template's default columns for that row are used (template_rows.csv).
Grid rows map values by header column position (HTML colspan repeats a cell: the first copy counts).
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model import Fact, Flag, Meta
from analysis.parse.cells import constraints as tc
from analysis.parse.cells.solve import GAP, PrintedRow, fact, line_in, solve_rows
from analysis.parse.cells.splits import AMOUNT, COUNT, SIGNED
from analysis.parse.rowdefs import by_id, measures_in, t2_row
from analysis.parse.template import floating
from analysis.parse.template.rows import Row


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


KIND_OF_MEASURE = {"change": SIGNED, "amount": AMOUNT}


def kinds_of(measures: Sequence[str]) -> tuple[str, ...]:
    return tuple(KIND_OF_MEASURE.get(m, COUNT) for m in measures)


def two_facts(rows: list[PrintedRow], measures: dict[str, list[str]], units: dict[str, str],
              stated: Sequence[Fact] = (), printed: dict[str, str] | None = None
              ) -> tuple[list[Fact], list[Flag]]:
    """Facts of table 二's printed rows; run-together or short rows settled by what the
    narrative states (table 二 has no sums of its own)."""
    col_zh = {m: d.label for m, d in by_id("二:measure").items()} | (printed or {})
    cells = solve_rows(rows, tc.table_two(rows, measures, stated), "二")
    facts, flags = [], list(cells.flags)
    for r in rows:
        for c, m in enumerate(measures[r.rid]):
            if m == "amount" and units.get(r.rid) and cells.values[r.rid][c] not in (None, GAP):
                cells.values[r.rid][c] += units[r.rid]  # 251000元: make_fact converts to 万元
            got = fact(cells, r.rid, c, r.rid, f"table 二 row {r.label} col {col_zh[m]} "
                       f"({r.where})", measure=m, unit=unit_of(m))
            if isinstance(got, Flag):
                flags.append(got)
                continue
            got.table, got.row, got.column, got.line = "二", r.label, col_zh[m], r.line
            facts.append(got)
    return facts, flags


def _printed_row(rid: str, label: str, row: Row, measures: list[str], values: list[str],
                 exact: bool) -> PrintedRow:
    out = PrintedRow(rid, label, row.where, line_in(row.where), kinds_of(measures))
    if exact:
        out.cells = values
        return out
    toks = [v for v in values if v.strip()]
    out.text = " ".join(toks)
    out.mode = "gaps" if row.piped else "both"
    return out


def parse_proactive(rows: list[Row], meta: Meta, stated: Sequence[Fact] = ()
                    ) -> tuple[list[Fact], list[Flag]]:
    """Facts of table 二 found in `rows`. A row whose numbers do not line up with its header's
    columns (run together, or a blank cell dropped by a converter) goes through the solver."""
    printed: dict[str, str] = {}
    found: list[tuple[PrintedRow, list[str]]] = []
    measures: dict[str, list[str]] = {}
    units: dict[str, str] = {}
    header = None
    titles: list[tuple[Row, list[str], str, object]] = []  # labels alone: 规章 as a heading
    blocks: list[floating.Block] = []  # lines of numbers alone (cells a converter moved out)
    for k, row in enumerate(rows):
        labels, values = row.split()
        rid = t2_row(labels[0]) if labels else None
        if rid is None:
            nxt = rows[k + 1] if k + 1 < len(rows) else None
            if _numbers_under(titles, measures, labels, values, row, nxt):
                _, title, rid, above = titles[-1]  # the lone label's row, its numbers a line lower
                found.append(_row(rid, title[0], row, above, meta, measures, units))
                continue
            block = floating.block_of(row, line_in(row.where))
            blocks += [block] if block else []
            h = _header(row, printed)
            header = h or header
            continue
        if rid in measures:
            continue
        if not row.grid and not any(v.strip() for v in values):
            titles.append((row, labels, rid, header))  # the row only if no numbers follow
            continue
        found.append(_row(rid, labels[0], row, header, meta, measures, units))
    for row, labels, rid, header in titles:
        if rid not in measures:
            found.append(_row(rid, labels[0], row, header, meta, measures, units))
    short = [(p, values, measures[p.rid]) for p, values in found if p.cells is None]
    moved = floating.fill(short, blocks) if blocks and short else []
    facts, flags = two_facts([p for p, _ in found], measures, units, stated, printed)
    return facts, moved + flags


def _numbers_under(titles: list, measures: dict[str, list[str]], labels: list[str],
                   values: list[str], row: Row, nxt: Row | None) -> bool:
    """A row of numbers alone on the line right under a label alone (`规章` then `| | 0 | 0 | 0 |`,
    `行政处罚` then `1100`: a PDF-to-Markdown tool printed the label higher than its cells). Not
    when the next line holds numbers alone too: a row printed a cell a line (规章 / 1 / 1 / 12)
    is not its first line's."""
    if not titles or labels or not any(v.strip() for v in values) or titles[-1][2] in measures:
        return False
    if nxt is not None and line_in(nxt.where) == line_in(row.where) + 1:
        more_labels, more_values = nxt.split()
        if not more_labels and any(v.strip() for v in more_values):
            return False
    return 0 < line_in(row.where) - line_in(titles[-1][0].where) <= 1


def _row(rid: str, label: str, row: Row, header, meta: Meta, measures: dict[str, list[str]],
         units: dict[str, str]) -> tuple[PrintedRow, list[str]]:
    """Table 二's row `rid` as printed and its printed values; its measures and unit noted in
    `measures`, `units`."""
    defaults = [m for m in by_id("二:row")[rid].layout(meta.template or "t2021").split("|") if m]
    got = _values(row, header, defaults)
    if got is not None:
        ms, values, exact = got[0], got[1], True
    else:
        ms, values, exact = (header[1] if header and header[1] else defaults,
                             row.split()[1], False)
    measures[rid] = list(ms)
    units[rid] = "元" if any(v.strip().endswith("元") for v in values) and not exact else ""
    return _printed_row(rid, label, row, list(ms), list(values), exact), list(values)
