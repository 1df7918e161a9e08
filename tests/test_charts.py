"""Charts: Chinese glyphs render, blanks are not zeros, no data draws 无数据, files are reproducible.

The synthetic dataset (tests/fixtures/charts/*.csv) is the source document of every number here.
"""

from __future__ import annotations

import logging
import struct
import warnings

import pytest
from fixtures.charts.synthetic import build

from analysis import charts
from analysis.charts import compare, quality, trends

AGENCY_CHARTS = ["proactive_by_year", "proactive_channels", "proactive_categories",
                 "requests_by_year", "requests_by_channel", "request_outcomes",
                 "reviews_and_suits", "requests_by_applicant"]
AGENCIES = ["a-big", "a-small", "a-zero", "a-blank", "no-such-agency"]


@pytest.fixture(scope="module")
def ds():
    return build()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def draw_strictly(fig, stem, caplog) -> dict:
    """Save (which draws) with every warning an error and matplotlib's findfont log watched."""
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        paths = charts.save(fig, stem)
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
    return paths


@pytest.mark.parametrize("name", AGENCY_CHARTS)
def test_agency_charts_render_chinese_without_missing_glyphs(ds, name, tmp_path, caplog):
    fn = getattr(charts, name)
    for agency in AGENCIES:
        for year in (None, 2018, 2022):
            fig = fn(ds, agency, year=year)
            all_text = "".join(texts(fig))
            assert "数据来源：" in all_text and "政府信息公开工作年度报告" in all_text
            assert fig._suptitle is not None and fig._suptitle.get_text()
        draw_strictly(fig, tmp_path / f"{name}-{agency}", caplog)


def test_the_glyph_check_can_fail(tmp_path):
    """A character no registered font has must raise under the same strict settings."""
    fig = charts.no_data("标题 \U0001F600")
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from (current )?font"):
        warnings.simplefilter("error")
        charts.save(fig, tmp_path / "glyph")


def test_no_data_and_blank(ds):
    assert "无数据" in "".join(texts(charts.requests_by_year(ds, "no-such-agency")))
    # a-zero: every 办理结果 is 0 -> says so instead of drawing an empty share chart
    assert "无数据" in "".join(texts(charts.request_outcomes(ds, "a-zero")))
    # a-blank 2021: 部分公开 and 不予处理 are blank cells (facts.csv), 不予公开 is a reported 0
    fig = charts.request_outcomes(ds, "a-blank", year=2021)
    words = texts(fig)
    assert sum(w.strip() == "未填报" for w in words) == 2
    assert "0.0%（0件）" in words and "60.0%（3件）" in words
    # a-blank: proactive.total is a blank cell in 2016 and absent from the 2021 report -> no
    # chart, a note that says why in the status word (never "0或空白")
    fig = charts.proactive_by_year(ds, "a-blank")
    assert charts.empty(fig) == "均未填报"
    assert not [p for p in fig.axes[0].patches if p.get_height() > 0]


def test_requests_by_year_crosses_templates(ds):
    """Legacy 受理申请数 (2017 1200, 2018 1500: table, not the narrative 1501) and template
    本年新收 总计 (2021 2000, 2022 2400) in one series, with 2019-2020 marked 无报告."""
    fig = charts.requests_by_year(ds, "a-big")
    heights = sorted(p.get_height() for p in fig.axes[0].patches)
    assert heights == [1200, 1500, 2000, 2400]
    assert texts(fig).count("无报告") == 2


def test_save_is_reproducible_and_sized(ds, tmp_path):
    a = charts.save(charts.reviews_and_suits(ds, "a-big"), tmp_path / "a", size="half_a4")
    b = charts.save(charts.reviews_and_suits(ds, "a-big"), tmp_path / "b", size="half_a4")
    for ext in ("png", "svg"):
        assert a[ext].read_bytes() == b[ext].read_bytes()
    assert b"Date" not in a["svg"].read_bytes()
    width, height = struct.unpack(">II", a["png"].read_bytes()[16:24])
    assert (width, height) == (round(6.3 * 200), round(4.2 * 200))
    with pytest.raises(ValueError, match="size"):
        charts.save(charts.no_data("x"), tmp_path / "c", size="poster")


