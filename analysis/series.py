"""One series per concept across the pre-2019 tables and the 2019/2021 templates (vocab/crosswalk.csv).

For each agency-year the crosswalk says which facts measure the concept in each era. A reported number
comes before a blank one; among those, a table figure is preferred, then one derived from printed
cells, then a figure from the narrative. Where the
crosswalk adds several indicators (suits = direct + after review), all must be there.

>>> concept_series(load_dataset("data/out").facts, "requests_received")  # doctest: +SKIP
"""

from __future__ import annotations

import functools

import pandas as pd

from analysis import vocab

SOURCES = ("table", "derived", "narrative")
SOURCE_RANK = {s: i for i, s in enumerate(SOURCES)}


def preference(f: pd.DataFrame) -> pd.Series:
    """Sort key among facts for the same figure, lower first: a printed number before a blank or
    不适用 cell, then a table cell, one derived from printed cells, one from the narrative.
    The one rule the series, the key figures and the briefings share."""
    source = f["source"].map(SOURCE_RANK).astype("float64").fillna(9)
    return (f["status"] != "reported").astype("float64") * 10 + source
COLUMNS = ["agency_id", "agency", "year", "concept", "value", "status", "era", "template",
           "indicators", "source", "report_id", "comparability"]


@functools.cache
def crosswalk() -> pd.DataFrame:
    """The crosswalk as a DataFrame (concept, era, indicator, breakdown, measure, combine, …)."""
    return pd.DataFrame(vocab.rows("crosswalk.csv"))


def concepts() -> list[str]:
    return list(dict.fromkeys(crosswalk()["concept"]))


def _era(template: str) -> str:
    return "template" if template in ("t2019", "t2021") else "legacy"


def _pick(group: pd.DataFrame, rules: pd.DataFrame) -> dict | None:
    """The concept's figure in one report's facts, or None."""
    chosen = []
    for _, rule in rules.iterrows():
        hit = group[(group["indicator"] == rule["indicator"])
                    & (group["breakdown"] == rule["breakdown"])
                    & group["measure"].isin(rule["measure"].split("|"))]
        if hit.empty:
            if rule["combine"] == "sum":
                return None
            continue
        hit = hit.assign(rank=preference(hit).to_numpy()).sort_values("rank", kind="stable")
        chosen.append(hit.iloc[0])
        if rule["combine"] == "one":
            break
    if not chosen:
        return None
    statuses = {c["status"] for c in chosen}
    status = "reported" if statuses == {"reported"} else sorted(statuses - {"reported"})[0]
    value = sum(c["value"] for c in chosen) if status == "reported" else float("nan")
    return {"value": value, "status": status,
            "indicators": " + ".join(c["indicator"] for c in chosen),
            "source": " + ".join(dict.fromkeys(c["source"] for c in chosen)),
            "comparability": rules.iloc[0]["comparability"]}


def concept_series(facts_df: pd.DataFrame, concept: str) -> pd.DataFrame:
    """One row per agency-year for `concept`: value, status, era, the indicators and source used."""
    cw = crosswalk()
    rules_all = cw[cw["concept"] == concept]
    if rules_all.empty:
        raise KeyError(f"unknown concept {concept!r}; known: {', '.join(concepts())}")
    wanted = facts_df[facts_df["indicator"].isin(set(rules_all["indicator"]))]
    rows = []
    for (agency_id, year, report_id), group in wanted.groupby(
            ["agency_id", "year", "report_id"], dropna=False, sort=True):
        template = str(group["template"].iloc[0])
        rules = rules_all[rules_all["era"] == _era(template)]
        got = _pick(group, rules) if not rules.empty else None
        if got:
            rows.append({"agency_id": agency_id, "agency": group["agency"].iloc[0], "year": year,
                         "concept": concept, "era": _era(template), "template": template,
                         "report_id": report_id, **got})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["agency_id", "year"], kind="stable").reset_index(drop=True)
