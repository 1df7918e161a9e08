"""Concept series: one figure followed across the pre-2019 tables and the 2019/2021 templates.

The series are made once, by the figure engine (`analysis.figures.build_series`, from the concept
definitions in analysis/vocab/concepts.csv) and stored as series.parquet; this module is how an
analyst reads them.

>>> from analysis import load_dataset                              # doctest: +SKIP
>>> ds = load_dataset("outputs/dataset")                            # doctest: +SKIP
>>> concept_series(ds, "requests_received", agencies=["sl-city"])   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.dataset.dataset import Dataset
from analysis.figures import concepts as _concepts


def concepts() -> list[str]:
    """Every concept id (vocab/concepts.csv)."""
    return _concepts.concepts()


def concept_series(ds: Dataset, concept: str, agencies: Iterable[str] | None = None,
                   years: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per agency-year for `concept`: value, status, source, indicators, era … (the same
    as `ds.series(concept, agencies, years)`). KeyError for an unknown concept."""
    return ds.series(concept, agencies, years)


def wide(ds: Dataset, concepts: Iterable[str], agencies: Iterable[str] | None = None,
         column: str = "value") -> pd.DataFrame:
    """agency_id × year rows, one column per concept (`column`: value, status or partial_value)."""
    s = ds.series(None, agencies)
    s = s[s["concept"].isin(list(concepts))]
    out = s.pivot_table(index=["agency_id", "year"], columns="concept", values=column,
                        aggfunc="first", observed=True, dropna=False)
    return out.reindex(columns=[c for c in concepts if c in out.columns])
