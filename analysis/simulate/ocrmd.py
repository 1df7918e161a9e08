"""Print a template-era SimDoc as an OCR'd PDF converted to Markdown (the `ocr` noise).

What converters do to these reports: table 三 comes out as one small pipe table per row under
generic headers (`| 数据1 | … | 数据6 |`, six or seven of them, the label column with or without a
header, the `|---|` line there or not), a row's label now and then on its own line above the numbers;
table 四 as three small tables, one per block; prose broken into the PDF's short lines (never inside
a number). With `dropped`, one table 二 row prints a blank cell that the converter then drops: two
numbers under three columns. Cells printed this way say so in the truth (`printed`: pipe_row,
dropped_row).
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

    @classmethod
    def draw(cls, rng: random.Random) -> Style:
        return cls(rng.choice([6, 7]), rng.choice([None, "", "项目"]), rng.random() < 0.6,
                   rng.choice([0.0, 0.1, 0.25]), rng.choice([0, 28, 31]))


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _small(head: list[str], row: list[str], st: Style) -> list[str]:
    return [_pipe(head)] + (["|" + "---|" * len(head)] if st.rule else []) + [_pipe(row), ""]


def _head(st: Style, n: int) -> list[str]:
    names = [f"数据{k}" for k in range(1, n + 1)]
    return ([] if st.label_head is None else [st.label_head]) + names


def t3_rows(t: SimTable, st: Style, rng: random.Random) -> list[str]:
    """Table 三 as one small table per row."""
    out = []
    for label, r in zip(row_labels(t.rows), t.rows, strict=True):
        values = [c.text for c in r.cells]
        for c in r.cells:
            if c.truth is not None:
                c.truth.printed = "pipe_row"
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
        head = [f"数据{j}" for j in range(1, 6)] if generic else list(T4_NAMES)
        out += [("行政诉讼 " if k else "") + name, ""] + _small(head, [c.text for c in part], st)
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


def t2_table(t: SimTable, dropped: Row | None) -> list[str]:
    """A table 二 block whole, except that the dropped row prints only its non-blank cells."""
    out = [_pipe(t.header[0]), "|" + "---|" * len(t.header[0])]
    for r in t.rows:
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
    lines: list[str] = []
    for x in prose(doc, drawn, rng):
        if isinstance(x, SimTable):
            lines += (t3_rows(x, st, rx) if x.kind == "t3" else t4_blocks(x, st, rx)
                      if x.kind == "t4" else t2_table(x, dropped) if x.kind == "t2"
                      else _md_table(x) + [""])
        elif x == doc.title:
            lines += [f"# {x}", ""]
        elif _HEADING.match(x):
            lines += [x, ""]
        else:
            lines += (_wrap(x, st.wrap) if st.wrap else [x]) + [""]
    text = "\n".join(lines)
    return nz.fullwidth(text) if drawn.fullwidth else text
