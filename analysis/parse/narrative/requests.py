"""Who asked: the applicant split a template-era narrative gives of a request count.

    全县全年共受理政府信息公开申请520件，其中自然人申请511件，法人或其他组织申请9件
    全区收到政府信息公开申请75件，涉及自然人72件、商业企业3件

The split belongs to the figure it follows and has that figure's meaning: the parts of what was
received (受理/收到 = 新收 + 上年结转) are `request.received` breakdowns, the parts of 新收 are
`request.new` ones. The labels are table 三's applicant columns (vocab/template_rows.csv) and the
groups the prose names instead (法人或其他组织 = the five organisation columns together:
vocab/applicant_groups.csv).
"""

from __future__ import annotations

import functools
import re

from analysis import vocab
from analysis.parse.rowdefs import columns_zh

SPLIT_OF = ("request.received", "request.new")  # the counts an applicant split may follow


@functools.cache
def applicant_labels() -> dict[str, str]:
    """Applicant label as printed -> breakdown id: table 三's columns, then the prose's groups."""
    out = {label: bd for bd, label in columns_zh() if bd != "total"}
    out.update({r["label"]: r["breakdown"] for r in vocab.rows("applicant_groups.csv")})
    return out


@functools.cache
def group_columns() -> dict[str, tuple[str, ...]]:
    """A group breakdown the prose names -> the table 三 columns it adds up."""
    return {r["breakdown"]: tuple(r["columns"].split("|")) for r in vocab.rows("applicant_groups.csv")}


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A list of two or more applicant items right after a count, and one item of it."""
    names = "|".join(re.escape(lbl) for lbl in sorted(applicant_labels(), key=len, reverse=True))
    item = rf"(?:{names})(?:提出(?:的)?)?(?:申请)?(?:共)?\s*\d[\d,]*\s*件"
    listed = re.compile(rf"\s*[,(;]?\s*(?:其中|涉及|包括)?\s*[:]?\s*((?:{item}[、,;]?\s*){{2,}})")
    return listed, re.compile(rf"({names})(?:提出(?:的)?)?(?:申请)?(?:共)?\s*(\d[\d,]*)\s*件")


def applicant_split(text: str, start: int) -> list[tuple[str, float, int, str]]:
    """(breakdown, value, position, raw) of each applicant item listed at `start` (right after
    a stated count); [] when no list of two or more follows there."""
    listed, item = _patterns()
    m = listed.match(text, start)
    if not m:
        return []
    labels = applicant_labels()
    return [(labels[p.group(1)], float(p.group(2).replace(",", "")), m.start(1) + p.start(),
             p.group(0)) for p in item.finditer(m.group(1))]
