"""Checks across reports: a stated 同比 (yoy_pct) vs the change computed from the previous year's report."""

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
    annual = f.loc[f["measure"] == "annual", ["agency_id", "year", "indicator", "value"]]
    annual = annual.astype({"agency_id": "category", "indicator": "category"})
    return stated, annual


def check_yoy(facts: pd.DataFrame, annual: pd.DataFrame | None = None) -> pd.DataFrame:
    """A flag row for each stated yoy_pct that the dataset's own annual figures contradict.

    Pass either all facts, or (stated rows, annual rows) as made by `yoy_inputs`."""
    if annual is None:
        facts, annual = yoy_inputs(facts)
    stated = facts
    annual = annual.astype({"agency_id": "string", "indicator": "string"}).drop_duplicates(
        ["agency_id", "year", "indicator"])
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
