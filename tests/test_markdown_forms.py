"""Markdown as converters write it: HTML tables inside Markdown (MinerU, marker, Pandoc's GFM for a
table with merged cells), Pandoc's own Markdown (spans with style attributes, escaped pipes, a
blank line after every paragraph, simple tables between rule lines). Each form is written here
with numbers of its own; tests/fixtures/converted/ holds the same forms as Pandoc made them."""

from __future__ import annotations

from analysis import read_report
from analysis.clean.markup import single_spaced, strip_inline
from analysis.read.mdtables import as_page, holds_tables


def _facts(path):
    rep = read_report(path)
    return {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "table"}, rep


def _path(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _written(folder, name: str, text: str):
    """The table facts (and the report) of `text` saved as `name`."""
    return _facts(_path(folder, name, text))


LEGACY_TITLE = "示例县林业局2013年政府信息公开工作年度报告\n\n统计期限自2013年1月1日至2013年12月31日。\n\n"


def test_html_table_inside_markdown_is_read_with_its_spans(tmp_path):
    """A legacy statistics table as an HTML <table> (a merged 其中 cell spanning two rows)
    between Markdown paragraphs."""
    md = (LEGACY_TITLE + "## 附件：统计表\n\n"
          "<table><tr><td colspan=\"2\">指标名称</td><td>单位</td><td>本年度数</td></tr>"
          "<tr><td colspan=\"2\">主动公开政府信息数</td><td>条</td><td>417</td></tr>"
          "<tr><td rowspan=\"2\">其中：</td><td>1.网站公开</td><td>条</td><td>388</td></tr>"
          "<tr><td>2.政府公报公开</td><td>条</td><td>29</td></tr></table>\n\n"
          "本报告中 a<b 的写法不是标签。\n")
    got, rep = _written(tmp_path, "mineru.md", md)
    assert got[("proactive.total", "annual")] == 417
    assert got[("proactive.channel.website", "annual")] == 388
    assert got[("proactive.channel.gazette", "annual")] == 29
    assert (rep.meta.agency, rep.meta.year) == ("示例县林业局", 2013)
    assert "a<b" in rep.doc.text  # prose is text, not markup
    assert "html_tables_in_text" in {f.rule for f in rep.flags}


def test_text_that_only_mentions_a_table_tag_is_not_a_page():
    assert not holds_tables("在网页中用<table>标签排版，没有结束。")
    assert holds_tables("前言\n<TABLE border=1><TR><TD>1</TD></TR></TABLE>\n")
    page = as_page("# 标题\n<div class=\"nav\">\n正文 <1>\n<table><tr><td>1</td></tr></table>\n尾")
    assert "<h1>标题</h1>" in page and "<div class=\"nav\">" in page and "&lt;1&gt;" in page
    assert "<table><tr><td>1</td></tr></table>" in page


def test_pandoc_spans_links_bold_and_escapes_are_taken_off():
    line = '| [受理申请总数]{style="FONT-SIZE: 16pt"} | **57** | [首页](/index) | \\*注 |'
    assert strip_inline(line) == "| 受理申请总数 | 57 | 首页 | *注 |"
    # a pipe inside a table cell stays escaped; a line of escaped pipes only gets them back
    assert strip_inline("| a \\| b | 3 |") == "| a \\| b | 3 |"
    assert strip_inline("单位 \\|\n\\| 一、本年新收 \\| 12 \\|") == "单位 |\n| 一、本年新收 | 12 |"
    # Pandoc writes an em dash (a 不适用 cell) as ---; a rule or a separator line stays
    assert strip_inline("| 9 | --- | 4 |\n|---|---|\n  ---- ----") == \
        "| 9 | — | 4 |\n|---|---|\n  ---- ----"


def test_a_blank_line_after_every_line_is_dropped_but_paragraph_breaks_stay():
    text = "\n\n".join(f"第{i}行" for i in range(12)) + "\n\n\n结尾"
    out, spaced = single_spaced(text)
    assert spaced and out.split("\n")[:3] == ["第0行", "第1行", "第2行"]
    assert out.endswith("第11行\n\n结尾")  # a gap of two blank lines keeps one
    ordinary = "标题\n正文一\n正文二\n\n第二段\n" * 4
    assert single_spaced(ordinary) == (ordinary, 0)


def test_cells_one_a_paragraph_with_escaped_pipes(tmp_path):
    """A text report whose table was printed a cell a line (`主动公开政府信息数 |`), saved as Word
    and written out by Pandoc: every pipe escaped, a blank line after every line."""
    cells = ["指标名称", "单位", "历年累计数", "2013年度数", "同比增减(%)",
             "主动公开政府信息数", "条", "2140", "731", "",
             "其中:1.网上政府信息公开专栏公开", "条", "1502", "566", "",
             "2.政府公报公开", "条", "", "", "",
             "3.公共信息查阅场所公开", "条", "638", "165", ""]
    body = "附件\n示例县林业局2013年政府信息公开工作情况统计表\n一、主动公开政府信息情况\n"
    lines = (LEGACY_TITLE.replace("\n\n", "\n") + body).splitlines() + \
        [f"{c} \\|" if c else "\\|" for c in cells]
    got, rep = _written(tmp_path, "pandoc.md", "\n\n".join(lines) + "\n")
    assert got[("proactive.total", "cumulative")] == 2140
    assert got[("proactive.total", "annual")] == 731
    assert got[("proactive.channel.website", "annual")] == 566
    assert got[("proactive.channel.reading_room", "cumulative")] == 638
    assert "blank_lines_dropped" in {f.rule for f in rep.flags}


def test_pandoc_simple_table_between_rule_lines_with_a_blank_line_between_rows(tmp_path):
    rows = [("指标名称", "单位", "本年度数"), ("主动公开政府信息数", "条", "905"),
            ("其中:政府网站公开", "条", "812"), ("政府公报公开", "条", "41"),
            ("其他方式公开", "条", "52")]
    rule = "  ---------------------- ------ ----------"
    table = "\n\n".join(f"  {a:<22} {b:<6} {c}" for a, b, c in rows)
    md = (LEGACY_TITLE + "一、主动公开政府信息情况\n\n" + rule + "\n" + table.replace(
        "\n\n", "\n" + rule + "\n", 1) + "\n" + rule + "\n\n二、回应解读情况\n")
    got, rep = _written(tmp_path, "simple.md", md)
    assert got[("proactive.total", "annual")] == 905
    assert got[("proactive.channel.website", "annual")] == 812
    assert got[("proactive.channel.other", "annual")] == 52  # the row above the closing rule
    assert not any(f.rule == "ambiguous_cells" for f in rep.flags)


def test_a_table_printed_a_cell_a_line_keeps_each_number_in_its_cell(tmp_path):
    """A page's text taken cell by cell (BeautifulSoup's get_text): label, unit, then each
    number on a line of its own. The unit line is a cell, not a sentence whose number was
    printed below it: 条 / 1318 must not become 1318条 and leave 1318 to be split as 13 | 18."""
    lines = ["示例县林业局2013年政府信息公开工作年度报告", "附件：统计表", "指标名称", "计量", "单位",
             "2013", "年度", "历年累计", "主动公开信息数", "条", "1318", "4421",
             "其中：1.网站公开", "条", "1207", "4023", "受理依申请公开信息总数", "件", "36", "95"]
    got, _ = _written(tmp_path, "cells.txt", "\n".join(lines) + "\n")
    assert got[("proactive.total", "annual")] == 1318
    assert got[("proactive.total", "cumulative")] == 4421
    assert got[("proactive.channel.website", "cumulative")] == 4023
    assert got[("request.received", "annual")] == 36


def test_an_amount_printed_in_yuan_in_a_row_run_together_is_converted(tmp_path):
    """html2text writes a table as `政府集中采购| 8| 3675000元` lines, no outer pipes: the row is
    read as run-on text, and its amount printed in 元 is 367.5 万元, never 3675000 万元."""
    md = ("# 示例市交通运输局2019年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n"
          "第二十条第（一）项  \n信息内容| 本年新制作数量| 本年新公开数量| 对外公开总数量  \n"
          "规章| 2| 2| 31  \n规范性文件| 7| 7| 88  \n第二十条第（九）项  \n"
          "信息内容| 采购项目数量| 采购总金额  \n政府集中采购| 8| 3675000元  \n\n"
          "三、收到和处理政府信息公开申请情况\n")
    path = tmp_path / "html2text.md"
    path.write_text(md, encoding="utf-8")
    rep = read_report(path)
    amount = [f for f in rep.facts if f.indicator == "procurement" and f.measure == "amount"]
    assert [(f.value, f.unit) for f in amount] == [(367.5, "万元")]


def test_table_three_rows_a_cell_a_line_with_blank_cells_as_empty_lines(tmp_path):
    """BeautifulSoup's get_text of a 2019-template page: each row's label, then its seven cells
    a line each, a blank cell an empty line (its place kept); table 二's rows likewise."""
    rows = [("一、本年新收政府信息公开申请数量", ["64", "5", "", "", "1", "", "70"]),
            ("二、上年结转政府信息公开申请数量", ["3", "", "", "", "", "", "3"])]
    lines = ["示例区教育局2019年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
             "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
             "法律服务机构", "其他"]
    for label, cells in rows:
        lines += [label, *cells]
    lines += ["四、政府信息公开行政复议、行政诉讼情况"]
    # table 二's rows the same way, no blank cell: 规章 / 4 / 4 / 57
    lines[1:1] = ["二、主动公开政府信息情况", "信息内容", "本年新制作数量", "本年新公开数量",
                  "对外公开总数量", "规章", "4", "4", "57", "规范性文件", "19", "18", "236"]
    rep = read_report(_path(tmp_path, "soup.txt", "\n".join(lines) + "\n"))
    got = {(f.indicator, f.breakdown): (f.value, f.status) for f in rep.facts if f.table == "三"}
    assert got[("request.new", "natural_person")] == (64, "reported")
    assert got[("request.new", "legal_services")] == (1, "reported")
    assert got[("request.new", "total")] == (70, "reported")
    assert got[("request.new", "research")][1] == "blank"
    assert got[("request.carried_in", "total")] == (3, "reported")
    two = {(f.indicator, f.measure): f.value for f in rep.facts if f.table == "二"}
    assert two[("rules", "made")] == 4 and two[("rules", "total_public")] == 57
    # the next row stands under a number: a reading order would print a row's numbers above
    # its label, so it is not taken by this form (missed or unresolved, never another's)
    assert {two.get(("normative", m)) for m in ("made", "published")} <= {None, 19, 18} | {
        v for v in two.values() if v != v}


def test_numbers_above_a_label_are_not_the_cells_a_line_of_the_label_below(tmp_path):
    """pdftotext's reading order: a row's numbers, then its label (13 / 13 / 524 / 规章 / 60 /
    60 / 368 / 规范性文件): 规章 must not take 60, 60, 368."""
    lines = ["示例区教育局2019年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项",
             "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
             "8", "8", "91", "规章", "27", "25", "301", "规范性文件", "第二十条第（五）项"]
    rep = read_report(_path(tmp_path, "order.txt", "\n".join(lines) + "\n"))
    two = {(f.indicator, f.measure): f.value for f in rep.facts
           if f.table == "二" and f.status == "reported"}
    assert two.get(("rules", "total_public")) in (None, 91)
    assert two.get(("rules", "made")) in (None, 8)


def _placed(top: int, left: int, text: str, cls: str = "") -> str:
    return (f'<p style="position:absolute;top:{top}px;left:{left}px;white-space:nowrap" '
            f'class="{cls}">{text}</p>')


def test_a_page_of_text_placed_by_coordinates_is_laid_out_again(tmp_path):
    """A PDF made into a web page (poppler's pdftohtml -s): every piece of text an absolutely
    placed <p>, a table's cells side by side at one top (a number a few px higher than its
    label, in another font), written in no order of rows. Laid out again by top and left."""
    rows = [("主动公开信息数", "条", "2317", "8809"), ("其中:1.网站公开", "条", "2150", "8113"),
            ("2.|政府公报公开", "条", "0", "19"), ("受理依申请公开信息总数", "件", "27", "140")]
    cells = [_placed(40, 60, "示例县住建局2015年政府信息公开工作年度报告"),
             _placed(80, 60, "本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。"),
             # the header: two cells wrapped over two lines, 30 px apart, centred on the row
             _placed(200, 60, "指标名称"), _placed(185, 240, "计量<br/>单位", "c2"),
             _placed(185, 420, "2015<br/>年度", "c2"), _placed(200, 600, "历年累计")]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            top = 200 + 32 * r - (3 if c >= 2 else 0)
            if "|" in text:  # a numbering in a column of its own, before the label
                number, text = text.split("|")
                cells.append(_placed(top, 40, number))
            cells.append(_placed(top, 60 + 180 * c, text))
    cells += [_placed(400 + 26 * k, 60, f"第{k}段正文，说明工作情况。") for k in range(16)]
    cells.reverse()  # the markup's order is not the page's
    page = ('<html><body><style>.c2{font-size:20px;line-height:30px;}</style>'
            '<div id="page1-div" style="position:relative;width:900px">'
            + "\n".join(cells) + "</div></body></html>")
    got, rep = _written(tmp_path, "pdftohtml.html", page)
    assert got[("proactive.total", "annual")] == 2317
    assert got[("proactive.total", "cumulative")] == 8809
    assert got[("proactive.channel.website", "cumulative")] == 8113
    assert got[("request.received", "annual")] == 27
    assert got[("proactive.channel.gazette", "cumulative")] == 19
    assert rep.meta.year == 2015


def test_placed_pieces_that_touch_are_one_run_and_a_header_cell_of_three_columns_is_no_column():
    """pdftohtml parts a run where the font changes (条 then the digits 84168, printed touching:
    one cell, read by the flattened-table reader as 84 | 168); and a header cell naming three
    columns at once (历年累计数本年度数同比) does not make its table's columns: 30 under it is no
    同比 of 30."""
    import lxml.html

    from analysis.parse.legacy.tables import _columns
    from analysis.read.positioned import line_heights, positioned_text

    style = "<style>.a{font-size:20px;}</style>"
    cells = [_placed(100 + 30 * k, 60, f"第{k}行的正文文字", "a") for k in range(20)]
    cells += [_placed(40, 60, "主动公开信息数条", "a"), _placed(40, 221, "84168", "a"),
              _placed(70, 60, "举报投诉数件", "a"), _placed(70, 400, "30", "a")]
    root = lxml.html.fromstring(f"<html><body>{style}{''.join(cells)}</body></html>")
    text = positioned_text(root, line_heights(root)).split("\n")
    assert text[:2] == ["主动公开信息数条84168", "举报投诉数件  30"]
    assert _columns(["指标名称", "历年累计数本年度数同比", "增减(%)"]) is None
    assert _columns(["指标名称", "单位", "历年累计数", "本年度数"]) is not None
