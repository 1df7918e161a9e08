"""The .docx reader: paragraphs and tables in document order, merged cells expanded like the HTML
reader's, table rows marked in the text, clear errors for encrypted, old-format and broken files.
Fixtures are built here with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from analysis.read import ReadError, read_document
from analysis.read.docx import read_docx

docx = pytest.importorskip("docx")


def _report(path: Path) -> Path:
    """A small 2021-template-like report: title, heading, prose, a table 三 fragment with merged
    label and header cells, prose after it."""
    d = docx.Document()
    d.core_properties.title = "示例县测试局２０２１年政府信息公开工作年度报告"
    d.add_paragraph("示例县测试局２０２１年政府信息公开工作年度报告")
    d.add_heading("一、总体情况", level=2)
    d.add_paragraph("全年共收到政府信息公开申请１２件。")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=5, cols=5)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "项目"  # 2 x 2 block
    t.cell(0, 2).merge(t.cell(0, 4)).text = "申请人情况"  # across three columns
    for c, text in zip((2, 3, 4), ("自然人", "商业企业", "总计"), strict=True):
        t.cell(1, c).text = text
    t.cell(2, 0).merge(t.cell(3, 0)).text = "三、本年度办理结果"  # down two rows
    t.cell(2, 1).text = "（一）予以公开"
    t.cell(3, 1).text = "（二）部分公开"
    t.cell(4, 0).merge(t.cell(4, 1)).text = "四、结转下年度继续办理"
    for r, values in ((2, ("7", "1", "8")), (3, ("2", "", "2")), (4, ("0", "0", "0"))):
        for c, v in zip((2, 3, 4), values, strict=True):
            t.cell(r, c).text = v
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    d.save(path)
    return path


def test_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    doc = read_document(_report(tmp_path / "r.docx"))
    assert doc.form == "docx" and doc.title == "示例县测试局2021年政府信息公开工作年度报告"
    lines = doc.lines
    said = [x for x in lines if x.strip()]
    assert said[:4] == ["示例县测试局2021年政府信息公开工作年度报告", "一、总体情况",
                        "全年共收到政府信息公开申请12件。", "三、收到和处理政府信息公开申请情况"]
    (t,) = doc.tables
    assert t.caption == "三、收到和处理政府信息公开申请情况" and t.index == 0
    first = t.row_lines[0]
    assert t.line == first and t.row_lines == list(range(first, first + 5))
    assert [lines[n - 1] for n in t.row_lines] == [" | ".join(r) for r in t.rows]
    assert said.index(lines[first - 1]) == 4  # the table comes right after its caption
    after = [x for x in lines[t.row_lines[-1]:] if x.strip()]
    assert after == ["四、政府信息公开行政复议、行政诉讼情况"]  # and before the text that follows


def test_merged_cells_repeat_their_text_like_html(tmp_path: Path) -> None:
    (t,) = read_document(_report(tmp_path / "r.docx")).tables
    assert t.rows == [
        ["项目", "项目", "申请人情况", "申请人情况", "申请人情况"],
        ["项目", "项目", "自然人", "商业企业", "总计"],
        ["三、本年度办理结果", "(一)予以公开", "7", "1", "8"],
        ["三、本年度办理结果", "(二)部分公开", "2", "", "2"],  # an empty cell stays empty
        ["四、结转下年度继续办理", "四、结转下年度继续办理", "0", "0", "0"]]


def test_same_grid_as_the_html_reader(tmp_path: Path) -> None:
    """A table with rowspan/colspan in HTML and the same merges in Word give the same grid."""
    from analysis.read.htmlpage import read_html

    html = ("<table><tr><td rowspan='2'>项目</td><td colspan='2'>申请人情况</td></tr>"
            "<tr><td>自然人</td><td>总计</td></tr><tr><td>(一)予以公开</td><td>3</td><td>3</td>"
            "</tr></table>")
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "申请人情况"
    for (r, c), v in {(1, 1): "自然人", (1, 2): "总计", (2, 0): "(一)予以公开", (2, 1): "3",
                      (2, 2): "3"}.items():
        t.cell(r, c).text = v
    d.save(tmp_path / "t.docx")
    assert read_document(tmp_path / "t.docx").tables[0].rows == read_html(html)[1][0].rows


def test_encrypted_old_and_broken_files_raise_with_the_reason(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    cases = {"encrypted": (ole + "EncryptionInfo".encode("utf-16-le"), "encrypted"),
             "doc": (ole, "damaged or not what its name says"),  # read through LibreOffice if whole
             "notzip": (b"PK\x03\x04 not really a docx", "not a zip package")}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    cases["noword"] = (buf.getvalue(), "no word/document.xml")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document")  # truncated XML
    cases["badxml"] = (buf.getvalue(), "not a readable .docx")
    for name, (data, reason) in cases.items():
        p = tmp_path / f"{name}.docx"
        p.write_bytes(data)
        with pytest.raises(ReadError, match=reason.replace(".", r"\.")) as exc:
            read_document(p)
        assert str(p) in str(exc.value), name
        with pytest.raises(ReadError):
            read_docx(p, data)


def test_a_simulated_word_report_parses_to_its_truth(tmp_path: Path) -> None:
    """A simulated 2021-template .docx (merged cells in tables 三 and 四) read through the same
    parsers yields every table figure its truth lists."""
    import csv

    from analysis.pipeline import read_report
    from analysis.simulate import Noise, simulate

    simulate(tmp_path, agencies=1, years=(2022, 2022), seed=2, noise=Noise.none(),
             forms=("docx",))
    with open(tmp_path / "truth" / "facts.csv", encoding="utf-8") as f:
        truth = [r for r in csv.DictReader(f) if r["source"] == "table"]
    path = tmp_path / truth[0]["path"]
    assert path.suffix == ".docx"
    rep = read_report(path)
    got = {(f.indicator, f.breakdown, f.measure): f.value for f in rep.facts if f.source == "table"}
    want = {(r["indicator"], r["breakdown"], r["measure"]): float(r["value"]) for r in truth}
    assert len(want) > 150 and got == want
