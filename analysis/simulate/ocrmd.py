"""Print a template-era SimDoc as an OCR'd PDF converted to Markdown (the `ocr` noise).

What converters do to these reports: table 三 comes out as one small pipe table per row under
generic headers (`| 数据1 | … | 数据6 |`, six or seven of them, the label column with or without a
header, the `|---|` line there or not), a row's label now and then on its own line above the numbers;
table 四 as three small tables, one per block; prose broken into the PDF's short lines (never inside
a number). With `dropped`, one table 二 row prints a blank cell that the converter then drops: two
numbers under three columns; else now and then a table 二 row's cell printed apart above the table
with the cells before it and their notes (`3（其中修订1件）8（含自然失效2件）` over `| 规章 | 3 | 41 |`).
Table 三 may come as a heading per row, the generic header numbered (1 | 2 …) or 类别 | 数据1 … | 总计,
and table 四's blocks with their blank cells dropped. Cells printed this way say so in the truth
(`printed`: pipe_row, dropped_row, moved_cell, squeezed_block).
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from analysis.simulate import noise as nz
from analysis.simulate.doc import Row, SimDoc, SimTable, Truth
from analysis.simulate.templates import T4_BLOCKS, T4_NAMES
from analysis.simulate.writers import _md_table, prose, row_labels

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class Style:
    n_head: int  # generic header cells: 6 (one short) or 7
    label_head: str | None  # None: no header cell over the labels; else its text ('' or 项目)
    rule: bool  # a |---| line under the header
    detach: float  # share of rows whose label is printed on a line above the numbers
    wrap: int  # prose line width (0: paragraphs kept whole)
    names: str = "data"  # generic names: 数据N | numbered 1..N | category (类别 | 数据1…6 | 总计)
    headings: bool = False  # each row under a `### label` heading, its cell the label unnumbered
    squeeze: bool = False  # table 四's blank cells dropped from its blocks

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        st = cls(rng.choice([6, 7]), rng.choice([None, "", "项目"]), rng.random() < 0.6,
                 rng.choice([0.0, 0.1, 0.25]), rng.choice([0, 28, 31]))
        st.names = rng.choice(["data", "data", "numbered", "category"])
        st.headings, st.squeeze = rng.random() < 0.3, rng.random() < 0.5
        return st


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _small(head: list[str], row: list[str], st: Style) -> list[str]:
    return [_pipe(head)] + (["|" + "---|" * len(head)] if st.rule else []) + [_pipe(row), ""]


def _head(st: Style, n: int) -> list[str]:
    if st.names == "category":
        return ["类别"] + [f"数据{k}" for k in range(1, n)] + ["总计"]
    names = [str(k) if st.names == "numbered" else f"数据{k}" for k in range(1, n + 1)]
    return ([] if st.label_head is None else [st.label_head]) + names


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七]\)|（[一二三四五六七]）|\d+\.)")


def _headed(t: SimTable, st: Style) -> list[str]:
    """Table 三 as a heading per row (group rows too) and a small table under each, whose label
    cell repeats the heading without its number."""
    out, prev = [], []
    for r in t.rows:
        for k, part in enumerate(r.labels[:-1]):
            if prev[:k + 1] != r.labels[:k + 1]:
                out += [f"{'#' * (3 + k)} {part}", ""]
        prev = r.labels
        out += [f"{'#' * (2 + len(r.labels))} {r.label}", ""]
        out += _small(_head(st, 7), [_NUMBERING.sub("", r.label)] + [c.text for c in r.cells], st)
    return out


def t3_rows(t: SimTable, st: Style, rng: random.Random) -> list[str]:
    """Table 三 as one small table per row."""
    for r in t.rows:
        for c in r.cells:
            if c.truth is not None:
                c.truth.printed = "pipe_row"
    if st.headings:
        return _headed(t, st)
    out = []
    for label, r in zip(row_labels(t.rows), t.rows, strict=True):
        values = [c.text for c in r.cells]
        if rng.random() < st.detach:
            out += [label, ""] + _small(_head(st, st.n_head), values, st)
        else:
            out += _small(_head(st, st.n_head), [label] + values, st)
    return out


def t4_blocks(t: SimTable, st: Style, rng: random.Random) -> list[str]:
    """Table 四 as three small tables, one per block, under the block's name."""
    out, cells = [], t.rows[0].cells
    generic = rng.random() < 0.5
    for k, (_, name) in enumerate(T4_BLOCKS):
        part = cells[5 * k: 5 * k + 5]
        for c in part:
            if c.truth is not None:
                c.truth.printed = "pipe_row"
        head = ([str(j) if st.names == "numbered" else f"数据{j}" for j in range(1, 6)]
                if generic else list(T4_NAMES))
        shown = [c.text for c in part if c.text or not st.squeeze]
        if len(shown) < len(part):
            for c in part:
                c.truth.printed = "squeezed_block"
        out += [("行政诉讼 " if k else "") + name, ""] + _small(head, shown, st)
    return out


