"""Figures -> concept series: one row per report (= agency-year) and concept, all concepts at once.

Each figure is merged with the concept rules of its template's era (vocab/concepts.csv, expanded by
`concepts.rules()`); per part the figure with a number and the preferred measure is taken; the parts
of an alternative are added (a number only when every part has one: otherwise `partial` with the
known sum in `partial_value`; `unresolved` when a part is unresolved, never a number; or blank); the
first alternative present wins. Vectorised throughout.

>>> import pandas as pd
>>> figs = pd.DataFrame({"report_id": "r1", "agency_id": "a", "agency": "示例局", "year": 2023,
...     "template": "t2021", "indicator": ["litigation_direct.total", "litigation_after_review.total"],
...     "breakdown": "all", "measure": "count", "value": [3.0, float("nan")],
...     "status": ["reported", "blank"], "source": "table", "partial_value": float("nan")})
>>> build(figs)[["concept", "value", "status", "partial_value"]].values.tolist()
[['suits_total', nan, 'partial', 3.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures import concepts as cv
from analysis.figures.resolve import first_per
from analysis.figures.status import (
    BLANK,
    CONFLICT,
    DERIVED,
    NOT_APPLICABLE,
    NUMBER,
    PARTIAL,
    UNRESOLVED,
)

META = ["report_id", "agency_id", "agency", "year", "template"]
COLUMNS = [*META, "era", "concept", "value", "status", "source", "indicators", "partial_value"]


def _codes(col: pd.Series, values: pd.Index) -> np.ndarray:
    """Position of each element of `col` in `values` (-1 where absent), via the categories of a
    categorical column: no string comparison per row."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        lookup = np.append(values.get_indexer(col.cat.categories.astype(str)), -1)
        return lookup[col.cat.codes.to_numpy()]
    return values.get_indexer(col.astype(object).where(col.notna(), "").astype(str))


def _rule_key(df: pd.DataFrame, spaces: dict[str, pd.Index]) -> np.ndarray:
    key = np.zeros(len(df), dtype=np.int64)
    bad = np.zeros(len(df), dtype=bool)
    for col, values in spaces.items():
        c = _codes(df[col], values)
        bad |= c < 0
        key = key * (len(values) + 1) + c
    return np.where(bad, -1, key)


