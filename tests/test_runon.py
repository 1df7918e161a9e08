"""Tables whose cells run together, pages on one line, OCR tables cut per row: read as found.

The fixtures in tests/fixtures/runon/ were written for these tests with figures designed by hand;
the expected values below are those designed figures (each row's arithmetic is noted), not the
parser's output.
"""

from __future__ import annotations

import math

import pytest

from analysis import read_report
from analysis.parse.cells import search, solver
from analysis.parse.cells.splits import COUNT, SIGNED, split_row, tokens


def _facts(rep, source=("table", "derived")):
    return {(f.indicator, f.breakdown, f.measure): f for f in rep.facts if f.source in source}


def _value(rep, indicator, breakdown="all", measure="count"):
    f = _facts(rep)[(indicator, breakdown, measure)]
    assert f.status == "reported", (indicator, breakdown, measure, f.status, f.location)
    return f.value


def _rules(rep):
    return [f.rule for f in rep.flags]


# --- the pieces --------------------------------------------------------------------------------

def test_every_well_formed_reading_is_enumerated():
    assert split_row(tokens("07"), (COUNT, COUNT)).options == [("0", "7")]  # 07 is no count
    assert split_row(tokens("2121"), (COUNT, COUNT)).options == [("2", "121"), ("21", "21"),
                                                                 ("212", "1")]
    assert split_row(tokens("35-15"), (COUNT, SIGNED)).options == [("35", "-15")]
    # spaces are borders: 20 and 121 may each be one or two cells, 00 must be two
    assert sorted(split_row(tokens("20 0 00 0 121"), (COUNT,) * 7).options) == [
        ("2", "0", "0", "0", "0", "0", "121"), ("20", "0", "0", "0", "0", "1", "21"),
        ("20", "0", "0", "0", "0", "12", "1")]


def test_a_constraint_the_report_breaks_is_dropped_not_fatal():
    # 一 row "12 | 3" (12 + 3 = 15 would be its total) is a fixed row; the total row can be read
    # two ways; "parts sum to total" picks one; a second constraint no reading meets is dropped
    rows = [solver.Row("a", [("12", "3")]), solver.Row("t", [("1", "5"), ("15", "")])]
    cons = [solver.total_is("sum", [("a", 0), ("a", 1)], 15),
            solver.equals("stated", ("t", 0), 15),
            solver.equals("impossible", ("t", 0), 99)]
    sol = search.solve(rows, cons)
    assert sol.readings["t"] == [("15", "")]
    assert sol.violated == ["impossible"]


def test_two_readings_that_fit_leave_the_cell_unknown():
    rows = [solver.Row("r", [("1", "215"), ("12", "15")])]
    sol = search.solve(rows, [solver.at_most("a<=c", ("r", 0), ("r", 1))])
    assert sol.cell("r", 0) is None and sol.cell("r", 1) is None


# --- a crawled page on one line, 2021 template, cells joined -------------------------------------

@pytest.fixture(scope="module")
def t2021(fixtures_dir):
    return read_report(fixtures_dir / "runon" / "crawled-t2021-joined.page.txt")


def test_breadcrumb_line_keeps_the_report(t2021):
    assert (t2021.meta.year, t2021.meta.template) == (2023, "t2021")
    assert t2021.meta.agency == "示例区人民政府"
    cut = [f for f in t2021.flags if f.rule == "chrome_removed"][0].found
    assert "全真版 文字版 文件下载" in cut and "当前位置" in cut
    assert "示例区人民政府2023年政府信息公开工作年度报告" in t2021.doc.text  # title kept
    assert "二、主动公开政府信息情况" in t2021.doc.text


