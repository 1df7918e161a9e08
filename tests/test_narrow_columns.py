"""Tables printed in narrow columns (tests/fixtures/narrow, made by make.py with Chromium on a small
page and `pdftotext -layout`, numbers drawn there: truth.json): header cells wrapped over two lines,
and rows whose numbers a wrapped label's lines parted, are read; nothing is read wrong."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from analysis import read_report
from analysis.parse.legacy.tables import map_label
from analysis.parse.rowdefs import by_id, sequences, t3_label
from analysis.parse.template import parted
from analysis.parse.template.rows import Row
from analysis.parse.template.table3 import columns, display

NARROW = FIXTURES / "narrow"
TRUTH = json.loads((NARROW / "truth.json").read_text(encoding="utf-8"))
GROUPS = {"1.属于国家秘密": "request.result.denied", "1.本机关不掌握相关政府信息": "request.result.unavailable",
          "1.信访举报投诉类申请": "request.result.not_processed"}


def _t3_truth(name: str = "t3") -> dict[tuple[str, str], float]:
    out, group = {}, None
    for label, values in TRUTH[name].items():
        group = GROUPS.get(label, "request.result.other" if label.startswith("1.申请人") else group)
        rid = t3_label(label, group if label[0].isdigit() else None)
        assert rid, label
        out.update({(rid, cid): float(v) for (cid, _), v in zip(columns(), values, strict=True)})
    return out


def test_a_legacy_header_wrapped_over_two_lines_names_its_columns():
    """指标名称 计量 2011 历年累计 / 单位 年度: 计量单位 and 2011年度 joined, in the printed order."""
    rep = read_report(NARROW / "legacy.layout.txt")
    got = {(f.indicator, f.measure): f.value for f in rep.facts if f.source == "table"}
    want = {}
    for label, (annual, cumulative) in TRUTH["legacy"].items():
        want[(map_label(label), "annual")] = annual
        want[(map_label(label), "cumulative")] = cumulative
    assert got == want


def test_rows_whose_numbers_a_wrapped_label_parted_are_read():
    """The last row `四、结转下年度 3 1` / `继续办理 0 3 2 3 12` is read whole (it was cut at its
    first line); `缴纳费用、行政 3 2` / `机关不再处理其 0 0 40 40 85` is one row of seven numbers
    whose label names no row: the template order places it, as it does two rows whose labels
    wrapped past recognition (147 of 175 cells read before, 3 rows unplaced)."""
    truth = _t3_truth()
    rep = read_report(NARROW / "t3.layout.txt")
    got = {(f.indicator, f.breakdown): f.value for f in rep.facts
           if f.table == "三" and f.status == "reported"}
    assert got == truth
    assert not [f.rule for f in rep.flags if f.rule.startswith(("t3", "table", "ambiguous", "rows"))]


def test_a_row_whose_first_number_stands_on_its_label_first_line():
    """t3-parted.layout.txt (written in the form pdftotext printed Chromium's small page of a real
    report, other numbers): `保护第三方合法 5` / `4.` / `权益 1 0 0 0 0 6`: the numbering on a line of
    its own, the first number on the label's first line, the other six on its last."""
    rep = read_report(NARROW / "t3-parted.layout.txt")
    got = {(f.indicator, f.breakdown): f.value for f in rep.facts
           if f.table == "三" and f.status == "reported"}
    want = {"request.result.denied.third_party": [5, 1, 0, 0, 0, 0, 6],
            "request.result.denied.internal_affairs": [9, 0, 0, 0, 0, 1, 10],
            "request.result.unavailable.not_held": [7, 1, 0, 0, 0, 0, 8]}
    for rid, values in want.items():
        assert [got.get((rid, c)) for c, _ in columns()] == values, rid
    assert len(got) == 25 * 7
    assert not [f.rule for f in rep.flags if f.rule.startswith(("t3", "table", "ambiguous", "rows"))]


def _read_three(name: str):
    rep = read_report(NARROW / f"{name}.layout.txt")
    return rep, {(f.indicator, f.breakdown): f.value for f in rep.facts
                 if f.table == "三" and f.status == "reported"}


def test_two_rows_printed_column_by_column_are_read():
    """stacked-5: under (四)无法提供 rows 2 and 3 share a label line and their numbers come out one
    column at a time (`5` / `3` / `1` / `0` …: row 2's, then row 3's): each line goes to its row,
    both rows add up, and the template order names them. The whole table is read, nothing wrong."""
    truth = _t3_truth("stacked-5")
    rep, got = _read_three("stacked-5")
    assert got == truth
    for rid in ("request.result.unavailable.needs_creation", "request.result.unavailable.unclear"):
        assert "column by column" in next(f.location for f in rep.facts if f.indicator == rid)


