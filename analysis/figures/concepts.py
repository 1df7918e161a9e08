"""Concepts: one figure followed across the three format generations, defined once as data.

analysis/vocab/concepts.csv has one row per part of a concept in an era: `legacy` (the pre-2019
tables; also reports whose template was not recognised) or `template` (2019 trial and 2021). Rows
with the same (concept, era, alt) are added (suits = direct + after review); a lower `alt` is tried
first; `measure` lists measures in order of preference (`annual|count`). `key` orders the key
figures. The other lists every layer shares (applicant columns, outcome rows, mixes) live here too.

>>> label("requests_received")
('新收政府信息公开申请数', '件')
>>> applicants()[:2], len(applicants())
(('natural_person', 'business'), 6)
>>> era_of("t2021"), era_of("legacy"), era_of("unknown")
('template', 'legacy', 'legacy')
"""

from __future__ import annotations

import functools

import pandas as pd

from analysis import vocab
from analysis.parse import rowdefs

ERAS = {"legacy": ("legacy", "unknown", ""), "template": ("t2019", "t2021")}
TEMPLATES = ("t2019", "t2021")
TEMPLATE_ZH = {"legacy": "2019年前的统计表", "t2019": "2019年试行模板", "t2021": "2021年模板",
               "unknown": "模板未识别"}  # the generations, as pages and charts name them
HEADLINE_BREAKDOWNS = ("total", "all")  # an indicator's own figure: the 总计 column or unbroken
HEADLINE_MEASURES = ("annual", "count", "amount")  # legacy `annual` is the year's own figure
MIXES = {"channels": "proactive.channel", "request_channels": "request.channel",
         "categories": "proactive.category"}  # mix -> indicator family (vocab/indicators.csv)


def era_of(template: str) -> str:
    """`template` for the 2019/2021 templates, `legacy` for anything else."""
    return "template" if template in TEMPLATES else "legacy"


@functools.cache
def table() -> pd.DataFrame:
    """analysis/vocab/concepts.csv as a DataFrame (alt and key as numbers)."""
    df = pd.DataFrame(vocab.rows("concepts.csv"))
    return df.assign(alt=df["alt"].astype(int),
                     key=pd.to_numeric(df["key"].replace("", None)).astype("Int64"))


def concepts() -> list[str]:
    """Every concept, in file order."""
    return list(dict.fromkeys(table()["concept"]))


def label(concept: str) -> tuple[str, str]:
    """(label_zh, unit) of a concept; KeyError naming the known ones when unknown."""
    rows = table()[table()["concept"] == concept]
    if rows.empty:
        raise KeyError(f"unknown concept {concept!r}; known: {', '.join(concepts())}")
    return str(rows["label_zh"].iloc[0]), str(rows["unit"].iloc[0])


def key_figures() -> list[str]:
    """The concepts of the key-figures table, in their order."""
    t = table().dropna(subset=["key"]).drop_duplicates("concept")
    return t.sort_values("key", kind="stable")["concept"].tolist()


@functools.cache
def rules() -> pd.DataFrame:
    """One row per (template, concept, alt, part, measure): what `series.build` merges figures
    with. `measure_rank` orders a part's measures; `n_parts` counts the parts of the alternative."""
    t = table().assign(part=lambda d: d.groupby(["concept", "era", "alt"]).cumcount())
    t["n_parts"] = t.groupby(["concept", "era", "alt"])["indicator"].transform("size")
    t["measure"] = t["measure"].str.split("|")
    t = t.explode("measure")
    t["measure_rank"] = t.groupby(["concept", "era", "alt", "part"]).cumcount()
    t["template"] = t["era"].map(ERAS)
    t = t.explode("template").reset_index(drop=True)
    cols = ["template", "concept", "alt", "part", "n_parts", "indicator", "breakdown", "measure",
            "measure_rank"]
    text = ["template", "concept", "indicator", "breakdown", "measure"]
    return t[cols].astype({c: "category" for c in text}).reset_index(drop=True)


@functools.cache
def applicants() -> tuple[str, ...]:
    """The six applicant columns of table 三 (自然人 … 其他), from vocab/template_rows.csv."""
    return tuple(d.id for d in rowdefs.defs("三:column") if d.id != "total")


@functools.cache
def groups(template: str) -> dict[str, tuple[str, ...]]:
    """Table 三 group rows of `template` and the sub-rows that sum to each (不予公开 -> 1…8).
    A group printed as a single row in this template (2019's 其他处理) has none."""
    rows = [d for d in rowdefs.defs("三:row")]
    out = {}
    for g in rows:
        subs = tuple(d.id for d in rows if d.id.startswith(g.id + ".") and d.layout(template))
        if subs:
            out[g.id] = subs
    return out


def t3_rows() -> tuple[str, ...]:
    """Every table 三 row id."""
    return tuple(d.id for d in rowdefs.defs("三:row"))


@functools.cache
def outcomes() -> pd.DataFrame:
    """申请办理结果 rows: era, indicator, label_zh and the template group a legacy row folds into."""
    return pd.DataFrame(vocab.rows("outcomes.csv"))


def outcome_ids(era: str) -> list[str]:
    """Outcome indicators of `era` (template: table 三's six groups; legacy: the 答复 rows)."""
    o = outcomes()
    return o.loc[o["era"] == era, "indicator"].tolist()


def family(name: str) -> list[str]:
    """Indicator ids of one family of vocab/indicators.csv, in file order."""
    return [i for i, r in vocab.indicators().items() if r["family"] == name]


def mix_parts(kind: str) -> list[str]:
    """The parts of a mix: outcomes, channels, request_channels, categories or applicants."""
    if kind == "outcomes":
        return outcome_ids("template")
    if kind == "applicants":
        return list(applicants())
    if kind not in MIXES:
        raise KeyError(f"unknown mix {kind!r}; known: outcomes, applicants, {', '.join(MIXES)}")
    return family(MIXES[kind])
