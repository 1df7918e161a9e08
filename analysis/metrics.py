"""Derived figures that notebooks, charts and briefings share, computed from the dataset's facts.

A *concept* is one figure followed across templates (新收申请 = legacy `request.received`, template
`request.new`). Concepts come from `analysis.series.concept_series` (the crosswalk) when it knows
them; the others come from analysis/vocab/figures.csv (`fallback()`), which the briefings use too. Blank figures stay NaN with
status `blank`; a concept a report does not contain at all is `absent`. Nothing here draws.
"""

from __future__ import annotations

import functools

import pandas as pd

from analysis import vocab
from analysis.series import SOURCES, preference  # noqa: F401  (SOURCES re-exported)

YEARLY_MEASURES = ("annual", "count", "amount")  # legacy `annual` is the year's own figure
BREAKDOWNS = ("total", "all")
KEY = ["agency_id", "year"]
SERIES_COLUMNS = ["agency_id", "agency", "year", "template", "value", "status"]



@functools.cache
def fallback() -> dict[str, tuple[str, str, str]]:
    """Concepts the crosswalk does not follow, from analysis/vocab/figures.csv (the definitions the
    briefings use too): concept -> (label_zh, unit, spec). spec: alternatives split by "|", parts
    to add by "+", "@measure" names a measure."""
    crosswalked = set(_crosswalk_concepts())
    return {r["concept"]: (r["label_zh"], r["unit"], r["sources"])
            for r in vocab.rows("figures.csv") if r["concept"] not in crosswalked}


KEY_FIGURES = ("proactive_total", "requests_received", "requests_carried_in", "requests_completed",
               "requests_granted", "reviews_total", "reviews_corrected", "reviews_correction_rate",
               "suits_total", "suits_corrected", "suits_correction_rate", "complaints_total")
RATES = {"reviews_correction_rate": ("行政复议纠错率", "reviews"),
         "suits_correction_rate": ("行政诉讼纠错率", "suits")}
OUTCOMES = {  # outcome groups of 申请办理结果, in display order
    "template": ("request.result.disclosed", "request.result.partial", "request.result.denied",
                 "request.result.unavailable", "request.result.not_processed",
                 "request.result.other"),
    "legacy": ("request.reply.already_public", "request.reply.granted", "request.reply.partial",
               "request.reply.denied", "request.reply.not_held", "request.reply.not_exist",
               "request.reply.not_gov_info", "request.reply.clarify", "request.reply.other_route"),
}


def facts_of(ds) -> pd.DataFrame:
    """The facts table of a Dataset, or the DataFrame itself."""
    return ds.facts if hasattr(ds, "facts") else ds


def pick(facts: pd.DataFrame, indicators=None, *, breakdown: str | None = None,
         measure: str | None = None) -> pd.DataFrame:
    """One row per agency, year and indicator: the year's own figure, table before narrative.

    Printed figures before blank ones, table before derived before narrative (see SOURCES).
    Without `breakdown`, the `total` column of table 三 or the unbroken `all`; without `measure`,
    `annual` (legacy), then `count`, then `amount`.
    """
    f = facts if indicators is None else facts[facts["indicator"].isin(list(indicators))]
    f = f[f["measure"] == measure] if measure else f[f["measure"].isin(YEARLY_MEASURES)]
    f = f[f["breakdown"] == breakdown] if breakdown else f[f["breakdown"].isin(BREAKDOWNS)]
    rank = (preference(f) * 100
            + f["measure"].map({m: i for i, m in enumerate(YEARLY_MEASURES)}).astype("float64")
            .fillna(9) * 10
            + f["breakdown"].map({b: i for i, b in enumerate(BREAKDOWNS)}).astype("float64")
            .fillna(9))
    f = f.assign(_rank=rank.to_numpy()).sort_values(["agency_id", "year", "indicator", "_rank"])
    return f.drop_duplicates(["agency_id", "year", "indicator"]).drop(columns="_rank")


