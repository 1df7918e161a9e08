"""Charts with Chinese text in the house style, as pyplot-free matplotlib Figures.

>>> from analysis import charts, load_dataset          # doctest: +SKIP
>>> fig = charts.requests_by_year(ds, "js-huaian")      # doctest: +SKIP
>>> charts.save(fig, Path("out/requests"), size="half_a4")  # doctest: +SKIP

Every chart function calls `setup()` (font + style) itself, so a fresh kernel needs nothing else.
A chart with nothing positive to draw comes back as a `no_data` figure: `empty(fig)` gives its
reason, which pages and briefings print as a one-line note instead of the image.
"""

from __future__ import annotations

from analysis.charts import compare, quality, trends
from analysis.charts.agency import (
    proactive_by_year,
    request_outcomes,
    requests_by_applicant,
    requests_by_year,
    reviews_and_suits,
)
from analysis.charts.base import SIZES, empty, no_data, setup, source_of, title_of, years_of
from analysis.charts.output import save
from analysis.charts.years import (
    long_series,
    proactive_categories,
    proactive_channels,
    requests_by_channel,
    template_items,
)

__all__ = ["SIZES", "setup", "save", "no_data", "empty", "title_of", "years_of", "source_of",
           "proactive_by_year", "proactive_channels", "proactive_categories", "requests_by_year",
           "requests_by_channel", "request_outcomes", "reviews_and_suits", "requests_by_applicant",
           "long_series", "template_items", "compare", "trends", "quality"]
