"""Drawing primitives shared by the chart modules: bars by year, rows of bars by year (each row
its own scale), labelled horizontal bars, stacked shares. Each takes an Axes and tidy data; none
reads the dataset. Zero and blank never look alike: a reported 0 is written 0, a figure without a
number gets its word (analysis.figures.word) or a mark a note explains."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

from analysis import vocab
from analysis.figures import NUMBER, word, written
from analysis.figures.status import ABSENT, NO_REPORT, UNRESOLVED

HIGHLIGHT, BASE, MUTED = "#0072B2", "#9DBAD5", "#BBBBBB"


label = vocab.short_label  # short Chinese label of an indicator, breakdown or concept id


fmt_count = written.number  # the house number format (447,228), as everywhere else
GREY = "#999999"
UNRESOLVED_COLOUR = "#D55E00"  # 待核: printed but not read for certain, never drawn like a blank
UNRESOLVED_NOTE = f"橙色“{word(UNRESOLVED)}”为报告印有数字、但无法确定拆分（见核对清单）"
GAP = "gap"  # status of the empty row hbars leaves between two parts of a list
NO_REPORT_SHADE = "#EEEEEE"


def count_axis(axis) -> None:
    """Plain counts with thousands separators; no offset or scientific notation."""
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_count(v)))
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))


def year_ticks(ax, years: list[int], max_labels: int = 14) -> None:
    """Year labels (2009, never 2,009) on the x axis; crowded axes label every step-th year."""
    step = math.ceil(len(years) / max_labels)
    ax.set_xticks(range(len(years)), [str(y) if (y - years[0]) % step == 0 or y == years[-1]
                                      else "" for y in years])
    ax.set_xlim(-0.6, len(years) - 0.4)


def year_bars(ax, series: pd.DataFrame, highlight: int | None = None,
              max_labels: int = 14, span: list[int] | None = None,
              compact: bool = False) -> tuple[list[int], set[str]]:
    """Bars of `value` by `year` over `span` (default: the series' own years, gaps included).

    A reported zero is always labelled 0; a year without a report and a figure without a number
    never look like a zero: their word (analysis.figures.word) is written at the foot of the
    column, or, `compact` (small panels, where words would collide with other marks), the column
    is shaded (no report) or hatched (no number) and the caller says so in its note. Values are
    written on every bar up to `max_labels` years, else on the first, last and highlighted.
    Returns the years drawn and the statuses shown without a number."""
    years = span or list(range(int(series["year"].min()), int(series["year"].max()) + 1))
    labelled = set(years) if len(years) <= max_labels else {years[0], years[-1], highlight}
    by_year = series.drop_duplicates("year").set_index("year")
    shown = set()
    top = np.nanmax(series["value"].to_numpy(dtype=float)) if series["value"].notna().any() else 0
    for i, y in enumerate(years):
        status = str(by_year.at[y, "status"]) if y in by_year.index else NO_REPORT
        value = by_year.at[y, "value"] if y in by_year.index else np.nan
        if status not in NUMBER or pd.isna(value):
            shown.add(status)
            _gap(ax, i, status, compact)
            continue
        colour = HIGHLIGHT if highlight in (None, y) else BASE
        ax.bar(i, value, color=colour, width=0.7)
        if y in labelled or value == 0:
            ax.annotate(fmt_count(value), (i, value), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=6.5 if compact else 8.5)
    year_ticks(ax, years, max_labels)
    ax.set_ylim(0, (top or 1) * 1.12)
    count_axis(ax.yaxis)
    return years, shown


def word_colour(status: str) -> str:
    """The colour a status's word is written in: 待核 stands out, the other words are grey."""
    return UNRESOLVED_COLOUR if status == UNRESOLVED else GREY


def _gap(ax, i: int, status: str, compact: bool) -> None:
    """Mark column `i` as having no number: its word, or (compact) a shade, a cross-hatch (待核)
    or a hatch."""
    if not compact:
        ax.text(i, 0, word(status), ha="center", va="bottom", fontsize=8,
                color=word_colour(status))
    elif status == NO_REPORT:
        ax.axvspan(i - 0.5, i + 0.5, color=NO_REPORT_SHADE, linewidth=0, zorder=0)
    elif status == UNRESOLVED:
        ax.axvspan(i - 0.35, i + 0.35, facecolor="none", edgecolor=UNRESOLVED_COLOUR,
                   hatch="xxx", linewidth=0, zorder=0)
    else:
        ax.axvspan(i - 0.35, i + 0.35, facecolor="none", edgecolor="#BBBBBB", hatch="///",
                   linewidth=0, zorder=0)


def gap_note(shown: set[str]) -> str:
    """The note that explains the marks of `year_bars(compact=True)`, in the status words."""
    parts = []
    if NO_REPORT in shown:
        parts.append(f"灰色底纹为{word(NO_REPORT)}")
    words = sorted({word(s) for s in shown - {NO_REPORT, UNRESOLVED}})
    if words:
        parts.append(f"斜线为{'或'.join(words)}")
    if UNRESOLVED in shown:
        parts.append(f"橙色交叉线为{word(UNRESOLVED)}（报告印有数字、但无法确定拆分，见核对清单）")
    return "；".join(parts)


def row_bars(ax, cells: pd.DataFrame, rows: list[str], years: list[int],
             highlight: int | None = None) -> None:
    """One row per item, one column per year, each row on its own scale (items that differ a
    thousandfold share one chart): a bar and its value in every cell; a reported 0 is written
    0, a figure without a number its word, a year without a report is shaded and said once on
    top. `cells` has columns row, year, value, status (absent and no_report included)."""
    n = len(rows)
    col = {y: i for i, y in enumerate(years)}
    cells = cells.assign(value=cells["value"].where(cells["status"].isin(NUMBER)))
    top = cells.groupby("row")["value"].max()
    drawn = cells[cells["year"].isin(col)]
    by_row = {r: zip(g["year"], g["value"], g["status"], strict=True)
              for r, g in drawn.groupby("row", sort=False, observed=True)}
    size = 7 if len(years) > 12 or n > 9 else 8
    tallest = 0.62 if n <= 6 else 0.5 if n <= 10 else 0.42  # room for the value above the bar
    width = 0.6 if len(years) > 8 else 0.45
    boxes, colours = [], []
    for k, row in enumerate(rows):
        base = n - 1 - k
        scale = top.get(row, np.nan)
        for y, v, st in by_row.get(row, ()):
            i = col[int(y)]
            if pd.isna(v):
                if st not in (NO_REPORT, ABSENT):  # absent: left empty, the note says so
                    ax.text(i, base, word(st), ha="center", va="bottom", fontsize=size - 0.5,
                            color=word_colour(st))
                continue
            h = tallest * v / scale if scale and scale > 0 else 0
            boxes.append((i - width / 2, base, width, h))
            colours.append(HIGHLIGHT if highlight in (None, y) else BASE)
            ax.text(i, base + h + 0.02, fmt_count(v), ha="center", va="bottom", fontsize=size)
    boxes_at(ax, boxes, colours)
    reported = set(cells.loc[cells["status"] != NO_REPORT, "year"].astype(int))
    for y in years:
        if y not in reported:
            ax.axvspan(col[y] - 0.5, col[y] + 0.5, color=NO_REPORT_SHADE, linewidth=0, zorder=0)
            ax.text(col[y], n - 0.05, word(NO_REPORT), ha="center", va="top", fontsize=size,
                    color=GREY)
    ax.set_yticks([n - 1 - k + 0.3 for k in range(n)], rows)
    ax.set_ylim(-0.15, n)
    ax.grid(False)
    for k in range(1, n):
        ax.axhline(k - 0.12, color="#DDDDDD", linewidth=0.7)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    year_ticks(ax, years, max_labels=len(years))


def hbars(ax, labels: list[str], values: list[float], statuses: list[str],
          texts: list[str] | None = None, colour: str = HIGHLIGHT) -> None:
    """Horizontal bars, first label on top, each with its value (or the word for a figure without
    a number) written at its end."""
    n = len(labels)
    vals = [v if s in NUMBER and not pd.isna(v) else np.nan
            for v, s in zip(values, statuses, strict=True)]
    top = np.nanmax(vals) if not all(np.isnan(vals)) else 0
    for i, (v, s) in enumerate(zip(vals, statuses, strict=True)):
        pos = n - 1 - i
        if np.isnan(v):
            if s != GAP:  # GAP: the row between the top and the bottom of a long ranking
                ax.text(0, pos, " " + word(s), va="center", fontsize=8.5, color=word_colour(s))
            continue
        ax.barh(pos, v, color=colour, height=0.65)
        text = texts[i] if texts else fmt_count(v)
        ax.annotate(text, (v, pos), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=8.5)
    ax.set_yticks(range(n), list(reversed(labels)))
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, (top or 1) * 1.2)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    count_axis(ax.xaxis)


