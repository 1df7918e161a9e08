"""Forms that conversion tools give the reports, read by general rules (issue 21).

Each fixture under tests/fixtures/converted_forms/ is written for its form with numbers of its own.
"""

from __future__ import annotations

from conftest import ROOT

from analysis import read_report
from analysis.model import Fact

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


def _cells(rep, table: str) -> dict[tuple[str, str], tuple[float, str]]:
    return {(f.indicator, f.breakdown if table == "三" else f.measure): (f.value, f.status)
            for f in rep.facts if f.source == "table" and f.table == table}


def test_one_small_pipe_table_per_row_under_numbered_or_generic_headers():
    """OCR'd Markdown: each row of tables 二, 三 and 四 under its own heading, in a small table whose
    header names no column (`类别 | 1 | 2 | … | 7`, `类别 | 数据1 | …`, `1 | 2 | … | 5`), the
    applicant header split into tables of `-`. The header is not data; every row is read."""
    rep = read_report(FIX / "template-per-row-tables.md")
    three = _cells(rep, "三")
    assert len(three) == 25 * 7 and {s for _, s in three.values()} == {"reported"}
    assert three[("request.new", "natural_person")][0] == 286
    assert three[("request.new", "total")][0] == 292
    assert three[("request.result.denied.process_info", "natural_person")][0] == 3
    assert three[("request.result.unavailable.not_held", "nonprofit")][0] == 1
    assert three[("request.result.other.other", "business")][0] == 1
    assert three[("request.result.total", "total")][0] == 278
    assert three[("request.carried_out", "total")][0] == 21
    four = _cells(rep, "四")
    assert [four[(f"{b}.{c}", "count")][0] for b in ("review", "litigation_direct")
            for c in ("upheld", "corrected", "other", "pending", "total")] == [3, 1, 0, 1, 5,
                                                                             2, 0, 0, 0, 2]
    assert four[("litigation_after_review.total", "count")][0] == 1
    two = _cells(rep, "二")
    assert two[("rules", "repealed")][0] == 1 and two[("normative", "in_force")][0] == 118
    assert two[("penalty", "decisions")][0] == 527
    assert not {"table_unaligned", "ambiguous_cells", "t4_block_sum"} & {f.rule for f in rep.flags}


def test_review_table_as_three_blocks_under_headings_one_with_blanks_dropped():
    """Table 四 printed as three blocks, each under a heading naming it; pdftotext dropped the
    blank cells of 未经复议直接起诉 (`1  3  4`). All three blocks are read: the short block's
    总计 (4) is certain, its parts stay unresolved with the candidate placements in a flag."""
    rep = read_report(FIX / "template-review-blocks.txt")
    four = _cells(rep, "四")
    assert [four[(f"review.{c}", "count")][0] for c in
            ("upheld", "corrected", "other", "pending", "total")] == [4, 1, 0, 2, 7]
    assert [four[(f"litigation_after_review.{c}", "count")][0] for c in
            ("upheld", "corrected", "other", "pending", "total")] == [0, 0, 1, 0, 1]
    assert four[("litigation_direct.total", "count")] == (4, "reported")
    for c in ("upheld", "corrected", "other", "pending"):
        assert four[(f"litigation_direct.{c}", "count")][1] == "unresolved"
    flag = next(f for f in rep.flags if f.rule == "ambiguous_cells")
    assert "1|3|∅|∅|4" in flag.found and "∅|∅|1|3|4" in flag.found
    assert "rows_missing" not in {f.rule for f in rep.flags}


