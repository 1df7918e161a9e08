"""The figure engine (analysis.figures): which figure wins, derived totals only from complete
parts, partial and conflict statuses, and every consumer (metrics, brief) saying the same.

Each case is a handful of facts written here; the expected figures are worked out in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.brief.keyfigures import concept_figures
from analysis.dataset import schema
from analysis.dataset.dataset import Dataset
from analysis.figures import concepts, resolve
from analysis.peers import median_without_each

APPLICANTS = concepts.applicants()


def _facts(rows, template="t2021") -> pd.DataFrame:
    """rows: (indicator, breakdown, value or None for blank, source)."""
    out = []
    for indicator, breakdown, value, source in rows:
        blank = value is None
        out.append({"report_id": "r", "agency_id": "a", "agency": "示例局", "year": 2022,
                    "template": template, "indicator": indicator, "breakdown": breakdown,
                    "measure": "count", "value": math.nan if blank else float(value),
                    "status": "blank" if blank else "reported", "source": source,
                    "unit": "件", "location": f"{source} {indicator} {breakdown}"})
    return pd.DataFrame(out)


def _figure(figures, indicator, breakdown="total"):
    hit = figures[(figures["indicator"] == indicator) & (figures["breakdown"] == breakdown)]
    assert len(hit) == 1, (indicator, breakdown, len(hit))
    return hit.iloc[0]


def _ds(facts) -> Dataset:
    reports = facts.drop_duplicates("report_id")[["report_id", "agency_id", "agency", "year",
                                                  "template"]]
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def test_no_total_column_all_six_printed_is_derived():
    """A template table 三 without a 总计 column: 5 + 1 + 0 + 0 + 2 + 0 = 8, derived."""
    facts = _facts([("request.new", b, v, "table") for b, v in zip(APPLICANTS, [5, 1, 0, 0, 2, 0],
                                                                     strict=True)])
    fig = _figure(resolve(facts).figures, "request.new")
    assert (fig["value"], fig["status"], fig["source"]) == (8, "derived", "derived")
    ds = _ds(facts)
    assert concept_figures(ds, "a", 2022)["requests_received"].value == 8
    assert ds.series("requests_received")["value"].tolist() == [8]


def test_no_total_column_with_a_blank_cell_is_partial_everywhere():
    """The issue's case: no 总计 column, natural person 5, one applicant cell blank. No total is
    made up: the brief, the key figures and the series all say partial, none says 5."""
    values = [5, 1, None, 0, 2, 0]
    facts = _facts([("request.new", b, v, "table") for b, v in zip(APPLICANTS, values,
                                                                     strict=True)])
    fig = _figure(resolve(facts).figures, "request.new")
    assert fig["status"] == "partial" and math.isnan(fig["value"]) and fig["partial_value"] == 8
    ds = _ds(facts)
    brief = concept_figures(ds, "a", 2022)["requests_received"]
    assert (brief.value, brief.status) == (None, "partial")
    from analysis import metrics

    k = metrics.key_figures(ds, "a", 2022).set_index("concept")
    assert k.loc["requests_received", "status"] == "partial"
    assert math.isnan(k.loc["requests_received", "value"])


def test_partly_blank_parts_never_become_a_zero_total():
    """结转下年度: 总计 blank, three of six applicant cells blank, the others 0 0 0: the old
    parser made a derived 0. Now: partial, known parts' sum 0 kept apart, the value empty."""
    rows = [("request.carried_out", "total", None, "table")]
    rows += [("request.carried_out", b, v, "table")
             for b, v in zip(APPLICANTS, [None, 0, None, 0, None, 0], strict=True)]
    res = resolve(_facts(rows))
    fig = _figure(res.figures, "request.carried_out")
    assert (fig["status"], fig["source"], fig["partial_value"]) == ("partial", "derived", 0)
    assert math.isnan(fig["value"])
    assert not res.preferred[0]  # the blank 总计 fact is not the figure's value
    s = _ds(_facts(rows)).series("requests_carried_out")
    assert s["status"].tolist() == ["partial"] and s["value"].isna().all()


