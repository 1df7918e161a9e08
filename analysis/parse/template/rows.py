"""A document as one stream of rows (label cells + value cells), from its tables or its text lines.

Two kinds of row:
- grid rows come from rectangular tables (PDF table finding, HTML with spans expanded, flattened web
  tables): the value columns are the last n cells, so blank value cells keep their place;
- loose rows come from shredded pipe tables (converters) and plain text lines: leading text
  cells are the label, the cells after the first value are the values. A whole pipe table (every
  row as wide as its filled header) is read as a grid, so its blank cells keep their place.
Each row knows where it came from (`where`), for the fact's location.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from analysis.model import Document, Table
from analysis.parse.cells.constraints import N_COLS
from analysis.parse.numbers import parse_cell
from analysis.vocab import generic_heads, marks

GRID_KINDS = ("pdf", "html", "flat")
_VALUE_TOKEN = re.compile(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元|[件条个项])?(?:\(.*\))?|"
                          rf"{marks.pattern(marks.row_marks())})$")
# a label that runs into the next one's numbering: (三)不予公开1.属于国家秘密, 三、本年度办理结果(一)…
_NUMBERED = re.compile(r"(?<=[\u4e00-\u9fff)])(?=(?:\d{1,2}[.、．]|\([一二三四五六七八九十]{1,3}\))"
                       r"[\u4e00-\u9fff])")
# a unit a PDF-to-text tool printed apart from its number (251000 元): the cell is 251000元
_UNIT_APART = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?) +(万元|元|件|条|个|项)(?=\s|$)")
_GLUED_DIGITS = re.compile(r"^(.*[^\d.,\s+-])(\d[\d.,]*)$")
# a vertical label's characters before a row: "本 年 度 1.属于…"; 无 is a value (none), not a label
_VERTICAL = re.compile(r"^(?:(?!无)[\u4e00-\u9fff、]\s+)+(?=\S)")


@dataclass
class Row:
    cells: list[str]
    grid: bool
    where: str  # e.g. "pdf p3", "line 120", "html table 2 row 5"
    n_cols: int = 0  # width of the grid table the row belongs to
    piped: bool = False  # cells parted by `|`: each value is one cell (blank ones may be gone)
    table: int = -1  # index of the grid table the row belongs to (-1: a text line)

    def split(self, n_values: int | None = None) -> tuple[list[str], list[str]]:
        """(label cells, value cells). Grid rows: the last `n_values` cells are values."""
        if self.grid and n_values:
            if len(self.cells) < n_values:
                return [], []
            labels = self.cells[: len(self.cells) - n_values]
            return [c for c in labels if c], self.cells[len(self.cells) - n_values:]
        labels, values = [], []
        for i, c in enumerate(self.cells):
            if values or (c and is_value(c)):
                values.append(c)
            elif c:
                labels.append(c)
            elif self.piped and labels and _values_follow(self.cells, i):
                values.append(c)  # | 2.其他… |  | 0 |: a blank cell after the label holds its place
        while n_values and len(values) > n_values and not values[-1]:
            values.pop()
        return labels, values

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


def _values_follow(cells: list[str], i: int) -> bool:
    """Whether cell `i` of a pipe row is followed by values only (blank or not), at least one."""
    rest = [c for c in cells[i + 1:] if c]
    return bool(rest) and all(is_value(c) for c in rest)


@functools.lru_cache(maxsize=1 << 16)
def is_value(cell: str) -> bool:
    """True for a number (with unit or annotation) or a not-applicable mark; False for text."""
    s = cell.replace(" ", "")
    return bool(_VALUE_TOKEN.match(s)) or (parse_cell(s) is not None and s != "")


def _line_row(line: str, where: str) -> Row | None:
    s = line.strip()
    if not s:
        return None
    if s.startswith("|") or " | " in s:
        inner = s.strip("|")
        return Row([c.strip() for c in inner.split("|")], False, where, piped=True)
    s = _VERTICAL.sub("", s)
    tokens = _UNIT_APART.sub(r"\1\2", s).split()
    if len(tokens) >= 2 and is_placeholder(Row(tokens, False, where)):
        return Row(tokens, False, where)  # 类别 数据1 … 数据6: names, not a label glued to a 6
    # the label is everything before the trailing run of value tokens
    k = len(tokens)
    while k > 0 and is_value(tokens[k - 1]):
        k -= 1
    glued = _GLUED_DIGITS.match(tokens[k - 1]) if k else None
    if glued:  # 一、本年新收政府信息公开申请数量144111243165: the label runs into its digits
        tokens[k - 1:k] = [glued.group(1), glued.group(2)]
    label = " ".join(tokens[:k])
    labels = [x for x in _NUMBERED.split(label) if x.strip()] if label else []
    return Row(labels + tokens[k:], False, where)


@functools.cache
def _generic_head() -> re.Pattern:
    """A generic column name (数据1, Column 2, Unnamed: 3) or a label column's word (项目, 类别)."""
    heads = generic_heads()
    named = [re.escape(n).replace("N", r"\s*\d+") for n in heads["column"] if n != "N"]
    return re.compile("^(?:" + "|".join(named + [re.escape(w) for w in heads["label"]]) + ")$",
                      re.I)


def numbered_head(cells: list[str]) -> bool:
    """Digit cells 1, 2, 3 … (or 0, 1, 2 …), five or more: the columns numbered, not data (no
    such row is a sum row of the templates, whose last cell is the sum of the others)."""
    nums = [c.strip() for c in cells if c.strip().isdigit()]
    if len(nums) < 5:
        return False
    start = int(nums[0])
    return start in (0, 1) and [int(c) for c in nums] == list(range(start, start + len(nums)))


