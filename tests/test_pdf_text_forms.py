"""Forms that a PDF's text layer gives a report (issue 21), each read by a rule stated for the form.

The fixtures (tests/fixtures/converted_forms/*.pdfplumber.txt) are written for their form with
numbers of their own; the expected figures are the ones the fixture prints.
"""

from __future__ import annotations

import math

from conftest import ROOT

from analysis import read_report
from analysis.model import UNRESOLVED, Document, Meta, Table
from analysis.parse.legacy.tables import parse_legacy

FIX = ROOT / "tests" / "fixtures" / "converted_forms"


def _table(rep) -> dict[tuple[str, str], float]:
    return {(f.indicator, f.measure): f.value for f in rep.facts
            if f.source == "table" and f.status == "reported"}


def test_legacy_header_whose_two_line_cells_interleave_with_its_one_line_cells():
    """pdfplumber's text of a printed legacy table: `计量/单位` and `2013/年度` (cells of two lines)
    beside `指标名称` and `历年累计` (one line, centred) print as three lines, top halves above and
    bottom halves below. The rows' annual <= cumulative fixes where 2013年度 stood."""
    rep = read_report(FIX / "legacy-interleaved-header.pdfplumber.txt")
    got = _table(rep)
    assert got[("proactive.total", "annual")] == 1460
    assert got[("proactive.total", "cumulative")] == 5032
    assert got[("proactive.channel.gazette", "annual")] == 12
    assert got[("request.channel.fax", "cumulative")] == 2
    assert got[("request.reply.denied", "annual")] == 2
    assert got[("review.total", "cumulative")] == 3
    assert got[("litigation.total", "annual")] == 0
    assert len(got) == 28
    assert not {"unmapped_label", "ambiguous_cells"} & {
        f.rule for f in rep.flags if f.found != "示例县人民政府"}


def test_interleaved_header_whose_order_the_rows_do_not_settle_is_flagged_not_guessed():
    """Three columns (2011年度, 同比增减 of two lines; 历年累计 of one): two orders keep every
    row's annual <= cumulative. A row the two orders read differently is unresolved with an
    ambiguous_cells flag giving each reading; rows they read alike keep their numbers."""
    rep = read_report(FIX / "legacy-interleaved-header-unordered.pdfplumber.txt")
    first = {f.measure: f for f in rep.facts if f.indicator == "proactive.total"}
    assert {m: f.status for m, f in first.items()} == {
        "annual": UNRESOLVED, "cumulative": UNRESOLVED, "yoy_pct": UNRESOLVED}
    assert all(math.isnan(f.value) for f in first.values())
    flags = {f.found for f in rep.flags if f.rule == "ambiguous_cells" and "order" in f.message}
    assert flags == {"60 / 20", "20 / 300", "300 / 60"}
    got = _table(rep)
    assert got[("request.received", "annual")] == 6
    assert got[("request.received", "cumulative")] == 6
    assert got[("review.total", "yoy_pct")] == 0


def test_statistics_table_inside_a_ruled_grid_of_the_whole_page():
    """Chromium printing a page whose layout is one big table: pdfplumber finds one ruled grid
    holding the page's last lines of prose (a row of one filled cell each) and then the statistics
    table. The header is found below the prose; the table continued on the next page (a grid of
    its own, no header) keeps it."""
    prose = [[line, "", "", ""] for line in (
        "、做好信息公开工作,及时公布巡查结果。", "、建立健全考核制度。", "示例县人民政府",
        "年 月 日2014 1 20", "附件 :示例县人民政府 年政府信息公开情况统计表1 2013")]
    grid = prose + [["指标名称", "计量单位", "2013年度", "历年累计"],
                    ["主动公开信息数", "条", "875", "2310"],
                    ["其中: 网站公开1.", "条", "860", "2204"],
                    ["受理依申请公开信息总数", "条", "14", "37"]]
    doc = Document(path="x.pdf", form="pdf", encoding="pdf", text="", tables=[
        Table(rows=grid, index=0, kind="pdf", page=4),
        Table(rows=[["行政复议数", "条", "2", "5"]], index=1, kind="pdf", page=5)])
    facts, flags = parse_legacy(doc, Meta(template="legacy"))
    got = {(f.indicator, f.measure): f.value for f in facts}
    assert got == {("proactive.total", "annual"): 875, ("proactive.total", "cumulative"): 2310,
                   ("proactive.channel.website", "annual"): 860,
                   ("proactive.channel.website", "cumulative"): 2204,
                   ("request.received", "annual"): 14, ("request.received", "cumulative"): 37,
                   ("review.total", "annual"): 2, ("review.total", "cumulative"): 5}
    assert not [f for f in flags if f.rule in ("unmapped_label", "no_table")]


