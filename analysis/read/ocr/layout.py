"""OCR boxes of one page -> text lines and table rows, as the parsers read any other document.

1. A box that ran over a wide gap (two table cells read as one) is cut at the gap, using the
   characters' positions.
2. Boxes become lines by vertical overlap; very tall boxes (a vertical label such as 本年度办理结果
   spanning rows) are left out of the rows and kept as text.
3. A table is a run of lines that hold values; its columns are the union of its value boxes'
   horizontal extents (values of one column overlap, being centred in the same cell). A line with no
   value inside a table continues the label of the row it is nearest to, or, when it starts with
   its own numbering ((三)不予公开), goes with the next row as a leading label cell.
4. Each row: label cells (left of the first column, labels matched to the template fuzzily), then one
   cell per column; a column with no box in a row is read again as a crop (the detector misses an
   isolated 0) from its ink alone: no ink is a blank cell, ink that reads as no value an
   unreadable one (left unresolved later, never guessed).
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from dataclasses import dataclass

from analysis.read.ocr.digits import CONFUSED, DIGITS, Cell, is_value_text, read_cell, unreadable
from analysis.read.ocr.engine import Box, Line
from analysis.read.ocr.ink import minus_before
from analysis.read.ocr.labels import known_label, match
from analysis.read.ocr.rulings import RULING_BAND, line_band, ruled_between, ruled_columns, ruled_xs

DIGIT_SHAPES = frozenset(CONFUSED)
GAP = 1.6  # a gap wider than this many box heights between two characters cuts the box
TALL = 2.6  # a box taller than this many median heights is a vertical label
# a box of punctuation alone (。 , · ') is a speck or a misread digit: dropped, its cell re-read
_SPECK = re.compile(r"^[\s。.,，、·'`‘’:：;；]+$")
# a box of one or two Latin letters or signs (no digit shape), much shorter than a line: a ruling's
# corner or a scanner's speck read as a letter (L, ], _), dropped so its cell is not taken for text
_TINY = 0.6  # of the median box height
_LATIN = re.compile(r"^[\sA-Za-z\[\]|_~^<>\\/]{1,2}$")
_OWN_NUMBER = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])")


@dataclass
class PageRow:
    """One table row: label texts (matched), the labels as read, and one cell per column."""

    labels: list[str]
    raw_labels: list[str]
    cells: list[Cell | None]


def _cut(box: Box) -> list[Box]:
    """The box cut wherever two neighbouring characters stand more than GAP heights apart."""
    cs = box.chars
    if len(cs) < 2 or box.h > box.x1 - box.x0:  # vertical text: positions run down, not across
        return [box]
    out, start = [], 0
    for i in range(1, len(cs) + 1):
        if i == len(cs) or cs[i].x - cs[i - 1].x > GAP * box.h:
            part = cs[start:i]
            half = box.h * 0.45
            x0 = box.x0 if start == 0 else part[0].x - half
            x1 = box.x1 if i == len(cs) else part[-1].x + half
            text = "".join(c.ch for c in part).strip()
            if text:
                out.append(Box(text, x0, box.y0, x1, box.y1, min(c.p for c in part),
                               [c for c in part if c.ch.strip()]))
            start = i
    return out


def _tall(b: Box, median_h: float) -> bool:
    """A box spanning rows: much taller than a line, or vertical text (本年度办理结果)."""
    return b.h > TALL * median_h or (b.h > 1.5 * (b.x1 - b.x0) and len(b.text) >= 2)


def _core(ln: Line) -> tuple[float, float]:
    """The line's usual extent (median top and bottom): one taller box does not widen it."""
    return (statistics.median(b.y0 for b in ln.boxes), statistics.median(b.y1 for b in ln.boxes))


