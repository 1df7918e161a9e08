"""Data-quality charts: which agency-years the dataset holds, and the flags raised by rule."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis import vocab
from analysis.charts import draw
from analysis.charts.base import frame, new_figure, no_data
from analysis.figures import concepts, word

COVERAGE = {word("no_report"): "#EEEEEE", "legacy": "#9DBAD5", "t2019": "#E69F00", "t2021": "#0072B2",
            "unknown": "#CC79A7"}
COVERAGE_ZH = concepts.TEMPLATE_ZH
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
LABELLED = 40  # agencies named one per row on the coverage chart


def coverage(ds, *, size: str = "slide", who: str = "各机关") -> Figure:
    """Agency x year: which template each report used, grey where no report was read. Up to
    LABELLED agencies each row is named; past that (a province) the rows are drawn unnamed,
    sorted by parent region and id, and the chart says where the named table is."""
    r = ds.reports.dropna(subset=["agency_id", "year"])
    if r.empty:
        return no_data("年报覆盖情况", who, size)
    r = r.astype({"agency_id": str, "agency": str, "template": str, "year": int})
    order = ["parent", "agency_id"] if "parent" in r else ["agency_id"]
    r = r.assign(parent=r["parent"].astype(str)) if "parent" in r else r
    grid = r.pivot_table(index=order, columns="year", values="template", aggfunc="first")
    names = r.drop_duplicates("agency_id").set_index("agency_id")["agency"]
    years = list(range(int(r["year"].min()), int(r["year"].max()) + 1))
    grid = grid.reindex(columns=years).astype(object).fillna(word("no_report"))
    codes = {k: i for i, k in enumerate(COVERAGE)}
    fig, ax = new_figure(size)
    ax.imshow(grid.apply(lambda col: col.map(codes)).to_numpy(dtype=float), aspect="auto", vmin=0,
              vmax=len(COVERAGE) - 1, cmap=ListedColormap(list(COVERAGE.values())),
              interpolation="nearest")
    ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=90 if len(years) > 12 else 0)
    note = ""
    if len(grid) <= LABELLED:
        ids = grid.index.get_level_values("agency_id")
        ax.set_yticks(range(len(grid)), [names[a] for a in ids],
                      fontsize=8.5 if len(grid) <= 25 else 6)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{len(grid)}个机关（按上级地区排列）")
        note = f"机关超过{LABELLED}个，图中不逐一标出名称；逐格的表格见 coverage.csv"
    ax.grid(False)
    used = [k for k in COVERAGE if (grid == k).any().any()]
    ax.legend(handles=[Patch(color=COVERAGE[k], label=COVERAGE_ZH.get(k, k)) for k in used],
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return frame(fig, "年报覆盖情况（机关×年度）", who, note, years=years)


def flags_by_rule(ds, *, size: str = "slide", who: str = "各机关") -> Figure:
    """Number of data-quality flags per rule, split by severity."""
    f = ds.flags
    if f.empty:
        return no_data("数据质量提示（按规则）", who, size, "没有数据质量提示")
    table = pd.crosstab(f["rule"], f["severity"]).reindex(columns=list(SEVERITY_ZH)).dropna(
        axis=1, how="all")
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    table.columns = [SEVERITY_ZH[c] for c in table.columns]
    table.index = [vocab.rule_label(r) for r in table.index]
    fig, ax = new_figure(size)
    draw.stacked(ax, table, horizontal=True)
    for i, total in enumerate(np.asarray(table.sum(axis=1))):
        ax.text(total, i, f" {int(total)}", va="center", fontsize=8.5)
    return frame(fig, "数据质量提示（按规则）", who, years=ds.reports["year"].dropna())
