"""One template cell -> one Fact (value, status, unit, raw text kept), or an unparsed_value flag."""

from __future__ import annotations

import math
import re

from analysis.model import BLANK, REPORTED, Fact, Flag
from analysis.parse.numbers import parse_cell

_YUAN = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?元$")


def make_fact(indicator: str, raw: str, location: str, label: str, *, breakdown: str = "all",
              measure: str = "count", unit: str = "件") -> tuple[Fact | None, Flag | None]:
    """A fact for a cell. Money is in 万元; a cell printed in 元 (251000元) is converted, raw kept."""
    raw = (raw or "").strip()
    money = unit == "万元"
    s = raw.replace(" ", "")
    yuan = money and bool(_YUAN.match(s))
    cell = parse_cell(s[:-1] if yuan else s, money=money)
    if cell is None:
        flag = Flag("unparsed_value", f"{indicator} ({breakdown}/{measure}): cell is not a number",
                    indicator=indicator, found=raw, location=location)
        return None, flag
    value = cell.value / 10000 if yuan and cell.status == REPORTED else cell.value
    fact = Fact(indicator=indicator, value=value if cell.status == REPORTED else math.nan,
                status=cell.status, breakdown=breakdown, measure=measure, unit=unit,
                raw_label=label, raw_value=raw, location=location)
    return fact, None


def blank(fact: Fact) -> bool:
    return fact.status == BLANK