def test_per_row_tables_as_text_headings_name_their_rows():
    """The same per-row form through pdftotext -layout: each row's heading (`规章`,
    `（一）予以公开`) on a line of its own above `类别  数据1  数据2 …` and the row, whose label
    repeats the heading without its number; one row's table lost in conversion. A heading is not
    the row (no numbers), the generic header is not a label glued to a 6, the heading numbers its
    row, and the lost row is named in a flag (absent, not zero)."""
    rep = read_report(FIX / "template-per-row-tables.layout.txt")
    two = _cells(rep, "二")
    assert two[("rules", "made")] == (2, "reported") and two[("normative", "repealed")] == (5, "reported")
    assert two[("licensing", "decisions")] == (4310, "reported")
    three = _cells(rep, "三")
    assert len(three) == 24 * 7 and {s for _, s in three.values()} == {"reported"}
    assert three[("request.result.denied.security_stability", "total")][0] == 0
    assert three[("request.result.denied.query_matters", "natural_person")][0] == 1
    assert three[("request.result.not_processed.repeated", "legal_services")][0] == 1
    assert three[("request.carried_out", "natural_person")][0] == 21
    assert not any(i == "request.result.denied.enforcement_files" for i, _ in three)
    flag = next(f for f in rep.flags if f.rule == "rows_missing")
    assert flag.found == "7.属于行政执法案卷"
    assert not {"table_unaligned", "ambiguous_cells"} & {f.rule for f in rep.flags}


def _rules(rep) -> dict[str, tuple[float, str]]:
    return {f.measure: (f.value, f.status) for f in rep.facts
            if f.table == "二" and f.indicator == "rules"}


def test_a_cell_the_converter_moved_out_of_its_row_is_read_from_where_it_was_printed():
    """PDF to Markdown: the 规章 row prints `| 规章 | 3 | 41 |` under three columns, its cells of
    two lines printed apart above the table (`3（其中修订1件）8（含自然失效2件）`). Both are the
    row's cells in order; the notes say which column (修订: 本年制发, 失效: 本年废止): 3 | 8 | 41."""
    rep = read_report(FIX / "template-cell-printed-apart.md")
    assert _rules(rep) == {"made": (3, "reported"), "repealed": (8, "reported"),
                           "in_force": (41, "reported")}
    flag = next(f for f in rep.flags if f.rule == "cell_from_block")
    assert flag.indicator == "rules" and flag.found == "3|8|41" and "line 9" in flag.location
    assert "ambiguous_cells" not in {f.rule for f in rep.flags}


def test_a_cell_printed_apart_without_notes_stays_unresolved_unless_a_figure_settles_it(tmp_path):
    """The same numbers printed apart without notes (`3  8`): 3 | 8 | 41 and 3 | 41 | 8 both fit.
    本年制发 (3, in both) is read, the other two are unresolved with both readings named, never
    a blank dropped by the converter; a figure stated elsewhere (现行有效 41) settles them."""
    text = (FIX / "template-cell-printed-apart.md").read_text(encoding="utf-8")
    path = tmp_path / "apart.md"
    path.write_text(text.replace("3（其中修订1件）8（含自然失效2件）", "3  8"), encoding="utf-8")
    rep = read_report(path)
    got = _rules(rep)
    assert got["made"] == (3, "reported")
    assert got["repealed"][1] == got["in_force"][1] == "unresolved"
    flag = next(f for f in rep.flags if f.rule == "ambiguous_cells" and f.indicator == "rules")
    assert flag.found == "3|41|8 or 3|8|41"
    stated = Fact("rules", 41, measure="in_force", source="narrative", raw_label="现行有效规章41件")
    assert _rules(read_report(path, context=[stated])) == {
        "made": (3, "reported"), "repealed": (8, "reported"), "in_force": (41, "reported")}


def test_a_review_block_printed_all_blank_is_blank_not_missing(tmp_path):
    """A block under its heading printed as a small table of blank cells (`|  |  |  |  |  |`):
    its five cells are blank, and the blocks after it keep their places."""
    text = (FIX / "template-per-row-tables.md").read_text(encoding="utf-8")
    path = tmp_path / "blank-block.md"
    path.write_text(text.replace("| 3 | 1 | 0 | 1 | 5 |", "|  |  |  |  |  |"), encoding="utf-8")
    four = _cells(read_report(path), "四")
    assert {four[(f"review.{c}", "count")][1] for c in
            ("upheld", "corrected", "other", "pending", "total")} == {"blank"}
    assert four[("litigation_direct.upheld", "count")] == (2, "reported")
    assert four[("litigation_after_review.total", "count")] == (1, "reported")


