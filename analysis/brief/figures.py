"""The figures a briefing quotes, read from one report's facts.

A `Figure` keeps a number apart from the words for a missing one: `status` is a Fact status
(reported / blank / not_applicable) or `absent` (the report has no such row) or `no_report`.
Concepts that span templates (e.g. 新收申请 = legacy `request.received` or template `request.new`)
are defined in `figures.csv` beside this module: alternatives separated by `|`, parts to add by
`+`, an explicit measure after `@`.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from analysis import vocab
from analysis.series import preference

# Measures tried in order when a source names none; legacy rows carry cumulative/annual/yoy_pct,
# and only `annual` is the year's own figure.
MEASURE_ORDER = ("annual", "count", "amount")
BREAKDOWN_ORDER = ("total", "all")


@dataclass(frozen=True)
class Figure:
    value: float | None
    status: str  # reported | blank | not_applicable | absent | no_report

    @property
    def ok(self) -> bool:
        return self.status == "reported"


ABSENT = Figure(None, "absent")
NO_REPORT = Figure(None, "no_report")


@functools.cache
def _csv(name: str) -> tuple[dict[str, str], ...]:
    with resources.files(__package__).joinpath(name).open(encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def concepts() -> tuple[dict[str, str], ...]:
    """Rows of analysis/vocab/figures.csv (shared with analysis.metrics): concept, label_zh, unit,
    sources."""
    return tuple(vocab.rows("figures.csv"))


def outcome_rows(group: str) -> list[dict[str, str]]:
    """Outcome indicators of table 三 (`template`) or of the legacy 答复 rows (`legacy`)."""
    return [r for r in _csv("outcomes.csv") if r["group"] == group]


def _pick(rows: pd.DataFrame, order: tuple[str, ...], col: str) -> pd.DataFrame:
    for key in order:
        hit = rows[rows[col] == key]
        if len(hit):
            return hit
    return rows


def lookup(facts: pd.DataFrame, indicator: str, measure: str | None = None) -> Figure:
    """One indicator of one report's facts (breakdown total/all; measure annual/count/amount;
    source table, then narrative)."""
    rows = facts[facts["indicator"] == indicator]
    if measure:
        rows = rows[rows["measure"] == measure]
    else:
        rows = rows[~rows["measure"].isin(["cumulative", "yoy_pct"])]
        rows = _pick(rows, MEASURE_ORDER, "measure")
    rows = _pick(rows, BREAKDOWN_ORDER, "breakdown")
    if rows.empty:
        return ABSENT
    # the rule the series and key figures use: a printed number first, table before derived
    # before narrative (a report's table and prose can disagree; a flag says so)
    row = rows.iloc[int(preference(rows).to_numpy().argmin())]
    value = row["value"]
    if row["status"] == "reported" and not pd.isna(value):
        return Figure(float(value), "reported")
    return Figure(None, str(row["status"]))


def add(figures: list[Figure]) -> Figure:
    """Sum of parts: a number only when every part is; otherwise the first part's missing status."""
    if all(f.status == "absent" for f in figures):
        return ABSENT
    for f in figures:
        if not f.ok:
            return Figure(None, f.status)
    return Figure(math.fsum(f.value for f in figures), "reported")


def resolve(facts: pd.DataFrame, sources: str) -> Figure:
    """Evaluate a figures.csv `sources` expression; the first alternative present wins."""
    for alternative in sources.split("|"):
        parts = []
        for term in alternative.split("+"):
            indicator, _, measure = term.strip().partition("@")
            parts.append(lookup(facts, indicator, measure or None))
        fig = add(parts)
        if fig.status != "absent":
            return fig
    return ABSENT


def concept_figures(facts: pd.DataFrame | None) -> dict[str, Figure]:
    """Every concept of figures.csv for one report (`None` facts: no report that year)."""
    if facts is None:
        return {c["concept"]: NO_REPORT for c in concepts()}
    return {c["concept"]: resolve(facts, c["sources"]) for c in concepts()}


def outcomes(facts: pd.DataFrame) -> tuple[list[tuple[str, Figure]], Figure, str]:
    """(label, figure) per outcome, the denominator, and which group was found.

    Template reports use table 三 (七)总计; legacy ones request.reply.total, else the sum of parts.
    """
    for group, total_id in (("template", "request.result.total"),
                            ("legacy", "request.reply.total")):
        parts = [(r["label_zh"], lookup(facts, r["indicator"])) for r in outcome_rows(group)]
        present = [(label, f) for label, f in parts if f.status != "absent"]
        if not present:
            continue
        total = lookup(facts, total_id)
        if total.status == "absent":
            total = add([f for _, f in present])
        return present, total, group
    return [], ABSENT, ""


def corrected_rate(facts: pd.DataFrame, block: str) -> tuple[Figure, Figure, str]:
    """(corrected, base, basis) for `review` or `litigation` (table 四 blocks or legacy rows).

    纠错率 = 结果纠正 / 已审结, 已审结 = 总计 − 尚未审结 (basis `concluded`); where the report
    has no 尚未审结 row (legacy tables), the base is 总计 (basis `total`). Same definition as
    analysis.metrics.correction_rate.
    """
    blocks = ["litigation_direct", "litigation_after_review"] if block == "litigation" else [block]
    if block == "litigation" and lookup(facts, "litigation.total").status != "absent":
        blocks = ["litigation"]
    corrected = add([lookup(facts, f"{b}.corrected") for b in blocks])
    total = add([lookup(facts, f"{b}.total") for b in blocks])
    pending = add([lookup(facts, f"{b}.pending") for b in blocks])
    if total.ok and pending.ok:
        return corrected, Figure(total.value - pending.value, "reported"), "concluded"
    return corrected, total, "total"
