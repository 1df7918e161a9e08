"""Checks on one legacy report: channels vs total, categories vs total, narrative vs table,
cumulative >= annual. Each flag says what was expected and what was found."""

from __future__ import annotations

import math
from dataclasses import replace

from analysis.model import REPORTED, Fact, Flag

TOL = 0.5


def _index(facts: list[Fact], source: str) -> dict[tuple[str, str], Fact]:
    return {(f.indicator, f.measure): f for f in facts if f.source == source and f.status == REPORTED}


def _fmt(x: float) -> str:
    return f"{x:g}"


def _sum_rule(rule: str, parts: list[Fact], total: Fact, what: str) -> Flag | None:
    found = sum(p.value for p in parts)
    if abs(found - total.value) <= TOL:
        return None
    names = ", ".join(f"{p.indicator.rsplit('.', 1)[-1]} {_fmt(p.value)}" for p in parts)
    return Flag(rule, f"{what} ({total.measure}) sum to {_fmt(found)}, total is {_fmt(total.value)}: "
                f"{names}", indicator=total.indicator, expected=_fmt(total.value),
                found=_fmt(found), location=total.location)


def check_sums(facts: list[Fact]) -> list[Flag]:
    """Channels against the total they break down, per measure, flagging only what is an error
    whatever the table leaves out: a document can go out through several channels, so a proactive
    channel may not exceed the total but the channels may add up to more or less; a request
    comes through one channel, so request channels may not add up to more than the requests, nor
    to less when the table prints an 其他 (other) channel and so claims to list them all."""
    flags: list[Flag] = []
    table = _index(facts, "table")
    for measure in ("cumulative", "annual"):
        total = table.get(("proactive.total", measure))
        for (i, m), f in table.items():
            if total and m == measure and i.startswith("proactive.channel.") and \
                    f.value > total.value + TOL:
                flags.append(Flag("channels_vs_total", f"proactive channel {i.rsplit('.', 1)[1]} "
                                  f"({measure}) {_fmt(f.value)} exceeds the total "
                                  f"{_fmt(total.value)}", indicator="proactive.total",
                                  expected=f"<= {_fmt(total.value)}", found=_fmt(f.value),
                                  location=f.location))
        parts = [f for (i, m), f in table.items() if i.startswith("request.channel.") and m == measure]
        received = table.get(("request.received", measure))
        if parts and received:
            found = sum(p.value for p in parts)
            complete = any(p.indicator == "request.channel.other" for p in parts)
            if found > received.value + TOL or (complete and found < received.value - TOL):
                flags.append(_sum_rule("channels_vs_total", parts, received, "request channels"))
    return flags


def check_categories(facts: list[Fact], complete: bool = True) -> list[Flag]:
    """The narrative's content categories vs the total they break down (any era). An incomplete
    list (no 其他 item, unknown labels) is checked only for the impossible: parts above the total."""
    flags: list[Flag] = []
    table, narr = _index(facts, "table"), _index(facts, "narrative")
    for measure in ("cumulative", "annual"):
        cats = [f for (i, m), f in narr.items() if i.startswith("proactive.category.") and m == measure]
        total = narr.get(("proactive.total", measure)) or table.get(("proactive.total", measure))
        if not cats or not total:
            continue
        over = sum(f.value for f in cats) > total.value + TOL
        if (complete or over) and (flag := _sum_rule("categories_vs_total", cats, total,
                                                      "narrative categories")):
            flags.append(flag)
    return flags


def category_numbers(flags: list[Flag], facts: list[Fact]) -> list[Flag]:
    """`flags` with each `categories_incomplete` flag saying its numbers: expected = the total the
    list breaks down, found = the items' sum and the items summed (the reader judges the list)."""
    table, narr = _index(facts, "table"), _index(facts, "narrative")
    out = []
    for fl in flags:
        for measure in ("annual", "cumulative") if fl.rule == "categories_incomplete" else ():
            cats = [f for (i, m), f in narr.items()
                    if i.startswith("proactive.category.") and m == measure]
            total = narr.get(("proactive.total", measure)) or table.get(("proactive.total", measure))
            if cats and total:
                items = " + ".join(f"{f.raw_label or f.indicator}" for f in cats)
                fl = replace(fl, expected=_fmt(total.value),
                             found=f"{_fmt(sum(f.value for f in cats))} = {items}"[:300])
                break
        out.append(fl)
    return out


def check_narrative(facts: list[Fact]) -> list[Flag]:
    """A narrative figure that differs from the table; says which table figure it equals instead."""
    flags: list[Flag] = []
    table, narr = _index(facts, "table"), _index(facts, "narrative")
    for (ind, measure), nf in narr.items():
        tf = table.get((ind, measure))
        if tf is None or abs(tf.value - nf.value) <= TOL:
            continue
        same = [f.indicator for (i, m), f in table.items() if m == measure and i != ind
                and abs(f.value - nf.value) <= TOL]
        hint = f"; it equals the table's {', '.join(same)}" if same else ""
        flags.append(Flag("narrative_vs_table", f"narrative says {_fmt(nf.value)} for {ind} "
                          f"({measure}), the table {_fmt(tf.value)}{hint}", indicator=ind,
                          expected=_fmt(tf.value), found=_fmt(nf.value),
                          location=f"{nf.location} vs {tf.location}"))
    return flags


def check_cumulative(facts: list[Fact]) -> list[Flag]:
    flags = []
    table = _index(facts, "table")
    for (ind, measure), annual in table.items():
        if measure != "annual":
            continue
        cum = table.get((ind, "cumulative"))
        if cum is not None and not math.isnan(cum.value) and cum.value + TOL < annual.value:
            flags.append(Flag("cumulative_lt_annual", f"{ind}: cumulative {_fmt(cum.value)} < "
                              f"annual {_fmt(annual.value)}", severity="error", indicator=ind,
                              expected=f">= {_fmt(annual.value)}", found=_fmt(cum.value),
                              location=cum.location))
    return flags


def check(facts: list[Fact]) -> list[Flag]:
    """The legacy table checks (the category check is `check_categories`, for both eras)."""
    return check_sums(facts) + check_narrative(facts) + check_cumulative(facts)
