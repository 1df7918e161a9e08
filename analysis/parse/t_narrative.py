"""Figures the narrative states for the template's tables (受理政府信息公开申请 21 件, 行政复议 351 件).

Each becomes a fact with source `narrative`, checked against the table by `narrative_vs_table`.
The phrases are data (template_rows.csv, kind narrative:phrase). Lines are joined first, since PDF text
breaks sentences anywhere; table lines (with `|`) are left out.
"""

from __future__ import annotations

import bisect
import re

from analysis.model import Document, Fact
from analysis.parse.t_vocab import defs

_TAIL = r"(?:数量|数)?(?:共计|共|总计|合计|为|达)?\s*(\d[\d,]*)\s*件"


def _joined(doc: Document) -> tuple[str, list[int], list[int]]:
    """Text with line breaks removed, the offset where each kept line starts, and its line number."""
    parts, starts, numbers, pos = [], [], [], 0
    for i, line in enumerate(doc.lines, start=1):
        if "|" in line or not line.strip():
            continue
        starts.append(pos)
        numbers.append(i)
        parts.append(line.strip())
        pos += len(line.strip())
    return "".join(parts), starts, numbers


def narrative_facts(doc: Document) -> list[Fact]:
    """The first figure stated for each phrase's indicator, as a narrative fact (breakdown total)."""
    text, starts, numbers = _joined(doc)
    facts = []
    for d in defs("narrative:phrase"):
        alts = "|".join(re.escape(a) for a in sorted(d.aliases, key=len, reverse=True))
        m = re.search(f"(?:{alts}){_TAIL}", text)
        if not m:
            continue
        line = numbers[bisect.bisect_right(starts, m.start()) - 1] if numbers else 0
        facts.append(Fact(indicator=d.id, value=float(m.group(1).replace(",", "")),
                          breakdown="total" if d.id.startswith("request.") else "all",
                          unit="件", source="narrative", raw_label=m.group(0),
                          raw_value=m.group(1), location=f"narrative line {line}"))
    return facts
