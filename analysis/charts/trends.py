"""Charts over the years across the whole dataset: a concept's median and spread, and mixes."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from analysis import peers
from analysis.charts import draw
from analysis.charts.base import frame, new_figure, no_data
from analysis.charts.compare import MIX_TITLES
from analysis.figures import word


def over_years(ds, concept: str, *, size: str = "slide", who: str = "各机关") -> Figure:
    """Median across reporting agencies per year, the middle half shaded, n written per year
    (a median, not a sum: the set of agencies differs from year to year)."""
    what = draw.label(concept)
    stats = peers.spread(ds, concept)
    title = f"{what}的年度变化（各机关中位数）"
    if stats.empty:
        return no_data(title, who, size)
    span = range(int(stats.index.min()), int(stats.index.max()) + 1)
    stats = stats.reindex(list(span))  # a year without reports breaks the line
    fig, ax = new_figure(size)
    x = stats.index.to_numpy(dtype=int)
    ax.fill_between(x, stats["q25"], stats["q75"], color="#9DBAD5", alpha=0.5, linewidth=0,
                    label="中间50%的机关")
    ax.plot(x, stats["median"], marker="o", color=draw.HIGHLIGHT, label="中位数")
    for xi, (m, n) in zip(x, zip(stats["median"], stats["n"], strict=True), strict=True):
        if np.isnan(n):
            ax.text(xi, 0, word("no_report"), ha="center", va="bottom", fontsize=8, color="#999999")
            continue
        ax.annotate(f"{draw.fmt_count(m)}\n(n={int(n)})", (xi, m), xytext=(0, 6),
                    textcoords="offset points", ha="center", fontsize=8)
    ax.set_xticks(x, [str(v) for v in x])
    ax.set_ylim(bottom=0)
    draw.count_axis(ax.yaxis)
    ax.legend(loc="upper left")
    return frame(fig, title, who, "n为当年报告此项的机关数", years=x)


def mix_over_years(ds, kind: str, *, size: str = "slide", who: str = "各机关") -> Figure:
    """The dataset's mix per year (summed over agencies) as 100 % bars; legacy replies are
    folded into the template's outcome groups."""
    title = f"{MIX_TITLES[kind]}的年度变化"
    table = peers.mix(ds, kind, by="year")
    table = table[table.sum(axis=1) > 0]
    if table.empty:
        return no_data(title, who, size)
    fig, ax = new_figure(size)
    draw.stacked(ax, table, shares=True)
    note = "各年所有机关合计后折算为百分比"
    if kind == "outcomes" and (np.asarray(table.index) < 2019).any():
        note += "；2019年前的答复类别已归并到新模板的办理结果"
    if kind == "categories":
        note += incomplete_note(ds, table.index)
    return frame(fig, title, who, note, years=table.index)


INCOMPLETE = "categories_incomplete"  # the flag of a narrative category list short of its total


def incomplete_note(ds, years) -> str:
    """The caveat of a content-category mix: how many reports of those years list categories
    the tool flags as incomplete (their shares are of the categories listed, not of the total)."""
    f = ds.flags[(ds.flags["rule"] == INCOMPLETE) & ds.flags["year"].isin(list(years))]
    n = f["report_id"].nunique()
    if not n:
        return ""
    by_year = f.groupby(f["year"].astype(int))["report_id"].nunique()
    said = "、".join(f"{y}年{k}份" for y, k in by_year.items())
    return (f"；注意：{n}份年报列出的内容类别不完整（{said}，各类之和小于主动公开总数），"
            "占比只按列出的类别计算，不代表全部主动公开信息")
