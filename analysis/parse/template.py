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

import math

from analysis.model import REPORTED, Document, Fact, Flag, Meta
from analysis.parse.t_narrative import narrative_facts
from analysis.parse.t_proactive import parse_proactive
from analysis.parse.t_requests import parse_requests
from analysis.parse.t_review import parse_review
from analysis.parse.t_rows import table_stream, text_stream


def _first(streams, parse):
    for rows in streams:
        out = parse(rows)
        if out[2]:
            return out
    return [], [], False


def parse_template(doc: Document, meta: Meta) -> tuple[list[Fact], list[Flag]]:
    """All facts of tables 二, 三, 四 and the narrative figures that the checks compare with them."""
    streams = [table_stream(doc), text_stream(doc)]
    facts: list[Fact] = []
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for rows in streams:  # table 二 may be split: some rows in a grid, the rest only in the text
        f2, fl2 = parse_proactive(rows, meta)
        new = [f for f in f2 if (f.indicator, f.measure) not in seen]
        if new:
            facts, flags = facts + new, flags + (fl2 if not seen else [])
            seen |= {(f.indicator, f.measure) for f in new}
    for name, parse in (("三", parse_requests), ("四", parse_review)):
        f, fl, found = _first(streams, parse)
        facts, flags = facts + f, flags + fl
        if not found:
            flags.append(Flag("no_table", f"table {name} not found in {doc.path}",
                              location=f"table {name}"))
    facts += narrative_facts(doc)
    for f in facts:
        if f.status != REPORTED:
            f.value = math.nan
    return facts, flags
