"""Pre-2019 parsing: fixtures written for these tests, and the real seed report when present.

Seed figures are the hand-checked facts of ../shared/corpus/README.md.
"""

from __future__ import annotations

import math

import pytest

from analysis import read_report, vocab
from analysis.parse.legacy.tables import clean_label, map_label
from analysis.parse.numbers import parse_cell


def facts_by(report, source="table"):
    return {(f.indicator, f.measure): f for f in report.facts if f.source == source}


def rules(report):
    return [f.rule for f in report.flags]


@pytest.mark.parametrize("text, value, status", [
    ("1,825", 1825, "reported"), ("1825条", 1825, "reported"), ("0", 0, "reported"),
    ("无", 0, "reported"), ("", math.nan, "blank"), ("—", math.nan, "not_applicable"),
    ("/", math.nan, "not_applicable"), ("不适用", math.nan, "not_applicable"),
    ("0.5万", 5000, "reported"), ("7730.28", 7730.28, "reported"),
])
def test_cell_values_keep_blank_zero_and_na_apart(text, value, status):
    cell = parse_cell(text)
    assert cell.status == status
    assert (math.isnan(cell.value) and math.isnan(value)) or cell.value == value


def test_annotated_cell_keeps_note_and_money_column_keeps_wan():
    assert parse_cell("22(其中修订16件)").note == "其中修订16件"
    assert parse_cell("0.5万", money=True).value == 0.5
    assert parse_cell("见附件") is None


def test_labels_map_through_aliases_not_position():
    assert clean_label("其中:1.网上政府信息公开专栏公开") == "网上政府信息公开专栏公开"
    assert map_label("4、行政服务中心、图书馆、档案馆等公共信息查阅场所公开") == \
        "proactive.channel.reading_room"
    assert map_label("(二)政府网站公开") == "proactive.channel.website"
    assert map_label("本局自定义的奇怪指标") is None


def test_every_alias_resolves_to_a_known_indicator():
    known = vocab.indicators()
    for alias, indicator in vocab.legacy_aliases().items():
        assert indicator == "" or indicator in known, alias


def test_gbk_fixture_figures_and_inconsistencies(fixtures):
    rep = read_report(fixtures / "legacy" / "minzheng-2012-gbk.txt")
    f = facts_by(rep)
    assert (rep.meta.agency, rep.meta.year, rep.meta.published) == ("示例县民政局", 2012, "2013-01-15")
    assert f[("proactive.total", "cumulative")].value == 1200
    assert f[("proactive.total", "annual")].value == 120
    assert f[("proactive.total", "yoy_pct")].value == 20
    assert f[("proactive.channel.gazette", "annual")].status == "not_applicable"  # printed —
    assert f[("proactive.channel.press_conference", "cumulative")].raw_value == "无"
    assert f[("proactive.channel.press_conference", "cumulative")].value == 0
    assert f[("proactive.channel.website", "yoy_pct")].status == "blank"
    # requests 2 + 2 by channel vs 3 received: a request comes through one channel, an error;
    # 900 of 1,200 by proactive channel is not (the table need not list every channel), nor
    # categories 110 of 120 in a list without an 其他 item (it may name the main ones only)
    flags = {(fl.rule, fl.expected, fl.found) for fl in rep.flags}
    assert ("channels_vs_total", "3", "4") in flags
    assert not [fl for fl in rep.flags if fl.rule == "channels_vs_total" and fl.expected == "1200"]
    assert not [fl for fl in rep.flags if fl.rule == "categories_vs_total"]
    assert "categories_incomplete" in {fl.rule for fl in rep.flags}


def test_markdown_fixture_unmapped_label_is_flagged_not_dropped(fixtures):
    rep = read_report(fixtures / "legacy" / "jiaotong-2015.md")
    f = facts_by(rep)
    assert rep.meta.agency == "示例市交通运输局"
    assert f[("proactive.channel.weibo", "annual")].value == 18
    assert f[("review.total", "annual")].status == "not_applicable"
    unmapped = [fl for fl in rep.flags if fl.rule == "unmapped_label"]
    assert [fl.found for fl in unmapped] == ["本局自定义的奇怪指标"]
    assert "table 1" in unmapped[0].location


def test_html_fixture_two_row_header(fixtures):
    rep = read_report(fixtures / "legacy" / "jiaoyu-2016.html")
    f = facts_by(rep)
    assert f[("proactive.total", "cumulative")].value == 2150
    assert f[("proactive.total", "annual")].value == 312
    assert f[("proactive.channel.gazette", "annual")].status == "blank"
    assert "channels_vs_total" not in rules(rep)  # 2000 + 150 = 2150 and 300 + 12 = 312


