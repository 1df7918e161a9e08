"""Template tables in text whose rows and cells run together (a web table flattened by a crawler).

The template fixes every row label and its order, so the labels are the anchors: table 三's labels
are found one after the other (each within reach of the previous one), and the text between a label
and the next is that row's printed value text (`801000081`, `500000 5`, `20 0 00 0 121`). A label's
numbering glued to the digits before it (`00000002.其他法律…`) is the next row's, not a digit of
this one. Spaces and line breaks inside labels are allowed (`本年度办 理结果`, `社会公益 组织`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from analysis.parse.rowdefs import RowDef, defs

REACH = 400  # the next row's label starts within this many characters of the previous label
_QUOTES = "\"'“”‘’「」"
# a value text: numbers, marks, spaces, pipes and units, up to the first other character
_VALUE = re.compile(r"(?:[\d.,+\-—/|\s件条项个元万无]|不适用)+")
_NEXT_NUMBER = re.compile(r"\d\s*[.、．]$")  # a cell never ends with a dot: numbering does
_FIRST = re.compile(r"[\d—/]|-\d|不适用")
_CJK_NUM = "一二三四五六七八九十"


def spaced(text: str) -> str:
    """A regex for `text` that allows whitespace between characters and any kind of quote."""
    parts = []
    for ch in text:
        if ch in _QUOTES:
            parts.append(f"[{re.escape(_QUOTES)}]?")
        elif not ch.isspace():
            parts.append(re.escape(ch))
    return r"\s*".join(parts)


def numbering(number: str) -> str:
    """The printed numbering of a row (一、 / (三) / 2.), optional in the text."""
    if not number:
        return ""
    if number.startswith("("):
        return rf"(?:\(\s*{re.escape(number[1:-1])}\s*\)\s*)?"
    if number[0] in _CJK_NUM:
        return rf"(?:{re.escape(number)}\s*[、.．,]?\s*)?"
    # glued to a digit before it (00000002.其他…), a number is numbering only with its dot
    n = re.escape(number)
    return rf"(?:(?<!\d){n}\s*[.、．]?\s*|{n}\s*[.、．]\s*)?"


@dataclass(frozen=True)
class Anchor:
    rid: str  # the template row id, or "" for a heading that only bounds regions
    start: int  # where the label (with its numbering) starts
    end: int  # where the label ends


@functools.cache
def patterns(kind: str) -> tuple[tuple[RowDef, re.Pattern[str]], ...]:
    out = []
    for d in defs(kind):
        names = sorted({d.label, *d.aliases}, key=len, reverse=True)
        body = "|".join(spaced(n) for n in names if n)
        # a label's own explanation in brackets belongs to it: 部分公开(区分处理的,…)
        out.append((d, re.compile(rf"{numbering(d.number)}(?:{body})(?:\s*\([^()\d]{{0,40}}\))?")))
    return tuple(out)


def anchors(text: str, sequence: list[str], kind: str = "三:row", start: int = 0) -> list[Anchor]:
    """The labels of `sequence` (row ids, "" entries allowed for headings) found in order."""
    pats = {d.id: p for d, p in patterns(kind)}
    found: list[Anchor] = []
    pos = start
    for rid in sequence:
        pat = pats.get(rid)
        if pat is None:
            continue
        limit = len(text) if not found else min(len(text), pos + REACH)
        m = pat.search(text, pos, limit)
        if m is None or (not m.group(0).strip()):
            continue
        found.append(Anchor(rid, m.start(), m.end()))
        pos = m.end()
    return found


def value_text(text: str, start: int, stop: int) -> tuple[str, int, int]:
    """The printed value text in text[start:stop] (what follows a label), and its span. Words
    before the first number continue the label (申请人逾期…, 行政机关不再处理…申请 1000001)."""
    first = _FIRST.search(text, start, stop)
    if not first:
        return "", start, start
    m = _VALUE.match(text, first.start(), stop)
    value = m.group(0).rstrip() if m else ""
    value = value.rstrip("|").rstrip()
    numbered = _NEXT_NUMBER.search(value)
    if numbered and numbered.start() > 0:  # 00000002. : the next row's numbering (1. to 8.)
        value = value[:numbered.start()].rstrip()
    return value, first.start(), first.start() + len(value)
