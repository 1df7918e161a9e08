"""Tables for notebooks and exports: DataFrames with Chinese headers, styled for HTML, saved as CSV.

Every builder returns a plain DataFrame (so it can be tested and written as CSV); `style()` turns
one into a pandas Styler for display: numbers in the house format (analysis.figures.written:
447,228) and right-aligned, text left-aligned, years as 2009, a grouping column said once per
group, errors in a warning colour. `save_csv` writes whole counts as integers (1543, not 1543.0).
Missing numbers are shown by their status in words (analysis.figures.word: 未填报, 不适用, 未载明,
无报告), never as 0. Numbers come from the figure engine through metrics and peers; nothing here
picks a figure. Flags are worded in Chinese from the templates in analysis/vocab/rules.csv.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import metrics, peers, vocab
from analysis.base.sheets import write_csv
from analysis.check.wording import flag_messages, where_zh
from analysis.figures import concepts, words, written

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STAGE_ZH = {"input": "输入", "read": "读取", "parse": "解析", "timeout": "超时"}  # failures.stage
YEAR_COLUMNS = ("年度",)
SHORT_COLUMNS = ("年度", "级别", "应为", "实为", "排名", "单位")
SHORT_TEXT = 16  # characters a short column's cell keeps on one line
# text columns that would otherwise be squeezed to a glyph a line beside long ones: a floor width
MIN_WIDTHS = {"规则": "7em", "问题": "7em", "位置": "11em", "原文": "9em", "候选读法": "13em",
              "说明": "14em"}
WARNING_COLOUR = "#fdecea"  # background of an error's row


def key_figures(ds, agency_id: str, year: int | None = None) -> pd.DataFrame:
    """主要数据 of an agency-year with last year's value and the change (default: latest year)."""
    year = year or metrics.latest_year(ds, agency_id)
    cols = ["指标", f"{year}年", f"{year - 1}年" if year else "上年", "同比(%)", "单位", "说明"]
    if year is None:
        return pd.DataFrame(columns=cols)
    k = metrics.key_figures(ds, agency_id, year)
    rate = k["unit"] == "%"
    k["value"] = k["value"].where(~rate, k["value"].round(2))
    k["prev_value"] = k["prev_value"].where(~rate, k["prev_value"].round(2))
    said = words()
    note = k["status"].map(said).fillna(k["status"])
    prev = k["prev_status"].map(said).fillna(k["prev_status"])
    note = note.where(prev.eq(""), note + "；" + cols[2] + prev).str.strip("；")
    out = pd.DataFrame({"指标": k["label_zh"], cols[1]: k["value"], cols[2]: k["prev_value"],
                        "同比(%)": k["yoy_pct"].round(1), "单位": k["unit"], "说明": note})
    return out.reset_index(drop=True)


def report_years(ds, agency_id: str) -> str:
    """The agency's report years by format generation, gaps said: '2012、2015—2018年（2019年前
    的统计表）、2020年（2019年试行模板）、2021—2022、2024—2025年（2021年模板）；2013、2014、
    2019、2023年无报告'."""
    r = ds.reports[ds.reports["agency_id"] == agency_id].dropna(subset=["year"])
    by_year = dict(zip(r["year"].astype(int), r["template"].astype(str), strict=True))
    if not by_year:
        return words()["no_report"]
    eras: dict[str, list[list[int]]] = {}  # template -> runs of consecutive years
    for y in sorted(by_year):
        runs = eras.setdefault(by_year[y], [])
        if runs and runs[-1][1] == y - 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    text = "、".join("、".join(f"{a}" if a == b else f"{a}—{b}" for a, b in runs) +
                    f"年（{concepts.TEMPLATE_ZH.get(t, t)}）" for t, runs in eras.items())
    gaps = sorted(set(range(min(by_year), max(by_year) + 1)) - set(by_year))
    return text + (f"；{'、'.join(map(str, gaps))}年{words()['no_report']}" if gaps else "")


def ranking(ds, concept: str, year: int, agency_ids=None) -> pd.DataFrame:
    """Agencies ranked by a concept in a year, with the median of the other agencies (each
    agency's own reference) and the median of all listed (the ranking chart's dashed line); the
    agencies asked for whose report lacks the figure (未载明) or that have no report that year
    (无报告) are listed last, so the table names every agency."""
    c = peers.compare(ds, concept, year, agency_ids)
    have, missing = peers.who_reported(ds, year, agency_ids)
    rest = [a for a in have + missing if a not in set(c["agency_id"])]
    have = set(have)
    c = pd.concat([c, pd.DataFrame({"agency": metrics.agency_names(ds, rest), "status": [
        "absent" if a in have else "no_report" for a in rest]})], ignore_index=True)
    return pd.DataFrame({"排名": c["rank"], "机关": c["agency"], "数值": c["value"],
                         "说明": c["status"].map(words()),
                         "其他机关中位数(不含本机关)": c["peer_median"],
                         "所列机关中位数(图中虚线)": peers.peer_median(ds, concept, year, agency_ids)})


