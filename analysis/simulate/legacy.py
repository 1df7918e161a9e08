"""Lay out a pre-2019 report: narrative with stated figures, then the local 统计表.

Variant A (to 2013): 指标名称 | 单位 | 历年累计数 | 本年度数 | 同比增减(%), three sections as in the seed.
Variant B (2014-2018, the national list): 指标 | 单位 | 统计数, six sections.
Row labels are the local variants in legacy_rows.csv.
"""

from __future__ import annotations

import csv
import functools
import random
from importlib import resources

from analysis import vocab
from analysis.simulate.cells import Printer
from analysis.simulate.doc import Cell, Row, SimDoc, SimTable, Story
from analysis.simulate.draws import Figures
from analysis.simulate.narrative import cn_date, legacy_paragraphs
from analysis.simulate.region import Agency

CATEGORIES = [("overview", "概况类"), ("regulations", "法规文件类"), ("planning", "发展规划类"),
              ("work_updates", "工作动态类"), ("personnel", "人事类"), ("finance", "财政类"),
              ("statistics", "统计数据类"), ("emergency", "应急管理类")]


# The classic error kinds are states no report can be in: a document may go out through several
# channels (their sum may pass the total) and a category list may be partial (its sum may fall short),
# but no channel can exceed the total and no list can add up to more than it.
CHANNELS_WHY = "annual total printed below its largest channel"
CATEGORIES_WHY = "narrative categories add up to more than the total"


def top_channel(v: dict) -> float:
    return max((x for k, x in v.items() if k.startswith("proactive.channel.")), default=0)


@functools.cache
def rows(variant: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("legacy_rows.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["variant"] == variant]


def _header(variant: str, year: int, style: int) -> list[str]:
    if variant == "A":
        return ["指标名称", "单位", "历年累计数", f"{year}年度数" if style else "本年度数",
                "同比增减(%)"]
    return ["指标", "单位", "统计数"] if style else ["指标名称", "单位", "本年度数"]


def legacy_tables(a: Agency, year: int, annual: dict, cum: dict, yoy: float | None,
            p: Printer, style: int) -> list[tuple[str, SimTable]]:
    variant = "A" if year < 2014 else "B"
    header = _header(variant, year, style)
    out: dict[str, SimTable] = {}
    for r in rows(variant):
        ind = r["indicator"]
        unit = vocab.indicators()[ind]["unit"]
        money = unit == "万元"
        lab = r["labels"].split("|")[style]
        cells = [p.cell(ind, annual[ind], "annual", money=money)]
        if variant == "A":
            cells = [p.cell(ind, cum[ind], "cumulative", money=money), cells[0],
                     p.cell(ind, yoy if ind == "proactive.total" else None, "yoy_pct")]
        t = out.setdefault(r["section"], SimTable(r["section"], [header], [], "legacy", True))
        t.rows.append(Row([lab], [Cell(unit)] + cells))
    return list(out.items())


def drawn_categories(total: int, rng: random.Random, wrong: bool) -> list[tuple[str, str, int]]:
    from analysis.simulate.draws import split

    if total <= 0:
        return []
    chosen = rng.sample(CATEGORIES, rng.randint(3, 5))
    parts = split(total, [rng.uniform(0.5, 3) for _ in chosen], rng)
    if wrong:  # a category counted twice: the list adds up to more than the total, which no
        parts[-1] += max(1, total // 8)  # list, complete or not, can do
    return [(cid, zh, n) for (cid, zh), n in zip(chosen, parts, strict=True)]


def classic(doc: SimDoc, a: Agency, fig: Figures, drawn, rng: random.Random, story: Story,
             figures: tuple[dict, dict], style: int) -> SimDoc:
    """The report as the simulator wrote it before the real-file kinds (same draws, same bytes)."""
    (annual, cum), year = figures, doc.year
    variant = "A" if year < 2014 else "B"
    kind = ""
    if drawn.inconsistent:
        kinds = ["categories"] + (["channels"] if top_channel(annual) >= 4 else [])
        if variant == "A" and cum["proactive.channel.website"] != cum["proactive.total"]:
            kinds.append("narrative")
        kind = rng.choice(kinds)
    printed = dict(annual)
    if kind == "channels":
        printed["proactive.total"] = top_channel(annual) - rng.randint(1, 3)
        doc.expect("channels_vs_total", CHANNELS_WHY)
    total = printed["proactive.total"]
    p = Printer(rng, drawn, thousands=fig.rng.random() < 0.3 and not drawn.cells)
    cats = drawn_categories(int(total), rng, kind == "categories")
    if kind == "categories" and cats:
        doc.expect("categories_vs_total", CATEGORIES_WHY)
    stated_cum = cum["proactive.total"]
    if kind == "narrative":
        stated_cum = cum["proactive.channel.website"]
        doc.expect("narrative_vs_table", "narrative quotes the website column as the total")
    told = {**annual, "_cumulative_total": cum["proactive.total"]}  # a wrong figure is always told
    paras, narr = legacy_paragraphs(a, year, int(total), cats, stated_cum, told, rng)
    doc.narrative = narr
    doc.items = paras + [a.short, cn_date(year, rng), "附件"]
    tables = legacy_tables(a, year, printed, cum, yoy(variant, total, story), p, style)
    doc.items.append(f"{a.name}{year}年政府信息公开工作情况统计表")
    for caption, t in tables:
        doc.items += [caption, t]
    if kind == "categories" and not cats:
        doc.flags.clear()
    return doc


def yoy(variant: str, total: float, story: Story) -> float | None:
    """同比增减(%) of the annual total against last year's printed total (variant A only)."""
    prev = story.prev_total
    return round((total - prev) / prev * 100, 1) if variant == "A" and prev else None