def test_a_unit_printed_apart_from_its_number_is_the_cells_unit():
    """pdftotext -layout of LibreOffice's PDF of a 2019 report: `政府集中采购  3  487500 元`, the
    unit one space after its number. The amount is 487500 元 = 48.75 万元, not 487500 万元."""
    rep = read_report(FIX / "t2019-unit-apart.layout.txt")
    got = {f.measure: (f.value, f.unit) for f in rep.facts if f.indicator == "procurement"}
    assert got == {"items": (3, "项"), "amount": (48.75, "万元")}


def test_a_pipe_cell_holding_two_numbers_is_two_columns_not_one_number():
    """markitdown of a Chromium-printed PDF (a simulated 2024 report; truth from the simulator,
    sim-2024.truth.csv): `|  |  | 费用、… |  |  | 50 | 5 1 | 1 | 3 1 | 61 |`: two columns run
    together in a cell, and the blank cells before them hold no places. Read as 50 5 1 1 3 1 61
    (the row's sum confirms), never 51 and 31 in the wrong columns."""
    import csv

    with open(FIX / "sim-2024.truth.csv", encoding="utf-8") as f:
        truth = {(r["indicator"], r["breakdown"]): float(r["printed"] or r["value"])
                 for r in csv.DictReader(f) if r["status"] == "reported" and r["source"] == "table"}
    rep = read_report(FIX / "sim-2024.chromium-markitdown.md")
    got = {(f.indicator, f.breakdown): f.value for f in rep.facts
           if f.table == "三" and f.status == "reported"}
    assert {k: (v, truth.get(k)) for k, v in got.items() if truth.get(k) != v} == {}
    assert got[("request.result.other.unpaid_fee", "nonprofit")] == 1
    assert got[("request.result.other.other", "research")] == 6


def test_review_row_whose_pipe_cells_each_hold_two_columns():
    """markitdown of a published PDF: table 四's header garbled over rows and its 15 numbers in 8
    pipe cells, two a cell (`| 9 5 | 17 3 | 34 2 | …`). The row is the 15 numbers in order, each
    block's 总计 the sum of its four (9+5+17+3 = 34); the narrative's `9 … 5` above is no row."""
    rep = read_report(FIX / "template-review-cells-run-together.md")
    four = _cells(rep, "四")
    assert [four[(f"review.{c}", "count")] for c in
            ("upheld", "corrected", "other", "pending", "total")] == [
        (9, "reported"), (5, "reported"), (17, "reported"), (3, "reported"), (34, "reported")]
    assert four[("litigation_direct.total", "count")] == (3, "reported")
    assert four[("litigation_after_review.upheld", "count")] == (4, "reported")
    assert four[("litigation_after_review.total", "count")] == (7, "reported")
    assert "no_table" not in {f.rule for f in rep.flags if f.location == "table 四"}


def _legacy(rep) -> dict[tuple[str, str], tuple[float, str]]:
    return {(f.indicator, f.measure): (f.value, f.status) for f in rep.facts if f.source == "table"}


def test_legacy_table_cut_into_pipe_fragments_is_read_as_one_table():
    """markitdown of a printed pre-2019 table: header names split over rows (`计量`/`单位`,
    `2011`/`年度`), the table cut into several pipe tables, numbering and numbers on rows of their
    own under their label (`| 其中： | 网站公开 | 条 | | 4512 |` then `| 1. | | 1108 | |`), an
    annual printed alone between tables (`1263`), the last row as plain text. The column
    positions place every number; the lone number goes to the one row with an empty cell."""
    rep = read_report(FIX / "legacy-pipe-fragments.md")
    got = _legacy(rep)
    assert got[("proactive.total", "annual")] == (1263, "reported")
    assert got[("proactive.total", "cumulative")] == (4870, "reported")
    assert got[("proactive.channel.website", "annual")] == (1108, "reported")
    assert got[("proactive.channel.website", "cumulative")] == (4512, "reported")
    assert got[("proactive.channel.gazette", "annual")] == (3, "reported")
    assert got[("request.channel.fax", "cumulative")] == (2, "reported")
    assert got[("request.reply.partial", "annual")] == (3, "reported")
    assert got[("litigation.total", "annual")] == (0, "reported")
    assert got[("litigation.total", "cumulative")] == (1, "reported")
    assert len(got) == 26 and {s for _, s in got.values()} == {"reported"}
    lone = next(f for f in rep.facts if f.indicator == "proactive.total" and f.measure == "annual")
    assert "printed apart, line 21" in lone.location
    assert not {"unmapped_label", "ambiguous_cells"} & {f.rule for f in rep.flags}


