"""Tables 二, 三 and 四 of the 2019 trial and 2021 national templates -> facts and flags.

Each table is looked for first in the document's grid tables (PDF table finding, HTML), then, where
it is not there, in the text lines (Markdown pipe tables, converted or plain text). Blank cells stay
`blank` (NaN, raw_value ""): in the Shanghai 2019 HTML blanks stand for zero in the applicant columns
but not in the 总计 column of result rows (予以公开 258+12+1+1 with 总计 blank), so they are not
turned into zeros here; the checks count a blank part as zero when other parts are printed.
Figures the table does not print (a group row, a blank 总计) are not made here: analysis.figures
derives them, from complete parts only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from analysis.model import REPORTED, UNRESOLVED, Document, Fact, Flag, Meta
from analysis.parse.cells.constraints import COLUMN_IDS
from analysis.parse.narrative.stated import narrative_facts
from analysis.parse.rowdefs import defs
from analysis.parse.template import joined
from analysis.parse.template.apart import ORDER_UNKNOWN
from analysis.parse.template.colmajor import column_rows
from analysis.parse.template.rows import table_stream, text_stream
from analysis.parse.template.stream import review_stream, stream_rows
from analysis.parse.template.table2 import parse_proactive
from analysis.parse.template.table3 import parse_requests, three_facts
from analysis.parse.template.table4 import parse_review, review_facts


def _first(streams, parse):
    for rows in streams:
        out = parse(rows)
        if out[2]:
            return out
    return [], [], False


_TROUBLE = ("table_unaligned", "truncated_table", "ambiguous_cells", "rows_missing")


def _in_trouble(found: bool, flags: list[Flag]) -> bool:
    """A table's reading that another reading may replace: none, or one its flags say is unsure."""
    return not found or any(x.rule in (*_TROUBLE, ORDER_UNKNOWN) for x in flags)


def _reported(facts: list[Fact]) -> int:
    return sum(f.status == REPORTED for f in facts)


def _better(first: tuple, joined: tuple) -> tuple:
    """The run-on reading of a table replaces the row reading when that one is missing or in
    trouble (unaligned, truncated rows) and the run-on one settles more cells, or as many and
    accounts for more of them (unresolved, with the flag saying why, rather than absent)."""
    f, fl, found = first
    if found and not any(x.rule in _TROUBLE for x in fl):
        return first
    if any(x.rule == ORDER_UNKNOWN for x in fl):  # run-on text puts numbers after labels too:
        return first                              # it is one of the two readings already had
    # more cells with a number first; then more cells said printed (unresolved) than left out:
    # a row of run-together digits whose sums fail is 15 cells 待核, not a table with no cells
    def covered(facts: list[Fact]) -> tuple[int, int]:
        return _reported(facts), len(facts)
    return joined if joined[2] and covered(joined[0]) > covered(f) else first


