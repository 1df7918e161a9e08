"""Write a figure as PNG and SVG, byte-identical for identical input, atomically."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from analysis.base.files import atomic_write
from analysis.charts.base import SIZES, setup

# No dates, no version strings: the same figure gives the same bytes on every run.
PNG_META = {"Software": None}
SVG_META = {"Date": None, "Creator": "xxgk"}


def save(fig: Figure, stem: Path, size: str = "slide", dpi: int = 200) -> dict[str, Path]:
    """Write `stem`.png and `stem`.svg at `size` (a key of SIZES); return {"png": path, "svg": path}.

    >>> from analysis.charts import no_data, save  # doctest: +SKIP
    >>> save(no_data("示例"), Path("/tmp/example"))  # doctest: +SKIP
    """
    setup()
    if size not in SIZES:
        raise ValueError(f"size {size!r} unknown; choose one of {sorted(SIZES)}")
    stem = Path(stem)
    if tuple(fig.get_size_inches()) != SIZES[size]:
        fig.set_size_inches(SIZES[size])
    out = {}
    with matplotlib.rc_context({"svg.hashsalt": "xxgk"}):
        for ext, meta in (("png", PNG_META), ("svg", SVG_META)):
            path = stem.with_name(f"{stem.name}.{ext}")
            atomic_write(path, lambda p, ext=ext, meta=meta: fig.savefig(
                p, format=ext, dpi=dpi, metadata=meta))
            out[ext] = path
    return out


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes, for showing in a notebook without pyplot."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata=PNG_META)
    return buf.getvalue()
