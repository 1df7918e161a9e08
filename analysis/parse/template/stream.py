"""Tables 三 and 四 read from their stream of numbers in the template's order, when the text has parted
the numbers from their labels (a reading-order text: pdftotext without -layout, pdfminer.six, OCR
lines).

The form: a row's seven numbers come before its label, after it, or around a label wrapped over
lines, often one number a line; where a row's label wraps over three lines, the row's right-hand
cells can be printed a line above its left-hand ones (24 / 6 353 / …行 277 34 6 6 for the row
277 34 6 6 24 6 353). The rows themselves stay in the order printed.

The sign, all of it required:
- between the table's header (申请人情况; else the section heading) and table 四 (行政复议) there
  are exactly as many whole numbers as the template has cells (25 rows x 7 in 2021, 23 x 7 in
  2019: a table that prints every cell, 0 included): numbers standing alone, and numbers the
  print ran into a narrow label's characters ((四38)无), never a label's numbering (1. 2、 (3));
- cut into groups of seven in order, group k is template row k. A group is read in its order, or
  rotated at a line break (its last lines first); each reading must add up (the six applicant
  columns to 总计); a group with two readings that add up keeps both, for the table's sums;
- the whole table's sums hold with none broken (the result rows to (七)总计, 一 + 二 = (七) + 四,
  per column);
- the same numbers read column by column (`colmajor`'s form) do not keep the sums too;
- the row labels the text prints stand in the template's order (the sums cannot tell two result
  rows apart: a text that moved a row would give its numbers to another).
Anything else: nothing is read here (the readings by label stand). Cells the sums leave open
between a group's readings are unresolved and flagged, as everywhere.

Table 四 likewise (`review_stream`): between its heading and section 五, exactly 15 whole numbers,
three blocks of five in the template's order, each adding up to its 总计; read in order only.

The reading replaces the one by labels only where that one is in trouble, and only where it
reports more cells and agrees with every cell the labels gave (`template.document`).

>>> rows = [[0] * 7 for _ in range(25)]
>>> rows[0] = [5, 1, 0, 0, 0, 0, 6]; rows[2] = [4, 1, 0, 0, 0, 0, 5]; rows[23] = [4, 1, 0, 0, 0, 0, 5]
>>> rows[24] = [1, 0, 0, 0, 0, 0, 1]
>>> lines = ["申请人情况", " ".join(map(str, rows[0])), "一、本年新收政府信息公开申请数量",
...          *(" ".join(map(str, r)) for r in rows[1:]), "四、政府信息公开行政复议、行政诉讼情况"]
>>> got, flag = stream_rows(lines, "t2021")
>>> got[0].rid, got[0].options
('request.new', (('5', '1', '0', '0', '0', '0', '6'),))
>>> flag.rule
'table_number_stream'
"""

from __future__ import annotations

import itertools
import re

from analysis.clean.chrome import PAGE_MARKER
from analysis.model import Flag
from analysis.parse.cells import search
from analysis.parse.cells.constraints import N_COLS, TOTAL, table_three
from analysis.parse.cells.solve import PrintedRow, counts
from analysis.parse.rowdefs import by_id, sequences, t3_groups, t3_label, t3_rank
from analysis.parse.template.table3 import display

STREAM_ORDER = "table_number_stream"
_COUNT = re.compile(r"^(?:\d{1,9}|\d{1,3}(?:,\d{3})+)$")  # 1234 or 1,234
_HEADER = ("申请人情况",)
_HEADING = "收到和处理政府信息公开申请"
_FIRST_ROW = "本年新收"
_END = "行政复议"
HEADING_MAX = 30  # characters of a section heading line
N_REVIEW, BLOCK = 15, 5  # table 四: three blocks of five, each adding up to its last