def test_rows_printed_column_by_column_but_mixed_are_not_read():
    """stacked-3: the same form, but a line holds row 3's first two numbers beside row 2's one:
    the lines do not pair up, so the two rows are not read (and said), and nothing is wrong."""
    truth = _t3_truth("stacked-3")
    rep, got = _read_three("stacked-3")
    assert {k: (v, truth[k]) for k, v in got.items() if truth.get(k) != v} == {}
    assert ("request.result.unavailable.unclear", "total") not in got
    # row 3's label, on a line of its own, names it; its numbers do not pair up: said
    assert any(f.rule in ("table_unaligned", "ambiguous_cells", "rows_missing")
               and ("补正后申请内容仍不明确" in f.found
                    or f.indicator == "request.result.unavailable.unclear") for f in rep.flags)


def test_two_lines_of_numbers_keep_each_line_order():
    assert parted.interleaved(["3"], ["0", "3"]) == [("3", "0", "3"), ("0", "3", "3")]
    assert len(parted.interleaved(["1", "2", "3"], ["4", "5", "6", "7"])) == 35
    assert parted.unstack([["5", "1"], ["2", "0"], ["6"], ["2"]], 3) == [["5", "1", "6"],
                                                                        ["2", "0", "2"]]
    assert parted.unstack([["5"], ["2", "0"], ["1", "6"], ["2"]], 3) is None  # lines unpaired


def _text_table(text: str):
    """A legacy table printed as text -> ({(indicator, measure): value} reported, flags)."""
    from analysis.parse.legacy.text import parse_text_table

    facts, flags = parse_text_table(text)
    return {(f.indicator, f.measure): f.value for f in facts if f.status == "reported"}, flags

def test_a_flattened_row_whose_next_numbering_ends_the_line():
    """A statistics table flattened into running text, wrapped by a narrow page: the next row's
    numbering is glued to this row's digits at the end of a line (`信函申请数条013.` / `其它形式…`):
    the 3. is given back, the digits 01 are the row's two cells."""
    got, _ = _text_table("指标名称计量单位2015年度历年累计主动公开信息数条120340其中：1.网站公开条100320"
                         "受理依申请公开信息总数条48其中：1.当面申请数条372.信函申请数条013.\n"
                         "其它形式申请数条00对申请的答复数条48")
    assert got[("request.channel.letter", "annual")] == 0
    assert got[("request.channel.letter", "cumulative")] == 1
    assert got[("request.channel.other", "annual")] == 0


def test_the_next_numbering_glued_to_a_cell_after_a_space_is_only_its_last_digit():
    """A flattened table whose cells keep a space between them and whose next row's numbering is
    glued to the last cell (`政府公报公开条57 43.新闻发布会…`): the numbering is the 3 that follows
    this row's 2., not the whole 43 after the space (that read 57 | 4 3 as 5 | 7 and stored them
    silently)."""
    got, _ = _text_table("指标名称单位历年累计数本年度数主动公开政府信息数条812 95其中：1.网上政府信息公开专栏"
                         "公开条703 812.政府公报公开条57 43.新闻发布会公开条9 24、行政服务中心、图书馆、"
                         "档案馆等公共信息查阅场所公开条43 8受理政府信息公开申请数件26 5")
    assert got[("proactive.channel.website", "cumulative")] == 703
    assert got[("proactive.channel.website", "annual")] == 81
    assert got[("proactive.channel.gazette", "cumulative")] == 57
    assert got[("proactive.channel.gazette", "annual")] == 4
    assert got[("proactive.channel.press_conference", "cumulative")] == 9
    assert got[("proactive.channel.press_conference", "annual")] == 2


def test_a_row_that_lost_its_numbering_gives_back_the_next_rows():
    """A statistics table read line by line (OCR) where a group's first row lost its `其中：1.`:
    the `2.` starting the next line stands apart from this row's digits, so it is the next
    row's numbering, not a digit of this row's cells."""
    got, flags = _text_table("指标名称 计量单位 2013年度 历年累计\n主动公开信息数 条 512 1380\n"
                             "网站公开 条 407 1102\n2.政府公报公开 条 3 11\n受理依申请公开信息总数 条 9 30\n"
                             "当面申请数 条 6 21\n2.传真申请数 条 0 1\n3.电子邮件申请数 条 3 8\n"
                             "对申请的答复数 条 9 30\n")
    assert got[("proactive.channel.website", "annual")] == 407
    assert got[("proactive.channel.website", "cumulative")] == 1102
    assert got[("request.channel.in_person", "cumulative")] == 21
    assert got[("request.channel.fax", "annual")] == 0
    assert got[("request.channel.fax", "cumulative")] == 1
    assert got[("request.channel.email", "cumulative")] == 8
    assert not [f for f in flags if f.rule == "ambiguous_cells"]


