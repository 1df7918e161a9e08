"""Write a figure in the forms asked for (PNG, SVG), byte-identical for identical input, atomically.

A figure is drawn once per form: a page needs one PNG (`PAGE_DPI`), a briefing's chart pack the
print resolution and SVG. The PNG is rendered in a single Agg pass (layout and drawing together),
which gives the picture `savefig` gives for a quarter less time. Figures of one pixel size share an
Agg renderer (per thread): its text-metrics cache then serves every chart of a page (tick labels,
titles and source lines repeat), not only the one it was made for; a warm render kernel keeps them
from page to page. `forget_renderers()` drops them.
"""

from __future__ import annotations

import io
import struct
import threading
import zlib
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure

from analysis.base.files import atomic_write
from analysis.charts.base import SIZES, setup

# No dates, no version strings: the same figure gives the same bytes on every run.
PNG_META = {"Software": None}
# zlib level 1: flat-coloured charts gain almost nothing from harder compression (PIL's level 6
# took twice the time for files a few per cent smaller). Page charts are encoded by `encode_png`.
PNG_COMPRESS = 1
SVG_META = {"Date": None, "Creator": "xxgk"}
PRINT_DPI = 200  # chart packs and briefings
PAGE_DPI = 100  # pages show charts 960 px wide: a 10-inch slide at 100 dpi is 1000 px
FORMATS = ("png", "svg")
_LOCAL = threading.local()  # .renderers: {(width px, height px, dpi): RendererAgg}


def save(fig: Figure, stem: Path, size: str = "slide", dpi: int = PRINT_DPI,
         formats: tuple[str, ...] = FORMATS) -> dict[str, Path]:
    """Write `stem`.png and/or `stem`.svg at `size` (a key of SIZES); return {format: path}.

    >>> from analysis.charts import no_data, save  # doctest: +SKIP
    >>> save(no_data("示例"), Path("/tmp/example"), formats=("png",))  # doctest: +SKIP
    """
    setup()
    if size not in SIZES:
        raise ValueError(f"size {size!r} unknown; choose one of {sorted(SIZES)}")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"format(s) {sorted(unknown)} unknown; choose from {FORMATS}")
    stem = Path(stem)
    if tuple(fig.get_size_inches()) != SIZES[size]:
        fig.set_size_inches(SIZES[size])
    out = {}
    for ext in formats:
        data = png_bytes(fig, dpi) if ext == "png" else svg_bytes(fig, dpi)
        out[ext] = atomic_write(stem.with_name(f"{stem.name}.{ext}"),
                                lambda p, data=data: p.write_bytes(data))
    return out


def png_bytes(fig: Figure, dpi: int = PAGE_DPI) -> bytes:
    """The figure as PNG bytes, drawn in one pass (pyplot-free figures; others via savefig)."""
    buf = io.BytesIO()
    if type(fig.canvas) is not FigureCanvasBase:  # a pyplot/GUI figure: leave its canvas be
        fig.savefig(buf, format="png", dpi=dpi, metadata=PNG_META,
                    pil_kwargs={"compress_level": PNG_COMPRESS})
        return buf.getvalue()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    old = fig.dpi
    try:
        fig.dpi = dpi
        canvas = FigureCanvasAgg(fig)
        _share_renderer(canvas)
        canvas.draw()
        return encode_png(np.asarray(canvas.buffer_rgba()), dpi)
    finally:
        fig.dpi = old
        FigureCanvasBase(fig)  # back to a plain canvas, as the chart functions made it


def encode_png(rgba: np.ndarray, dpi: float) -> bytes:
    """An (height, width, 4) uint8 picture as PNG: RGB when every pixel is opaque (a chart on its
    white background), else RGBA; unfiltered rows, zlib level 1, the resolution in pHYs; no text
    chunks. Pillow's encoder tries every row filter on every row: on page charts it took 13-15 ms
    a chart against 7-8 ms here, for files 3% larger (measured interleaved on four sample charts;
    tests decode the result with Pillow and compare every pixel)."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"an RGBA uint8 picture is needed, not {rgba.dtype} {rgba.shape}")
    height, width = rgba.shape[:2]
    opaque = bool(rgba[:, :, 3].min() == 255)
    channels = 3 if opaque else 4
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # column 0: filter type 0 (none)
    rows[:, 1:].reshape(height, width, channels)[...] = rgba[:, :, :channels]
    per_metre = round(dpi / 0.0254)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     _chunk(b"IDAT", zlib.compress(rows.data, PNG_COMPRESS)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind))))


def _share_renderer(canvas) -> None:
    """Give `canvas` this thread's renderer of its size (made on first use): Agg clears it before
    drawing, and its text-metrics cache is keyed by text, font, size and dpi, so the bytes are
    those of a new renderer."""
    from matplotlib.backends.backend_agg import RendererAgg

    renderers = _LOCAL.__dict__.setdefault("renderers", {})
    key = (*canvas.get_width_height(physical=True), canvas.figure.dpi)
    if key not in renderers:
        if len(renderers) >= 4:  # a page uses one or two sizes; never hoard buffers
            renderers.clear()
        renderers[key] = RendererAgg(*key)
    canvas.renderer, canvas._lastKey = renderers[key], key  # FigureCanvasAgg.get_renderer's cache


def forget_renderers() -> None:
    """Drop this thread's shared renderers (and their text-metrics caches)."""
    _LOCAL.__dict__.pop("renderers", None)


def svg_bytes(fig: Figure, dpi: int = PRINT_DPI) -> bytes:
    """The figure as SVG (text as outlines, fixed ids: identical input, identical bytes)."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "xxgk"}):
        fig.savefig(buf, format="svg", dpi=dpi, metadata=SVG_META)
    return buf.getvalue()
