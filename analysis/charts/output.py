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
import threading
from pathlib import Path

import matplotlib
import matplotlib.image
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure

from analysis.base.files import atomic_write
from analysis.charts.base import SIZES, setup

# No dates, no version strings: the same figure gives the same bytes on every run.
PNG_META = {"Software": None}
# zlib level 1: on the sample's page charts a PNG encodes in 18 ms instead of 24 ms (level 3)
# and 36 ms (level 6, PIL's default), for files 2% larger than level 3 (59 KB against 58 KB) and
# smaller than level 6; flat-coloured charts gain almost nothing from harder compression.
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
        matplotlib.image.imsave(buf, canvas.buffer_rgba(), format="png", origin="upper",
                                dpi=dpi, metadata=PNG_META,
                                pil_kwargs={"compress_level": PNG_COMPRESS})
    finally:
        fig.dpi = old
        FigureCanvasBase(fig)  # back to a plain canvas, as the chart functions made it
    return buf.getvalue()


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
