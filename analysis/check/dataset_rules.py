"""Checks across reports of one agency: a stated 同比 (yoy_pct) vs the change computed from the
previous year's report; a cumulative figure (历年累计) below the one the agency printed before."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from analysis.model import Flag

TOL_PCT = 1.0  # percentage points: reports round their 同比
COLUMNS = ["report_id", "path", *(f.name for f in fields(Flag))]  # the dataset conforms them


def yoy_inputs(facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stated 同比 rows, slim annual rows) of a batch of facts: all `check_yoy` needs, so that a
    streaming caller keeps little of each batch in memory."""
    f = facts[(facts["status"] == "reported") & facts["agency_id"].notna() & facts["year"].notna()
              & (facts["breakdown"].fillna("all") == "all")]
    stated = f[f["measure"] == "yoy_pct"]
    slim = f.loc[f["measure"].isin(["annual", "cumulative"]) & (f["source"] == "table"),
                 ["agency_id", "year", "indicator", "measure", "value", "report_id", "path",
                  "location"]]
    slim = slim.astype({c: "category" for c in ("agency_id", "indicator", "measure", "report_id",
                                                 "path", "location")})
    return stated, slim


def check_yoy(facts: pd.DataFrame, annual: pd.DataFrame | None = None) -> pd.DataFrame:
    """A flag row for each stated yoy_pct that the dataset's own annual figures contradict.

    Pass either all facts, or (stated rows, annual rows) as made by `yoy_inputs`."""
    if annual is None:
        facts, annual = yoy_inputs(facts)
    stated = facts
    annual = annual[annual["measure"] == "annual"]
    annual = annual.astype({"agency_id": "string", "indicator": "string"}).drop_duplicates(
        ["agency_id", "year", "indicator"])[["agency_id", "year", "indicator", "value"]]
    if stated.empty or annual.empty:
        return pd.DataFrame(columns=COLUMNS)
    this = annual.rename(columns={"value": "now"})[["agency_id", "year", "indicator", "now"]]
    prev = annual.assign(year=annual["year"] + 1).rename(columns={"value": "before"})[
        ["agency_id", "year", "indicator", "before"]]
    m = stated.merge(this, on=["agency_id", "year", "indicator"]).merge(
        prev, on=["agency_id", "year", "indicator"])
    m = m[m["before"] > 0]
    m = m.assign(computed=(m["now"] - m["before"]) / m["before"] * 100)
    bad = m[(m["computed"] - m["value"]).abs() > TOL_PCT]
    rows = [{"report_id": r.report_id, "path": r.path, "rule": "yoy_mismatch", "severity": "warning",
             "indicator": r.indicator,
             "message": f"{r.indicator}: stated 同比 {r.value:g}%, computed {r.computed:.1f}% "
                        f"from {r.before:g} ({int(r.year) - 1}) to {r.now:g} ({int(r.year)})",
             "expected": f"{r.computed:.1f}", "found": f"{r.value:g}", "location": r.location}
            for r in bad.itertuples()]
    return pd.DataFrame(rows, columns=COLUMNS)


def check_cumulative(slim: pd.DataFrame) -> pd.DataFrame:
    """A flag row for each cumulative (历年累计) figure below the same agency's cumulative of an
    earlier year: a running total never falls, so one of the two reports is wrong (or the count
    was restarted without saying so). `slim` as made by `yoy_inputs`."""
    cum = slim[slim["measure"] == "cumulative"].astype(
        {"agency_id": "string", "indicator": "string"})
    cum = cum.drop_duplicates(["agency_id", "indicator", "year"]).sort_values(
        ["agency_id", "indicator", "year"])
    if cum.empty:
        return pd.DataFrame(columns=COLUMNS)
    same = cum.groupby(["agency_id", "indicator"], sort=False)
    cum = cum.assign(before=same["value"].shift(), before_year=same["year"].shift())
    bad = cum[cum["before"].notna() & (cum["value"] < cum["before"] - 1e-6)]
    rows = [{"report_id": r.report_id, "path": r.path, "rule": "cumulative_decreased",
             "severity": "warning", "indicator": r.indicator,
             "message": f"{r.indicator}: cumulative {r.value:g} in {int(r.year)} is below "
                        f"{r.before:g} printed for {int(r.before_year)}",
             "expected": f">= {r.before:g}", "found": f"{r.value:g}", "location": r.location}
            for r in bad.itertuples()]
    return pd.DataFrame(rows, columns=COLUMNS)
