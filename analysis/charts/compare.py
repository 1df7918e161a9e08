"""Charts across agencies for one year: rankings with the peers' median, mixes side by side,
small multiples. Values that differ 100-fold switch the ranking to a log scale and say so."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis import metrics, peers
from analysis.charts import draw
from analysis.charts.base import frame, new_figure, no_data

MAX_BARS = 40  # more agencies than this: the largest are drawn, the table beside lists them all
MIX_TITLES = {"outcomes": "申请办理结果构成", "channels": "主动公开渠道构成",
              "request_channels": "申请渠道构成", "categories": "主动公开内容类别构成",
              "applicants": "申请人类型构成"}


def _names(ds, ids) -> list[str]:
    return metrics.agency_names(ds, ids)


def _cap(n: int) -> str:
    return f"仅画出最大的{MAX_BARS}个机关（共{n}个，见表）" if n > MAX_BARS else ""


def ranking(ds, concept: str, year: int, agency_ids=None, *, size: str = "slide",
            who: str = "各机关") -> Figure:
    """Agencies ranked by `concept` in `year`, with the median of all of them as a line."""
    what = draw.label(concept)
    title = f"{year}年{what}排名"
    table = peers.compare(ds, concept, year, agency_ids)
    if table.empty or not (table["status"] == "reported").any():
        return no_data(title, who, size, f"{year}年没有机关报告这一项", [year])
    fig, ax = new_figure(size)
    note = _cap(len(table))
    table = table.head(MAX_BARS)
    draw.hbars(ax, _names(ds, table["agency_id"]), table["value"].tolist(),
               table["status"].tolist())
    median = peers.peer_median(ds, concept, year, agency_ids)
    log = draw.log_if_wide(ax, table["value"].tolist())
    note = "；".join(x for x in (log, note) if x)
    if not math.isnan(median) and median > 0:
        ax.axvline(median, color="#D55E00", linestyle="--", linewidth=1.2)
        ax.text(median, 1.0, f" 中位数 {draw.fmt_count(median)}", color="#D55E00",
                fontsize=8.5, transform=ax.get_xaxis_transform(), va="bottom")
    return frame(fig, title, who, note, years=[year])


def mix(ds, kind: str, year: int, agency_ids=None, *, size: str = "slide",
        who: str = "各机关") -> Figure:
    """Each agency's mix (kind: outcomes, channels, request_channels, categories, applicants)
    as 100 % bars side by side, so an agency 100x the others is comparable."""
    title = f"{year}年{MIX_TITLES[kind]}"
    table = peers.mix(ds, kind, year=year, agency_ids=agency_ids)
    zero = _names(ds, table.index[table.sum(axis=1) == 0])
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        return no_data(title, who, size, f"{year}年没有可比的数据", [year])
    note = "各机关按自身总数折算为百分比"
    if zero:
        note += f"；合计为0未画出：{'、'.join(zero[:5])}{'等' if len(zero) > 5 else ''}"
    if len(table) > MAX_BARS:
        note += "；" + _cap(len(table))
        table = table.loc[table.sum(axis=1).nlargest(MAX_BARS).index]
    table.index = _names(ds, table.index)
    fig, ax = new_figure(size)
    draw.stacked(ax, table, shares=True, horizontal=True)
    return frame(fig, title, who, note, years=[year])


def small_multiples(ds, concept: str, agency_ids=None, *, size: str = "slide",
                    who: str = "各机关", max_panels: int = 12) -> Figure:
    """One small bar chart per agency with its own scale; orange marks: the median of all."""
    what = draw.label(concept)
    series = ds.series(concept, agency_ids)
    ids = sorted(series["agency_id"].dropna().astype(str).unique())[:max_panels]
    if not ids:
        return no_data(f"各机关{what}", who, size)
    ncols = min(4, len(ids))
    nrows = math.ceil(len(ids) / ncols)
    fig, axes = new_figure(size, nrows, ncols)
    median = peers.spread(ds, concept, agency_ids)["median"]
    span = list(range(int(series["year"].min()), int(series["year"].max()) + 1))
    shown: set[str] = set()
    for ax, agency in zip(np.ravel(axes), ids, strict=False):
        years, gaps = draw.year_bars(ax, series[series["agency_id"] == agency], max_labels=6,
                                     span=span, compact=True)  # one x range for every panel
        shown |= gaps
        ref = [median.get(y, np.nan) for y in years]
        ylim = ax.get_ylim()
        ax.plot(range(len(years)), ref, color="#D55E00", linestyle="none", marker="_",
                markersize=16, markeredgewidth=1.5)
        ax.set_ylim(ylim)  # the agency's own scale; a median far outside it is not shown
        ax.set_title(_names(ds, [agency])[0], fontsize=10)
        ax.tick_params(labelsize=7.5)
    for ax in np.ravel(axes)[len(ids):]:
        ax.set_axis_off()
    notes = ["橙色短线为当年各机关中位数（超出该图刻度时不显示）", "各图纵轴刻度不同",
             draw.gap_note(shown)]
    if series["agency_id"].nunique() > max_panels:
        notes.append(f"仅显示前{max_panels}个机关")
    note = "；".join(n for n in notes if n)
    return frame(fig, f"各机关{what}（逐年）", who, note, years=series["year"])


def table_of(ds, concept: str, year: int, agency_ids=None) -> pd.DataFrame:
    """The ranking's numbers, for a table beside the chart."""
    return peers.compare(ds, concept, year, agency_ids)
