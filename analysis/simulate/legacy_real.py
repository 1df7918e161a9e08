"""A pre-2019 report with the real-file kinds: the Fujian table, narrative phrased as real reports
phrase it, and the errors real reports contain.

Errors (the `errors` kind; each expects the flag a correct parser raises):
- narrative_total: the narrative's 主动公开 total is not the table's (1913 against 739);
- narrative_channels: the narrative names two request channels with each other's figures;
- restart: the cumulative starts again below last year's (10037 after 85376), later years going on
  from it (cumulative_decreased, a check across years);
- categories_off: a category list that ends with 其他 misses its total by a few (2603 against 2602).
Without `errors`, an inconsistent report gets one of the classic kinds of legacy.py.
"""

from __future__ import annotations

import random
import zlib

from analysis.simulate import fujian, prose
from analysis.simulate.cells import Printer
from analysis.simulate.doc import SimDoc, Story
from analysis.simulate.draws import Figures
from analysis.simulate.legacy import (
    CATEGORIES_WHY,
    CHANNELS_WHY,
    classic,
    drawn_categories,
    legacy_tables,
    top_channel,
    yoy,
)
from analysis.simulate.narrative import (
    INTRO,
    PROBLEMS,
    cn_date,
    legacy_paragraphs,
    title_for,
    truth,
)
from analysis.simulate.noise import SITE_SENTENCE, names
from analysis.simulate.region import Agency


def _pair(v: dict) -> tuple[str, str] | None:
    """Two request channels with different figures, the first non-zero (to swap in the prose)."""
    chans = sorted((k for k in v if k.startswith("request.channel.")), key=lambda k: -v[k])
    if not chans or not v[chans[0]]:
        return None
    other = next((k for k in chans[1:] if v[k] != v[chans[0]]), None)
    return (chans[0], other) if other else None


def _kind(doc: SimDoc, drawn, v: dict, cum: dict, story: Story, rng: random.Random) -> str:
    """The error this report carries ('' when consistent)."""
    if not drawn.inconsistent:
        return ""
    total = v["proactive.total"]
    new = ["narrative_total"] if total >= 4 else []
    if drawn.prose:
        new += (["narrative_channels"] if _pair(v) else []) + (
            ["categories_off"] if total >= 10 else [])
    prev = story.prev_cum
    if drawn.fujian and story.prev_year == doc.year - 1 and prev and prev > total + 2:
        new.append("restart")
    if drawn.errors and new:
        return rng.choice(new)
    drawn.errors = False
    drawn.names = names(drawn)
    old = (["categories"] if not drawn.prose else []) + (
        ["channels"] if top_channel(v) >= 4 else [])
    if "cumulative" in _measures(doc.year, drawn) and (
            cum["proactive.channel.website"] != cum["proactive.total"]):
        old.append("narrative")
    return rng.choice(old) if old else ""


def _measures(year: int, drawn) -> tuple[str, ...]:
    return ("annual", "cumulative") if drawn.fujian or year < 2014 else ("annual",)


