"""Figures and the summary paragraph, on the hand-written dataset in tests/fixtures/brief/.

Every expected number below was worked out by hand from tests/fixtures/brief/facts.csv."""

from __future__ import annotations

import pytest
from fixtures.brief.synthetic import load as load_synthetic

from analysis.brief import content
from analysis.brief.keyfigures import concept_figures, corrected_rate
from analysis.brief.summary import summary


@pytest.fixture(scope="module")
def ds():
    return load_synthetic()


def test_legacy_uses_annual_not_cumulative(ds):
    figs = concept_figures(ds, "test-city", 2017)
    # 5000 is the cumulative column; 202 the narrative, which quotes the website row (table wins)
    assert figs["proactive_total"].value == 1825
    assert figs["requests_received"].value == 40  # request.received, legacy
    assert figs["normative_made"].status == "absent"


def test_template_concepts_and_blank(ds):
    figs = concept_figures(ds, "test-city", 2021)
    assert figs["requests_received"].value == 3119  # breakdown total, not natural_person 3000
    assert figs["suits_total"].value == 7  # direct 5 + after review 2
    assert figs["penalty_decisions"].status == "blank" and figs["penalty_decisions"].value is None
    assert figs["proactive_total"].status == "absent"


def test_corrected_rate(ds):
    corrected, base, basis = corrected_rate(ds, "test-city", 2021, "review")
    assert (corrected.value, base.value, basis) == (2, 8, "concluded")  # 11 − 3 pending
    corrected, base, basis = corrected_rate(ds, "test-city", 2017, "litigation")
    assert (corrected.value, base.value, basis) == (0, 1, "total")  # legacy: no pending row
    corrected, _, _ = corrected_rate(ds, "test-city", 2022, "review")
    assert corrected.status == "blank"


def test_summary_template_year_with_blank(ds):
    p, _, _ = content.period(ds, "test-city", 2022, 2021)
    assert summary(p) == (
        "2022年，测试市人民政府制发规范性文件15件，作出行政许可处理决定4,200,000件，作出行政处罚处理决定1,200件。"
        "全年新收政府信息公开申请2,500件，同比下降19.8%，另有上年结转103件。"
        # shares of 2460: 1500 → 61.0 %, 250 → 10.2 %, 100 → 4.1 %, 500 → 20.3 %, 50 → 2.0 %,
        # 60 → 2.4 %
        "办理结果共2,460件，其中予以公开1,500件、占61.0%，部分公开250件、占10.2%，不予公开100件、占4.1%，"
        "无法提供500件、占20.3%，不予处理50件、占2.0%，其他处理60件、占2.4%；结转下年度继续办理143件。"
        # review 8 vs 11: −27.3 %; 纠正 blank, so no 纠错率 and no 0
        "发生行政复议8件，同比下降27.3%，结果纠正数未填报，无法计算纠错率。"
        # litigation 3 + 1 = 4 vs 7: −42.9 %; corrected 1 of 4 − 0 pending = 25.0 %
        "发生行政诉讼4件，同比下降42.9%，其中结果纠正1件，纠错率25.0%（以已审结4件计）。")


def test_summary_legacy_year_without_previous_report(ds):
    p, _, _ = content.period(ds, "test-city", 2017, 2016)
    assert summary(p) == (
        "2017年，测试市人民政府主动公开政府信息1,825条。全年新收政府信息公开申请40件。"
        # 30 + 5 + 2 + 3 = 40 replies: 75.0 %, 12.5 %, 5.0 %, 7.5 %
        "答复申请共40件，其中同意公开30件、占75.0%，同意部分公开5件、占12.5%，不同意公开2件、占5.0%，"
        "不属于本机关公开3件、占7.5%。发生行政复议2件。"
        "发生行政诉讼1件，其中结果纠正0件，纠错率0.0%（以案件总数1件计）。2016年无报告，未作比较。")


def test_summary_compare_to_other_year_and_not_applicable(ds):
    p, _, _ = content.period(ds, "test-city", 2021, 2017)
    text = summary(p)
    assert "行政处罚处理决定数未填报" in text  # blank penalty decisions said in words
    assert "全年新收政府信息公开申请3,119件，较2017年增长7697.5%" in text  # (3119 − 40) / 40
    p, _, _ = content.period(ds, "test-edu", 2023, 2022)
    text = summary(p)
    assert text.startswith("2023年，测试区教育局制发规范性文件0件，行政许可处理决定数不适用。")
    assert "全年未发生行政复议案件。全年未发生行政诉讼案件。2022年无报告，未作比较。" in text
    assert "不予公开0件" not in text  # reported zeros are left out of the shares


def test_a_year_without_cases_is_said_in_words():
    """0 suits after 2 the year before: 全年未发生…（上年2件）, never 同比下降100.0%; 0 after 0:
    与上年相同; compared with another year, that year is named."""
    from types import SimpleNamespace

    from analysis.brief.keyfigures import Figure
    from analysis.brief.summary import disputes

    def period(now, before, y0=2021):
        return SimpleNamespace(now={"suits_total": Figure(now, "reported")},
                               before={"suits_total": Figure(before, "reported")},
                               year=2022, y0=y0)

    assert disputes(period(0.0, 2.0), "litigation") == "全年未发生行政诉讼案件（上年2件）。"
    assert disputes(period(0.0, 0.0), "litigation") == "全年未发生行政诉讼案件，与上年相同。"
    assert disputes(period(0.0, 1500.0, 2019), "litigation") == \
        "全年未发生行政诉讼案件（2019年1,500件）。"
    assert "100.0%" not in disputes(period(0.0, 2.0), "litigation")
    # 6 after 0 (the sample's 示例市教育局 reviews 2023 -> 2024): 上年为0件, not 同比上年为0
    from analysis.brief.summary import compare

    assert compare(period(6.0, 0.0), "suits_total") == "，上年为0件"
    assert compare(period(6.0, 0.0, 2019), "suits_total") == "，2019年为0件"


def test_key_table_words_not_zero(ds):
    p, _, _ = content.period(ds, "test-city", 2022, 2021)
    header, rows = content.key_table(p)
    assert header == ["指标", "单位", "2022年", "2021年", "增减"]
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["行政复议结果纠正数"] == ["件", "未填报", "2", "无法比较"]
    assert by_label["行政处罚处理决定数"] == ["件", "1,200", "未填报", "无法比较"]
    assert by_label["新收政府信息公开申请数"] == ["件", "2,500", "3,119", "-19.8%"]
    assert by_label["行政诉讼纠错率"] == ["%", "25.0%", "16.7%", "+8.3个百分点"]  # 1/4 vs 1/6


def test_missing_year_is_an_error(ds):
    with pytest.raises(LookupError, match="no report for 2019"):
        content.period(ds, "test-city", 2019, 2018)


def test_the_key_table_is_the_notebooks_key_figures(ds):
    """One key-figures table: the brief's rows are metrics.key_figures, in the same order."""
    from analysis import metrics

    p, _, _ = content.period(ds, "test-city", 2022, 2021)
    _, rows = content.key_table(p)
    k = metrics.key_figures(ds, "test-city", 2022, 2021)
    assert [r[0] for r in rows] == k["label_zh"].tolist()
