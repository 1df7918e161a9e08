"""Charts of one agency in one year, and single concepts over its years. Every function has the
signature `fn(ds, agency_id, *, year=None, size="slide") -> Figure`, reads the agency's rows once
(analysis.charts.data), never draws a blank figure as 0, and returns a `no_data` figure (whose
reason pages and briefings print as a note) when nothing positive is left to draw.

The charts of an agency across its years, one row per item, are in analysis.charts.years."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from analysis import metrics
from analysis.charts import data, draw
from analysis.charts.base import frame, new_figure, no_data, why_empty
from analysis.figures import NUMBER, concepts, word

CROWDED = 10  # more years than this on one axis: gaps are shaded and said in the note
CASE_OUTCOMES = ["upheld", "corrected", "other", "pending"]
CASE_BLOCKS = ("review", "litigation", "litigation_direct", "litigation_after_review")


def title(a: data.Agency, what: str, year: int | None = None) -> tuple[str, str]:
    """(chart title, agency name): "{name}{year}年{what}" or "{name}{what}"."""
    return (f"{a.name}{year}年{what}" if year else f"{a.name}{what}"), a.name


def _series_chart(ds, agency_id: str, concept: str, what: str, year: int | None,
                  size: str) -> Figure:
    a = data.of(ds, agency_id)
    head, name = title(a, what)
    s = a.concept(concept, year)
    why = why_empty(s["value"], s["status"])
    if why:
        return no_data(head, name, size, why, s["year"])
    fig, ax = new_figure(size)
    span = list(range(int(s["year"].min()), int(s["year"].max()) + 1))
    crowded = len(span) > CROWDED  # gaps shaded (words would collide), every bar still labelled
    _, shown = draw.year_bars(ax, s, highlight=year, max_labels=len(span), compact=crowded)
    ax.set_ylabel(concepts.label(concept)[1])
    absent = sorted(set(y for y in a.years if year is None or y <= year) - set(s["year"]))
    notes = [f"{'、'.join(map(str, absent))}年的年报{word('absent')}此项" if absent else "",
             draw.gap_note(shown) if crowded else ""]
    return frame(fig, head, name, "；".join(n for n in notes if n), years=s["year"])


def proactive_by_year(ds, agency_id: str, *, year: int | None = None,
                      size: str = "slide") -> Figure:
    """主动公开政府信息数 by year (the pre-2019 tables; later templates do not count it)."""
    return _series_chart(ds, agency_id, "proactive_total", "主动公开政府信息数（条）", year, size)


def requests_by_year(ds, agency_id: str, *, year: int | None = None,
                     size: str = "slide") -> Figure:
    """New requests per year, legacy 受理申请数 and template 本年新收申请数 in one series."""
    return _series_chart(ds, agency_id, "requests_received", "新收政府信息公开申请数（件）", year, size)


def request_outcomes(ds, agency_id: str, *, year: int | None = None,
                     size: str = "slide") -> Figure:
    """Shares of 申请办理结果 in one year (default: the latest year that reports them)."""
    a = data.of(ds, agency_id)
    year = year or a.latest_with([*concepts.outcome_ids("template"),
                                  *concepts.outcome_ids("legacy")])
    head, name = title(a, "政府信息公开申请办理结果", year)
    shares = metrics.outcome_shares(ds, agency_id, year) if year else pd.DataFrame(
        columns=["value", "status"])
    why = why_empty(shares["value"], shares["status"])
    if why:
        return no_data(head, name, size, f"各项办理结果{why}" if len(shares) else why, [year])
    fig, ax = new_figure(size)
    texts = [f"{s:.1f}%（{draw.fmt_count(v)}件）"
             for s, v in zip(shares["share"], shares["value"], strict=True)]
    draw.hbars(ax, [draw.label(i) for i in shares["indicator"]], shares["share"].tolist(),
               shares["status"].tolist(), texts)
    ax.xaxis.set_major_formatter(draw.FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.set_xlabel("占办理结果的比例")
    return frame(fig, head, name, years=[year])


def _case_table(a: data.Agency, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, statuses): rows 行政复议 / 直接起诉 / 复议后起诉 (or legacy 行政诉讼), columns
    the outcomes and total, for the blocks the report has."""
    blocks = (CASE_BLOCKS[0], *CASE_BLOCKS[2:]) if concepts.era_of(
        a.templates.get(year, "")) == "template" else CASE_BLOCKS[:2]  # suits split in two
    ids = [f"{b}.{o}" for b in blocks for o in [*CASE_OUTCOMES, "total"]]
    rows = a.headline(ids)
    rows = rows[rows["year"] == year]
    block = rows["indicator"].str.split(".").str[0]
    part = rows["indicator"].str.split(".").str[1]
    wide = rows.assign(block=block, part=part)
    order = [b for b in CASE_BLOCKS if b in set(block)]
    cols = [*CASE_OUTCOMES, "total"]
    values = wide.pivot(index="block", columns="part", values="value").reindex(order, columns=cols)
    status = wide.pivot(index="block", columns="part", values="status").reindex(order, columns=cols)
    values = values.where(status.isin(NUMBER))
    return values, status.astype(object).where(status.notna(), "absent")


