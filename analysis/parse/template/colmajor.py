"""Table 三 printed column by column: a reading order (pdfminer.six's, a PDF's text taken box by box)
that lists the row labels of a page's part of the table, then that part's numbers one column after
another (a column's numbers down every row of the part, then the next column's), one number a line.

The sign: a run of table 三 row labels, then a run of lines of numbers alone exactly as long as the
run's value rows times the table's seven columns (a blank cell the print dropped makes it shorter:
then nothing is laid out). The numbers are cut into seven column blocks of the part's rows.

Such a text does not say which block is which column: the boxes of one page's columns come in the
order the tool sorted them, and that order was seen to differ from the printed one (总计 before 其他).
So only what the template's arithmetic settles is placed:
- the 总计 column is the one block, in every part, that is the sum of the other six, row by row;
- an applicant's cell is placed only where all six applicant blocks print the same number in that
  row (0 in every applicant column); every other applicant cell is `unresolved`, flagged;
- the rows' labels must stand in the template's order (the sums cannot tell two result rows
  apart: labels a tool listed out of order would give their numbers to each other);
- the 总计 column must keep the table's column sums (the result rows to (七)总计, 一 + 二 = (七) + 四),
  and the same numbers read row by row must not keep the row sums too (another order that fits).

>>> labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "(七)总计",
...           "四、结转下年度继续办理"]
>>> numbers = "3 2 4 1  0 0 0 0  0 0 0 0  0 0 0 0  0 0 0 0  5 2 6 1  2 0 2 0".split()
>>> rows, unsure, flag = column_rows(labels + numbers, "t2021")
>>> [r.cells[-1] for r in rows]  # 总计: the block that sums the others
['5', '2', '6', '1']
>>> len(unsure), flag.rule  # 6 applicant cells in each row: 3 and 2 in two columns, 0 in four
(24, 'table_column_order')
"""

from __future__ import annotations

import re

from analysis.clean.chrome import PAGE_MARKER
from analysis.model import Flag
from analysis.parse.cells.constraints import N_COLS, TOTAL, table_three
from analysis.parse.rowdefs import t3_groups, t3_label, t3_rank
from analysis.parse.template.rows import Row

COLUMN_ORDER = "table_column_order"
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
JUNK = 24  # characters: a line between labels that names no row (a wrapped label's end, the
# vertical 三、本年度办理结果 one character a line) is passed over when no longer than this

Label = tuple[str, str, int]  # (row id, label as printed, line number)


def _numbers_line(s: str) -> list[str] | None:
    toks = s.split()
    return toks if toks and all(_NUMBER.match(t) for t in toks) else None


def _parts(lines: list[str]) -> list[tuple[list[Label], list[str]]]:
    """(labels, numbers) of each run of table 三 row labels followed by a run of lines of numbers
    alone (page markers and empty lines passed over)."""
    parts = []
    i, n = 0, len(lines)
    while i < n:
        labels: list[Label] = []
        group = None
        while i < n and _numbers_line(lines[i].strip()) is None:
            s = lines[i].strip()
            rid = t3_label(s, group) if s and not PAGE_MARKER.match(s) else None
            if rid:
                labels.append((rid, s, i + 1))
                group = rid if rid in t3_groups() else group
            elif len(s) > JUNK:
                labels, group = [], None  # prose: the run was no table's labels
            i += 1
        numbers: list[str] = []
        while i < n:
            s = lines[i].strip()
            if (toks := _numbers_line(s)) is not None:
                numbers += toks
            elif s and not PAGE_MARKER.match(s):
                break
            i += 1
        if labels and numbers:
            parts.append((labels, numbers))
    return parts


def _value_rows(labels: list[Label], named: set[str]) -> list[Label]:
    """The labels of rows that print numbers: the heading of a group whose sub-rows the table
    names (`named`) prints none ((三)不予公开 over 1.属于国家秘密 …); (六)其他处理 printed as one
    row does."""
    return [x for x in labels
            if x[0] not in t3_groups() or not any(n.startswith(x[0] + ".") for n in named)]


