"""Checks of the 2019/2021 template tables: the sums the template itself implies.

Rules (analysis/vocab/rules.csv): t3_identity, t3_results_sum, t3_applicants_sum, t3_subrows_sum,
t4_block_sum, narrative_vs_table. Conventions: a total that is not printed is not checked; a blank
part counts as zero when another part of the same sum is printed (the Shanghai 2019 tables leave
zeros blank), and is said so in the message; a blank table 三 cell with a `derived` figure (a group
from its sub-rows, a 总计 from its columns) is read through that figure; 不适用 skips the sum.
"""

from __future__ import annotations

import functools

from analysis import vocab
from analysis.model import BLANK, REPORTED, Fact, Flag, Meta

PARTS = ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org")
COLUMNS = PARTS + ("total",)
COL_ZH = dict(zip(COLUMNS, ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
                            "总计"), strict=True))
RESULTS = ("request.result.disclosed", "request.result.partial", "request.result.denied",
           "request.result.unavailable", "request.result.not_processed", "request.result.other")
GROUPS = RESULTS[2:]
BLOCKS = {"review": "行政复议", "litigation_direct": "未经复议直接起诉",
          "litigation_after_review": "复议后起诉"}
OUTCOMES = ("upheld", "corrected", "other", "pending")


@functools.cache
def _severity() -> dict[str, str]:
    return {r["rule"]: r["severity"] for r in vocab.rows("rules.csv")}


class _Facts:
    def __init__(self, facts: list[Fact]):
        self.by: dict[tuple[str, str, str], Fact] = {}
        for f in facts:
            self.by.setdefault((f.indicator, f.breakdown, f.source), f)

    def table(self, ind: str, bd: str) -> Fact | None:
        return self.by.get((ind, bd, "table"))

    def derived(self, ind: str, bd: str, f: Fact | None) -> float | None:
        """The sums the parser used to store as derived facts, now the checks' own convention
        (analysis.figures derives figures from complete parts only): a blank 总计 = its printed
        applicant columns; a group row not printed = its printed or derived sub-rows."""
        if f is not None and bd == "total" and ind.startswith("request."):
            vals = [p.value for p in map(lambda c: self.table(ind, c), PARTS)
                    if p is not None and p.status == REPORTED]
            return sum(vals) if vals else None
        if f is None and ind in GROUPS:
            subs = sorted({i for i, b, src in self.by if i.startswith(ind + ".") and b == bd
                           and src == "table"})
            got = [v for v, how in map(lambda s: self.get(s, bd), subs)
                   if how in ("printed", "derived")]
            return sum(got) if got else None
        return None

    def get(self, ind: str, bd: str) -> tuple[float | None, str]:
        """(value, how) of a cell: printed, derived, blank (None) or absent/不适用 (None, 'skip')."""
        f = self.table(ind, bd)
        d = self.by.get((ind, bd, "derived"))
        if f is not None and f.status == REPORTED:
            return f.value, "printed"
        if d is not None and (f is None or f.status == BLANK):
            return d.value, "derived"
        own = self.derived(ind, bd, f) if f is None or f.status == BLANK else None
        if own is not None:
            return own, "derived"
        if f is not None and f.status == BLANK:
            return None, "blank"
        if f is None and any(k[0].startswith(ind + ".") and k[1] == bd for k in self.by):
            return None, "blank"  # a group whose sub-rows are all blank (no derived figure)
        return None, "skip"


def _sum(parts: list[tuple[float | None, str]]) -> tuple[float | None, bool]:
    """Sum with blanks as zero when some part is printed; (None, _) when it cannot be summed."""
    if any(how == "skip" for _, how in parts) or all(v is None for v, _ in parts):
        return None, False
    return sum(v or 0.0 for v, _ in parts), any(how == "blank" for _, how in parts)


def _flag(rule: str, message: str, indicator: str, expected: float, found: float, location: str,
          blanks: bool) -> Flag:
    note = " (blank cells counted as 0)" if blanks else ""
    return Flag(rule, message + note, severity=_severity().get(rule, "error"), indicator=indicator,
                expected=f"{expected:g}", found=f"{found:g}", location=location)


def _loc(fs: _Facts, ind: str, bd: str, fallback: str) -> str:
    f = fs.table(ind, bd)
    return f.location if f else fallback


