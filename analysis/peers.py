"""Across agencies: rankings with the peers' median, mixes (channels, outcomes, applicants) side by
side, and agency selection by level or parent region. Built on the per-agency figures in
`analysis.metrics`."""

from __future__ import annotations

import pandas as pd

from analysis.metrics import KEY, OUTCOMES, concept_series, facts_of, pick
from analysis.series import preference


def compare(ds, concept: str, year: int, agency_ids=None) -> pd.DataFrame:
    """One concept for a year across agencies, ranked (1 = largest), with the peers' median.

    Columns agency_id, agency, value, status, rank, peer_median (median of the *other*
    agencies' reported values, so an agency is not its own reference).
    """
    s = concept_series(ds, concept)
    s = s[s["year"] == year]
    if agency_ids is not None:
        s = s[s["agency_id"].isin(list(agency_ids))]
    s = s[["agency_id", "agency", "value", "status"]].reset_index(drop=True)
    s["rank"] = s["value"].rank(ascending=False, method="min").astype("Int64")
    values = s["value"]
    s["peer_median"] = [values.drop(index=i).median() for i in s.index]
    return s.sort_values(["rank", "agency_id"], na_position="last", ignore_index=True)


def peer_median(ds, concept: str, year: int, agency_ids=None, exclude: str | None = None) -> float:
    """Median of the reported values of `concept` in `year` across agencies (NaN when none)."""
    s = concept_series(ds, concept)
    s = s[(s["year"] == year) & (s["status"] == "reported")]
    if agency_ids is not None:
        s = s[s["agency_id"].isin(list(agency_ids))]
    if exclude:
        s = s[s["agency_id"] != exclude]
    return float(s["value"].median()) if len(s) else float("nan")


# Legacy 答复 rows folded into the template's 办理结果 groups, so mixes can span 2008 -> today.
LEGACY_OUTCOME_GROUP = {
    "request.reply.already_public": "request.result.disclosed",
    "request.reply.granted": "request.result.disclosed",
    "request.reply.partial": "request.result.partial",
    "request.reply.denied": "request.result.denied",
    "request.reply.not_held": "request.result.unavailable",
    "request.reply.not_exist": "request.result.unavailable",
    "request.reply.not_gov_info": "request.result.unavailable",
    "request.reply.clarify": "request.result.other",
    "request.reply.other_route": "request.result.other",
}
MIX_PARTS = {  # kind -> the indicators (or applicant breakdowns) that make up the whole
    "outcomes": OUTCOMES["template"],
    "channels": tuple(f"proactive.channel.{c}" for c in (
        "website", "gazette", "press_conference", "reading_room", "weibo", "wechat", "media",
        "other")),
    "request_channels": tuple(f"request.channel.{c}" for c in (
        "in_person", "fax", "online", "letter", "email", "phone", "other")),
    "categories": tuple(f"proactive.category.{c}" for c in (
        "overview", "regulations", "planning", "work_updates", "personnel", "finance",
        "statistics", "emergency", "other")),
    "applicants": ("natural_person", "business", "research", "nonprofit", "legal_services",
                   "other_org"),
}


def mix(ds, kind: str, *, year: int | None = None, agency_ids=None,
        by: str = "agency_id") -> pd.DataFrame:
    """Parts of a whole (kind: a key of MIX_PARTS) as a wide table: one row per agency (by=
    "agency_id", for one `year`) or per year (by="year", summed over agencies), one column per
    part, reported values only (blank -> NaN). Legacy outcomes are folded into template groups."""
    facts = facts_of(ds)
    if agency_ids is not None:
        facts = facts[facts["agency_id"].isin(list(agency_ids))]
    if year is not None:
        facts = facts[facts["year"] == year]
    parts = MIX_PARTS[kind]
    if kind == "applicants":
        rows = facts[(facts["indicator"] == "request.new") & facts["breakdown"].isin(parts)]
        rank = preference(rows)
        rows = rows.assign(_r=rank.to_numpy()).sort_values("_r")
        rows = rows.drop_duplicates([*KEY, "breakdown"]).rename(
            columns={"indicator": "_i", "breakdown": "indicator"})
    else:
        extra = tuple(LEGACY_OUTCOME_GROUP) if kind == "outcomes" else ()
        rows = pick(facts, (*parts, *extra))
        rows = rows.assign(indicator=rows["indicator"].replace(LEGACY_OUTCOME_GROUP))
    rows = rows[rows["status"] == "reported"]
    if rows.empty:
        return pd.DataFrame(columns=list(parts), dtype=float)
    table = rows.pivot_table(index=by, columns="indicator", values="value", aggfunc="sum")
    return table[[p for p in parts if p in table.columns]].sort_index()


def select_agencies(ds, *, level: str | None = None, parent: str | None = None,
                    ids=None) -> list[str]:
    """Agency ids filtered by level (city, district, department…), parent region, or a list."""
    a = ds.agencies()
    if level:
        a = a[a["agency_level"] == level]
    if parent:
        a = a[a["parent"] == parent]
    if ids:
        unknown = sorted(set(ids) - set(a["agency_id"]))
        if unknown:
            raise KeyError(f"agencies not in the dataset (or not matching the filter): {unknown}")
        a = a[a["agency_id"].isin(list(ids))]
    return a["agency_id"].tolist()
