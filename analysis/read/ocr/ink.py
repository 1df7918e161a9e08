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


def _spread(mask: np.ndarray) -> np.ndarray:
    """The ruling rows (or columns) and their neighbours: a line's anti-aliased edge goes too."""
    out = mask.copy()
    out[1:] |= mask[:-1]
    out[:-1] |= mask[1:]
    return out


def ink_crop(crop: np.ndarray) -> np.ndarray | None:
    """The ink of a cell crop (rulings wiped) on a white margin, as an RGB array; None when the
    cell holds no ink."""
    grey = crop.mean(axis=2) if crop.ndim == 3 else crop.astype(float)
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
