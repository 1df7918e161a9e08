"""A table cell the detector found no text in: is it empty on the page, or does it hold something?

The detector often misses an isolated short value (a lone 0 in a ruled cell); the recogniser
then reads the cell as a crop. A crop cut at the column's rulings and the row's text height
catches pieces of the rulings and leaves the digit touching the crop's edge, which the recogniser
reads as nothing or as `。`. So the crop is first reduced to its ink: the rows and columns that are
rulings (dark across most of the crop) are wiped, and what dark pixels remain is cut out with
white above and below it as tall as the ink itself (less, and a lone 0 reads as `。`). No ink left: the cell is empty on
the page (blank). Ink: the recogniser reads it; what it then cannot read as a value is not guessed
(the cell is unreadable, analysis.check.ocr_digits leaves its fact unresolved).

>>> import numpy as np
>>> cell = np.full((30, 60), 255, np.uint8)
>>> cell[-2:, :] = 0  # a ruling along the bottom: no ink
>>> ink_crop(cell) is None
True
>>> cell[8:22, 20:30] = 0
>>> ink_crop(cell).shape[:2]
(42, 18)
"""

from __future__ import annotations

import numpy as np

DARK = 160  # grey level below which a pixel is ink
RULING = 0.85  # a pixel row or column drawn across this much of the crop is a ruling, not ink
# (a glyph fills less: a 9 took 70% of its crop's height)
LINE = 220  # grey level below which a pixel may belong to a ruling
MIN_INK = 0.004  # share of the crop's pixels that must be ink (a speck of scan noise is not)


def grey_levels(region) -> np.ndarray:
    """A page region (RGB or grey) as grey levels."""
    region = np.asarray(region)
    return region.mean(axis=2) if region.ndim == 3 else region.astype(float)


def _spread(mask: np.ndarray) -> np.ndarray:
    """The ruling rows (or columns) and their neighbours: a line's anti-aliased edge goes too."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    return out


def ink_crop(crop: np.ndarray) -> np.ndarray | None:
    """The ink of a cell crop (rulings wiped) on a white margin, as an RGB array; None when the
    cell holds no ink."""
    grey = grey_levels(crop)
    dark = grey < DARK
    if dark.size == 0:
        return None
    drawn = grey < LINE  # rulings may be grey (an HTML border): found from any drawn pixel
    rows, cols = _spread(drawn.mean(axis=1) >= RULING), _spread(drawn.mean(axis=0) >= RULING)
    grey = grey.copy()
    grey[rows, :] = grey[:, cols] = 255
    dark[rows, :] = dark[:, cols] = False
    ys, xs = np.nonzero(dark)
    if len(ys) < max(3, MIN_INK * dark.size):
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    h = int(y1 - y0)
    my, mx = max(2, h), max(2, h // 3)  # measured: a lone 0 with less white above and below
    # or more at its sides is read as 。 (the recogniser judges a glyph's size by the line's)
    out = np.full((h + 2 * my, int(x1 - x0) + 2 * mx), 255, np.uint8)
    out[my:my + h, mx:mx + int(x1 - x0)] = grey[y0:y1, x0:x1].astype(np.uint8)
    return np.ascontiguousarray(np.stack([out] * 3, axis=-1))


SIGN_GLYPH = 0.2  # half a digit's width, in line heights: where a box's first digit begins
EDGE = 0.15  # the share of a box's height at its top and bottom where rulings run


def minus_before(image, box) -> bool:
    """Whether the page shows a minus sign inside `box` before its first character, which the
    recogniser left out (a cell's -2 read as 2): a short stroke, wider than tall, near the middle
    of the line's height, that is no ruling (rulings: the box's top and bottom edges, and columns
    dark down most of it).

    >>> from analysis.read.ocr.engine import Box, Char
    >>> page = np.full((40, 60), 255, np.uint8)
    >>> two = Box("2", 10, 5, 40, 32, 0.99, [Char("2", 0.99, "", 0.0, 30)])
    >>> minus_before(page, two)
    False
    >>> page[18:20, 16:23] = 0  # a dash where the sign stands
    >>> minus_before(page, two)
    True
    """
    if not box.chars:
        return False
    h = box.y1 - box.y0
    x0, x1 = int(box.x0), int(box.chars[0].x - SIGN_GLYPH * h)
    y0, y1 = int(box.y0 + EDGE * h), int(box.y1 - EDGE * h + 0.5)
    region = np.asarray(image[max(0, y0):max(0, y1), max(0, x0):max(0, x1)])
    if region.size == 0:
        return False
    dark = grey_levels(region) < DARK
    dark[:, dark.mean(axis=0) >= 0.6] = False  # a vertical ruling the box took in
    ys, xs = np.nonzero(dark)
    if len(ys) < 2:
        return False
    tall, wide = ys.max() - ys.min() + 1, xs.max() - xs.min() + 1
    middle = (y0 + (ys.min() + ys.max()) / 2 - box.y0) / h
    return bool(tall <= 0.2 * h and wide >= max(2, 1.5 * tall, 0.1 * h)
                and 0.3 <= middle <= 0.75)