def is_placeholder(row: Row) -> bool:
    """A converter's header of placeholders (项目 | 数据1 | 数据2 …, 类别 | 1 | 2 …) or a
    separator line: it names no column (vocab/generic_heads.csv)."""
    return _placeholders(tuple(row.cells))


@functools.lru_cache(maxsize=1 << 14)
def _placeholders(row_cells: tuple[str, ...]) -> bool:
    """is_placeholder of a row's cells, kept per process (headers recur table after table)."""
    cells = [c.strip() for c in row_cells if c.strip()]
    if cells and all(set(c) <= set("-:") for c in cells):
        return True
    generic, totals = _generic_head(), generic_heads()["total"]
    words = [c for c in cells if not c.isdigit()]
    if numbered_head(cells) and all(generic.match(c) or c in totals for c in words):
        return True
    return bool(cells) and sum(bool(generic.match(c)) for c in words) * 2 >= len(cells)


def value_columns(rows: list[Row], names: set[str]) -> dict[int, set[int]]:
    """Grid table index -> the columns where some row prints a number or the header names a
    value column (`names`: 自然人 … 总计; a sparse table may print no number in one): a table
    printed without a column (a Word table wider than the page, clipped in its PDF) has fewer."""
    out: dict[int, set[int]] = {}
    for row in rows:
        if row.grid and not is_placeholder(row):
            out.setdefault(row.table, set()).update(
                i for i, c in enumerate(row.cells) if c and (is_value(c) or c in names))
    return out


def is_grid(t: Table) -> bool:
    """PDF/HTML/flat tables, and pipe tables that are whole: every row as wide as a header whose
    cells all hold text. A converter's shredded pipe table (ragged rows, empty header cells) is not:
    its rows are read loose."""
    if t.kind in GRID_KINDS:
        return True
    if t.kind != "pipe" or len(t.rows) < 2:
        return False
    if not all(c.strip() and not is_value(c) for c in t.rows[0]):  # a header: text in every cell
        return False
    if is_placeholder(Row(t.rows[0], False, "")):
        return False  # 项目 | 数据1 | 数据2 …: a converter's placeholder, no column names
    return all(len(r) == len(t.rows[0]) for r in t.rows)


def _table_rows(t: Table, form: str) -> list[Row]:
    grid = is_grid(t)
    out = []
    for i, cells in enumerate(t.rows):
        where = (f"pdf p{t.page}" if t.page else f"{form} table {t.index + 1} row {i + 1}")
        if t.row_lines and i < len(t.row_lines) and t.kind != "pdf":
            where = f"line {t.row_lines[i]}"
        out.append(Row([c or "" for c in cells], grid, where, t.n_cols, piped=t.kind == "pipe",
                       table=t.index))
    return out


def table_stream(doc: Document) -> list[Row]:
    """Rows of the document's grid tables (PDF/HTML/flat), in document order."""
    rows: list[Row] = []
    for t in sorted(doc.tables, key=lambda t: (t.page or 0, t.line, t.index)):
        if is_grid(t):
            rows += _table_rows(t, doc.form)
    return rows


def text_stream(doc: Document) -> list[Row]:
    """Every text line as a row, with lines covered by a found table replaced by that table's rows."""
    by_line: dict[int, Row] = {}
    for t in doc.tables:
        if t.row_lines and t.kind != "pdf":
            for ln, row in zip(t.row_lines, _table_rows(t, doc.form), strict=False):
                by_line[ln] = row
    rows = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        if (i + 1) not in by_line and (cells := _cell_a_line(lines, i, by_line)) is not None:
            rows.append(Row([lines[i].strip(), *cells], False, f"line {i + 1}", piped=True))
            i += 1 + len(cells)
            continue
        row = by_line.get(i + 1) or _line_row(lines[i], f"line {i + 1}")
        if row:
            rows.append(row)
        i += 1
    return rows




def _cell_a_line(lines: list[str], i: int, taken: dict[int, Row]) -> list[str] | None:
    """A row printed a cell a line (a page's text taken node by node: BeautifulSoup's get_text):
    a label line, then exactly as many lines as table 三 has value columns, each one number or
    mark or empty (a blank cell), then a line of words or the end; or a label and two or three
    lines of one number each (a table 二 row: 规章 / 13 / 13 / 524), when the line above the
    label is no number (a reading order prints a row's numbers above its label). Its cells, or
    None."""
    label = lines[i].strip()
    if not label or is_value(label) or re.search(r"\d\s", label):
        return None
    for n, blanks in ((N_COLS, True), (3, False), (2, False)):
        if not blanks and is_value(_line_above(lines, i)):
            continue  # numbers just above the label: they may be its own (a reading order)
        run = [ln.strip() for ln in lines[i + 1:i + 1 + n]]
        if len(run) < n or any(c and (" " in c or not is_value(c)) for c in run) or \
                not any(run) or (not blanks and not all(run)) or \
                any(k in taken for k in range(i + 2, i + 2 + n)):
            continue
        after = lines[i + 1 + n].strip() if i + 1 + n < len(lines) else ""
        if after and is_value(after.split()[0]):
            continue  # more numbers follow: not this form
        return run
    return None


def _line_above(lines: list[str], i: int) -> str:
    """The nearest non-empty line above line `i`, stripped ('' at the top)."""
    for k in range(i - 1, -1, -1):
        if lines[k].strip():
            return lines[k].strip()
    return ""