def test_joined_table_three_unique_split(t2021):
    # 一 801000384 = 80|1|0|0|0|3|84 (80+1+3 = 84); 结转 140000014 = 14|0|0|0|0|0|14
    assert [_value(t2021, "request.new", b) for b in
            ("natural_person", "business", "research", "other_org", "total")] == [80, 1, 0, 3, 84]
    assert _value(t2021, "request.carried_out", "total") == 14
    # 220000325 sums to 25 as 22|0|0|0|0|3|25 and as 2|20|0|0|0|3|25; only the first keeps the
    # natural-person column's results (30+5+1+22+2+8) equal to (七)总计's 68
    assert _value(t2021, "request.result.unavailable.not_held", "natural_person") == 22
    assert _value(t2021, "request.result.unavailable.not_held", "business") == 0
    assert _value(t2021, "request.result.total", "total") == 72
    assert "ambiguous_cells" not in _rules(t2021)


def test_joined_table_four_split_by_block_sums(t2021):
    # 51208000001320015 = 5|1|2|0|8 | 0|0|0|0|0 | 13|2|0|0|15: the only split whose blocks add up
    got = [_value(t2021, f"{b}.{o}") for b in ("review", "litigation_direct",
                                               "litigation_after_review")
           for o in ("upheld", "corrected", "other", "pending", "total")]
    assert got == [5, 1, 2, 0, 8, 0, 0, 0, 0, 0, 13, 2, 0, 0, 15]


def test_joined_table_four_with_two_fitting_splits_keeps_only_the_certain_cells():
    from analysis.parse.template.joined import review

    # 复议后起诉 "1010112" adds up both as 10|1|0|1|12 and as 1|0|10|1|12: 尚未审结 1 and 总计
    # 12 are certain, the other three are not; the 行政复议 block 3|1|2|0|6 is
    head = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
    facts, flags, found = review(head + "31206000001010112五、存在的主要问题")
    got = {f.indicator: (f.value if f.status == "reported" else None) for f in facts}
    assert found and got["review.total"] == 6 and got["review.upheld"] == 3
    assert got["litigation_after_review.pending"] == 1
    assert got["litigation_after_review.total"] == 12
    assert got["litigation_after_review.upheld"] is None and got["litigation_after_review.other"] is None
    assert [f.found for f in flags if f.rule == "ambiguous_cells"] == [
        "3|1|2|0|6|0|0|0|0|0|10|1|0|1|12 or 3|1|2|0|6|0|0|0|0|0|1|0|10|1|12"]


def test_joined_table_two_split_by_the_narrative(t2021):
    # 行政规范性文件 1239: 1|2|39, 1|23|9 or 12|3|9; the prose says 本年度制发行政规范性文件12件
    assert [_value(t2021, "normative", measure=m) for m in ("made", "repealed", "in_force")] == [
        12, 3, 9]
    assert _value(t2021, "admin_fees", measure="amount") == pytest.approx(311.5)


def test_narrative_received_counts_carried_in_and_agrees(t2021):
    narr = _facts(t2021, ("narrative",))
    assert ("request.new", "total", "count") not in narr  # 收到 is never stored as 新收
    assert narr[("request.received", "total", "count")].value == 86  # 收到…申请86件 = 84 + 2
    assert not [f for f in t2021.flags if f.indicator in ("request.new", "request.received")]
    assert narr[("request.result.total", "total", "count")].value == 72  # 办结72件
    assert narr[("proactive.total", "all", "annual")].value == 5230


def test_ambiguous_joined_cells_are_unresolved_and_flagged_with_candidates(fixtures_dir):
    rep = read_report(fixtures_dir / "runon" / "crawled-legacy-joined.page.txt")
    f = _facts(rep)
    # 政府公报公开数 1215: 1|215 and 12|15 both fit annual <= cumulative and <= the total
    for m in ("annual", "cumulative"):
        cell = f[("proactive.channel.gazette", "all", m)]
        assert cell.status == "unresolved" and math.isnan(cell.value) and cell.raw_value == "1215"
    flag = [x for x in rep.flags if x.rule == "ambiguous_cells"]
    assert len(flag) == 1 and flag[0].indicator == "proactive.channel.gazette"
    assert flag[0].found == "12|15 or 1|215"  # every reading (sorted), as table flags list them


