"""House style, sizes and the frame every chart shares: a Chinese title, a source line, and what a
chart with nothing to show is instead (`no_data`: pages and briefings print its reason as a
one-line note, never the empty figure)."""

from __future__ import annotations

import functools
from importlib import resources

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

from analysis.charts import fonts

# Inches. slide: 16:9 at a size where 11 pt text stays legible on a projected slide;
# half_a4: the text width of A4 portrait with 2.5 cm margins, half the page high.
SIZES: dict[str, tuple[float, float]] = {"slide": (10.0, 5.625), "half_a4": (6.3, 4.2)}
STYLE = "xxgk.mplstyle"
SOURCE = "数据来源：{who}{years}政府信息公开工作年度报告"
NO_DATA = "无数据"
EMPTY = "xxgk_empty"  # attribute of a figure with nothing to show: the reason, in Chinese
YEARS = "xxgk_years"  # attribute: the report years a chart draws (for its source line)
WHO = "xxgk_who"  # attribute: whose reports the chart draws (the agency's name, or 各机关)
TITLE_PT = 15  # figure.titlesize of the house style
SOURCE_PT = 8.5


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


def text_width(text: str, size: float) -> float:
    """Width in points of one line of `text` at `size` pt, estimated without drawing: a Chinese
    character is one em wide, digits and Latin letters about half (Noto Sans SC)."""
    return size * sum(1.0 if ord(c) > 0x2E80 else 0.56 for c in text)


def fit_title(title: str, who: str, width_in: float) -> tuple[str, float]:
    """(title, font size) that fit `width_in` inches: a long agency name keeps its line and the
    rest goes on a second one; a title still too long gets a smaller size."""
    room = width_in * 72 * 0.97
    if text_width(title, TITLE_PT) <= room:
        return title, TITLE_PT
    if who and title.startswith(who) and len(title) > len(who):
        title = f"{who}\n{title[len(who):]}"
    longest = max(text_width(line, TITLE_PT) for line in title.split("\n"))
    return title, max(9.0, TITLE_PT * min(1.0, room / longest))


def frame(fig: Figure, title: str, who: str = "", note: str = "", years=()) -> Figure:
    """Put the title on top and the source line (plus an optional note) at the bottom left;
    remember the years drawn (`YEARS`) for captions that cite every report a chart spans."""
    title, size = fit_title(title, who, fig.get_figwidth())
    fig.suptitle(title, x=0.01, y=1 - 6 / (fig.get_figheight() * 72), ha="left", va="top",
                 fontsize=size)
    setattr(fig, YEARS, sorted({int(y) for y in years if y is not None and y == y}))
    setattr(fig, WHO, who)
    line = SOURCE.format(who=who, years=years_text(years))
    if note:
        line = f"{line}。{note}"
    lines = wrap(line, fig.get_figwidth() * 72 * 0.97, SOURCE_PT)
    fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=SOURCE_PT,
             color="#555555", linespacing=1.25)
    source_pt = 0.012 * fig.get_figheight() * 72 + len(lines) * SOURCE_PT * 1.3 + 3
    axes = [ax for ax in fig.axes if ax.axison]
    if len(axes) == 1 and not getattr(fig, EMPTY, None):
        place(fig, axes[0], title.count("\n") + 1, size, source_pt)
    elif fig.get_layout_engine() is not None:  # room for the title above, the source below
        h = fig.get_figheight() * 72
        bottom, top = source_pt / h, ((title.count("\n") + 1) * size * 1.3 + 10) / h
        fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom - top))
    return fig


def _labels_pt(texts, size: float) -> float:
    return max((text_width(t.get_text(), size) for t in texts if t.get_text()), default=0.0)


