""".doc/.wps/.rtf/.odt reports are read through LibreOffice (analysis.read.office); without it
they are failures that say how to install it. The .doc fixtures were saved by LibreOffice itself
from the converted fixtures' source pages (tests/fixtures/converted/lo-doc; test_converted.py
scores every figure of them against the simulator's truth)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import ROOT

from analysis import read_report
from analysis.dataset.ingest import ingest
from analysis.read import ReadError, office, read_document

DOC = ROOT / "tests" / "fixtures" / "converted" / "lo-doc" / "sl-city-2022.doc"
needs_soffice = pytest.mark.skipif(office.soffice() is None, reason="LibreOffice (soffice) absent")


def test_without_libreoffice_a_doc_is_refused_with_the_way_to_install_it(monkeypatch):
    monkeypatch.setenv("XXGK_SOFFICE", "no-such-soffice")
    with pytest.raises(ReadError, match="not installed: install LibreOffice .*apt install "
                                        "libreoffice-writer-nogui"):
        read_document(DOC)


def test_without_libreoffice_ingest_lists_the_doc_as_a_failure(monkeypatch, tmp_path):
    monkeypatch.setenv("XXGK_SOFFICE", "no-such-soffice")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC, src / DOC.name)
    summary = ingest([src], tmp_path / "ds", progress=False)
    assert (summary.reports, summary.failures) == (0, 1)
    failures = pd.read_csv(tmp_path / "ds" / "failures.csv")
    assert failures["path"].str.endswith(DOC.name).tolist() == [True]
    assert "install LibreOffice" in failures["reason"].iloc[0]


@needs_soffice
def test_a_doc_is_read_with_its_form_and_the_converter_named():
    rep = read_report(DOC)
    assert rep.doc.form == "doc" and rep.doc.path.endswith(".doc")
    assert [(f.rule, f.found) for f in rep.doc.notes if f.rule == "converted"] == [
        ("converted", "soffice")]
    assert (rep.meta.template, rep.meta.year, rep.meta.agency) == ("t2021", 2022, "示例市人民政府")
    # table 三's first row as the source page prints it (sl-city-2022.html:
    # 一、本年新收政府信息公开申请数量 | 2181 | 573 | 38 | 24 | 124 | 61 | 3001)
    new = {f.breakdown: f.value for f in rep.facts
           if f.indicator == "request.new" and f.source == "table"}
    assert new["natural_person"] == 2181 and new["total"] == 3001


@needs_soffice
def test_word97_bytes_under_a_docx_name_are_converted_too(tmp_path):
    wrong_name = tmp_path / "report.docx"
    wrong_name.write_bytes(DOC.read_bytes())
    rep = read_report(wrong_name)
    assert any(f.rule == "converted" for f in rep.doc.notes)
    assert rep.meta.year == 2022


@needs_soffice
def test_a_file_libreoffice_cannot_open_is_a_read_error(tmp_path):
    bad = tmp_path / "broken.odt"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="broken.odt"):
        read_document(bad)


def test_a_damaged_word97_file_is_refused_before_libreoffice_is_started(tmp_path):
    """OLE magic then noise (a truncated download): the compound-file header is checked, so no
    LibreOffice start (seconds) for it, and the reason is the same with or without LibreOffice."""
    for name in ("old.doc", "old.wps", "renamed.docx"):
        bad = tmp_path / name
        bad.write_bytes(office.OLE + bytes(range(256)) * 4)
        with pytest.raises(ReadError, match="damaged or not what its name says"):
            read_document(bad)
    text = tmp_path / "notes.doc"  # a text file saved under a .doc name
    text.write_text("会议纪要", encoding="utf-8")
    with pytest.raises(ReadError, match="damaged or not what its name says"):
        read_document(text)