LOG_RATIO = 100  # largest / smallest positive value from which horizontal bars use a log scale


def boxes_at(ax, boxes: list[tuple[float, float, float, float]], colours: list[str]) -> None:
    """Rectangles (x, y, width, height) as one collection: one artist to add and draw instead
    of a patch per bar (a row chart has a hundred); the caller sets the limits."""
    verts = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)] for x, y, w, h in boxes if h > 0]
    cols = [c for (_, _, _, h), c in zip(boxes, colours, strict=True) if h > 0]
    if verts:
        ax.add_collection(PolyCollection(verts, facecolors=cols, edgecolors="none"),
                          autolim=False)


def log_if_wide(ax, values: list[float]) -> str:
    """Horizontal bars whose positive values differ `LOG_RATIO`-fold or more get a log scale
    (a 0 is written at the left edge: no bar starts at 0 on a log scale); returns the note that
    says so, '' when the scale stays linear."""
    vals = np.asarray([v for v in values if v == v], dtype=float)
    positive = vals[vals > 0]
    if not len(positive) or positive.max() / positive.min() < LOG_RATIO:
        return ""
    ax.set_xscale("log")
    ax.set_xlim(positive.min() / 2, positive.max() * 4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_count(v)))
    at_left = blended_transform_factory(ax.transAxes, ax.transData)
    n = len(values)
    for i, v in enumerate(values):
        if v == 0:
            ax.text(0.005, n - 1 - i, "0", transform=at_left, va="center", fontsize=8.5)
    return "横轴为对数刻度（数值相差百倍以上），0 不画条形"