def _region(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line indexes of table 三's body: after its header (the last 申请人情况 line
    whose body prints the first row's label 本年新收, a header repeated on a later page passed
    over; else the section's heading, a line of at most HEADING_MAX characters: a sentence of
    the narrative naming the section is none), up to the first line naming 行政复议."""
    heads = [i for i, s in enumerate(lines) if any(h in s for h in _HEADER)] or \
        [i for i, s in enumerate(lines) if _HEADING in s and len(s.strip()) <= HEADING_MAX]
    for head in reversed(heads):
        end = next((i for i in range(head + 1, len(lines)) if _END in lines[i]), None)
        if end is not None and any(_FIRST_ROW in lines[i] for i in range(head + 1, end)):
            return head + 1, end
    return None


Token = tuple[int, int, bool]  # (value, line index, first number on its line)


def _tokens(lines: list[str], first: int, end: int) -> tuple[list[Token], list[tuple[str, int]]]:
    """The whole numbers standing alone in lines[first:end], and the other lines' words (labels)
    with their line index."""
    toks: list[Token] = []
    words: list[tuple[str, int]] = []
    for i in range(first, end):
        s = lines[i].strip()
        if not s or PAGE_MARKER.match(s):
            continue
        at_start = True
        rest = []
        for w in s.split():
            if _COUNT.match(w):
                toks.append((int(w.replace(",", "")), i, at_start))
                at_start = False
                continue
            rest.append(w)
            for v in _glued(w):  # a number the print laid over a label's characters
                toks.append((v, i, at_start))
                at_start = False
        if rest:
            words.append((" ".join(rest), i))
    return toks, words


_DIGITS = re.compile(r"\d+")


def _glued(word: str) -> list[int]:
    """Numbers run into a label's characters by a tool that printed a cell over a narrow label
    cell's text ((四38)无, 0人 under 自然): digit runs that are no numbering (1. 2、 (3)
    and 2.3. stay label)."""
    out = []
    for m in _DIGITS.finditer(word):
        before, after = word[m.start() - 1:m.start()], word[m.end():m.end() + 1]
        if after in (".", "．", "、") or before in (".", "．") or (
                before in ("(", "（") and after in (")", "）")):
            continue
        out.append(int(m.group()))
    return out


def _in_order(words: list[tuple[str, int]]) -> bool:
    """The row labels printed stand in the template's order (a group heading and its first
    sub-row share a place)."""
    ranks, group = [], None
    for text, _ in words:
        rid = t3_label(text, group)
        if rid is None:
            continue
        group = rid if rid in t3_groups() else group
        rank = t3_rank(rid)
        if rank is not None:
            ranks.append(rank)
    return ranks == sorted(ranks)


def _readings(group: list[Token], turn: bool = True) -> tuple[tuple[str, ...], ...]:
    """A group's readings whose parts add up to its last cell: in order, or (`turn`) rotated
    where one of its lines begins."""
    out: list[tuple[str, ...]] = []
    for r in range(len(group) if turn else 1):
        if r and not group[r][2]:
            continue
        cells = [v for v, _, _ in group[r:] + group[:r]]
        if sum(cells[:-1]) == cells[-1]:
            reading = tuple(map(str, cells))
            if reading not in out:
                out.append(reading)
    return tuple(out)


def _sums_hold(rows: list[PrintedRow], template: str) -> bool:
    """Every sum of the table holds for some choice of the rows' readings (none broken)."""
    sol = search.solve([r.reading() for r in rows],
                       table_three({r.rid for r in rows}, template))
    return not sol.violated and not sol.conflict and not sol.unused


def _column_major_fits(values: list[int], seq: list[str], template: str) -> bool:
    """Whether the numbers, read a column after another, keep every sum too (the form of
    `colmajor`): then the order is open."""
    n = len(seq)
    grid = {rid: [values[c * n + r] for c in range(N_COLS)] for r, rid in enumerate(seq)}
    if any(sum(v[:TOTAL]) != v[TOTAL] for v in grid.values()):
        return False
    checks = table_three(set(seq), template)
    return all(c.test([grid[r][col] for r, col in c.cells]) for c in checks)


