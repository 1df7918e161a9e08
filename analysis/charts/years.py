"""Charts of one agency across its years: one row per item (a concept, a line of table 二, a
channel), one column per year, each row on its own scale and every cell labelled (draw.row_bars),
so that 行政处罚 3,985,758 and 规章 1 share a chart and a 0 never looks like a blank. Same
signature as analysis.charts.agency: `fn(ds, agency_id, *, year=None, size="slide")`.

- `long_series`: the crosswalked concepts from the first report to the last;
- `template_items`: table 二 of the 2019 and 2021 templates (规章, 规范性文件 制发·废止·现行有效,
  许可/处罚/强制 decisions, 收费), the rows listed in items.csv beside this module;
- `proactive_channels`, `proactive_categories`, `requests_by_channel`: the pre-2019 tables'
  breakdowns (one year: labelled bars).
"""

from __future__ import annotations

import functools
from importlib import resources

import pandas as pd
from matplotlib.figure import Figure

from analysis.charts import data, draw
from analysis.charts.agency import title
from analysis.charts.base import frame, new_figure, no_data, why_empty
from analysis.figures import NUMBER, concepts, word
from analysis.figures.status import ABSENT, NO_REPORT, UNRESOLVED

LONG_SERIES = ("proactive_total", "requests_received", "reviews_total", "suits_total")
OWN_SCALE = "每行按自身最大值缩放"


