"""Forms that conversion tools give the reports, read by general rules (issue 21).

Each fixture under tests/fixtures/converted_forms/ is written for its form with numbers of its own.
"""

from __future__ import annotations

from conftest import ROOT

from analysis import read_report

FIX = ROOT / "tests" / "fixtures" / "converted_forms"


def _table(rep) -> dict[tuple[str, str], float]:
    return {(f.indicator, f.measure): f.value for f in rep.facts
            if f.source == "table" and f.status == "reported"}


def test_legacy_header_of_two_rows_flattened_by_a_pdf_to_text_tool():
    """`年度` over the year in a second header row (`计量/单位 年度 历年累计` then `2013` below):
    pdftotext -layout prints the year after the column names. The columns are 年度 and 历年累计."""
    rep = read_report(FIX / "legacy-two-row-header.layout.txt")
    got = _table(rep)
    assert got[("proactive.total", "annual")] == 1380
    assert got[("proactive.total", "cumulative")] == 5120
    assert got[("proactive.channel.gazette", "annual")] == 11
    assert got[("proactive.channel.gazette", "cumulative")] == 64
    assert got[("request.channel.online", "annual")] == 6
    assert got[("request.channel.online", "cumulative")] == 13
    assert got[("litigation.total", "cumulative")] == 1
    assert len(got) == 20
    assert "no_table" not in {f.rule for f in rep.flags}


def test_legacy_pipe_table_under_a_title_row_with_cells_of_two_lines():
    """pymupdf4llm's Markdown of a printed legacy table: the caption as the first row (`附件2:… |
    Col2 | Col3 | Col4`), an empty row, then the header with `<br>` inside its cells."""
    rep = read_report(FIX / "legacy-titled-pipe-table.md")
    got = _table(rep)
    assert got[("proactive.total", "annual")] == 864
    assert got[("proactive.total", "cumulative")] == 2931
    assert got[("proactive.channel.gazette", "annual")] == 4
    assert got[("request.channel.online", "cumulative")] == 13
    assert got[("review.total", "cumulative")] == 2
    assert len(got) == 16
    assert not {"unparsed_value", "unmapped_label"} & {f.rule for f in rep.flags}


def test_an_incomplete_category_list_says_its_numbers():
    """A category list without 其他 under a stated total: the flag carries the total (expected),
    the items' sum and the items summed (found), so the reader can judge it."""
    rep = read_report(FIX / "legacy-category-list.txt")
    flag = next(f for f in rep.flags if f.rule == "categories_incomplete")
    assert flag.expected == "410"
    assert flag.found.startswith("318 = ")
    for item in ("概况类信息31条", "法规文件类信息57条", "工作动态类信息212条", "人事类信息18条"):
        assert item in flag.found


def test_legacy_header_whose_column_names_share_one_cell():
    """pdftotext -layout spaced the header's names by one space (`计量单位 2010年度 历年累计`: one
    cell) and some rows' label and unit too: no column is placed by the header's cell index
    (that put 48 under 历年累计); the text reading of the table gives each row its columns."""
    rep = read_report(FIX / "legacy-merged-header.layout.txt")
    got = _table(rep)
    assert got[("request.received", "annual")] == 48
    assert got[("request.received", "cumulative")] == 131
    assert got[("request.channel.in_person", "cumulative")] == 77
    assert got[("proactive.total", "cumulative")] == 1870
    assert all(v != 48 for (i, m), v in got.items() if m == "cumulative")
