"""OCR of scanned reports: an image-only PDF and a PNG drawn in the test (tests/ocr_fixtures.py)
read into facts, a garbage text layer falls back to OCR, and an unsure digit is settled only by the
report's sums (synthetic recogniser output: no OCR run needed for that rule).

The OCR runs are of small images (one table each), the results kept in a cache folder of the test.
"""

from __future__ import annotations

import math

import pytest
from ocr_fixtures import T2, T3, garbage_pdf, image_pdf, table2_image, table3_image

from analysis.model import REPORTED, UNRESOLVED
from analysis.parse.meta import detect
from analysis.pipeline import parse_document_facts, read_report
from analysis.read import ReadError, read_document
from analysis.read.ocr import OcrDocument, _add_page
from analysis.read.ocr.engine import Box, Char
from analysis.read.ocr.layout import layout

pytest.importorskip("rapidocr_onnxruntime")

T3_IDS = ["request.new", "request.carried_in", "request.result.disclosed",
          "request.result.partial", "request.result.total", "request.carried_out"]
COLS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
        "total"]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """The fixture files, and OCR results kept in a folder of this test module."""
    out = tmp_path_factory.mktemp("scans")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XXGK_OCR_CACHE", str(out / "cache"))
        png = out / "table2.png"
        table2_image().save(png)
        yield {"pdf": image_pdf(table3_image(), out / "table3.pdf"), "png": png,
               "garbage": garbage_pdf(table2_image(), out / "garbage.pdf"), "dir": out}


def _values(rep) -> dict[tuple[str, str], float]:
    return {(f.indicator, f.breakdown): f.value for f in rep.facts if f.source == "table"}


def test_image_only_pdf_reads_its_table_three(scans):
    rep = read_report(scans["pdf"])
    assert rep.doc.form == "ocr" and rep.meta.template == "t2021" and rep.meta.year == 2022
    got = _values(rep)
    for ind, (_, row) in zip(T3_IDS, T3, strict=True):
        assert [got.get((ind, c)) for c in COLS] == row, ind
    t3 = [f for f in rep.facts if f.table == "三"]
    assert len(t3) == 42 and all(f.status == REPORTED for f in t3)
    assert all("; ocr p1 box " in f.location and " conf " in f.location for f in t3)
    assert not [f for f in rep.flags if f.rule.startswith(("t3_", "ocr_unsure"))]


def test_png_of_a_table_reads(scans):
    doc = read_document(scans["png"])
    rows = [r for t in doc.tables for r in t.rows]
    for label, values in T2:
        assert [label, *map(str, values)] in rows
    rep = read_report(scans["png"])
    got = {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "table"}
    assert got[("rules", "made")] == 4 and got[("rules", "in_force")] == 17
    assert got[("normative", "made")] == 26


def test_garbage_text_layer_falls_back_to_ocr(scans):
    import pdfplumber

    with pdfplumber.open(scans["garbage"]) as pdf:
        assert "Ê¾ÀýÊÐ" in pdf.pages[0].extract_text()  # the layer is there, and is noise
    doc = read_document(scans["garbage"])
    assert doc.form == "ocr" and "Ê" not in doc.text and "示例市人民政府" in doc.text
    assert ["规章", "4", "0", "17"] in [r for t in doc.tables for r in t.rows]


def test_a_read_file_is_not_ocrd_again(scans, monkeypatch):
    read_document(scans["png"])  # kept from the test above, or OCR'd now

    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr("analysis.read.ocr.scan.in_child", no_ocr)
    assert ["规章", "4", "0", "17"] in [r for t in read_document(scans["png"]).tables
                                       for r in t.rows]


def test_without_the_engine_the_failure_says_how_to_install(scans, monkeypatch, tmp_path):
    import importlib.util

    find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidocr_onnxruntime" else find(name, *a))
    monkeypatch.setenv("XXGK_OCR_CACHE", str(tmp_path))  # nothing kept: OCR would be needed
    for path in (scans["pdf"], scans["png"]):
        with pytest.raises(ReadError, match=r"pip install 'xxgk\[ocr\]'"):
            read_document(path)


def test_a_page_past_its_time_limit_is_flagged_not_read(scans, monkeypatch, tmp_path):
    monkeypatch.setenv("XXGK_OCR_CACHE", str(tmp_path))
    monkeypatch.setattr("analysis.read.ocr.scan.PAGE_SECONDS", 0.001)
    doc = read_document(scans["png"])
    assert [f.found for f in doc.notes if f.rule == "ocr_page_skipped"] == ["1"]
    assert not doc.tables