def _parts(figures: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Per (report, concept, alt, part): the figure with a number first, then the first measure.
    Figures meet the rules through integer keys built from the categories (fast at 2M rows)."""
    cols = ["template", "indicator", "breakdown", "measure"]
    keep = [*META, "indicator", "breakdown", "measure", "value", "status", "source",
            "partial_value"]
    f = figures.loc[figures["indicator"].isin(rules["indicator"].unique()), keep]
    f = f.assign(template=f["template"].astype(object).where(f["template"].notna(), ""))
    spaces = {c: pd.Index(sorted(set(rules[c]))) for c in cols}
    fkey, rkey = _rule_key(f, spaces), _rule_key(rules, spaces)
    f = f.assign(_key=fkey)[fkey >= 0]
    m = f.drop(columns=["breakdown", "measure"]).merge(
        rules.drop(columns=cols).assign(_key=rkey), on="_key", how="inner")
    if m.empty:
        return m
    order = np.where(m["status"].isin(NUMBER), 0, 100) + m["measure_rank"].to_numpy()
    ordered, starts = first_per(m, ["report_id", "concept", "alt", "part"], order)
    return ordered.iloc[starts].reset_index(drop=True)


def _concat(a: pd.Series, b: pd.Series) -> pd.Series:
    a, b = a.fillna(""), b.fillna("")
    return a + np.where((a != "") & (b != ""), " + ", "") + b


def _joined(p: pd.DataFrame, key: list[str], where: pd.Index) -> np.ndarray:
    """' + '-joined indicators of the parts, in part order, for the groups `where`."""
    out = pd.Series("", index=where, dtype=object)
    for k in range(int(p["part"].max()) + 1):
        part = p[p["part"] == k].set_index(key)["indicator"].astype(object)
        out = _concat(out, part.reindex(where))
    return out.to_numpy()


def _sources(p: pd.DataFrame, key: list[str], where: pd.Index) -> np.ndarray:
    """' + '-joined distinct sources of the parts (table, derived, narrative order)."""
    out = pd.Series("", index=where, dtype=object)
    for name in ("table", "derived", "narrative"):
        has = p.assign(_s=p["source"].eq(name)).groupby(key, sort=False)["_s"].any()
        out = _concat(out, pd.Series(name, index=where).where(has.reindex(where, fill_value=False)))
    return out.to_numpy()


def _status(g: pd.DataFrame) -> np.ndarray:
    complete = (g["n"] == g["n_parts"]) & (g["n_number"] == g["n_parts"])
    return np.select(
        [complete & g["any_conflict"], complete & g["any_derived"], complete, g["any_unresolved"],
         (g["n_number"] > 0) | g["any_partial"], g["any_blank"]],
        ["conflict", "derived", "reported", UNRESOLVED, PARTIAL, BLANK], NOT_APPLICABLE)


def _combine(p: pd.DataFrame) -> pd.DataFrame:
    """Per (report, concept, alt): the parts added, with the status the parts allow."""
    num = p["status"].isin(NUMBER)
    p = p.assign(_num=num, _val=p["value"].where(num, 0.0), _part=p["partial_value"].fillna(0.0),
                 any_conflict=p["status"].eq(CONFLICT), any_derived=p["status"].eq(DERIVED),
                 any_partial=p["status"].eq(PARTIAL), any_blank=p["status"].eq(BLANK),
                 any_unresolved=p["status"].eq(UNRESOLVED))
    key = ["report_id", "concept", "alt"]
    g = p.groupby(key, sort=False)
    out = g[[*META[1:], "n_parts"]].first()
    out = out.assign(n=g.size(), n_number=g["_num"].sum(), total=g["_val"].sum(),
                     partial_sum=g["_part"].sum(),
                     **{c: g[c].any() for c in ("any_conflict", "any_derived", "any_partial",
                                                "any_blank", "any_unresolved")})
    out["source"] = g["source"].first()
    out["indicators"] = g["indicator"].first()
    multi = out["n"] > 1
    if multi.any():
        out = out.astype({"source": object, "indicators": object})
        several = p[p["n_parts"] > 1]
        out.loc[multi, "indicators"] = _joined(several, key, out.index[multi])
        out.loc[multi, "source"] = _sources(several, key, out.index[multi])
    out["status"] = _status(out)
    out["value"] = out["total"].where(out["status"].isin(NUMBER))
    out["partial_value"] = (out["total"] + out["partial_sum"]).where(out["status"].eq(PARTIAL))
    return out.reset_index()


def build(figures: pd.DataFrame, concepts: list[str] | None = None) -> pd.DataFrame:
    """Concept series (columns COLUMNS) of every report in `figures`, for `concepts` (all)."""
    rules = cv.rules()
    if concepts is not None:
        unknown = sorted(set(concepts) - set(rules["concept"]))
        if unknown:
            raise KeyError(f"unknown concept(s) {unknown}; known: {', '.join(cv.concepts())}")
        rules = rules[rules["concept"].isin(concepts)]
    parts = _parts(figures, rules)
    if parts.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = _combine(parts)
    ordered, starts = first_per(out, ["report_id", "concept"], out["alt"].to_numpy())
    out = ordered.iloc[starts]
    era = np.where(out["template"].isin(cv.TEMPLATES), "template", "legacy")
    concept = pd.Categorical(out["concept"].astype(str), categories=cv.concepts())
    out = out.assign(era=pd.Categorical(era), concept=concept)
    out = out.sort_values(["agency_id", "year", "concept"], kind="stable", na_position="last")
    return out[COLUMNS].reset_index(drop=True)
