"""Figures stated in the narrative of a legacy report: content categories, totals, 'no requests'.

Each is a fact with source `narrative`, kept apart from the table's figure for the same indicator.
"""

from __future__ import annotations

import re

from analysis.model import Document, Fact

CATEGORIES = {"概况": "overview", "法规文件": "regulations", "法规": "regulations",
              "发展规划": "planning", "规划": "planning", "工作动态": "work_updates",
              "人事": "personnel", "财政": "finance", "统计数据": "statistics", "统计": "statistics",
              "应急管理": "emergency", "其他": "other"}
_CAT = re.compile(r"(" + "|".join(sorted(CATEGORIES, key=len, reverse=True)) + r")类(?:信息)?(\d+)条")
_CUMULATIVE_CTX = re.compile(r"(?:到|截至|截止)(?:(?:19|20)\d{2})年(?:\d{1,2}月\d{1,2}日)?止?|累计|以来")
_TOTAL = re.compile(r"(?<![\d年])主动公开(?:政府)?信息(?:共计|共|总计)?(\d+)条")
_TOTAL_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?(?:新增|共)?主动公开(?:政府)?信息(?:共计|共)?(\d+)条")
_COUNTS = [
    (re.compile(r"(?:受理|收到|接到)(?:各类)?(?:政府)?信息公开申请(?:共计|共)?(\d+)件"), "request.received"),
    (re.compile(r"(?:被申请|提起|申请)?行政复议(?:案件)?(?:共计|共)?(\d+)(?:件|起)"), "review.total"),
    (re.compile(r"(?:被提起|提起)?行政诉讼(?:案件)?(?:共计|共)?(\d+)(?:件|起)"), "litigation.total"),
]
SENTENCE_MAX = 400  # characters; longer "sentences" are run-on pages, not prose
_TABLES_START = re.compile(r"政府信息公开工作情况统计表|^附件\s*\d*$|^指标(名称)?\b")
_NONE = [
    (re.compile(r"无[^。;]{0,30}?(?:提出|受理|收到)[^。;]{0,10}?(?:信息)?公开申请"), "request.received"),
    (re.compile(r"(?:未|没有)(?:收到|受理)[^。;]{0,20}?(?:信息)?公开申请"), "request.received"),
    (re.compile(r"无[^。;]{0,15}?(?:收费|收取费用)"), "fees.request_fees"),
    (re.compile(r"无[^。;]{0,20}?行政复议"), "review.total"),
    (re.compile(r"无[^。;]{0,30}?(?:行政诉讼|提起诉讼)"), "litigation.total"),
]


class Prose:
    """The narrative part of a report, with PDF line breaks inside sentences joined.

    `line_of(pos)` maps a position in the joined text back to the line of the document.
    """

    def __init__(self, doc: Document):
        lines = doc.text.split("\n")
        stop = len(lines)
        first_table = min((t.line for t in doc.tables if t.line), default=0)
        if first_table:
            stop = first_table - 1
        for i, line in enumerate(lines[:stop]):
            if i > 2 and _TABLES_START.search(line.strip()):
                stop = i
                break
        join = doc.form == "pdf"
        chars: list[str] = []
        self._lines: list[int] = []
        for i, line in enumerate(lines[:stop], start=1):
            chars.append(line)
            self._lines += [i] * len(line)
            if not (join and line and not re.search(r"[。:;!?]$", line)):
                chars.append("\n")
                self._lines.append(i)
        self.text = "".join(chars)

    def line_of(self, pos: int) -> int:
        return self._lines[pos] if pos < len(self._lines) else (self._lines or [0])[-1]


def _loc(prose: Prose, pos: int) -> str:
    return f"narrative line {prose.line_of(pos)}"


def _fact(prose: Prose, m: re.Match[str], indicator: str, value: float, measure: str,
          unit: str) -> Fact:
    return Fact(indicator=indicator, value=value, measure=measure, unit=unit, source="narrative",
                raw_label=m.group(0), raw_value=m.group(0), location=_loc(prose, m.start()))


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts, looking back at most SENTENCE_MAX characters: a
    page with no 。 or line break would otherwise make every figure rescan it (quadratic)."""
    lo = max(0, pos - SENTENCE_MAX)
    return max(text.rfind("。", lo, pos), text.rfind("\n", lo, pos), lo - 1) + 1


def _sentence_measure(text: str, pos: int) -> str:
    """cumulative when the sentence the figure sits in is about 'up to (date)'/累计, else annual."""
    start = _sentence_start(text, pos)
    head = text[start:pos]
    if head.lstrip().startswith("其中") and start > 1:  # 其中: breaks down the sentence before
        head = text[_sentence_start(text, start - 1):start]
    head = re.sub(r"\([^()]*\)", "", head)
    return "cumulative" if _CUMULATIVE_CTX.search(head) else "annual"


def narrative_facts(doc: Document, year: int | None) -> list[Fact]:
    """Facts from the report's prose, before the statistics tables."""
    prose = Prose(doc)
    text = prose.text
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()

    def add(f: Fact) -> None:
        if (f.indicator, f.measure) not in seen:
            seen.add((f.indicator, f.measure))
            facts.append(f)

    for m in _TOTAL_YEAR.finditer(text):
        if year is None or int(m.group(1)) == year:
            add(_fact(prose, m, "proactive.total", float(m.group(2)), "annual", "条"))
    for m in _TOTAL.finditer(text):
        add(_fact(prose, m, "proactive.total", float(m.group(1)), _sentence_measure(text, m.start()),
                  "条"))
    for m in _CAT.finditer(text):
        add(_fact(prose, m, f"proactive.category.{CATEGORIES[m.group(1)]}", float(m.group(2)),
                  _sentence_measure(text, m.start()), "条"))
    for rx, indicator in _COUNTS:
        for m in rx.finditer(text):
            add(_fact(prose, m, indicator, float(m.group(1)), _sentence_measure(text, m.start()),
                      "件"))
    for rx, indicator in _NONE:
        m = rx.search(text)
        if m:
            add(_fact(prose, m, indicator, 0.0, "annual", "万元" if "fees" in indicator else "件"))
    return facts
