"""A legacy statistics table that a PDF-to-Markdown tool cut into pipe fragments -> one table.

markitdown reads a printed table through pdfplumber, one row per text height: where a row's
numbering or numbers sit a little lower than its label they come out as a row of their own
(`| | 其中： | | 网站公开 | 条 | | 3304 |` then `| | | | 1. | | 1795 | |`), the table is cut into
several pipe tables, a cell may leave them as a line of its own (`2026`) and the last row may come
as plain text (`行政申诉数 条 0 0`). The page's ruling lines keep the column positions inside the
fragments, so:

- the header is merged column by column over its rows (`计量`/`单位`, `2012`/`年度`);
- a row without a label (numbering, numbers) fills the empty cells of the row above;
- a line of numbers alone goes to the one neighbouring row with as many empty cells, if its
  annual <= cumulative; otherwise those cells are unresolved, the numbers named in a flag;
- a plain line `label unit n n` is a row when it prints one number per column, else unresolved;
- a header cell holding two columns' names (`单位 历年累计数`) parts the cells under it the same
  way (`件 1`), unresolved where their words do not say which column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.model import REPORTED, Document, Table
from analysis.parse.legacy.tables import _LABEL_COL, _columns, map_label
from analysis.parse.legacy.text import _UNITS
from analysis.parse.numbers import parse_cell

_UNIT = re.compile(_UNITS)
# a row's numbering has its mark (1. 2、 (3)): a bare 3 is a number
_NUMBERING = re.compile(r"^(其中\s*[:：]?)?\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）])$|^其中\s*[:：]?$")
_NUMBERS = re.compile(r"^\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?)*$")
_TEXT_ROW = re.compile(rf"^(?P<label>[^\d|]{{2,40}}?)\s+(?P<unit>{_UNIT.pattern})"
                       r"(?P<vals>(?:\s+\d+(?:\.\d+)?)+)$")
_SEPARATOR = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*$")
_MAX_HEAD = 4
_ROLE = re.compile(r"^(?:计量)?单位$|累计|本年|年度|统计数|同比|增减")


@dataclass
class _Row:
    label: str
    unit: str
    cells: dict[int, str]  # measure column -> printed text
    line: int
    unsure: dict[int, str] = field(default_factory=dict)  # measure column -> readings
    apart: dict[int, str] = field(default_factory=dict)  # measure column -> where it was printed


@dataclass
class _Layout:
    width: int
    unit: int
    measures: dict[int, str]  # column -> measure
    names: dict[int, str]  # column -> merged header text
    parts: list[int]  # columns each printed column holds (2: `单位 历年累计数` in one cell)

    def expand(self, cells: list[str]) -> tuple[list[str], dict[int, str]]:
        """A printed row's cells, a cell under two columns' names parted into its two (`件 1`);
        where its numbers do not say which column, those columns are unsure (cell text)."""
        out: list[str] = []
        unsure: dict[int, str] = {}
        for c, k in enumerate(self.parts):
            toks = cells[c].split() if k > 1 else [cells[c]]
            slots = list(range(len(out), len(out) + k))
            got = toks if len(toks) == k else [""] * k
            if 0 < len(toks) < k:
                if self.unit in slots and _UNIT.fullmatch(toks[0]):
                    got[slots.index(self.unit)] = toks.pop(0)
                free = [i for i, slot in enumerate(slots) if slot != self.unit]
                for i, tok in zip(free, toks, strict=False):
                    got[i] = tok
                if toks and len(toks) != len(free):
                    got = [g if slots[i] == self.unit else "" for i, g in enumerate(got)]
                    unsure.update({slots[i]: cells[c] for i in free})
            if len(toks) > k:  # more numbers than columns: which is which is not known
                unsure.update(dict.fromkeys(slots, cells[c]))
            out += got
        return out, unsure


def _cells(line: str) -> list[str]:
    s = line.strip().strip("|")
    return [c.strip() for c in s.split("|")]


def _is_data(row: list[str]) -> bool:
    return any(_UNIT.fullmatch(c) or map_label(c) for c in row if c)


def _layout(t: Table) -> tuple[_Layout, int] | None:
    """The columns a pipe table's header names once merged column by column, and its header
    rows; None unless it names a label column, a unit column and a measure."""
    n = next((k for k, r in enumerate(t.rows[:_MAX_HEAD + 1]) if _is_data(r)), None)
    if not n or n > _MAX_HEAD or any(len(r) != t.n_cols for r in t.rows[:n]):
        return None
    merged = ["".join(r[c] for r in t.rows[:n]) for c in range(t.n_cols)]
    names = [_names(m) for m in merged]
    flat = [x for ns in names for x in ns]
    cols = _columns(flat)
    if cols is None or cols[1] is None or not any(_LABEL_COL.search(c) for c in merged):
        return None
    _, unit, measures = cols
    if min(measures) <= unit:
        return None
    return _Layout(t.n_cols, unit, measures, {c: flat[c] for c in measures},
                   [len(ns) for ns in names]), n


def _names(cell: str) -> list[str]:
    """A header cell's column names: two where a converter ran two cells together (`单位
    历年累计数`), each naming a unit or a measure; the cell itself otherwise."""
    names = cell.split()
    return names if len(names) > 1 and all(_ROLE.search(x) for x in names) else [cell]


class _Reader:
    """Walks the lines from a header's first data row, gathering the table's logical rows."""

    def __init__(self, lay: _Layout):
        self.lay = lay
        self.rows: list[_Row] = []
        self.strays: list[tuple[int, list[str], int]] = []  # (rows before, numbers, line)
        self.pieces = 0  # rows and lines that are not whole rows of one table

    def pipe(self, cells: list[str], line: int) -> bool:
        lay = self.lay
        if len(cells) != lay.width:
            return False
        cells, unsure = lay.expand(cells)
        label = "".join(c for c in cells[:lay.unit] if c)
        if _LABEL_COL.search(label) and map_label(label) is None:
            return False  # the next table's header
        values = {c: cells[c] for c in lay.measures if cells[c]}
        if any(c for i, c in enumerate(cells) if i > lay.unit and i not in lay.measures):
            return False
        if (not label or _NUMBERING.match(label)) and not cells[lay.unit]:
            if not self.rows:
                return bool(not values)
            self.pieces += 1
            prev = self.rows[-1]
            for c, v in values.items():
                if prev.cells.get(c):
                    prev.unsure[c] = f"{prev.cells[c]} or {v}"
                else:
                    prev.cells[c] = v
            prev.unsure.update({c: v for c, v in unsure.items() if not prev.cells.get(c)})
            return True
        self.rows.append(_Row(label, cells[lay.unit], values, line, unsure))
        return True

    def plain(self, s: str, line: int) -> bool:
        if _NUMBERING.match(s):
            self.pieces += 1
            return True
        if _NUMBERS.match(s):
            self.pieces += 1
            self.strays.append((len(self.rows), s.split(), line))
            return True
        m = _TEXT_ROW.match(s)
        if not m or map_label(m.group("label")) is None:
            return False
        self.pieces += 1
        vals, cols = m.group("vals").split(), sorted(self.lay.measures)
        row = _Row(m.group("label").strip(), m.group("unit"), {}, line)
        if len(vals) == len(cols):
            row.cells = dict(zip(cols, vals, strict=True))
        elif len(vals) < len(cols):
            row.unsure = {c: f"{' '.join(vals)} under {len(cols)} columns" for c in cols}
        else:
            return False
        self.rows.append(row)
        return True

    def place_strays(self) -> None:
        for pos, nums, line in self.strays:
            near = [self.rows[k] for k in (pos - 1, pos) if 0 <= k < len(self.rows)]
            open_ = [(r, self._empty(r)) for r in near if self._empty(r)]
            note = f"{' '.join(nums)} printed apart (line {line})"
            if len(open_) == 1 and len(open_[0][1]) == len(nums):
                row, cols = open_[0]
                row.cells.update(zip(cols, nums, strict=True))
                if self._fits(row):
                    row.apart.update(dict.fromkeys(cols, f"printed apart, line {line}"))
                    continue
                open_ = [(row, cols)]
            for row, cols in open_:
                row.unsure.update(dict.fromkeys(cols, note))

    def _empty(self, row: _Row) -> list[int]:
        return [c for c in sorted(self.lay.measures)
                if not row.cells.get(c) and c not in row.unsure]

    def _fits(self, row: _Row) -> bool:
        """annual <= cumulative, where both are printed."""
        by = {m: parse_cell(row.cells.get(c)) for c, m in self.lay.measures.items()}
        a, c = by.get("annual"), by.get("cumulative")
        if not (a and c and a.status == REPORTED and c.status == REPORTED):
            return True  # not two numbers: nothing to compare
        return a.value <= c.value


def _read(lines: list[str], start: int, lay: _Layout) -> tuple[_Reader, int]:
    """The table's rows from line `start` (1-based) on, and the last line that is the table's."""
    reader, end = _Reader(lay), start - 1
    for i in range(start, len(lines) + 1):
        s = lines[i - 1].strip()
        if not s or _SEPARATOR.match(s):
            continue
        if s.startswith("|") and s.count("|") >= 2:
            ok = reader.pipe(_cells(s), i)
        else:
            ok = reader.plain(s, i)
        if not ok:
            break
        end = i
    reader.place_strays()
    return reader, end


def _table(t: Table, reader: _Reader, index: int) -> Table:
    lay = reader.lay
    cols = sorted(lay.measures)
    rows = [["指标名称", "计量单位", *(lay.names[c] for c in cols)]]
    unsure: dict[tuple[int, int], str] = {}
    apart: dict[tuple[int, int], str] = {}
    for r in reader.rows:
        rows.append([r.label, r.unit, *(r.cells.get(c, "") if c not in r.unsure else ""
                                        for c in cols)])
        for k, c in enumerate(cols):
            if c in r.unsure:
                unsure[(len(rows) - 1, 2 + k)] = r.unsure[c]
            if c in r.apart:
                apart[(len(rows) - 1, 2 + k)] = r.apart[c]
    return Table(rows=rows, index=index, kind="pipe", line=t.line, caption=t.caption,
                 row_lines=[t.line] + [r.line for r in reader.rows], unsure=unsure, apart=apart)


def rejoin(doc: Document) -> list[Table]:
    """The document's tables with each legacy table cut into fragments put together again (the
    fragments it replaces left out); the tables as they are when none is."""
    lines = doc.text.split("\n")
    out, skip = [], set[int]()
    for t in doc.tables:
        if t.index in skip:
            continue
        got = _layout(t) if t.kind == "pipe" and t.row_lines else None
        if got is None:
            out.append(t)
            continue
        lay, n_head = got
        reader, end = _read(lines, t.row_lines[n_head], lay)
        inside = [u for u in doc.tables if t.line <= u.line <= end]
        if len(inside) < 2 and not reader.pieces and max(lay.parts) == 1:
            out.append(t)
            continue
        skip |= {u.index for u in inside}
        out.append(_table(t, reader, t.index))
    return out
