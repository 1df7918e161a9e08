"""The figure engine: facts -> figures (one preferred value per report, indicator, breakdown and
measure, with its source and status) -> concept series. Nothing above this package picks a figure.

- `resolve(facts)`: figures and each fact's `preferred` flag (analysis.figures.resolve)
- `build_series(figures)`: every concept for every report (analysis.figures.series)
- `headline(figures, indicators)`: an indicator's own figure (total/all, the year's measure)
- `concepts`: the concept definitions (vocab/concepts.csv), applicant columns, outcome rows, mixes
- `status`: statuses and the one word for each kind of missing figure
- `written`: the house number format (447,228) of every page, table, chart and briefing

>>> from analysis.figures import concepts, word
>>> concepts.label("suits_total"), word("blank")
(('行政诉讼数', '件'), '未填报')
"""

from __future__ import annotations

from analysis.figures import concepts, written
from analysis.figures.headline import headline
from analysis.figures.resolve import COLUMNS, Resolution, resolve
from analysis.figures.series import COLUMNS as SERIES_COLUMNS
from analysis.figures.series import build as build_series
from analysis.figures.status import FIGURE_STATUSES, NUMBER, has_number, word, words

__all__ = ["resolve", "Resolution", "COLUMNS", "build_series", "SERIES_COLUMNS", "headline",
           "concepts", "written", "word", "words", "has_number", "NUMBER", "FIGURE_STATUSES"]
