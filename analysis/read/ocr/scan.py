"""Pages -> OCR'd layout, bounded: a page cap per file, a time limit per page, a memory limit for
the whole file (one child process), and the result kept per file hash (analysis.read.ocr.cache).

PDF pages are rasterised with pypdfium2 at DPI; image files (PNG, JPEG, TIFF with its frames,
BMP, WebP) are read with Pillow, and an image larger than MAX_SIDE is scaled down first.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import signal
import time
from importlib import metadata

from analysis.base.procs import extend_time_limits, in_child, time_limit
from analysis.read.ocr import cache
from analysis.read.ocr.digits import Cell
from analysis.read.ocr.engine import check_installed
from analysis.read.ocr.layout import PageRow, layout

DPI = 150  # PDF pages are rasterised at this resolution (a scan's own resolution is not needed)
MAX_PAGES = 30  # pages OCR'd per file; the rest are named in a flag
PAGE_SECONDS = float(os.environ.get("XXGK_OCR_PAGE_SECONDS", 300))  # per page, a shared machine
MEMORY = 3 * 1024**3  # bytes the OCR child may add (models ~0.2 GB, a 300-dpi page ~0.5 GB)
MAX_SIDE = 4000  # pixels: larger images are scaled down before OCR
# bump when layout, cell reading or recognition settings change: kept results are then redone
LAYOUT_VERSION = "11"


LAST_TIMES: dict[str, float] = {}  # where the last OCR run's time went (for the benchmark)


class PageTimeout(Exception):
    """One page ran past PAGE_SECONDS."""


def _pdf_pages(data: bytes, numbers: list[int]):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for n in numbers:
        yield n, pdf[n - 1].render(scale=DPI / 72).to_pil().convert("RGB")


def _image_pages(data: bytes, numbers: list[int]):
    from PIL import Image, ImageSequence

    img = Image.open(io.BytesIO(data))
    for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
        if n in numbers:
            page = frame.convert("RGB")
            if max(page.size) > MAX_SIDE:
                page.thumbnail((MAX_SIDE, MAX_SIDE))
            yield n, page


def count_image_pages(data: bytes) -> int:
    from PIL import Image

    return getattr(Image.open(io.BytesIO(data)), "n_frames", 1)


def _on_alarm(signum, frame):
    raise PageTimeout()


def _ocr(data: bytes, form: str, numbers: list[int]) -> dict:
    """Run in the child: every page's layout as plain data, and the pages that timed out."""
    import numpy as np

    from analysis.read.ocr.engine import TIMES, engine

    t0 = time.perf_counter()
    engine()  # the models load before the first page's clock starts
    TIMES["load models"] = time.perf_counter() - t0
    signal.signal(signal.SIGALRM, _on_alarm)
    pages: dict[str, list] = {}
    late: list[int] = []
    source = _pdf_pages if form == "pdf" else _image_pages
    for n, img in _timed(source(data, numbers), "render"):
        arr = np.asarray(img)
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, PAGE_SECONDS)
        try:
            items = _read_page(arr, n)
        except Exception:  # PageTimeout, or what the engine wrapped it in (ResizeImgError)
            if time.monotonic() - start < PAGE_SECONDS:
                raise
            late.append(n)
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        pages[str(n)] = [(y, dataclasses.asdict(x) if isinstance(x, PageRow) else x, t)
                         for y, x, t in items]
    TIMES["all"] = time.perf_counter() - t0
    return {"pages": pages, "late": late, "times": TIMES}


def _timed(pages, step: str):
    """The pages of a generator, the time spent making them added to TIMES[step]."""
    from analysis.read.ocr.engine import TIMES

    it = iter(pages)
    while True:
        t0 = time.perf_counter()
        page = next(it, None)
        TIMES[step] = TIMES.get(step, 0.0) + time.perf_counter() - t0
        if page is None:
            return
        yield page


def _read_page(arr, n: int) -> list:
    """One page's layout; the time outside the engine's steps is counted: the engine's own
    crops and sorting ("engine, between its steps") and the layout ("layout")."""
    from analysis.read.ocr.engine import TIMES, read_crops, recognise

    def steps() -> float:
        return sum(TIMES.get(k, 0.0) for k in ("detect", "classify", "recognise", "decode",
                                               "cells re-read"))

    s0, t0 = steps(), time.perf_counter()
    boxes = recognise(arr)
    s1, t1 = steps(), time.perf_counter()
    items = layout(boxes, n, arr, lambda rects: read_crops(arr, rects))
    s2, t2 = steps(), time.perf_counter()
    TIMES["engine, between its steps"] = TIMES.get("engine, between its steps", 0.0) + (
        t1 - t0 - (s1 - s0))
    TIMES["layout"] = TIMES.get("layout", 0.0) + (t2 - t1 - (s2 - s1))
    return items


def _key(data: bytes, numbers: list[int]) -> str:
    try:
        version = metadata.version("rapidocr_onnxruntime")
    except metadata.PackageNotFoundError:
        version = "?"
    h = hashlib.sha256(data)
    h.update(f"|{numbers}|{DPI}|{MAX_SIDE}|{LAYOUT_VERSION}|{version}".encode())
    return h.hexdigest()


def _row(d: dict) -> PageRow:
    return PageRow(d["labels"], d["raw_labels"],
                   [Cell(**{**c, "box": tuple(c["box"])}) if c else None for c in d["cells"]])


def ocr_pages(data: bytes, form: str, numbers: list[int]) -> tuple[dict[int, list], list[int]]:
    """{page: [(y, text | PageRow, table)]} for the given 1-based pages, and the pages that ran
    past their time. Kept results are used when the same file was OCR'd before.
    Raises OcrMissing when rapidocr_onnxruntime is not installed."""
    key = _key(data, numbers)
    got = cache.load(key)
    if got is None:
        check_installed()  # here, with the install line; the model itself loads in the child
        budget = PAGE_SECONDS * len(numbers) + 30  # 30 s: starting the child, loading the models
        extend_time_limits(budget)  # a file's --time-limit covers its text work, not its OCR
        with time_limit(budget):
            got = in_child(_ocr, data, form, numbers, memory=MEMORY)
        cache.save(key, got)
        LAST_TIMES.clear()
        LAST_TIMES.update(got.get("times", {}))
    pages = {int(n): [(y, _row(x) if isinstance(x, dict) else x, t) for y, x, t in items]
             for n, items in got["pages"].items()}
    return pages, list(got["late"])
