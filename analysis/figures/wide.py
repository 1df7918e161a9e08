"""The dataset wide, for Excel and R: one row per agency and year (every year from the agency's
first report to its last), per concept its value and its status side by side, and the ratios
with their numerator and denominator beside them. Headers are Chinese; statuses keep their ids
(reported, blank, not_applicable, absent, no_report, …: vocab/statuses.csv says what each means).

A concept the report does not hold is `absent`; a year with no report is `no_report`, with every
value empty."""

from __future__ import annotations

import pandas as pd

from analysis.figures import concepts
from analysis.figures.rates import correction_rates, granted_share
from analysis.figures.status import ABSENT, NO_REPORT

ID_COLUMNS = {"agency_id": "机关代码", "agency": "机关", "year": "年份", "template": "报告格式"}
STATUS = "·状态"
BASIS = {"concluded": "已审结数", "total": "总数(无未审结数)"}


def headers() -> dict[str, tuple[str, str]]:
    """concept -> (value header, status header), in the order of vocab/concepts.csv."""
    out = {}
    for c in concepts.concepts():
        label, unit = concepts.label(c)
        out[c] = (f"{label}({unit})" if unit else label, f"{label}{STATUS}")
    return out


def _grid(reports: pd.DataFrame) -> pd.DataFrame:
    """agency_id, agency, year, template, has_report: each agency's years first to last."""
    r = reports.dropna(subset=["agency_id", "year"]).astype({"agency_id": str, "year": "int64"})
    r = r.assign(agency=r["agency"].astype(str), template=r["template"].astype(str))
    r = r.sort_values(["agency_id", "year"]).drop_duplicates(["agency_id", "year"])
    names = r.drop_duplicates("agency_id").set_index("agency_id")["agency"]
    rows = [(a, y) for a, g in r.groupby("agency_id", sort=True)
            for y in range(int(g["year"].min()), int(g["year"].max()) + 1)]
    grid = pd.DataFrame(rows, columns=["agency_id", "year"])
    grid = grid.merge(r[["agency_id", "year", "template"]], how="left", on=["agency_id", "year"])
    grid["has_report"] = grid["template"].notna()
    grid.insert(1, "agency", grid["agency_id"].map(names))
    return grid


def wide_table(series: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The wide table (see the module) of concept `series` over the `reports`' agency-years."""
    grid = _grid(reports)
    key = ["agency_id", "year"]
    s = series.astype({"agency_id": str, "concept": str, "status": str}).astype({"year": "int64"})
    cols: dict[str, pd.Series] = {ID_COLUMNS[c]: grid[c] for c in ID_COLUMNS}
    idx = pd.MultiIndex.from_frame(grid[key])
    v = s.pivot_table(index=key, columns="concept", values="value", aggfunc="first",
                      dropna=False).reindex(idx)
    st = s.pivot_table(index=key, columns="concept", values="status", aggfunc="first").reindex(idx)
    missing = pd.Series(ABSENT, index=idx).where(grid["has_report"].to_numpy(), NO_REPORT)
    for c, (vh, sh) in headers().items():
        cols[vh] = _col(v, c, idx, float("nan"))
        cols[sh] = _col(st, c, idx, None).fillna(missing).to_numpy()
    for name, frame in _ratios(s, idx).items():
        cols[name] = frame
    out = pd.DataFrame({k: pd.Series(val).to_numpy() for k, val in cols.items()})
    out[ID_COLUMNS["template"]] = out[ID_COLUMNS["template"]].where(grid["has_report"], "")
    return out


def _col(frame: pd.DataFrame, c: str, idx: pd.MultiIndex, empty) -> pd.Series:
    return frame[c] if c in frame.columns else pd.Series(empty, index=idx, dtype=object)


def _ratios(s: pd.DataFrame, idx: pd.MultiIndex) -> dict[str, pd.Series]:
    """The ratio columns, each with its numerator and denominator and its status."""
    out: dict[str, pd.Series] = {}
    g = granted_share(s).astype({"agency_id": str, "year": "int64"}).set_index(
        ["agency_id", "year"]).reindex(idx)
    out |= {"予以公开占比(%)": g["value"], "予以公开占比·分子:予以公开数": g["granted"],
            "予以公开占比·分母:办理结果总计": g["completed"],
            "予以公开占比" + STATUS: g["status"]}
    rates = correction_rates(s)
    for kind, label, part in (("reviews", "行政复议纠错率", "行政复议"),
                              ("suits", "行政诉讼纠错率", "行政诉讼")):
        r = rates[rates["kind"] == kind].astype({"agency_id": str, "year": "int64"}).set_index(
            ["agency_id", "year"]).reindex(idx)
        out |= {f"{label}(%)": r["value"], f"{label}·分子:{part}结果纠正数": r["corrected"],
                f"{label}·分母": r["base"], f"{label}·分母口径": r["basis"].map(BASIS),
                label + STATUS: r["status"]}
    return out