def test_an_unlabelled_row_whose_numbers_share_a_cell_is_placed_by_the_order():
    """A whitespace table's cell may hold several numbers (`( | 12 3 0 0 1 0 16`, the label's
    bracket wrapped onto the numbers' line: 七)总计 above). Seven numbers make a row: with every
    other row labelled and in place, the template order names it (七)总计."""
    from analysis.parse.template.table3 import parse_requests

    rows, total = _text_rows()
    k = next(i for i, r in enumerate(rows) if r.cells[0] == "(七)总计")
    rows[k:k + 1] = [Row(["七)总计"], False, "line 30"),
                     Row(["(", " ".join(map(str, total))], False, "line 31")]
    facts, flags, found = parse_requests(rows)
    got = {(f.indicator, f.breakdown): f.value for f in facts if f.status == "reported"}
    assert found and not [f.rule for f in flags if f.severity != "info"]
    assert [got[("request.result.total", c)] for c, _ in columns()] == [12, 3, 0, 0, 1, 0, 16]


@pytest.mark.parametrize("cells", [["2.重复申请 7 1", "0", "0", "0", "1", "9"],
                                   ["2.重复申请 7 1 0 0 0 1 9"]])
def test_a_label_cell_holding_the_rows_first_numbers(cells):
    """A whitespace table's column border fell after a row's first numbers (`2.重复申请 7 1` | 0 |
    0 | 0 | 1 | 9), or after all of them: the numbers at the label's end are the row's cells."""
    from analysis.parse.template.table3 import parse_requests

    rows, _ = _text_rows({"request.result.not_processed.repeated": [7, 1, 0, 0, 0, 1, 9]})
    k = next(i for i, r in enumerate(rows) if r.cells[0] == "2.重复申请")
    rows[k] = Row(cells, False, "line 20")
    facts, flags, _ = parse_requests(rows)
    got = {(f.indicator, f.breakdown): f.value for f in facts if f.status == "reported"}
    assert [got.get(("request.result.not_processed.repeated", c)) for c, _ in columns()] == \
        [7, 1, 0, 0, 0, 1, 9]
    assert not [f.rule for f in flags if f.severity != "info"]


def _text_rows(more: dict | None = None):
    """Table 三 as text rows, label then seven numbers, (七)总计 the results' sum."""
    seq = sequences()["t2021"]
    leaves = {"request.result.disclosed": [9, 2, 0, 0, 1, 0, 12],
              "request.result.partial": [3, 1, 0, 0, 0, 0, 4], **(more or {})}
    total = [sum(v[c] for v in leaves.values()) for c in range(7)]
    values = {**{r: [0] * 7 for r in seq}, **leaves, "request.new": total,
              "request.result.total": total}
    rows = [Row(["申请人情况 自然人 商业企业"], False, "line 1")]
    rows += [Row([display(by_id("三:row")[rid]), *map(str, values[rid])], False, f"line {n}")
             for n, rid in enumerate(seq, start=2)]
    return rows, total


def test_a_row_ending_on_a_line_of_numbers_alone():
    """`一、本年新收政府信息公开申请数 12 3 0 0` / `量 1 0 16`: the label's last character, alone at the
    line's start, is taken for a vertical label's and dropped; the numbers left complete the row."""
    from analysis.parse.template.table3 import parse_requests

    rows, total = _text_rows()
    assert total == [12, 3, 0, 0, 1, 0, 16]
    k = next(i for i, r in enumerate(rows) if r.cells[0].startswith("一、"))
    rows[k:k + 1] = [Row(["一、本年新收政府信息公开申请数", "12", "3", "0", "0"], False, "line 2"),
                     Row(["1", "0", "16"], False, "line 3")]
    facts, flags, _ = parse_requests(rows)
    got = {(f.indicator, f.breakdown): f.value for f in facts if f.status == "reported"}
    assert [got.get(("request.new", c)) for c, _ in columns()] == total
    assert not [f.rule for f in flags if f.severity != "info"]


def test_a_row_of_more_numbers_than_columns_after_the_table_is_no_row_of_it():
    """OCR on a page break: the detector found 四、结转下年度继续办理's label but none of its
    numbers, and the next grid row is table 四's fifteen numbers. Its first eight are no label:
    the row is not table 三's, so the template order does not give it 四's numbers."""
    from analysis.parse.template.table3 import parse_requests

    rows, _ = _text_rows()
    grid = [Row(r.cells, True, r.where, n_cols=8, table=0) for r in rows[1:-1]]
    grid.append(Row(["3", "1", "0", "0", "4", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"],
                    True, "ocr p2", n_cols=15, table=1))
    facts, flags, found = parse_requests([rows[0], *grid])
    assert found
    assert not [f for f in facts if f.indicator == "request.carried_out"]
    assert any(f.rule == "rows_missing" and "结转下年度继续办理" in f.found for f in flags)
