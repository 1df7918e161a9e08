"""Across agencies: rankings with the peers' median, the spread of a concept per year, mixes
(channels, outcomes, applicants) side by side, and agency selection. Built on the figure engine's
figures and series; every median across agencies is computed here.

>>> import numpy as np
>>> median_without_each(np.array([2400.0, 24.0, 0.0])).tolist()
[12.0, 1200.0, 1212.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.dataset.dataset import Dataset
from analysis.figures import NUMBER, concepts, headline


def _numbers(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["status"].isin(NUMBER)]


def median_without_each(values: np.ndarray) -> np.ndarray:
    """For each value, the median of the *other* values (NaN ignored), vectorised over the sorted
    array: an agency is not its own reference."""
    ok = ~np.isnan(values)
    v = np.sort(values[ok])
    n = len(v)
    out = np.full(len(values), np.nan)
    if n == 0:
        return out
    m = n - 1  # how many remain once one is left out
    pos = np.searchsorted(v, values[ok], side="left")  # where each sits among the sorted values

    def at(rank: np.ndarray) -> np.ndarray:  # rank among the remaining -> value
        return v[np.minimum(rank + (rank >= pos), n - 1)]

    out[~ok] = np.median(v)
    if m > 0:
        lo, hi = (m - 1) // 2, m // 2
        out[ok] = (at(np.full(n, lo)) + at(np.full(n, hi))) / 2
    return out


def compare(ds: Dataset, concept: str, year: int, agency_ids=None) -> pd.DataFrame:
    """One concept for a year across agencies, ranked (1 = largest), with the peers' median.

    Columns agency_id, agency, value, status, rank, peer_median (median of the *other*
    agencies' values, so an agency is not its own reference)."""
    s = ds.series(concept, agency_ids, [year])
    s = s[["agency_id", "agency", "value", "status"]].astype(
        {"agency_id": str, "agency": str, "status": str}).reset_index(drop=True)
    s["rank"] = s["value"].rank(ascending=False, method="min").astype("Int64")
    s["peer_median"] = median_without_each(s["value"].to_numpy(dtype=float))
    return s.sort_values(["rank", "agency_id"], na_position="last", ignore_index=True)


def peer_median(ds: Dataset, concept: str, year: int, agency_ids=None,
                exclude: str | None = None) -> float:
    """Median of `concept` in `year` across agencies with a number (NaN when none)."""
    s = _numbers(ds.series(concept, agency_ids, [year]))
    if exclude:
        s = s[s["agency_id"] != exclude]
    return float(s["value"].median()) if len(s) else float("nan")


def spread(ds: Dataset, concept: str, agency_ids=None) -> pd.DataFrame:
    """Per year across agencies with a number: q25, median, q75 and n (index: year)."""
    s = _numbers(ds.series(concept, agency_ids))
    if s.empty:
        return pd.DataFrame(columns=["q25", "median", "q75", "n"], dtype=float)
    g = s.assign(year=s["year"].astype(int)).groupby("year")["value"]
    out = g.quantile([0.25, 0.5, 0.75]).unstack()
    out.columns = ["q25", "median", "q75"]
    return out.assign(n=g.size())


def _applicant_rows(figures: pd.DataFrame) -> pd.DataFrame:
    rows = figures[figures["indicator"].eq("request.new")
                   & figures["breakdown"].isin(concepts.applicants())]
    return rows.assign(indicator=rows["breakdown"])


def mix(ds: Dataset, kind: str, *, year: int | None = None, agency_ids=None,
        by: str = "agency_id") -> pd.DataFrame:
    """Parts of a whole (kind: outcomes, channels, request_channels, categories, applicants) as a
    wide table: one row per agency (by="agency_id", for one `year`) or per year (by="year",
    summed over agencies), one column per part, numbers only (blank -> NaN). Legacy outcomes are
    folded into the template's groups (vocab/outcomes.csv)."""
    f = ds.figures
    if agency_ids is not None:
        f = f[f["agency_id"].isin(list(agency_ids))]
    if year is not None:
        f = f[f["year"] == year]
    parts = concepts.mix_parts(kind)
    if kind == "applicants":
        rows = _applicant_rows(f)
    else:
        o = concepts.outcomes()
        folds = dict(zip(o["indicator"], o["folds_into"], strict=True)) if kind == "outcomes" \
            else {}
        rows = headline(f, [*parts, *folds])
        rows = rows.assign(indicator=rows["indicator"].astype(str).replace(folds))
    rows = _numbers(rows).astype({"indicator": str})
    if rows.empty:
        return pd.DataFrame(columns=list(parts), dtype=float)
    rows = rows.assign(agency_id=rows["agency_id"].astype(str), year=rows["year"].astype(int))
    table = rows.pivot_table(index=by, columns="indicator", values="value", aggfunc="sum")
    return table[[p for p in parts if p in table.columns]].sort_index()


def select_agencies(ds: Dataset, *, level: str | None = None, parent: str | None = None,
                    ids=None) -> list[str]:
    """Agency ids filtered by level (city, district, department…), parent region, or a list."""
    a = ds.agencies
    if level:
        a = a[a["agency_level"] == level]
    if parent:
        a = a[a["parent"] == parent]
    if ids:
        unknown = sorted(set(ids) - set(a["agency_id"]))
        if unknown:
            raise KeyError(f"agencies not in the dataset (or not matching the filter): {unknown}")
        a = a[a["agency_id"].isin(list(ids))]
    return a["agency_id"].tolist()


def who_reported(ds: Dataset, year: int, agency_ids=None) -> tuple[list[str], list[str]]:
    """(ids of the agencies with a report for `year`, ids of those without), of `agency_ids`
    (default: every agency), in their order."""
    ids = list(agency_ids) if agency_ids is not None else select_agencies(ds)
    have = set(ds.reports.loc[ds.reports["year"] == year, "agency_id"].astype(str))
    return [a for a in ids if a in have], [a for a in ids if a not in have]


def comparable_year(ds: Dataset, agency_ids=None) -> tuple[int | None, str]:
    """The year to compare agencies in when none is asked for, and why in one Chinese sentence:
    the latest year at least half of the agencies have a report for (else the latest of the years
    most of them have); a later year that fewer agencies have is named, not chosen."""
    ids = list(agency_ids) if agency_ids is not None else select_agencies(ds)
    r = ds.reports[ds.reports["agency_id"].astype(str).isin(ids)].dropna(subset=["year"])
    counts = r.groupby(r["year"].astype(int))["agency_id"].nunique().sort_index()
    if counts.empty:
        return None, "所选机关没有年报。"
    enough = counts[counts * 2 >= len(ids)]
    year = int(enough.index.max()) if len(enough) else int(counts[counts == counts.max()].index.max())
    why = (f"未指定年度：取{len(ids)}个所选机关中多数（{counts[year]}个）有年报的最近年度{year}年"
           if len(enough) else
           f"未指定年度：没有一年过半机关有年报，取有年报机关最多（{counts[year]}个）的最近年度{year}年")
    later = counts[counts.index > year]
    if len(later):
        why += "；" + "、".join(f"{y}年仅{n}个" for y, n in later.items()) + "机关有年报"
    return year, why + "。"
