"""Tables inside plain text: flattened one-cell-per-line (` |`), Markdown pipe, whitespace-separated.

The flattened form is what scraping a web table gives: each cell on its own line ending in ` |`, a bare
`|` for an empty cell, and a header row whose cell count fixes the number of columns.
"""

from __future__ import annotations

import re

from analysis.model import Table
from analysis.vocab import marks

HEADER_WORDS = re.compile(r"指标|单位|累计|年度|同比|统计数|数量|备注|项目|内容|本年|上年|名称|合计|类别")
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_WS_SPLIT = re.compile(r"\t+|\s{2,}")
_NUMERIC = re.compile(rf"^[-+]?[\d,.]+%?[条件个人次篇项元万]*$|^(?:{marks.pattern(marks.row_marks())})$")


def _is_flat_cell(line: str) -> bool:
    return line == "|" or (line.endswith(" |") and not line.startswith("|"))


def _caption(lines: list[str], start: int) -> str:
    for j in range(start - 1, max(start - 4, -1), -1):
        if lines[j].strip():
            return lines[j].strip()
    return ""


def _flat_table(cells: list[tuple[int, str]], lines: list[str]) -> Table | None:
    n_head = _header_length(cells)
    if n_head < 2:
        return None
    rows = [[c for _, c in cells[i:i + n_head]] for i in range(0, len(cells), n_head)]
    row_lines = [cells[i][0] for i in range(0, len(cells), n_head)]
    return Table(rows=rows, index=0, kind="flat", line=cells[0][0],
                 caption=_caption(lines, cells[0][0] - 1), row_lines=row_lines)


def _is_header_cell(cell: str) -> bool:
    return bool(HEADER_WORDS.search(cell)) and not _NUMERIC.match(cell)


def _header_length(cells: list[tuple[int, str]]) -> int:
    """How many cells of a flattened table's run are its header (the leading header words)."""
    return next((k for k, (_, c) in enumerate(cells) if not _is_header_cell(c)), len(cells))


def _cell_text(line: str) -> str:
    """The text of a flattened cell line (`text |`, or `|` for an empty cell)."""
    return line[:-1].strip() if line != "|" else ""


def _gap_in_run(lines: list[str], i: int, run: list[tuple[int, str]]) -> bool:
    """An empty line inside a flattened table: a line the cleaner emptied (spam cut out, line
    numbers kept), not the table's end. Inside the header or mid-row the table goes on; at a row's
    end it goes on unless the next cell starts another header."""
    if not run or i > len(lines) or lines[i - 1] != "":
        return False
    j = i
    while j < len(lines) and lines[j] == "" and j - i < 3:  # paragraphs of a page: 2 empty lines
        j += 1
    nxt = lines[j] if j < len(lines) else ""
    if not _is_flat_cell(nxt):
        return False
    nxt_cell = _cell_text(nxt)
    n_head = _header_length(run)
    if n_head == len(run):  # the header so far: more of it, or the first row after it
        return len(run) >= 2 or _is_header_cell(nxt_cell)
    return n_head >= 2 and (len(run) % n_head != 0 or not _is_header_cell(nxt_cell))


def _flat_tables(lines: list[str]) -> list[Table]:
    tables, run = [], []
    for i, line in enumerate(lines + [""], start=1):
        if _is_flat_cell(line):
            run.append((i, _cell_text(line)))
            continue
        if _gap_in_run(lines, i, run):
            continue
        if len(run) >= 4:
            t = _flat_table(run, lines)
            if t:
                tables.append(t)
        run = []
    return tables


_BREAK = re.compile(r"<br\s*/?>", re.I)
# Pandoc's grid tables: a border line (+-----+====+), or a row line holding only border pieces
# where a spanned cell's rule runs under some columns (|     |    +------+-----+)
_GRID_RULE = re.compile(r"^[|+]?(?:[\s|]*\+[-=:+]+)+[\s|+]*$")


def _split_pipe(line: str) -> list[str]:
    """A pipe row's cells; a line break inside a cell (`计量<br>单位`, as PDF-to-Markdown tools
    print a cell of two lines) joins its lines as the page's cell does."""
    s = _BREAK.sub("", line.strip())
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [c.strip() for c in s.split("|")]


def _pipe_tables(lines: list[str]) -> list[Table]:
    tables, rows, row_lines, start = [], [], [], 0
    for i, line in enumerate(lines + [""], start=1):
        s = line.strip()
        if _GRID_RULE.match(s):
            continue  # a grid table's border (+----+----+): no row, and the table goes on
        if s.startswith("|") and s.count("|") >= 2 and not _is_flat_only(s):
            if _SEPARATOR.match(s):
                continue
            if not rows:
                start = i
            rows.append(_split_pipe(s))
            row_lines.append(i)
            continue
        if len(rows) >= 1 and any(len(r) >= 2 for r in rows):
            tables.append(Table(rows=rows, index=0, kind="pipe", line=start,
                                caption=_caption(lines, start - 1), row_lines=row_lines))
        rows, row_lines = [], []
    return tables


def _is_flat_only(s: str) -> bool:
    return s == "|"


_RULE_LINE = re.compile(r"^\s*-{3,}(?:[ \t]+-{3,})*\s*$")


def _ws_tables(lines: list[str]) -> list[Table]:
    """Rows whose fields are separated by tabs or 2+ spaces, two or more in a row. Between rule
    lines of dashes (Pandoc's simple and multiline tables: `----- ---- -----` above, below and
    under the header, a blank line between rows) the rules and blank lines do not end it."""
    tables, rows, row_lines, start = [], [], [], 0
    ruled = False  # between a table's opening and closing rule lines
    padded = lines + [""]
    for i, line in enumerate(padded, start=1):
        if _RULE_LINE.match(line):
            closing = ruled and (i == len(padded) or not padded[i].strip())
            ruled = not closing and (ruled or not rows)
            if not closing:
                continue
            line = ""  # the closing rule ends the table
        elif ruled and not line.strip():
            continue
        fields = [f for f in _WS_SPLIT.split(line.strip()) if f] if line.strip() else []
        ruled = ruled and len(fields) >= 2  # a line of prose: no table runs through it
        if len(fields) >= 2 and "|" not in line:
            if not rows:
                start = i
            rows.append(fields)
            row_lines.append(i)
            continue
        if len(rows) >= 2 and any(any(_NUMERIC.match(f) for f in r[1:]) for r in rows):
            tables.append(Table(rows=rows, index=0, kind="whitespace", line=start,
                                caption=_caption(lines, start - 1), row_lines=row_lines))
        rows, row_lines = [], []
    return tables


def find_tables(text: str) -> list[Table]:
    """All tables in the text, in order of appearance, indexed from 0."""
    lines = text.split("\n")
    tables = _flat_tables(lines) + _pipe_tables(lines) + _ws_tables(lines)
    tables.sort(key=lambda t: t.line)
    for k, t in enumerate(tables):
        t.index = k
    return tables
