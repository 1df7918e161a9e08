"""Which agencies and years a command works on, asked the same way by `render` and `brief`: an
agency by its id (any case), its name or a name it signed with, or a part of one when only one
agency has it; a part several agencies share lists them; unknown ones come back with their near
matches, a year with no report with the years there are."""

from __future__ import annotations

import difflib
import re

import pandas as pd

from analysis.render.api.params import ParameterError


def known(reports: pd.DataFrame) -> list[str]:
    """The agency ids of the dataset, sorted."""
    return sorted(str(a) for a in reports["agency_id"].dropna().unique())


def names(reports: pd.DataFrame) -> dict[str, set[str]]:
    """agency_id -> the names it goes by in the dataset (normalised and as signed)."""
    out: dict[str, set[str]] = {}
    cols = [c for c in ("agency", "agency_raw") if c in reports.columns]
    for row in reports[["agency_id", *cols]].dropna(subset=["agency_id"]).itertuples(index=False):
        out.setdefault(str(row[0]), set()).update(_flat(v) for v in row[1:] if isinstance(v, str))
    return out


def _flat(name: str) -> str:
    return re.sub(r"[\s()()·]", "", name).casefold()


def lookup(reports: pd.DataFrame, one: str) -> list[str]:
    """The ids `one` may mean: its id in any case, else agencies of that exact name, else those
    whose name contains it ([] when none)."""
    ids = known(reports)
    by_case = [a for a in ids if a.casefold() == one.casefold()]
    if by_case:
        return by_case
    called, key = names(reports), _flat(one)
    exact = [a for a in ids if key in called.get(a, ())]
    return exact or [a for a in ids if key and any(key in n for n in called.get(a, ()))]


def choose(reports: pd.DataFrame, wanted: str) -> list[str]:
    """'all', or ids / names separated by commas -> ids; ParameterError naming what is unknown
    (with near matches) or what several agencies share (with them).

    >>> r = pd.DataFrame({"agency_id": ["sl-city", "sl-czj"], "agency": ["示例市人民政府", "示例市财政局"]})
    >>> choose(r, "SL-CITY"), choose(r, "示例市财政局"), choose(r, "财政")
    (['sl-city'], ['sl-czj'], ['sl-czj'])
    >>> choose(r, "示例市")
    Traceback (most recent call last):
    ...
    analysis.render.api.params.ParameterError: 示例市 matches 2 agencies: sl-city 示例市人民政府, sl-czj 示例市财政局; give one of the ids
    >>> choose(r, "sl-cty")
    Traceback (most recent call last):
    ...
    analysis.render.api.params.ParameterError: unknown agency sl-cty (did you mean sl-city 示例市人民政府, sl-czj 示例市财政局?); the dataset has 2 agencies
    """
    ids = known(reports)
    if wanted.strip() == "all":
        return ids
    asked = list(dict.fromkeys(a.strip() for a in wanted.split(",") if a.strip()))
    found = {a: lookup(reports, a) for a in asked}
    for a, hits in found.items():
        if len(hits) > 1:
            label = _labels(reports)
            shown = ", ".join(f"{h} {label.get(h, '')}".strip() for h in hits[:10])
            more = f" (and {len(hits) - 10} more)" if len(hits) > 10 else ""
            raise ParameterError(f"{a} matches {len(hits)} agencies: {shown}{more}; "
                                 "give one of the ids")
    unknown = [a for a, hits in found.items() if not hits]
    if unknown:
        raise ParameterError(_unknown(reports, ids, unknown))
    return list(dict.fromkeys(found[a][0] for a in asked))


def _labels(reports: pd.DataFrame) -> dict[str, str]:
    if "agency" not in reports.columns:
        return {}
    return {str(k): str(v) for k, v in reports.dropna(subset=["agency_id", "agency"])
            .drop_duplicates("agency_id").set_index("agency_id")["agency"].items()}


def _unknown(reports: pd.DataFrame, ids: list[str], unknown: list[str]) -> str:
    """The message for names and ids no agency has, with the nearest ids and names."""
    label = _labels(reports)
    by_name = {v: k for k, v in label.items()}
    near: set[str] = set()
    for a in unknown:
        near |= set(difflib.get_close_matches(a.lower(), ids, n=3))
        near |= {by_name[n] for n in difflib.get_close_matches(a, list(by_name), n=3, cutoff=0.5)}
    hint = (" (did you mean " + ", ".join(f"{n} {label.get(n, '')}".strip() for n in sorted(near))
            + "?)") if near else ""
    listing = f"; the dataset has {len(ids)} agencies" if len(ids) > 10 or near else (
        f"; the dataset has: {', '.join(ids) or 'none'}")
    return f"unknown agency {', '.join(unknown)}{hint}{listing}"


def years(reports: pd.DataFrame, agency_id: str) -> list[int]:
    r = reports[reports["agency_id"] == agency_id]
    return sorted(int(y) for y in r["year"].dropna().unique())


def with_year(reports: pd.DataFrame, ids: list[str], year: int | None,
              every: bool = False) -> list[str]:
    """The ids that have a report for `year` (all of them when year is None). ParameterError when
    none has it, or, for ids named one by one (`every`), when any lacks it."""
    if year is None:
        return ids
    missing = [a for a in ids if year not in years(reports, a)]
    if missing and (every or len(missing) == len(ids)):
        said = "; ".join(f"{a} has {', '.join(map(str, years(reports, a))) or 'no year'}"
                         for a in missing[:5])
        more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        raise ParameterError(f"no report for {year}: {said}{more}")
    return [a for a in ids if a not in set(missing)]
