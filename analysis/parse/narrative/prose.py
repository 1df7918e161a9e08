"""The prose of a report: its text outside the statistics tables, lines joined, each position
mapped back to its line (PDF and crawled text break sentences anywhere)."""

from __future__ import annotations

import bisect
import re

from analysis.model import Document
from analysis.parse.narrative.cutprose import prose_lines

# a legacy statistics table starts at its header (指标名称 … 单位), not where the prose names it
_LEGACY_TABLE = re.compile(r"指\s*标(?:\s*名\s*称)?[\s|]{0,6}(?:计\s*量\s*)?单\s*位")
_TEMPLATE_TABLE = re.compile(r"第\s*二\s*十\s*条\s*第\s*\(\s*一\s*\)\s*项|本年新收政府信息公开申请数量")
_TEMPLATE_END = re.compile(r"结\s*果\s*维\s*持[\s\S]{0,400}?总\s*计[\s\d|]*")

_SENTENCE = re.compile(r"[。;,，；]\S|[。；;]$")  # a cell that is a sentence (or ends one)
SENTENCE_MAX = 400  # characters looked back for a figure's sentence; longer is a run-on page


class Prose:
    """The narrative of a report: its text without the statistics tables, lines joined.

    `line_of(pos)` maps a position in the joined text back to the line of the document."""

    def __init__(self, doc: Document, template: bool):
        text = doc.text
        cut = _table_zone(text, template) or (len(text) + 1, len(text) + 1)
        cut_prose = prose_lines(doc.tables)  # a paragraph a converter cut into pipe cells
        grid_lines = {ln for t in doc.tables for row, ln in zip(t.rows, t.row_lines, strict=False)
                      if not is_prose_row(row)} - set(cut_prose)
        parts: list[str] = []
        self._starts: list[int] = []
        self._lines: list[int] = []
        pos = a = 0
        for number, line in enumerate(text.split("\n"), start=1):
            b = a + len(line)
            if a >= cut[0] and b <= cut[1] or number in grid_lines:
                a = b + 1
                continue
            if number in cut_prose:
                line = cut_prose[number]
            elif "|" in line and (" | " in line or line.endswith(" |") or line == "|"):
                line = _prose_before_cells(line)  # b stays the end of the whole line
            if b > cut[0] and a < cut[1]:  # the table zone starts or ends inside this line
                line = line[:max(0, cut[0] - a)] + line[max(0, cut[1] - a):]
            keep = line.strip()
            a = b + 1
            if keep:
                self._starts.append(pos)
                self._lines.append(number)
                parts.append(keep)
                pos += len(keep)
        self.text = "".join(parts)

    def line_of(self, pos: int) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._lines[i] if i >= 0 else 0


def is_prose_row(cells: list[str]) -> bool:
    """A grid row that is a paragraph, not table cells: one filled cell holding a sentence. Word
    and page builders lay whole reports out in tables (a Word-exported HTML page), so the prose
    sits in cells; a row of data has several cells, and a lone label or number no sentence.

    >>> is_prose_row(["全年主动公开政府信息318条,其中规范性文件3件。", ""]), is_prose_row(["规章", "0"])
    (True, False)
    """
    filled = [c for c in cells if c.strip()]
    return len(filled) == 1 and bool(_SENTENCE.search(filled[0]))


def _prose_before_cells(line: str) -> str:
    """A line of table cells (`label |`) is not prose; on a page flattened to one line the prose
    before its first cell is (the cell itself, the last word before the first `|`, is not).

    >>> _prose_before_cells("主动公开 | 条 | 1825 |"), _prose_before_cells("甲" * 100 + " 指标名称 | 单位 |")[-3:]
    ('', '甲甲甲')
    """
    first = line.index("|")
    head = line[:first].rstrip()
    cut = head.rfind(" ")
    return head[:cut] if first >= 100 and cut > 0 else ""


def _table_zone(text: str, template: bool) -> tuple[int, int] | None:
    """The span of the statistics tables: legacy tables run to the end of the text; the
    template's tables end with table 四's row of numbers (sections 五 and 六 are prose again)."""
    if not template:
        m = _LEGACY_TABLE.search(text)
        return (m.start(), len(text)) if m else None
    m = _TEMPLATE_TABLE.search(text)
    if not m:
        return None
    end = _TEMPLATE_END.search(text, m.end())
    return m.start(), end.end() if end else len(text)


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts, looking back at most SENTENCE_MAX characters: on
    a page with no 。 every figure would otherwise rescan the text before it (quadratic)."""
    lo = max(0, pos - SENTENCE_MAX)
    return max(text.rfind("。", lo, pos), text.rfind(";", lo, pos), lo - 1) + 1
