"""Reading: encodings, input forms, tables kept as tables. Expected values are read off the fixtures."""

from __future__ import annotations

import pytest

from analysis.read import ReadError, read_document
from analysis.read.decode import decode
from analysis.read.texttables import find_tables


def test_utf8_with_and_without_bom():
    text = "政府信息公开工作年度报告"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")


def test_gbk_and_big5_are_detected_not_guessed():
    simplified = "本年度主动公开政府信息数共计一百二十条,受理政府信息公开申请三件。"
    traditional = "本年度主動公開政府資訊數共計一百二十條,受理政府資訊公開申請三件。"
    assert decode(simplified.encode("gbk")) == (simplified, "gb18030")
    assert decode(traditional.encode("big5")) == (traditional, "big5")


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\t ", "empty file"),
    (bytes(range(256)) * 4, "binary file"),
    (b"\x80\xff\x80\xfe abc" * 40, "unreadable encoding"),
])
def test_unreadable_bytes_raise_with_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_flattened_table_one_cell_per_line():
    text = "一、主动公开\n指标名称 |\n单位 |\n本年度数 |\n主动公开政府信息数 |\n条 |\n928 |\n政府公报公开 |\n条 |\n|\n"
    (t,) = find_tables(text)
    assert t.kind == "flat" and t.caption == "一、主动公开"
    assert t.rows == [["指标名称", "单位", "本年度数"], ["主动公开政府信息数", "条", "928"],
                      ["政府公报公开", "条", ""]]
    assert t.row_lines == [2, 5, 8]


def test_markdown_pipe_table_drops_separator():
    (t,) = find_tables("| 指标 | 单位 | 统计数 |\n|---|:---:|---|\n| 主动公开政府信息数 | 条 | 88 |\n")
    assert t.kind == "pipe"
    assert t.rows == [["指标", "单位", "统计数"], ["主动公开政府信息数", "条", "88"]]


def test_whitespace_table():
    (t,) = find_tables("指标名称\t单位\t本年度数\n主动公开政府信息数\t条\t40\n政府网站公开  条  25\n")
    assert t.kind == "whitespace"
    assert t.rows[2] == ["政府网站公开", "条", "25"]


def test_html_table_rowspan_colspan_nbsp_and_chrome(fixtures):
    doc = read_document(fixtures / "legacy" / "jiaoyu-2016.html")
    assert doc.form == "html"
    (t,) = doc.tables
    assert t.kind == "html"
    # rowspan=2 指标名称 repeats into the second header row; colspan=2 数量 into both columns
    assert t.rows[0] == ["指标名称", "单位", "数量", "数量"]
    assert t.rows[1] == ["指标名称", "单位", "历年累计数", "本年度数"]
    assert t.rows[4] == ["政府公报公开", "条", "", ""]  # &nbsp; cells are empty
    for chrome in ("首页", "当前位置", "上一篇", "打印本页", "相关文章", "百家乐"):
        assert chrome not in doc.text
    rules = {n.rule for n in doc.notes}
    assert {"chrome_removed", "spam_removed"} <= rules


def test_gbk_file_with_full_width_digits(fixtures):
    doc = read_document(fixtures / "legacy" / "minzheng-2012-gbk.txt")
    assert doc.encoding == "gb18030"
    assert "１" not in doc.text and "1,200" in doc.text  # NFKC: full-width digits become ASCII
    assert any(n.rule == "encoding_detected" for n in doc.notes)


def test_big5_file_converted_to_simplified(fixtures):
    doc = read_document(fixtures / "legacy" / "wenhua-2013-big5.txt")
    assert doc.encoding == "big5"
    assert "主动公开政府信息数" in doc.text


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "report.pages"
    p.write_bytes(b"PK\x03\x04")
    with pytest.raises(ReadError, match="unsupported file type .pages"):
        read_document(p)


def test_hidden_elements_are_spam_only_when_they_hold_spam_words():
    from analysis.read.htmlpage import read_html

    page = ('<html><body><div style="display:none">你好， 注销</div>'
            '<div style="display: none">澳门葡京 百家乐</div><p>2020年主动公开政府信息40条。</p>'
            '</body></html>')
    _, _, notes, _ = read_html(page)
    found = {n.rule: n.found for n in notes}
    assert found["spam_removed"] == "澳门葡京 百家乐"
    assert found["chrome_removed"] == "你好， 注销"
