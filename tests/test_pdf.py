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