NARRATIVE = [
    "示例县人民政府2013年政府信息公开工作年度报告",
    "各单位对政府信息进行了梳理和编目，{2013}年制作、获取政府信息总数{4127}条，其中主动公开政府信息{1985}条。",
    "主动公开的政府信息中，政策、规范性文件类信息{233}条；规划计划类信息{48}条；安全生产类信息{176}条。",
    "{2013}年全县共收到有关政府信息公开的申请{37}条，其中当面申请数{25}条。",
    "示例县人民政府",
    "{2014}年{1}月{20}日",
]


def _two_font_pdf(path):
    """The narrative above as Chromium prints a page: CJK text in a CJK font whose descriptor
    gives no ascent, descent or bounding box (pdfminer then puts its box on the baseline), digits
    ({…}) in a Latin font with a descent, on the same baselines."""
    import os
    import re

    import matplotlib
    import pylopdf_fonts_zh_cn
    from fpdf import FPDF

    pdf = FPDF(orientation="L", format="A3")
    pdf.add_font("cjk", fname=str(pylopdf_fonts_zh_cn.sans_path()))
    pdf.add_font("latin", fname=os.path.join(matplotlib.get_data_path(), "fonts", "ttf",
                                              "DejaVuSerif.ttf"))
    pdf.add_page()
    for k, line in enumerate(NARRATIVE):
        x = 10.0
        for n, piece in enumerate(re.split(r"[{}]", line)):
            pdf.set_font("latin" if n % 2 else "cjk", size=16)  # Chromium's 16 px
            pdf.text(x, 20 + 15 * k, piece)
            x += pdf.get_string_width(piece)
    data = re.sub(rb"/Encoding \d+ 0 R", b"/Encoding /Identity-H", bytes(pdf.output()))

    def blank(m):  # same length: the cross-reference offsets stay right
        return re.sub(rb"/(Ascent|Descent) -?\d+|/FontBBox \[[^\]]*\]",
                      lambda f: b" " * len(f.group(0)), m.group(0))
    data = re.sub(rb"<<[^<>]*?/FontName /\w+\+NotoSans\w*[^<>]*>>", blank, data)
    path.write_bytes(data)
    return path


def test_pdf_digits_in_a_latin_font_stay_in_their_sentence(tmp_path):
    """pdfplumber groups a page's lines by the characters' tops (within 3 pt): a Latin font's
    digits on the CJK text's baseline sat 3 pt lower and went to a line of their own
    (`总数 条，其中主动公开政府信息 条` then `4127 1985`). Lines are grouped by baseline."""
    import pdfplumber

    path = _two_font_pdf(tmp_path / "two-fonts.pdf")
    with pdfplumber.open(path) as pdf:
        assert "总数 条" in pdf.pages[0].extract_text()  # the form: pdfplumber's own text
    rep = read_report(path)
    got = {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "narrative"}
    assert got[("proactive.total", "annual")] == 1985
    assert got[("proactive.category.regulations", "annual")] == 233
    assert got[("proactive.category.planning", "annual")] == 48
    assert got[("request.received", "annual")] == 37
    assert got[("request.channel.in_person", "annual")] == 25
    assert rep.meta.year == 2013 and rep.meta.published == "2014-01-20"


