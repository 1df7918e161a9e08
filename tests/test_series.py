"""Concept series over a small facts table mixing a legacy and a template report of one agency,
and the concept vocabulary (vocab/concepts.csv) checked against the indicators."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import vocab
from analysis.dataset import schema
from analysis.dataset.dataset import Dataset
from analysis.figures import concepts
from analysis.series import concept_series


def _ds(rows) -> Dataset:
    cols = ["report_id", "agency_id", "year", "template", "indicator", "breakdown", "measure",
            "value", "status", "source"]
    facts = pd.DataFrame(rows, columns=cols).assign(agency="示例局", location="t")
    reports = facts.drop_duplicates("report_id")[["report_id", "agency_id", "agency", "year",
                                                  "template"]]
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def _example() -> Dataset:
    nan = math.nan
    return _ds([
        # legacy 2012: table annual figure blank, narrative says 5 -> narrative used
        ("r1", "a1", 2012, "legacy", "request.received", "all", "annual", nan, "blank", "table"),
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
    ])


def test_requests_received_across_eras():
    s = concept_series(_example(), "requests_received")
    assert list(s["year"]) == [2012, 2023]
    assert list(s["value"]) == [5, 21]
    assert list(s["source"]) == ["narrative", "table"]
    assert list(s["era"]) == ["legacy", "template"]
    # 2023: the narrative says 20, the table 21: the table's number, said to conflict
    assert list(s["status"]) == ["reported", "conflict"]


def test_suits_sum_both_template_blocks():
    s = concept_series(_example(), "suits_total")
    assert list(s["value"]) == [2, 7]
    assert s["indicators"].iloc[1] == "litigation_direct.total + litigation_after_review.total"


def test_a_sum_with_a_blank_part_is_partial_not_the_printed_part():
    ds = _ds([("r", "a", 2023, "t2021", "litigation_direct.total", "all", "count", 3,
               "reported", "table"),
              ("r", "a", 2023, "t2021", "litigation_after_review.total", "all", "count",
               math.nan, "blank", "table")])
    s = concept_series(ds, "suits_total")
    assert s["status"].tolist() == ["partial"] and math.isnan(s["value"].iloc[0])
    assert s["partial_value"].tolist() == [3.0]


def test_legacy_annual_not_cumulative_and_agencies_filter():
    ds = _ds([("r", "a", 2016, "legacy", "proactive.total", "all", "cumulative", 900, "reported",
               "table"),
              ("r", "a", 2016, "legacy", "proactive.total", "all", "annual", 50, "reported",
               "table"),
              ("q", "b", 2016, "legacy", "proactive.total", "all", "annual", 7, "reported",
               "table")])
    assert concept_series(ds, "proactive_total", agencies=["a"])["value"].tolist() == [50]
    assert concept_series(ds, "proactive_total", years=[2015]).empty


def test_unknown_concept():
    with pytest.raises(KeyError, match="requests_received"):
        concept_series(_example(), "nope")


def test_concepts_file_is_consistent():
    """One label and unit per concept; ids exist; every era and measure is known; concepts
    followed across templates have rules in both eras."""
    t = concepts.table()
    assert (t.groupby("concept")[["label_zh", "unit", "key"]].nunique(dropna=False) <= 1).all().all()
    assert set(t["indicator"]) <= set(vocab.indicators()), set(t["indicator"]) - set(
        vocab.indicators())
    assert set(t["era"]) == {"legacy", "template"}
    measures = {m for ms in t["measure"] for m in ms.split("|")}
    assert measures <= {"annual", "count", "made", "decisions"}
    assert len(set(t["concept"])) == len(concepts.concepts()) >= 20
    both = t.groupby("concept")["era"].nunique()
    assert {"requests_received", "reviews_total", "suits_total", "requests_granted"} <= set(
        both[both == 2].index)


def test_template_rows_ids_exist():
    known = set(vocab.indicators())
    rows = vocab.rows("template_rows.csv")
    ids = {r["id"] for r in rows if r["kind"] in ("row", "phrase")}
    ids |= {r["id"] for r in rows if r["table"] == "四"}
    assert ids <= known, ids - known
