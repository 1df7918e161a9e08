"""Alt text in Chinese for each chart of a briefing: what the chart shows, with its figures read from
the dataset (blank figures in words), so a reader who cannot see the image gets the same numbers."""

from __future__ import annotations

import pandas as pd

from analysis import vocab
from analysis.brief import numfmt
from analysis.brief.figures import (
    Figure,
    concept_figures,
    corrected_rate,
    lookup,
    outcomes,
)
from analysis.brief.summary import TOTAL_CONCEPT
from analysis.series import preference

BREAKDOWNS = {"natural_person": "自然人", "business": "商业企业", "research": "科研机构",
              "nonprofit": "社会公益组织", "legal_services": "法律服务机构", "other_org": "其他"}


def say(fig: Figure, unit: str = "件") -> str:
    return numfmt.count(fig.value) + unit if fig.ok else numfmt.words(fig.status)


def report_facts(ds, agency_id: str) -> list[tuple[int, pd.DataFrame]]:
    """(year, facts) of each report of the agency, oldest first."""
    reports = ds.reports[ds.reports["agency_id"] == agency_id].sort_values("year")
    return [(int(r.year), ds.facts[ds.facts["report_id"] == r.report_id])
            for r in reports.itertuples()]


def _by_year(ds, agency_id: str, year: int, concept: str, unit: str) -> str:
    """'2017年40件；2018—2020年无报告；2021年3119件' over the agency's years up to `year`."""
    figs = {y: concept_figures(f)[concept] for y, f in report_facts(ds, agency_id) if y <= year}
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


def proactive_by_year(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    return "柱状图，各年度主动公开政府信息数：" + _by_year(ds, agency_id, year, "proactive_total", "条")


def requests_by_year(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    return "柱状图，各年度新收政府信息公开申请数：" + _by_year(ds, agency_id, year, "requests_received", "件")


def proactive_channels(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    labels = vocab.indicators()
    rows = [i for i in labels if i.startswith("proactive.channel.")]
    parts = [f"{labels[i]['label_zh']}{say(lookup(facts, i), '条')}" for i in rows
             if lookup(facts, i).status != "absent"]
    return "条形图，本年度主动公开信息按渠道分列：" + ("；".join(parts) or "报告未分渠道统计")


def requests_by_applicant(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    rows = facts[facts["indicator"] == "request.new"]
    rows = rows.assign(_r=preference(rows).to_numpy()).sort_values("_r", kind="stable")
    rows = rows.drop_duplicates("breakdown").set_index("breakdown")
    parts = []
    for key, label in BREAKDOWNS.items():
        if key in rows.index:
            row = rows.loc[key]
            fig = Figure(float(row["value"]), "reported") if row["status"] == "reported" \
                else Figure(None, str(row["status"]))
            parts.append(f"{label}{say(fig)}")
    return "条形图，本年度新收申请按申请人类型分列：" + ("；".join(parts) or "报告未按申请人分列")


def request_outcomes(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    parts, total, _ = outcomes(facts)
    if not parts:
        return "构成图，本年度申请办理结果：报告未载明"
    text = [f"{label}{say(f)}" + (f"（{numfmt.pct(f.value / total.value)}）"
                                  if f.ok and total.ok and total.value else "")
            for label, f in parts]
    return f"构成图，本年度申请办理结果（总计{say(total)}）：" + "；".join(text)


def reviews_and_suits(ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    figs = concept_figures(facts)
    text = []
    for block, label in (("review", "行政复议"), ("litigation", "行政诉讼")):
        corrected, _, _ = corrected_rate(facts, block)
        total = figs[f"{TOTAL_CONCEPT[block]}_total"]
        text.append(f"{label}{say(total)}，其中结果纠正{say(corrected)}")
    return "柱状图，本年度行政复议和行政诉讼：" + "；".join(text)


DESCRIBE = {f.__name__: f for f in (proactive_by_year, requests_by_year, proactive_channels,
                                     requests_by_applicant, request_outcomes, reviews_and_suits)}


def alt_text(chart: str, ds, agency_id: str, year: int, facts: pd.DataFrame) -> str:
    """The alt text of chart `chart` for this agency, its report year and that report's facts."""
    return DESCRIBE[chart](ds, agency_id, year, facts)
