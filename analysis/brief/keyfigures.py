"""The figures a briefing quotes, as `Figure`s: a number, or the status that says why there is none.

Every value comes from the figure engine (`ds.series` for concepts, `analysis.metrics` for 纠错率
and outcome shares): this module only wraps them for the sentences. `status` is a figure status
(reported, derived, conflict, partial, blank, not_applicable) or `absent` (the report has no such
row) or `no_report` (no report that year); `ok` means the figure has a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analysis import metrics
from analysis.figures import concepts, has_number
from analysis.figures.status import ABSENT, NO_REPORT


@dataclass(frozen=True)
class Figure:
    value: float | None
    status: str

    @property
    def ok(self) -> bool:
        return self.value is not None

    @classmethod
    def of(cls, value: float, status: str) -> Figure:
        """A figure from a (value, status) pair of the dataset: the value only where it is one."""
        if has_number(status) and value is not None and not math.isnan(value):
            return cls(float(value), status)
        return cls(None, status)


def concept_figures(ds, agency_id: str, year: int) -> dict[str, Figure]:
    """Every concept for one agency-year: `no_report` for all when there is no report that year,
    `absent` for a concept the report does not hold."""
    r = ds.reports
    if not ((r["agency_id"] == agency_id) & (r["year"] == year)).any():
        return {c: Figure(None, NO_REPORT) for c in concepts.concepts()}
    s = ds.series(None, [agency_id], [year])
    got = {str(c): Figure.of(v, str(st)) for c, v, st in
           zip(s["concept"], s["value"], s["status"], strict=True)}
    return {c: got.get(c, Figure(None, ABSENT)) for c in concepts.concepts()}


def outcomes(ds, agency_id: str, year: int) -> tuple[list[tuple[str, Figure]], Figure, str]:
    """(label, figure) per outcome, the total they are shares of, and the era found
    (`template`, `legacy`, or '' when the report has none): analysis.metrics.outcomes."""
    o = metrics.outcomes(ds, agency_id, year)
    parts = [(str(label), Figure.of(v, str(s))) for label, v, s in
             zip(o.parts["label_zh"], o.parts["value"], o.parts["status"], strict=True)]
    return parts, Figure.of(o.total, o.total_status), o.era


def corrected_rate(ds, agency_id: str, year: int, block: str) -> tuple[Figure, Figure, str]:
    """(corrected, base, basis) for `review` or `litigation`: 纠错率 = corrected / base, base =
    total − pending (basis `concluded`) or total (basis `total`); analysis.metrics.rates."""
    kind = {"review": "reviews", "litigation": "suits"}[block]
    r = metrics.rates(ds, [agency_id], [year])
    r = r[r["kind"] == kind]
    if r.empty:
        return Figure(None, ABSENT), Figure(None, ABSENT), "total"
    row = r.iloc[0]
    figs = concept_figures(ds, agency_id, year)
    corrected, total = figs[f"{kind}_corrected"], figs[f"{kind}_total"]
    base = Figure(float(row["base"]), "derived") if total.ok and not pd.isna(row["base"]) else total
    return corrected, base, str(row["basis"])
