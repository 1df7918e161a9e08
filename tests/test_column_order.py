"""Table 三 printed column by column (pdfminer.six's reading order of a PDF): each page's part of the
table lists its row labels, then its numbers one column after another, one number a line, and the
columns' order is the tool's (here 总计 before 其他 in the first part). The figures are made up; the
form is the one pdfminer gave for a real district report."""

from __future__ import annotations

import math

from analysis.model import REPORTED, UNRESOLVED
from analysis.pipeline import read_report

COLS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
        "total"]
# (label as printed, the row's cells or None for a group's heading)
PART1 = [("一、本年新收政府信息公开申请数量", [30, 4, 0, 0, 1, 2, 37]),
         ("二、上年结转政府信息公开申请数量", [3, 0, 0, 0, 0, 0, 3]),
         ("(一)予以公开", [12, 2, 0, 0, 1, 1, 16]),
         ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", [5, 0, 0, 0, 0, 0, 5]),
         ("(三)不予公开", None),
         ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
         ("2.其他法律行政法规禁止公开", [0] * 7),
         ("3.危及“三安全一稳定”", [0] * 7),
         ("4.保护第三方合法权益", [2, 1, 0, 0, 0, 0, 3]),
         ("5.属于三类内部事务信息", [0] * 7),
         ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
         ("7.属于行政执法案卷", [0] * 7),
         ("8.属于行政查询事项", [0] * 7)]
PART2 = [("(四)无法提供", None),
         ("1.本机关不掌握相关政府信息", [6, 1, 0, 0, 0, 1, 8]),
         ("2.没有现成信息需要另行制作", [2, 0, 0, 0, 0, 0, 2]),
         ("3.补正后申请内容仍不明确", [1, 0, 0, 0, 0, 0, 1]),
         ("(五)不予处理", None),
         ("1.信访举报投诉类申请", [0] * 7),
         ("2.重复申请", [1, 0, 0, 0, 0, 0, 1]),
         ("3.要求提供公开出版物", [0] * 7),
         ("4.无正当理由大量反复申请", [0] * 7),
         ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
         ("(六)其他处理", None),
         ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0] * 7),
         ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
         ("3.其他", [1, 0, 0, 0, 0, 0, 1]),
         ("(七)总计", [32, 4, 0, 0, 1, 2, 39]),
         ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1])]


def _part(rows, order: list[int]) -> list[str]:
    """The part's labels, then its numbers column after column in `order`."""
    cells = [c for _, c in rows if c is not None]
    return [label for label, _ in rows] + [str(c[k]) for k in order for c in cells]


def _report(tmp_path, part1=PART1):
    lines = ["示例县人民政府2022年政府信息公开工作年度报告",
             "一、总体情况", "本年度收到政府信息公开申请37件。",
             "三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "法人或其他组织",
             "商业", "企业", "科研", "机构", "总计",
             *_part(part1, [0, 1, 2, 3, 4, 6, 5]),  # 总计 before 其他, as the tool sorted them
             "- 3 -",
             *_part(PART2, list(range(7))),
             "四、政府信息公开行政复议、行政诉讼情况"]
    path = tmp_path / "district-2022.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return read_report(path)


def _cells(rep):
    return {(f.indicator, f.breakdown): f for f in rep.facts if f.table == "三"}


def test_the_total_column_and_the_rows_every_applicant_column_agrees_on_are_placed(tmp_path):
    rep = _report(tmp_path)
    got = _cells(rep)
    for rid, total in (("request.new", 37), ("request.carried_in", 3),
                       ("request.result.total", 39), ("request.carried_out", 1),
                       ("request.result.unavailable.not_held", 8)):
        assert got[(rid, "total")].status == REPORTED and got[(rid, "total")].value == total
    zero = got[("request.result.denied.law_prohibited", "business")]
    assert zero.status == REPORTED and zero.value == 0
    # 30 4 0 0 1 2: which number is whose column the text does not say
    for col in COLS[:-1]:
        cell = got[("request.new", col)]
        assert cell.status == UNRESOLVED and math.isnan(cell.value)
    flag = next(f for f in rep.flags if f.rule == "table_column_order")
    assert flag.severity == "warning" and "left unresolved" in flag.message


def test_a_total_column_that_is_no_sum_lays_nothing_out(tmp_path):
    broken = list(PART1)
    broken[0] = (broken[0][0], [30, 4, 0, 0, 1, 2, 38])  # 一's 总计 printed 38: no block sums
    rep = _report(tmp_path, broken)
    assert not [f for f in rep.flags if f.rule == "table_column_order"]
    got = _cells(rep)
    for col in COLS:
        cell = got.get(("request.new", col))
        assert cell is None or cell.status != REPORTED or cell.value == {
            "natural_person": 30, "business": 4, "legal_services": 1, "other_org": 2,
            "total": 38}.get(col, 0)


def test_labels_listed_out_of_the_templates_order_lay_nothing_out(tmp_path):
    # the tool listed 4.保护第三方合法权益 before 1.属于国家秘密: their numbers would go to each other
    # and every sum would still hold (both are result rows), so the order is not trusted
    swapped = list(PART1)
    swapped[5], swapped[8] = swapped[8], swapped[5]
    rep = _report(tmp_path, swapped)
    assert not [f for f in rep.flags if f.rule == "table_column_order"]
    third = _cells(rep).get(("request.result.denied.third_party", "total"))
    assert third is None or third.status != REPORTED or third.value == 3


def test_the_row_by_row_guard_reads_numbers_printed_with_thousands_commas():
    # the guard against a text whose numbers keep the row sums read row by row too: a 总计 of
    # 1,200 printed with its comma still sums its row
    from analysis.parse.template.colmajor import _row_sums_hold

    assert _row_sums_hold({"request.new": ["1,000", "200", "0", "0", "0", "0", "1,200"]})
    assert not _row_sums_hold({"request.new": ["1,000", "200", "0", "0", "0", "0", "1,300"]})