def _variant(tmp_path, *edits: tuple[str, str]):
    text = (FIX / "legacy-pipe-fragments.md").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "variant.md"
    path.write_text(text, encoding="utf-8")
    return read_report(path)


def test_a_lone_number_two_rows_could_take_is_unresolved(tmp_path):
    """The number alone between two rows that each miss their annual: it is not placed (both
    rows' annual cells unresolved, flagged); their cumulative cells, printed in place, are read."""
    rep = _variant(tmp_path, ("|             |     | 2.     |       |     | 3    |      |", "3"),
                   ("| 条   | 34   | 96   |", "| 条   |      | 96   |"))
    got = _legacy(rep)
    assert got[("proactive.channel.gazette", "annual")][1] == "unresolved"
    assert got[("request.received", "annual")][1] == "unresolved"
    assert got[("proactive.channel.gazette", "cumulative")] == (15, "reported")
    assert got[("request.received", "cumulative")] == (96, "reported")
    flags = [f for f in rep.flags if f.rule == "ambiguous_cells"]
    assert {f.indicator for f in flags} == {"proactive.channel.gazette", "request.received"}
    assert all(f.found == "3 printed apart (line 26)" for f in flags)


def test_a_lone_number_over_the_cumulative_and_a_short_text_row_stay_unresolved(tmp_path):
    """A lone number larger than its row's 历年累计 is no annual (annual <= cumulative); a row
    printed as text with one number under two columns says neither column: both unresolved."""
    rep = _variant(tmp_path, ("\n1263\n", "\n5120\n"), ("行政诉讼数 条 0 1", "行政诉讼数 条 1"))
    got = _legacy(rep)
    assert got[("proactive.total", "annual")][1] == "unresolved"
    assert got[("proactive.total", "cumulative")] == (4870, "reported")
    assert got[("litigation.total", "annual")][1] == got[("litigation.total", "cumulative")][1] \
        == "unresolved"
    assert got[("proactive.channel.website", "annual")] == (1108, "reported")


def test_table_two_labels_printed_a_line_above_their_cells():
    """markitdown of a Chromium-printed 2021 report: `规章` on a line of its own over a pipe row
    whose label cell is empty (`|  | 2 | 1 | 9 |`), `行政处罚` over its number alone (`742`). The
    numbers on the line right under a lone label are its row's, never a blank row."""
    rep = read_report(FIX / "template-labels-above-cells.md")
    two = _cells(rep, "二")
    assert [two[("rules", m)] for m in ("made", "repealed", "in_force")] == [
        (2, "reported"), (1, "reported"), (9, "reported")]
    assert two[("penalty", "decisions")] == (742, "reported")
    assert two[("coercion", "decisions")] == (38, "reported")
    assert two[("normative", "in_force")] == (205, "reported")
    assert not {"ambiguous_cells"} & {f.rule for f in rep.flags}


