"""Charts with Chinese text in the house style, as pyplot-free matplotlib Figures.

>>> from analysis import charts, load_dataset          # doctest: +SKIP
>>> fig = charts.requests_by_year(ds, "js-huaian")      # doctest: +SKIP
>>> charts.save(fig, Path("out/requests"), size="half_a4")  # doctest: +SKIP

Every chart function calls `setup()` (font + style) itself, so a fresh kernel needs nothing else.
"""

from __future__ import annotations

from analysis.charts import compare, quality, trends
from analysis.charts.agency import (
    long_series,
    proactive_by_year,
    proactive_categories,
    proactive_channels,
    request_outcomes,
    requests_by_applicant,
    requests_by_channel,
    requests_by_year,
    reviews_and_suits,
)
from analysis.charts.base import SIZES, no_data, setup
from analysis.charts.output import save

__all__ = ["SIZES", "setup", "save", "no_data", "proactive_by_year", "proactive_channels",
           "proactive_categories", "requests_by_year", "requests_by_channel", "request_outcomes",
           "reviews_and_suits", "requests_by_applicant", "long_series", "compare", "trends",
           "quality"]