def test_joined_legacy_variant_with_unit_column(fixtures_dir):
    rep = read_report(fixtures_dir / "runon" / "crawled-legacy-joined.page.txt")
    assert (rep.meta.year, rep.meta.template) == (2016, "legacy")
    # 主动公开文件数 条 15206340: 1520|6340 (the prose says 1520); 政府网站公开数 the same, and
    # it may not exceed the total; the glued numbering (…63402、政府公报…) is the next row's
    assert [_value(rep, "proactive.total", measure=m) for m in ("annual", "cumulative")] == [
        1520, 6340]
    assert [_value(rep, "proactive.channel.website", measure=m)
            for m in ("annual", "cumulative")] == [1520, 6340]
    assert [_value(rep, "request.received", measure=m) for m in ("annual", "cumulative")] == [3, 9]
    assert [_value(rep, "request.channel.online", measure=m)
            for m in ("annual", "cumulative")] == [2, 5]
    assert _value(rep, "request.channel.letter_fax", measure="annual") == 0
    assert [_value(rep, "review.total", measure=m) for m in ("annual", "cumulative")] == [0, 1]
    assert _facts(rep)[("fees.waived", "all", "annual")].unit == "元"
    assert "unmapped_label" not in _rules(rep)


def test_space_separated_legacy_row(fixtures_dir):
    rep = read_report(fixtures_dir / "runon" / "crawled-legacy-spaced.page.txt")
    assert [_value(rep, "proactive.total", measure=m) for m in ("annual", "cumulative")] == [
        210, 1045]
    assert [_value(rep, "proactive.channel.gazette", measure=m)
            for m in ("annual", "cumulative")] == [12, 42]
    assert [_value(rep, "request.channel.in_person", measure=m)
            for m in ("annual", "cumulative")] == [0, 3]
    assert _value(rep, "complaints.total", measure="cumulative") == 0
    narr = _facts(rep, ("narrative",))
    assert narr[("request.received", "all", "annual")].value == 0  # 未收到…申请


# --- OCR'd PDF converted to Markdown ------------------------------------------------------------

@pytest.fixture(scope="module")
def ocr(fixtures_dir):
    return read_report(fixtures_dir / "runon" / "ocr-per-row-t2021.md")


def test_table_three_cut_into_one_small_table_per_row(ocr):
    assert _value(ocr, "request.new", "total") == 15
    assert _value(ocr, "request.result.disclosed", "other_org") == 1
    assert _value(ocr, "request.result.total", "business") == 2
    assert "table_unaligned" not in _rules(ocr)


def test_dropped_blank_cell_placed_only_where_the_sums_make_it_certain(ocr):
    # 本机关不掌握 prints 3 1 0 0 0 4 (six of seven: one blank dropped). The columns' sums fix
    # 自然人 3 (12 = 6+2+3+1) and 商业企业 1 (2 = 1+1) and the total 4; which zero column held the
    # blank is not certain, so those four cells stay unknown, flagged
    f = _facts(ocr)
    key = "request.result.unavailable.not_held"
    assert _value(ocr, key, "natural_person") == 3 and _value(ocr, key, "business") == 1
    assert _value(ocr, key, "total") == 4
    unknown = [b for b in ("research", "nonprofit", "legal_services", "other_org")
               if f[(key, b, "count")].status == "unresolved"]
    assert unknown == ["research", "nonprofit", "legal_services", "other_org"]
    assert any(x.rule == "ambiguous_cells" and x.indicator == key for x in ocr.flags)


def test_table_four_in_three_small_tables(ocr):
    got = [_value(ocr, f"{b}.total") for b in ("review", "litigation_direct",
                                               "litigation_after_review")]
    assert got == [3, 2, 0]
    assert _value(ocr, "litigation_direct.pending") == 1


def test_short_table_two_row_is_flagged_not_guessed(ocr):
    # 行政规范性文件 | 3 | 17 | under three columns: which one is blank is not known
    assert not [f for f in ocr.facts if f.indicator == "normative" and f.status == "reported"]
    assert any(f.indicator == "normative" for f in ocr.flags)
    assert _value(ocr, "licensing", measure="decisions") == 1204