def drop_blank(tables: list[SimTable], rng: random.Random) -> Row | None:
    """One table 二 row with several columns gets a blank cell (its truth blank); returns the row,
    which the converter will print without that cell."""
    rows = [r for t in tables if t.kind == "t2" for r in t.rows if len(r.cells) >= 2]
    if not rows:
        return None
    row = rng.choice(rows)
    zeros = [c for c in row.cells if c.text == "0"]
    cell = rng.choice(zeros or row.cells)
    tr = cell.truth
    cell.text = ""
    cell.truth = Truth(tr.indicator, math.nan, "blank", tr.breakdown, tr.measure)
    for c in row.cells:
        c.truth.printed = "dropped_row"
    return row


_NOTES = {"made": "（其中修订{}件）", "repealed": "（含自然失效{}件）"}


@dataclass
class Moved:
    """A table 二 row whose cell `col` the converter printed apart, above the table, with the
    cells before it (each with its note): `3（其中修订1件）8（含自然失效2件）` over `| 规章 | 3 | 41 |`."""

    row: Row
    col: int
    block: str


def move_cell(tables: list[SimTable], rng: random.Random) -> Moved | None:
    rows = [(r, j) for t in tables if t.kind == "t2" for r in t.rows for j in range(1, len(r.cells))
            if all(c.text.isdigit() for c in r.cells[:j + 1])]
    if not rows:
        return None
    row, col = rng.choice(rows)
    parts = []
    for c in row.cells[:col + 1]:
        c.truth.printed = "moved_cell"
        note = _NOTES.get(c.truth.measure)
        parts.append(c.text + (note.format(rng.randint(0, int(c.text))) if note else ""))
    for c in row.cells[col + 1:]:
        c.truth.printed = "moved_cell"
    return Moved(row, col, "".join(parts))


def t2_table(t: SimTable, dropped: Row | None, moved: Moved | None = None) -> list[str]:
    """A table 二 block whole, except that the dropped row prints only its non-blank cells, and
    the moved row without its moved cell, which is printed above the table."""
    out = [_pipe(t.header[0]), "|" + "---|" * len(t.header[0])]
    if moved is not None and moved.row in t.rows:
        out = [moved.block, ""] + out
    for r in t.rows:
        if moved is not None and r is moved.row:
            out.append(_pipe([r.label] + [c.text for i, c in enumerate(r.cells) if i != moved.col]))
            continue
        cells = [c.text for c in r.cells if c.text or r is not dropped]
        out.append(_pipe([r.label] + cells + [""] * (len(t.header[0]) - 1 - len(cells))
                         if r is not dropped else [r.label] + cells))
    return out + [""]


_NUMBER = set("0123456789.%")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of about `width` characters, never broken inside a number (1004, 14.9%)."""
    lines, cur = [], ""
    for ch in text:
        if len(cur) >= width and not (ch in _NUMBER and cur[-1:] in _NUMBER):
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur else [])


def to_ocr_markdown(doc: SimDoc, drawn: nz.Drawn, rng: random.Random, rx: random.Random) -> str:
    st = Style.draw(rx)
    dropped = drop_blank(doc.tables(), rx) if drawn.dropped else None
    moved = move_cell(doc.tables(), rx) if not drawn.dropped and rx.random() < 0.3 else None
    lines: list[str] = []
    for x in prose(doc, drawn, rng):
        if isinstance(x, SimTable):
            lines += (t3_rows(x, st, rx) if x.kind == "t3" else t4_blocks(x, st, rx)
                      if x.kind == "t4" else t2_table(x, dropped, moved) if x.kind == "t2"
                      else _md_table(x) + [""])
        elif x == doc.title:
            lines += [f"# {x}", ""]
        elif _HEADING.match(x):
            lines += [x, ""]
        else:
            lines += (_wrap(x, st.wrap) if st.wrap else [x]) + [""]
    text = "\n".join(lines)
    return nz.fullwidth(text) if drawn.fullwidth else text
