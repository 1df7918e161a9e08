"""Table 三 (收到和处理政府信息公开申请情况): 25 (2021) or 23 (2019) rows x 7 applicant columns.

Rows are found by their labels. Where a converter detached labels from their numbers, the rows are
recovered by the template's fixed row order, and only when that fits exactly: the count of number rows
equals one of the template's row counts and every labelled row sits at its own place in that order.
Otherwise the table is flagged `table_unaligned` (naming the rows without figures) and only the rows
whose labels are attached to their numbers are kept. Nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analysis.model import Fact, Flag
from analysis.parse.cells import constraints as tc
from analysis.parse.cells.solve import PrintedRow, counts, fact, line_in, solve_rows
from analysis.parse.rowdefs import (
    RowDef,
    by_id,
    columns_zh,
    sequences,
    split_numbering,
    t3_groups,
    t3_label,
    t3_row,
)
from analysis.parse.template import apart, parted
from analysis.parse.template.rows import Row, is_placeholder, is_value, value_columns

N_COLS = tc.N_COLS  # from the vocabulary: the applicant columns, then 总计
RECOVERED = "recovered by template row order"
MAX_BETWEEN = 3  # label pieces between the two lines of a row's numbers (4. / 权益 …)
NARROW = "(fewer value columns than the template)"  # a label no row resolves to


@dataclass
class DataRow:
    rid: str | None
    labels: list[str]
    values: list[str]
    where: str
    piped: bool = False  # from a pipe row: one cell a value (blank cells may be gone)
    attached: bool = False  # its label was printed on a line above its numbers
    # the row's numbers printed over two lines beside a wrapped label (a narrow column): how many
    # on the first line; which columns each line holds is left to the table's sums
    split: int = 0


def display(d: RowDef) -> str:
    """The printed form of a template row label: 一、… / (三)… / 1.…"""
    sep = "." if d.number.isdigit() else ("、" if d.number and d.number[0] != "(" else "")
    return f"{d.number}{sep}{d.label}"


def columns() -> list[tuple[str, str]]:
    """(breakdown id, Chinese label) of the seven applicant columns, in template order."""
    return columns_zh()


def _group_of(labels: list[str]) -> str | None:
    for cell in labels:
        number, _ = split_numbering(cell)
        if number.startswith("("):
            rid = t3_row(cell)
            if rid:
                return rid
    return None


def _resolve(labels: list[str], group: str | None) -> str | None:
    for cell in reversed(labels):
        rid = t3_label(cell, group)
        if rid:
            return rid
    return t3_label(" ".join(labels), group) if labels else None


def _data_row(row: Row, value_cols: dict[int, set[int]]) -> tuple[list[str], list[str]] | None:
    if row.grid:
        if len(row.cells) <= N_COLS:
            return None
        labels, values = row.split(N_COLS)
        if labels and all(is_value(c) for c in labels):
            return None  # more numbers than the table has columns, no label: another table's row
        ok = all(not v or is_value(v) for v in values)
        if ok and any(values) and len(row.cells) - N_COLS not in value_cols.get(row.table, ()):
            # the table prints fewer value columns than the template (one clipped or lost): the
            # last seven cells hold a label column, so which column is which is not known
            return [*labels, NARROW], values
        return (labels, values) if ok and (any(values) or labels) else None
    labels, values = row.split(N_COLS)
    if labels and not row.piped and (m := _NUMBERS_AFTER.match(labels[-1])):
        # a whitespace table's column border fell after a row's first numbers: 信访举报投诉 799 85
        labels, values = [*labels[:-1], m.group(1)], [*m.group(2).split(), *values]
    return (labels, values) if values else None


_NUMBERS_AFTER = re.compile(r"^(.*[\u4e00-\u9fff)”])\s+(\d+(?:\s+\d+)*)$")


def _label_only(row: Row, group: str | None) -> tuple[list[str], str | None]:
    """A row of labels and no numbers, and the table 三 row it names (a converter prints a
    label on its own line, its numbers in the table after it)."""
    cells = [c for c in row.cells if c]
    if not cells or any(is_value(c) for c in cells):
        return [], None
    return cells, _resolve(cells, _group_of(cells) or group)


_COUNTED = re.compile(r"\d\s*件")  # a header line states no count


def _same_text(labels: list[str], heading: list[str]) -> bool:
    """A row's label repeating, without its number, the heading printed above it (### （一）予以公开
    over | 予以公开 | 150 | …): the row is the one the heading names."""
    number, text = split_numbering("".join(labels))
    return bool(heading) and bool(text) and not number and \
        split_numbering("".join(heading))[1] == text


def _tokens(values: list[str]) -> int:
    return sum(len(v.split()) for v in values)


def _continues(labels: list[str], group: str | None) -> bool:
    """Label cells that only continue a label wrapped over lines (理结果 的,只计这一情形, 务信息): no
    numbering of their own and naming no row."""
    return bool(labels) and not any(split_numbering(c)[0] for c in labels) and \
        _resolve(labels, group) is None


def _collect(rows: list[Row]) -> tuple[list[DataRow], list[str]]:
    """Data rows of table 三 (from 一 to 四) and stray partial rows met on the way."""
    out: list[DataRow] = []
    stray: list[str] = []
    group: str | None = None
    started = False
    pending: list[str] = []  # a label printed apart from its numbers
    part: DataRow | None = None  # a row's first line of numbers, the rest maybe to follow
    between: list[str] = []  # label pieces printed after it
    heading: str | None = None  # the row that label names
    waiting, wrapped = 0, False  # labels alone since the last numbers (stacked ones pair
    # with rows unknown); whether the label waiting was continued by a line of its own
    value_cols = value_columns(rows, {name for _, name in columns()})
    stacks = {i: (end, [DataRow(None, [], c, where) for c in cells])
              for i, (end, cells, where) in parted.stacks(rows, N_COLS).items()}
    skip = -1
    for i, row in enumerate(rows):
        if i <= skip:
            continue
        if i in stacks:  # rows printed column by column: the labels above name them together
            skip, stacked = stacks[i]
            out += stacked if started else []
            pending, heading, part = [], None, None
            continue
        got = None if is_placeholder(row) else _data_row(row, value_cols)
        if got is None:
            if started and "行政复议" in row.text:
                break
            labels, rid = _label_only(row, group)
            between += labels
            if rid or len(between) > MAX_BETWEEN:  # another row's label: the split row ends
                part = None
            if rid:
                pending, heading, group = labels, rid, _group_of(labels) or group
                started, waiting = started or rid == "request.new", waiting + 1
                wrapped = False
            elif pending and waiting == 1 and _continues(labels, group):
                pending, wrapped = pending + labels, True  # its next line (…行政 / 机关)
            elif not is_placeholder(row):  # only a converter's 项目|数据1… may stand between
                pending, heading = [], None
            # the column header; a sentence counting requests (其中自然人申请250件) is prose
            started = started or ("自然人" in row.text and not out and not _COUNTED.search(row.text))
            continue
        labels, values = got
        if wrapped and _tokens(values) != N_COLS:
            pending, heading = [], None  # a label's lines are followed by a whole row or none
        waiting, wrapped = 0, False
        # a label wrapped over lines, its numbers beside its last part or on a line of their own
        attached = bool(pending) and not row.grid and (not labels or _continues(labels, group))
        if not labels and pending:
            labels = pending
        named = heading if labels and (_same_text(labels, pending) or attached) else None
        if attached and labels is not pending:
            labels = pending + labels
        pending, heading = [], None
        if part is not None:
            joined = _rejoined(part, between, labels, values, row, group)
            part, between = None, []
            if joined is not None:
                stray.pop()
                out.append(joined)
                continue
        if (not row.grid and not row.piped and out and not attached and not out[-1].piped
                and (not labels or _continues(labels, group)) and out[-1].rid  # 量 | 7 4 184
                and _tokens(out[-1].values) + _tokens(values) == N_COLS):
            out[-1].split = _tokens(out[-1].values)  # the numbers wrapped beside the label's
            out[-1].values += values                 # last part (数量 1 3)
            out[-1].where += f" + {row.where}"
            continue
        if (not row.grid and out and out[-1].attached and out[-1].rid and not attached
                and _continues(labels, group) and len(values) == N_COLS):
            # the label's last part prints numbers of its own after a line of numbers was given
            # to it: which line is its row is not certain; both are left to the template order
            out[-1].rid, out[-1].attached = None, False
            labels = []
        group = _group_of(labels) or (group if not labels or row.grid else None)
        rid = (_resolve(labels, group) if labels else None) or named
        if rid in t3_groups() and not row.grid:
            rid = None  # a group label beside numbers in text may belong to a sub-row: ambiguous
        if rid == "request.new":
            started, out, stray = True, [], []
        if not started:
            continue
        if NARROW in labels:  # which column is which is not known: not a row of the table
            stray.append(f"{' '.join(c for c in labels if c != NARROW)} {' '.join(values)} "
                         f"({row.where}: {NARROW})")
            continue
        if N_COLS not in (len(values), _tokens(values)) and rid is None:
            stray.append(f"{' '.join(labels + values)} ({row.where})")
            if not row.grid and not row.piped:  # its other numbers may follow the label's end
                part, between = DataRow(None, labels, values, row.where), []
            continue
        out.append(DataRow(rid, labels, values, row.where, row.piped, attached))
        if rid == "request.carried_out" and (row.grid or row.piped or _tokens(values) == N_COLS):
            break  # the table's last row (its numbers whole: else the rest may follow)
    return out, stray


def _rejoined(part: DataRow, between: list[str], labels: list[str], values: list[str], row: Row,
              group: str | None) -> DataRow | None:
    """A row whose numbers a wrapped label's lines parted (`parted`): `part` is its first line,
    `between` the label pieces after it, `labels`/`values` the line that completes it. Joined
    only when the two lines hold the row's seven numbers and the later one's label only
    continues (or is only the numbering)."""
    if row.grid or row.piped or (labels and not _continues(labels, group)
                                 and not all(parted.numbering_only(c) for c in labels)):
        return None
    if _tokens(part.values) + _tokens(values) != N_COLS:
        return None
    label = parted.joined_label(part.labels + between + labels)
    rid = _resolve([label], group)
    return DataRow(None if rid in t3_groups() else rid, [label], " ".join(part.values + values).split(),
                   f"{part.where} + {row.where}", split=_tokens(part.values))


def _align(data: list[DataRow]) -> list[DataRow] | None:
    """Give every row its template id, by label or else by the template order when it fits."""
    if all(d.rid for d in data):
        return data
    for seq in sequences().values():
        if len(seq) != len(data):
            continue
        if all(d.rid in (None, seq[i]) for i, d in enumerate(data)) and all(
                N_COLS in (len(d.values), _tokens(d.values)) for d in data):
            return [replace(d, rid=d.rid or seq[i], attached=False,
                            where=d.where if d.rid else f"{d.where}, {RECOVERED}")
                    for i, d in enumerate(data)]
    return None


def _missing(data: list[DataRow]) -> str:
    have = {d.rid for d in data if d.rid}
    seq = sequences()["t2019" if "request.result.other" in have else "t2021"]
    labels = by_id("三:row")
    missing = [display(labels[r]) for r in seq if r not in have]
    n_loose = sum(1 for d in data if not d.rid)
    return (f"{n_loose} number row(s) without a label for {len(missing)} template row(s): "
            + "; ".join(missing))


def _rows_missing(data: list[DataRow]) -> list[Flag]:
    """A flag naming the template rows a table read by its labels does not print (a converter
    lost a row's small table): their cells are absent, not zero."""
    have = {d.rid for d in data}
    seq = sequences()["t2019" if "request.result.other" in have else "t2021"]
    labels = by_id("三:row")
    missing = [display(labels[r]) for r in seq if r not in have]
    if not missing:
        return []
    return [Flag("rows_missing", f"table 三: {len(missing)} template row(s) not printed",
                 indicator="request", found="; ".join(missing),
                 location=f"table 三 ({data[0].where} to {data[-1].where})")]


def _printed(d: DataRow) -> PrintedRow:
    """A data row for the solver: its cells when all seven are there; else its tokens, each one
    cell with blank cells dropped (a converter), or run together (a flattened page)."""
    label = "/".join(dict.fromkeys(d.labels)) or display(by_id("三:row")[d.rid])
    row = PrintedRow(d.rid, label, d.where, line_in(d.where), counts(N_COLS),
                     groups=((0, N_COLS),))
    toks = " ".join(d.values).split()
    if d.split and len(toks) == N_COLS:  # two lines of numbers, each in its order
        return parted.place(row, toks, d.split)
    if len(d.values) == N_COLS and all(len(v.split()) <= 1 for v in d.values):
        row.cells = list(d.values)  # one number a cell (a cell holding two, | 5 1 |, is two
        return row                  # columns run together: its blank cells hold no places)
    toks = [v for v in d.values if v.strip()]
    row.text = " ".join(toks)
    row.mode = "gaps" if d.piped else "both"
    return row


def three_facts(rows: list[PrintedRow], template: str, stated=()) -> tuple[list[Fact], list[Flag]]:
    """Facts of table 三's printed rows, cells settled by the table's arithmetic (`cells.solve`)."""
    present = {r.rid for r in rows}
    cells = solve_rows(rows, tc.table_three(present, template, stated), "三")
    facts, flags = [], list(cells.flags)
    for r in rows:
        for c, (cid, cname) in enumerate(columns()):
            got = fact(cells, r.rid, c, r.rid, f"table 三 row {r.label} col {cname} ({r.where})",
                       breakdown=cid)
            if isinstance(got, Flag):
                flags.append(got)
                continue
            got.table, got.row, got.column, got.line = "三", r.label, cname, r.line
            facts.append(got)
    return facts, flags


def _facts(data: list[DataRow], template: str, stated) -> tuple[list[Fact], list[Flag]]:
    return three_facts([_printed(d) for d in data], template, stated)


def parse_requests(rows: list[Row], template: str = "t2021", stated=()
                   ) -> tuple[list[Fact], list[Flag], bool]:
    """Facts and flags of table 三 in `rows`, and whether the table was found at all. A row
    printed with fewer numbers than columns is placed by the table's sums (`cells.solve`).

    Text that prints a row's numbers before its label (a reading order that puts a label
    wrapped over two lines after the numbers centred beside it: numbers stand between the
    header and the first label) is read both ways, numbers after their label and before it;
    a cell the two readings give differently is unresolved (`apart.agreed`)."""
    got = _requests(rows, template, stated)
    variant = apart.numbers_first(rows, lambda r: _label_only(r, None)[1] == "request.new",
                                  lambda r: bool(_label_only(r, None)[0]))
    if variant is None or not got[2]:
        return got
    other = _requests(variant, template, stated)
    return apart.agreed(got, other), got[1] + other[1] + [apart.order_flag()], True


def _requests(rows: list[Row], template: str, stated) -> tuple[list[Fact], list[Flag], bool]:
    data, stray = _collect(rows)
    if not data:
        return [], [], False
    aligned = _align(data)
    if aligned is not None:
        facts, flags = _facts(aligned, template, stated)
        return facts, flags + _rows_missing(aligned), True
    found = _missing(data) + (f"; partial rows: {' | '.join(stray)}" if stray else "")
    flag = Flag("table_unaligned", "table 三: number rows could not be aligned to the template "
                "rows; only rows printed with their labels are kept", severity="error",
                indicator="request", expected="25 (or 23) rows of 7 numbers", found=found,
                location=f"table 三 ({data[0].where} to {data[-1].where})")
    facts, flags = _facts([d for d in data if d.rid], template, stated)
    return facts, flags + [flag], True
