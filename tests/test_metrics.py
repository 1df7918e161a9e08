"""Derived figures. Every expected number is worked out by hand from tests/fixtures/charts/facts.csv."""

from __future__ import annotations

import math

import pytest
from fixtures.charts.synthetic import build

from analysis import metrics, peers


@pytest.fixture(scope="module")
def ds():
    return build()


def row(df, concept):
    hit = df[df["concept"] == concept]
    assert len(hit) == 1, concept
    return hit.iloc[0]


def test_key_figures_template_year(ds):
    k = metrics.key_figures(ds, "a-big", 2022)
    assert list(k.columns) == ["concept", "label_zh", "unit", "value", "status", "prev_value",
                               "prev_status", "yoy_pct"]
    r = row(k, "requests_received")  # 本年新收 总计: 2022 2400, 2021 2000 -> +20 %
    assert (r["value"], r["prev_value"], r["status"]) == (2400, 2000, "reported")
    assert r["yoy_pct"] == pytest.approx(20.0)
    r = row(k, "suits_total")  # direct 26 + after review 10; 2021: 20 + 10
    assert (r["value"], r["prev_value"]) == (36, 30)
    # 纠错率 = corrected / (total - pending): reviews 8 / (60 - 5); suits (3+2) / (36 - 1 - 1)
    assert row(k, "reviews_correction_rate")["value"] == pytest.approx(8 / 55 * 100)
    assert row(k, "suits_correction_rate")["value"] == pytest.approx(5 / 34 * 100)
    assert math.isnan(row(k, "reviews_correction_rate")["yoy_pct"])  # no % of a %
    # 上年结转 was printed in 2021 only: kept, as absent this year, never 0
    r = row(k, "requests_carried_in")
    assert r["status"] == "absent" and math.isnan(r["value"]) and r["prev_value"] == 50
    assert "proactive_total" not in set(k["concept"])  # neither 2022 nor 2021 has it


def test_key_figures_legacy_year_prefers_table_over_narrative(ds):
    k = metrics.key_figures(ds, "a-big", 2018)
    assert row(k, "requests_received")["value"] == 1500  # table 1500, narrative 1501
    r = row(k, "proactive_total")  # annual 56000, not cumulative 356000 or yoy 7.7
    assert (r["value"], r["prev_value"]) == (56000, 52000)
    assert r["yoy_pct"] == pytest.approx(4000 / 52000 * 100)


def test_blank_stays_blank(ds):
    k = metrics.key_figures(ds, "a-blank", 2021)
    r = row(k, "reviews_total")
    assert r["status"] == "blank" and math.isnan(r["value"])
    assert row(k, "reviews_correction_rate")["status"] == "blank"
    assert row(k, "suits_total")["value"] == 0  # 0 + 0, both printed
    k = metrics.key_figures(ds, "a-blank", 2016)
    assert row(k, "proactive_total")["status"] == "blank"


def test_zero_cases_give_no_rate_rather_than_a_division_error(ds):
    value, status = metrics.correction_rate(ds, "a-zero", 2022, "reviews")
    assert status == "none_concluded" and math.isnan(value)


def test_outcome_shares(ds):
    s = metrics.outcome_shares(ds, "a-big", 2022).set_index("indicator")
    # 1000 + 350 + 120 + 500 + 200 + 150 = 2320
    assert s.loc["request.result.disclosed", "share"] == pytest.approx(1000 / 2320 * 100)
    assert s["share"].sum() == pytest.approx(100)
    legacy = metrics.outcome_shares(ds, "a-big", 2017).set_index("indicator")
    # 200 + 600 + 150 + 100 + 150 = 1200
    assert legacy.loc["request.reply.granted", "share"] == pytest.approx(50.0)
    blank = metrics.outcome_shares(ds, "a-blank", 2021).set_index("indicator")
    assert blank.loc["request.result.partial", "status"] == "blank"
    assert math.isnan(blank.loc["request.result.partial", "share"])
    assert blank.loc["request.result.disclosed", "share"] == pytest.approx(60.0)  # 3 of 3+0+2
    assert metrics.outcome_shares(ds, "a-big", 2019).empty


def test_compare_and_peer_median(ds):
    c = peers.compare(ds, "requests_received", 2022).set_index("agency_id")
    assert c["rank"].to_dict() == {"a-big": 1, "a-small": 2, "a-zero": 3}
    assert c.loc["a-big", "peer_median"] == 12  # median of 24 and 0
    assert peers.peer_median(ds, "requests_received", 2022) == 24  # of 2400, 24, 0
    assert peers.peer_median(ds, "requests_received", 2022, exclude="a-small") == 1200


def test_mix_folds_legacy_outcomes(ds):
    m = peers.mix(ds, "outcomes", by="year")
    # 2017 a-big only: 已主动公开 200 + 同意公开 600 -> 予以公开 800; 不存在 150 -> 无法提供
    assert m.loc[2017, "request.result.disclosed"] == 800
    assert m.loc[2017, "request.result.unavailable"] == 150
    # 2018: a-big 250 + 700, a-small 2 + 6
    assert m.loc[2018, "request.result.disclosed"] == 958
    a = peers.mix(ds, "applicants", year=2022)
    assert a.loc["a-big", "natural_person"] == 2200 and a.loc["a-small", "business"] == 4


def test_latest_year_and_selection(ds):
    assert metrics.latest_year(ds, "a-blank") == 2021
    assert metrics.latest_year(ds, "nobody") is None
    assert metrics.latest_years(ds).to_dict() == {"a-big": 2022, "a-blank": 2021,
                                                  "a-small": 2022, "a-zero": 2022}
    assert peers.select_agencies(ds, level="department") == ["a-blank", "a-zero"]
    assert peers.select_agencies(ds, parent="某省") == ["a-big"]
    with pytest.raises(KeyError, match="nobody"):
        peers.select_agencies(ds, ids=["a-big", "nobody"])


def test_unknown_concept_is_an_error(ds):
    with pytest.raises(KeyError, match="unknown concept"):
        ds.series("no_such_concept")


def test_a_blank_total_is_derived_from_six_printed_columns(ds):
    """a-small 2021 结转下年度: the 总计 cell is blank, the six applicant cells 2 0 0 0 0 0 are all
    printed: the figure is their sum, derived; the blank fact stays, not preferred."""
    k = metrics.key_figures(ds, "a-small", 2021)
    r = row(k, "requests_carried_out")
    assert (r["value"], r["status"]) == (2.0, "derived")
    f = ds.facts
    blank = (f["agency_id"] == "a-small") & (f["indicator"] == "request.carried_out") & (
        f["breakdown"] == "total")
    assert not ds.preferred[blank.to_numpy()].any()


def test_tables_say_blank_in_words_and_export(ds, tmp_path):
    """analysis.tables builds on these figures: blank and absent are words, CSV opens in Excel."""
    from analysis import tables

    t = tables.key_figures(ds, "a-blank", 2021).set_index("指标")
    assert t.loc["行政复议数", "说明"] == "未填报；2020年无报告" and math.isnan(t.loc["行政复议数", "2021年"])
    html = tables.style(tables.key_figures(ds, "a-big", 2022)).to_html()
    assert "2,400" in html and "—" in html  # thousands separator; NaN shown as a dash
    path = tables.save_csv(tables.key_figures(ds, "a-big", 2022), tmp_path / "k.csv")
    assert path.read_bytes().startswith("\ufeff指标".encode())
    assert tables.flags(ds, "a-big")["年度"].tolist() == [2021]  # a year, written 2021 by style()
