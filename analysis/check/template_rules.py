"""Checks of the 2019/2021 template tables: the sums the template itself implies.

Rules (analysis/vocab/rules.csv): t3_identity, t3_results_sum, t3_applicants_sum, t3_subrows_sum,
t4_block_sum, narrative_vs_table. Conventions: a total that is not printed is not checked; a blank
part counts as zero when another part of the same sum is printed (the Shanghai 2019 tables leave
zeros blank), and is said so in the message; a group row the template does not print is read
through its sub-rows and a blank 总计 through its applicant columns (the checks sum printed cells
themselves, never derived facts); 不适用 skips the sum.
"""

from __future__ import annotations

import functools

from analysis import vocab
from analysis.model import BLANK, REPORTED, Fact, Flag, Meta
from analysis.parse.narrative.requests import group_columns
from analysis.vocab import short_label

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
    """The report's printed cells, read the way the template's sums need them.

    A group row the template does not print (不予公开 …) is read through its sub-rows, a blank 总计
    through the applicant columns: the checks compute these sums themselves and never rely on
    derived facts."""

    def __init__(self, facts: list[Fact]):
        self.by: dict[tuple[str, str, str], Fact] = {}
        self.measured: dict[tuple[str, str, str], Fact] = {}  # table 二: (indicator, measure, source)
        for f in facts:
            self.by.setdefault((f.indicator, f.breakdown, f.source), f)
            self.measured.setdefault((f.indicator, f.measure, f.source), f)
        self.subs: dict[str, list[str]] = {}
        for ind, _, src in self.by:
            if src == "table" and ind.rsplit(".", 1)[0] in GROUPS:
                self.subs.setdefault(ind.rsplit(".", 1)[0], []).append(ind)
        for g in self.subs:
            self.subs[g] = sorted(set(self.subs[g]))

    def table(self, ind: str, bd: str) -> Fact | None:
        return self.by.get((ind, bd, "table"))

    def get(self, ind: str, bd: str) -> tuple[float | None, str]:
        """(value, how) of a cell: printed, derived (a sum of printed cells, blanks as 0), derived
        with blank parts counted as 0 ("derived_blanks"), blank (None) or absent/不适用 (skip)."""
        f = self.table(ind, bd)
        if f is not None and f.status == REPORTED:
            return f.value, "printed"
        if f is not None and (f.status != BLANK or f.raw_value):
            return None, "skip"  # 不适用, or digits that could not be read as cells (unknown)
        parts: list[tuple[float | None, str]] = []
        if ind in self.subs:
            parts = [self.get(s, bd) for s in self.subs[ind]]
        elif bd == "total" and f is not None and ind.startswith("request."):
            parts = [self.get(ind, c) for c in PARTS]
        if any(how == "skip" for _, how in parts):
            return None, "skip"  # a part not known (unresolved, 不适用): the sum is not known
        value, blanks = _sum(parts) if parts else (None, False)
        if value is not None:
            return value, "derived_blanks" if blanks else "derived"
        return (None, "blank") if f is not None or parts else (None, "skip")


def _sum(parts: list[tuple[float | None, str]]) -> tuple[float | None, bool]:
    """Sum with blanks as zero when some part is printed; (None, _) when it cannot be summed."""
    if any(how == "skip" for _, how in parts) or all(v is None for v, _ in parts):
        return None, False
    blanks = any(how in ("blank", "derived_blanks") for _, how in parts)
    return sum(v or 0.0 for v, _ in parts), blanks


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


# What a narrative figure means in table 三's rows (summed, per applicant column), and what else it
# may be quoting. 受理/收到 N 件 (`request.received`) is 一 + 二 by the template's words; some reports
# say 收到 for 一 alone. 办理 N 件 is (七)总计; some reports say it for 一 + 二.
_NEW, _IN, _DONE = ("request.new",), ("request.new", "request.carried_in"), ("request.result.total",)
_MEANS = {"request.received": ("一+二 (新收+上年结转)", _IN)}
_ALSO = {"request.new": (("一+二 (新收+上年结转)", _IN), ("(七)总计", _DONE),
                         ("(七)总计+四", ("request.result.total", "request.carried_out"))),
         "request.received": (("一 (新收)", _NEW),),
         "request.result.total": (("一+二 (新收+上年结转)", _IN),)}
