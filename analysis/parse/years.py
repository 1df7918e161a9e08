"""What the same agency's neighbouring reports tell about this one's run-together cells.

Running totals link the years: this year's 上年结转 is last year's 结转下年度 (column by column);
a legacy 历年累计 is last year's plus this year's count; a 2021-template 现行有效 count of 规章 or
规范性文件 is last year's plus those made less those repealed. Given the figures of the reports
before and after, `context_facts` states them as facts of their own kind (source `year_before` /
`year_after`): the solver binds cells with them where a report's own arithmetic leaves them open,
never where they contradict it (a constraint nothing satisfies is dropped, as a report's own).
They are constraints only: no such fact reaches the dataset.
"""

from __future__ import annotations

from collections.abc import Mapping

from analysis.model import Fact
from analysis.parse.rowdefs import columns_zh

BEFORE, AFTER = "year_before", "year_after"
STOCKS = ("rules", "normative")  # table 二 rows whose 现行有效 runs on from year to year
Key = tuple[str, str, str]  # (indicator, breakdown, measure)


def _fact(indicator: str, value: float, source: str, *, breakdown: str = "all",
          measure: str = "count", year: int | None = None) -> Fact:
    said = f"the {year} report" if year else source.replace("_", " ")
    return Fact(indicator=indicator, value=value, breakdown=breakdown, measure=measure,
                source=source, raw_label=said, location=said)


def context_facts(before: Mapping[Key, float], after: Mapping[Key, float],
                  year: int | None = None) -> list[Fact]:
    """Constraint facts from the figures of the report a year before and a year after."""
    prev, nxt = (year - 1, year + 1) if year else (None, None)
    out: list[Fact] = []
    for bd, _ in columns_zh():
        if (v := before.get(("request.carried_out", bd, "count"))) is not None:
            out.append(_fact("request.carried_in", v, BEFORE, breakdown=bd, year=prev))
        if (v := after.get(("request.carried_in", bd, "count"))) is not None:
            out.append(_fact("request.carried_out", v, AFTER, breakdown=bd, year=nxt))
    for ind in STOCKS:
        if (v := before.get((ind, "all", "in_force"))) is not None:
            out.append(_fact(ind, v, BEFORE, measure="in_force_before", year=prev))
        got = [after.get((ind, "all", m)) for m in ("in_force", "made", "repealed")]
        if None not in got:
            out.append(_fact(ind, got[0] - got[1] + got[2], AFTER, measure="in_force", year=nxt))
    for (ind, bd, m), v in before.items():
        if m == "cumulative" and bd == "all":
            out.append(_fact(ind, v, BEFORE, measure="cumulative_before", year=prev))
    for (ind, bd, m), v in after.items():
        if m == "cumulative" and bd == "all" and (a := after.get((ind, bd, "annual"))) is not None:
            out.append(_fact(ind, v - a, AFTER, measure="cumulative", year=nxt))
    return out
