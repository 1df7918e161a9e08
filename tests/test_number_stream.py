"""Table 三 in a reading-order text (pdftotext without -layout, pdfminer.six): the numbers of each row
stay in row order but stand apart from their labels, before or after them, often one a line, and a
row beside a label wrapped over three lines prints its right-hand cells a line above its left-hand
ones. The figures are made up; the form is the one poppler's default order gave for printed pages
of the 2021 template."""

from __future__ import annotations

import pytest

from analysis.model import REPORTED
from analysis.parse.template.stream import stream_rows
from analysis.pipeline import read_report

COLS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
        "total"]
Z = [0] * 7
# (row id, label as printed, cells); a group's heading is printed with its first sub-row
ROWS = [("request.new", "一、本年新收政府信息公开申请数量", [52, 7, 1, 0, 2, 3, 65]),
        ("request.carried_in", "二、上年结转政府信息公开申请数量", [4, 1, 0, 0, 0, 0, 5]),
        ("request.result.disclosed", "三、本年度办理结果 (一)予以公开", [20, 3, 0, 0, 1, 1, 25]),
        ("request.result.partial", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
         [6, 1, 0, 0, 0, 0, 7]),
        ("request.result.denied.state_secret", "(三)不予公开 1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
        ("request.result.denied.law_prohibited", "2.其他法律行政法规禁止公开", Z),
        ("request.result.denied.security_stability", "3.危及“三安全一稳定”", Z),
        ("request.result.denied.third_party", "4.保护第三方合法权益", [2, 0, 0, 0, 0, 1, 3]),
        ("request.result.denied.internal_affairs", "5.属于三类内部事务信息", Z),
        ("request.result.denied.process_info", "6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
        ("request.result.denied.enforcement_files", "7.属于行政执法案卷", Z),
        ("request.result.denied.query_matters", "8.属于行政查询事项", Z),
        ("request.result.unavailable.not_held", "(四)无法提供 1.本机关不掌握相关政府信息",
         [10, 2, 1, 0, 0, 0, 13]),
        ("request.result.unavailable.needs_creation", "2.没有现成信息需要另行制作", [3, 0, 0, 0, 0, 0, 3]),
        ("request.result.unavailable.unclear", "3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
        ("request.result.not_processed.petition", "(五)不予处理 1.信访举报投诉类申请",
         [2, 0, 0, 0, 0, 0, 2]),
        ("request.result.not_processed.repeated", "2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
        ("request.result.not_processed.publications", "3.要求提供公开出版物", Z),
        ("request.result.not_processed.mass_repeated", "4.无正当理由大量反复申请", Z),
        ("request.result.not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", Z),
        ("request.result.other.no_correction", None, [5, 1, 0, 0, 1, 0, 7]),
        ("request.result.other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         Z),
        ("request.result.other.other", "3.其他", [2, 0, 0, 0, 0, 1, 3]),
        ("request.result.total", "(七)总计", [54, 7, 1, 0, 2, 3, 67]),
        ("request.carried_out", "四、结转下年度继续办理", [2, 1, 0, 0, 0, 0, 3])]


def _row_lines(k: int, label: str | None, cells: list[int]) -> list[str]:
    """Row k in one of the reading orders poppler gives, by turn."""
    nums = [str(c) for c in cells]
    if label is None:  # a label over three lines; the row's last three cells a line above
        return ["(六)其他处理 1.申请人无正当理由逾期不补正、行", nums[4], f"{nums[5]} {nums[6]}",
                f"政机关不再处理其政府信息公开申 {' '.join(nums[:4])}", "请"]
    if k % 3 == 0:  # numbers before the label, one a line, the last two together
        return [*nums[:5], f"{nums[5]} {nums[6]}", label]
    if k % 3 == 1:
        return [label, " ".join(nums)]
    return [label, *nums]


def _lines(rows=ROWS, page_break: bool = True, narrated: bool = False) -> list[str]:
    body = []
    for k, (_, label, cells) in enumerate(rows):
        body += _row_lines(k, label, cells)
        if page_break and k == 11:
            body.append("- 4 -")
            if narrated:  # the header printed again on the next page
                body += ["申请人情况", "自然人 法人或其他组织 总计"]
    # the narrative names the table's first row with numbers standing alone
    said = ["本年新收政府信息公开申请 65 件，上年结转 5 件。"] if narrated else []
    return ["示例区教育局2022年政府信息公开工作年度报告", "一、总体情况",
            "本年度共收到政府信息公开申请65件。", *said, "三、收到和处理政府信息公开申请情况", "申请人情况",
            "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "法人或其他组织",
            "自然", "人 商业", "企业 科研", "机构 社会公 益组织 法律服 务机构 其他 总计",
            *body, *REVIEW_LINES, "五、存在的主要问题及改进情况"]


REVIEW = [3, 1, 0, 2, 6, 1, 0, 0, 1, 2, 0, 0, 1, 0, 1]  # 复议, 直接起诉, 复议后起诉: 5 each
# the header's words one piece a line, then the numbers one a line between blank lines (poppler)
REVIEW_LINES = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "复议后起诉",
                "结果维 结果纠 其他结 尚未审 总 未经复议直接起诉", "持 正 果 结 计", "2.",
                *(x for v in REVIEW for x in ("", str(v)))]


def _read(tmp_path, lines):
    path = tmp_path / "bureau-2022.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return read_report(path)


def test_every_cell_of_table_three_is_read_from_the_stream_in_template_order(tmp_path):
    rep = _read(tmp_path, _lines())
    got = {(f.indicator, f.breakdown): f for f in rep.facts if f.table == "三"}
    for rid, _, cells in ROWS:
        for col, value in zip(COLS, cells, strict=True):
            fact = got[(rid, col)]
            assert fact.status == REPORTED and fact.value == value, (rid, col, fact)
    assert any(f.rule == "table_number_stream" for f in rep.flags)
    # traceable: the line of the row's numbers, and how they were placed
    loc = got[("request.result.other.no_correction", "total")].location
    assert "numbers in template order" in loc and "line" in loc


def test_the_narrative_and_a_header_repeated_on_the_next_page_stay_out_of_the_stream():
    laid = stream_rows(_lines(narrated=True), "t2021")
    assert laid is not None
    rows = {r.rid: r for r in laid[0]}
    assert rows["request.new"].options == (("52", "7", "1", "0", "2", "3", "65"),)
    assert rows["request.carried_out"].options[0] == ("2", "1", "0", "0", "0", "0", "3")


def test_the_row_printed_with_its_last_cells_first_is_turned_at_the_line_break():
    laid = stream_rows(_lines(), "t2021")
    assert laid is not None
    rows = {r.rid: r for r in laid[0]}
    assert rows["request.result.other.no_correction"].options == (
        ("5", "1", "0", "0", "1", "0", "7"),)
    assert rows["request.result.other.no_correction"].text == "1 0 7 5 1 0 0"


def _dropped_cell():
    lines = _lines()
    lines.remove("7")  # a converter lost the 7 of 商业企业 in 一、本年新收 (its first line "7")
    return lines


def _labels_swapped():
    lines = _lines()
    a = lines.index("(四)无法提供 1.本机关不掌握相关政府信息")
    b = lines.index("2.没有现成信息需要另行制作")
    lines[a], lines[b] = "(四)无法提供 2.没有现成信息需要另行制作", "1.本机关不掌握相关政府信息"
    return lines


def _sum_broken():
    rows = list(ROWS)
    rows[23] = (*rows[23][:2], [55, 7, 1, 0, 2, 3, 68])  # (七)总计 55 where its parts give 54
    return _lines(rows)


@pytest.mark.parametrize("make", [_dropped_cell, _labels_swapped, _sum_broken],
                         ids=["a number missing", "labels out of order", "a sum broken"])
def test_without_the_whole_sign_nothing_is_read_from_the_stream(make, tmp_path):
    lines = make()
    assert stream_rows(lines, "t2021") is None
    rep = _read(tmp_path, lines)
    assert not any(f.rule == "table_number_stream" and f.indicator == "request" for f in rep.flags)
    if make is _dropped_cell:  # what the other readings report of the table is still right
        truth = {(rid, col): v for rid, _, cells in ROWS
                 for col, v in zip(COLS, cells, strict=True)}
        for f in rep.facts:
            if f.table == "三" and f.status == REPORTED:
                assert f.value == truth[(f.indicator, f.breakdown)], f


def test_a_table_printed_column_after_column_is_not_read_as_rows():
    """The same count of numbers read a column after another (`colmajor`'s form) and keeping the
    row sums is left to that reading: here the rows' own sums fail, so nothing is read."""
    cells = [c for _, _, c in ROWS]
    by_column = [str(row[c]) for c in range(7) for row in cells]
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况",
             *[label for _, label, _ in ROWS if label], *by_column, "四、行政复议"]
    assert stream_rows(lines, "t2021") is None


REVIEW_IDS = [f"{block}.{col}" for block in ("review", "litigation_direct", "litigation_after_review")
              for col in ("upheld", "corrected", "other", "pending", "total")]


def test_table_four_is_read_from_its_fifteen_numbers_in_template_order(tmp_path):
    rep = _read(tmp_path, _lines())
    got = {f.indicator: f for f in rep.facts if f.table == "四"}
    for rid, value in zip(REVIEW_IDS, REVIEW, strict=True):
        assert got[rid].status == REPORTED and got[rid].value == value, (rid, got.get(rid))
    assert "numbers in template order" in got["review.total"].location


def test_table_four_with_a_number_missing_is_not_read_from_the_stream(tmp_path):
    lines = _lines()
    at = len(lines) - 1 - lines[::-1].index("6")  # review.total, the last "6" of the text
    del lines[at]
    rep = _read(tmp_path, lines)
    assert not any(f.table == "四" and f.status == REPORTED and "template order" in f.location
                   for f in rep.facts)


def test_a_number_run_into_a_narrow_labels_characters_is_counted(tmp_path):
    """pdftotext may lay a cell's number over a narrow label cell's text: `(四10)无` for the
    label (四)无法提供 and the 10 of the row beside it. The number counts in the stream; a
    label's numbering (1. 2.3. (1)) never does."""
    lines = _lines()
    at = lines.index("(四)无法提供 1.本机关不掌握相关政府信息")
    assert lines[at - 6] == "10"
    lines[at - 6] = "(四10)无"
    lines[at] = "法提供 1.本机关不掌握相关政府信息"
    laid = stream_rows(lines, "t2021")
    assert laid is not None
    rows = {r.rid: r for r in laid[0]}
    assert rows["request.result.unavailable.not_held"].options == (
        ("10", "2", "1", "0", "0", "0", "13"),)
    rep = _read(tmp_path, lines)
    got = {(f.indicator, f.breakdown): f for f in rep.facts if f.table == "三"}
    assert got[("request.result.unavailable.not_held", "natural_person")].value == 10
    assert got[("request.result.unavailable.not_held", "natural_person")].status == REPORTED