def _part(facts: pd.DataFrame, part: str) -> pd.DataFrame:
    indicator, _, measure = part.strip().partition("@")
    rows = pick(facts, [indicator], measure=measure or None)
    return rows[SERIES_COLUMNS].set_index(KEY)


def _alternative(facts: pd.DataFrame, alt: str) -> pd.DataFrame:
    """Sum of the parts where every part is present; not reported if any part is not."""
    parts = [_part(facts, p) for p in alt.split("+")]
    out = parts[0]
    for other in parts[1:]:
        out = out.join(other[["value", "status"]], how="inner", rsuffix="_2")
        both = (out["status"] == "reported") & (out["status_2"] == "reported")
        out["status"] = out["status"].where(out["status"] != "reported", out["status_2"])
        out["value"] = (out["value"] + out["value_2"]).where(both)
        out = out.drop(columns=["value_2", "status_2"])
    return out.reset_index()


def _fallback_series(facts: pd.DataFrame, concept: str) -> pd.DataFrame:
    if concept not in fallback():
        raise KeyError(f"unknown concept {concept!r}; known: {', '.join(concepts())}")
    frames = [_alternative(facts, alt).assign(_alt=i)
              for i, alt in enumerate(fallback()[concept][2].split("|"))]
    out = pd.concat(frames, ignore_index=True).sort_values([*KEY, "_alt"])
    return out.drop_duplicates(KEY).drop(columns="_alt").reset_index(drop=True)


def _crosswalk_concepts() -> dict[str, str]:
    from analysis import series

    cw = series.crosswalk()
    return dict(zip(cw["concept"], cw["label_zh"], strict=True))


def concept_label(concept: str) -> tuple[str, str]:
    """(label_zh, unit) of a concept."""
    if concept in fallback():
        return fallback()[concept][:2]
    label = _crosswalk_concepts().get(concept)
    if label is None:
        raise KeyError(f"unknown concept {concept!r}")
    return label, "件"


def concept_series(ds, concept: str) -> pd.DataFrame:
    """One value per agency and year for `concept`: columns agency_id, agency, year, template,
    value, status, concept. The crosswalk (`analysis.series`) first, then `fallback()`."""
    facts = facts_of(ds)
    if concept in _crosswalk_concepts():
        from analysis.series import concept_series as crosswalk

        out = crosswalk(facts, concept)
    else:
        out = _fallback_series(facts, concept)
    out = out[[c for c in SERIES_COLUMNS if c in out.columns]].copy()
    out["concept"] = concept
    out["year"] = out["year"].astype("Int64")
    # a report without agency or year cannot be placed on a series (tables.unplaced lists them)
    out = out[out["agency_id"].notna() & out["year"].notna()]
    return out.sort_values(KEY, ignore_index=True)


def concepts() -> list[str]:
    """Every concept this module can follow across templates."""
    return [*_crosswalk_concepts(), *fallback()]


def agency_name(ds, agency_id: str) -> str:
    """The agency's Chinese name as the dataset knows it (its id when unknown)."""
    r = ds.reports
    names = r.loc[r["agency_id"] == agency_id, "agency"].dropna()
    return str(names.iloc[0]) if len(names) else agency_id


def years_of(ds, agency_id: str | None = None) -> list[int]:
    """Years with a report (of one agency, or of any)."""
    r = ds.reports if agency_id is None else ds.reports[ds.reports["agency_id"] == agency_id]
    return sorted(int(y) for y in r["year"].dropna().unique())


def latest_year(ds, agency_id: str | None = None) -> int | None:
    """The agency's latest report year (or the dataset's), None when it has none."""
    years = years_of(ds, agency_id)
    return years[-1] if years else None


def latest_years(ds) -> pd.Series:
    """Latest report year per agency id."""
    return ds.reports.dropna(subset=["agency_id", "year"]).groupby("agency_id")["year"].max()


def _value(series: pd.DataFrame, agency_id: str, year: int) -> tuple[float, str]:
    row = series[(series["agency_id"] == agency_id) & (series["year"] == year)]
    if row.empty:
        return float("nan"), "absent"
    return float(row["value"].iloc[0]), str(row["status"].iloc[0])


