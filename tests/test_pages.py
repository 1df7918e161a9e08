"""Pages, tables and charts as a reader meets them (issue 12): Chinese messages for every rule,
errors first, zero and blank apart, one number format, years as years, integers in CSVs, no empty
chart, comparisons that name who has no report and stay readable with hundreds of agencies.

Expected values are worked out by hand from tests/fixtures/charts/*.csv or from the small
datasets built here."""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd
import pytest
from fixtures.charts.synthetic import build

from analysis import charts, tables, vocab
from analysis.charts import compare
from analysis.dataset import schema
from analysis.dataset.store import Dataset
from analysis.figures import written

FIELDS = {"what", "expected", "found", "location"}


@pytest.fixture(scope="module")
def ds():
    return build()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def test_every_rule_has_a_chinese_message():
    rules = vocab.rules()
    assert len(rules) >= 30
    for rule, row in rules.items():
        message = row["message_zh"]
        assert message and re.search(r"[\u4e00-\u9fff]", message), rule
        used = {f for _, f, _, _ in string.Formatter().parse(message) if f}
        assert used <= FIELDS, (rule, used)
        filled = message.format(what="行政复议数", expected="12", found="13", location="表三")
        # no English left once filled: only digits, Chinese and punctuation (UTF-8 etc. allowed)
        assert not re.search(r"\b(?!UTF)[A-Za-z]{3,}\b", filled), (rule, filled)


def test_flags_lead_with_errors_by_agency_and_year_in_chinese(ds):
    # flags.csv: a-big 2021 error (result_total), a-blank 2021 warning, a-small 2022 info
    t = tables.flags(ds, severities=("error", "warning"))
    assert t["机关"].tolist() == ["大市人民政府", "空白办"]  # 大 U+5927 sorts before 空 U+7A7A
    assert t["级别"].tolist() == ["错误", "警告"] and t["年度"].tolist() == [2021, 2021]
    html = tables.style(t, group="机关").to_html()
    assert html.count(tables.WARNING_COLOUR) >= 1  # the error's row on the warning colour
    one = tables.flags(ds, "a-small")  # one agency: no 机关 column, the info flag only
    assert "机关" not in one and one["级别"].tolist() == ["提示"]
    assert tables.info_summary(ds) == "读取时另有1条提示（删除了注入的垃圾信息1条），不改变报告中的数字。"


def test_flag_message_fills_the_rule_template():
    f = pd.DataFrame({"rule": ["t3_results_sum", "narrative_vs_table"],
                      "indicator": ["request.result.total", "request.new"],
                      "expected": ["1950", "2500.0"], "found": ["1948", "2600"],
                      "location": ["table 三 row (七)总计 (line 50)", "narrative line 3"]})
    assert tables.flag_messages(f).tolist() == [
        "表三：各项办理结果之和为1950，（七）总计印为1948",
        "正文所述本年新收政府信息公开申请数量为2600，统计表为2500"]
    assert tables.where_zh(f["location"][0]) == "表三 行 (七)总计（第50行）"
    assert tables.where_zh(None) == ""


def _table_two() -> Dataset:
    """One agency, reports 2021 and 2022 (none for 2020 between 2019 and 2021): 规章 制发 0 in
    2021 (a reported zero), blank in 2022; 行政许可 决定 3,985,758 in 2021 and 12 in 2022."""
    reports = schema.conform("reports", pd.DataFrame({
        "report_id": ["r19", "r21", "r22"], "agency_id": "g", "agency": "示例局",
        "year": [2019, 2021, 2022], "template": ["t2019", "t2021", "t2021"], "n_facts": 1,
        "n_flags": 0}))
    rows = [("r19", 2019, "licensing", "decisions", 5.0, "reported"),
            ("r21", 2021, "rules", "made", 0.0, "reported"),
            ("r22", 2022, "rules", "made", np.nan, "blank"),
            ("r21", 2021, "licensing", "decisions", 3985758.0, "reported"),
            ("r22", 2022, "licensing", "decisions", 12.0, "reported")]
    f = pd.DataFrame(rows, columns=["report_id", "year", "indicator", "measure", "value",
                                    "status"])
    facts = schema.conform("facts", f.assign(
        agency_id="g", agency="示例局", template=f["year"].map({2019: "t2019"}).fillna("t2021"),
        breakdown="all", source="table", location="t"))
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def test_table_two_chart_labels_zero_blank_and_no_report_apart():
    fig = charts.template_items(_table_two(), "g")
    assert charts.empty(fig) is None
    words = texts(fig)
    assert "3,985,758" in words and "12" in words and "5" in words
    assert "0" in words  # 规章 制发 2021: the reported zero is written
    assert "未填报" in words  # 规章 制发 2022: blank, in words
    assert "无报告" in words  # 2020: no report, said once on top
    assert not any("0或空白" in w for w in words)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["2019", "2020", "2021", "2022"]  # years, never 2,019
    assert charts.source_of(fig) == "数据来源：示例局2019—2022年政府信息公开工作年度报告"