def who_reported(ds, year: int, agency_ids=None) -> tuple[list[str], list[str]]:
    """(names of the agencies with a report for `year`, names of those without), of
    `agency_ids` (default: every agency)."""
    have, missing = peers.who_reported(ds, year, agency_ids)
    return metrics.agency_names(ds, have), metrics.agency_names(ds, missing)


def reporting_note(ds, year: int, agency_ids=None) -> str:
    """One line on who reported: '2024年：所选12个机关中11个有年报；无年报：示例市公安局。'"""
    have, missing = who_reported(ds, year, agency_ids)
    line = f"{year}年：所选{len(have) + len(missing)}个机关中{len(have)}个有年报"
    return line + (f"；无年报：{'、'.join(missing)}。" if missing else "。")


def mix(ds, kind: str, year: int | None = None, agency_ids=None, by: str = "agency_id"
        ) -> pd.DataFrame:
    """peers.mix with Chinese column names and agency names."""
    t = peers.mix(ds, kind, year=year, agency_ids=agency_ids, by=by)
    t = t.rename(columns=vocab.short_label)
    t.columns.name = None
    if by == "agency_id":
        t.index = metrics.agency_names(ds, t.index)
        t.index.name = "机关"
    else:
        t.index.name = "年度"
    return t.reset_index()


def flags(ds, agency_id: str | None = None, severities=("error", "warning", "info")
          ) -> pd.DataFrame:
    """Data-quality flags in Chinese, errors first within each agency and year: of one agency
    (no 机关 column), or of all by agency and year. `severities` chooses which."""
    f = ds.flags.drop(columns=["agency_id", "year"], errors="ignore").merge(
        ds.reports[["report_id", "agency_id", "agency", "year"]], on="report_id", how="left")
    f = f[f["severity"].isin(list(severities))]
    if agency_id is not None:
        f = f[f["agency_id"] == agency_id]
    f = f.assign(_o=f["severity"].map(SEVERITY_ORDER)).sort_values(
        ["agency", "year", "_o", "rule"], na_position="last", kind="stable")
    out = pd.DataFrame({"机关": f["agency"], "年度": f["year"].astype("Int64"),
                        "级别": f["severity"].map(SEVERITY_ZH),
                        "规则": f["rule"].map(vocab.rule_label), "说明": _said(f),
                        "位置": f["location"].map(where_zh)}).reset_index(drop=True)
    return out.drop(columns="机关") if agency_id is not None else out


def _said(f: pd.DataFrame) -> pd.Series:
    """The flags' `message_zh` (worded at ingest), worded here where a dataset lacks it."""
    said = f["message_zh"].astype(object) if "message_zh" in f else pd.Series(None, index=f.index)
    said = said.where(said.notna() & said.ne(""), None)
    return said.fillna(flag_messages(f)) if said.isna().any() else said


def info_summary(ds, agency_id: str | None = None) -> str:
    """One line on what reading did (spam, page chrome, encodings…): how many, which kinds."""
    f = ds.flags[ds.flags["severity"] == "info"]
    if agency_id is not None:
        f = f[f["agency_id"] == agency_id]
    if f.empty:
        return "读取时未作其他处理。"
    kinds = f["rule"].astype(str).map(vocab.rule_label).value_counts()
    return f"读取时另有{len(f)}条提示（" + "、".join(f"{k}{n}条" for k, n in kinds.items()) + \
        "），不改变报告中的数字。"


def flags_by_rule(ds) -> pd.DataFrame:
    """Number of flags per rule and severity, and how many reports they touch."""
    f = ds.flags
    g = f.groupby(["rule", "severity"], dropna=False)
    out = pd.DataFrame({"条数": g.size(), "涉及年报数": g["report_id"].nunique()}).reset_index()
    out["severity"] = out["severity"].map(SEVERITY_ZH)
    out["rule"] = out["rule"].map(vocab.rule_label)  # the rule in Chinese (rules.csv label_zh)
    return out.rename(columns={"rule": "规则", "severity": "级别"}).sort_values(
        "条数", ascending=False, ignore_index=True)


def found_texts(ds, rule: str) -> pd.DataFrame:
    """What one rule found, counted (e.g. unmapped_label -> the raw labels; spam_removed)."""
    f = ds.flags[ds.flags["rule"] == rule]
    g = f.groupby("found", dropna=False)
    out = pd.DataFrame({"次数": g.size(), "涉及年报数": g["report_id"].nunique()}).reset_index()
    return out.rename(columns={"found": "原文"}).sort_values("次数", ascending=False,
                                                             ignore_index=True)


