"""Drawing primitives shared by the chart modules: bars by year, labelled horizontal bars,
stacked shares. Each takes an Axes and tidy data; none reads the dataset."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis import vocab
from analysis.figures import NUMBER, word

HIGHLIGHT, BASE, MUTED = "#0072B2", "#9DBAD5", "#BBBBBB"


label = vocab.short_label  # short Chinese label of an indicator, breakdown or concept id


def fmt_count(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def count_axis(axis) -> None:
    """Plain counts with thousands separators; no offset or scientific notation."""
    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_count(v)))
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True, min_n_ticks=2))


def year_bars(ax, series: pd.DataFrame, highlight: int | None = None,
              max_labels: int = 14) -> list[int]:
    """Bars of `value` by `year` over the full span; years without a report and figures without
    a number are labelled in words (analysis.figures.word), so neither reads as zero. Values are written on the bars when there
    are at most `max_labels` years, else on the first, last and highlighted ones only.
    Returns the years drawn."""
    years = list(range(int(series["year"].min()), int(series["year"].max()) + 1))
    labelled = set(years) if len(years) <= max_labels else {years[0], years[-1], highlight}
    by_year = series.set_index("year")
    top = np.nanmax(series["value"].to_numpy(dtype=float)) if series["value"].notna().any() else 0
    for i, y in enumerate(years):
        if y not in by_year.index:
            ax.text(i, 0, word("no_report"), ha="center", va="bottom", fontsize=8,
                    color="#999999")
            continue
        row = by_year.loc[y]
        if row["status"] not in NUMBER or pd.isna(row["value"]):
            ax.text(i, 0, word(row["status"]), ha="center", va="bottom", fontsize=8,
                    color="#999999")
            continue
        colour = HIGHLIGHT if highlight in (None, y) else BASE
        ax.bar(i, row["value"], color=colour, width=0.7)
        if y not in labelled:
            continue
        ax.annotate(fmt_count(row["value"]), (i, row["value"]), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5)
    step = math.ceil(len(years) / max_labels)  # crowded axes: label every step-th year
    ax.set_xticks(range(len(years)), [str(y) if (y - years[0]) % step == 0 or y == years[-1]
                                      else "" for y in years])
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, (top or 1) * 1.12)
    count_axis(ax.yaxis)
    return years


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
            ax.text(0, pos, " " + word(s), va="center", fontsize=8.5, color="#999999")
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
