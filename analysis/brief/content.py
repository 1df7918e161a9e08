"""What a briefing says, worded from the dataset: title, summary, key-figures table, data-quality
notes and source citation. Numbers are read from the facts here and nowhere typed by hand."""

from __future__ import annotations

import pandas as pd

from analysis import checklist, metrics, tables, vocab
from analysis.brief import numfmt
from analysis.brief.keyfigures import Figure
from analysis.brief.pack import EMBED_SIZE, PackChart
from analysis.brief.summary import Period, say, summary
from analysis.brief.word import Chart, Content
from analysis.figures.status import meanings as status_meanings

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def report_of(ds, agency_id: str, year: int) -> pd.Series | None:
    """The agency's report row for `year`, or None when there is none."""
    r = ds.reports
    hit = r[(r["agency_id"] == agency_id) & (r["year"] == year)]
    return None if hit.empty else hit.iloc[0]


def period(ds, agency_id: str, year: int, y0: int) -> tuple[Period, pd.Series, pd.Series | None]:
    rep = report_of(ds, agency_id, year)
    if rep is None:
        years = sorted(ds.reports.loc[ds.reports["agency_id"] == agency_id, "year"].dropna())
        raise LookupError(f"{agency_id}: no report for {year}; years present: {years or 'none'}")
    rep0 = report_of(ds, agency_id, y0)
    return Period(ds, agency_id, str(rep["agency"]), year, y0), rep, rep0


def cell(fig: Figure) -> str:
    return numfmt.count(fig.value) if fig.ok else numfmt.words(fig.status)


def _rate_cell(fig: Figure) -> str:
    return numfmt.pct(fig.value / 100) if fig.ok else numfmt.words(fig.status)


def _change(cur: Figure, old: Figure, unit: str) -> str:
    if not (cur.ok and old.ok):
        return say("change_none")
    if unit == "%":
        return f"{cur.value - old.value:+.1f}个百分点"
    return numfmt.signed_pct(cur.value, old.value)


def key_table(p: Period) -> tuple[list[str], list[list[str]]]:
    """Header and rows: 指标 | 单位 | year | y0 | 增减, from analysis.metrics.key_figures (the
    same figures as the notebooks' key-figures table), blanks in words."""
    header = ["指标", "单位", f"{p.year}年", f"{p.y0}年", "增减"]
    k = metrics.key_figures(p.ds, p.agency_id, p.year, p.y0)
    rows = []
    for r in k.itertuples():
        cur, old = Figure.of(r.value, r.status), Figure.of(r.prev_value, r.prev_status)
        show = _rate_cell if r.unit == "%" else cell
        rows.append([r.label_zh, r.unit, show(cur), show(old), _change(cur, old, r.unit)])
    return header, rows


def report_flags(ds, report_id: str) -> pd.DataFrame:
    flags = ds.flags[ds.flags["report_id"] == report_id]
    return flags.drop(columns=["agency_id", "year"], errors="ignore").fillna("")


def flag_lines(flags: pd.DataFrame) -> list[str]:
    """One line per warning or error of the report, errors first, in the Chinese words of the
    data-quality page (analysis.tables.flag_messages: the rule's message_zh filled with what,
    expected and found); what cleaning did (info flags: spam, page chrome, encoding) is summed
    up in one closing line rather than listed."""
    order = flags["severity"].map(SEVERITY_ORDER).fillna(3)
    f = flags.assign(_o=order).sort_values("_o", kind="stable")
    info = f[f["severity"] == "info"]
    f = f[f["severity"] != "info"]
    lines = [say("flags_none")] if f.empty else [say("flags_lead", n=len(f))]
    messages = tables.flag_messages(f) if len(f) else []
    for r, message in zip(f.itertuples(), messages, strict=True):
        where = say("flag_where", location=tables.where_zh(r.location)) if r.location else ""
        severity = say(f"severity_{r.severity}") if r.severity in SEVERITY_ORDER else r.severity
        lines.append(say("flag_line", severity=severity, label=vocab.rule_label(r.rule),
                         message=message, where=where))
    if len(info):
        kinds = "、".join(dict.fromkeys(vocab.rule_label(r) for r in info["rule"]))
        lines.append(say("flags_info", n=len(info), kinds=kinds))
    return lines


def check_lines(ds, agency_id: str, year: int) -> list[str]:
    """The report's 核对清单 (analysis.checklist) as a lead line and one line per item: where,
    the text as printed, the candidate readings (the first three and 共N种) and what to do;
    nothing when the tool read every cell for certain."""
    checks = checklist.for_page(checklist.check_list(ds, agency_id, year))
    if checks.empty:
        return []
    lines = [say("checks_lead", n=len(checks))]
    for r in checks.itertuples():
        raw = say("check_raw", raw=r.原文) if r.原文 else ""
        cands = say("check_candidates", candidates=r.候选读法) if r.候选读法 else ""
        lines.append(say("check_line", problem=r.问题, where=r.位置, raw=raw, candidates=cands,
                         note=r.说明))
    return lines


def source_lines(*reports: pd.Series | None) -> list[str]:
    lines = []
    for rep in reports:
        if rep is None:
            continue
        date = rep["published"]
        rep = rep.drop("published").fillna("")
        published = (say("source_published", published=f"{date:%Y-%m-%d}")
                     if pd.notna(date) else "")
        title = rep["title"] or f"{rep['agency']}{rep['year']}年政府信息公开工作年度报告"
        path = " | ".join(p for p in (rep["path"], rep["also_paths"]) if p)
        lines.append(say("source_line", title=title, agency=rep["agency"], published=published,
                         path=path))
    return [*lines, say("source_generated")]


def table_note(y0: int) -> str:
    """The note under the key-figures table: what each word for a missing number means (未填报,
    待核, 不适用, 未载明, 无报告: statuses.csv, defined once) and the comparison year."""
    meanings = "，".join(say("meaning", word=w, means=m) for w, m in status_meanings().items())
    return say("table_note", meanings=meanings, y0=y0)


def source_of(p: Period) -> str:
    return say("caption_source", agency=p.agency, year=p.year)


def build(p: Period, rep: pd.Series, rep0: pd.Series | None, flags: pd.DataFrame,
          charts: list[PackChart]) -> Content:
    """The worded briefing; the summary ends with a pointer to the notes when flags are errors."""
    header, rows = key_table(p)
    errors = int((flags["severity"] == "error").sum()) if len(flags) else 0
    text = summary(p) + (say("summary_errors", n=errors) if errors else "")
    sub = "subtitle" if p.has_before else "subtitle_no_compare"
    return Content(
        title=say("title", agency=p.agency, year=p.year),
        subtitle=say(sub, agency=p.agency, year=p.year, y0=p.y0),
        summary=text,
        table_header=header, table_rows=rows, table_note=table_note(p.y0),
        charts=[Chart(c.files[EMBED_SIZE]["png"], c.title, c.caption, c.alt) for c in charts
                if c.files],
        chart_notes=[c.note for c in charts if c.note],
        flags=flag_lines(flags), checks=check_lines(p.ds, p.agency_id, p.year),
        sources=source_lines(rep, rep0))
