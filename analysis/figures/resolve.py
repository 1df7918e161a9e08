"""Facts -> figures: one preferred value per report (= agency-year), indicator, breakdown, measure.

The one answer to "which figure wins", vectorised (a preference rank, a stable sort, the first per
key; no per-report loop):
1. a number before anything else: a printed table cell, then a figure derived from complete parts,
   then a figure stated in the narrative;
2. then an `unresolved` figure (printed, but not placed for certain, or derived from such a part:
   the report has the number, the reader has to check it), then a `partial` derived figure (parts
   partly blank: no value, the known sum kept apart);
3. then a printed blank or 不适用, table first.
Where the winner comes from the table (or is derived from it) and the narrative states a different
number, the figure's status is `conflict`: the table's number is the value, the narrative's is kept
in `alt_value`. Every fact keeps `preferred` (True for the fact whose value the figure shows), so the
losing facts stay traceable by the key and their `source` and `location`.

>>> import pandas as pd
>>> facts = pd.DataFrame({"report_id": "r1", "agency_id": "a", "agency": "示例局", "year": 2022,
...     "template": "t2021", "indicator": "request.new", "breakdown": "total", "measure": "count",
...     "value": [21.0, 20.0], "status": "reported", "source": ["table", "narrative"], "unit": "件"})
>>> res = resolve(facts)
>>> res.figures[["value", "status", "source", "alt_value"]].values.tolist()
[[21.0, 'conflict', 'table', 20.0]]
>>> res.preferred.tolist()
[True, False]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.figures import derive
from analysis.figures.status import CONFLICT, NUMBER, PARTIAL, UNRESOLVED

KEY = ["report_id", "indicator", "breakdown", "measure"]
SOURCE_RANK = {"table": 0, "derived": 1, "narrative": 2}
COLUMNS = ["report_id", "agency_id", "agency", "year", "template", "indicator", "breakdown",
           "measure", "value", "status", "source", "unit", "partial_value", "alt_value",
           "n_facts", "note"]
_IN = [*derive.META, "indicator", "breakdown", "measure", "value", "status", "source", "unit"]


@dataclass
class Resolution:
    """The figures, and for each fact (same order as the input) whether its value won."""

    figures: pd.DataFrame
    preferred: np.ndarray


def rank(df: pd.DataFrame) -> np.ndarray:
    """Preference among candidates for one key, lower first (see the module docstring)."""
    status = np.select([df["status"].isin(NUMBER), df["status"].eq(UNRESOLVED),
                        df["status"].eq(PARTIAL)], [0, 1, 2], 3)
    source = df["source"].map(SOURCE_RANK).astype("float64").fillna(9).to_numpy()
    return status * 10 + source


def key_codes(df: pd.DataFrame, cols: list[str]) -> np.ndarray:
    """One int64 per row, equal for equal values of `cols` (factorised, no string hashing per
    comparison)."""
    code = np.zeros(len(df), dtype=np.int64)
    for col in cols:
        c, uniques = pd.factorize(df[col], use_na_sentinel=False)
        code = code * (len(uniques) + 1) + c
    return code


def first_per(df: pd.DataFrame, cols: list[str], order: np.ndarray) -> tuple[pd.DataFrame,
                                                                          np.ndarray]:
    """The row with the lowest `order` per distinct `cols`, and the group start positions in the
    sorted frame (for summing over each group with np.add.reduceat)."""
    key = key_codes(df, cols)
    idx = np.lexsort((order, key))
    k = key[idx]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    return df.iloc[idx], starts


def pick(cands: pd.DataFrame) -> pd.DataFrame:
    """The best candidate per key; `n_facts` summed over the key's candidates."""
    if cands.empty:
        return cands
    ordered, starts = first_per(cands, KEY, rank(cands))
    n = np.add.reduceat(ordered["n_facts"].to_numpy(dtype=np.int64), starts)
    return ordered.iloc[starts].assign(n_facts=n).reset_index(drop=True)


def _conflicts(best: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    narr = facts[facts["source"].eq("narrative") & facts["status"].eq("reported")]
    if narr.empty:
        return best
    # the narrative's value for each figure's key (a fact's key and source are unique), by codes
    # of the keys of both factorised together: a merge on object columns cost three times more
    code = key_codes(pd.concat([best[KEY], narr[KEY]], ignore_index=True), KEY)
    other = pd.Series(narr["value"].to_numpy(dtype=float), index=code[len(best):]).reindex(
        code[:len(best)]).to_numpy()
    differs = (best["source"].isin(["table", "derived"]).to_numpy()
               & best["status"].isin(NUMBER).to_numpy()
               & ~np.isnan(other) & (np.abs(other - best["value"].to_numpy(dtype=float)) > 1e-9))
    best.loc[differs, "status"] = CONFLICT
    best.loc[differs, "alt_value"] = other[differs]
    return best


def _column(facts: pd.DataFrame, col: str):
    """A column of `facts` as the resolver takes it: a string column as pandas' default `str`
    (Arrow to Arrow: going through numpy objects made and re-read a Python string per cell, a
    fifth of the resolver's time), anything else, and a column of nothing but missing values, as
    its numpy values (as they always were)."""
    if col not in facts:
        return None
    s = facts[col]
    if isinstance(s.dtype, pd.StringDtype) and s.count():
        return s.astype("str").reset_index(drop=True)
    return s.to_numpy()


def resolve(facts: pd.DataFrame) -> Resolution:
    """The figures of `facts` (any number of reports) and the `preferred` flag of each fact."""
    base = pd.DataFrame({c: _column(facts, c) for c in _IN})
    base["status"] = base["status"].astype(object)
    base["source"] = base["source"].astype(object)
    base = base.assign(partial_value=np.nan, alt_value=np.nan, n_facts=1, note="",
                       _origin=np.arange(len(base)))
    totals = derive.applicant_totals(base).assign(n_facts=0, alt_value=np.nan, _origin=-1)
    best = pick(pd.concat([base, totals], ignore_index=True) if len(totals) else base)
    groups = derive.group_sums(best).assign(n_facts=0, alt_value=np.nan, _origin=-1)
    if len(groups):
        best = pick(pd.concat([best, groups], ignore_index=True))
    best = _conflicts(best, base)
    preferred = np.zeros(len(facts), dtype=bool)
    origin = best["_origin"].to_numpy(dtype=np.int64)
    preferred[origin[origin >= 0]] = True
    figures = best[COLUMNS].sort_values(KEY, kind="stable", ignore_index=True)
    return Resolution(figures=figures, preferred=preferred)