def _total_block(blocks: list[list[float]]) -> int | None:
    """The index of the one block that is, row by row, the sum of the others (identical blocks
    count as one); None when no block or two different blocks are."""
    found = [k for k, b in enumerate(blocks)
             if all(abs(b[r] - sum(o[r] for j, o in enumerate(blocks) if j != k)) < 1e-6
                    for r in range(len(b)))]
    return found[0] if found and all(blocks[k] == blocks[found[0]] for k in found) else None


def _keeps_sums(columns: dict[str, float], template: str) -> bool:
    """Whether one column of numbers (row id -> value) keeps the table's column sums; and there
    is one such sum over these rows."""
    checks = [c for c in table_three(set(columns), template) if len(c.rows) > 1]
    return bool(checks) and all(c.test([columns[r] for r, _ in c.cells]) for c in checks)


def _value(text: str) -> float:
    return float(text.replace(",", ""))  # a number line's token: digits, commas, a decimal point


def _row_sums_hold(grid: dict[str, list[str]]) -> bool:
    return all(abs(sum(map(_value, row[:TOTAL])) - _value(row[TOTAL])) < 1e-6
               for row in grid.values())


def column_rows(lines: list[str], template: str
                ) -> tuple[list[Row], set[tuple[str, int]], Flag] | None:
    """Rows of table 三 laid out from its parts printed column by column (see the module doc),
    the (row id, column) cells left unresolved, and the flag that says so; None when the text
    shows no such table or its arithmetic does not settle it."""
    parts = _parts(lines)
    named = {rid for labels, _ in parts for rid, _, _ in labels}
    laid = [(_value_rows(labels, named), numbers) for labels, numbers in parts]
    if not laid or any(not rows or len(nums) != N_COLS * len(rows) for rows, nums in laid):
        return None
    order = [t3_rank(rid) for rows, _ in laid for rid, _, _ in rows]
    if None in order or order != sorted(set(order)):
        return None  # a row printed twice, or labels out of the template's order
    grid: dict[str, list[str]] = {}
    unsure: set[tuple[str, int]] = set()
    for rows, nums in laid:
        blocks = [nums[c * len(rows):(c + 1) * len(rows)] for c in range(N_COLS)]
        t = _total_block([[_value(v) for v in b] for b in blocks])
        if t is None:
            return None
        applicants = [b for k, b in enumerate(blocks) if k != t]
        for r, (rid, _, _) in enumerate(rows):
            cells = [b[r] for b in applicants]
            grid[rid] = cells + [blocks[t][r]]
            if len({_value(c) for c in cells}) > 1:
                unsure |= {(rid, c) for c in range(TOTAL)}
    # the 总计 column keeps the column sums (which applicant block of one part continues which
    # of another's is not known: only the rows where they all agree were placed)
    if not _keeps_sums({rid: _value(v[TOTAL]) for rid, v in grid.items()}, template):
        return None
    by_row = {rid: nums[r * N_COLS:(r + 1) * N_COLS]  # the numbers read row by row instead
              for rows, nums in laid for r, (rid, _, _) in enumerate(rows)}
    if _row_sums_hold(by_row) and by_row != grid:
        return None  # read row by row the numbers keep the row sums too: the order is open
    out = [Row([label, *grid[rid]], False, f"line {line}")
           for rows, _ in laid for rid, label, line in rows]
    first, last = laid[0][0][0][2], laid[-1][0][-1][2]
    flag = Flag(COLUMN_ORDER, "table 三 printed column by column (each part's row labels, then its "
                "numbers a column after another, in an order the text does not fix): the 总计 "
                "column is the one that sums the others, and an applicant's cell is placed only "
                f"where every applicant column prints the same number; {len(unsure)} cell(s) "
                "left unresolved", severity="info" if not unsure else "warning",
                indicator="request", expected="columns in printed order",
                found=str(len(unsure)),
                location=f"table 三 (line {first} to line {last})")
    return out, unsure, flag
