"""OCR layout mechanisms on pages drawn in the test: a cell the detector missed is read from its
ink (0 is 0, an empty cell is blank, ink that reads as no value is unresolved and flagged), a row
whose wrapped label parted its values is one row, a letter in a header line is not a value, and a
row label whose numeral was lost gets the template's back.

The recogniser's boxes are written by the test (where the text was drawn), leaving out the cells
a detector may miss; only those cells go through the recogniser. The figures are made up.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from analysis.model import BLANK, REPORTED, UNRESOLVED
from analysis.parse.meta import detect
from analysis.pipeline import parse_document_facts
from analysis.read.ocr import OcrDocument, _add_page
from analysis.read.ocr.engine import Box, Char
from analysis.read.ocr.labels import match
from analysis.read.ocr.layout import PageRow, layout

TITLE = "示例县人民政府2021年政府信息公开工作年度报告"
HEAD = "三、收到和处理政府信息公开申请情况"
COLS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org",
        "total"]
# table 三, 2021 template: 一 + 二 = (七) + 四 in every column, each row sums to its 总计
ROWS = [("一、本年新收政府信息公开申请数量", ["21", "6", "0", "2", "1", "3", "33"]),
        ("二、上年结转政府信息公开申请数量", ["4", "1", "0", "0", "", "0", "5"]),
        ("(一)予以公开", ["15", "5", "0", "2", "1", "2", "25"]),
        ("(二)部分公开", ["7", "1", "0", "0", "0", "1", "9"]),
        ("(七)总计", ["22", "6", "0", "2", "1", "3", "34"]),
        ("四、结转下年度继续办理", ["3", "1", "0", "0", "", "0", "4"])]


def _box(text: str, x: float, y: float, size: float = 20, h: float = 0) -> Box:
    """A box as the recogniser gives it: characters `size` wide, `h` (else `size`) tall."""
    chars = [Char(c, 0.99, "", 0.0, x + (i + 0.5) * size) for i, c in enumerate(text)]
    return Box(text, x, y, x + size * len(text), y + (h or size), 0.99, chars)


def _doc(boxes: list[Box], image=None) -> OcrDocument:
    from analysis.read.ocr.engine import read_crops

    reread = None if image is None else (lambda rects: read_crops(image, rects))
    doc = OcrDocument(path="scan.png", form="ocr", encoding="image", text="")
    lines: list[str] = []
    _add_page(doc, lines, layout(boxes, 1, image, reread), 1)
    doc.text = "\n".join(lines)
    doc.line_pages = [1] * len(lines)
    return doc


def _page(rows, missed: dict[tuple[int, int], str]) -> tuple[list[Box], np.ndarray]:
    """Boxes of the title, heading, labels and values (the cells in `missed` have none: the
    detector missed them), and the page image with every value drawn where its box is and the
    `missed` cells drawn with their own text."""
    from ocr_fixtures import _font

    img = Image.new("RGB", (1300, 100 + 40 * len(rows)), "white")
    draw = ImageDraw.Draw(img)
    boxes = [_box(TITLE, 20, 10), _box(HEAD, 20, 50)]
    for r, (label, values) in enumerate(rows):
        y = 100 + 40 * r
        boxes.append(_box(label, 20, y))
        for c, v in enumerate(values):
            x = 520 + 100 * c
            text = missed.get((r, c), v)
            if text:
                draw.text((x, y - 2), text, fill="black", font=_font(20))
            if v and (r, c) not in missed:
                boxes.append(_box(v, x, y - 1, size=11, h=25))  # the glyphs reach y + 22
    return boxes, np.asarray(img)


def _ruled(size: tuple[int, int], xs, ys, span: tuple[int, int], across: int = 2):
    """A white page with a ruled grid: vertical rulings at `xs` from span[0] to span[1] (2 px),
    horizontal ones at `ys` from the first x to the last (`across` px). Returns the image and its
    drawing context."""
    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    for x in xs:
        draw.line([(x, span[0]), (x, span[1])], fill="black", width=2)
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill="black", width=across)
    return img, draw


def _facts(doc):
    facts, flags = parse_document_facts(doc, detect(doc))
    return {(f.indicator, f.breakdown): f for f in facts if f.table == "三"}, flags


def test_a_missed_cell_is_read_from_its_ink_zero_blank_or_unresolved():
    pytest.importorskip("rapidocr_onnxruntime")
    # the detector missed: a 0 (row 一 科研机构), a 0 (row 四 其他), a smudge (row 二 自然人,
    # printed "4") and the 法律服务机构 cells of rows 二 and 四, empty on the page
    missed = {(0, 2): "0", (5, 5): "0", (1, 0): "#", (1, 4): "", (5, 4): ""}
    boxes, image = _page(ROWS, missed)
    facts, flags = _facts(_doc(boxes, image))
    assert facts[("request.new", "research")].status == REPORTED
    assert facts[("request.new", "research")].value == 0
    assert facts[("request.carried_out", "other_org")].value == 0
    assert [facts[(i, "legal_services")].status for i in ("request.new", "request.carried_in",
                                                          "request.carried_out")] == [
        REPORTED, BLANK, BLANK]
    smudge = facts[("request.carried_in", "natural_person")]
    assert smudge.status == UNRESOLVED and math.isnan(smudge.value)
    flag = next(f for f in flags if f.rule == "ocr_unreadable_cell")
    assert flag.indicator == "request.carried_in" and "#" in flag.found
    assert facts[("request.carried_in", "business")].value == 1  # the row's other cells stand


def test_a_row_parted_by_its_wrapped_label_is_one_row():
    # (六)其他处理 beside a label wrapped over two lines; the values are centred on the pair of
    # lines, and the first value box sits a little higher than the others
    boxes = [_box("(六)其他处理", 20, 100), _box("2.申请人逾期未按收费通知要求缴纳费用、行", 200, 100),
             _box("政机关不再处理其政府信息公开申请", 200, 128), _box("37", 1000, 104, 11, 24)]
    boxes += [_box(v, 1100 + 100 * k, 112, 11, 24) for k, v in enumerate(["5", "1", "0", "2", "45"])]
    boxes += [_box("3.其他", 200, 170), *[_box(v, 1000 + 100 * k, 170, 11)
                                        for k, v in enumerate(["8", "2", "0", "1", "0", "11"])]]
    rows = [x for _, x, _ in layout(boxes, 1) if isinstance(x, PageRow)]
    assert [r.labels for r in rows] == [
        ["(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
        ["3.其他"]]
    assert [c.text if c else "" for c in rows[0].cells] == ["37", "5", "1", "0", "2", "45"]


def test_a_letter_in_a_header_line_is_not_a_value():
    # table 四's header with an S the recogniser cut off 结果纠正; the row of 15 below it
    values = ["6", "1", "2", "0", "9", "3", "0", "1", "1", "5", "4", "2", "0", "1", "7"]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    boxes = [_box(TITLE, 20, 10), _box("四、政府信息公开行政复议、行政诉讼情况", 20, 50),
             _box("行政复议", 20, 90), _box("行政诉讼", 600, 90)]
    boxes += [_box(h, 20 + 80 * k, 130, size=15) for k, h in enumerate(heads)]
    boxes.append(_box("S", 20 + 80 * 5 + 62, 130, size=15))
    boxes += [_box(v, 40 + 80 * k, 170, size=11) for k, v in enumerate(values)]
    doc = _doc(boxes)
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 1
    meta = dataclasses.replace(detect(doc), template="t2021")  # the page shows no table 三
    facts, _ = parse_document_facts(doc, meta)
    got = [f.value for f in facts if f.table == "四"]
    assert got == [float(v) for v in values]


def test_a_row_label_whose_numeral_was_lost_gets_the_templates():
    assert match("、本年新收政府信息公开申请数量") == "一、本年新收政府信息公开申请数量"
    assert match(",上年结转政府信息公开申请数量") == "二、上年结转政府信息公开申请数量"
    assert match(".属于国家秘密") == "1.属于国家秘密"
    rows = [(",上年结转政府信息公开申请数量" if k == 1 else label, vals)
            for k, (label, vals) in enumerate(ROWS)]
    boxes, _ = _page(rows, {})
    facts, flags = _facts(_doc(boxes))
    assert [facts[("request.carried_in", c)].value for c in COLS if c != "legal_services"] == [
        4, 1, 0, 0, 0, 5]
    assert not [f for f in flags if f.rule == "ambiguous_cells"]



@pytest.mark.parametrize("piece", ["再处理其政府信息公开申请", "反复申请", "不计其他情形",
                                   "信息公开申请数量"])
def test_the_second_line_of_a_wrapped_label_is_not_taken_for_another_label(piece):
    # each is word for word the end of one template label wrapped in its cell (1.申请人无正当理由
    # 逾期不补正、行政机关不 / 再处理其…, 4.无正当理由大量 / 反复申请, …); the closest other label
    # (受理政府信息公开申请数, 重复申请, 其他情形数, 收到政府信息公开申请数) is not what it says
    assert match(piece) is None


def test_a_label_that_lost_characters_still_matches_its_own_label():
    assert match("3.要求提供公开出版") == "3.要求提供公开出版物"
    assert match("4.无正当理由大量反复申") == "4.无正当理由大量反复申请"


def test_a_row_label_printed_without_its_numbering_names_its_row():
    # the recogniser dropped 一、 and 四、 altogether: a long label that is one template row's
    # alone still names it; a short one that several rows share (其他) would not
    rows = [(label.split("、", 1)[1] if label[0] in "一四" else label, vals)
            for label, vals in ROWS]
    boxes, _ = _page(rows, {})
    facts, flags = _facts(_doc(boxes))
    assert [facts[("request.new", c)].value for c in COLS] == [21, 6, 0, 2, 1, 3, 33]
    assert facts[("request.carried_out", "total")].value == 4
    assert not [f for f in flags if f.rule in ("table_unaligned", "ambiguous_cells")]


def test_a_tiny_letter_left_by_a_ruling_does_not_hide_a_ruled_column():
    # a ruled table 二: where the ruling meets the row's bottom line the recogniser read an `L`
    # (a third of a line's height) just left of the first number; that column is still a column
    img, _ = _ruled((900, 140), (20, 300, 450, 600, 750), (40, 85, 130), (40, 130))
    values = [["4", "0", "17"], ["58", "12", "306"]]
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, row in enumerate(values):
        y = 50 + 45 * r
        boxes.append(_box(["规章", "行政规范性文件"][r], 30, y))
        boxes += [_box(v, 350 + 150 * c, y - 1, size=11, h=25) for c, v in enumerate(row)]
    boxes.append(_box("L", 303, y + 10, size=8, h=8))
    rows = [x for _, x, _ in layout(boxes, 1, np.asarray(img)) if isinstance(x, PageRow)]
    assert [r.labels for r in rows] == [["规章"], ["行政规范性文件"]]
    assert [[c.text if c else "" for c in r.cells] for r in rows] == values


def test_a_ruling_a_value_box_took_in_is_no_digit_of_the_value():
    # a ruled table 二: the detector's box of a 0 began on the cell's left ruling and the
    # recogniser read the ruling as a 1 (10); a 1 printed in a cell stands off its ruling
    img, _ = _ruled((900, 140), (20, 300, 450, 600, 750), (40, 85, 130), (40, 130))
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, (label, row) in enumerate([("规章", ["7", "0", "13"]), ("行政规范性文件", ["16", "10", "35"])]):
        y = 50 + 45 * r
        boxes.append(_box(label, 30, y))
        boxes += [_box(v, 310 + 150 * c, y - 1, size=11, h=25) for c, v in enumerate(row)]
    zero = next(b for b in boxes if b.text == "0")
    ruled = dataclasses.replace(zero, text="10", x0=447.0, chars=[
        Char("1", 0.71, "", 0.19, 450.5), *zero.chars])  # the ruling at x 450, read as a 1
    boxes[boxes.index(zero)] = ruled
    rows = [x for _, x, _ in layout(boxes, 1, np.asarray(img)) if isinstance(x, PageRow)]
    assert [[c.text if c else "" for c in r.cells] for r in rows] == [["7", "0", "13"],
                                                                      ["16", "10", "35"]]


def test_a_minus_sign_the_recogniser_left_out_makes_the_number_unsure_not_positive():
    # the 2019 template's 本年增/减: a cell printed -2 whose box takes the dash in but whose text
    # reads 2; no sum settles the sign, so the figure is unresolved with both readings. The
    # 上一年项目数量 2 beside it, and a change printed 5 with no dash, stay as read
    from ocr_fixtures import _font

    img, draw = _ruled((1000, 190), (20, 400, 550, 700, 850), (90, 135, 180), (90, 180))
    boxes = [_box("示例县人民政府2019年政府信息公开工作年度报告", 20, 5),
             _box("信息内容", 30, 60), _box("上一年项目数量", 410, 60), _box("本年增/减", 560, 60),
             _box("处理决定数量", 710, 60)]
    for r, (label, row) in enumerate([("行政许可", ["2", "-2", "15"]),
                                      ("其他对外管理服务事项", ["7", "5", "30"])]):
        y = 100 + 45 * r
        boxes.append(_box(label, 30, y))
        for c, v in enumerate(row):
            x = 420 + 150 * c
            if v.startswith("-"):
                draw.line([(x, y + 11), (x + 7, y + 11)], fill="black", width=2)
                draw.text((x + 10, y - 2), v[1:], fill="black", font=_font(20))
                boxes.append(Box(v[1:], x - 1, y - 1, x + 22, y + 24, 0.99,
                                 [Char(v[1:], 0.99, "", 0.0, x + 15)]))
            else:
                draw.text((x, y - 2), v, fill="black", font=_font(20))
                boxes.append(_box(v, x, y - 1, size=11, h=25))
    doc = _doc(boxes, np.asarray(img))
    facts, flags = parse_document_facts(doc, detect(doc))
    got = {(f.indicator, f.measure): f for f in facts if f.table == "二"}
    change = got[("licensing", "change")]
    assert change.status == UNRESOLVED and math.isnan(change.value)
    assert [(f.indicator, f.expected) for f in flags if f.rule == "ocr_unsure_digit"] == [
        ("licensing", "2|-2")]
    assert got[("licensing", "prior_year_items")].value == 2
    assert got[("licensing", "prior_year_items")].status == REPORTED
    assert got[("other_services", "change")].value == 5


def test_a_mark_read_among_the_values_is_an_unreadable_cell_not_a_label():
    # a ruled table: the detector missed every cell of the third column (zeros), and read a
    # smudged digit of row 1 as `=`; the rulings still give four columns, the `=` cell is ink
    # that reads as no value (unresolved later), not a label column ending the labels there
    img, _ = _ruled((900, 140), (20, 300, 450, 600, 750, 880), (40, 85, 130), (40, 130))
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, (label, row) in enumerate([("规章", ["4", "=", "", "17"]),
                                      ("行政规范性文件", ["58", "12", "", "306"])]):
        y = 50 + 45 * r
        boxes.append(_box(label, 30, y))
        boxes += [_box(v, 350 + 150 * c, y - 1, size=11, h=25) for c, v in enumerate(row) if v]
    rows = [x for _, x, _ in layout(boxes, 1, np.asarray(img)) if isinstance(x, PageRow)]
    assert [len(r.cells) for r in rows] == [4, 4]
    smudge = rows[0].cells[1]
    assert smudge.unread and smudge.text == "" and smudge.raw == "="
    assert [c.text if c else "" for c in rows[1].cells] == ["58", "12", "", "306"]


def test_a_mark_read_in_the_first_value_column_is_an_unreadable_cell_not_a_label():
    # the same, the smudged digit in the first value column: left of every value of its row as
    # a label would be, but no word: the column is still a column
    img, _ = _ruled((900, 140), (20, 300, 450, 600, 750), (40, 85, 130), (40, 130))
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, (label, row) in enumerate([("规章", ["=", "6", "21"]),
                                      ("行政规范性文件", ["9", "0", "44"])]):
        y = 50 + 45 * r
        boxes.append(_box(label, 30, y))
        boxes += [_box(v, 350 + 150 * c, y - 1, size=11, h=25) for c, v in enumerate(row)]
    rows = [x for _, x, _ in layout(boxes, 1, np.asarray(img)) if isinstance(x, PageRow)]
    assert [r.labels for r in rows] == [["规章"], ["行政规范性文件"]]
    smudge = rows[0].cells[0]
    assert smudge.unread and smudge.text == "" and smudge.raw == "="
    assert [c.text if c else "" for c in rows[1].cells] == ["9", "0", "44"]


@pytest.mark.parametrize("misread", ["二", "一"])
def test_a_digit_read_as_a_lone_chinese_numeral_in_the_first_value_column_is_no_label(misread):
    # a 1 read as 二 (or 一) in the first value column: a Chinese character, but no label of a
    # statistics table is one numeral. As a label's word it had made the first value column part
    # of the label area for the whole table, and every row lost its first cell
    img, _ = _ruled((900, 185), (20, 300, 450, 600, 750), (40, 85, 130, 175), (40, 175))
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, (label, row) in enumerate([("规章", ["3", "0", "12"]),
                                      ("行政规范性文件", [misread, "2", "35"]),
                                      ("其他文件", ["0", "0", "7"])]):
        y = 50 + 45 * r
        boxes.append(_box(label, 30, y))
        boxes += [_box(v, 350 + 150 * c, y - 1, size=11, h=25) for c, v in enumerate(row)]
    rows = [x for _, x, _ in layout(boxes, 1, np.asarray(img)) if isinstance(x, PageRow)]
    assert [r.labels for r in rows] == [["规章"], ["行政规范性文件"], ["其他文件"]]
    assert [c.text if c else "" for c in rows[0].cells] == ["3", "0", "12"]
    assert [c.text if c else "" for c in rows[2].cells] == ["0", "0", "7"]
    misread_cell = rows[1].cells[0]
    assert misread_cell.unread and misread_cell.text == "" and misread_cell.raw == misread


def test_a_legacy_label_misread_is_matched_when_its_near_rivals_name_the_same_row():
    # 开 read as 并: the closest aliases (与政府信息公开相关的行政复议数, 与政府信息公开工作相关的…)
    # are two names of one row, so the label is not left unmatched
    assert match("与政府信息公并相关的行政复议数") == "与政府信息公开相关的行政复议数"


def test_a_page_number_below_a_scanned_statistics_table_is_not_its_last_rows_digits():
    # a pre-2019 statistics table ends a page; the page's number `-1-` stands below its last row
    boxes = [_box("示例县统计局2012年政府信息公开工作年度报告", 20, 10),
             _box("指标名称", 20, 60), _box("计量单位", 400, 60), _box("2012年度", 560, 60)]
    rows = [("主动公开信息数", "条", "312"), ("受理申请数", "件", "27"), ("信函申请数", "件", "43")]
    for r, (label, unit, value) in enumerate(rows):
        y = 100 + 40 * r
        boxes += [_box(label, 20, y), _box(unit, 420, y), _box(value, 580, y, size=11, h=25)]
    boxes.append(_box("-1-", 300, 300, size=11))
    doc = _doc(boxes)
    assert "-1-" not in doc.text
    facts, flags = parse_document_facts(doc, detect(doc))
    letter = next(f for f in facts if f.indicator == "request.channel.letter")
    assert letter.status == REPORTED and letter.value == 43
    assert [f.found for f in doc.notes if f.rule == "chrome_removed"] == ["-1-"]
    # the next page's number joins the same flag: one per document, as the text readers give
    lines = doc.text.split("\n")
    _add_page(doc, lines, layout([_box("-2-", 300, 300, size=11)], 2), 2)
    assert [(f.found, f.message) for f in doc.notes if f.rule == "chrome_removed"] == [
        ("-1- / -2-", "cut 2 piece(s) of page chrome")]


def test_a_ruled_row_whose_numbers_the_detector_missed_is_read_from_its_cells():
    # table 三's last row, alone at the top of a page: the detector found its label but none of its
    # numbers (each set against its cell's left ruling); a ruled header row of words below is
    # no row of numbers
    pytest.importorskip("rapidocr_onnxruntime")
    from ocr_fixtures import _font

    from analysis.read.ocr.engine import read_crops

    img = Image.new("RGB", (1200, 160), "white")
    draw = ImageDraw.Draw(img)
    xs = [20, 450, 540, 630, 720, 810, 900, 990, 1080]
    for y0, y1, cuts in ((20, 60, xs), (100, 140, [20, 300, 600, 900])):
        for x in cuts:
            draw.line([(x, y0), (x, y1)], fill="black", width=2)
        for y in (y0, y1):
            draw.line([(20, y), (cuts[-1], y)], fill="black", width=2)
    values = ["6", "1", "0", "", "0", "3", "10"]
    for x, v in zip(xs[1:], values, strict=False):
        if v:
            draw.text((x + 5, 26), v, fill="black", font=_font(22))
    for x, word in zip((20, 300, 600), ("结果维持", "结果纠正", "其他结果"), strict=True):
        draw.text((x + 10, 106), word, fill="black", font=_font(22))
    boxes = [_box("四、结转下年度继续办理", 30, 28), _box("结果维持", 30, 108),
             _box("结果纠正", 310, 108), _box("其他结果", 610, 108)]
    image = np.asarray(img)
    items = layout(boxes, 2, image, lambda rects: read_crops(image, rects))
    rows = [x for _, x, _ in items if isinstance(x, PageRow)]
    assert [r.labels for r in rows] == [["四、结转下年度继续办理"]]
    assert [c.text if c else "" for c in rows[0].cells] == values
    assert any(isinstance(x, str) and "结果维持" in x for _, x, _ in items)


def _ruled_t3(rows: list[tuple[list[tuple[str, int]], list[str], bool]], tops: list[int]):
    """A ruled table 三 page: each row's label lines (text, y offset in the row), its values
    (drawn centred in the row; boxed when the row's flag says the detector found them)."""
    from ocr_fixtures import _font

    from analysis.read.ocr.engine import read_crops

    xs = [20, 450, 540, 630, 720, 810, 900, 990, 1080]
    img, draw = _ruled((1200, tops[-1] + 20), xs, tops, (tops[0], tops[-1]))
    boxes = [_box("三、收到和处理政府信息公开申请情况", 20, 0, size=15)]
    for (labels, values, found), y0, y1 in zip(rows, tops, tops[1:], strict=False):
        mid = (y0 + y1) // 2 - 12
        boxes += [_box(text, 30, y0 + dy) for text, dy in labels]
        for x, v in zip(xs[1:], values, strict=False):
            draw.text((x + 5, mid), v, fill="black", font=_font(22))
            if found:
                boxes.append(_box(v, x + 5, mid + 1, size=12, h=25))
    image = np.asarray(img)
    items = layout(boxes, 1, image, lambda rects: read_crops(image, rects))
    return [("".join(r.labels), [c.text if c else "" for c in r.cells])
            for _, r, _ in items if isinstance(r, PageRow)]


def test_a_ruled_row_inside_a_table_whose_numbers_the_detector_missed_is_a_row_of_its_own():
    # ruled table 三 rows: the detector found the label of (二)部分公开 but none of its numbers
    # (lone digits against their rulings); rulings part it from the rows above and below, so it
    # is a row read from its cells, not a second label of the row below
    pytest.importorskip("rapidocr_onnxruntime")
    rows = [("(一)予以公开", ["15", "5", "0", "2", "1", "2", "25"], True),
            ("(二)部分公开", ["7", "1", "0", "0", "0", "1", "9"], False),
            ("(三)不予公开", ["3", "0", "0", "0", "0", "0", "3"], True)]
    got = _ruled_t3([([(label, 10)], values, found) for label, values, found in rows],
                    [20, 60, 100, 140])
    assert got == [(label, values) for label, values, _ in rows]


def test_a_group_label_set_across_a_ruling_is_no_row_of_its_own():
    # (五)不予处理 printed across the ruling between its two sub-rows, whose numbers the detector
    # found: the rulings above and below it do not make it a row, a ruling runs through it (the
    # crops are read as numbers here whatever they hold, so only the rulings decide)
    xs = [20, 300, 450, 540, 630, 720, 810, 900, 990, 1080]
    img, _ = _ruled((1200, 140), xs, (20, 70, 120), (20, 120), across=4)
    boxes = [_box("三、收到和处理政府信息公开申请情况", 20, 0, size=15),
             _box("(五)不予处理", 30, 60)]  # across the ruling at y 70
    for label, y in (("1.信访举报投诉类申请", 33), ("2.重复申请", 83)):
        boxes.append(_box(label, 310, y))
        boxes += [_box(v, x + 5, y - 1, size=12, h=25) for x, v in zip(xs[2:], "1000001",
                                                                         strict=False)]
    image = np.asarray(img)
    fake = lambda rects: [Box("0", r[0], r[1], r[2], r[3], 0.99,  # noqa: E731
                              [Char("0", 0.99, "", 0.0, (r[0] + r[2]) / 2)]) for r in rects]
    items = layout(boxes, 1, image, fake)
    rows = [r for _, r, _ in items if isinstance(r, PageRow)]
    assert len(rows) == 2 and all(len(r.cells) == 7 for r in rows)


def test_a_label_wrapped_around_its_numbers_in_a_ruled_table_is_one_row():
    # (二)部分公开(区分处理的, / 只计这一情形,不计其他情形): the first line names a row by itself,
    # but no ruling parts it from the numbers below it, and its own band holds no number: one
    # row, not a row of its own
    pytest.importorskip("rapidocr_onnxruntime")
    values = [["15", "5", "0", "2", "1", "2", "25"], ["7", "1", "0", "0", "0", "1", "9"],
              ["3", "0", "0", "0", "0", "0", "3"]]
    rows = [([("(一)予以公开", 10)], values[0], True),
            ([("(二)部分公开(区分处理的,", 4), ("只计这一情形,不计其他情形)", 66)], values[1], True),
            ([("(三)不予公开", 10)], values[2], True)]
    got = _ruled_t3(rows, [20, 60, 150, 190])
    assert [v for _, v in got] == values
    assert got[1][0].startswith("(二)部分公开")


def test_a_short_value_box_does_not_turn_the_digits_strokes_into_rulings():
    # a ruled row of table 三 whose zeros stand against their cells' left rulings; the detector
    # found one value, boxed a third of the text's height. The zeros' strokes run down all of that
    # band as the rulings do: the columns are still the ruled ones, the cells read from ruling to
    # ruling (a crop started at a zero's stroke cut the zero in half: blank or a faint 1)
    from ocr_fixtures import _font

    xs = [20, 450, 540, 630, 720, 810, 900, 990, 1080]
    img, draw = _ruled((1200, 90), xs, (30, 62), (30, 62))
    for x, v in zip(xs[1:], ["2", "2", "0", "0", "0", "0", "4"], strict=False):
        draw.text((x + 4, 34), v, fill="black", font=_font(20))
    boxes = [_box("三、收到和处理政府信息公开申请情况", 20, 0, size=15),
             _box("四、结转下年度继续办理", 30, 36), _box("4", xs[-2] + 4, 41, size=11, h=8)]
    asked: list[tuple] = []

    def reread(rects):
        asked.extend(rects)
        return [Box("0", r[0], r[1], r[2], r[3], 0.99, [Char("0", 0.99, "", 0.0, r[0] + 8)])
                for r in rects]

    layout(boxes, 1, np.asarray(img), reread)
    assert sorted(r[0] for r in asked) == [x + 1 for x in xs[1:-2]]


def test_a_missed_cell_is_read_over_a_lines_height_when_the_rows_value_box_is_short():
    # the detector boxed only half of the row's one digit it found (9 px of a 20 px line): the
    # cells it missed are read again over the line's height, not over that half
    boxes = [_box("(七)总计", 20, 100), *[_box(v, 520 + 100 * k, 100, 11, 20)
                                         for k, v in enumerate("1234567")]]
    boxes += [_box("四、结转下年度继续办理", 20, 140), _box("2", 520, 146, size=10, h=9)]
    asked: list[tuple] = []
    layout(boxes, 1, None, lambda rects: asked.extend(rects) or [None] * len(rects))
    assert len(asked) == 6 and all(y1 - y0 >= 20 for _, y0, _, y1 in asked)


def test_a_digit_set_against_its_ruling_is_read_whole():
    pytest.importorskip("rapidocr_onnxruntime")
    from ocr_fixtures import _font

    from analysis.read.ocr.engine import read_crops

    # a table printed from a web page: grey double rulings; the detector missed one cell, whose
    # 9 stands right against its left ruling
    values = [["12", "3", "9", "24"], ["7", "0", "5", "12"]]
    img = Image.new("RGB", (900, 140), "white")
    draw = ImageDraw.Draw(img)
    for x in [20, 400, 500, 600, 700, 800]:
        for dx in (0, 3):
            draw.line([(x + dx, 40), (x + dx, 130)], fill=(175, 175, 175), width=1)
    for y in (40, 85, 130):
        draw.line([(20, y), (803, y)], fill=(175, 175, 175), width=2)
    boxes = [_box("二、主动公开政府信息情况", 20, 5)]
    for r, row in enumerate(values):
        y = 50 + 45 * r
        boxes.append(_box(["规章", "行政规范性文件"][r], 30, y))
        for c, v in enumerate(row):
            x = 406 if (r, c) == (0, 2) else 440 + 100 * c
            x += 100 * c if (r, c) == (0, 2) else 0
            draw.text((x, y - 2), v, fill="black", font=_font(20))
            if (r, c) != (0, 2):
                boxes.append(_box(v, x, y - 1, size=11, h=25))
    image = np.asarray(img)
    rows = [x for _, x, _ in layout(boxes, 1, image, lambda rects: read_crops(image, rects))
            if isinstance(x, PageRow)]
    assert [[c.text if c else "" for c in r.cells] for r in rows] == values

def test_a_digit_set_against_grey_rulings_is_read_whole():
    pytest.importorskip("rapidocr_onnxruntime")
    from ocr_fixtures import _font

    from analysis.read.ocr.engine import read_crops

    # a cell of a printed web page: a double grey border at the left and along the bottom, the
    # digit (70% of the cell's height) right against the left border; and an empty cell
    img = Image.new("RGB", (140, 26), "white")
    draw = ImageDraw.Draw(img)
    for x in (0, 3, 70, 73):
        draw.line([(x, 0), (x, 25)], fill=(175, 175, 175), width=2)
    draw.line([(0, 24), (139, 24)], fill=(175, 175, 175), width=2)
    draw.text((6, -3), "9", fill="black", font=_font(24))
    got = read_crops(np.asarray(img), [(0, 0, 70, 26), (70, 0, 140, 26)])
    assert got[0] is not None and got[0].text == "9"
    assert got[1] is None  # only rulings: nothing on the page
