"""A PDF's text where each line's digits were printed on a line of their own, below it.

Chromium prints CJK text and digits in different fonts; a tool that groups a page's characters into
lines by their tops (pdfplumber's text) puts a sentence's digits on the next line, a space left
where each stood:

    府信息总数 条，其中主动公开政府信息 条，作为依申请公开信息数
    3978 2026 46
    条，不予公开信息数 条。

All of a line's digits move (a line still holding some is not of this form). They go back into
the line's gaps (a space after a CJK character or punctuation and before what follows a number: a
unit, %, punctuation), in order; the text is NFKC-normalised first. The slot between two lines
holds a number when the next line starts with a unit (条, 年, %…: required) and may hold one when
it starts with punctuation (；，。…: possible); the number is printed either with this line's
digits (its end) or with the next line's (its start): a line's end may hold one, its start must
when the line above left the slot open and required. The digits go back only when exactly one
choice of the open slots gives their count; any other count: left as printed. The digits' line is
left empty, so that line numbers still match the file.
"""

from __future__ import annotations

import re

_NUMBER = r"[0-9]+(?:\.[0-9]+)?%?"
_DIGITS = re.compile(rf"{_NUMBER}(?: {_NUMBER})*")
_AFTER = "年月日条件个人次项篇期场家份位名户座余多万元%;,:。、)"  # what follows a number
_HOLE = re.compile(rf"(?<=[\u0080-\U0010ffff,;:)]) (?=[{_AFTER}])")  # after CJK or punctuation
_ANY_DIGIT = re.compile(r"[0-9]")
_UNIT = re.compile(r"[年月日条件个人次项篇期场家份位名户座余多万元%]")
_PUNCT = re.compile(r"[;,:。、)]")
_CELL_WORD = 4  # characters: a line this short with no gap is a table cell, not a sentence


def _slot(after: str) -> tuple[int, ...]:
    """How many numbers the slot before `after` can hold: (1,) required, (0, 1) possible, (0,)."""
    return (1,) if _UNIT.match(after) else (0, 1) if _PUNCT.match(after) else (0,)


def _filled(line: str, toks: list[str], start: int, end: int) -> str:
    pieces = _HOLE.split(line)
    toks = list(toks)
    head = toks.pop(0) if start else ""
    tail = toks.pop() if end else ""
    out = head + pieces[0]
    for tok, piece in zip(toks, pieces[1:], strict=True):
        out += tok + piece
    return out + tail


def restore_digits(text: str) -> str:
    """The text with each line of displaced digits put back into the line above (see above)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    taken = -1  # the line whose start slot the line above filled with its end
    for i in range(1, len(lines)):
        if not _DIGITS.fullmatch(lines[i].strip()):
            continue
        above = lines[i - 1]
        if _ANY_DIGIT.search(above):  # its digits were not moved (a table row: `公开 条 2448 126`)
            continue
        holes = len(_HOLE.findall(above))
        if not holes and len(above.strip()) <= _CELL_WORD:  # a table printed a cell a line
            continue  # (单位 / 2013 / 年度, 条 / 2026 / 3542): the digits are the next cell
        toks = lines[i].split()
        starts = (0,) if taken == i - 1 else _slot(above)
        ends = (0, 1) if i + 1 < len(lines) and _slot(lines[i + 1]) != (0,) else (0,)
        fits = [(s, e) for s in starts for e in ends if holes + s + e == len(toks)]
        if len(fits) == 1 and (holes or fits[0] != (0, 0)):
            lines[i - 1], lines[i] = _filled(above, toks, *fits[0]), ""
            taken = i + 1 if fits[0][1] else taken
    return "\n".join(lines)
