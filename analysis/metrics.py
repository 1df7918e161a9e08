"""Per-agency figures that notebooks, charts and briefings share: key figures with the change from
a comparison year, 纠错率, outcome shares, the latest year. All read the figure engine's output
(`ds.series`, `ds.figures`); nothing here picks a figure or draws. Blank stays NaN with its status;
a concept a report does not hold is `absent`; a year without a report is `no_report`.

>>> from analysis.metrics import RATES
>>> sorted(RATES)
['reviews_correction_rate', 'suits_correction_rate']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.dataset.dataset import Dataset
from analysis.figures import NUMBER, concepts, headline
from analysis.figures.rates import correction_rates
from analysis.figures.status import ABSENT, NO_REPORT, UNRESOLVED

KEY = ["agency_id", "year"]
# rate concept -> (label, kind): 纠错率 = corrected / (total − pending), from the kind's concepts
RATES = {"reviews_correction_rate": ("行政复议纠错率", "reviews"),
         "suits_correction_rate": ("行政诉讼纠错率", "suits")}
KEY_COLUMNS = ["concept", "label_zh", "unit", "value", "status", "prev_value", "prev_status",
               "yoy_pct"]


def agency_name(ds: Dataset, agency_id: str) -> str:
    """The agency's Chinese name as the dataset knows it (its id when unknown)."""
    r = ds.reports
    names = r.loc[r["agency_id"] == agency_id, "agency"].dropna()
    return str(names.iloc[0]) if len(names) else agency_id


def agency_names(ds: Dataset, agency_ids) -> list[str]:
    """The names of many agencies at once (each id where unknown)."""
    r = ds.reports.dropna(subset=["agency_id", "agency"]).drop_duplicates("agency_id")
    names = dict(zip(r["agency_id"].astype(str), r["agency"].astype(str), strict=True))
    return [names.get(str(i), str(i)) for i in agency_ids]


def years_of(ds: Dataset, agency_id: str | None = None) -> list[int]:
    """Years with a report (of one agency, or of any)."""
    r = ds.reports if agency_id is None else ds.reports[ds.reports["agency_id"] == agency_id]
    return sorted(int(y) for y in r["year"].dropna().unique())


def latest_year(ds: Dataset, agency_id: str | None = None) -> int | None:
    """The agency's latest report year (or the dataset's), None when it has none."""
    years = years_of(ds, agency_id)
    return years[-1] if years else None


def latest_years(ds: Dataset) -> pd.Series:
    """Latest report year per agency id."""
    r = ds.reports.dropna(subset=KEY)
    return r.groupby(r["agency_id"].astype(str))["year"].max()


def rates(ds: Dataset, agencies=None, years=None) -> pd.DataFrame:
    """纠错率 per agency-year and kind (reviews, suits): corrected / base in percent, base =
    total − pending (basis `concluded`) or total where no pending figure (basis `total`).
    Status: that of the corrected or total figure when it has no number, `none_concluded` when
    the base is 0 (analysis.figures.rates)."""
    return correction_rates(ds.series(None, agencies, years))


def correction_rate(ds: Dataset, agency_id: str, year: int, kind: str = "reviews"
                    ) -> tuple[float, str]:
    """(纠错率 in percent, status) of one agency-year; kind: reviews or suits."""
    r = rates(ds, [agency_id], [year])
    r = r[r["kind"] == kind]
    return (float("nan"), ABSENT) if r.empty else (float(r["value"].iloc[0]),
                                                   str(r["status"].iloc[0]))


def _long(ds: Dataset, agencies: list[str]) -> pd.DataFrame:
    """agency_id, year, concept, value, status of the key concepts and the rates."""
    s = ds.series(None, agencies)
    s = s[s["concept"].isin(concepts.key_figures())][[*KEY, "concept", "value", "status"]]
    r = rates(ds, agencies).assign(concept=lambda d: d["kind"] + "_correction_rate")
    both = pd.concat([s.astype({"concept": str, "status": str, "agency_id": str}),
                      r[[*KEY, "concept", "value", "status"]]], ignore_index=True)
    return both.astype({"year": "int64"})


