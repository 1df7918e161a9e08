"""read_pdf on PDFs generated from a hand-written fixture (fpdf2 + Noto Sans SC), ruled and unruled.

Ruled: pdfplumber finds the tables. Unruled: no table is found, wrapped labels are printed around their
vertically centred numbers (as in the Hongze PDF), and the parser recovers table 三 by the template's
row order. Both must give exactly the facts of the Markdown source (t2021.md).
"""

from __future__ import annotations

import importlib.util

import pytest

from analysis.parse.meta import detect
from analysis.parse.template.document import parse_template
from analysis.read import ReadError, read_document
from analysis.read.pdf import read_pdf


def _pdfgen(fixtures):
    spec = importlib.util.spec_from_file_location("pdfgen", fixtures / "templates" / "pdfgen.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _facts(path):
    doc = read_document(path)
    facts, flags = parse_template(doc, detect(doc))
    return doc, {(f.indicator, f.breakdown, f.measure, f.source): f.value for f in facts}, flags


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    from pathlib import Path
    fixtures = Path(__file__).parent / "fixtures"
    gen = _pdfgen(fixtures)
    out = tmp_path_factory.mktemp("pdf")
    src = fixtures / "templates" / "t2021.md"
    return (src, gen.render(src, out / "ruled.pdf", ruled=True),
            gen.render(src, out / "unruled.pdf", ruled=False))


def test_ruled_pdf_matches_markdown(pdfs):
    src, ruled, _ = pdfs
    doc, got, flags = _facts(ruled)
    _, want, _ = _facts(src)
    assert doc.form == "pdf" and any(t.kind == "pdf" and t.page for t in doc.tables)
    assert got == want
    assert not [f for f in flags if f.severity == "error"]


def test_unruled_pdf_falls_back_to_text_and_matches(pdfs):
    src, _, unruled = pdfs
    doc, got, flags = _facts(unruled)
    _, want, _ = _facts(src)
    assert not doc.tables
    assert got == want
    assert not [f.rule for f in flags]


def test_page_markers_are_dropped(corpus):
    doc = read_document(corpus / "huaian-hongze-district-2023.pdf")
    assert "- 3 -" not in doc.lines and "- 1 -" in doc.notes[0].found
    assert "一、本年新收政府信息公开申请数量" in [c for t in doc.tables for r in t.rows for c in r]


def test_bad_pdf_names_the_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a pdf")
    with pytest.raises(ReadError, match="broken.pdf"):
        read_pdf(bad, bad.read_bytes())


def _open_sided_pdf(path, rows, widths, skip_right_border: bool):
    """A ruled table drawn line by line: every row rule across all columns, every column's
    vertical rules but (with `skip_right_border`) the outer right one, as Chromium printed a
    page whose 总计 column overflowed its box."""
    import re

    import pylopdf_fonts_zh_cn
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("noto", fname=str(pylopdf_fonts_zh_cn.sans_path()))
    pdf.set_font("noto", size=8)
    pdf.add_page()
    pdf.text(20, 15, "示例县水利局2016年政府信息公开工作年度报告")
    x0, y0, h = 20.0, 25.0, 7.0
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r in range(len(rows) + 1):
        pdf.line(xs[0], y0 + r * h, xs[-1], y0 + r * h)
    for x in xs[:-1] if skip_right_border else xs:
        pdf.line(x, y0, x, y0 + len(rows) * h)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            pdf.text(xs[c] + 1.5, y0 + r * h + 4.8, text)
    data = re.sub(rb"/Encoding \d+ 0 R", b"/Encoding /Identity-H", bytes(pdf.output()))
    path.write_bytes(data)
    return path


def test_a_table_printed_without_its_right_border_keeps_its_last_column(tmp_path):
    rows = [["指标名称", "单位", "本年度数", "历年累计"],
            ["主动公开政府信息数", "条", "268", "4105"],
            ["其中:网站公开", "条", "251", "3877"],
            ["受理依申请公开信息总数", "件", "14", "96"],
            ["对申请的答复数", "件", "14", "95"]]
    widths = (60, 20, 30, 30)
    from analysis import read_report

    for open_side in (False, True):
        rep = read_report(_open_sided_pdf(tmp_path / f"t{open_side}.pdf", rows, widths, open_side))
        got = {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "table"}
        assert got[("proactive.total", "cumulative")] == 4105, open_side
        assert got[("request.received", "cumulative")] == 96
        assert got[("request.reply.total", "annual")] == 14
