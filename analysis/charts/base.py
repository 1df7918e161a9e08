"""House style, sizes and the frame every chart shares: a Chinese title, a source line, 无数据."""

from __future__ import annotations

import functools
from importlib import resources

import matplotlib.style
from matplotlib.figure import Figure

from analysis.charts import fonts

# Inches. slide: 16:9 at a size where 11 pt text stays legible on a projected slide;
# half_a4: the text width of A4 portrait with 2.5 cm margins, half the page high.
SIZES: dict[str, tuple[float, float]] = {"slide": (10.0, 5.625), "half_a4": (6.3, 4.2)}
STYLE = "xxgk.mplstyle"
SOURCE = "数据来源：{who}{years}政府信息公开工作年度报告"
NO_DATA = "无数据"


@functools.cache
def setup() -> None:
    """Register the CJK font and apply the house style (once per process; safe to call again)."""
    fonts.register()
    with resources.as_file(resources.files(__package__).joinpath(STYLE)) as path:
        matplotlib.style.use(str(path))


def new_figure(size: str = "slide", nrows: int = 1, ncols: int = 1, **kw) -> tuple[Figure, object]:
    """A pyplot-free figure (nothing leaks between calls) with room at the bottom for the source."""
    setup()
    if size not in SIZES:
        raise ValueError(f"size {size!r} unknown; choose one of {sorted(SIZES)}")
    fig = Figure(figsize=SIZES[size], layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    axes = fig.subplots(nrows, ncols, squeeze=True, **kw)
    return fig, axes


def years_text(years) -> str:
    """2021 -> "2021年"; 2017..2022 -> "2017—2022年"; none -> ""."""
    years = sorted({int(y) for y in years if y is not None})
    if not years:
        return ""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"


def frame(fig: Figure, title: str, who: str = "", note: str = "", years=()) -> Figure:
    """Put the title on top and the source line (plus an optional note) at the bottom left."""
    fig.suptitle(title, x=0.01, ha="left")
    line = SOURCE.format(who=who, years=years_text(years))
    if note:
        line = f"{line}。{note}"
    fig.text(0.01, 0.012, line, ha="left", va="bottom", fontsize=8.5, color="#555555")
    return fig


def no_data(title: str, who: str = "", size: str = "slide", why: str = "", years=()) -> Figure:
    """A figure that says 无数据 (and why) instead of raising or drawing zeros."""
    fig, ax = new_figure(size)
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"{NO_DATA}\n{why}" if why else NO_DATA, ha="center", va="center",
            fontsize=16, color="#777777", transform=ax.transAxes)
    return frame(fig, title, who, years=years)