_SUMS = {"litigation.total": ("litigation_direct.total", "litigation_after_review.total")}


def _rows_sum(fs: _Facts, rows: tuple[str, ...], bd: str) -> float | None:
    """Table 三's rows summed in one applicant column, or in the columns a group names
    (法人或其他组织: the five organisation columns)."""
    cols = group_columns().get(bd, (bd,))
    s, _ = _sum([fs.get(r, c) for r in rows for c in cols])
    return s


def _table_value(fs: _Facts, f: Fact) -> tuple[float | None, str]:
    """The table's figure for a narrative fact's key on the fact's meaning (table 二 by measure;
    sums where the narrative names a whole the table splits or what two rows add up to)."""
    if f.indicator in _SUMS:
        s, _ = _sum([fs.get(i, "all") for i in _SUMS[f.indicator]])
        return s, " + ".join(_SUMS[f.indicator])
    if f.indicator in _MEANS or f.breakdown in group_columns():
        name, rows = _MEANS.get(f.indicator, (f.indicator, (f.indicator,)))
        col = COL_ZH.get(f.breakdown) or short_label(f.breakdown)
        return _rows_sum(fs, rows, f.breakdown), f"table 三 {name} col {col}"
    if f.measure not in ("count", "annual"):
        t = fs.measured.get((f.indicator, f.measure, "table"))
        ok = t is not None and t.status == REPORTED
        return (t.value, t.location) if ok else (None, "")
    value, how = fs.get(f.indicator, f.breakdown)
    ok = how in ("printed", "derived", "derived_blanks")
    return (value, _loc(fs, f.indicator, f.breakdown, "table")) if ok else (None, "")


def _narrative(facts: list[Fact], fs: _Facts) -> list[Flag]:
    """A narrative figure against the table on the figure's own meaning: equal (no flag), equal
    to another table figure it may be quoting (info: says which and both values), or a real
    disagreement (warning: both values)."""
    out = []
    for f in facts:
        if f.source != "narrative" or f.status != REPORTED:
            continue
        value, where = _table_value(fs, f)
        if value is None or abs(value - f.value) <= 1e-6:
            continue
        meant = _MEANS.get(f.indicator, ("",))[0]
        said = f"table 三's {meant} ({value:g})" if meant else f"the table's figure ({value:g})"
        for name, parts in _ALSO.get(f.indicator, ()):
            other = _rows_sum(fs, parts, f.breakdown)
            if other is not None and abs(other - f.value) <= 1e-6:
                out.append(Flag("narrative_quotes_other", f"the narrative's {f.raw_label!r} "
                                f"({f.value:g}) is table 三's {name} ({other:g}), not {said}: not an "
                                "error",
                                severity=_severity().get("narrative_quotes_other", "info"),
                                indicator=f.indicator, expected=f"{value:g}", found=f"{f.value:g}",
                                location=f"{f.location} vs {where}"))
                break
        else:
            out.append(Flag("narrative_vs_table", f"the narrative says {f.raw_label!r} "
                            f"({f.value:g}), {said} differs", severity=_severity().get(
                                "narrative_vs_table", "warning"),
                            indicator=f.indicator, expected=f"{value:g}", found=f"{f.value:g}",
                            location=f"{f.location} vs {where}"))
    return out


def check(facts: list[Fact], meta: Meta) -> list[Flag]:
    """All template-table flags for one report's facts."""
    fs = _Facts(facts)
    return (_identity(fs) + _results(fs) + _applicants(fs) + _subrows(fs) + _blocks(fs)
            + _narrative(facts, fs))
