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
from analysis.figures import NUMBER, concepts

MAX_BARS = 40  # more agencies than this: the top and bottom EDGE, the distribution beside
EDGE = 12  # agencies drawn at each end of a long ranking (and largest ones of a long mix)
MIX_TITLES = {"outcomes": "申请办理结果构成", "channels": "主动公开渠道构成",
              "request_channels": "申请渠道构成", "categories": "主动公开内容类别构成",
              "applicants": "申请人类型构成"}
LEGACY_ONLY = {"channels": "公开渠道", "request_channels": "申请渠道"}  # kinds 2019+ do not count


def _names(ds, ids) -> list[str]:
    return metrics.agency_names(ds, ids)


def _ends(table: pd.DataFrame) -> pd.DataFrame:
    """The first and last EDGE rows of a ranking, a blank row between them."""
    gap = pd.DataFrame({"agency_id": [""], "value": [np.nan], "status": [draw.GAP]})
    return pd.concat([table.head(EDGE), gap, table.tail(EDGE)], ignore_index=True)


def ranking(ds, concept: str, year: int, agency_ids=None, *, size: str = "slide",
            who: str = "各机关") -> Figure:
    """Agencies ranked by `concept` in `year`, with the median of all of them as a line. Past
    MAX_BARS agencies: the top and bottom EDGE, and the distribution of all in a panel beside,
    said on the chart (the full ranking is the table's)."""
    what = draw.label(concept)
    title = f"{year}年{what}排名"
    table = peers.compare(ds, concept, year, agency_ids)
    numbers = table[table["status"].isin(NUMBER) & table["value"].notna()]
    if table.empty or numbers.empty:
        return no_data(title, who, size, f"{year}年没有机关报告这一项", [year])
    wide = len(numbers) > MAX_BARS
    table = _ends(numbers) if wide else table
    fig, axes = new_figure(size, 1, 2, width_ratios=[3, 1]) if wide else new_figure(size)
    ax = axes[0] if wide else axes
    labels = ["⋯" if st == draw.GAP else n for st, n in
              zip(table["status"], _names(ds, table["agency_id"]), strict=True)]
    draw.hbars(ax, labels, table["value"].tolist(), table["status"].tolist())
    notes = [draw.log_if_wide(ax, table["value"].tolist())]
    if wide:
        draw.distribution(axes[1], numbers["value"].tolist(), what)
        notes.append(f"共{len(numbers)}个机关有数字，只画出最大和最小各{EDGE}个，"
                     "右图为全部机关的分布；完整排名见表")
    notes.append(_no_report(ds, year, agency_ids))
    median = peers.peer_median(ds, concept, year, agency_ids)
    if not math.isnan(median) and median > 0:
        ax.axvline(median, color="#D55E00", linestyle="--", linewidth=1.2)
        ax.text(median, 1.0, f" 所列{len(numbers)}个机关中位数 {draw.fmt_count(median)}",
                color="#D55E00",
                fontsize=8.5, transform=ax.get_xaxis_transform(), va="bottom")
    return frame(fig, title, who, "；".join(n for n in notes if n), years=[year])


def _no_report(ds, year: int, agency_ids) -> str:
    """'无年报：甲局、乙局' (five names at most, then 等N个) for the agencies without a report
    that year; '' when every one has one."""
    missing = _names(ds, peers.who_reported(ds, year, agency_ids)[1])
    if not missing:
        return ""
    more = f"等{len(missing)}个" if len(missing) > 5 else ""
    return f"{year}年无年报：{'、'.join(missing[:5])}{more}"


def _legacy_only(ds, kind: str, year: int, agency_ids) -> str:
    """Why a legacy-only mix has nothing in `year`: every report that year is a template one."""
    r = ds.reports[ds.reports["year"] == year]
    if agency_ids is not None:
        r = r[r["agency_id"].isin(list(agency_ids))]
    if kind in LEGACY_ONLY and len(r) and not r["template"].astype(str).map(
            lambda t: concepts.era_of(t) == "legacy").any():
        return f"{year}年的年报都是2019年起的模板，模板不按{LEGACY_ONLY[kind]}统计"
    return f"{year}年没有可比的数据"


def mix(ds, kind: str, year: int, agency_ids=None, *, size: str = "slide",
        who: str = "各机关") -> Figure:
    """Each agency's mix (kind: outcomes, channels, request_channels, categories, applicants)
    as 100 % bars side by side, so an agency 100x the others is comparable. Past MAX_BARS
    agencies: the EDGE largest, the rest summed in one bar and all of them in another."""
    title = f"{year}年{MIX_TITLES[kind]}"
    table = peers.mix(ds, kind, year=year, agency_ids=agency_ids)
    zero = _names(ds, table.index[table.sum(axis=1) == 0])
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        return no_data(title, who, size, _legacy_only(ds, kind, year, agency_ids), [year])
    note = "各机关按自身总数折算为百分比"
    if zero:
        note += f"；合计为0未画出：{'、'.join(zero[:5])}{'等' if len(zero) > 5 else ''}"
    names = dict(zip(table.index, _names(ds, table.index), strict=True))
    if len(table) > MAX_BARS:
        top = table.sum(axis=1).nlargest(EDGE).index
        rest = table.drop(index=top)
        note += (f"；共{len(table)}个机关，只画出总数最大的{EDGE}个，"
                 f"其余{len(rest)}个合为一条，另一条为全部机关合计；各机关数字见表")
        table = pd.concat([table.loc[top], rest.sum().to_frame(f"其余{len(rest)}个机关").T,
                           table.sum().to_frame("全部机关合计").T])
    table.index = [names.get(i, i) for i in table.index]
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
