"""Tables for notebooks and exports: DataFrames with Chinese headers, styled for HTML, saved as CSV.

Every builder returns a plain DataFrame (so it can be tested and written as CSV); `style()` turns
one into a pandas Styler for display. Missing numbers are shown by their status in words
(analysis.figures.word: 未填报, 不适用, 未载明, 无报告), never as 0. Numbers come from the figure
engine through metrics and peers; nothing here picks a figure.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import metrics, peers, vocab
from analysis.base.sheets import write_csv
from analysis.figures import words

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


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


def ranking(ds, concept: str, year: int, agency_ids=None) -> pd.DataFrame:
    """Agencies ranked by a concept in a year, with the median of the other agencies."""
    c = peers.compare(ds, concept, year, agency_ids)
    return pd.DataFrame({"排名": c["rank"], "机关": c["agency"], "数值": c["value"],
                         "说明": c["status"].map(words()), "其他机关中位数": c["peer_median"]})


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


def flags(ds, agency_id: str | None = None) -> pd.DataFrame:
    """Data-quality flags (of one agency, or all) with the report's agency and year."""
    f = ds.flags.drop(columns=["agency_id", "year"], errors="ignore").merge(
        ds.reports[["report_id", "agency_id", "agency", "year"]], on="report_id", how="left")
    if agency_id is not None:
        f = f[f["agency_id"] == agency_id]
    f = f.sort_values(["year", "severity", "rule"], na_position="last")
    return pd.DataFrame({"机关": f["agency"], "年度": f["year"].astype("string"),
                         "规则": f["rule"],
                         "级别": f["severity"].map(SEVERITY_ZH), "指标": f["indicator"],
                         "说明": f["message"], "应为": f["expected"], "实为": f["found"],
                         "位置": f["location"]}).reset_index(drop=True)


def flags_by_rule(ds) -> pd.DataFrame:
    """Number of flags per rule and severity, and how many reports they touch."""
    f = ds.flags
    g = f.groupby(["rule", "severity"], dropna=False)
    out = pd.DataFrame({"条数": g.size(), "涉及年报数": g["report_id"].nunique()}).reset_index()
    out["severity"] = out["severity"].map(SEVERITY_ZH)
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
    """Agency x year: the template of the report read, empty where there is none."""
    r = ds.reports.dropna(subset=["agency_id", "year"])
    if r.empty:
        return pd.DataFrame(columns=["机关"])
    grid = r.pivot_table(index="agency", columns="year", values="template", aggfunc="first")
    years = range(int(r["year"].min()), int(r["year"].max()) + 1)
    grid = grid.reindex(columns=list(years)).astype(object).fillna("")
    grid.columns = [str(y) for y in grid.columns]
    return grid.rename_axis("机关").reset_index()


def unplaced(ds) -> pd.DataFrame:
    """Reports the charts cannot place: no agency id or no year (kept here, not dropped)."""
    r = ds.reports[ds.reports["agency_id"].isna() | ds.reports["year"].isna()]
    return pd.DataFrame({"文件": r["path"], "机关": r["agency_raw"], "年度": r["year"],
                         "标题": r["title"]}).reset_index(drop=True)


def failures(ds) -> pd.DataFrame:
    """Files that could not be read or parsed, with the reason."""
    f = ds.failures
    return pd.DataFrame({"文件": f["path"], "阶段": f["stage"], "原因": f["reason"]})


def _fmt(v) -> str:
    if isinstance(v, str):
        return v
    if v is None or pd.isna(v):
        return "—"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def style(df: pd.DataFrame, caption: str = ""):
    """A Styler for HTML: numbers with thousands separators, NaN as —, no index column."""
    styler = df.style.format(_fmt).hide(axis="index")
    styler = styler.set_table_styles([
        {"selector": "th", "props": "text-align: left; background: #f2f5f9; padding: 3px 8px;"},
        {"selector": "td", "props": "padding: 3px 8px;"},
        {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
    ])
    numeric = df.select_dtypes("number").columns
    styler = styler.set_properties(subset=list(numeric), **{"text-align": "right"})
    return styler.set_caption(caption) if caption else styler


def save_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write for people (analysis.base.sheets.write_csv): UTF-8 with a BOM so Excel shows the
    Chinese, cells a spreadsheet would run as formulas made inert, atomically."""
    return write_csv(Path(path), df)