def key_figures_for(ds: Dataset, pairs: pd.DataFrame) -> pd.DataFrame:
    """Key figures of many agency-years at once: `pairs` has agency_id, year, compare_to; the
    result has those columns and KEY_COLUMNS, one row per pair and figure that either year has."""
    order = [*concepts.key_figures(), *RATES]
    labels = {c: concepts.label(c) for c in concepts.key_figures()}
    labels.update({c: (label, "%") for c, (label, _) in RATES.items()})
    long = _long(ds, pairs["agency_id"].astype(str).unique().tolist())
    grid = pairs.astype({"agency_id": str, "year": "int64", "compare_to": "int64"}).merge(
        pd.DataFrame({"concept": order}), how="cross")
    now = grid.merge(long, on=[*KEY, "concept"], how="left")
    prev = grid.merge(long.rename(columns={"year": "compare_to"}), on=["agency_id", "compare_to",
                                                                       "concept"], how="left")
    reported = set(zip(ds.reports["agency_id"].astype(str), ds.reports["year"], strict=True))
    has_prev = [(a, y) in reported for a, y in zip(grid["agency_id"], grid["compare_to"],
                                                    strict=True)]
    out = grid.assign(value=now["value"].to_numpy(), status=now["status"].fillna(ABSENT).to_numpy(),
                      prev_value=prev["value"].to_numpy(),
                      prev_status=prev["status"].fillna(ABSENT).where(has_prev, NO_REPORT)
                      .to_numpy())
    out["label_zh"] = out["concept"].map(lambda c: labels[c][0])
    out["unit"] = out["concept"].map(lambda c: labels[c][1])
    change = (out["value"] - out["prev_value"]) / out["prev_value"] * 100
    out["yoy_pct"] = change.where((out["unit"] != "%") & (out["prev_value"] != 0))
    shown = ~(out["status"].eq(ABSENT) & out["prev_status"].isin([ABSENT, NO_REPORT]))
    return out[shown].astype({"value": float, "prev_value": float, "yoy_pct": float}
                             ).reset_index(drop=True)


def key_figures(ds: Dataset, agency_id: str, year: int, compare_to: int | None = None
                ) -> pd.DataFrame:
    """Key figures of one agency-year (concepts with a `key` in vocab/concepts.csv, then the
    纠错率) beside those of `compare_to` (default the year before), with the change in percent
    (none for rates). A figure neither year has is left out."""
    pairs = pd.DataFrame({"agency_id": [agency_id], "year": [year],
                          "compare_to": [year - 1 if compare_to is None else compare_to]})
    return key_figures_for(ds, pairs)[KEY_COLUMNS]


def all_key_figures(ds: Dataset) -> pd.DataFrame:
    """Key figures of every agency at its latest year against the year before, in one pass."""
    latest = latest_years(ds).rename("year").reset_index()
    return key_figures_for(ds, latest.assign(compare_to=latest["year"] - 1))


@dataclass
class Outcomes:
    """申请办理结果 of one report: the parts (indicator, label_zh, value, status, share in percent)
    and the total they are shares of."""

    era: str
    parts: pd.DataFrame
    total: float
    total_status: str


def outcomes(ds: Dataset, agency_id: str, year: int) -> Outcomes:
    """The template's result groups, or the legacy 答复 rows, whichever the report has. The total
    is the printed (or derived) 总计 where the report has that row, else the sum of the parts,
    a number only when every part is one."""
    f = ds.figures
    mine = f[(f["agency_id"] == agency_id) & (f["year"] == year)]
    labels = concepts.outcomes().set_index("indicator")["label_zh"]
    for era, total_id in (("template", "request.result.total"), ("legacy", "request.reply.total")):
        ids = concepts.outcome_ids(era)
        rows = headline(mine, ids)
        if rows.empty:
            continue
        rows = rows.assign(indicator=rows["indicator"].astype(str), status=rows["status"].astype(str))
        rows = rows.set_index("indicator").reindex([i for i in ids if i in set(rows["indicator"])])
        parts = pd.DataFrame({"indicator": rows.index, "label_zh": labels[rows.index].to_numpy(),
                              "value": rows["value"].to_numpy(dtype=float),
                              "status": rows["status"].to_numpy()})
        tot = headline(mine, [total_id])
        if len(tot):
            total, status = float(tot["value"].iloc[0]), str(tot["status"].iloc[0])
        else:
            complete = parts["status"].isin(NUMBER).all()
            status = ("derived" if complete else UNRESOLVED
                      if parts["status"].eq(UNRESOLVED).any() else "partial")
            total = parts["value"].sum() if complete else float("nan")
        parts["share"] = parts["value"] / total * 100 if total and total > 0 else float("nan")
        return Outcomes(era, parts, total, status)
    return Outcomes("", pd.DataFrame(columns=["indicator", "label_zh", "value", "status",
                                              "share"]), float("nan"), ABSENT)


def outcome_shares(ds: Dataset, agency_id: str, year: int) -> pd.DataFrame:
    """The parts of `outcomes()`: indicator, label_zh, value, status, share (percent of the
    total; NaN for a part without a number, or when the total has none)."""
    return outcomes(ds, agency_id, year).parts
