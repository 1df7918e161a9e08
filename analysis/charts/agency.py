"""Charts of one agency across its years. Every function has the signature
`fn(ds, agency_id, *, year=None, size="slide") -> Figure`, draws 无数据 rather than raising,
and never draws a blank figure as 0."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis import metrics
from analysis.charts import draw
from analysis.charts.base import frame, new_figure, no_data
from analysis.figures import NUMBER, concepts, headline, word

CASE_OUTCOMES = ["upheld", "corrected", "other", "pending"]
CASE_BLOCKS = ("review", "litigation", "litigation_direct", "litigation_after_review")


def _mine(ds, agency_id: str) -> pd.DataFrame:
    """The agency's figures (the figure engine's preferred values), ids and statuses as text."""
    f = ds.figures
    f = f[f["agency_id"] == agency_id]
    return f.astype({"indicator": str, "breakdown": str, "status": str})


def _title(ds, agency_id: str, what: str, year: int | None = None) -> tuple[str, str]:
    name = metrics.agency_name(ds, agency_id)
    return (f"{name}{year}年{what}" if year else f"{name}{what}"), name


def _series_chart(ds, agency_id: str, concept: str, what: str, year: int | None,
                  size: str) -> Figure:
    title, name = _title(ds, agency_id, what)
    s = ds.series(concept, [agency_id])
    if year is not None:
        s = s[s["year"] <= year]
    if s.empty:
        return no_data(title, name, size, "该机关的年报中没有这一项")
    fig, ax = new_figure(size)
    draw.year_bars(ax, s, highlight=year)
    ax.set_ylabel(concepts.label(concept)[1])
    note = ""
    absent = sorted(set(metrics.years_of(ds, agency_id)) - set(s["year"].astype(int)))
    if absent and year is None:
        note = f"{'、'.join(map(str, absent))}年的年报{word('absent')}此项"
    return frame(fig, title, name, note, years=s["year"])


def proactive_by_year(ds, agency_id: str, *, year: int | None = None,
                      size: str = "slide") -> Figure:
    """主动公开政府信息数 by year (the pre-2019 tables; later templates do not count it)."""
    return _series_chart(ds, agency_id, "proactive_total", "主动公开政府信息数（条）", year, size)


def requests_by_year(ds, agency_id: str, *, year: int | None = None,
                     size: str = "slide") -> Figure:
    """New requests per year, legacy 受理申请数 and template 本年新收申请数 in one series."""
    return _series_chart(ds, agency_id, "requests_received", "新收政府信息公开申请数（件）", year, size)


def _wide(ds, agency_id: str, indicators: list[str], breakdown: str | None = None
          ) -> pd.DataFrame:
    """year x indicator of reported values (NaN for blank), only indicators that occur."""
    rows = headline(_mine(ds, agency_id), indicators, breakdown=breakdown)
    if rows.empty:
        return pd.DataFrame()
    rows = rows.assign(value=rows["value"].where(rows["status"].isin(NUMBER)),
                       year=rows["year"].astype(int))
    table = rows.pivot(index="year", columns="indicator", values="value")
    return table[[i for i in indicators if i in table.columns]].sort_index()


def _mix(ds, agency_id: str, indicators: list[str], what: str, year: int | None,
         size: str) -> Figure:
    """By year: stacked bars over the years; for one year: labelled horizontal bars."""
    table = _wide(ds, agency_id, indicators)
    title, name = _title(ds, agency_id, what, year)
    if year is not None:
        table = table.loc[[y for y in table.index if y == year]]
    if table.empty or table.isna().all().all():
        return no_data(title, name, size, "该机关的年报中没有这一项" if year is None
                       else f"{year}年的年报中没有这一项")
    fig, ax = new_figure(size)
    if year is None and len(table) == 1:  # one year: labelled bars read better than one stack
        year = int(table.index[0])
        title, name = _title(ds, agency_id, what, year)
    if year is None:
        printed, reported = set(table.index), set(metrics.years_of(ds, agency_id))
        span = list(range(int(table.index.min()), int(table.index.max()) + 1))
        table = table.reindex(span)  # a year with nothing stays on the axis, said in words
        draw.stacked(ax, table)
        for i, y in enumerate(span):
            if table.loc[y].isna().all():
                said = word("blank" if y in printed else "absent" if y in reported else
                            "no_report")
                ax.text(i, 0, said, ha="center", va="bottom", fontsize=8, color="#999999")
    else:
        row = table.iloc[0]
        draw.hbars(ax, [draw.label(c) for c in row.index], row.tolist(),
                   ["reported" if pd.notna(v) else "blank" for v in row])
    return frame(fig, title, name, years=table.index)


def proactive_channels(ds, agency_id: str, *, year: int | None = None,
                       size: str = "slide") -> Figure:
    """主动公开 by channel (政府网站, 公报, 微博…), as the pre-2019 tables report it."""
    return _mix(ds, agency_id, concepts.mix_parts("channels"), "主动公开渠道（条）", year, size)


def proactive_categories(ds, agency_id: str, *, year: int | None = None,
                         size: str = "slide") -> Figure:
    """主动公开 by content category (概况类, 工作动态类…), mostly from the narrative."""
    return _mix(ds, agency_id, concepts.mix_parts("categories"), "主动公开内容类别（条）", year,
                size)


def requests_by_channel(ds, agency_id: str, *, year: int | None = None,
                        size: str = "slide") -> Figure:
    """依申请公开 requests by channel (当面, 网上, 信函…), pre-2019 tables."""
    return _mix(ds, agency_id, concepts.mix_parts("request_channels"), "政府信息公开申请渠道（件）",
                year, size)


def _latest_with(ds, agency_id: str, indicators: list[str]) -> int | None:
    rows = headline(_mine(ds, agency_id), indicators)
    rows = rows[rows["status"].isin(NUMBER)]
    return int(rows["year"].max()) if len(rows) else None


def request_outcomes(ds, agency_id: str, *, year: int | None = None,
                     size: str = "slide") -> Figure:
    """Shares of 申请办理结果 in one year (default: the latest year that reports them)."""
    year = year or _latest_with(ds, agency_id, [*concepts.outcome_ids("template"),
                                                *concepts.outcome_ids("legacy")])
    title, name = _title(ds, agency_id, "政府信息公开申请办理结果", year)
    shares = metrics.outcome_shares(ds, agency_id, year) if year else pd.DataFrame()
    if shares.empty:
        return no_data(title, name, size, "年报中没有申请办理结果", [year])
    if not (shares["value"] > 0).any():
        return no_data(title, name, size, "各项办理结果均为0或空白", [year])
    fig, ax = new_figure(size)
    texts = [f"{s:.1f}%（{draw.fmt_count(v)}件）"
             for s, v in zip(shares["share"], shares["value"], strict=True)]
    draw.hbars(ax, [draw.label(i) for i in shares["indicator"]], shares["share"].tolist(),
               shares["status"].tolist(), texts)
    ax.xaxis.set_major_formatter(draw.FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.set_xlabel("占办理结果的比例")
    return frame(fig, title, name, years=[year])


def _case_table(ds, agency_id: str, year: int) -> pd.DataFrame:
    """Rows 行政复议 / 直接起诉 / 复议后起诉 (or legacy 行政诉讼), columns the outcomes."""
    mine = _mine(ds, agency_id)
    blocks = {}
    for block in CASE_BLOCKS:
        ids = [f"{block}.{o}" for o in CASE_OUTCOMES]
        rows = headline(mine[mine["year"] == year], ids)
        if len(rows):
            values = rows["value"].where(rows["status"].isin(NUMBER))
            blocks[draw.label(block)] = {i.split(".")[1]: v for i, v in
                                         zip(rows["indicator"], values, strict=True)}
    return pd.DataFrame.from_dict(blocks, orient="index", columns=CASE_OUTCOMES)


def reviews_and_suits(ds, agency_id: str, *, year: int | None = None,
                      size: str = "slide") -> Figure:
    """行政复议 and 行政诉讼 by outcome (维持, 纠正, 其他, 尚未审结) in one year."""
    outcome_ids = [f"{b}.{o}" for b in CASE_BLOCKS for o in CASE_OUTCOMES]
    year = year or _latest_with(ds, agency_id, outcome_ids)
    title, name = _title(ds, agency_id, "行政复议和行政诉讼结果（件）", year)
    table = _case_table(ds, agency_id, year) if year else pd.DataFrame()
    if table.empty or table.isna().all().all():
        return no_data(title, name, size, "年报中没有按结果统计的复议、诉讼")
    fig, ax = new_figure(size)
    draw.stacked(ax, table, horizontal=True)
    totals = table.sum(axis=1, min_count=1)
    for i, t in enumerate(totals):
        ax.text(0 if pd.isna(t) else t, i, f" 合计{draw.fmt_count(t)}件" if pd.notna(t)
                else " " + word("blank"),
                va="center", fontsize=8.5)
    ax.set_xlim(0, max(float(totals.max(skipna=True) or 0), 1) * 1.2)
    return frame(fig, title, name, "合计为各项结果之和；纠正即被依法纠错", years=[year])


def _applicants(ds, agency_id: str) -> pd.DataFrame:
    rows = _mine(ds, agency_id)
    return rows[(rows["indicator"] == "request.new")
                & rows["breakdown"].isin(concepts.applicants())]


def requests_by_applicant(ds, agency_id: str, *, year: int | None = None,
                          size: str = "slide") -> Figure:
    """本年新收申请 by applicant type (自然人, 商业企业…), 2019 and later templates."""
    rows = _applicants(ds, agency_id)
    numbers = rows["status"].isin(NUMBER)
    if year is None and numbers.any():
        year = int(rows.loc[numbers, "year"].max())
    title, name = _title(ds, agency_id, "新收申请的申请人类型（件）", year)
    rows = rows[rows["year"] == year]
    if rows.empty:
        return no_data(title, name, size, "年报中没有按申请人类型统计（2019年起的模板才有）")
    rows = rows.set_index("breakdown")
    rows = rows.loc[[a for a in concepts.applicants() if a in rows.index]]
    fig, ax = new_figure(size)
    draw.hbars(ax, [draw.label(a) for a in rows.index], rows["value"].tolist(),
               rows["status"].tolist())
    return frame(fig, title, name, years=[year])


LONG_SERIES = ("proactive_total", "requests_received", "reviews_total", "suits_total")


def long_series(ds, agency_id: str, *, year: int | None = None, size: str = "slide",
                concepts: tuple[str, ...] = LONG_SERIES) -> Figure:
    """The crosswalked series 2008 -> today, one small panel per concept (each its own scale)."""
    title, name = _title(ds, agency_id, "主要指标的长期变化")
    panels = []
    for concept in concepts:
        s = ds.series(concept, [agency_id])
        if year is not None:
            s = s[s["year"] <= year]
        if len(s):
            panels.append((concept, s))
    if not panels:
        return no_data(title, name, size, "该机关没有可连接的年度数据")
    fig, axes = new_figure(size, 1, len(panels))
    axes = [axes] if len(panels) == 1 else list(axes)
    for ax, (concept, s) in zip(axes, panels, strict=True):
        draw.year_bars(ax, s, highlight=year, max_labels=6)
        ax.set_title(draw.label(concept), fontsize=10.5)
        ax.tick_params(axis="x", labelsize=7.5, rotation=90)
        for t in ax.texts:
            t.set_fontsize(6.5)
    years = sorted({int(y) for _, s in panels for y in s["year"]})
    return frame(fig, title, name, "2019年前后的统计口径已按指标对应表连接", years=years)
