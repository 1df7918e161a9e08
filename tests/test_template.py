"""Template parsing on hand-written fixtures (tests/fixtures/templates/): Markdown 2021, HTML 2019,
shredded Markdown, and one deliberately inconsistent file per check rule.

Expected numbers are the ones written into the fixtures by hand (see each file).
"""

from __future__ import annotations

import math

import pytest

from analysis.check.template_rules import check
from analysis.model import Document, Meta
from analysis.parse.meta import detect
from analysis.parse.rowdefs import measures_in, t2_row, t3_label, t3_row
from analysis.parse.template.document import parse_template
from analysis.read import read_document


def _parse(path):
    doc = read_document(path)
    meta = detect(doc)
    facts, flags = parse_template(doc, meta)
    return meta, facts, flags + check(facts, meta)


def _get(facts, indicator, breakdown="all", measure="count", source="table"):
    hits = [f for f in facts if (f.indicator, f.breakdown, f.measure, f.source)
            == (indicator, breakdown, measure, source)]
    assert len(hits) == 1, (indicator, breakdown, measure, len(hits))
    return hits[0]


def test_markdown_2021(fixtures):
    meta, facts, flags = _parse(fixtures / "templates" / "t2021.md")
    assert meta.template == "t2021"
    assert not [f for f in flags if f.severity in ("error", "warning")]
    ann = _get(facts, "normative", measure="made")
    assert (ann.value, ann.raw_value) == (22, "22(其中修订16件)")
    assert _get(facts, "admin_fees", measure="amount").value == 12.5
    assert _get(facts, "admin_fees", measure="amount").unit == "万元"
    assert _get(facts, "request.new", "legal_services").value == 1
    assert _get(facts, "request.result.other.other", "total").value == 1
    assert _get(facts, "request.result.not_processed.petition", "legal_services").value == 1
    assert _get(facts, "litigation_direct.pending").value == 1
    loc = _get(facts, "request.result.denied.third_party", "natural_person").location
    assert loc.startswith("table 三 row ") and "4.保护第三方合法权益" in loc and "col 自然人" in loc
    assert _get(facts, "request.received", "total", source="narrative").value == 13  # 收到: received
    # every table 三 cell: 25 rows x 7 columns; table 四: 15 cells
    t3 = [f for f in facts if f.source == "table" and f.indicator.startswith("request.")]
    assert len(t3) == 25 * 7
    assert len([f for f in facts if f.source == "table"
                and f.indicator.startswith(("review.", "litigation"))]) == 15


def test_html_2019_spans_blanks_and_not_applicable(fixtures):
    meta, facts, flags = _parse(fixtures / "templates" / "t2019.html")
    assert meta.template == "t2019"
    assert not [f for f in flags if f.severity == "error"]
    # colspan=2 repeats 本年新公开数量: the value is taken once, under its own measure
    assert [_get(facts, "normative", measure=m).value for m in ("made", "published",
                                                                "total_public")] == [7, 6, 88]
    assert _get(facts, "licensing", measure="change").value == -2
    na = _get(facts, "coercion", measure="decisions")
    assert (na.status, na.raw_value) == ("not_applicable", "—") and math.isnan(na.value)
    blank = _get(facts, "other_services", measure="decisions")
    assert (blank.status, blank.raw_value) == ("blank", "")
    assert _get(facts, "procurement", measure="amount").value == 12  # 120000元 -> 12 万元
    assert _get(facts, "request.result.other", "total").status == "blank"  # (六) one row in 2019
    assert _get(facts, "request.result.unavailable.not_held", "natural_person").value == 1
    assert _get(facts, "review.total").value == 1


@pytest.mark.parametrize("name,rule", [
    ("bad_identity.md", "t3_identity"),
    ("bad_results_sum.md", "t3_results_sum"),
    ("bad_applicants_sum.md", "t3_applicants_sum"),
    ("bad_subrows_sum.html", "t3_subrows_sum"),
    ("bad_block_sum.md", "t4_block_sum"),
    ("bad_narrative.md", "narrative_vs_table"),
])
def test_each_rule_fires_on_its_inconsistent_fixture(fixtures, name, rule):
    _, _, flags = _parse(fixtures / "templates" / name)
    hits = [f for f in flags if f.rule == rule]
    assert hits, [f.rule for f in flags]
    for f in hits:
        assert f.expected and f.found and f.expected != f.found
        assert f.indicator and "table" in f.location


def test_identity_flag_names_the_column(fixtures):
    _, _, flags = _parse(fixtures / "templates" / "bad_identity.md")
    found = {(f.location.rsplit("col ", 1)[-1], f.expected, f.found) for f in flags
             if f.rule == "t3_identity"}
    assert found == {("自然人", "11", "12"), ("总计", "14", "15")}


