"""The summary paragraph of a briefing, written from the figures of one report and its comparison
year: 总量, 同比, 申请办理结果 shares, 复议诉讼 with 纠错率. Sentences are templates in
analysis/vocab/brief_phrases.csv; every number is filled in from the dataset.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from analysis import vocab
from analysis.brief import numfmt
from analysis.brief.keyfigures import Figure, concept_figures, corrected_rate, outcomes
from analysis.dataset.dataset import Dataset

TEMPLATE_ITEMS = ("normative_made", "licensing_decisions", "penalty_decisions",
                  "coercion_decisions")


@functools.cache
def phrases() -> dict[str, str]:
    return {r["key"]: r["text"] for r in vocab.rows("brief_phrases.csv")}


def say(key: str, **values: object) -> str:
    return phrases()[key].format(**values)


@dataclass
class Period:
    """The report being briefed (`year`) and the year it is compared with (`y0`)."""

    ds: Dataset
    agency_id: str
    agency: str
    year: int
    y0: int

    @functools.cached_property
    def now(self) -> dict[str, Figure]:
        return concept_figures(self.ds, self.agency_id, self.year)

    @functools.cached_property
    def before(self) -> dict[str, Figure]:
        return concept_figures(self.ds, self.agency_id, self.y0)

    def _facts(self, year: int) -> pd.DataFrame | None:
        f = self.ds.facts
        mine = f[(f["agency_id"] == self.agency_id) & (f["year"] == year)]
        return mine if len(mine) else None

    @property
    def facts(self) -> pd.DataFrame:
        """The briefed report's facts (for tracing; the numbers come from `now`)."""
        return self._facts(self.year)

    @property
    def has_before(self) -> bool:
        r = self.ds.reports
        return bool(((r["agency_id"] == self.agency_id) & (r["year"] == self.y0)).any())


def compare(p: Period, concept: str) -> str:
    """', 同比增长x%' style clause, or words for why there is no comparison."""
    cur, old = p.now[concept], p.before[concept]
    if not cur.ok:
        return ""
    if old.status == "no_report":
        return ""  # said once, at the end of the paragraph
    if not old.ok:
        return say("cmp_not_number", y0=p.y0, words=numfmt.words(old.status))
    if old.value == 0 and cur.value != 0:  # "，上年为0件", never "同比上年为0"
        before = say("year_before") if p.y0 == p.year - 1 else say("year_y0", y0=p.y0)
        return say("cmp_from_zero", before=before)
    change = numfmt.change(cur.value, old.value)
    if p.y0 == p.year - 1:
        return say("cmp_yoy", change=change)
    return say("cmp_years", y0=p.y0, change=change)


def zero_compare(p: Period, concept: str) -> str:
    """The comparison clause after a zero this year, in words: the earlier year's number, 与上年
    相同 when it was zero too, or why there is no comparison."""
    old = p.before[concept]
    if not old.ok:
        return compare(p, concept)
    before = say("year_before") if p.y0 == p.year - 1 else say("year_y0", y0=p.y0)
    if old.value == 0:
        return say("cmp_zero_same", before=before)
    return say("cmp_zero_was", before=before, n=numfmt.count(old.value))


def proactive(p: Period) -> str:
    total = p.now["proactive_total"]
    if total.ok:
        return say("proactive", year=p.year, agency=p.agency, n=numfmt.count(total.value),
                   cmp=compare(p, "proactive_total"))
    if total.status != "absent":
        return say("proactive_missing", year=p.year, agency=p.agency,
                   words=numfmt.words(total.status))
    items = []
    for concept in TEMPLATE_ITEMS:
        fig = p.now[concept]
        verb = say(f"verb_{concept}")
        if fig.ok:
            items.append(say("template_item", verb=verb, n=numfmt.count(fig.value)))
        elif fig.status != "absent":
            items.append(say("template_item_missing", label=verb.removeprefix("作出") + "数",
                             words=numfmt.words(fig.status)))
    if not items:
        return say("template_none", year=p.year, agency=p.agency)
    return say("template_lead", year=p.year, agency=p.agency, items="，".join(items))


def requests(p: Period) -> str:
    new = p.now["requests_received"]
    if new.status == "absent":
        return ""
    if not new.ok:
        return say("requests_missing", words=numfmt.words(new.status))
    carried = p.now["requests_carried_in"]
    carried_in = say("requests_carried_in", n=numfmt.count(carried.value)) if carried.ok and carried.value else ""
    return say("requests", n=numfmt.count(new.value), cmp=compare(p, "requests_received"),
               carried_in=carried_in)


def outcome_shares(p: Period) -> str:
    parts, total, group = outcomes(p.ds, p.agency_id, p.year)
    if not parts:
        return ""
    if not total.ok:
        return say("outcomes_total_missing", words=numfmt.words(total.status))
    if total.value == 0:
        return say("outcomes_zero")
    texts = []
    for label, fig in parts:
        if fig.ok and fig.value == 0:
            continue  # a reported zero adds nothing to the shares; blanks are still said
        if fig.ok:
            texts.append(say("outcome_part", label=label, n=numfmt.count(fig.value),
                             share=numfmt.pct(fig.value / total.value)))
        else:
            texts.append(say("outcome_part_missing", label=label, words=numfmt.words(fig.status)))
    out = p.now["requests_carried_out"]
    carried_out = say("outcomes_carried_out", n=numfmt.count(out.value)) if out.ok else ""
    key = "outcomes_legacy" if group == "legacy" else "outcomes"
    return say(key, total=numfmt.count(total.value), parts="，".join(texts),
               carried_out=carried_out)


def rate(p: Period, block: str) -> str:
    corrected, base, basis = corrected_rate(p.ds, p.agency_id, p.year, block)
    if not corrected.ok:
        if corrected.status == "absent":
            return ""
        return say("rate_missing", words=numfmt.words(corrected.status))
    if not base.ok or base.value <= 0:
        return say("rate_none_concluded")
    return say("rate", corrected=numfmt.count(corrected.value),
               share=numfmt.pct(corrected.value / base.value),
               basis=say(f"basis_{basis}", n=numfmt.count(base.value)))


# table 四 block -> the crosswalk's concept name (reviews_total, suits_total)
TOTAL_CONCEPT = {"review": "reviews", "litigation": "suits"}


def disputes(p: Period, block: str) -> str:
    """The sentence on 行政复议 (block `review`) or 行政诉讼 (`litigation`)."""
    total = f"{TOTAL_CONCEPT[block]}_total"
    fig = p.now[total]
    if fig.status == "absent":
        return ""
    if not fig.ok:
        return say(f"{block}_missing", words=numfmt.words(fig.status))
    if fig.value == 0:  # "全年未发生…（上年2件）", never "同比下降100.0%"
        return say(f"{block}_zero", cmp=zero_compare(p, total))
    cmp = compare(p, total)
    return say(block, n=numfmt.count(fig.value), cmp=cmp, rate=rate(p, block))


def summary(p: Period) -> str:
    """The whole paragraph; sentences whose figures the report lacks entirely are left out."""
    parts = [proactive(p), requests(p), outcome_shares(p), disputes(p, "review"),
             disputes(p, "litigation")]
    if not p.has_before:
        parts.append(say("no_report", y0=p.y0))
    return "".join(s for s in parts if s)