def test_a_row_whose_label_is_damaged_is_recovered_by_template_order(fixtures_dir):
    from analysis.model import Meta
    from analysis.parse.template.joined import requests

    # OCR-like damage to two labels (行政法规禁止 -> 行政止, 内容 -> 内客); the rows around them
    # are found, and the text between holds exactly one `label + numbers` piece for each
    text = (fixtures_dir / "runon" / "crawled-t2021-joined.page.txt").read_text(encoding="utf-8")
    text = text.replace("其他法律行政法规禁止公开", "其他法律行政止公开").replace("申请内容仍", "申请内客仍")
    facts, flags, found = requests(text, Meta(template="t2021"))
    got = {(f.indicator, f.breakdown): f for f in facts}
    law = got[("request.result.denied.law_prohibited", "total")]
    assert (law.value, law.row) == (0, "2.其他法律行政止公开")
    assert "recovered by template row order" in law.location
    assert got[("request.result.denied.state_secret", "total")].value == 0  # "00000002." peeled
    assert got[("request.result.unavailable.not_held", "natural_person")].value == 22
    assert found and not flags


def test_neighbouring_years_settle_cells_the_report_leaves_open(fixtures_dir):
    from analysis.parse.years import context_facts

    # crawled-legacy-joined (2016): 政府公报公开数 1215 reads 1|215 or 12|15, and 历年累计 is
    # last year's plus this year's. Had 2015 printed 203, neither fits (203 + 1 != 215,
    # 203 + 12 != 15): the constraint is dropped as the reports' own contradiction, cells open
    path = fixtures_dir / "runon" / "crawled-legacy-joined.page.txt"
    key = ("proactive.channel.gazette", "all", "cumulative")
    open_ = read_report(path, context_facts({key: 203}, {}, 2016))
    assert _facts(open_)[("proactive.channel.gazette", "all", "annual")].status == "unresolved"
    # last year's cumulative 214 fits only 1|215 (214 + 1 = 215)
    before = read_report(path, context_facts({key: 214}, {}, 2016))
    assert [_value(before, "proactive.channel.gazette", measure=m)
            for m in ("annual", "cumulative")] == [1, 215]
    # next year's 历年累计 22 with 7 that year: this year's cumulative is 15, so 12|15
    after = read_report(path, context_facts({}, {key: 22, key[:2] + ("annual",): 7}, 2016))
    assert [_value(after, "proactive.channel.gazette", measure=m)
            for m in ("annual", "cumulative")] == [12, 15]
    assert not [f for f in after.facts if f.source.startswith("year_")]  # constraints only


# --- table 二 printed out of the template's order, on one line -----------------------------------

# A PDF converter printed the 第二十条 (五)(六)(八) sections first and the 规章 rows after them, as
# a pipe table; a crawler then put the page on one line. Figures designed for this test.
_SECTIONS_FIRST = (
    "二、主动公开政府信息情况 第二十条第（一）项 第二十条第（五）项 信息内容本年处理决定数量 "
    "行政许可 97 第二十条第（六）项 信息内容本年处理决定数量 行政处罚 0 行政强制 3 "
    "第二十条第（八）项 信息内容本年收费金额（单位：万元） 行政事业性收费 12.5 "
    "## 表二：主动公开政府信息情况 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 | "
    "|---|---|---|---| | 规章 | 2 | 0 | 15 | | 规范性文件 | 12 | 1 | 40 | ")


def test_table_two_sections_printed_before_the_rules_rows_are_read(fixtures_dir, tmp_path):
    page = (fixtures_dir / "runon" / "crawled-t2021-joined.page.txt").read_text(encoding="utf-8")
    a, b = page.index("二、主动公开政府信息情况"), page.index("三、收到和处理政府信息公开申请情况")
    path = tmp_path / "crawled-t2021-sections-first.page.txt"
    path.write_text(page[:a] + _SECTIONS_FIRST + page[b:], encoding="utf-8")
    rep = read_report(path)
    got = {(f.indicator, f.measure): f.value for f in rep.facts
           if f.table == "二" and f.status == "reported"}
    assert got == {("rules", "made"): 2, ("rules", "repealed"): 0, ("rules", "in_force"): 15,
                   ("normative", "made"): 12, ("normative", "repealed"): 1,
                   ("normative", "in_force"): 40, ("licensing", "decisions"): 97,
                   ("penalty", "decisions"): 0, ("coercion", "decisions"): 3,
                   ("admin_fees", "amount"): 12.5}
    assert _value(rep, "request.new", "total") == 84  # the rest of the page reads as before


