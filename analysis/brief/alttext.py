"""Alt text in Chinese for each chart of a briefing: what the chart shows, with its figures read from
the figure engine (the same numbers the chart draws; blank figures in words), so a reader who cannot
see the image gets the same numbers."""

from __future__ import annotations

import pandas as pd

from analysis import vocab
from analysis.brief import numfmt
from analysis.brief.keyfigures import Figure, concept_figures, corrected_rate, outcomes
from analysis.brief.summary import TOTAL_CONCEPT
from analysis.figures import concepts, headline


def say(fig: Figure, unit: str = "件") -> str:
    return numfmt.count(fig.value) + unit if fig.ok else numfmt.words(fig.status)


def _by_year(ds, agency_id: str, year: int, concept: str, unit: str) -> str:
    """'2017年40件；2018—2020年无报告；2021年3119件' over the agency's years up to `year`."""
    s = ds.series(concept, [agency_id])
    years = sorted({int(y) for y in ds.reports.loc[ds.reports["agency_id"] == agency_id, "year"]
                    .dropna() if y <= year})
    got = {int(y): Figure.of(v, str(st)) for y, v, st in
           zip(s["year"], s["value"], s["status"], strict=True)}
    figs = {y: got.get(y, Figure(None, "absent")) for y in years}
    parts, gap = [], []
    for y in range(min(figs), max(figs) + 2) if figs else []:
        if y not in figs:
            gap.append(y)
            continue
        if gap:
            span = f"{gap[0]}—{gap[-1]}年" if len(gap) > 1 else f"{gap[0]}年"
            parts.append(span + numfmt.words("no_report"))
            gap = []
        if y <= max(figs):
            parts.append(f"{y}年{say(figs[y], unit)}")
    return "；".join(parts)


def _figures(ds, agency_id: str, year: int) -> pd.DataFrame:
    f = ds.figures
    return f[(f["agency_id"] == agency_id) & (f["year"] == year)].astype(
        {"indicator": str, "breakdown": str, "status": str})


def proactive_by_year(ds, agency_id: str, year: int, facts=None) -> str:
    return "柱状图，各年度主动公开政府信息数：" + _by_year(ds, agency_id, year, "proactive_total", "条")


def requests_by_year(ds, agency_id: str, year: int, facts=None) -> str:
    return "柱状图，各年度新收政府信息公开申请数：" + _by_year(ds, agency_id, year, "requests_received", "件")


def proactive_channels(ds, agency_id: str, year: int, facts=None) -> str:
    rows = headline(_figures(ds, agency_id, year), concepts.mix_parts("channels"))
    labels = vocab.indicators()
    parts = [f"{labels[i]['label_zh']}{say(Figure.of(v, s), '条')}" for i, v, s in
             zip(rows["indicator"], rows["value"], rows["status"], strict=True)]
    return "条形图，本年度主动公开信息按渠道分列：" + ("；".join(parts) or "报告未分渠道统计")


def requests_by_applicant(ds, agency_id: str, year: int, facts=None) -> str:
    f = _figures(ds, agency_id, year)
    rows = f[f["indicator"].eq("request.new")].set_index("breakdown")
    parts = [f"{vocab.short_label(key)}{say(Figure.of(rows.at[key, 'value'], rows.at[key, 'status']))}"
             for key in concepts.applicants() if key in rows.index]
    return "条形图，本年度新收申请按申请人类型分列：" + ("；".join(parts) or "报告未按申请人分列")


def request_outcomes(ds, agency_id: str, year: int, facts=None) -> str:
    parts, total, _ = outcomes(ds, agency_id, year)
    if not parts:
        return "构成图，本年度申请办理结果：报告未载明"
    text = [f"{label}{say(f)}" + (f"（{numfmt.pct(f.value / total.value)}）"
                                  if f.ok and total.ok and total.value else "")
            for label, f in parts]
    return f"构成图，本年度申请办理结果（总计{say(total)}）：" + "；".join(text)


def reviews_and_suits(ds, agency_id: str, year: int, facts=None) -> str:
    figs = concept_figures(ds, agency_id, year)
    text = []
    for block, label in (("review", "行政复议"), ("litigation", "行政诉讼")):
        corrected, _, _ = corrected_rate(ds, agency_id, year, block)
        total = figs[f"{TOTAL_CONCEPT[block]}_total"]
        text.append(f"{label}{say(total)}，其中结果纠正{say(corrected)}")
    return "柱状图，本年度行政复议和行政诉讼：" + "；".join(text)


def template_items(ds, agency_id: str, year: int, facts=None) -> str:
    """Table 二 over the template years up to `year`: the rows the chart draws (charts/items.csv)
    read from the same rows as the chart (analysis.charts.data)."""
    from analysis.charts import data
    from analysis.charts.years import items

    a = data.of(ds, agency_id)
    years = [y for y in a.era_years("template") if y <= year]
    f = a.figures
    rows = f[f["year"].isin(years) & f["breakdown"].eq("all")].merge(
        items(), on=["indicator", "measure"]).sort_values("year")
    parts = []
    for label in dict.fromkeys(items()["label_zh"]):
        mine = rows[rows["label_zh"] == label]
        if len(mine):
            parts.append(label + "：" + "、".join(
                f"{int(y)}年{say(Figure.of(v, st), '')}"
                for y, v, st in zip(mine["year"], mine["value"], mine["status"], strict=True)))
    return "分行柱状图，表二各项（规章、规范性文件、行政执法决定、收费）：" + (
        "；".join(parts) or "报告未载明")


DESCRIBE = {f.__name__: f for f in (proactive_by_year, requests_by_year, proactive_channels,
                                     requests_by_applicant, request_outcomes, reviews_and_suits,
                                     template_items)}


def alt_text(chart: str, ds, agency_id: str, year: int, facts: pd.DataFrame | None = None) -> str:
    """The alt text of chart `chart` for this agency and its report year. (`facts` is accepted
    for the callers' signature and not read: the numbers come from the figure engine.)"""
    return DESCRIBE[chart](ds, agency_id, year)