def correction_rate(ds, agency_id: str, year: int, kind: str = "reviews") -> tuple[float, str]:
    """纠错率 in percent: corrected / decided, decided = total − pending (pending absent: 0).

    kind: reviews or suits. Returns (value, status); NaN with the status of the missing figure when it cannot be computed,
    and NaN with status `reported` when nothing was decided (0 / 0).
    """
    facts = facts_of(ds)
    ds = facts[(facts["agency_id"] == agency_id) & (facts["year"] == year)]
    corrected, s1 = _value(concept_series(ds, f"{kind}_corrected"), agency_id, year)
    total, s2 = _value(concept_series(ds, f"{kind}_total"), agency_id, year)
    pending, s3 = _value(concept_series(ds, f"{kind}_pending"), agency_id, year)
    for status in (s1, s2):
        if status != "reported":
            return float("nan"), status
    decided = total - (pending if s3 == "reported" else 0.0)
    return (corrected / decided * 100 if decided > 0 else float("nan")), "reported"


def _row(concept: str, label: str, unit: str, now: tuple, prev: tuple) -> dict:
    value, status = now
    prev_value = prev[0] if prev[1] == "reported" else float("nan")
    yoy = float("nan")
    if status == "reported" and prev[1] == "reported" and prev_value and unit != "%":
        yoy = (value - prev_value) / prev_value * 100
    return {"concept": concept, "label_zh": label, "value": value, "status": status,
            "prev_value": prev_value, "yoy_pct": yoy, "unit": unit}


def key_figures(ds, agency_id: str, year: int) -> pd.DataFrame:
    """Key figures of one agency-year with the previous year's value and the change in percent.

    Columns concept, label_zh, value, status, prev_value, yoy_pct, unit. Blank figures stay NaN
    with status `blank`; a concept neither year reports is left out; one only last year reported
    is kept with status `absent`. Rates (unit %) carry prev_value but no yoy_pct.
    """
    ds = facts_of(ds)
    ds = ds[ds["agency_id"] == agency_id]  # concept series of this agency only: much faster
    rows = []
    for concept in KEY_FIGURES:
        if concept in RATES:
            label, kind = RATES[concept]
            now = correction_rate(ds, agency_id, year, kind)
            prev = correction_rate(ds, agency_id, year - 1, kind)
            unit = "%"
        else:
            label, unit = concept_label(concept)
            series = concept_series(ds, concept)
            now, prev = _value(series, agency_id, year), _value(series, agency_id, year - 1)
        if now[1] == "absent" and prev[1] == "absent":
            continue
        rows.append(_row(concept, label, unit, now, prev))
    cols = ["concept", "label_zh", "value", "status", "prev_value", "yoy_pct", "unit"]
    return pd.DataFrame(rows, columns=cols).astype({"value": float, "prev_value": float,
                                                    "yoy_pct": float})


def outcome_shares(ds, agency_id: str, year: int) -> pd.DataFrame:
    """申请办理结果 of one agency-year as counts and shares (percent of the reported outcomes).

    Uses the template's result groups or the legacy reply rows, whichever the report has.
    Columns indicator, label_zh, value, status, share. Blank outcomes keep NaN and no share.
    """
    facts = facts_of(ds)
    mine = facts[(facts["agency_id"] == agency_id) & (facts["year"] == year)]
    labels = vocab.indicators()
    cols = ["indicator", "label_zh", "value", "status", "share"]
    for group in ("template", "legacy"):
        rows = pick(mine, OUTCOMES[group])
        if len(rows):
            order = {ind: i for i, ind in enumerate(OUTCOMES[group])}
            rows = rows.sort_values("indicator", key=lambda s: s.map(order))
            total = rows.loc[rows["status"] == "reported", "value"].sum()
            out = rows[["indicator", "value", "status"]].reset_index(drop=True)
            out.insert(1, "label_zh", out["indicator"].map(lambda i: labels[i]["label_zh"]))
            out["share"] = out["value"] / total * 100 if total > 0 else float("nan")
            return out[cols]
    return pd.DataFrame(columns=cols)
