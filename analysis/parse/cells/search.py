"""The search behind `solver`: per constraint, the readings that take part in a satisfying
combination (sums by dynamic programming over partial sums), propagated to a fixed point, then a
bounded joint search. `solve` is the entry point; the terms are in `analysis.parse.cells.solver`."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from analysis.parse.cells.solver import Constraint, Row, Solution

MAX_COMBINATIONS = 100_000
MAX_NODES = 200_000
MAX_SUMS = 20_000  # distinct partial sums a linear constraint may reach before it is let go
SMALL = 64  # below this many combinations, enumerate them


class _Problem:
    def __init__(self, rows: dict[str, Row], constraints: list[Constraint]):
        self.rows = rows
        self.constraints = [c for c in constraints if all(k in rows for k in c.rows)]
        self.values = {k: [r.values(i) for i in range(len(r.readings))] for k, r in rows.items()}
        self.sums = {k: [r.values(i, in_sum=True) for i in range(len(r.readings))]
                     for k, r in rows.items()}

    def ok(self, c: Constraint, choice: dict[str, int]) -> bool:
        vals = self.sums if c.linear else self.values
        return c.test([vals[k][choice[k]][col] for k, col in c.cells])

    def combos(self, c: Constraint, domains: dict[str, list[int]]):
        keys = c.rows
        for picks in itertools.product(*(domains[k] for k in keys)):
            yield dict(zip(keys, picks, strict=True))

    def size(self, c: Constraint, domains: dict[str, list[int]]) -> int:
        return math.prod(len(domains[k]) for k in c.rows)

    def supported(self, c: Constraint, domains: dict[str, list[int]]) -> dict[str, set[int]]:
        """Per row of `c`, the readings that take part in some combination satisfying `c`."""
        if c.linear and self.size(c, domains) > SMALL:
            got = _linear_support(self, c, domains)
            if got is not None:
                return got
        seen: dict[str, set[int]] = {k: set() for k in c.rows}
        for choice in self.combos(c, domains):
            if self.ok(c, choice):
                for k, i in choice.items():
                    seen[k].add(i)
        return seen


SCALE = 10 ** 6  # cells have at most six decimals: sums are exact in integers


def _contributions(p: _Problem, c: Constraint, domains: dict[str, list[int]]
                   ) -> list[dict[int, int | None]]:
    """Per row of a linear constraint, each reading's share of sum(coef * cell), scaled to an
    integer (None when a cell of it is not a number)."""
    coefs = c.linear[0]
    out = []
    for k in c.rows:
        terms = [(coefs[i], col) for i, (kk, col) in enumerate(c.cells) if kk == k]
        per: dict[int, int | None] = {}
        for r in domains[k]:
            vals = p.sums[k][r]
            total: float | None = 0.0
            for coef, col in terms:
                v = vals[col]
                if v is None:
                    total = None
                    break
                total += coef * v
            per[r] = None if total is None else round(total * SCALE)
        out.append(per)
    return out


def _reach(shares: list[list[int]], target: int) -> list[set[int]] | None:
    """Partial sums reachable by the rows before each position that can still end at `target`
    (the rows after it bound what they can add); None past MAX_SUMS."""
    n = len(shares)
    lo, hi = [0] * (n + 1), [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        lo[i] = lo[i + 1] + (min(shares[i]) if shares[i] else 0)
        hi[i] = hi[i + 1] + (max(shares[i]) if shares[i] else 0)
    states = [{0}]
    for i, opts in enumerate(shares):
        low, high = target - hi[i + 1], target - lo[i + 1]
        nxt = {s + c for s in states[-1] for c in opts if low <= s + c <= high}
        if len(nxt) > MAX_SUMS:
            return None
        states.append(nxt)
    return states


def _linear_support(p: _Problem, c: Constraint, domains: dict[str, list[int]]
                    ) -> dict[str, set[int]] | None:
    """Supported readings of a linear constraint through reachable sums, forwards and
    backwards: linear in the rows, not exponential. A reading with a not-applicable cell
    satisfies a constraint that allows it (`none_ok`) and makes every other reading of the
    other rows supported too. None when the sums grow too many."""
    _, target, none_ok = c.linear
    contrib = _contributions(p, c, domains)
    if none_ok and any(None in per.values() for per in contrib):
        return {k: {r for r in domains[k]} for k in c.rows}  # some combination is unknowable
    goal = round(target * SCALE)
    shares = [sorted({v for v in per.values() if v is not None}) for per in contrib]
    fwd = _reach(shares, goal)
    bwd = _reach(shares[::-1], goal)
    if fwd is None or bwd is None:
        return None
    n = len(shares)
    out: dict[str, set[int]] = {}
    for i, k in enumerate(c.rows):
        before, after = fwd[i], bwd[n - 1 - i]
        ok_shares = {share for share in shares[i]
                     if any(goal - s - share in after for s in before)}
        out[k] = {r for r, share in contrib[i].items() if share in ok_shares}
    return out


def _propagate(p: _Problem, cons: list[Constraint], domains: dict[str, list[int]]) -> bool:
    """Prune readings no satisfying combination uses, to a fixed point; False on a wipe-out."""
    changed = True
    while changed:
        changed = False
        for c in cons:
            size = p.size(c, domains)
            if size == 1 or (size > MAX_COMBINATIONS and not c.linear):
                continue
            for k, keep in p.supported(c, domains).items():
                if len(keep) < len(domains[k]):
                    domains[k] = [i for i in domains[k] if i in keep]
                    changed = True
                    if not keep:
                        return False
    return True


def _search(p: _Problem, cons: list[Constraint], domains: dict[str, list[int]]
            ) -> tuple[list[dict[str, int]], bool]:
    """All joint choices satisfying `cons` (bounded); (solutions, complete). Only rows that
    constraints tie to other rows are searched: a row on its own is settled by propagation."""
    cons = [c for c in cons if len(c.rows) > 1]  # single-row ones hold after propagation
    linked = {k for c in cons for k in c.rows}
    order = sorted((k for k in domains if len(domains[k]) > 1 and k in linked),
                   key=lambda k: len(domains[k]))
    fixed = {k: d[0] for k, d in domains.items() if len(d) == 1}
    by_last: dict[str, list[Constraint]] = {}
    rank = {k: i for i, k in enumerate(order)}
    for c in cons:
        free = [k for k in c.rows if k in rank]
        last = max(free, key=rank.__getitem__) if free else None
        by_last.setdefault(last or "", []).append(c)
    if not all(p.ok(c, fixed) for c in by_last.get("", [])):
        return [], True
    out: list[dict[str, int]] = []
    nodes = 0

    def walk(i: int, choice: dict[str, int]) -> bool:
        nonlocal nodes
        if i == len(order):
            out.append(dict(choice))
            return len(out) < 1000
        k = order[i]
        for r in domains[k]:
            nodes += 1
            if nodes > MAX_NODES:
                return False
            choice[k] = r
            if all(p.ok(c, choice) for c in by_last.get(k, [])) and not walk(i + 1, choice):
                return False
        choice.pop(k, None)
        return True

    complete = walk(0, dict(fixed))
    return out, complete


def _fits(p: _Problem, c: Constraint, domains: dict[str, list[int]]) -> bool | None:
    """Whether some combination of readings satisfies `c`; None when that is too costly to
    know."""
    if c.linear and p.size(c, domains) > SMALL:
        got = _linear_support(p, c, domains)
        if got is not None:
            return all(got.values())
    if p.size(c, domains) > MAX_COMBINATIONS:
        return None
    return any(p.ok(c, ch) for ch in p.combos(c, domains))


def solve(rows: Sequence[Row], constraints: Sequence[Constraint]) -> Solution:
    """The readings of `rows` that `constraints` allow (see the module docstring)."""
    p = _Problem({r.key: r for r in rows}, list(constraints))
    domains = {k: list(range(len(r.readings))) for k, r in p.rows.items()}
    capped = any(r.capped for r in rows)
    kept, violated, unused = [], [], []
    for c in p.constraints:
        if not all(domains[k] for k in c.rows):
            continue  # an unreadable row: the constraint cannot tell anything
        fits = _fits(p, c, domains)
        if fits is None:
            unused.append(c.name)
        elif fits:
            kept.append(c)
        else:
            violated.append(c.name)
    local = [c for c in kept if len(c.rows) == 1]
    base = {k: list(d) for k, d in domains.items()}
    _propagate(p, local, base)  # single-row constraints alone are each satisfiable: no wipe-out
    work = {k: list(d) for k, d in base.items()}
    conflict = not _propagate(p, kept, work)
    if not conflict:
        solutions, complete = _search(p, kept, work)
        conflict = complete and not solutions
        if solutions and complete:
            work = {k: sorted({s[k] for s in solutions}) if k in solutions[0] else d
                    for k, d in work.items()}
        capped = capped or not complete
    final = base if conflict else work
    readings = {k: [p.rows[k].readings[i] for i in final[k]] for k in final}
    return Solution(readings, used=[c.name for c in kept], violated=violated, unused=unused,
                    conflict=conflict, capped=capped,
                    incomplete={r.key for r in rows if r.capped})