def test_all_zero_chart_is_a_note_in_words(ds):
    fig = charts.reviews_and_suits(ds, "a-zero")  # facts.csv: every 2022 case count is 0
    assert charts.empty(fig) == "复议、诉讼案件数均为0"


def test_one_number_format_and_years_as_years():
    assert written.number(447228.0) == "447,228" and written.number(96171.6) == "96,171.6"
    df = pd.DataFrame({"机关": ["甲局", "乙局"], "年度": [2009.0, 2024.0],
                       "数值": [447228.0, 1543.0]})
    html = tables.style(df).to_html()
    assert "447,228" in html and "2009" in html and "2,009" not in html
    # numbers right-aligned by their cells' id rule, which no table-wide `#T_x td` rule (more
    # specific: id + element) overrides; text left-aligned by the page's td rule
    assert re.search(r"#T_\w+_row0_col2[^{]*\{\s*text-align: right", html)
    assert not re.search(r"td \{[^}]*text-align", html)
    from importlib import resources
    css = resources.files("analysis.render.engine").joinpath("templates/xxgk/page.css").read_text()
    assert re.search(r"(^|\n)td \{ text-align: left; \}", css)


def test_csv_counts_are_integers(tmp_path):
    df = pd.DataFrame({"指标": ["新收", "纠错率"], "2022年": [1543.0, 11.76],
                       "2021年": [1200.0, np.nan], "年度": [2022.0, 2022.0]})
    text = tables.save_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["指标,2022年,2021年,年度", "新收,1543,1200,2022",
                                 "纠错率,11.76,,2022"]


def test_a_chart_with_nothing_is_a_note_and_no_file(tmp_path):
    from analysis.render.api.show import Outputs

    out = Outputs(tmp_path)
    out.chart(charts.no_data("某局2024年申请渠道（件）", "某局", why="该机关没有2019年前的年报"),
              "empty")
    assert not (tmp_path / "charts").exists()


def test_who_has_no_report_that_year(ds):
    # reports.csv: 2022 reports for a-big, a-small, a-zero; a-blank has 2016 and 2021 only
    have, missing = tables.who_reported(ds, 2022)
    assert sorted(have) == sorted(["大市人民政府", "小区人民政府", "零局"])
    assert missing == ["空白办"]
    assert tables.reporting_note(ds, 2022) == "2022年：所选4个机关中3个有年报；无年报：空白办。"
    t = tables.ranking(ds, "requests_received", 2022)
    assert t["机关"].tolist()[-1] == "空白办" and t["说明"].tolist()[-1] == "无报告"
    assert len(t) == 4  # every agency named, ranked or not
    fig = compare.ranking(ds, "requests_received", 2022)
    assert "2022年无年报：空白办" in "".join(texts(fig))  # said on the chart too


def test_channel_mix_after_2018_says_why(ds):
    fig = compare.mix(ds, "channels", 2022)  # every 2022 report is a 2021-template one
    assert charts.empty(fig) == "2022年的年报都是2019年起的模板，模板不按公开渠道统计"
    assert charts.empty(compare.mix(ds, "outcomes", 2022)) is None


def _many(n: int, year: int = 2022) -> Dataset:
    """n agencies; agency i received i requests (0 … n-1), 60 % of them disclosed."""
    ids = [f"g{i:04d}" for i in range(n)]
    reports = schema.conform("reports", pd.DataFrame({
        "report_id": [f"r{i}" for i in ids], "agency_id": ids,
        "agency": [f"第{i}号机关" for i in range(n)], "year": year, "template": "t2021",
        "n_facts": 1, "n_flags": 0}))
    rows = []
    for i, a in enumerate(ids):
        v = float(i)
        rows += [(f"r{a}", a, "request.new", "total", v),
                 (f"r{a}", a, "request.result.disclosed", "total", round(v * 0.6)),
                 (f"r{a}", a, "request.result.denied", "total", v - round(v * 0.6)),
                 (f"r{a}", a, "request.result.total", "total", v)]
    f = pd.DataFrame(rows, columns=["report_id", "agency_id", "indicator", "breakdown", "value"])
    facts = schema.conform("facts", f.assign(agency="x", year=year, template="t2021",
                                             measure="count", status="reported",
                                             source="table", location="t"))
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def test_charts_at_scale_show_the_ends_and_the_distribution():
    big = _many(200)
    fig = compare.ranking(big, "requests_received", 2022)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 2 * compare.EDGE + 1  # 12 largest, a gap, 12 smallest
    assert labels[-1] == "第199号机关" and labels[0] == "第0号机关"  # ticks bottom up: largest on top
    assert "共200个机关有数字，只画出最大和最小各12个" in "".join(texts(fig))
    # the distribution panel: all 200 on a log scale (1 … 199), agency 0's zero counted
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["全部200个机关\n（1个为0）"]
    assert len(tables.ranking(big, "requests_received", 2022)) == 200  # full ranking: table
    mix = compare.mix(big, "outcomes", 2022)  # agency 0 has 0 requests: not drawn; 199 - 12 = 187 summed
    names = [t.get_text() for t in mix.axes[0].get_yticklabels()]
    assert names[-2:] == ["其余187个机关", "全部机关合计"] and len(names) == compare.EDGE + 2
    small = compare.ranking(_many(30), "requests_received", 2022)
    assert len(small.axes[0].get_yticklabels()) == 30 and len(small.axes) == 1


