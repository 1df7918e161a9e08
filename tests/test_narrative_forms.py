"""Forms of the narrative (issue 21, forms 3, 4 and 6), each on a fixture written by hand.

Form 3, template-era request words, tests/fixtures/templates/received_2022.md: the prose says
受理…263件，其中自然人申请250件，法人或其他组织申请13件；共办理251件，结转下一年12件, and table 三
prints 新收 240 (自然人 229, organisations 6+1+0+3+1 = 11), 上年结转 23 (21, 2), (七)总计 251 and
四 12. So 受理 263 = 240 + 23, 自然人 250 = 229 + 21, 法人或其他组织 13 = 11 + 2, 办理 251 = (七).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import read_report

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = FIXTURES / "templates" / "received_2022.md"
SENTENCE = "共受理政府信息公开申请263件，其中自然人申请250件，法人或其他组织申请13件"


def _narr(rep) -> dict[tuple[str, str], object]:
    return {(f.indicator, f.breakdown): f for f in rep.facts if f.source == "narrative"}


def _flags(rep, *indicators: str) -> list:
    return [f for f in rep.flags if f.indicator in indicators]


def _with(tmp_path: Path, sentence: str) -> Path:
    out = tmp_path / "report.md"
    out.write_text(RECEIVED.read_text(encoding="utf-8").replace(SENTENCE, sentence),
                   encoding="utf-8")
    return out


def test_received_handled_and_carried_out_take_their_own_meanings():
    rep = read_report(RECEIVED)
    narr = _narr(rep)
    assert ("request.new", "total") not in narr  # 受理 is never stored as 新收
    got = {k: narr[k].value for k in [("request.received", "total"),
                                      ("request.received", "natural_person"),
                                      ("request.received", "organisations"),
                                      ("request.result.total", "total"),
                                      ("request.carried_out", "total")]}
    assert list(got.values()) == [263, 250, 13, 251, 12]
    f = narr[("request.received", "organisations")]
    assert (f.line, f.table, f.location) == (4, "narrative", "narrative line 4")
    assert f.raw_value.endswith("法人或其他组织申请13件")
    # the table beside it is read in full (the prose line naming 自然人 is not its header)
    table = {(f.indicator, f.breakdown): f.value for f in rep.facts if f.source == "table"}
    assert (table[("request.new", "total")], table[("request.carried_in", "total")]) == (240, 23)
    # every figure agrees with the table on its meaning: no flag on the requests
    assert not _flags(rep, "request.new", "request.received", "request.result.total",
                      "request.carried_out")
    assert not [f for f in rep.flags if f.severity in ("warning", "error")]


def test_a_received_figure_that_disagrees_is_flagged_with_both_figures(tmp_path):
    rep = read_report(_with(tmp_path, "共受理政府信息公开申请270件，其中自然人申请257件，"
                                      "法人或其他组织申请13件"))
    said = {(f.rule, f.expected, f.found) for f in _flags(rep, "request.received")}
    assert said == {("narrative_vs_table", "263", "270"), ("narrative_vs_table", "250", "257")}
    msg = next(f.message for f in _flags(rep, "request.received") if f.found == "270")
    assert "270" in msg and "263" in msg and "新收+上年结转" in msg
    assert ("request.new", "total") not in _narr(rep)


def test_received_said_for_new_alone_is_named_as_such(tmp_path):
    """Some reports say 受理 for 新收 and state 上年结转 apart: the figure keeps its words' meaning
    and an info flag names both readings and their values."""
    rep = read_report(_with(tmp_path, "共受理政府信息公开申请240件，其中自然人申请229件，"
                                      "法人或其他组织申请11件"))
    flags = _flags(rep, "request.received")
    assert {(f.rule, f.severity, f.expected, f.found) for f in flags} == {
        ("narrative_quotes_other", "info", "263", "240"),
        ("narrative_quotes_other", "info", "250", "229"),
        ("narrative_quotes_other", "info", "13", "11")}
    assert all("一 (新收)" in f.message for f in flags)


@pytest.mark.parametrize("words, indicator", [("全年共收到政府信息公开申请", "request.received"),
                                              ("全年共受理政府信息公开申请", "request.received"),
                                              ("全年办理政府信息公开申请", "request.result.total")])
def test_template_request_words_without_a_table(tmp_path, words, indicator):
    """A template-era report whose table 三 is missing still gets each word's meaning."""
    text = RECEIVED.read_text(encoding="utf-8")
    prose = text[:text.index("三、收到和处理")].replace(SENTENCE + "；共办理251件，结转下一年12件",
                                                     f"{words}58件")
    path = tmp_path / "report.md"
    path.write_text(prose, encoding="utf-8")
    narr = _narr(read_report(path))
    assert narr[(indicator, "total")].value == 58 and ("request.new", "total") not in narr