def test_digits_printed_below_their_line_go_back_into_its_gaps():
    """pdfplumber's text of a Chromium PDF: each line's digits on a line of their own below it,
    a space left where each stood; a number at a line's end is printed with the next line's
    digits when the next line starts with its unit (`信息数` / `17条`). The narrative reads them."""
    rep = read_report(FIX / "legacy-displaced-digits.pdfplumber.txt")
    got = {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "narrative"}
    assert got == {("proactive.total", "annual"): 2386, ("request.received", "annual"): 44,
                   ("request.channel.in_person", "annual"): 31,
                   ("request.channel.email", "annual"): 13,
                   ("proactive.category.overview", "annual"): 143,
                   ("proactive.category.regulations", "annual"): 208,
                   ("proactive.category.planning", "annual"): 75,
                   ("proactive.category.emergency", "annual"): 96}
    assert rep.meta.year == 2014 and rep.meta.published == "2015-01-22"


def test_digits_whose_places_are_not_certain_stay_as_printed():
    """Two numbers, one gap, and both the line's start and its end may hold one (both sides are
    punctuation): which one goes where is not printed, so the text stays as it was."""
    from analysis.clean import normalise
    from analysis.clean.digits import restore_digits

    text = normalise("前文\n；工作动态类信息 条，占\n404 2.1%\n；人事类信息")
    assert restore_digits(text) == text
    assert restore_digits("甲\n共收到申请 条,办结 条。\n12 9\n乙") == "甲\n共收到申请12条,办结9条。\n\n乙"
    # a space inside a header is no gap (果 does not follow a number): a row below stays a row
    header = "结 果维持结果纠正其他\n1000100000"
    assert restore_digits(header) == header
    # a table row keeps its digits: the number wrapped below it is not a moved line
    row = "其中:1.网上政府信息公开专栏公开 条 2448 126\n2\n2.政府公报公开 条"
    assert restore_digits(row) == row


def test_a_number_wrapped_inside_its_narrow_cell_is_read_joined_or_flagged():
    """pdftotext -layout of a legacy table whose 本年度数 column is narrow: `141` / `6` is 1416
    (four tokens cannot fill three cells apart); `108` / `3` is 1083 with no 同比 or 108 with a
    同比 of 3, which the table's arithmetic does not settle: unresolved and flagged, never 108."""
    rep = read_report(FIX / "legacy-wrapped-cell.layout.txt")
    got = {(f.indicator, f.measure): f for f in rep.facts if f.source == "table"}
    assert got[("proactive.total", "annual")].value == 1416
    assert got[("proactive.total", "yoy_pct")].value == -5
    assert got[("proactive.channel.website", "cumulative")].value == 2210
    assert got[("proactive.channel.website", "annual")].status == UNRESOLVED
    assert got[("proactive.channel.website", "yoy_pct")].status == UNRESOLVED
    flag = next(f for f in rep.flags if f.rule == "ambiguous_cells")
    assert flag.indicator == "proactive.channel.website"
    assert "2210|1083|∅" in flag.found and "2210|108|3" in flag.found
    assert got[("proactive.channel.gazette", "yoy_pct")].value == 12
    assert got[("request.received", "annual")].value == 97


def test_a_text_layer_of_flattened_table_cells_is_read_not_ocrd():
    """A text report whose table was flattened one cell a line (`label |`, a bare `|` for a blank
    cell), printed to PDF by Chromium (行, 网… come out as Kangxi radicals ⾏, ⽹): its pages have a
    good text layer. Judged unusable (the `|`s and radicals not counted), they were OCR'd and a
    cell came back as 11651 for 1165 with no flag."""
    from analysis.read.ocr import usable

    rows = [("⾏政复议数", "件", "", "", ""), ("⽹上申请数", "件", "", "", ""),
            ("信函申请数", "件", "3", "1", "")] * 4
    page = "\n".join(["指标名称 |", "单位 |", "历年累计数 |", "2012年度数 |", "同⽐增减(%) |"]
                     + [f"{c} |" if c else "|" for row in rows for c in row])
    assert usable(page)
    assert not usable("ÃÂ¤Ã¥Â¹Â´Ã¦Â¿Â Ã¥Â·Â¥Ã¤Â½Âœ (cid:12)(cid:40) ÃÂ¤Ã¥Â¹Â´")
