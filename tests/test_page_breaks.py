"""Table 三 printed on small pages by Chromium (tests/fixtures/breaks, made by make.py with numbers
drawn there, truth.json): rows a page break cut in two are read from the PDF, and the same PDF
through `pdftotext -layout` (labels wrapped over lines around their numbers) gives no wrong
number: a row it cannot place is left out and flagged, never given another row's numbers."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from analysis import read_report
from analysis.parse.rowdefs import t3_label
from analysis.parse.template.table3 import columns

BREAKS = FIXTURES / "breaks"


def _truth() -> dict[tuple[str, str], float]:
    """(indicator, breakdown) -> value, from the numbers the page was made with."""
    raw = json.loads((BREAKS / "truth.json").read_text(encoding="utf-8"))
    out, group = {}, None
    for label, values in raw.items():
        if label.startswith("(三)") or label == "1.属于国家秘密":
            group = "request.result.denied"
        elif label == "1.本机关不掌握相关政府信息":
            group = "request.result.unavailable"
        elif label == "1.信访举报投诉类申请":
            group = "request.result.not_processed"
        elif label.startswith("1.申请人无正当理由"):
            group = "request.result.other"
        rid = t3_label(label, group if label[0].isdigit() else None)
        assert rid, label
        for (cid, _), v in zip(columns(), values, strict=True):
            out[(rid, cid)] = float(v)
    assert len(out) == 25 * 7
    return out


def _table_three(path):
    rep = read_report(path)
    got = {(f.indicator, f.breakdown): f.value for f in rep.facts
           if f.table == "三" and f.status == "reported"}
    return rep, got


def test_rows_a_page_break_cut_are_read_from_the_pdf():
    truth = _truth()
    rep, got = _table_three(BREAKS / "cut.pdf")
    assert got == truth
    assert not [f.rule for f in rep.flags if f.severity in ("error", "warning")
                and f.rule.startswith(("t3", "rows", "table"))]


def test_pdftotext_layout_of_narrow_columns_gives_no_wrong_number():
    truth = _truth()
    rep, got = _table_three(BREAKS / "cut.layout.txt")
    wrong = {k: (v, truth.get(k)) for k, v in got.items() if truth.get(k) != v}
    assert wrong == {}
    assert len(got) >= 0.5 * len(truth)  # measured: see the assertion message when it drops
    if len(got) < len(truth):  # what is not read is said
        assert any(f.rule in ("table_unaligned", "t3_results_sum", "ambiguous_cells")
                   for f in rep.flags)


@pytest.mark.parametrize("name", ["cut.pdf", "cut.layout.txt"])
def test_the_agency_and_year_of_the_small_page(name):
    meta = read_report(BREAKS / name).meta
    assert (meta.agency, meta.year) == ("示例县水务局", 2023)


@pytest.mark.parametrize("name", ["clipped.pdf", "clipped.layout.txt"])
def test_a_table_clipped_at_the_page_edge_gives_no_number_in_a_wrong_column(name):
    """LibreOffice printed the Word table wider than the page: its right-hand columns (总计 among
    them) are not in the PDF. Rows of fewer numbers than columns that add up under no placement
    of the missing cells are not read, and the table is flagged."""
    truth = _truth()
    rep, got = _table_three(BREAKS / name)
    assert {k: (v, truth.get(k)) for k, v in got.items() if truth.get(k) != v} == {}
    assert any(f.rule in ("table_unaligned", "ambiguous_cells") and f.severity != "info"
               for f in rep.flags)


def test_a_clipped_table_four_with_none_marks_gives_no_number():
    """tests/fixtures/clipped4: LibreOffice's PDF of a Word table 四 wider than the page lost its
    last column (复议后起诉 总计, 2), and the blocks print 无 where a total could be checked: one
    cell is missing, yet no placement of a vanished blank is confirmed by a sum (each block whose
    sum could check it rejects it). No cell is read and the row is flagged, never 0 for the 2."""
    truth = json.loads((FIXTURES / "clipped4" / "truth.json").read_text(encoding="utf-8"))
    assert truth[-1] == "2"
    rep = read_report(FIXTURES / "clipped4" / "clipped.layout.txt")
    four = [f for f in rep.facts if f.table == "四"]
    assert [f for f in four if f.status == "reported"] == []
    assert {f.status for f in four} == {"unresolved"} and len(four) == 15
    assert any(f.rule == "ambiguous_cells" and f.indicator == "四" for f in rep.flags)
