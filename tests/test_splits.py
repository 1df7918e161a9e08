"""The summed splitter prunes: it must keep exactly the readings of the plain splitter that add up."""

from __future__ import annotations

import random

from analysis.parse.cells.splits import COUNT, split_row, split_summed


def _adds_up(cells: tuple[str, ...], groups: list[tuple[int, int]]) -> bool:
    return all(sum(int(c) for c in cells[a:b - 1]) == int(cells[b - 1]) for a, b in groups)


def test_summed_readings_are_the_plain_readings_that_add_up():
    rng = random.Random(5)
    for case in range(300):
        n = 15 if case % 10 == 0 else rng.choice([3, 5, 7])  # table 四: three blocks of five
        groups = [(0, n)] if n != 15 else [(0, 5), (5, 10), (10, 15)]
        vals = [rng.choice([0, 0, 1, 2, 5, 12, 80, 137]) for _ in range(n)]
        for a, b in groups:
            vals[b - 1] = sum(vals[a:b - 1])
        toks, cur = [], ""
        for v in vals:  # cells run together at random, as a flattened page prints them
            cur += str(v)
            if rng.random() < (0.7 if n == 15 else 0.3):
                toks, cur = toks + [cur], ""
        toks += [cur] if cur else []
        kinds = (COUNT,) * n
        plain = split_row(toks, kinds, limit=10**6, budget=10**8)
        summed = split_summed(toks, kinds, groups, limit=10**6, budget=10**8)
        assert not plain.capped and not summed.capped
        assert sorted(summed.options) == sorted(o for o in plain.options if _adds_up(o, groups))
        assert tuple(str(v) for v in vals) in summed.options
