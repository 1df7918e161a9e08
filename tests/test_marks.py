"""One vocabulary of marks (vocab/marks.csv): every reader takes its not-applicable and none marks
from it, and no module keeps a copy of its own."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

from analysis.model import NOT_APPLICABLE, REPORTED
from analysis.parse.cells.splits import tokens
from analysis.parse.numbers import parse_cell
from analysis.parse.template.runon import value_text
from analysis.read.texttables import find_tables
from analysis.vocab import marks

ANALYSIS = Path(__file__).resolve().parent.parent / "analysis"
# tokens that are marks and nothing else in this code's regexes (- and / are also punctuation)
DISTINCT = ("—", "不适用", "×", "／", "N/A")
# dashes that are punctuation, not a cell's mark: a page number's decoration, a date range
PUNCTUATION = {("clean/chrome.py", "PAGE_MARKER"), ("parse/meta.py", "_YEAR_RULES")}
RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "findall", "finditer", "split"}


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _stray(path: Path) -> list[str]:
    """Mark tokens written into a regex, or a literal set/tuple/list of several marks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ANALYSIS).as_posix()
    allowed = {name for f, name in PUNCTUATION if f == rel}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in allowed
                                                for t in node.targets):
            for sub in ast.walk(node):
                sub._xxgk_allowed = True  # noqa: SLF001 (a mark on the tree, read below)
        is_re = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and node.func.attr in RE_CALLS and isinstance(node.func.value, ast.Name)
                 and node.func.value.id == "re")
        is_seq = isinstance(node, ast.Set | ast.Tuple | ast.List)
        if getattr(node, "_xxgk_allowed", False) or not (is_re or is_seq):
            continue
        found = [t for s in _strings(node) for t in DISTINCT if t in s]
        if is_re and found or is_seq and len(set(found)) >= 2:
            out.append(f"{rel}:{node.lineno} {sorted(set(found))}")
    return out


def test_no_module_keeps_its_own_copy_of_the_marks():
    stray = [s for p in sorted(ANALYSIS.rglob("*.py")) for s in _stray(p)]
    assert stray == [], "marks belong in analysis/vocab/marks.csv (analysis.vocab.marks):\n" + "\n".join(stray)


def test_the_stray_check_sees_a_copy():
    """The check above would see the kinds of copy this module replaced."""
    for src in ('_T = re.compile(r"\\d+|—+|[-/无×]")', '_NA = {"—", "/", "不适用"}'):
        tree = ast.parse(src)
        assert [t for n in ast.walk(tree) for s in _strings(n) for t in DISTINCT if t in s]


def test_whole_cell_marks_mean_what_the_vocabulary_says():
    assert marks.cell_marks(NOT_APPLICABLE) and marks.cell_marks("none")
    for t in marks.cell_marks(NOT_APPLICABLE):
        cell = parse_cell(t)
        assert (cell.status, math.isnan(cell.value)) == (NOT_APPLICABLE, True), t
    for t in marks.cell_marks("none"):
        assert (parse_cell(t).status, parse_cell(t).value) == (REPORTED, 0.0), t


@pytest.mark.parametrize("mark", marks.row_marks())
def test_every_row_mark_is_one_cell_to_every_row_reader(mark):
    """A mark between numbers is one cell: in a run of tokens, in the value text after a run-on
    label, and in a whitespace-separated text table (a table only of marks is still one)."""
    one = "—" if set(mark) == {"—"} else mark
    assert tokens(f"12 {mark} 7") == ["12", one, "7"]
    text = f"主动公开文件数 12 {mark} 7 其他"
    assert value_text(text, len("主动公开文件数"), len(text))[0] == f"12 {mark} 7"
    tables = find_tables(f"统计表\n指标  单位  数量\n主动公开  条  {mark}\n依申请公开  件  {mark}\n")
    assert [[r[-1] for r in t.rows] for t in tables] == [["数量", mark, mark]]


def test_opening_marks_never_words_of_a_label():
    """Marks that open a row's values in running text; 无 is a word (无法提供), so it does not."""
    assert "无" in marks.row_marks() and "无" not in marks.opening_marks()
    assert {"—", "/", "不适用"} <= set(marks.opening_marks())