class _Streams:
    """The document's rows as grid tables, then as text lines: each built once, when first
    needed (most reports' tables are read from the first)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._built: list[list] = []

    def __iter__(self):
        for k, make in enumerate((table_stream, text_stream)):
            if len(self._built) <= k:
                self._built.append(make(self.doc))
            yield self._built[k]


@functools.cache
def _table_two(template: str) -> frozenset[tuple[str, str]]:
    """Every (row, measure) of table 二 in the template."""
    return frozenset((d.id, m) for d in defs("二:row") for m in d.layout(template).split("|") if m)


def _by_columns(got: tuple, doc: Document, template: str, stated) -> tuple:
    """Table 三 read from a text that prints it column by column (`colmajor`), in place of a
    reading in trouble when it reports more cells; its applicant cells the arithmetic leaves
    open are unresolved."""
    laid = column_rows(doc.lines, template)
    if laid is None:
        return got
    rows, unsure, flag = laid
    facts, flags, found = parse_requests(rows, template, stated)
    columns = {c: i for i, c in enumerate(COLUMN_IDS)}
    for f in facts:
        if (f.indicator, columns.get(f.breakdown)) in unsure and f.status == REPORTED:
            f.status, f.value = UNRESOLVED, math.nan
            f.location += " (unresolved: its column is not fixed by the text)"
    if not found or _reported(facts) <= _reported(got[0]):
        return got
    return facts, flags + [flag], True


def _by_stream(name: str, got: tuple, doc: Document, template: str, stated) -> tuple:
    """Table 三 or 四 read from its numbers in the template's order (`stream`), in place of a
    reading in trouble when it reports more cells and agrees with every cell that reading
    reported."""
    if name == "三":
        laid = stream_rows(doc.lines, template)
        facts, flags = three_facts(laid[0], template, stated) if laid else ([], [])
    else:
        laid = review_stream(doc.lines)
        facts, flags = review_facts(laid[0], stated) if laid else ([], [])
    if laid is None:
        return got
    mine = {(f.indicator, f.breakdown): f.value for f in facts if f.status == REPORTED}
    theirs = [f for f in got[0] if f.status == REPORTED]
    if _reported(facts) <= _reported(got[0]) or any(
            mine.get((f.indicator, f.breakdown)) != f.value for f in theirs):
        return got
    return facts, flags + [laid[1]], True


def parse_template(doc: Document, meta: Meta, context: Sequence[Fact] = ()
                   ) -> tuple[list[Fact], list[Flag]]:
    """All facts of tables 二, 三, 四 and the narrative figures that the checks compare with them.

    Each table is read from the document's grid tables, else its text lines, else (a page
    flattened to text) from the run-on text through the template's labels and arithmetic; the
    narrative's figures bind run-together cells where the arithmetic alone cannot, and so do
    the neighbouring years' figures in `context` (`analysis.parse.years`)."""
    narrated, notes = narrative_facts(doc, template=True)
    stated = narrated + list(context)
    streams = _Streams(doc)
    facts: list[Fact] = []
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    whole = _table_two(meta.template)
    for rows in streams:  # table 二 may be split: some rows in a grid, the rest only in the text
        f2, fl2 = parse_proactive(rows, meta, stated)
        new = [f for f in f2 if (f.indicator, f.measure) not in seen]
        read = {i for i, _ in seen}
        flags += [x for x in fl2 if x.indicator not in read and x not in flags]
        if new:
            facts = facts + new
            seen |= {(f.indicator, f.measure) for f in new}
        if whole <= seen:
            break  # every cell of table 二 read: the text has no more of it
    if not whole <= seen:  # rows not read as rows: a flattened page (around a pipe table)
        f2, fl2, _ = joined.proactive(doc.text, meta, stated)
        # where some rows were read, the run-on reading only adds rows the rows left untouched
        # (neither a fact nor a flag): a row found ambiguous stays so
        touched = {i for i, _ in seen} | {x.indicator for x in flags} if seen else set()
        facts += [f for f in f2 if f.indicator not in touched]
        flags += [x for x in fl2 if x.indicator not in touched]
    requests = functools.partial(parse_requests, template=meta.template, stated=stated)
    for name, parse, runon in (("三", requests, lambda: joined.requests(doc.text, meta, stated)),
                               ("四", functools.partial(parse_review, stated=stated),
                                lambda: joined.review(doc.text, stated))):
        first = _first(streams, parse)
        f, fl, found = _better(first, runon()) if not first[2] or any(
            x.rule in _TROUBLE for x in first[1]) else first
        if name == "三" and _in_trouble(found, fl):
            f, fl, found = _by_columns((f, fl, found), doc, meta.template, stated)
        if _in_trouble(found, fl):
            f, fl, found = _by_stream(name, (f, fl, found), doc, meta.template, stated)
        facts, flags = facts + f, flags + fl
        if not found:
            flags.append(Flag("no_table", f"table {name} not found in {doc.path}",
                              location=f"table {name}"))
    facts += narrated
    flags += notes
    for f in facts:
        if f.status != REPORTED:
            f.value = math.nan
    return facts, flags
