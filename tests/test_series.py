"""concept_series over a small facts table mixing a legacy and a template report of one agency."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import vocab
from analysis.series import concept_series, concepts, crosswalk


def _facts() -> pd.DataFrame:
    rows = [
        # legacy 2012: table annual figure blank, narrative says 5 -> narrative used
        ("r1", "a1", 2012, "legacy", "request.received", "all", "annual", math.nan, "blank", "table"),
        ("r1", "a1", 2012, "legacy", "request.received", "all", "annual", 5, "reported",
         "narrative"),
        ("r1", "a1", 2012, "legacy", "litigation.total", "all", "annual", 2, "reported", "table"),
        # template 2023: table figure preferred over narrative; suits = direct + after review
        ("r2", "a1", 2023, "t2021", "request.new", "total", "count", 21, "reported", "table"),
        ("r2", "a1", 2023, "t2021", "request.new", "total", "count", 20, "reported", "narrative"),
        ("r2", "a1", 2023, "t2021", "litigation_direct.total", "all", "count", 3, "reported",
         "table"),
        ("r2", "a1", 2023, "t2021", "litigation_after_review.total", "all", "count", 4,
         "reported", "table"),
        ("r2", "a1", 2023, "t2021", "request.result.denied", "total", "count", 3, "reported",
         "derived"),
    ]
    cols = ["report_id", "agency_id", "year", "template", "indicator", "breakdown", "measure",
            "value", "status", "source"]
    df = pd.DataFrame(rows, columns=cols)
    df["agency"] = "示例局"
    return df


def test_requests_received_across_eras():
    s = concept_series(_facts(), "requests_received")
    assert list(s["year"]) == [2012, 2023]
    assert list(s["value"]) == [5, 21]
    assert list(s["source"]) == ["narrative", "table"]
    assert list(s["era"]) == ["legacy", "template"]


def test_suits_sum_both_template_blocks():
    s = concept_series(_facts(), "suits_total")
    assert list(s["value"]) == [2, 7]
    assert s["indicators"].iloc[1] == "litigation_direct.total + litigation_after_review.total"


def test_derived_group_is_used():
    s = concept_series(_facts(), "requests_denied")
    assert list(s["value"]) == [3] and list(s["source"]) == ["derived"]


def test_unknown_concept():
    with pytest.raises(KeyError, match="requests_received"):
        concept_series(_facts(), "nope")


def test_crosswalk_ids_exist():
    known = set(vocab.indicators())
    cw = crosswalk()
    assert set(cw["indicator"]) <= known, set(cw["indicator"]) - known
    assert {"legacy", "template"} == set(cw["era"])
    for c in concepts():
        assert set(cw[cw["concept"] == c]["era"]) == {"legacy", "template"}, c


def test_template_rows_ids_exist():
    known = set(vocab.indicators())
    rows = vocab.rows("template_rows.csv")
    ids = {r["id"] for r in rows if r["kind"] in ("row", "phrase")}
    ids |= {r["id"] for r in rows if r["table"] == "四"}
    assert ids <= known, ids - known


def test_one_rule_picks_the_figure_for_series_key_figures_and_briefs():
    """予以公开 total printed blank (Shanghai 2019 style), derived 272 from the applicant columns,
    the narrative saying 300: every consumer takes 272."""
    import pandas as pd

    from analysis import metrics
    from analysis.brief.figures import lookup

    rows = [("table", "blank", float("nan")), ("derived", "reported", 272.0),
            ("narrative", "reported", 300.0)]
    facts = pd.DataFrame([{"agency_id": "a", "year": 2019, "indicator": "request.result.disclosed",
                           "breakdown": "total", "measure": "count", "source": s, "status": st,
                           "value": v} for s, st, v in rows])
    assert metrics.pick(facts)["value"].tolist() == [272.0]
    assert lookup(facts, "request.result.disclosed").value == 272.0
