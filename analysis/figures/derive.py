"""Figures a template report does not print, derived from its parts: only from complete parts.

Two kinds, both from the template's own structure (vocab/template_rows.csv, read through
`analysis.figures.concepts`):
- a table 三 row's 总计 that is blank or not printed = the sum of its six applicant columns;
- a table 三 group row that is not printed (不予公开 …) = the sum of its sub-rows (1–8 …), per column.

Status `derived` only when every part is a number; when some parts are blank (or missing) the
candidate is `partial`: value NaN, the known parts' sum in `partial_value`, never shown as the total;
when a part is `unresolved` (printed, not placed for certain) the candidate is `unresolved` (no value:
a total from an unresolved part is no number either); when no part is a number it is `blank`. Candidates compete with the printed facts in
`analysis.figures.resolve`: a printed number always wins.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures import concepts
from analysis.figures.status import BLANK, DERIVED, NUMBER, PARTIAL, UNRESOLVED

META = ["report_id", "agency_id", "agency", "year", "template"]
CANDIDATE_COLUMNS = [*META, "indicator", "breakdown", "measure", "value", "status", "source",
                     "unit", "partial_value", "note"]


def _status(n_number: pd.Series, n_parts: pd.Series | int, any_partial: pd.Series,
            any_unresolved: pd.Series) -> np.ndarray:
    return np.select([n_number == n_parts, any_unresolved, (n_number > 0) | any_partial],
                     [DERIVED, UNRESOLVED, PARTIAL], BLANK)


def _candidates(g: pd.DataFrame, n_parts, what: str, breakdown=None) -> pd.DataFrame:
    """From per-key aggregates (n_number, total, partial_sum, any_partial, meta) to candidates."""
    status = _status(g["n_number"], n_parts, g["any_partial"], g["any_unresolved"])
    out = g[[c for c in META if c in g]].copy()
    out["indicator"] = g["indicator"]
    out["breakdown"] = g["breakdown"] if breakdown is None else breakdown
    out["measure"] = "count"
    out["value"] = np.where(status == DERIVED, g["total"], np.nan)
    out["status"] = status
    out["source"] = "derived"
    out["unit"] = "件"
    out["partial_value"] = np.where(status == PARTIAL, g["total"] + g["partial_sum"], np.nan)
    out["note"] = np.select([status == DERIVED, status == UNRESOLVED, status == PARTIAL],
                            [f"sum of {what}", f"{what}: some unresolved",
                             f"{what}: some blank or missing"], f"{what}: all blank")
    return out[CANDIDATE_COLUMNS].reset_index(drop=True)


def _aggregate(parts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    number = parts["status"].isin(NUMBER)
    parts = parts.assign(_num=number, _val=parts["value"].where(number, 0.0),
                         _partial=parts["partial_value"].fillna(0.0),
                         _any_partial=parts["status"].eq(PARTIAL),
                        _any_unresolved=parts["status"].eq(UNRESOLVED))
    g = parts.groupby(by, sort=False, observed=True)
    out = g[META[1:]].first() if set(META[1:]) <= set(parts.columns) else None
    agg = pd.DataFrame({"n_number": g["_num"].sum(), "total": g["_val"].sum(),
                        "partial_sum": g["_partial"].sum(), "any_partial": g["_any_partial"].any(),
                        "any_unresolved": g["_any_unresolved"].any()})
    return (agg if out is None else agg.join(out)).reset_index()


def _isin(rows: pd.DataFrame, done: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """Whether each row's values of `cols` occur together in a row of `done`: the columns of both
    factorised together into one code per row (tuples of objects in a MultiIndex cost more)."""
    both = pd.concat([rows[cols], done[cols]], ignore_index=True)
    code = np.zeros(len(both), dtype=np.int64)
    for col in cols:
        c, uniques = pd.factorize(both[col], use_na_sentinel=False)
        code = code * (len(uniques) + 1) + c
    return np.isin(code[:len(rows)], code[len(rows):])


def applicant_totals(facts: pd.DataFrame) -> pd.DataFrame:
    """总计 candidates for table 三 rows whose 总计 is not a printed number."""
    parts_ids = concepts.applicants()
    f = facts[facts["template"].isin(concepts.TEMPLATES) & facts["source"].eq("table")
              & facts["indicator"].isin(concepts.t3_rows())]
    printed = f[f["breakdown"].eq("total") & f["status"].isin(NUMBER)]
    parts = f[f["breakdown"].isin(parts_ids)]
    if parts.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    parts = parts.assign(partial_value=np.nan)
    g = _aggregate(parts, ["report_id", "indicator"])
    g = g[~_isin(g, printed, ["report_id", "indicator"])]
    return _candidates(g, len(parts_ids), "the 6 applicant columns", breakdown="total")


def _group_map() -> pd.DataFrame:
    rows = [(t, sub, group, len(subs)) for t in concepts.TEMPLATES
            for group, subs in concepts.groups(t).items() for sub in subs]
    return pd.DataFrame(rows, columns=["template", "indicator", "group", "n_subs"])


def group_sums(best: pd.DataFrame) -> pd.DataFrame:
    """Group-row candidates (one per column) from the resolved figures of their sub-rows, for
    groups without a printed number in that column."""
    columns = (*concepts.applicants(), "total")
    f = best[best["template"].isin(concepts.TEMPLATES) & best["breakdown"].isin(columns)]
    gm = _group_map()
    subs = f.merge(gm, on=["template", "indicator"], how="inner")
    if subs.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    g = _aggregate(subs.drop(columns="indicator").rename(columns={"group": "indicator"}),
                   ["report_id", "indicator", "breakdown", "n_subs"])
    have = f[f["indicator"].isin(set(gm["group"])) & f["status"].isin(NUMBER)]
    key = ["report_id", "indicator", "breakdown"]
    g = g[~_isin(g, have, key)]
    return _candidates(g, g["n_subs"], "its sub-rows")