# --- unsure digits, on synthetic recogniser output -------------------------------------------

def _box(text: str, x: float, y: float, unsure: dict[int, tuple[str, float]] | None = None,
         size: float = 20) -> Box:
    """A box as the recogniser gives it: characters `size` wide, sure unless in `unsure`
    (index -> (runner-up, its probability))."""
    unsure = unsure or {}
    chars = [Char(c, 1 - unsure[i][1] if i in unsure else 0.99, *unsure.get(i, ("", 0.0)),
                  x + (i + 0.5) * size) for i, c in enumerate(text)]
    return Box(text, x, y, x + size * len(text), y + size, min(c.p for c in chars), chars)


def _doc(rows: list[tuple[str, list[str]]], title: str, heading: str,
         unsure: dict[tuple[int, int], dict[int, tuple[str, float]]]) -> OcrDocument:
    boxes = [_box(title, 20, 10), _box(heading, 20, 50)]
    for r, (label, values) in enumerate(rows):
        y = 100 + 40 * r
        boxes.append(_box(label, 20, y))
        boxes += [_box(v, 500 + 100 * c, y, unsure.get((r, c))) for c, v in enumerate(values)]
    doc = OcrDocument(path="scan.png", form="ocr", encoding="image", text="")
    lines: list[str] = []
    _add_page(doc, lines, layout(boxes, 1), 1)
    doc.text = "\n".join(lines)
    doc.line_pages = [1] * len(lines)
    return doc


TITLE = "示例县人民政府2021年政府信息公开工作年度报告"