def stream_rows(lines: list[str], template: str) -> tuple[list[PrintedRow], Flag] | None:
    """Table 三's rows read from the number stream (see the module doc), each with the readings
    its group allows, and the flag that says how the table was read; None without the sign."""
    seq = sequences()["t2019" if template == "t2019" else "t2021"]
    region = _region(lines)
    if region is None:
        return None
    toks, words = _tokens(lines, *region)
    if len(toks) != len(seq) * N_COLS or not _in_order(words):
        return None
    names = by_id("三:row")
    rows = []
    for k, rid in enumerate(seq):
        group = toks[k * N_COLS:(k + 1) * N_COLS]
        options = _readings(group)
        if not options:
            return None
        first, last = group[0][1] + 1, group[-1][1] + 1
        where = f"line {first}" if first == last else f"line {first} to line {last}"
        rows.append(PrintedRow(rid, display(names[rid]), f"{where}, numbers in template order", first,
                               counts(N_COLS), text=" ".join(str(v) for v, _, _ in group),
                               groups=((0, N_COLS),), options=options))
    if not _sums_hold(rows, template) or _column_major_fits([v for v, _, _ in toks], seq,
                                                             template):
        return None
    turned = sum(1 for r in rows if r.options[0] != tuple(r.text.split()))
    flag = Flag(STREAM_ORDER, "table 三 read from its numbers in the template's row order: the "
                f"text parts them from their labels; {len(toks)} numbers, every sum of the table "
                f"holds ({turned} row(s) printed with their last cells first)", severity="info",
                indicator="request", expected=f"{len(seq)} rows of {N_COLS} numbers",
                found=str(len(toks)),
                location=f"table 三 (line {region[0] + 1} to line {region[1]})")
    return rows, flag


_SECTION_FIVE = re.compile(r"^\s*五\s*[、.．]")


def _review_region(lines: list[str]) -> tuple[int, int] | None:
    """(first, end) line indexes of table 四's body: after its heading (where table 三's body
    ends; else the first heading line naming 行政复议), up to section 五 (or the end)."""
    three = _region(lines)
    head = three[1] if three else next(
        (i for i, s in enumerate(lines) if _END in s and len(s.strip()) <= HEADING_MAX), None)
    if head is None:
        return None
    end = next((i for i in range(head + 1, len(lines)) if _SECTION_FIVE.match(lines[i])),
               len(lines))
    return head + 1, end


def review_stream(lines: list[str]) -> tuple[PrintedRow, Flag] | None:
    """Table 四's row read from its 15 numbers in the template's order, where the text parts them
    from the header (one a line): each block of five read in its order and kept only where it
    adds up; None without that sign. Not rotated as table 三's rows may be: the row has no label
    wrapped beside it, its numbers stand on one line of the print."""
    region = _review_region(lines)
    if region is None:
        return None
    toks, _ = _tokens(lines, *region)
    if len(toks) != N_REVIEW:
        return None
    blocks = [_readings(toks[k:k + BLOCK], turn=False) for k in range(0, N_REVIEW, BLOCK)]
    if not all(blocks):
        return None
    first, last = toks[0][1] + 1, toks[-1][1] + 1
    row = PrintedRow("四", "行政复议、行政诉讼", f"line {first} to line {last}, numbers in template "
                     "order", first, counts(N_REVIEW), text=" ".join(str(v) for v, _, _ in toks),
                     groups=tuple((k, k + BLOCK) for k in range(0, N_REVIEW, BLOCK)),
                     options=tuple(sum(c, ()) for c in itertools.product(*blocks)))
    flag = Flag(STREAM_ORDER, "table 四 read from its 15 numbers in the template's order: the text "
                "parts them from the header; each block of five adds up", severity="info",
                indicator="review", expected=f"{N_REVIEW} numbers", found=str(len(toks)),
                location=f"table 四 (line {first} to line {last})")
    return row, flag
