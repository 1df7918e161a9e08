"""An indicator's own figure for its report: the 总计 column (or the unbroken figure) and the year's
measure (legacy `annual`, else `count`, else `amount`), never the cumulative or 同比 column.

The one answer to "what is this indicator's number in this report", for outcome shares, mixes and
the figures of tables 四 and the legacy rows that no concept follows.

>>> import pandas as pd
>>> figs = pd.DataFrame({"report_id": "r", "agency_id": "a", "year": 2016, "indicator": "proactive.total",
...     "breakdown": "all", "measure": ["cumulative", "annual", "yoy_pct"], "value": [900.0, 50.0, 4.0],
...     "status": "reported"})
>>> headline(figs)["value"].tolist()
[50.0]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures.concepts import HEADLINE_BREAKDOWNS, HEADLINE_MEASURES
from analysis.figures.resolve import first_per


def headline(figures: pd.DataFrame, indicators=None, *, breakdown: str | None = None,
             measure: str | None = None) -> pd.DataFrame:
    """One row per report and indicator (in `indicators`, or all), the figure's columns kept.

    `breakdown` / `measure` fix one instead of the headline order."""
    f = figures if indicators is None else figures[figures["indicator"].isin(list(indicators))]
    bds = (breakdown,) if breakdown else HEADLINE_BREAKDOWNS
    measures = (measure,) if measure else HEADLINE_MEASURES
    f = f[f["breakdown"].isin(bds) & f["measure"].isin(measures)]
    if f.empty:
        return f.reset_index(drop=True)
    order = (f["measure"].map({m: i for i, m in enumerate(measures)}).astype(int).to_numpy() * 10
             + f["breakdown"].map({b: i for i, b in enumerate(bds)}).astype(int).to_numpy())
    ordered, starts = first_per(f, ["report_id", "indicator"], np.asarray(order))
    return ordered.iloc[starts].reset_index(drop=True)
