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
_NONE = [
    (re.compile(r"无[^。;]{0,30}?(?:提出|受理|收到)[^。;]{0,10}?(?:信息)?公开申请"), "request.received"),
    (re.compile(r"(?:未|没有)(?:收到|受理)[^。;]{0,20}?(?:信息)?公开申请"), "request.received"),
    (re.compile(r"无[^。;]{0,15}?(?:收费|收取费用)"), "fees.request_fees"),
    (re.compile(r"无[^。;]{0,20}?行政复议"), "review.total"),
    (re.compile(r"无[^。;]{0,30}?(?:行政诉讼|提起诉讼)"), "litigation.total"),
]


def _loc(doc: Document, pos: int, text: str) -> str:
    line = doc.text.count("\n", 0, pos) + 1
    return f"narrative line {line}"


def _fact(doc: Document, m: re.Match[str], indicator: str, value: float, measure: str,
          unit: str, label: str, group: int = 0) -> Fact:
    return Fact(indicator=indicator, value=value, measure=measure, unit=unit, source="narrative",
                raw_label=label, raw_value=m.group(group), location=_loc(doc, m.start(), m.group(0)))


def _sentence_measure(text: str, pos: int) -> str:
    """cumulative when the sentence the figure sits in is about 'up to (date)'/累计, else annual."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    head = text[start:pos]
    if head.lstrip().startswith("其中") and start > 1:  # 其中: breaks down the sentence before
        prev = max(text.rfind("。", 0, start - 1), text.rfind("\n", 0, start - 1)) + 1
        head = text[prev:start]
    head = re.sub(r"\([^()]*\)", "", head)
    return "cumulative" if _CUMULATIVE_CTX.search(head) else "annual"


def narrative_facts(doc: Document, year: int | None) -> list[Fact]:
    """Facts from the report's prose. Only text before the first table is read."""
    first_table = min((t.line for t in doc.tables if t.line), default=0)
    lines = doc.text.split("\n")
    text = "\n".join(lines[: first_table - 1]) if first_table else doc.text
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()

    def add(f: Fact) -> None:
        if (f.indicator, f.measure) not in seen:
            seen.add((f.indicator, f.measure))
            facts.append(f)

    for m in _TOTAL_YEAR.finditer(text):
        if year is None or int(m.group(1)) == year:
            add(_fact(doc, m, "proactive.total", float(m.group(2)), "annual", "条", m.group(0), 0))
    for m in _TOTAL.finditer(text):
        measure = _sentence_measure(text, m.start())
        add(_fact(doc, m, "proactive.total", float(m.group(1)), measure, "条", m.group(0), 0))
    for m in _CAT.finditer(text):
        measure = _sentence_measure(text, m.start())
        add(_fact(doc, m, f"proactive.category.{CATEGORIES[m.group(1)]}", float(m.group(2)), measure,
                  "条", m.group(0), 0))
    for rx, indicator in _NONE:
        m = rx.search(text)
        if m:
            add(_fact(doc, m, indicator, 0.0, "annual", "件" if "fees" not in indicator else "万元",
                      m.group(0), 0))
    return facts