def test_a_table_two_label_printed_twice_out_of_order_is_read_at_neither_place():
    from analysis.model import Meta
    from analysis.parse.template.joined import proactive

    text = ("第二十条第（一）项 第二十条第（五）项 信息内容本年处理决定数量 行政许可 97 "
            "第二十条第（六）项 信息内容本年处理决定数量 行政处罚 0 行政许可 5 "
            "信息内容 本年制发件数 本年废止件数 现行有效件数 规章 2 0 15 规范性文件 12 1 40 "
            "三、收到和处理政府信息公开申请情况")
    facts, _, found = proactive(text, Meta(template="t2021"))
    got = {(f.indicator, f.measure): f.value for f in facts if f.status == "reported"}
    assert found and ("licensing", "decisions") not in got
    assert got[("penalty", "decisions")] == 0 and got[("normative", "in_force")] == 40


# --- blank cells of pipe rows hold their places ----------------------------------------------------

def test_blank_cells_of_pipe_rows_keep_their_columns(fixtures_dir, tmp_path):
    """A converter that keeps a blank cell as `|  |` says which column is blank: a blank before
    the row's first number (table 三) or in a table 四 block without a label is a cell in its
    place, not a dropped one to be placed by the sums (which left such rows open, flagged)."""
    text = (fixtures_dir / "runon" / "ocr-per-row-t2021.md").read_text(encoding="utf-8")
    old3 = "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    old4 = "| 0 | 0 | 0 | 0 | 0 |\n\n五、"
    assert text.count(old3) == 1 and text.count(old4) == 1
    text = text.replace(old3, "| 1.属于国家秘密 |  | 0 |  | 0 | 0 |  | 0 |")
    text = text.replace(old4, "|  |  | 0 | 0 |  |\n\n五、")
    path = tmp_path / "ocr-blanks-t2021.md"
    path.write_text(text, encoding="utf-8")
    rep = read_report(path)
    f = _facts(rep)
    key = "request.result.denied.state_secret"
    status = [f[(key, b, "count")].status for b in
              ("natural_person", "business", "research", "nonprofit", "legal_services",
               "other_org", "total")]
    assert status == ["blank", "reported", "blank", "reported", "reported", "blank", "reported"]
    assert not [x for x in rep.flags if x.indicator == key]
    block = [f[(f"litigation_after_review.{o}", "all", "count")]
             for o in ("upheld", "corrected", "other", "pending", "total")]
    assert [x.status for x in block] == ["blank", "blank", "reported", "reported", "blank"]
    assert _value(rep, "review.total") == 3 and _value(rep, "litigation_direct.pending") == 1
    assert "no_table" not in _rules(rep)


def test_joined_table_four_whose_sums_fail_is_unresolved_not_absent(tmp_path):
    """A flattened page printing table 四's 15 cells as one run of digits whose blocks do not add
    up (复议 2+1+0+1 printed with 总计 5): no reading is certain, so the 15 cells are 待核 with
    the run in the flag, not left out as a table with only one of its blocks."""
    lines = ["示例县林业局2021年政府信息公开工作年度报告", "二、主动公开政府信息情况",
             "信息内容本年制发件数本年废止件数现行有效件数", "规章000", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "行政 复议行政诉讼",
             "结果维持结果纠正其他结果尚未审结总计未经复议直接 起诉复议后起诉",
             "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计",
             "210150000001001", "五、政府信息公开工作存在的主要问题及改进情况", "无。"]
    path = tmp_path / "forestry-2021.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    rep = read_report(path)
    four = [f for f in rep.facts if f.table == "四"]
    assert len(four) == 15 and all(f.status == "unresolved" for f in four)
    assert any(f.rule == "ambiguous_cells" and "210150000001001" in f.message for f in rep.flags)
    assert "rows_missing" not in _rules(rep)
