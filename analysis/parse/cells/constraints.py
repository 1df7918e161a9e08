"""The arithmetic a template table must obey, as solver constraints (from the template's rows as data).

Table 三: each row's six applicant columns sum to its 总计; per column the result rows sum to (七)总计,
and 一 + 二 = (七) + 四. Table 四: each block of five sums to its 总计. Figures the narrative states
bind the cells they name: 办结 N 件 is (七)总计; 收到 / 受理 N 件 (`request.received`) is 一 + 二 and
办理 N 件 is (七)总计 by the template's words, but some reports use them for 一 and for 一 + 二: each binds
either reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.model import REPORTED, Fact
from analysis.parse.cells import solver
from analysis.parse.rowdefs import defs, sequences

COLUMN_IDS = tuple(d.id for d in sorted(defs("三:column"), key=lambda d: int(d.t2021)))
N_COLS = len(COLUMN_IDS)  # the applicant columns, then 总计 (vocab/template_rows.csv)
TOTAL = N_COLS - 1
FIRST_RESULT, RESULT_TOTAL = "request.result.disclosed", "request.result.total"
IDENTITY = (("request.new", "request.carried_in"), (RESULT_TOTAL, "request.carried_out"))


def result_rows(template: str) -> list[str]:
    """Table 三's result rows that add up to (七)总计, in the template's order."""
    seq = sequences()["t2019" if template == "t2019" else "t2021"]
    return seq[seq.index(FIRST_RESULT):seq.index(RESULT_TOTAL)]


def table_three(present: set[str], template: str, stated: Sequence[Fact] = ()
                ) -> list[solver.Constraint]:
    """The constraints over the table 三 rows in `present` (ids of rows that were printed)."""
    out = [solver.sum_equals(f"{rid}: applicant columns sum to 总计",
                             [(rid, c) for c in range(TOTAL)], (rid, TOTAL)) for rid in present]
    leaves = result_rows(template)
    if RESULT_TOTAL in present and all(r in present for r in leaves):
        out += [solver.sum_equals(f"results sum to (七)总计 col {c}", [(r, c) for r in leaves],
                                  (RESULT_TOTAL, c)) for c in range(N_COLS)]
    (a, b), (x, y) = IDENTITY
    if {a, b, x, y} <= present:
        out += [solver.sums_equal(f"一+二 = (七)+四 col {c}", [(a, c), (b, c)], [(x, c), (y, c)])
                for c in range(N_COLS)]
    for f in stated:
        if f.status != REPORTED or f.breakdown not in COLUMN_IDS:
            continue
        col = COLUMN_IDS.index(f.breakdown)
        if f.indicator == "request.received":  # 收到/受理: 一 + 二, some reports 一 alone
            if {a, b} <= present:
                out.append(either(f"narrative {f.raw_label}", f.value, (a, col),
                                  [(a, col), (b, col)]))
        elif f.indicator == x and f.source == "narrative" and "办结" not in f.raw_label:
            if {x, a, b} <= present:  # 办理: (七)总计, some reports 一 + 二
                out.append(either(f"narrative {f.raw_label}", f.value, (x, col),
                                  [(a, col), (b, col)]))
        elif f.indicator in present:
            out.append(solver.equals(f"{f.source} {f.raw_label}", (f.indicator, col), f.value))
    return out


def either(name: str, value: float, one: tuple[str, int], both: list[tuple[str, int]]
           ) -> solver.Constraint:
    """A narrative count that is the cell `one` or the sum of the cells `both` (收到 N 件 is 一 + 二
    by the template's words and 一 alone in some reports): binds cells without choosing."""
    cells = (one, *[c for c in both if c != one])
    at = {c: k for k, c in enumerate(cells)}

    def test(vals):
        if vals[at[one]] is not None and abs(vals[at[one]] - value) < 1e-6:
            return True
        parts = [vals[at[c]] for c in both]
        return None not in parts and abs(sum(parts) - value) < 1e-6
    return solver.Constraint(name, cells, test)


BLOCKS = ("review", "litigation_direct", "litigation_after_review")


def table_four(stated: Sequence[Fact] = ()) -> list[solver.Constraint]:
    """Table 四 as one row of 15 cells: each block's four results sum to its 总计."""
    out = [solver.sum_equals(f"table 四 {b} sums to 总计", [("四", 5 * k + i) for i in range(4)],
                             ("四", 5 * k + 4)) for k, b in enumerate(BLOCKS)]
    for f in stated:
        if f.status != REPORTED:
            continue
        if f.indicator == "review.total":
            out.append(solver.equals(f"narrative {f.raw_label}", ("四", 4), f.value))
        elif f.indicator == "litigation.total":  # 行政诉讼 N 件: both kinds of suit together
            out.append(solver.total_is(f"narrative {f.raw_label}", [("四", 9), ("四", 14)],
                                       f.value))
    return out


def table_two(rows, measures: dict[str, list[str]], stated: Sequence[Fact] = ()
              ) -> list[solver.Constraint]:
    """Table 二 has no sums of its own: only figures the narrative states bind its cells
    (本年度制发行政规范性文件 62 件, 现行有效规范性文件 698 件)."""
    out = []
    for f in stated:
        ms = measures.get(f.indicator, [])
        if f.status != REPORTED:
            continue
        if f.measure == "in_force_before" and {"in_force", "made", "repealed"} <= set(ms):
            # 现行有效 = last year's + made - repealed
            terms = [((f.indicator, ms.index("in_force")), 1), ((f.indicator, ms.index("made")), -1),
                     ((f.indicator, ms.index("repealed")), 1)]
            out.append(solver.linear(f"{f.raw_label}: in force then + made - repealed", terms,
                                     f.value, none_ok=False))
        elif f.measure in ms:
            out.append(solver.equals(f"{f.source} {f.raw_label}",
                                     (f.indicator, ms.index(f.measure)), f.value))
    return out