def test_comparison_trend_and_quality_charts(ds, tmp_path, caplog):
    figs = [compare.ranking(ds, "requests_received", 2022),
            compare.ranking(ds, "requests_received", 1999),
            compare.mix(ds, "outcomes", 2022),
            compare.small_multiples(ds, "requests_received"),
            trends.over_years(ds, "requests_received"),
            trends.mix_over_years(ds, "outcomes"),
            trends.mix_over_years(ds, "channels"),
            quality.coverage(ds),
            quality.flags_by_rule(ds)]
    for i, fig in enumerate(figs):
        draw_strictly(fig, tmp_path / f"fig{i}", caplog)
    # a-big (2400) is 100x a-small (24): the ranking switches to a log scale and says so
    assert figs[0].axes[0].get_xscale() == "log"
    assert "对数刻度" in "".join(texts(figs[0]))
    assert "无数据" in "".join(texts(figs[1]))


def test_every_id_a_chart_uses_exists():
    """Indicator ids of the mixes, outcomes and case blocks exist in vocab/indicators.csv; every
    short label in vocab/labels.csv names an indicator, a breakdown, a block or a concept; every
    concept a chart or key table shows has a label."""
    from analysis import metrics, vocab
    from analysis.charts import agency
    from analysis.figures import concepts

    indicators = set(vocab.indicators())
    used = {*(p for k in ("channels", "request_channels", "categories", "outcomes")
              for p in concepts.mix_parts(k)),
            *concepts.outcomes()["indicator"], *concepts.outcomes()["folds_into"],
            *(f"{b}.{o}" for b in agency.CASE_BLOCKS for o in agency.CASE_OUTCOMES)}
    assert used - indicators == set()
    assert set(charts.years.items()["indicator"]) - indicators == set()  # table 二 rows
    others = {*concepts.applicants(), "total", *agency.CASE_OUTCOMES, *agency.CASE_BLOCKS,
              *concepts.concepts(), *(r["breakdown"] for r in vocab.rows("applicant_groups.csv"))}
    labels = {r["id"] for r in vocab.rows("labels.csv")}
    assert labels - indicators - others == set()
    from analysis.charts import years

    for concept in (*years.LONG_SERIES, *concepts.key_figures()):
        assert concepts.label(concept)[0]
    assert set(metrics.RATES) == {"reviews_correction_rate", "suits_correction_rate"}


def test_channel_years_keep_gaps_on_the_axis_in_words():
    """Channels printed 2014 and 2017; the 2015 report has no channel rows; no report for 2016."""
    import pandas as pd

    from analysis.dataset import schema
    from analysis.dataset.store import Dataset

    reports = schema.conform("reports", pd.DataFrame({
        "report_id": ["r14", "r15", "r17"], "agency_id": "g", "agency": "示例局",
        "year": [2014, 2015, 2017], "template": "legacy", "n_facts": 1, "n_flags": 0}))
    facts = schema.conform("facts", pd.DataFrame({
        "report_id": ["r14", "r14", "r17"], "agency_id": "g", "agency": "示例局",
        "year": [2014, 2014, 2017], "template": "legacy", "breakdown": "all",
        "indicator": ["proactive.channel.website", "proactive.channel.weibo",
                      "proactive.channel.website"],
        "measure": "annual", "value": [10.0, 5.0, 12.0], "status": "reported", "source": "table",
        "location": "t"}))
    fig = charts.proactive_channels(Dataset(reports, facts, schema.empty("flags"),
                                            schema.empty("failures")), "g")
    words = texts(fig)
    # one row per channel: 网站 10 (2014), 12 (2017); 微博 5 (2014); the 2015 report and 微博
    # 2017 have no such row (left empty, the note says so); 2016 has no report (said once)
    assert sorted(w for w in words if w.isdigit() and len(w) < 4) == ["10", "12", "5"]
    assert words.count("无报告") == 1
    assert "空白处为年报未载明" in "".join(words)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2014", "2015", "2016",
                                                                    "2017"]
