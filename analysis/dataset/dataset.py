"""`Dataset`: the tables of one dataset in memory, and the questions every analyst asks first.

>>> import pandas as pd
>>> from analysis.dataset import schema
>>> facts = pd.DataFrame({"report_id": "r1", "agency_id": "a", "agency": "示例局", "year": 2022,
...     "template": "t2021", "indicator": "request.new", "breakdown": "total", "measure": "count",
...     "value": [21.0, 20.0], "status": "reported", "source": ["table", "narrative"],
...     "location": ["table 三", "narrative line 3"]})
>>> reports = pd.DataFrame({"report_id": ["r1"], "agency_id": "a", "agency": "示例局", "year": 2022,
...     "template": "t2021"})
>>> ds = Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))
>>> ds
<Dataset (in memory): 1 report(s) of 1 agency(ies), 2022; 2 fact(s), 1 figure(s), 1 series row(s), 0 flag(s), 0 failure(s)>
>>> ds.series("requests_received")[["agency_id", "year", "value", "status"]].values.tolist()
[['a', 2022, 21.0, 'conflict']]
>>> ds.agencies[["agency_id", "agency", "first_year", "last_year", "n_reports"]].values.tolist()
[['a', '示例局', 2022, 2022, 1]]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.figures import build_series, concepts, resolve
from analysis.figures.wide import wide_table


class Dataset:
    """reports, facts, flags, failures (tables as DataFrames), figures (the preferred value of
    each figure: count and sum these, not facts) and the concept series (`series()`).

    figures and series are read from the folder when loaded, and computed from the facts (once)
    for a Dataset built in memory."""

    def __init__(self, reports: pd.DataFrame, facts: pd.DataFrame, flags: pd.DataFrame,
                 failures: pd.DataFrame, root: Path | None = None,
                 figures: pd.DataFrame | None = None, series: pd.DataFrame | None = None):
        self.reports, self.facts, self.flags, self.failures = reports, facts, flags, failures
        self.root = root
        self._figures, self._series, self._preferred = figures, series, None

    def _resolve(self) -> None:
        res = resolve(self.facts)
        self._figures, self._preferred = res.figures, res.preferred

    @property
    def figures(self) -> pd.DataFrame:
        """One preferred value per report, indicator, breakdown and measure (see analysis.figures)."""
        if self._figures is None:
            self._resolve()
        return self._figures

    @property
    def preferred(self) -> np.ndarray:
        """For each fact, whether its value is the one `figures` shows."""
        if "preferred" in self.facts and self.facts["preferred"].notna().all():
            return self.facts["preferred"].to_numpy(dtype=bool)
        if self._preferred is None:
            self._resolve()
        return self._preferred

    def series(self, concept: str | None = None, agencies: Iterable[str] | None = None,
               years: Iterable[int] | None = None) -> pd.DataFrame:
        """Concept series: one row per agency-year (columns of analysis.figures.SERIES_COLUMNS),
        of one concept (all without one), optionally of some agencies and years only."""
        if self._series is None:
            self._series = build_series(self.figures)
        s = self._series
        if concept is not None:
            if concept not in concepts.concepts():
                raise KeyError(f"unknown concept {concept!r}; known: "
                               f"{', '.join(concepts.concepts())}")
            s = s[s["concept"] == concept]
        if agencies is not None:
            s = s[s["agency_id"].isin(list(agencies))]
        if years is not None:
            s = s[s["year"].isin(list(years))]
        return s.reset_index(drop=True)

    def wide(self) -> pd.DataFrame:
        """Agency × year rows, per concept its value and its status side by side, the ratios
        with their numerator and denominator, Chinese headers: what `xxgk export` writes (see
        analysis.figures.wide)."""
        return wide_table(self.series(), self.reports)

    @property
    def agencies(self) -> pd.DataFrame:
        """One row per agency: id, name, level, parent, first and last year, number of reports."""
        r = self.reports.dropna(subset=["agency_id"])
        g = r.groupby(r["agency_id"].astype(str), sort=True)
        cols = {c: g[c].first().astype("string") for c in ("agency", "agency_level", "parent")
                if c in r}
        return pd.DataFrame({**cols, "first_year": g["year"].min(), "last_year": g["year"].max(),
                             "n_reports": g.size()}).rename_axis("agency_id").reset_index()

    def __repr__(self) -> str:
        r = self.reports
        years = r["year"].dropna()
        span = "" if years.empty else (f"{int(years.min())}" if years.min() == years.max()
                                       else f"{int(years.min())}–{int(years.max())}")
        where = str(self.root) if self.root else "(in memory)"
        figures = len(self._figures) if self._figures is not None else len(self.figures)
        return (f"<Dataset {where}: {len(r)} report(s) of {r['agency_id'].nunique()} agency(ies), "
                f"{span}; {len(self.facts):,} fact(s), {figures:,} figure(s), "
                f"{len(self.series()):,} series row(s), {len(self.flags):,} flag(s), "
                f"{len(self.failures):,} failure(s)>")
