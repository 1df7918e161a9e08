"""Table columns from the page's vertical rulings, where the table is ruled.

The columns found from the value boxes alone miss a column no row has a detected box in (the
detector misses single digits) and merge two when boxes of neighbouring cells overlap; the rulings
drawn on the page settle both.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from analysis.read.ocr.digits import CONFUSED
from analysis.read.ocr.engine import Line
from analysis.read.ocr.ink import LINE, grey_levels

DIGIT_SHAPES = frozenset(CONFUSED)
_WORD = re.compile(r"[\u4e00-\u9fff]")  # a label has Chinese words; a mark or a speck has none
# a lone Chinese numeral in a box is a digit misread (a 1 read as 二), not a label's word: no label
# of a statistics table is one numeral, and numbering (一、 (二)) comes with its punctuation
_LONE_NUMERALS = frozenset("一二三四五六七八九十〇")
# what the recogniser reads a vertical ruling as, when a value's box took it in
STROKES = frozenset("1lI|丨!")
# a stroke this close to a ruling (a share of the line height: 3 px at 150 dpi) is the ruling; a
# digit printed in the cell stands a cell's padding and half a glyph away (8 px at 150 dpi)
STROKE_TOL = 0.12


def _wordy(text: str) -> bool:
    """Whether a box's text is a label's words (see _WORD, _LONE_NUMERALS)."""
    return bool(_WORD.search(text)) and text.strip() not in _LONE_NUMERALS


def _rulings(image, bands: list[tuple[int, int]]) -> list[float]:
    """x of the vertical rulings that cross most of the given row bands of the page image."""
    hits: dict[int, int] = {}
    for y0, y1 in bands:
        band = np.asarray(image[max(0, y0):max(0, y1)])
        if band.size == 0:
            continue
        grey = grey_levels(band)
        for x in np.flatnonzero((grey < 180).mean(axis=0) >= 0.9):
            hits[int(x)] = hits.get(int(x), 0) + 1
    xs = sorted(x for x, n in hits.items() if n * 2 >= len(bands))
    out: list[list[int]] = []
    for x in xs:
        if out and x - out[-1][-1] <= 2:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(g) / len(g) for g in out]


def ruled_between(image, y0: float, y1: float, x0: float, x1: float) -> bool:
    """Whether a horizontal ruling runs across x0..x1 of the page somewhere between y0 and y1."""
    band = np.asarray(image[max(0, int(y0)):max(0, int(y1)), max(0, int(x0)):max(0, int(x1))])
    if band.size == 0:
        return False
    return bool(((grey_levels(band) < LINE).mean(axis=1) >= 0.85).any())


def line_band(y0: float, y1: float, tall: float, inset: int = 0) -> tuple[int, int]:
    """Rows y0..y1 of a line grown to `tall` rows at least, about its middle, and taken in by
    `inset` at each end."""
    grow = max(0.0, tall - (y1 - y0)) / 2
    return int(y0 - grow) + inset, int(y1 + grow + 0.5) - inset


# rulings are looked for over 0.8 of a line's height at least: in the band of a box the detector
# made short (a third of the text's height), the digits' own strokes run down all of it, as
# rulings do
RULING_BAND = 0.8


def ruled_xs(image, y0: int, y1: int) -> list[float]:
    """x of the vertical rulings crossing the band y0..y1 of the page image."""
    return _rulings(image, [(y0, y1)]) if y1 > y0 else []


def ruled_columns(block: list[Line], cols: list[tuple[float, float]], image, mh: float
                   ) -> list[tuple[float, float]]:
    """The columns as the rulings draw them, where the table is ruled: every ruled cell right of
    the labels that holds a value or nothing (the detector misses single digits, and two boxes of
    neighbouring cells may overlap); columns of values outside the rulings are kept as found."""
    rows = [ln for ln in block if ln.values]
    bands = [line_band(min(b.y0 for b in r.values), max(b.y1 for b in r.values),
                       RULING_BAND * mh, 2) for r in rows]
    xs = _rulings(image, bands)
    if len(xs) < 2:
        return cols
    _drop_spanning(rows, xs, mh)
    _drop_strokes(rows, xs, mh)
    # the labels: words left of a row's first value (a stray mark read among the values, `=` or
    # `[`, even in the first value column, is an unreadable cell, not a label column)
    text = [b for r in rows for b in r.boxes if b not in r.values and _wordy(b.text)
            and b.x1 <= min(v.x0 for v in r.values) + mh / 2]
    left = max((b.x1 for b in text), default=0.0)
    pad = 1.0  # just inside the rulings: a cell's crop keeps a digit set against its ruling
    ruled = []
    for a, b in zip(xs, xs[1:], strict=False):
        if b - a < mh or (a + b) / 2 < left or any(a < (t.x0 + t.x1) / 2 < b for t in text):
            continue
        ruled.append((a + pad, b - pad))
    if not ruled:
        return cols
    lo, hi = xs[0], xs[-1]
    return sorted(ruled + [c for c in cols if not lo <= (c[0] + c[1]) / 2 <= hi])


def _drop_spanning(rows: list[Line], xs: list[float], mh: float) -> None:
    """Boxes of digits that run across a ruling (the detector took a row of single-digit cells
    as one box, and read it garbled) are dropped: each cell they cover is read again alone."""
    for r in rows:
        for b in list(r.boxes):
            digits = sum(c.isdigit() or c in DIGIT_SHAPES for c in b.text)
            if (digits * 2 >= len(b.text) and len(r.values) > (b in r.values)
                    and any(b.x0 + mh / 2 < x < b.x1 - mh / 2 for x in xs)):
                r.boxes.remove(b)
                if b in r.values:
                    r.values.remove(b)


def _drop_strokes(rows: list[Line], xs: list[float], mh: float) -> None:
    """A value box whose first or last character is a stroke (1, l, |) standing on a ruling took
    the ruling in (a cell's 0 read as 10): that character is left out of the box. A stroke is
    never dropped from a box of one character, nor one standing off the ruling."""
    for r in rows:
        for b in list(r.values):
            if len(b.chars) < 2 or b.text.replace(" ", "") != "".join(c.ch for c in b.chars):
                continue
            gone = [k for k in {0, len(b.chars) - 1} if b.chars[k].ch in STROKES
                    and any(abs(b.chars[k].x - x) <= STROKE_TOL * mh for x in xs)]
            if not gone:
                continue
            kept = [c for k, c in enumerate(b.chars) if k not in gone]
            half = mh / 4  # the kept characters' outer edges, about
            new = dataclasses.replace(b, text="".join(c.ch for c in kept), chars=kept,
                                      x0=max(b.x0, kept[0].x - half),
                                      x1=min(b.x1, kept[-1].x + half))
            r.boxes[r.boxes.index(b)] = new
            r.values[r.values.index(b)] = new