def _unseen(parts: pd.Series, statuses: pd.Series) -> str:
    """The outcomes a stacked bar cannot show, in words: reported zeros (纠正0) apart from
    blanks (尚未审结未填报); rows the report does not have are left unsaid."""
    said = [f"{draw.label(o)}{draw.fmt_count(v)}" if pd.notna(v) else
            f"{draw.label(o)}{word(statuses[o])}"
            for o, v in parts.items() if (pd.notna(v) and v == 0) or
            (pd.isna(v) and statuses[o] not in ("absent", "no_report"))]
    return f"（{'，'.join(said)}）" if said else ""


def reviews_and_suits(ds, agency_id: str, *, year: int | None = None,
                      size: str = "slide") -> Figure:
    """行政复议 and 行政诉讼 by outcome (维持, 纠正, 其他, 尚未审结) in one year, each block with
    its printed 总计 (or its parts' sum, said so)."""
    a = data.of(ds, agency_id)
    year = year or a.latest_with([f"{b}.{o}" for b in CASE_BLOCKS
                                  for o in [*CASE_OUTCOMES, "total"]])
    head, name = title(a, "行政复议和行政诉讼结果（件）", year)
    values, status = _case_table(a, year) if year else (pd.DataFrame(), pd.DataFrame())
    why = why_empty(values.to_numpy().ravel(), status.to_numpy().ravel())
    if why:
        return no_data(head, name, size, f"复议、诉讼案件数{why}" if len(values) else why,
                       [year] if year else [])
    values.index = [draw.label(b) for b in values.index]
    fig, ax = new_figure(size)
    draw.stacked(ax, values[CASE_OUTCOMES], horizontal=True)
    for i, (total, st) in enumerate(zip(values["total"], status["total"], strict=True)):
        parts = values.iloc[i][CASE_OUTCOMES]
        label = f" 总计{draw.fmt_count(total)}件" if pd.notna(total) else (
            f" 总计{word(st)}；各项之和{draw.fmt_count(parts.sum())}件")
        ax.text(parts.sum(), i, label + _unseen(parts, status.iloc[i]), va="center",
                fontsize=8.5)
    top = max(values[CASE_OUTCOMES].sum(axis=1).max(), values["total"].fillna(0).max(), 1)
    ax.set_xlim(0, float(top) * 1.45)
    return frame(fig, head, name, "纠正即被依法纠错", years=[year])


def requests_by_applicant(ds, agency_id: str, *, year: int | None = None,
                          size: str = "slide") -> Figure:
    """本年新收申请 by applicant type (自然人, 商业企业…), 2019 and later templates."""
    a = data.of(ds, agency_id)
    f = a.figures
    rows = f[(f["indicator"] == "request.new") & f["breakdown"].isin(concepts.applicants())]
    numbers = rows["status"].isin(NUMBER)
    if year is None and numbers.any():
        year = int(rows.loc[numbers, "year"].max())
    head, name = title(a, "新收申请的申请人类型（件）", year)
    rows = rows[rows["year"] == year].set_index("breakdown")
    rows = rows.loc[[x for x in concepts.applicants() if x in rows.index]]
    why = why_empty(rows["value"], rows["status"])
    if why:
        return no_data(head, name, size, f"各类申请人{why}" if len(rows) else
                       "年报中没有按申请人类型统计（2019年起的模板才有）", [year] if year else [])
    fig, ax = new_figure(size)
    draw.hbars(ax, [draw.label(x) for x in rows.index], rows["value"].tolist(),
               rows["status"].tolist())
    return frame(fig, head, name, years=[year])