def test_template_agency_page_has_table_two_and_no_empty_chart(tmp_path):
    """A page for an agency with 2019/2021-template reports only (_table_two): the table 二
    chart is drawn; the pre-2019 breakdowns and the charts with nothing to show are one-line
    notes, and every chart file written has data."""
    from analysis.dataset.store import write_dataset
    from analysis.render import batch

    write_dataset(tmp_path / "ds", _table_two())
    result = batch.render("agency_profile", agency="g", dataset=str(tmp_path / "ds"),
                          out=tmp_path / "out", jobs=1, quiet=True)
    assert [r["status"] for r in result["rendered"]] == ["ok"], result["rendered"]
    folder = tmp_path / "out" / "agency_profile" / "g"
    assert sorted(p.name for p in (folder / "charts").iterdir()) == ["template_items.png"]
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "该机关没有2019年前的年报" in page  # channels, categories, request channels: a note
    assert "无数据" not in page
    assert "2019年（2019年试行模板）、2021—2022年（2021年模板）；2020年无报告" in page


def test_group_column_said_once_per_group():
    df = pd.DataFrame({"机关": ["甲局", "甲局", "乙局"], "年度": [2021, 2022, 2021],
                       "级别": ["错误", "警告", "警告"]})
    html = tables.style(df, group="机关").to_html()
    assert html.count(">甲局<") == 1 and html.count(">乙局<") == 1
    coloured = re.findall(r"([^{}]*)\{[^}]*" + tables.WARNING_COLOUR, html)
    cells = set(re.findall(r"row(\d+)_col\d+", "".join(coloured)))
    assert cells == {"0"}  # the one error row, every cell of it; warnings plain


def test_small_multiples_share_one_year_axis_and_words_do_not_collide(ds):
    fig = compare.small_multiples(ds, "requests_received")
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == 4  # a-big, a-blank, a-small, a-zero have the series
    assert len({ax.get_xlim() for ax in panels}) == 1  # 2016-2022 in every panel
    assert not any(t.get_text() == "无报告" for ax in panels for t in ax.texts)  # shaded instead
    assert "灰色底纹为无报告" in "".join(texts(fig))


def test_case_bars_say_the_zeros_a_stack_cannot_show(ds):
    # facts.csv, a-small 2022: 复议 维持 1, 纠正 1, 其他 0, 尚未审结 0, 总计 2; 直接起诉 维持 1,
    # 总计 1 (other outcomes not in the report: unsaid); 复议后起诉 总计 0
    fig = charts.reviews_and_suits(ds, "a-small")
    assert [t.get_text() for t in fig.axes[0].texts] == [
        " 总计2件（其他结果0，尚未审结0）", " 总计1件", " 总计0件"]


def test_a_long_series_labels_every_bar_and_shades_the_gaps():
    """Requests 2009-2020 except 2010 (no report), 2015 a reported 0: twelve years on one axis,
    so 2010 is shaded (said in the note) and every bar carries its number."""
    years = [y for y in range(2009, 2021) if y != 2010]
    values = {y: 0.0 if y == 2015 else float(y - 2000) for y in years}
    reports = schema.conform("reports", pd.DataFrame({
        "report_id": [f"r{y}" for y in years], "agency_id": "g", "agency": "示例局",
        "year": years, "template": "legacy", "n_facts": 1, "n_flags": 0}))
    facts = schema.conform("facts", pd.DataFrame({
        "report_id": [f"r{y}" for y in years], "agency_id": "g", "agency": "示例局",
        "year": years, "template": "legacy", "breakdown": "all", "indicator": "request.received",
        "measure": "annual", "value": [values[y] for y in years], "status": "reported",
        "source": "table", "location": "t"}))
    fig = charts.requests_by_year(Dataset(reports, facts, schema.empty("flags"),
                                          schema.empty("failures")), "g")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sorted(labels, key=int) == ["0", "9", "11", "12", "13", "14", "16", "17", "18", "19",
                                       "20"]
    assert "灰色底纹为无报告" in "".join(texts(fig)) and "无报告" not in labels