def _restart(fig: Figures, v: dict, cum: dict, prev: float, rng: random.Random) -> None:
    """The cumulative total (and the website's, kept within it) starts again below `prev`."""
    total, web = v["proactive.total"], v["proactive.channel.website"]
    new = rng.randint(int(max(total + 1, prev // 10)), int(prev - 1))
    share = cum["proactive.channel.website"] / cum["proactive.total"] if cum["proactive.total"] else 1
    cum["proactive.channel.website"] = max(web, min(new, round(new * share)))
    cum["proactive.total"] = new
    for k in ("proactive.total", "proactive.channel.website"):
        fig.h.cumulative[k] = cum[k]


def _apply(doc: SimDoc, kind: str, fig: Figures, printed: dict, cum: dict, story: Story,
           rng: random.Random) -> dict:
    """Make the error in the printed figures; returns what the narrative states."""
    if kind == "channels":
        printed["proactive.total"] = top_channel(printed) - rng.randint(1, 3)
        doc.expect("channels_vs_total", CHANNELS_WHY)
    elif kind == "restart":
        _restart(fig, printed, cum, story.prev_cum, rng)
        doc.expect("cumulative_decreased", f"cumulative total below last year's ({story.prev_cum:g})")
    told = {**printed, "_cumulative_total": cum["proactive.total"]}
    total = int(printed["proactive.total"])
    if kind == "narrative_total":
        told["proactive.total"] = total + rng.randint(max(2, total // 2), max(3, total * 2))
        doc.expect("narrative_vs_table", "the narrative's 主动公开 total is not the table's")
    elif kind == "narrative_channels":
        a, b = _pair(printed)
        told[a], told[b] = printed[b], printed[a]
        doc.expect("narrative_vs_table", f"the narrative swaps {a} and {b}")
    elif kind == "narrative":
        told["_cumulative_total"] = cum["proactive.channel.website"]
        doc.expect("narrative_vs_table", "narrative quotes the website column as the total")
    return told


def real_legacy(doc: SimDoc, a: Agency, fig: Figures, drawn, rngs, story: Story, figures,
                style: int) -> SimDoc:
    rng, rx = rngs
    annual, cum = figures
    kind = _kind(doc, drawn, annual, cum, story, rx)
    printed = dict(annual)
    told = _apply(doc, kind, fig, printed, cum, story, rx)
    p = Printer(rng, drawn, thousands=fig.rng.random() < 0.3 and not drawn.cells)
    p.quiet = bool(kind)
    total = int(printed["proactive.total"])
    if drawn.prose:
        paras, narr = _real_paragraphs(doc, a, told, kind, "cumulative" in _measures(doc.year, drawn),
                                       rx)
    else:
        cats = drawn_categories(int(told["proactive.total"]), rng, kind == "categories")
        if kind == "categories" and cats:
            doc.expect("categories_vs_total", CATEGORIES_WHY)
        paras, narr = legacy_paragraphs(a, doc.year, int(told["proactive.total"]), cats,
                                        told["_cumulative_total"],
                                        {**told, "_cumulative_total": cum["proactive.total"]}, rng)
    doc.narrative = narr
    doc.items = paras + [a.short, cn_date(doc.year, rng)]
    if drawn.fujian:
        cap, t = fujian.table(a.name, doc.year, printed, cum, p, style, rx)
        doc.items += [cap, t]
        return doc
    variant = "A" if doc.year < 2014 else "B"
    doc.items += ["附件", f"{a.name}{doc.year}年政府信息公开工作情况统计表"]
    for caption, t in legacy_tables(a, doc.year, printed, cum, yoy(variant, total, story), p, style):
        doc.items += [caption, t]
    return doc


def _real_paragraphs(doc: SimDoc, a: Agency, told: dict, kind: str, cumulative: bool,
                     rng: random.Random):
    """The narrative in real reports' words, and the figures it states."""
    year, total = doc.year, int(told["proactive.total"])
    shape = "off" if kind == "categories_off" else rng.choice(["whole", "whole", "part"])
    cats = prose.categories(total, rng, shape)
    if kind == "categories_off":
        doc.expect("categories_vs_total", "categories ending with 其他 miss the total by a few")
    paras = [INTRO.format(y=year, ref=a.self_ref), "一、概述", "推进政府信息公开工作是"
             f"{a.self_ref}落实《条例》的重要举措。"]
    normative = int(told["proactive.normative_docs"]) if rng.random() < 0.3 and (
        "proactive.normative_docs" in told) else None
    paras += prose.proactive_legacy(a, year, total, cats, rng, normative)
    truths = [truth("proactive.total", total, "annual")] + prose.category_truths(cats)
    if normative is not None:
        truths.append(truth("proactive.normative_docs", normative, "annual"))
    if cumulative and (rng.random() < 0.4 or kind == "narrative"):
        paras.append(f"截至{year}年12月31日，累计主动公开政府信息{prose.gap(rng)}"
                     f"{told['_cumulative_total']:g}条。")
        truths.append(truth("proactive.total", told["_cumulative_total"], "cumulative"))
    text, said = prose.requests_legacy(a, year, told, rng)
    paras += [SITE_SENTENCE.format(ref=a.self_ref), "三、政府信息依申请公开工作情况", text]
    more, said2 = prose.closing_legacy(a, year, told, rng)
    paras += more + ["四、政府信息公开工作存在的主要问题及改进情况", PROBLEMS.format(ref=a.self_ref)]
    return paras, truths + said + said2


def legacy_doc(a: Agency, year: int, fig: Figures, drawn, rng: random.Random, story: Story,
               rx: random.Random | None = None) -> SimDoc:
    """One pre-2019 report. `story` holds last year's printed annual total (for 同比) and what the
    real-file kinds need; `rx` draws those kinds' choices (this module)."""
    annual = fig.legacy(year)
    style = zlib.crc32(a.agency_id.encode()) % 2  # the agency's own label and header variant
    if drawn.fujian:
        annual = fujian.values(annual, year, style, fujian.web_is_total(a.agency_id), rx)
    cum = fig.cumulate(annual)
    doc = SimDoc(a.agency_id, a.name, year, "legacy", title_for(a, year, rng))
    if drawn.fujian or drawn.prose or drawn.errors:
        return real_legacy(doc, a, fig, drawn, (rng, rx), story, (annual, cum), style)
    return classic(doc, a, fig, drawn, rng, story, (annual, cum), style)