def _lines(boxes: list[Box], median_h: float) -> tuple[list[Line], list[Box]]:
    """Lines by vertical overlap (top to bottom), and the tall boxes left out."""
    tall = [b for b in boxes if _tall(b, median_h)]
    lines: list[Line] = []
    for b in sorted((b for b in boxes if not _tall(b, median_h)), key=lambda b: b.cy):
        best, best_r = None, 0.5
        for ln in lines[-3:]:
            y0, y1 = _core(ln)
            r = (min(b.y1, y1) - max(b.y0, y0)) / max(1.0, min(b.h, y1 - y0))
            if r >= best_r:
                best, best_r = ln, r
        if best is None:
            lines.append(Line([b]))
        else:
            best.boxes.append(b)
    for ln in lines:
        ln.boxes.sort(key=lambda b: b.x0)
        ln.values = _values(ln.boxes)
    return _join_split(lines), tall


def _values(boxes: list[Box]) -> list[Box]:
    """The boxes of a line that read as values. A letter taken for a digit (S for 5, O for 0)
    counts only beside a real number: alone in a line of words (结果纠正S) it is a letter."""
    values = [b for b in boxes if is_value_text(b.text)]
    if any(c in DIGITS for b in values for c in b.text):
        return values
    return [b for b in values if not set(b.text.replace(" ", "")) <= DIGIT_SHAPES]


