"""Tables 三 and 四 of the templates read from text whose rows and cells run together.

Used where no grid table and no line-per-row text gave the table: a crawled page on one line,
`get_text()` of an HTML table. Rows are anchored on the template's labels (`runon`), their value
texts read every well-formed way and settled by the table's arithmetic (`cells.solve`, `cells.constraints`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from analysis.model import Fact, Flag, Meta
from analysis.parse.cells import constraints as tc
from analysis.parse.cells.solve import PrintedRow, counts
from analysis.parse.lines import line_of
from analysis.parse.rowdefs import RowDef, by_id, defs, measures_in, sequences
from analysis.parse.template.runon import REACH, Anchor, anchors, patterns, spaced, value_text
from analysis.parse.template.table2 import kinds_of, two_facts
from analysis.parse.template.table3 import three_facts
from analysis.parse.template.table4 import BLOCK_SUMS, review_facts
from analysis.vocab import marks

MIN_ROWS = 3  # fewer labels than this in a row is a mention in the prose, not the table
MAX_STARTS = 20  # places where table 三 may start; a report names its first row once or twice


def t3_order(template: str) -> list[str]:
    """Table 三's labels in printed order for the template: data rows and the group labels."""
    name = "t2019" if template == "t2019" else "t2021"
    return [d.id for d in defs("三:row") if getattr(d, name) or d.number.startswith("(")]


def _best(text: str, order: list[str]) -> list[Anchor]:
    """The longest run of labels in order, trying each place the first label appears (the first
    MAX_STARTS of them: a page repeating the label thousands of times cost 25 µs a byte)."""
    best: list[Anchor] = []
    first = anchors(text, order[:1])
    pos, tries = 0, 0
    while first and tries < MAX_STARTS:
        tries += 1
        run = anchors(text, order, start=first[0].start)
        if len(run) > len(best):
            best = run
        pos = first[0].end
        first = anchors(text, order[:1], start=pos)
    return best


def _segments(text: str, start: int, stop: int) -> list[tuple[str, str, int]]:
    """(label, value text, where) of each `label + numbers` piece in text[start:stop]."""
    out = []
    label_start = start
    while start < stop:
        value, v0, v1 = value_text(text, start, stop)
        if not value:
            break
        if re.fullmatch(r"\d\s*[.、．]", value):  # a row's numbering (2.) belongs to its label
            start = v1
            continue
        label = re.sub(r"\s+", "", text[label_start:v0])
        if label:
            out.append((label, value, label_start))
        start = label_start = v1
    return out


def printed_rows(text: str, found: list[Anchor], data_ids: set[str], kinds,
                 order: Sequence[str] = ()) -> list[PrintedRow]:
    """Each found data row with its value text; a data row whose label was not found (a typo,
    a converter's damage) between two found ones is recovered by the template's order when the
    text between them holds exactly as many `label + numbers` pieces as rows are missing."""
    where = line_of(text)
    rows = []
    for i, a in enumerate(found):
        stop = found[i + 1].start if i + 1 < len(found) else len(text)
        if a.rid in data_ids:
            value, _, v1 = value_text(text, a.end, stop)
            line = where(a.start)
            label = re.sub(r"\s+", "", text[a.start:a.end])
            rows.append(PrintedRow(a.rid, label, f"line {line}", line, kinds(a.rid), text=value,
                                   groups=((0, len(kinds(a.rid))),)))
        else:
            v1 = a.end
        if i + 1 >= len(found) or a.rid not in order:
            continue
        between = order[order.index(a.rid) + 1:order.index(found[i + 1].rid)]
        missing = [r for r in between if r in data_ids]
        pieces = _segments(text, v1, stop) if missing else []
        if missing and len(pieces) == len(missing):
            for rid, (label, value, pos) in zip(missing, pieces, strict=True):
                line = where(pos)
                rows.append(PrintedRow(rid, label, f"line {line}, recovered by template row order",
                                       line, kinds(rid), text=value,
                                       groups=((0, len(kinds(rid))),)))
    return rows


def requests(text: str, meta: Meta, stated: Sequence[Fact] = ()
             ) -> tuple[list[Fact], list[Flag], bool]:
    """Table 三 from run-on text: (facts, flags, found)."""
    order = t3_order(meta.template)
    data_ids = set(sequences()["t2019" if meta.template == "t2019" else "t2021"])
    found = _best(text, order)
    rows = printed_rows(text, found, data_ids, lambda rid: counts(tc.N_COLS), order)
    if len(rows) < MIN_ROWS:
        return [], [], False
    present = {r.rid for r in rows}
    facts, flags = three_facts(rows, meta.template, stated)
    missing = [by_id("三:row")[d].label for d in order if d in data_ids and d not in present]
    if missing:
        flags.append(Flag("rows_missing", f"table 三: {len(missing)} row(s) of the template not "
                          "found in the text", indicator="request", found="; ".join(missing),
                          location=f"table 三 ({rows[0].where} to {rows[-1].where})"))
    return facts, flags, True