def coverage(ds) -> pd.DataFrame:
    """Agency x year: the template of the report read, 无报告 where there is none (one row per
    agency, with its id: names can repeat across regions)."""
    r = ds.reports.dropna(subset=["agency_id", "year"])
    if r.empty:
        return pd.DataFrame(columns=["机关代码", "机关"])
    r = r.astype({"agency_id": str, "agency": str, "template": str, "year": int})
    grid = r.pivot_table(index=["agency_id", "agency"], columns="year", values="template",
                         aggfunc="first")
    years = range(int(r["year"].min()), int(r["year"].max()) + 1)
    grid = grid.reindex(columns=list(years)).astype(object).replace(concepts.TEMPLATE_ZH)
    grid = grid.fillna(words()["no_report"])
    grid.columns = [str(y) for y in grid.columns]
    return grid.rename_axis(["机关代码", "机关"]).reset_index()


def unplaced(ds) -> pd.DataFrame:
    """Reports the charts cannot place: no agency id or no year (kept here, not dropped)."""
    r = ds.reports[ds.reports["agency_id"].isna() | ds.reports["year"].isna()]
    return pd.DataFrame({"文件": r["path"], "机关": r["agency_raw"],
                         "年度": r["year"].astype("Int64"),
                         "标题": r["title"]}).reset_index(drop=True)


def failures(ds) -> pd.DataFrame:
    """Files that could not be read or parsed, with the reason."""
    f = ds.failures
    return pd.DataFrame({"文件": f["path"], "阶段": f["stage"].map(STAGE_ZH).fillna(f["stage"]),
                         "原因": f["reason"]})


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    if v is None or pd.isna(v):
        return "—"
    return written.number(v)


def _year(v) -> str:
    return "" if v is None or pd.isna(v) else written.year(v)


def _once(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """`df` with `column` said only where it changes (the first row of each group)."""
    out = df.copy()
    col = out[column].astype(object)
    out[column] = col.where(col.ne(col.shift()), "")
    return out


def style(df: pd.DataFrame, caption: str = "", group: str | None = None):
    """A Styler for HTML: numbers in the house format and right-aligned, text left-aligned, years
    as 2009, NaN as —, no index column; `group` (e.g. 机关) said once per group; an error's row
    (级别 错误) on a warning colour."""
    shown = _once(df, group) if group and group in df else df
    numeric = [c for c in df.select_dtypes("number").columns if c not in YEAR_COLUMNS]
    formats = {c: (_year if c in YEAR_COLUMNS else _fmt) for c in df.columns}
    styler = shown.style.format(formats).hide(axis="index")
    styler = styler.set_table_styles([
        {"selector": "th", "props": "text-align: left; background: #f2f5f9; padding: 3px 8px;"},
        # text left by default (page.css td); not set here: `#T_x td` would outrank the
        # right alignment of the number cells (`#T_x_row0_col1`)
        {"selector": "td", "props": "padding: 3px 8px;"},
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
    ])
    styler = styler.set_properties(subset=numeric, **{"text-align": "right"})
    # short columns are never wrapped into a column of one glyph, but a long value in one (a list
    # of candidate readings) wraps within a bounded width instead of squeezing every other column
    short = [c for c in SHORT_COLUMNS if c in df]
    styler = styler.map(lambda v: "white-space: nowrap;" if len(str(v)) <= SHORT_TEXT else
                        "white-space: normal; overflow-wrap: anywhere; min-width: 8em; "
                        "max-width: 22em;", subset=short)
    text = [c for c in df.columns if c not in short and c not in numeric]
    styler = styler.set_properties(subset=text, **{"min-width": "4em",
                                                   "overflow-wrap": "anywhere"})
    for col, width in MIN_WIDTHS.items():
        if col in df:
            styler = styler.set_properties(subset=[col], **{"min-width": width})
    if "级别" in df:
        errors = df["级别"].eq(SEVERITY_ZH["error"]).to_numpy()
        styler = styler.apply(lambda r: [f"background: {WARNING_COLOUR}" if errors[r.name] else ""
                                         for _ in r], axis=1)
    return styler.set_caption(caption) if caption else styler


def for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with whole numbers as integers (1543, not 1543.0): a float column whose values are
    all whole becomes Int64; one mixing whole and fractional values (counts and rates) keeps
    each value as it is, written 1543 and 11.76 (as text cells: a column of objects would be
    turned back into floats on the way out)."""
    out = df.copy()
    for col in out.select_dtypes("float").columns:
        v = out[col]
        whole = v.isna() | (v == np.floor(v))
        if whole.all():
            out[col] = v.astype("Int64")
        else:
            out[col] = pd.Series(["" if pd.isna(x) else str(int(x)) if w else repr(float(x))
                                  for x, w in zip(v, whole, strict=True)], index=v.index,
                                 dtype=object)
    return out


def save_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write for people (analysis.base.sheets.write_csv): UTF-8 with a BOM so Excel shows the
    Chinese, whole numbers as integers, cells a spreadsheet would run as formulas made inert,
    atomically."""
    return write_csv(Path(path), for_csv(df))
