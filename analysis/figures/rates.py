"""Ratios of concept series, defined once: 纠错率 (corrected / concluded cases) and the 予以公开
share of the requests concluded, each with its numerator and denominator kept beside it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.figures.status import ABSENT, NONE_CONCLUDED, NUMBER

KEY = ["agency_id", "year"]
COLUMNS = ["agency_id", "year", "kind", "corrected", "base", "basis", "value", "status"]


def _parts(s: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, statuses) of `names` per agency-year, one column each (absent where missing)."""
    s = s[s["concept"].isin(names)].astype({"concept": str, "status": str, "agency_id": str})
    w = s.set_index([*KEY, "concept"])[["value", "status"]].unstack("concept")
    v = w["value"].reindex(columns=names).astype(float)
    st = w["status"].reindex(columns=names).astype(object)
    return v, st.where(st.notna(), ABSENT)


def correction_rates(s: pd.DataFrame) -> pd.DataFrame:
    """纠错率 per agency-year and kind (reviews, suits) from concept series `s`: corrected / base
    in percent, base = total − pending (basis `concluded`) or total where no pending figure
    (basis `total`). Status: that of the corrected or total figure when it has no number,
    `none_concluded` when the base is 0."""
    out = []
    for kind in ("reviews", "suits"):
        names = [f"{kind}_{p}" for p in ("corrected", "total", "pending")]
        if s.empty or not s["concept"].isin(names).any():
            continue
        v, st = _parts(s, names)
        v.columns = st.columns = ["corrected", "total", "pending"]
        has_pending = st["pending"].isin(NUMBER)
        base = v["total"] - v["pending"].where(has_pending, 0.0)
        r = pd.DataFrame({"kind": kind, "corrected": v["corrected"], "base": base,
                          "basis": np.where(has_pending, "concluded", "total")})
        ok = st["corrected"].isin(NUMBER) & st["total"].isin(NUMBER)
        r["status"] = np.where(~st["corrected"].isin(NUMBER), st["corrected"],
                               np.where(~st["total"].isin(NUMBER), st["total"],
                                        np.where(base > 0, "reported", NONE_CONCLUDED)))
        r["value"] = (r["corrected"] / r["base"] * 100).where(ok & (base > 0))
        out.append(r.reset_index())
    if not out:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(out, ignore_index=True).sort_values([*KEY, "kind"])[COLUMNS] \
        .reset_index(drop=True)


def granted_share(s: pd.DataFrame) -> pd.DataFrame:
    """予以公开 share per agency-year: requests_granted / requests_completed in percent, with both
    (agency_id, year, granted, completed, value, status; status that of the part without a
    number, `none_concluded` when nothing was concluded)."""
    cols = ["agency_id", "year", "granted", "completed", "value", "status"]
    names = ["requests_granted", "requests_completed"]
    if s.empty or not s["concept"].isin(names).any():
        return pd.DataFrame(columns=cols)
    v, st = _parts(s, names)
    g, c = st["requests_granted"].isin(NUMBER), st["requests_completed"].isin(NUMBER)
    done = v["requests_completed"]
    r = pd.DataFrame({"granted": v["requests_granted"], "completed": done})
    r["status"] = np.where(~g, st["requests_granted"], np.where(
        ~c, st["requests_completed"], np.where(done > 0, "reported", NONE_CONCLUDED)))
    r["value"] = (r["granted"] / done * 100).where(g & c & (done > 0))
    return r.reset_index()[cols]