# Form 4, a narrative-only legacy report (tests/fixtures/narrative/narrative-only-2014.txt, no
# statistics table): 主动公开政府信息57条，其中公开规范性文件6条，规划计划类信息4条，工作动态类信息41条;
# 受理…申请3件，其中同意公开2件，不予公开1件; 专职人员0名，兼职人员2名.
NARRATIVE_ONLY = FIXTURES / "narrative" / "narrative-only-2014.txt"


def test_narrative_only_report_reads_the_table_indicators():
    rep = read_report(NARRATIVE_ONLY)
    assert rep.meta.template == "legacy" and "no_table" in {f.rule for f in rep.flags}
    got = {f.indicator: f for f in rep.facts}
    assert {k: got[k].value for k in ("proactive.normative_docs", "proactive.category.planning",
                                      "proactive.category.work_updates", "org.staff_full_time",
                                      "org.staff_part_time", "request.reply.granted",
                                      "request.reply.denied", "request.received")} == {
        "proactive.normative_docs": 6, "proactive.category.planning": 4,
        "proactive.category.work_updates": 41, "org.staff_full_time": 0,
        "org.staff_part_time": 2, "request.reply.granted": 2, "request.reply.denied": 1,
        "request.received": 3}
    staff = got["org.staff_full_time"]  # a zero stated is a zero, kept with its words and line
    assert (staff.status, staff.source, staff.line, staff.raw_value, staff.unit) == (
        "reported", "narrative", 13, "专职人员0名", "人")
    assert (got["proactive.category.planning"].line, got["proactive.category.planning"].raw_value
            ) == (6, "规划计划类信息4条")
    assert all(f.source == "narrative" and f.measure == "annual" for f in rep.facts)


def test_scattered_categories_are_not_called_a_complete_list():
    rep = read_report(NARRATIVE_ONLY)
    flag = next(f for f in rep.flags if f.rule == "categories_incomplete")
    assert (flag.expected, flag.found.split(" = ")[0]) == ("57", "45")  # 4 + 41 of 57
    assert "categories_vs_total" not in {f.rule for f in rep.flags}


def test_an_unknown_category_alone_is_not_guessed(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(NARRATIVE_ONLY.read_text(encoding="utf-8").replace(
        "规划计划类信息4条", "林木采伐类信息4条"), encoding="utf-8")
    got = {f.indicator: f.value for f in read_report(path).facts}
    cats = {i: v for i, v in got.items() if i.startswith("proactive.category.")}
    assert cats == {"proactive.category.work_updates": 41}  # the known one beside it is read


# Form 6, template-era proactive totals stated only in prose. tests/fixtures/templates/
# word-layout-2021.html is a Word-exported page whose paragraphs sit in a layout table (one cell a
# row): 全年主动公开政府信息318条; 收到…申请12件，办结12件; table 二 printed as a real table.
WORD_LAYOUT = FIXTURES / "templates" / "word-layout-2021.html"


def test_prose_in_a_layout_table_is_prose():
    rep = read_report(WORD_LAYOUT)
    assert rep.meta.template == "t2021"
    narr = _narr(rep)
    total = narr[("proactive.total", "all")]
    assert (total.value, total.measure, total.raw_value) == (318, "annual", "主动公开政府信息318条")
    assert rep.doc.text.split("\n")[total.line - 1].endswith("全年主动公开政府信息318条,其中行政规范性文件3件。")
    assert narr[("request.received", "total")].value == 12
    assert narr[("request.result.total", "total")].value == 12
    made = [f for f in rep.facts if (f.indicator, f.measure, f.source) == ("normative", "made", "table")]
    assert [f.value for f in made] == [3]  # the data table is still a table


@pytest.mark.parametrize("said", ["全年主动发布政务信息318条", "本局全年主动公开政府信息数量318条",
                                  "2021年，我镇主动公开政府信息 318 条"])
def test_template_era_proactive_total_in_prose(tmp_path, said):
    path = tmp_path / "r.html"
    path.write_text(WORD_LAYOUT.read_text(encoding="utf-8").replace(
        "全年主动公开政府信息318条", said), encoding="utf-8")
    total = _narr(read_report(path))[("proactive.total", "all")]
    assert (total.value, total.measure, total.source) == (318, "annual", "narrative")
