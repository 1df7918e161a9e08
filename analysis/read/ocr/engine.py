"""The OCR engine: RapidOCR (PP-OCRv4 Chinese, shipped inside the `rapidocr_onnxruntime` wheel,
run on onnxruntime, CPU) -> text boxes with a confidence and a runner-up for every character.

RapidOCR's own decoder keeps only the mean score of a box; a digit the recogniser hesitated over
(a 3 that may be an 8) is only visible in the per-step probabilities, so the decoder is replaced
by one that keeps, for each character, its probability, the best *other* character and its
probability, and its x position in the box (which also lets a box that ran over two table cells be
cut at the gap). Nothing is downloaded: the models are the wheel's files.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

import numpy as np

# seconds spent in this process: detect, recognise and cells re-read (the models, without our
# decoding), decode (ours, run inside the recogniser's step), classify
TIMES: dict[str, float] = {}


def _add(step: str, sec: float, decode_before: float) -> None:
    """Add a model step's seconds, less the decoding done inside it (counted as decode)."""
    TIMES[step] = TIMES.get(step, 0.0) + sec - (TIMES.get("decode", 0.0) - decode_before)


# text lines recognised per model call: a batch is padded to its widest line, so RapidOCR's 6
# spends time on padding; 2 took 0.8x the time of 6 on the Hongze scan's pages (5 pages, 4 rounds
# alternated: 18.7 s against 23.4 s), 1 and 3 in between
REC_BATCH = 2
INSTALL = "pip install 'xxgk[ocr]'"  # the extra that brings rapidocr_onnxruntime and onnxruntime


class OcrMissing(RuntimeError):
    """rapidocr_onnxruntime is not installed."""


@dataclass
class Char:
    ch: str
    p: float  # probability of this character
    alt: str  # the best other character ("" for CTC blank)
    alt_p: float
    x: float  # centre, page pixels


@dataclass
class Box:
    """One detected text box, axis-aligned, in page pixels."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    score: float
    chars: list[Char] = field(default_factory=list)

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    """Boxes on one baseline (analysis.read.ocr.layout), and which of them are values."""

    boxes: list[Box]
    values: list[Box] = field(default_factory=list)

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


class _Decoder:
    """CTC decoding that keeps each character's probability, runner-up and position."""

    def __init__(self, character: list[str]):
        self.character = character

    def __call__(self, preds: np.ndarray, return_word_box: bool = False, **kw) -> list[tuple]:
        t0 = time.perf_counter()
        out = self._decode(preds, **kw)
        TIMES["decode"] = TIMES.get("decode", 0.0) + time.perf_counter() - t0
        return out

    def _decode(self, preds: np.ndarray, **kw) -> list[tuple]:
        idx = preds.argmax(axis=2)  # two argmax passes: a full sort of 6,625 classes a step is slow
        top = np.take_along_axis(preds, idx[:, :, None], axis=2)[:, :, 0]
        np.put_along_axis(preds, idx[:, :, None], -1.0, axis=2)
        alt = preds.argmax(axis=2)
        alt_p = np.take_along_axis(preds, alt[:, :, None], axis=2)[:, :, 0]
        out = []
        ratios = kw.get("wh_ratio_list") or [1.0] * len(idx)
        for b in range(len(idx)):
            steps = len(idx[b])
            keep = np.ones(steps, dtype=bool)
            keep[1:] = idx[b][1:] != idx[b][:-1]
            keep &= idx[b] != 0  # CTC blank
            span = ratios[b] / kw.get("max_wh_ratio", ratios[b])  # the box's share of the input
            chars = []
            for t in np.flatnonzero(keep):
                a = int(alt[b, t])
                chars.append((self.character[idx[b][t]], float(top[b, t]),
                              self.character[a] if a else "", float(alt_p[b, t]),
                              (t + 0.5) / steps / max(span, 1e-6)))
            text = "".join(c[0] for c in chars)
            score = float(np.mean([c[1] for c in chars])) if chars else 0.0
            out.append((text, score, chars))
        return out


def check_installed() -> None:
    """Raise OcrMissing, with the line that installs it, when the OCR engine is not installed."""
    import importlib.util

    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        raise OcrMissing(f"OCR is not installed: {INSTALL}")


@functools.cache
def engine(threads: int = -1):
    """The RapidOCR engine of this process, built once (about 1 s; 0 when cached)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrMissing(f"OCR is not installed: {INSTALL}") from exc
    eng = RapidOCR(text_score=0.0, rec_batch_num=REC_BATCH, intra_op_num_threads=threads,
                   inter_op_num_threads=threads)
    eng.text_rec.postprocess_op = _Decoder(eng.text_rec.postprocess_op.character)
    return eng


def _box(points, text: str, score: float, chars: list[tuple]) -> Box:
    pts = np.asarray(points, dtype=float)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    w = x1 - x0
    return Box(text, float(x0), float(y0), float(x1), float(y1), score,
               [Char(c, p, a, ap, float(x0 + min(f, 1.0) * w)) for c, p, a, ap, f in chars])


def recognise(image: np.ndarray, use_cls: bool = False) -> list[Box]:
    """Every text box on one page image (RGB or grey array). The direction classifier is off by
    default: report pages are upright, and it costs about a tenth of the time."""
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    before = TIMES.get("decode", 0.0)
    result, elapsed = engine()(image, use_cls=use_cls)
    for name, sec in zip(("detect", "classify", "recognise"), elapsed or (), strict=False):
        _add(name, sec, before if name == "recognise" else TIMES.get("decode", 0.0))
    return [_box(pts, text, score, chars) for pts, text, score, chars in (result or [])]


def read_crops(image: np.ndarray, rects: list[tuple[int, int, int, int]]) -> list[Box | None]:
    """Recognise given rectangles (x0, y0, x1, y1) without detection: a table cell the detector
    missed (an isolated 0 often is) is read where the row and the column meet, from its ink
    alone (analysis.read.ocr.ink). None for a rectangle that holds no ink: the cell is empty."""
    from analysis.read.ocr.ink import ink_crop

    inks = [ink_crop(image[y0:y1, x0:x1]) for x0, y0, x1, y1 in rects]
    todo = [k for k, ink in enumerate(inks) if ink is not None]
    out: list[Box | None] = [None] * len(rects)
    if not todo:
        return out
    before = TIMES.get("decode", 0.0)
    res, sec = engine().text_rec([inks[k] for k in todo])
    _add("cells re-read", sec, before)
    for k, (text, score, chars) in zip(todo, res, strict=True):
        x0, y0, x1, y1 = rects[k]
        out[k] = _box([(x0, y0), (x1, y1)], text, score, chars)
    return out
