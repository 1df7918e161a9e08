"""A paragraph a PDF-to-Markdown tool cut into pipe cells -> its sentences again.

markitdown runs pdfplumber's table finder over whole pages: a paragraph's lines may come out as
pipe rows, each line cut into cells where its words are spaced apart, and its numbers (another
font, set a little lower) as a row of their own under the words (`| 府信息总数 |  | 条，其中主动公开
政府信息 |  |` then `|  | 3978 |  | 2026 |`). A pipe table most of whose rows of words hold a
sentence mark is prose: each row is its cells joined; a row of numbers alone goes between the
words of the row above by column. Where a column holds both, the text decides: a count before
words opening with its unit (`1503` `条，占`: 占 takes a share, not a count), a share before words
opening with a sentence mark (`62.2%` `。各乡镇…`), a count after plain words (`信息` `2475`: a
count before 信息 would lack its unit); in any other case the number is left out.
"""

from __future__ import annotations

import re

from analysis.model import Table

_SENTENCE = re.compile(r"[，。；,;]")
_UNIT_FIRST = re.compile(r"^(?:万元|人次|[条件个人次项篇期])")
_MARK_FIRST = re.compile(r"^[，。；,;、]")
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")  # a label's note (区分处理的，只计这一情形) is no sentence
_WORD = re.compile(r"[\u4e00-\u9fff]")


def _words(row: list[str]) -> bool:
    return any(_WORD.search(c) for c in row)


def is_cut_prose(t: Table) -> bool:
    """A pipe table whose rows of words are mostly pieces of sentences."""
    if t.kind != "pipe":
        return False
    worded = [r for r in t.rows if _words(r)]
    sentences = sum(bool(_SENTENCE.search(_BRACKETED.sub("", "".join(r)))) for r in worded)
    return bool(worded) and 2 * sentences > len(worded)


def prose_lines(tables: list[Table]) -> dict[int, str]:
    """{text line: the prose it holds} for the rows of every pipe table that is cut prose."""
    out: dict[int, str] = {}
    for t in tables:
        if not is_cut_prose(t):
            continue
        above: tuple[list[str], int] | None = None
        for row, line in zip(t.rows, t.row_lines, strict=False):
            if _words(row) or above is None:
                out[line], above = "".join(c for c in row if c), (row, line)
                continue
            cells, at = above
            if len(row) == len(cells):
                out[at] = "".join(_cell(a, b) for a, b in zip(cells, row, strict=True))
            out[line], above = "", None
    return out


def _cell(words: str, number: str) -> str:
    """A column's words and the number printed under them, in reading order; the words alone
    when the order is not certain."""
    if not (words and number):
        return words or number
    share = number.endswith("%")
    if _UNIT_FIRST.match(words):
        return words if share else number + words
    if _MARK_FIRST.match(words):
        return number + words if share and not words.endswith("占") else words
    return words if share else words + number