def distribution(ax, values: list[float], what: str) -> None:
    """Every agency's value as a point over a box (quartiles and median), on a log scale when
    the positive values differ `LOG_RATIO`-fold; zeros are counted in the axis label (no point
    on a log scale). Deterministic jitter: the same data draw the same chart."""
    vals = np.asarray([v for v in values if v == v], dtype=float)
    positive = vals[vals > 0]
    log = len(positive) > 1 and positive.max() / positive.min() >= LOG_RATIO
    shown = positive if log else vals
    ax.boxplot(shown, widths=0.5, showfliers=False, medianprops={"color": "#D55E00"})
    jitter = 1 + (np.arange(len(shown)) % 7 - 3) * 0.05
    ax.scatter(jitter, shown, s=6, color=HIGHLIGHT, alpha=0.5, linewidths=0)
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_count(v)))
    else:
        count_axis(ax.yaxis)
    zeros = int((vals == 0).sum())
    ax.set_xticks([1], [f"全部{len(vals)}个机关" + (f"\n（{zeros}个为0）" if log and zeros else "")])
    ax.set_title(f"{what}的分布", fontsize=9)
    ax.grid(axis="x", visible=False)


def stacked(ax, table: pd.DataFrame, shares: bool = False, horizontal: bool = False) -> None:
    """Stacked bars: rows of `table` are bars, columns the stacked parts (NaN left out).

    With shares=True each bar is scaled to 100 %; a row summing to 0 is drawn empty."""
    data = table.astype(float)
    if shares:
        sums = data.sum(axis=1, min_count=1)
        data = data.div(sums.where(sums > 0), axis=0) * 100
    bottom = np.zeros(len(data))
    pos = np.arange(len(data))
    for j, col in enumerate(data.columns):
        vals = data[col].fillna(0).to_numpy()
        colour = f"C{j % 9}"
        if horizontal:
            ax.barh(pos, vals, left=bottom, color=colour, label=label(col), height=0.65)
        else:
            ax.bar(pos, vals, bottom=bottom, color=colour, label=label(col), width=0.7)
        bottom += vals
    ticks = [str(i) for i in data.index]
    if horizontal:
        ax.set_yticks(pos, ticks)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
    else:
        ax.set_xticks(pos, ticks)
    axis = ax.xaxis if horizontal else ax.yaxis
    if shares:
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
        (ax.set_xlim if horizontal else ax.set_ylim)(0, 100)
    else:
        count_axis(axis)
        (ax.set_xlim if horizontal else ax.set_ylim)(0, max(float(bottom.max()), 1) * 1.06)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