def test_a_table_three_label_wrapped_over_lines_above_its_numbers(tmp_path):
    """markitdown of a Chromium-printed 2021 report: a row's label on two lines of its own
    (`1.申请人无正当理由逾期不补正、行政` / `机关`) above a pipe row of numbers without a label, the
    label's last words below it. The label's second line continues it: the numbers are its row
    (the simulator's truth, sim-2024.truth.csv), not a row lost."""
    import csv

    text = (FIX / "sim-2024.chromium-markitdown.md").read_text(encoding="utf-8")
    old = ("(六)其 1.申请⼈⽆正当理由逾期不补正、⾏\n"
           "|     | 他处理 政机关不再处理其政府信息公开申 | 277 34 | 6 6 | 24 6 | 353 |\n"
           "| --- | ------------------- | ------ | --- | ---- | --- |\n请\n")
    new = ("1.申请⼈⽆正当理由逾期不补正、⾏政\n机关\n"
           "|     |     |     |     | 277 34 | 6 6 | 24 6 | 353 |\n"
           "| --- | --- | --- | --- | --- | --- | --- | --- |\n不再处理其政府信息公开申请\n\n(六)其他处\n")
    assert old in text
    path = tmp_path / "wrapped.md"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with open(FIX / "sim-2024.truth.csv", encoding="utf-8") as f:
        truth = {(r["indicator"], r["breakdown"]): float(r["printed"] or r["value"])
                 for r in csv.DictReader(f) if r["status"] == "reported" and r["source"] == "table"}
    rep = read_report(path)
    got = {(f.indicator, f.breakdown): f.value for f in rep.facts
           if f.table == "三" and f.status == "reported"}
    row = "request.result.other.no_correction"
    assert {b: got.get((i, b)) for i, b in truth if i == row} == {
        b: v for (i, b), v in truth.items() if i == row}
    assert {k: (v, truth.get(k)) for k, v in got.items() if truth.get(k) != v} == {}
    assert "rows_missing" not in {f.rule for f in rep.flags}


def test_a_paragraph_cut_into_pipe_cells_is_read_as_prose():
    """markitdown of the same printed page cuts a paragraph into pipe rows, its numbers (set a
    little lower) on rows of their own under the words. The words and the numbers are put back
    in reading order by column (`规划计划类信息` … `27` … `条，占`): the categories are read; where
    a column's words and number could go either way (`条，占` over `40.5%`, `。其中乡镇…` over
    `512`) the number is left out, never read into the wrong phrase."""
    rep = read_report(FIX / "legacy-pipe-fragments.md")
    said = {(f.indicator, f.value) for f in rep.facts if f.source == "narrative"}
    assert {("proactive.category.overview", 88), ("proactive.category.regulations", 143),
            ("proactive.category.planning", 27)} <= said
    assert not any(v in (512, 40.5) for _, v in said)


_MERGED_HEAD = """某某局2010年政府信息公开工作年度报告

一、概述
2010年，本局继续推进政府信息公开工作。

三、行政复议和诉讼情况
| 指标名称 | 单位 历年累计数 | 本年度数 | 同比增减(%) |     |
| ---- | -------- | ---- | ------- | --- |
| 与政府信息公开工作相关的行政复议数 | 件 |      |         |     |
|                   | 3        | 2    |         |     |
| 与政府信息公开工作相关的行政诉讼数 | 件 无 | 无 |         |     |
| 与政府信息公开工作相关的举报投诉数 | 件 4 6 | 1 |         |     |
"""


def test_a_header_cell_holding_two_column_names_parts_its_cells(tmp_path):
    """markitdown ran two header cells together (`单位 历年累计数`) and the row's cells under it
    (`件 无`), a row's numbers a line below its label (`件` then `| | 3 | 2 |`). The cell is
    parted as its header is: unit, then 历年累计; three words under two names (`件 4 6`) say
    neither column: unresolved, never a blank."""
    path = tmp_path / "merged-head.md"
    path.write_text(_MERGED_HEAD, encoding="utf-8")
    got = _legacy(read_report(path))
    assert got[("review.total", "cumulative")] == (3, "reported")
    assert got[("review.total", "annual")] == (2, "reported")
    assert got[("litigation.total", "cumulative")] == (0, "reported")
    assert got[("complaints.total", "annual")] == (1, "reported")
    assert got[("complaints.total", "cumulative")][1] == "unresolved"
