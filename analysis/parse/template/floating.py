"""Numbers a converter moved out of a table 二 row, printed as a block near the table.

A PDF-to-Markdown converter may print a cell of two lines (14（其中修订9件）) outside its table, as a
free-floating line of numbers (`14（其中修订9件）31（含自然失效12件）`), and the row without it
(`| 规章 | 14 | 180 |`: two numbers under three columns). The row's numbers and the block's are
each some of the row's cells, in order: every full row that both fit (a number in both is one
cell) is a candidate, and a note naming a measure (其中修订 -> 本年制发, 含自然失效 -> 本年废止:
vocab/cell_notes.csv) pins its number to that column. The candidates replace the row's readings
with blank cells dropped: one candidate reads the row (an info flag names the cell taken from the
block); several leave the cells they disagree on unresolved, the solver's flag naming them, and
figures the narrative states narrow them (`cells.constraints.table_two`). A block that fits two
rows is used by neither.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from analysis.model import Flag
from analysis.parse.cells.solve import PrintedRow
from analysis.parse.template.rows import Row
from analysis.vocab import cell_notes

NEAR = 12  # lines between a block and the table 二 row it may belong to
_NUM = r"\d[\d,]*(?:\.\d+)?"
_ITEM = re.compile(rf"\s*({_NUM})\s*(?:\(([^()]*)\))?")
_BLOCK = re.compile(rf"(?:\s*{_NUM}\s*(?:\([^()]*\))?)+\s*")
_LEAD = re.compile(rf"^\s*[-+]?({_NUM})")


@dataclass
class Block:
    items: list[tuple[str, str]]  # (number, note) in printed order
    where: str
    line: int
    text: str


def block_of(row: Row, line: int) -> Block | None:
    """A line of numbers alone, two or more or one with a note: 6（其中修订2件）19（含自然失效5件）."""
    if row.grid or row.piped or not row.text or not _BLOCK.fullmatch(row.text):
        return None
    items = [(m.group(1).replace(",", ""), m.group(2) or "") for m in _ITEM.finditer(row.text)]
    if len(items) < 2 and not any(note for _, note in items):
        return None
    return Block(items, row.where, line, row.text)


def _number(cell: str) -> str | None:
    m = _LEAD.match(cell)
    return m.group(1).replace(",", "") if m else None


def _pinned(note: str) -> str | None:
    return next((m for word, m in cell_notes() if word in note), None)


def completions(values: list[str], block: Block, measures: list[str]) -> list[tuple[str, ...]]:
    """Every full row (cells as plain numbers) that the row's printed numbers and the block's
    both fit, each in order, together covering every column."""
    row = [_number(v) for v in values if v.strip()]
    n, k, m = len(measures), len(row), len(block.items)
    if None in row or k >= n or m > n:
        return []
    out: list[tuple[str, ...]] = []
    for p in itertools.combinations(range(n), k):
        for q in itertools.combinations(range(n), m):
            if set(p) | set(q) != set(range(n)):
                continue
            cells: list[str | None] = [None] * n
            for i, v in zip(p, row, strict=True):
                cells[i] = v
            ok = True
            for i, (v, note) in zip(q, block.items, strict=True):
                pin = _pinned(note)
                ok = ok and (pin is None or pin == measures[i]) and (
                    cells[i] is None or float(cells[i]) == float(v))
                cells[i] = cells[i] or v
            if ok and tuple(cells) not in out:
                out.append(tuple(cells))  # type: ignore[arg-type]
    return out


def fill(short: list[tuple[PrintedRow, list[str], list[str]]], blocks: list[Block]) -> list[Flag]:
    """Give each short row (printed row, its printed values, its measures) the readings a near
    block allows, where the block fits that row alone; flags for the cells so taken."""
    fits: dict[int, list[tuple[int, list[tuple[str, ...]]]]] = {}
    for b, block in enumerate(blocks):
        for r, (row, values, measures) in enumerate(short):
            if abs(row.line - block.line) <= NEAR:
                found = completions(values, block, measures)
                if found:
                    fits.setdefault(b, []).append((r, found))
    flags = []
    for b, rows in fits.items():
        if len(rows) != 1 or sum(r == rows[0][0] for x in fits.values() for r, _ in x) != 1:
            continue  # the block fits several rows, or the row several blocks: neither is used
        (r, found), block = rows[0], blocks[b]
        row = short[r][0]
        row.options, row.mode = tuple(found), "gaps"
        row.where = f"{row.where}, a cell from the numbers printed apart at {block.where}"
        flags.append(Flag(
            "cell_from_block", f"table 二 row {row.label}: the row prints {row.text!r}, fewer "
            f"numbers than its columns; the numbers printed apart near the table "
            f"({block.text!r}) complete it", severity="info", indicator=row.rid,
            expected=f"{len(short[r][2])} cells", found=" or ".join("|".join(c) for c in found),
            location=f"table 二 row {row.label} ({block.where})"))
    return flags
