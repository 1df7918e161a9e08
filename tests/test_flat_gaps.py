"""Flattened tables (one cell a line, ` |`) survive the lines a cleaner empties and the paragraphs
of a page; marked cells are never cut; prose before a table on a one-line page is read."""

from __future__ import annotations

from analysis.parse.legacy.text import _marked_cells
from analysis.parse.narrative.prose import _prose_before_cells
from analysis.read.texttables import find_tables

HEAD = ["指标名称 |", "单位 |", "历年累计数 |", "本年度数 |"]
ROWS = ["主动公开政府信息数 |", "条 |", "1825 |", "928 |",
        "其中:1.网上政府信息公开专栏公开 |", "条 |", "660 |", "202 |"]


def test_an_emptied_line_inside_a_flat_table_does_not_end_it():
    lines = HEAD + ROWS[:6] + [""] + ROWS[6:]  # the line of a spam block cut out, left empty
    (table,) = find_tables("\n".join(lines))
    assert table.rows[1:] == [["主动公开政府信息数", "条", "1825", "928"],
                              ["其中:1.网上政府信息公开专栏公开", "条", "660", "202"]]


def test_a_flat_table_in_paragraphs_is_one_table():
    (table,) = find_tables("\n\n\n".join(HEAD + ROWS))
    assert len(table.rows) == 3 and table.rows[2][2:] == ["660", "202"]


def test_an_empty_line_then_a_new_header_starts_a_new_table():
    lines = HEAD + ROWS[:4] + [""] + HEAD + ROWS[4:]
    assert [len(t.rows) for t in find_tables("\n".join(lines))] == [2, 2]


def test_marked_cells_are_read_as_marked():
    assert _marked_cells("1165 |\n726 |\n|", 3) == ("1165", "726", "∅")
    assert _marked_cells("1165 | 726", 3) == ("1165", "726", "∅")
    assert _marked_cells("1165 726 |", 3) is None  # two tokens in one cell: not so printed
    assert _marked_cells("1 | 2 | 3 | 4", 3) is None


def test_prose_before_the_first_cell_of_a_one_line_page():
    prose = "到2011年12月31日止,我办主动公开政府信息660条。" * 4
    assert _prose_before_cells(prose + " 统计表 指标名称 | 单位 | 1825 |") == prose + " 统计表"
    assert _prose_before_cells("网上公开 660 202 |") == ""  # a table row, not prose