@functools.cache
def items() -> pd.DataFrame:
    """The rows of table 二 a chart shows (items.csv): indicator, measure, label_zh."""
    with resources.files(__package__).joinpath("items.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str)


def _cells(a: data.Agency, rows: pd.DataFrame, span: list[int]) -> pd.DataFrame:
    """Every (row, year) of `span` for the rows present in `rows` (row, year, value, status):
    a year without a report is `no_report`, a report without the row `absent`."""
    labels = list(dict.fromkeys(rows["row"]))
    grid = pd.MultiIndex.from_product([labels, span], names=["row", "year"]).to_frame(index=False)
    out = grid.merge(rows[["row", "year", "value", "status"]], on=["row", "year"], how="left")
    reported = out["year"].isin(a.years)
    out["status"] = out["status"].where(out["status"].notna(),
                                        reported.map({True: ABSENT, False: NO_REPORT}))
    return out


def _draw(a: data.Agency, cells: pd.DataFrame, head: str, note: str, size: str,
          highlight: int | None) -> Figure:
    """The row chart of `cells`, or a note-figure when no cell has a positive number."""
    why = why_empty(cells["value"], cells["status"])
    span = sorted(set(cells["year"]))
    if why:
        return no_data(head, a.name, size, why, span)
    rows = list(dict.fromkeys(cells["row"]))
    fig, ax = new_figure(size)
    draw.row_bars(ax, cells, rows, span, highlight)
    notes = [OWN_SCALE, note]
    if (cells["status"] == ABSENT).any():
        notes.append(f"空白处为年报{word(ABSENT)}")
    if (cells["status"] == UNRESOLVED).any():
        notes.append(draw.UNRESOLVED_NOTE)
    return frame(fig, head, a.name, "；".join(n for n in notes if n),
                 years=[y for y in span if y in a.years])


def long_series(ds, agency_id: str, *, year: int | None = None, size: str = "slide",
                concepts: tuple[str, ...] = LONG_SERIES) -> Figure:
    """The crosswalked concepts from the first report to the last (or `year`), one row each."""
    a = data.of(ds, agency_id)
    head, name = title(a, "主要指标的长期变化")
    years = [y for y in a.years if year is None or y <= year]
    if len(years) < 2:
        return no_data(head, name, size, "只有一份年报，见主要数据" if years else "没有年报",
                       years)
    parts = [a.concept(c, year).assign(row=draw.label(c)) for c in concepts]
    rows = pd.concat(parts, ignore_index=True)
    return _draw(a, _cells(a, rows, a.span(year)), head,
                 "2019年前后的统计口径已按指标对应表连接", size, year)


def template_items(ds, agency_id: str, *, year: int | None = None,
                   size: str = "slide") -> Figure:
    """Table 二 of the 2019 and 2021 templates over the agency's template years (one year: one
    column): documents made, repealed and in force, decisions, fees."""
    a = data.of(ds, agency_id)
    head, name = title(a, "主动公开：规章、规范性文件和行政执法决定（表二）")
    years = [y for y in a.era_years("template") if year is None or y <= year]
    if not years:
        return no_data(head, name, size, "没有2019年起模板的年报（表二）", a.years)
    f = a.figures
    f = f[f["year"].isin(years) & f["breakdown"].eq("all")]
    rows = f.merge(items(), on=["indicator", "measure"]).rename(columns={"label_zh": "row"})
    order = {label: i for i, label in enumerate(items()["label_zh"])}
    rows = rows.sort_values("row", key=lambda r: r.map(order), kind="stable")
    trial = any(a.templates[y] == "t2019" for y in years)
    note = "2019、2020年试行模板的制发即本年新制作，对外公开总数与现行有效口径不同" if trial else ""
    if len(years) == 1:
        head, _ = title(a, "主动公开：规章、规范性文件和行政执法决定（表二）", years[0])
        return _one_year(a, rows, years[0], head, note, size)
    span = list(range(min(years), max(years) + 1))
    return _draw(a, _cells(a, rows, span), head, note, size, year)


def _one_year(a: data.Agency, rows: pd.DataFrame, year: int, head: str, note: str,
              size: str) -> Figure:
    """One year's rows (row, value, status) as labelled horizontal bars, on a log scale when
    they differ a hundredfold (行政处罚 3,985,758 beside 规章 1)."""
    rows = rows[rows["year"] == year]
    why = why_empty(rows["value"], rows["status"])
    if why:
        return no_data(head, a.name, size, f"{year}年的年报{why if len(rows) else '中没有这一项'}",
                       [year])
    fig, ax = new_figure(size)
    values = rows["value"].where(rows["status"].isin(NUMBER)).tolist()
    draw.hbars(ax, rows["row"].tolist(), values, rows["status"].tolist())
    log = draw.log_if_wide(ax, values)
    said = draw.UNRESOLVED_NOTE if (rows["status"] == UNRESOLVED).any() else ""
    return frame(fig, head, a.name, "；".join(n for n in (log, note, said) if n), years=[year])


def _mix(ds, agency_id: str, kind: str, what: str, year: int | None, size: str) -> Figure:
    """A breakdown over the years (rows = its parts), or for one year labelled bars."""
    a = data.of(ds, agency_id)
    parts = concepts.mix_parts(kind)
    rows = a.headline(parts)
    rows = rows.sort_values("indicator", key=lambda i: i.map(parts.index), kind="stable")
    if year is None and rows["year"].nunique() == 1:
        year = int(rows["year"].iloc[0])  # one year: labelled bars read better than one column
    head, name = title(a, what, year)
    if year is not None:
        return _one_year(a, rows.assign(row=rows["indicator"].map(draw.label)), year, head, "",
                         size)
    if rows.empty:
        why = "该机关的年报中没有这一项" if a.era_years("legacy") else "该机关没有2019年前的年报"
        return no_data(head, name, size, why, a.years)
    rows = rows.assign(row=rows["indicator"].map(draw.label))
    span = list(range(int(rows["year"].min()), int(rows["year"].max()) + 1))
    return _draw(a, _cells(a, rows, span), head, "", size, None)


def proactive_channels(ds, agency_id: str, *, year: int | None = None,
                       size: str = "slide") -> Figure:
    """主动公开 by channel (政府网站, 公报, 微博…), as the pre-2019 tables report it."""
    return _mix(ds, agency_id, "channels", "主动公开渠道（条）", year, size)


def proactive_categories(ds, agency_id: str, *, year: int | None = None,
                         size: str = "slide") -> Figure:
    """主动公开 by content category (概况类, 工作动态类…), mostly from the narrative."""
    return _mix(ds, agency_id, "categories", "主动公开内容类别（条）", year, size)


def requests_by_channel(ds, agency_id: str, *, year: int | None = None,
                        size: str = "slide") -> Figure:
    """依申请公开 requests by channel (当面, 网上, 信函…), pre-2019 tables."""
    return _mix(ds, agency_id, "request_channels", "政府信息公开申请渠道（件）", year, size)
