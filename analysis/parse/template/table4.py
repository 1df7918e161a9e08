"""Table 四 (行政复议、行政诉讼): one row of 15 numbers, three blocks of five, in the template's order.

The header is often garbled (split cells, one character a line), so the columns are taken from the
template's fixed order (template_rows.csv, 四:column), after a header naming 行政复议 has been seen.
The row may come whole, or cut into its three blocks (an OCR conversion prints one small table per
block), with blank cells dropped or cells run together: it is read through the solver with the
blocks' sums (`cells.solve`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from analysis.model import Fact, Flag
from analysis.parse.cells import constraints as tc
from analysis.parse.cells.solve import PrintedRow, counts, fact, line_in, solve_rows, with_gaps
from analysis.parse.rowdefs import defs
from analysis.parse.template.rows import Row, is_placeholder, is_value

N_VALUES = 15
BLOCK = 5
BLOCK_SUMS = tuple((k, k + BLOCK) for k in range(0, N_VALUES, BLOCK))  # each block adds up
_BLOCK_NAMES = ("行政复议", "未经复议直接起诉", "复议后起诉")
_HEAD_WORDS = re.compile(r"维\s*持|纠\s*正|审\s*结|直接起诉|复议后起诉")


def _columns() -> list[tuple[str, str]]:
    return [(d.id, d.label) for d in sorted(defs("四:column"), key=lambda d: int(d.t2021))]


def review_facts(row: PrintedRow, stated: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag]]:
    """The 15 facts of table 四's row (cells settled by the blocks' sums where needed)."""
    cells = solve_rows([row], tc.table_four(stated), "四")
    facts, flags = [], list(cells.flags)
    for c, (cid, zh) in enumerate(_columns()):
        got = fact(cells, "四", c, cid, f"table 四 col {zh} ({row.where})")
        if isinstance(got, Flag):
            flags.append(got)
            continue
        got.table, got.column, got.line = "四", zh, row.line
        facts.append(got)
    return facts, flags


def _values(row: Row) -> list[str]:
    """The value cells of a row after the header (grid rows keep their blank cells)."""
    if row.grid:
        cells = row.cells[-N_VALUES:] if len(row.cells) >= N_VALUES else row.cells
        return cells if all(not c or is_value(c) for c in cells) else []
    labels, values = row.split()
    if row.piped:  # a pipe row's blank cells hold their places (| 1 | 0 |  | 0 | 1 |)
        if not labels and all(not c or is_value(c) for c in row.cells):
            return list(row.cells)
        return values
    return [c for c in values if c]


def _tokens(values: list[str]) -> int:
    """The numbers a row prints: a pipe cell may hold two (`| 72 64 |`, markitdown of a PDF runs
    adjacent columns together)."""
    return sum(len(v.split()) for v in values)


def _printed(values: list[str], where: str, piped: bool) -> PrintedRow:
    row = PrintedRow("四", "行政复议、行政诉讼", where, line_in(where), counts(N_VALUES),
                     groups=BLOCK_SUMS)
    if len(values) == N_VALUES and all(len(v.split()) <= 1 for v in values):
        row.cells = values  # one number a cell (| 72 64 |: two columns run together)
    else:
        row.text = " ".join(v for v in values if v)
        row.mode = "gaps" if piped else "both"
    return row


def _block_named(text: str) -> int | None:
    """The block a heading or label names: 行政复议 (not a suit), 未经复议直接起诉, 复议后起诉."""
    if _BLOCK_NAMES[2] in text:
        return 2
    if "直接起诉" in text or "未经复议" in text:
        return 1
    return 0 if _BLOCK_NAMES[0] in text and "诉讼" not in text else None


def _joined(blocks: dict[int, tuple[list[str], str]]) -> PrintedRow:
    """Table 四's row from its three blocks: each block's cells, or, where a converter dropped
    blank cells, every placement of its printed ones (each block's sum settles them)."""
    where = f"{blocks[0][1]} to {blocks[2][1]}, three blocks"
    parts = tuple(tuple(blocks[k][0]) for k in range(len(_BLOCK_NAMES)))
    if all(len(p) == BLOCK for p in parts):
        return _printed([v for p in parts for v in p], where, True)
    each = [[p] if len(p) == BLOCK else with_gaps([v for v in p if v], counts(BLOCK))
            for p in parts]
    return PrintedRow("四", "行政复议、行政诉讼", where, line_in(where), counts(N_VALUES),
                      text=" ".join(v for p in parts for v in p if v), groups=BLOCK_SUMS,
                      options=tuple(sum(combo, ()) for combo in itertools.product(*each)))


def parse_review(rows: list[Row], stated: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag], bool]:
    """Facts of table 四 found in `rows` (after a 行政复议 header), and whether it was found.

    A row of 15 numbers is the table; rows of five after it are its three blocks in order. A
    block under a heading naming it (（二）未经复议直接起诉) may print fewer than five numbers
    (blank cells dropped): its sum places them."""
    seen_header = saw_review = False
    blocks: dict[int, tuple[list[str], str]] = {}
    named: int | None = None  # the block the last heading named
    for row in rows:
        if is_placeholder(row):
            continue  # 数据1 | 数据2 …: names no column
        words = any(row.cells) and not any(is_value(c) for c in row.cells if c)
        if words and _block_named(row.text) is not None and saw_review:
            named = _block_named(row.text)
        if "行政复议" in row.text and words:
            if named != 0 or 0 in blocks:
                blocks = {}
            saw_review = True
            seen_header = seen_header or bool(_HEAD_WORDS.search(row.text)) or "行政诉讼" in row.text
            named = _block_named(row.text)
            continue
        if saw_review and words and _HEAD_WORDS.search(row.text):
            seen_header = True  # the column header under 行政复议 (结果维持 …, split or not)
            continue
        if not seen_header or words:
            continue
        values = _values(row)
        blank = row.piped and len(values) == BLOCK and named is not None  # a named block all blank
        if not values or not (any(values) or blank):
            continue
        whole = max(len(values), _tokens(values)) >= N_VALUES - 3  # a few blanks dropped at most
        if whole and not blocks:
            return (*review_facts(_printed(values, row.where, row.piped or row.grid), stated),
                    True)
        label = " ".join(row.split()[0])
        k = _block_named(label) if label else None
        k = named if k is None else k
        k = len(blocks) if k is None and len(values) == BLOCK else k
        if k is None or k in blocks or len(values) > BLOCK:
            if blocks:
                break
            continue
        blocks[k], named = (values, row.where), None
        if len(blocks) == len(_BLOCK_NAMES):
            return (*review_facts(_joined(blocks), stated), True)
    if blocks:
        missing = ", ".join(n for k, n in enumerate(_BLOCK_NAMES) if k not in blocks)
        first = blocks[min(blocks)][1]
        return [], [Flag("rows_missing", f"table 四: only {len(blocks)} of its three blocks found",
                         indicator="review", found=f"missing: {missing}",
                         location=f"table 四 ({first})")], True
    return [], [], False