def _identity(fs: _Facts) -> list[Flag]:
    out = []
    for col in COLUMNS:
        left, lb = _sum([fs.get("request.new", col), fs.get("request.carried_in", col)])
        right, rb = _sum([fs.get("request.result.total", col), fs.get("request.carried_out", col)])
        if left is not None and right is not None and abs(left - right) > 1e-6:
            out.append(_flag("t3_identity", f"table 三 col {COL_ZH[col]}: 一 + 二 differs from "
                             "(七)总计 + 四", "request.result.total", left, right,
                             f"table 三 rows 一+二 vs (七)总计+四 col {COL_ZH[col]}", lb or rb))
    return out


def _results(fs: _Facts) -> list[Flag]:
    out = []
    for col in COLUMNS:
        total, how = fs.get("request.result.total", col)
        if how != "printed":
            continue
        s, blanks = _sum([fs.get(r, col) for r in RESULTS])
        if s is not None and abs(s - total) > 1e-6:
            out.append(_flag("t3_results_sum", f"table 三 col {COL_ZH[col]}: result rows (一)…(六) "
                             "do not sum to (七)总计", "request.result.total", s, total,
                             _loc(fs, "request.result.total", col, "table 三 row (七)总计"), blanks))
    return out


def _applicants(fs: _Facts) -> list[Flag]:
    out = []
    inds = sorted({ind for ind, _, src in fs.by if src == "table" and ind.startswith("request.")})
    for ind in inds:
        total, how = fs.get(ind, "total")
        if how != "printed":
            continue
        s, blanks = _sum([fs.get(ind, c) for c in PARTS])
        if s is not None and abs(s - total) > 1e-6:
            out.append(_flag("t3_applicants_sum", f"table 三 {ind}: applicant columns do not sum "
                             "to 总计", ind, s, total, _loc(fs, ind, "total", "table 三"), blanks))
    return out


def _subrows(fs: _Facts) -> list[Flag]:
    out = []
    subs_of = {g: sorted({i for i, _, _ in fs.by if i.startswith(g + ".")}) for g in GROUPS}
    for g, subs in subs_of.items():
        for col in COLUMNS:
            f = fs.table(g, col)
            if not subs or f is None or f.status != REPORTED:
                continue
            s, blanks = _sum([fs.get(x, col) for x in subs])
            if s is not None and abs(s - f.value) > 1e-6:
                out.append(_flag("t3_subrows_sum", f"table 三 {g}: sub-rows do not sum to the "
                                 "printed group", g, s, f.value, f.location, blanks))
    return out


def _blocks(fs: _Facts) -> list[Flag]:
    out = []
    for block, zh in BLOCKS.items():
        total, how = fs.get(f"{block}.total", "all")
        if how != "printed":
            continue
        s, blanks = _sum([fs.get(f"{block}.{o}", "all") for o in OUTCOMES])
        if s is not None and abs(s - total) > 1e-6:
            out.append(_flag("t4_block_sum", f"table 四 {zh}: 结果维持+结果纠正+其他结果+尚未审结 "
                             "do not sum to 总计", f"{block}.total", s, total,
                             _loc(fs, f"{block}.total", "all", f"table 四 col {zh} 总计"), blanks))
    return out


def _narrative(facts: list[Fact], fs: _Facts) -> list[Flag]:
    out = []
    for f in facts:
        if f.source != "narrative" or f.status != REPORTED:
            continue
        value, how = fs.get(f.indicator, f.breakdown)
        if how in ("printed", "derived") and abs(value - f.value) > 1e-6:
            where = _loc(fs, f.indicator, f.breakdown, "table")
            out.append(Flag("narrative_vs_table", f"the narrative says {f.raw_label!r}, the table "
                            f"has {value:g}", severity=_severity().get("narrative_vs_table",
                                                                         "warning"),
                            indicator=f.indicator, expected=f"{value:g}", found=f"{f.value:g}",
                            location=f"{f.location} vs {where}"))
    return out


def check(facts: list[Fact], meta: Meta) -> list[Flag]:
    """All template-table flags for one report's facts."""
    fs = _Facts(facts)
    return (_identity(fs) + _results(fs) + _applicants(fs) + _subrows(fs) + _blocks(fs)
            + _narrative(facts, fs))
