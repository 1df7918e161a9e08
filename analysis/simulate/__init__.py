"""Simulated corpora with ground truth: a fictional region (示例市), one report per agency-year in
the format of its year and a form drawn per report, with switchable noise.

>>> from analysis.simulate import simulate, Noise   # doctest: +SKIP
>>> simulate("out/sim", agencies=12, seed=1)         # doctest: +SKIP
"""

from __future__ import annotations

from analysis.simulate.corpus import FORMS, Summary, simulate
from analysis.simulate.noise import KINDS, Noise

__all__ = ["simulate", "Noise", "Summary", "FORMS", "KINDS"]
