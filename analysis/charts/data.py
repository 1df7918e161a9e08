"""What the charts of one agency read, taken from the figure engine's tables once per dataset and
agency: its figures (ids and statuses as text), its concept series, its report years and
templates, its name. Every chart of a page asks here, so a page reads the agency's rows once
instead of filtering the dataset again in each chart.

The cache is keyed by the Dataset object (weakly: it goes with the dataset), so a new dataset, or
the next page in a warm kernel, never sees another's rows.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import pandas as pd

from analysis import metrics
from analysis.figures import NUMBER, concepts, headline

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Agency:
    """One agency's rows of the dataset, as the charts read them."""

    agency_id: str
    name: str
    figures: pd.DataFrame  # the agency's figures; indicator, breakdown, measure, status as str
    series: pd.DataFrame  # the agency's concept series; concept and status as str
    templates: dict[int, str]  # report year -> template
    _headline: dict = field(default_factory=dict, repr=False)

    @property
    def years(self) -> list[int]:
        """Years with a report."""
        return sorted(self.templates)

    def span(self, upto: int | None = None) -> list[int]:
        """Every year from the first report to the last (or `upto`), gaps included."""
        years = [y for y in self.years if upto is None or y <= upto]
        return list(range(years[0], years[-1] + 1)) if years else []

    def era_years(self, era: str) -> list[int]:
        """Report years of one era: `template` (2019 and 2021 templates) or `legacy`."""
        return [y for y, t in self.templates.items() if concepts.era_of(t) == era]

    def concept(self, name: str, upto: int | None = None) -> pd.DataFrame:
        """One concept's series (year, value, status …), up to a year."""
        s = self.series[self.series["concept"] == name]
        return s if upto is None else s[s["year"] <= upto]

    def headline(self, indicators: list[str]) -> pd.DataFrame:
        """analysis.figures.headline of the agency's figures for these indicators (kept)."""
        key = tuple(indicators)
        if key not in self._headline:
            self._headline[key] = headline(self.figures, indicators)
        return self._headline[key]

    def latest_with(self, indicators: list[str]) -> int | None:
        """The latest year in which any of `indicators` has a number."""
        rows = self.headline(indicators)
        rows = rows[rows["status"].isin(NUMBER)]
        return int(rows["year"].max()) if len(rows) else None


def of(ds, agency_id: str) -> Agency:
    """The agency's rows of `ds`, read once per dataset object and agency."""
    per_ds = _CACHE.setdefault(ds, {})
    if agency_id not in per_ds:
        per_ds[agency_id] = _read(ds, agency_id)
    return per_ds[agency_id]


def _read(ds, agency_id: str) -> Agency:
    f = ds.figures
    f = f[f["agency_id"] == agency_id]
    f = f.astype({"indicator": str, "breakdown": str, "measure": str, "status": str,
                  "year": "int64"})
    s = ds.series(None, [agency_id]).astype({"concept": str, "status": str, "year": "int64"})
    r = ds.reports[ds.reports["agency_id"] == agency_id].dropna(subset=["year"])
    templates = {int(y): str(t) for y, t in zip(r["year"], r["template"].astype(str),
                                                   strict=True)}
    return Agency(agency_id, metrics.agency_name(ds, agency_id), f, s, templates)