_T4_HEAD = re.compile(r"行\s*政\s*复\s*议(?=[\s\S]{0,300}?结\s*果\s*维\s*持)")
T4_WIDTH = 15


def review(text: str, stated: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag], bool]:
    """Table 四 from run-on text: the first run of numbers after its header (15 cells)."""
    where = line_of(text)
    for head in itertools.islice(_T4_HEAD.finditer(text), MAX_STARTS):  # each may run the solver
        value, v0, _ = value_text(text, head.end(), min(len(text), head.end() + 700))
        if not value or sum(ch.isdigit() for ch in value) < 5:
            continue
        line = where(v0)
        row = PrintedRow("四", "行政复议、行政诉讼", f"line {line}", line, counts(T4_WIDTH),
                         text=value, groups=BLOCK_SUMS)
        facts, flags = review_facts(row, stated)
        if facts or flags:
            return facts, flags, True
    return [], [], False


_T2_STARTS = (re.compile(r"第\s*二\s*十\s*条\s*第\s*\(\s*一\s*\)\s*项"),
              re.compile(r"信\s*息\s*内\s*容\s*本\s*年"))
_T2_STOP = re.compile(r"第\s*二\s*十\s*条|收到和处理政府信息公开申请")


def _t2_start(text: str) -> int | None:
    """Where table 二 starts: its first 第二十条 section, else its first header."""
    for rx in _T2_STARTS:
        m = rx.search(text)
        if m:
            return m.start()
    return None


def _t2_rows(text: str, template: str) -> list[tuple[RowDef, int, int]]:
    """(row, label start, label end) of table 二's rows, in order, from its first section."""
    start = _t2_start(text)
    if start is None:
        return []
    layout = "t2019" if template == "t2019" else "t2021"
    pats = [(d, p) for d, p in patterns("二:row") if getattr(d, layout)]
    out, pos = [], start
    for d, pat in pats:
        m = pat.search(text, pos, min(len(text), pos + REACH))
        if m:
            out.append((d, m.start(), m.end()))
            pos = m.end()
    return sorted(out + _t2_elsewhere(text, start, pats, out), key=lambda x: x[1])


_T2_END = re.compile(spaced("收到和处理政府信息公开申请"))
_OPENS = marks.opening_marks()
# after a label: a digit, a mark of several characters, or a one-character mark (or a hyphen) that a
# cell break or a digit follows (alone it could be punctuation)
_NUMBER_NEXT = re.compile(rf"[\s|]*(?:\d|{marks.pattern(tuple(t for t in _OPENS if len(t) > 1 and t[0] != marks.DASH))}"
                          rf"|(?:{marks.pattern((*(t for t in _OPENS if len(t) == 1), '-'))})\s*(?:\d|[|\s]))")


def _t2_elsewhere(text: str, start: int, pats, found: list) -> list[tuple[RowDef, int, int]]:
    """Rows missed by the in-order search because the page printed them out of the template's
    order (a converter put a 第二十条 section before the 规章 rows): each found once in table
    二's part of the text with a number right after its label. A label printed twice with
    numbers is read at neither place."""
    end = _T2_END.search(text, start)
    stop = end.start() if end else len(text)
    seen = {d.id for d, _, _ in found}
    spans = [(a, b) for _, a, b in found]
    out = []
    for d, pat in pats:
        if d.id in seen:
            continue
        hits = [m for m in pat.finditer(text, start, stop)
                if _NUMBER_NEXT.match(text, m.end(), stop)
                and not any(a < m.end() and m.start() < b for a, b in spans)]
        if len(hits) == 1:
            out.append((d, hits[0].start(), hits[0].end()))
            spans.append((hits[0].start(), hits[0].end()))
    return out


def proactive(text: str, meta: Meta, stated: Sequence[Fact] = ()
              ) -> tuple[list[Fact], list[Flag], bool]:
    """Table 二 from run-on text; each row's measures from the header printed before it."""
    where = line_of(text)
    found = _t2_rows(text, meta.template)
    if len(found) < 2:
        return [], [], False
    rows, measures, units = [], {}, {}
    head_from = _t2_start(text)
    for i, (d, a, b) in enumerate(found):
        header = measures_in(text[head_from:a])
        default = [m for m in d.layout(meta.template or "t2021").split("|") if m]
        ms = header if len(header) == len(default) else default
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        section = _T2_STOP.search(text, b, stop)  # the next 第二十条 section's header
        stop = section.start() if section else stop
        value, v0, v1 = value_text(text, b, stop)
        line = where(a)
        label = re.sub(r"\s+", "", text[a:b])
        rows.append(PrintedRow(d.id, label, f"line {line}", line, kinds_of(ms), text=value))
        tail = value.rstrip()  # 元 after the value text, or as its last unit (6| 251000元)
        yuan = text[v1:v1 + 1] == "元" or (tail.endswith("元") and not tail.endswith("万元"))
        measures[d.id], units[d.id] = ms, "元" if yuan else ""
        head_from = b
    facts, flags = two_facts(rows, measures, units, stated)
    return facts, flags, True