def place(fig: Figure, ax, title_lines: int, title_pt: float, source_pt: float) -> None:
    """Margins of a one-Axes figure from the sizes of the texts around it, estimated without
    drawing (`text_width`), instead of constrained layout, which measures every text by
    rendering it and costs a quarter of a chart's time: tick labels and axis label on the left
    and below, a legend outside on the right, the title above, the source line below."""
    w, h = fig.get_figwidth() * 72, fig.get_figheight() * 72
    ytick = matplotlib.rcParams["ytick.labelsize"]
    xtick = matplotlib.rcParams["xtick.labelsize"]
    label_pt = matplotlib.rcParams["axes.labelsize"] * 1.6
    left = _labels_pt(ax.get_yticklabels(), ytick) + 10 + (label_pt if ax.get_ylabel() else 0)
    bottom = source_pt + xtick * 1.5 + 8 + (label_pt if ax.get_xlabel() else 0)
    if any(t.get_rotation() == 90 for t in ax.get_xticklabels()):
        bottom += _labels_pt(ax.get_xticklabels(), xtick) - xtick
    top = title_lines * title_pt * 1.3 + 10 + (12 if ax.get_title() else 0)
    right = 14
    legend = ax.get_legend()
    if legend is not None and legend.get_bbox_to_anchor().x0 >= ax.bbox.x1 - 1:
        right += _labels_pt(legend.get_texts(), legend.get_texts()[0].get_fontsize()) + 34
    fig.set_layout_engine("none")
    ax.set_position([left / w, bottom / h, 1 - (left + right) / w, 1 - (top + bottom) / h])


def wrap(text: str, width_pt: float, size: float) -> list[str]:
    """`text` cut into lines no wider than `width_pt`, after a ；or 。 where one is near."""
    lines, line = [], ""
    for ch in text:
        if line and text_width(line + ch, size) > width_pt:
            cut = max(line.rfind("；"), line.rfind("。"))
            keep = cut + 1 if cut > len(line) * 0.6 else len(line)
            lines.append(line[:keep])
            line = line[keep:]
        line += ch
    return [*lines, line] if line else lines


def no_data(title: str, who: str = "", size: str = "slide", why: str = "", years=()) -> Figure:
    """A figure that says 无数据 (and why) instead of raising or drawing zeros. It is marked
    (`empty`): pages and briefings print the reason as a one-line note instead of the image."""
    fig, ax = new_figure(size)
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"{NO_DATA}\n{why}" if why else NO_DATA, ha="center", va="center",
            fontsize=16, color="#777777", transform=ax.transAxes)
    setattr(fig, EMPTY, why or NO_DATA)
    return frame(fig, title, who, years=years)


def empty(fig: Figure) -> str | None:
    """Why `fig` has nothing to show (a `no_data` figure), or None for a chart with data."""
    return getattr(fig, EMPTY, None)


def title_of(fig: Figure, fallback: str = "") -> str:
    """The chart's title on one line (as the alt text and the notes quote it)."""
    sup = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    return sup.replace("\n", "").strip() or fallback


def what_of(fig: Figure, fallback: str = "") -> str:
    """The chart's title without the agency's name in front (for notes that name it once)."""
    title, who = title_of(fig, fallback), getattr(fig, WHO, "")
    return title[len(who):] if who and title.startswith(who) and len(title) > len(who) else title


def years_of(fig: Figure) -> list[int]:
    """The report years the chart draws (empty when it does not say)."""
    return list(getattr(fig, YEARS, []))


def source_of(fig: Figure) -> str:
    """The chart's source line without its note: every report year it draws
    ("数据来源：某市2017—2022年政府信息公开工作年度报告"); '' when the chart does not say."""
    years = years_of(fig)
    return SOURCE.format(who=getattr(fig, WHO, ""), years=years_text(years)) if years else ""


def why_empty(values, statuses) -> str | None:
    """Why figures with these values and statuses give nothing to draw (no positive number), in
    the status words: zeros and blanks are said apart, never as "0或空白"; None when there is
    something to draw."""
    from analysis.figures import NUMBER, word

    pairs = [(v, str(s)) for v, s in zip(values, statuses, strict=True)]
    printed = [(v, s) for v, s in pairs if s not in ("absent", "no_report")]
    pairs = printed or pairs  # rows a report does not have, years without one: not the reason
    numbers = [v for v, s in pairs if s in NUMBER and v == v]
    if any(v > 0 for v in numbers):
        return None
    if not pairs:
        return "年报中没有这一项"
    others = sorted({word(s) for v, s in pairs if not (s in NUMBER and v == v)})
    if not numbers:
        return f"均{others[0]}" if len(others) == 1 else f"均无数字（{'、'.join(others)}）"
    if not others:
        return "均为0"
    return f"有数字的均为0，其余{'、'.join(others)}"