def test_all_parts_blank_keeps_the_printed_blank():
    rows = [("request.carried_out", "total", None, "table")]
    rows += [("request.carried_out", b, None, "table") for b in APPLICANTS]
    res = resolve(_facts(rows))
    fig = _figure(res.figures, "request.carried_out")
    assert (fig["status"], fig["source"]) == ("blank", "table") and res.preferred[0]


def test_unprinted_group_from_complete_sub_rows_only():
    """不予公开 not printed: its 8 sub-rows 1..8 (总计 column) sum to 36: derived. With one sub-row
    blank: partial (35 known). 其他处理 in 2019 is one printed row: no sub-rows, taken as printed."""
    subs = concepts.groups("t2021")["request.result.denied"]
    assert len(subs) == 8
    full = _facts([(s, "total", i + 1, "table") for i, s in enumerate(subs)])
    assert _figure(resolve(full).figures, "request.result.denied")["value"] == 36
    gap = _facts([(s, "total", None if i == 0 else i + 1, "table") for i, s in enumerate(subs)])
    fig = _figure(resolve(gap).figures, "request.result.denied")
    assert (fig["status"], fig["partial_value"]) == ("partial", 35)
    assert "request.result.other" not in concepts.groups("t2019")
    t2019 = _facts([("request.result.other", "total", 4, "table")], template="t2019")
    assert _figure(resolve(t2019).figures, "request.result.other")["status"] == "reported"


def test_group_total_from_sub_rows_whose_totals_are_derived():
    """Sub-rows with their 总计 blank but all six applicant cells printed: each sub-row total is
    derived, and the unprinted group from them."""
    subs = concepts.groups("t2021")["request.result.unavailable"]
    rows = [(s, b, 1, "table") for s in subs for b in APPLICANTS]
    rows += [(s, "total", None, "table") for s in subs]
    fig = _figure(resolve(_facts(rows)).figures, "request.result.unavailable")
    assert (fig["value"], fig["status"]) == (3 * 6, "derived")


def test_a_printed_number_beats_derived_and_narrative_and_conflict_is_said():
    """Printed 总计 10 while the columns sum to 9 (a check flags that): the figure is 10. The
    narrative says 12: conflict, 12 kept in alt_value; the table fact is preferred."""
    rows = [("request.new", b, v, "table") for b, v in zip(APPLICANTS, [4, 5, 0, 0, 0, 0],
                                                             strict=True)]
    rows += [("request.new", "total", 10, "table"), ("request.new", "total", 12, "narrative")]
    facts = _facts(rows)
    res = resolve(facts)
    fig = _figure(res.figures, "request.new")
    assert (fig["value"], fig["status"], fig["source"], fig["alt_value"], fig["n_facts"]) == (
        10, "conflict", "table", 12, 2)
    winners = facts[res.preferred & facts["breakdown"].eq("total").to_numpy()]
    assert winners["source"].tolist() == ["table"]


def test_one_figure_per_key_and_one_preferred_fact_per_figure_from_facts():
    rows = [("request.new", "total", None, "table"), ("request.new", "total", 7, "narrative"),
            ("review.total", "all", 3, "table")]
    facts = _facts(rows)
    res = resolve(facts)
    assert not res.figures.duplicated(["report_id", "indicator", "breakdown", "measure"]).any()
    assert res.preferred.tolist() == [False, True, True]  # the narrative 7 beats a blank cell
    assert _figure(res.figures, "request.new")["value"] == 7


def test_median_of_the_others_matches_brute_force():
    rng = np.random.default_rng(0)
    for n in range(1, 10):
        for _ in range(100):
            v = rng.integers(0, 5, n).astype(float)
            v[rng.random(n) < 0.2] = np.nan
            got = median_without_each(v)
            for i in range(n):
                others = np.delete(v, i) if not np.isnan(v[i]) else v
                others = others[~np.isnan(others)]
                want = np.median(others) if len(others) else np.nan
                assert (np.isnan(want) and np.isnan(got[i])) or want == got[i]