def test_an_unsure_digit_the_sums_do_not_settle_is_left_unresolved_and_flagged():
    # table 二 has no sum over 规章 本年制发件数: a 4 that may be a 9 stays open
    rows = [("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
            ("规章", ["4", "0", "17"]), ("行政规范性文件", ["26", "3", "58"])]
    doc = _doc(rows, TITLE, "二、主动公开政府信息情况", {(1, 0): {0: ("9", 0.35)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    made = next(f for f in facts if f.indicator == "rules" and f.measure == "made")
    assert made.status == UNRESOLVED and math.isnan(made.value) and made.raw_value == "4"
    flag = next(f for f in flags if f.rule == "ocr_unsure_digit")
    assert flag.indicator == "rules" and flag.expected == "4|9" and flag.found == "4"
    sure = next(f for f in facts if f.indicator == "rules" and f.measure == "in_force")
    assert sure.status == REPORTED and sure.value == 17


def test_an_unsure_digit_is_taken_only_where_the_sums_accept_one_reading():
    # 一、本年新收 自然人 read 17 (runner-up 2 for the 7): only 12 makes the row sum to its 总计 18
    rows = [(label, [str(v) for v in values]) for label, values in T3]
    rows[0] = (rows[0][0], ["17", *rows[0][1][1:]])
    doc = _doc(rows, TITLE, "三、收到和处理政府信息公开申请情况", {(0, 0): {1: ("2", 0.4)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    new = next(f for f in facts if f.indicator == "request.new" and f.breakdown == "natural_person")
    assert new.status == REPORTED and new.value == 12
    assert [(f.found, f.expected) for f in flags if f.rule == "ocr_digit_confirmed"] == [("17", "12")]
    assert not [f for f in flags if f.rule.startswith("t3_") or f.rule == "ocr_unsure_digit"]


def test_a_faint_digit_is_taken_only_where_the_sums_pin_its_cell_to_it():
    # table 三: 二、上年结转 其他 printed 1 read faintly (0.4, runner-up a blank): the column's
    # identity and the row's sum both need 1 there, so it is taken and said so; a faint 1 where
    # the sums need 0 (a sliver of ruling or of a cut 0) is left unresolved
    rows = [(label, [str(v) for v in values]) for label, values in T3]
    doc = _doc(rows, TITLE, "三、收到和处理政府信息公开申请情况", {(1, 5): {0: ("", 0.6)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    got = next(f for f in facts if f.indicator == "request.carried_in" and f.breakdown == "other_org")
    assert got.status == REPORTED and got.value == 1
    said = [f for f in flags if f.rule == "ocr_digit_confirmed"]
    assert [(f.indicator, f.expected, f.found) for f in said] == [("request.carried_in", "1", "1")]
    assert not [f for f in flags if f.rule.startswith("t3_") or f.rule == "ocr_unreadable_cell"]
    # the printed 0 of 二、上年结转 科研机构 read as a faint 1: the sums need 0, so no number
    rows[1] = (rows[1][0], ["2", "0", "1", "0", "0", "1", "3"])
    doc = _doc(rows, TITLE, "三、收到和处理政府信息公开申请情况", {(1, 2): {0: ("", 0.6)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    sliver = next(f for f in facts if f.indicator == "request.carried_in"
                  and f.breakdown == "research")
    assert sliver.status == UNRESOLVED and math.isnan(sliver.value)
    assert [(f.indicator, f.found) for f in flags if f.rule == "ocr_unreadable_cell"] == [
        ("request.carried_in", "1")]
    assert not [f for f in flags if f.rule == "ocr_digit_confirmed"]


# table 三 of the 2021 template printed whole (every result row: its sums are all checked)
T3_WHOLE = [("一、本年新收政府信息公开申请数量", "7 2 0 0 0 1 10"),
            ("二、上年结转政府信息公开申请数量", "1 0 0 0 0 0 1"),
            ("(一)予以公开", "3 1 0 0 0 0 4"), ("(二)部分公开", "1 0 0 0 0 0 1"),
            ("1.属于国家秘密", "1 0 0 0 0 0 1"), ("2.其他法律行政法规禁止公开", "0 0 0 0 0 0 0"),
            ("3.危及“三安全一稳定”", "0 0 0 0 0 0 0"), ("4.保护第三方合法权益", "0 0 0 0 0 0 0"),
            ("5.属于三类内部事务信息", "0 0 0 0 0 0 0"), ("6.属于四类过程性信息", "0 0 0 0 0 0 0"),
            ("7.属于行政执法案卷", "0 0 0 0 0 0 0"), ("8.属于行政查询事项", "0 0 0 0 0 0 0"),
            ("1.本机关不掌握相关政府信息", "1 1 0 0 0 1 3"),
            ("2.没有现成信息需要另行制作", "1 0 0 0 0 0 1"),
            ("3.补正后申请内容仍不明确", "0 0 0 0 0 0 0"), ("1.信访举报投诉类申请", "0 0 0 0 0 0 0"),
            ("2.重复申请", "0 0 0 0 0 0 0"), ("3.要求提供公开出版物", "0 0 0 0 0 0 0"),
            ("4.无正当理由大量反复申请", "0 0 0 0 0 0 0"),
            ("5.要求行政机关确认或重新出具已获取信息", "0 0 0 0 0 0 0"),
            ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0 0 0 0 0 0 0"),
            ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
             "0 0 0 0 0 0 0"),
            ("3.其他", "0 0 0 0 0 0 0"), ("(七)总计", "7 2 0 0 0 1 10"),
            ("四、结转下年度继续办理", "1 0 0 0 0 0 1")]


def test_a_cell_of_unreadable_ink_counts_as_no_number_in_the_sums_that_settle_a_faint_digit():
    # 1.属于国家秘密 自然人, printed 1, read faintly; 2.没有现成信息需要另行制作 自然人, printed 1,
    # read as a mark. The faint cell's row needs 1; the column (一)…(六) = (七) needs 2 minus the
    # mark's cell. Taken as 0 (blank), the mark's cell made the column need 2 there and the faint
    # 1 was left open; it is ink that is no number yet, so the column says nothing and the row pins
    # the 1. The mark's cell itself stays unresolved
    rows = [(label, values.split()) for label, values in T3_WHOLE]
    rows[13] = (rows[13][0], ["#", *rows[13][1][1:]])
    doc = _doc(rows, TITLE, "三、收到和处理政府信息公开申请情况", {(4, 0): {0: ("", 0.6)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    got = {f.indicator: f for f in facts if f.breakdown == "natural_person"}
    faint = got["request.result.denied.state_secret"]
    assert faint.status == REPORTED and faint.value == 1
    assert [(f.indicator, f.expected) for f in flags if f.rule == "ocr_digit_confirmed"] == [
        ("request.result.denied.state_secret", "1")]
    mark = got["request.result.unavailable.needs_creation"]
    assert mark.status == UNRESOLVED and math.isnan(mark.value)
    assert [(f.indicator, f.found) for f in flags if f.rule == "ocr_unreadable_cell"] == [
        ("request.result.unavailable.needs_creation", "#")]


def test_a_cell_printed_with_its_unit_is_a_value_and_an_unsure_digit_in_it_is_not_guessed():
    # table 二's procurement amount printed in 元 in its cell (373000元 is 37.3 万元): a value,
    # its column found; the same cell with an unsure digit is left unresolved
    rows = [("信息内容", ["采购项目数量", "采购总金额"]), ("政府集中采购", ["9", "373000元"])]
    doc = _doc(rows, TITLE, "二、主动公开政府信息情况", {})
    facts, _ = parse_document_facts(doc, detect(doc))
    got = {f.measure: f for f in facts if f.indicator == "procurement"}
    assert got["items"].value == 9
    assert got["amount"].status == REPORTED and got["amount"].value == 37.3
    doc = _doc(rows, TITLE, "二、主动公开政府信息情况", {(1, 1): {1: ("8", 0.3)}})
    facts, flags = parse_document_facts(doc, detect(doc))
    amount = next(f for f in facts if f.indicator == "procurement" and f.measure == "amount")
    assert amount.status == UNRESOLVED and math.isnan(amount.value)
    assert [f.found for f in flags if f.rule == "ocr_unreadable_cell"] == ["373000元"]


def test_a_signed_change_is_a_value():
    # the 2019 template's 本年增/减 column: -4 and +2 are values, read with their sign
    title = "示例县人民政府2019年政府信息公开工作年度报告"
    rows = [("第二十条第(五)项", []), ("信息内容", ["上一年项目数量", "本年增/减", "处理决定数量"]),
            ("行政许可", ["31", "-4", "1520"]), ("其他对外管理服务事项", ["12", "+2", "370"])]
    doc = _doc(rows, title, "二、主动公开政府信息情况", {})
    facts, _ = parse_document_facts(doc, detect(doc))
    change = {f.indicator: f for f in facts if f.measure == "change"}
    assert change["licensing"].status == REPORTED and change["licensing"].value == -4
    assert change["other_services"].value == 2


def test_a_faint_digit_with_no_rival_digit_is_not_read_but_a_faint_zero_is():
    # a crop cut at its ruling leaves a sliver of a 0, read as a 1 at 0.29 (runner-up: a blank):
    # no reading; a 0 read at 0.32 against a 。 is a 0 (zeros are often unsure of their shape)
    from analysis.read.ocr.digits import read_cell

    sliver = _box("1", 500, 100, {0: ("", 0.71)})
    assert read_cell([sliver], 1).unread and read_cell([sliver], 1).text == ""
    faint_zero = _box("0", 500, 100, {0: ("。", 0.68)})
    assert read_cell([faint_zero], 1).text == "0" and not read_cell([faint_zero], 1).unread
    rival = _box("7", 500, 100, {0: ("1", 0.6)})  # a rival digit: the sums may settle it
    assert read_cell([rival], 1).readings == ["7", "1"]


def test_a_signed_cell_printed_with_its_unit_is_a_value():
    # a change printed with its sign and its unit (-250元, +3件): the unit follows the digits,
    # not the digits' count from the sign; an unsure digit in it is still not guessed
    from analysis.read.ocr.digits import read_cell

    for text, value in (("-250元", "-250元"), ("+3件", "+3件"), ("-1万元", "-1万元")):
        cell = read_cell([_box(text, 500, 100)], 1)
        assert not cell.unread and cell.text == value
    unsure = read_cell([_box("-250元", 500, 100, {2: ("8", 0.4)})], 1)
    assert unsure.unread and unsure.text == ""


def test_ingest_keeps_a_scan_as_an_ocr_report(scans, tmp_path):
    import shutil

    import analysis
    from analysis.dataset.ingest import ingest

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(scans["png"], src / "scan.png")  # the same bytes: the kept OCR result is used
    ingest([src], tmp_path / "ds", progress=False)
    ds = analysis.load_dataset(tmp_path / "ds")
    assert ds.failures.empty and list(ds.reports["form"]) == ["ocr"]
    made = ds.facts[(ds.facts["indicator"] == "rules") & (ds.facts["measure"] == "made")]
    assert list(made["value"]) == [4] and "; ocr p1 box " in made["location"].iloc[0]