def test_shredded_markdown_recovered_by_row_order(fixtures):
    _, facts, flags = _parse(fixtures / "templates" / "shredded_ok.md")
    assert not [f for f in flags if f.severity == "error"]
    nh = _get(facts, "request.result.unavailable.not_held", "total")
    assert nh.value == 1 and "recovered by template row order" in nh.location
    assert _get(facts, "request.result.denied.internal_affairs", "total").value == 0


def test_shredded_markdown_with_a_row_lost_is_flagged_not_guessed(fixtures):
    _, facts, flags = _parse(fixtures / "templates" / "shredded_bad.md")
    flag = [f for f in flags if f.rule == "table_unaligned"]
    assert len(flag) == 1 and "table 三" in flag[0].location
    assert "1.本机关不掌握相关政府信息" in flag[0].found
    ids = {f.indicator for f in facts if f.source == "table"}
    assert "request.result.unavailable.not_held" not in ids  # left out, not guessed
    assert _get(facts, "request.new", "total").value == 4  # labelled rows are kept


def test_parse_on_a_built_document():
    text = "\n".join([
        "第二十条第（六）项", "信息内容 本年处理决定数量", "行政处罚 7", "行政强制 —",
        "行政复议 行政诉讼",
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0",
    ])
    doc = Document(path="built.txt", form="text", encoding="utf-8", text=text)
    facts, flags = parse_template(doc, Meta(template="t2021"))
    assert _get(facts, "penalty", measure="decisions").value == 7
    assert _get(facts, "coercion", measure="decisions").status == "not_applicable"
    assert _get(facts, "review.upheld").value == 1
    assert [f.rule for f in flags] == ["no_table"]  # table 三 is absent, and said so


def test_label_matching():
    assert t3_row("2.其他法律行政止公开", "request.result.denied") == (
        "request.result.denied.law_prohibited")  # typo in the Hongze PDF
    assert t3_label("三 2.其他法律行政止公开") == "request.result.denied.law_prohibited"
    assert t3_row("3、其他", "request.result.other") == "request.result.other.other"
    assert t3_row("(二)部分公开(区分处理的,只计这一情 形,不") == "request.result.partial"
    assert t3_row("计其他情形)") is None  # a fragment without numbering never matches
    assert t3_row("正、行政机关不再处理其政府信") is None
    assert t2_row("规范性文件") == t2_row("行政规范性文件") == "normative"
    assert measures_in("信息内容本年处理决定数量") == ["decisions"]
    assert measures_in("信息内容 本年新制作数量 本年新公开数量 对外公开总数量") == [
        "made", "published", "total_public"]


def test_text_table_four_row_of_none_marks_keeps_all_fifteen_cells():
    """无 means none (0): a row '无 无 0 …' must not lose its leading 无 as a vertical label."""
    from analysis.model import Document
    from analysis.parse.template.rows import text_stream
    from analysis.parse.template.table4 import parse_review

    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
            "无 无 0 无 0 0 0 0 无 无 无 0 无 无 0\n")
    doc = Document("x.txt", "text", "utf-8", text)
    facts, flags, found = parse_review(text_stream(doc))
    assert found and len(facts) == 15 and not flags
    assert all(f.value == 0 and f.status == "reported" for f in facts)


def test_a_group_with_an_unresolved_sub_row_is_not_summed_as_blank(fixtures):
    """(三)不予公开 is not printed: the checks read it through its sub-rows. When one of them is
    unresolved (OCR read `[` where a digit stood), the group's sum is not known: no
    t3_results_sum error blames the report for a cell the reader could not read."""
    import math

    from analysis.model import UNRESOLVED

    meta, facts, flags = _parse(fixtures / "templates" / "t2021.md")
    assert not [f for f in flags if f.rule == "t3_results_sum"]
    sub = next(f for f in facts if f.indicator.startswith("request.result.denied.")
               and f.breakdown == "total" and f.source == "table" and f.value > 0)
    sub.value, sub.status, sub.raw_value = math.nan, UNRESOLVED, "["
    assert not [f for f in check(facts, meta) if f.rule == "t3_results_sum"]
    sub.value, sub.status, sub.raw_value = 0.0, "reported", "0"  # a wrong 0 is still caught
    assert [f for f in check(facts, meta) if f.rule == "t3_results_sum"]


def test_a_group_number_fused_with_a_sub_rows_label_names_the_sub_row():
    """OCR dropped a sub-row's own `2.` and joined its label to the side label's `(六)`: the label
    names no group, but one of (六)'s sub-rows alone; a group's own label still names the group."""
    assert t3_row("(六)申请人逾期未按收费通知要求缴纳费用") == "request.result.other.unpaid_fee"
    assert t3_row("(四)没有现成信息需要另行制作") == "request.result.unavailable.needs_creation"
    assert t3_row("(六)其他处理") == "request.result.other"
    assert t3_row("(三)不予公开") == "request.result.denied"
    assert t3_row("(五)其他") is None  # too short to name a sub-row alone