def test_tab_fixture_consistent_has_no_check_flags(fixtures):
    rep = read_report(fixtures / "legacy" / "zhen-2010-tabs.txt")
    assert facts_by(rep)[("proactive.channel.reading_room", "annual")].value == 15
    assert "channels_vs_total" not in rules(rep)
    assert "spam_removed" in rules(rep)


def test_truncated_table_flagged_and_present_cells_kept(fixtures):
    rep = read_report(fixtures / "bad" / "truncated-2014.txt")
    assert facts_by(rep)[("proactive.total", "annual")].value == 60
    assert "truncated_table" in rules(rep)
    assert ("proactive.channel.website", "annual") not in facts_by(rep)


@pytest.fixture
def seed(corpus, real_registry):
    return read_report(corpus / "ganzhou-poverty-office-2011.txt")


def test_seed_table_figures(seed):
    f = facts_by(seed)
    assert f[("proactive.total", "cumulative")].value == 1825
    assert f[("proactive.total", "annual")].value == 928
    assert (f[("proactive.channel.website", "cumulative")].value,
            f[("proactive.channel.website", "annual")].value) == (660, 202)
    assert (f[("proactive.channel.reading_room", "cumulative")].value,
            f[("proactive.channel.reading_room", "annual")].value) == (1165, 726)
    for ch in ("gazette", "press_conference"):
        for m in ("cumulative", "annual"):
            assert f[(f"proactive.channel.{ch}", m)].status == "blank"
            assert math.isnan(f[(f"proactive.channel.{ch}", m)].value)  # NaN, not 0


def test_seed_metadata(seed):
    assert seed.meta.year == 2011
    assert seed.meta.agency == "赣州市扶贫和移民办公室"
    assert seed.meta.agency_raw == "市扶贫和移民办"
    assert seed.meta.agency_id == "jx-ganzhou-fpymb"
    assert seed.meta.template == "legacy"
    assert seed.meta.published == "2011-12-31"


def test_seed_narrative(seed):
    n = facts_by(seed, "narrative")
    cats = {k[0].rsplit(".", 1)[1]: v.value for k, v in n.items() if "category" in k[0]}
    assert cats == {"overview": 23, "regulations": 80, "planning": 29, "work_updates": 404,
                    "personnel": 6}
    assert n[("request.received", "annual")].value == 0  # "无…提出信息公开申请"
    assert n[("request.received", "annual")].source == "narrative"


def test_seed_flags(seed):
    flags = {fl.rule: fl for fl in seed.flags}
    # 概况 23 + 法规文件 80 + 发展规划 29 + 工作动态 404 + 人事 6 = 542 of 660, a 其中 list with no
    # 其他 item: said to be incomplete, not flagged as an error
    assert "categories_vs_total" not in flags and "categories_incomplete" in flags
    narrative = [fl for fl in seed.flags if fl.rule == "narrative_vs_table"]
    assert {(fl.expected, fl.found) for fl in narrative} == {("1825", "660"), ("928", "202")}
    assert all("proactive.channel.website" in fl.message for fl in narrative)
    assert flags["spam_removed"].found == "英皇娱乐,英皇国际娱乐"
    assert "英皇" not in seed.doc.text
    assert "全部在网站(www.ganzhou.gov.cn)进行公布" in seed.doc.text


def test_seed_every_fact_traceable(seed):
    for f in seed.facts:
        assert f.location and f.raw_label
        if f.source == "table":
            assert "line" in f.location and f.location.startswith("table ")


def test_two_row_header_with_merged_cells_left_empty():
    """A PDF grid leaves the cells a merged header covers empty, unlike HTML's repeated text."""
    from analysis.model import Document, Table
    from analysis.parse.legacy.tables import parse_table

    t = Table(rows=[["指标名称", "单位", "数量", "", ""], ["", "", "历年累计数", "本年度数", "同比增减(%)"],
                    ["主动公开政府信息数", "条", "673", "349", "8"]], index=0, kind="pdf")
    facts, flags = parse_table(Document("x.pdf", "pdf", "", ""), t)
    assert {(f.measure, f.value) for f in facts} == {("cumulative", 673), ("annual", 349),
                                                     ("yoy_pct", 8)}
    assert flags == []


def test_table_continued_on_next_page_keeps_the_header():
    from analysis.model import Document, Table
    from analysis.parse.legacy.tables import parse_legacy

    head = ["指标", "单位", "统计数"]
    doc = Document("x.pdf", "pdf", "", "", tables=[
        Table(rows=[head, ["受理政府信息公开申请数", "件", "134"]], index=0, kind="pdf", page=1),
        Table(rows=[["信函申请数", "件", "13"], ["电子邮件申请数", "件", "7"]], index=1, kind="pdf",
              page=2)])
    facts, flags = parse_legacy(doc, None)
    assert {(f.indicator, f.value) for f in facts} == {
        ("request.received", 134), ("request.channel.letter", 13), ("request.channel.email", 7)}
    assert all(f.measure == "annual" for f in facts)