def _join_split(lines: list[Line]) -> list[Line]:
    """Two neighbouring lines whose values stand at the same height in different columns are one
    row, parted only by where a wrapped label's lines fell (one value joined the upper line)."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev and prev.values and ln.values and _same_row(prev.values, ln.values):
            prev.boxes = sorted(prev.boxes + ln.boxes, key=lambda b: b.x0)
            prev.values = sorted(prev.values + ln.values, key=lambda b: b.x0)
        else:
            out.append(ln)
    return out


def _same_row(a: list[Box], b: list[Box]) -> bool:
    """Values at the same height (their spans overlap by most of a value's height) and in
    different columns (no two boxes overlap across)."""
    y0, y1 = max(min(v.y0 for v in a), min(v.y0 for v in b)), min(max(v.y1 for v in a),
                                                                   max(v.y1 for v in b))
    tall = min(statistics.median(v.h for v in a), statistics.median(v.h for v in b))
    apart = all(u.x1 <= v.x0 or v.x1 <= u.x0 for u in a for v in b)
    return y1 - y0 >= 0.6 * tall and apart


def _columns(values: list[Box], pad: float) -> list[tuple[float, float]]:
    spans = sorted((b.x0 - pad, b.x1 + pad) for b in values)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _blocks(lines: list[Line], median_h: float) -> list[list[Line]]:
    """Runs of lines holding values; two lines without values in a row, or a wide gap, end one."""
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    textual = 0
    for ln in lines:
        if ln.values:
            if cur and (textual >= 2 or ln.y0 - cur[-1].y1 > 3 * median_h):
                blocks.append(cur)
                cur = []
            cur.append(ln)
            textual = 0
        elif cur:
            textual += 1
            cur.append(ln)
    if cur:
        blocks.append(cur)
    for b in blocks:
        while b and not b[-1].values:
            b.pop()
    return blocks


def _attach(block: list[Line]) -> list[tuple[Line, list[Box]]]:
    """The block's value lines, each with the text-only lines that belong to it (see module doc):
    (line, leading boxes) — continuation boxes are added to the line itself."""
    rows = [ln for ln in block if ln.values]
    lead: dict[int, list[Box]] = {}
    for k, ln in enumerate(block):
        if ln.values:
            continue
        text = "".join(b.text for b in ln.boxes)
        if _OWN_NUMBER.match(text):
            nxt = next((r for r in block[k + 1:] if r.values), rows[-1])
            lead.setdefault(id(nxt), []).extend(ln.boxes)
        else:
            near = min(rows, key=lambda r: abs(r.cy - ln.cy))
            near.boxes = sorted(near.boxes + ln.boxes, key=lambda b: (b.x0 > near.values[0].x0,
                                                                      b.y0, b.x0))
    return [(r, lead.get(id(r), [])) for r in rows]


def _label(boxes: list[Box]) -> str:
    return "".join(b.text for b in sorted(boxes, key=lambda b: (b.y0, b.x0))).strip()


def _label_columns(boxes: list[Box]) -> list[list[Box]]:
    """Label boxes grouped by the column they stand in (overlapping or nearly touching
    horizontally), left to right: a side label ((六)其他处理) and the row's own label, wrapped
    over two lines, are two cells; one label the detector cut in two stays one."""
    cols: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.x0):
        if cols and b.x0 < max(c.x1 for c in cols[-1]) + 0.8 * b.h:  # one label's pieces
            cols[-1].append(b)
        else:
            cols.append([b])
    return cols


def _row(line: Line, lead: list[Box], cols: list[tuple[float, float]], page: int, image=None
         ) -> tuple[PageRow, list[int]]:
    """A PageRow, and the indexes of the columns this line has no box in. With the page `image`,
    a number whose box shows a minus sign the recogniser left out is read both ways (`_signed`)."""
    first = cols[0][0]
    left = [b for b in line.boxes if (b.x0 + b.x1) / 2 < first]
    raw = [_label(lead)] if lead else []
    raw += [_label(col) for col in _label_columns(left)]
    labels = [match(x) or x for x in raw]
    cells: list[Cell | None] = []
    for x0, x1 in cols:
        inside = [b for b in line.boxes if x0 <= (b.x0 + b.x1) / 2 <= x1]
        cell = read_cell(inside, page) if inside else None
        if cell and image is not None and _PLAIN.fullmatch(cell.text) and minus_before(
                image, inside[0]):
            cell = _signed(cell)
        cells.append(cell)
    return PageRow(labels, raw, cells), [i for i, c in enumerate(cells) if c is None]


_PLAIN = re.compile(r"\d[\d,]*(?:\.\d+)?")  # a number with no sign and no unit


def _signed(cell: Cell) -> Cell:
    """A number whose box shows a minus sign before it: its readings with and without the sign,
    for the sums alone to choose (analysis.check.ocr_digits; unresolved where none can)."""
    plain = cell.readings or [cell.text]
    return dataclasses.replace(cell, readings=plain + ["-" + r for r in plain])


def _fill(misses: list[tuple[PageRow, int, tuple]], boxes: list[Box | None], page: int) -> None:
    """The cells read again as crops: a value, or unreadable ink; no ink (None) stays blank."""
    for (row, i, _), box in zip(misses, boxes, strict=True):
        if box is None:
            continue
        if is_value_text(box.text) and any(c.isdigit() or c in "—-/" for c in
                                           "".join(ch.ch for ch in box.chars)):
            row.cells[i] = read_cell([box], page)
        else:
            row.cells[i] = unreadable(box, page)


def _speck(b: Box, mh: float) -> bool:
    """A box that is no text: punctuation alone, or a tiny letter that is no digit's shape."""
    t = b.text.strip()
    return bool(_SPECK.match(t)) or (b.h < _TINY * mh and bool(_LATIN.match(t))
                                     and not set(t) & DIGIT_SHAPES)


def median_height(boxes: list[Box]) -> float:
    hs = [b.h for b in boxes if b.text.strip()]
    return statistics.median(hs) if hs else 20.0


def layout(boxes: list[Box], page: int, image=None, reread=None
           ) -> list[tuple[float, str | PageRow, int]]:
    """The page as (y, text line | table row, table number on the page or -1), top to bottom.
    `image` (the page, an array) shows the rulings; `reread(rects) -> list[Box | None]` reads
    crops where a table cell has no box (None for a crop with no ink; reread None: such cells are
    left blank)."""
    mh = median_height(boxes)
    boxes = [p for b in boxes if b.text.strip() and not _speck(b, mh) for p in _cut(b)]
    mh = median_height(boxes)
    lines, tall = _lines(boxes, mh)
    out: list[tuple[float, str | PageRow, int]] = [(b.y0, b.text, -1) for b in tall]
    in_table: set[int] = set()
    for t, block in enumerate(_blocks(lines, mh)):
        in_table |= {id(ln) for ln in block}
        cols = _columns([b for ln in block for b in ln.values], pad=0.15 * mh)
        if image is not None:
            cols = ruled_columns(block, cols, image, mh)
        own = _own_rows(block, cols, page, image, reread, mh) if image is not None and reread \
            else {}
        out += [(ln.y0, row, t) for ln, row in own.values()]
        misses: list[tuple[PageRow, int, tuple[int, int, int, int]]] = []
        for line, lead in _attach([ln for ln in block if id(ln) not in own]):
            row, empty = _row(line, lead, cols, page, image)
            y0, y1 = _band(line, mh)
            misses += [(row, i, (int(cols[i][0]), y0, int(cols[i][1]) + 1, y1)) for i in empty]
            out.append((line.y0, row, t))
        if reread and misses:
            _fill(misses, reread([m[2] for m in misses]), page)
    t = len(out)  # a table number of its own for each ruled row read below
    for ln in lines:
        if id(ln) in in_table:
            continue
        row = _ruled_row(ln, page, image, reread, mh) if image is not None and reread else None
        if row is not None:
            out.append((ln.y0, row, t))
            t += 1
        else:
            out.append((ln.y0, "  ".join(b.text for b in ln.boxes), -1))
    out.sort(key=lambda item: item[0])
    return out


def _own_rows(block: list[Line], cols: list[tuple[float, float]], page: int, image, reread,
              mh: float) -> dict[int, tuple[Line, PageRow]]:
    """The label lines of a ruled table that are rows of their own whose numbers the detector
    missed altogether (a row of lone zeros): a horizontal ruling parts the line from the value
    lines above and below it (a label wrapped over lines has none between its lines and its
    values) and none runs through the line itself (a group's label set across the ruling between
    two of its rows is no row), and its cells are read as `_ruled_row` reads them. By id of the
    line."""
    values = [ln for ln in block if ln.values]
    x0, x1 = cols[0][0], cols[-1][1]
    out: dict[int, tuple[Line, PageRow]] = {}
    for ln in block:
        above = [v for v in values if v.cy < ln.cy]
        below = [v for v in values if v.cy > ln.cy]
        if ln.values or not above or not below:
            continue
        top, bottom = ln.y0 + 0.2 * (ln.y1 - ln.y0), ln.y1 - 0.2 * (ln.y1 - ln.y0)
        if not (ruled_between(image, above[-1].cy, top, x0, x1)
                and ruled_between(image, bottom, below[0].cy, x0, x1)) \
                or ruled_between(image, top, bottom, x0, x1):
            continue
        row = _ruled_row(ln, page, image, reread, mh)
        if row is not None:
            out[id(ln)] = (ln, row)
    return out


def _band(line: Line, mh: float) -> tuple[int, int]:
    """The rows' band where its missed cells are read again: its values' (a label wrapped over
    lines would reach other rows), at least a line's height (a value box the detector cut short,
    half a digit, would crop the digits beside it in half)."""
    return line_band(min(b.y0 for b in line.values), max(b.y1 for b in line.values), mh)


def _ruled_row(ln: Line, page: int, image, reread, mh: float) -> PageRow | None:
    """A line of a template or legacy row label alone, in a ruled row whose numbers the detector
    missed altogether (digits set against their rulings): its cells read from their ink between
    the rulings. Only when every cell with ink reads as a value and one at least does (a header
    row of words is no row of numbers)."""
    text = "".join(b.text for b in ln.boxes)
    if not known_label(text):
        return None
    x1 = max(b.x1 for b in ln.boxes)
    y0, y1 = line_band(ln.y0, ln.y1, RULING_BAND * mh)
    xs = [x for x in ruled_xs(image, y0 + 2, y1 - 2) if x > x1]
    rects = [(int(a) + 1, y0 - 2, int(b) - 1, y1 + 2)
             for a, b in zip(xs, xs[1:], strict=False) if b - a >= mh]
    if not rects:
        return None
    got = reread(rects)
    if not any(got) or any(b is not None and not is_value_text(b.text) for b in got):
        return None
    return PageRow([match(text) or text], [text], [read_cell([b], page) if b else None
                                                    for b in got])
