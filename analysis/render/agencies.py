"""Which agencies and years a command works on, asked the same way by `render` and `brief`:
unknown ids come back with their near matches, a year with no report with the years there are."""

from __future__ import annotations

import difflib

import pandas as pd

from analysis.render.params import ParameterError


def known(reports: pd.DataFrame) -> list[str]:
    """The agency ids of the dataset, sorted."""
    return sorted(str(a) for a in reports["agency_id"].dropna().unique())


def choose(reports: pd.DataFrame, wanted: str) -> list[str]:
    """'all' or ids separated by commas -> ids; ParameterError naming unknown ids.

    >>> r = pd.DataFrame({"agency_id": ["sl-city", "sl-czj"]})
    >>> choose(r, "sl-cty")
    Traceback (most recent call last):
    ...
    analysis.render.params.ParameterError: unknown agency id(s) sl-cty (did you mean sl-city, sl-czj?); the dataset has 2 agencies
    """
    ids = known(reports)
    if wanted.strip() == "all":
        return ids
    asked = list(dict.fromkeys(a.strip() for a in wanted.split(",") if a.strip()))
    unknown = [a for a in asked if a not in set(ids)]
    if unknown:
        near = sorted({m for a in unknown for m in difflib.get_close_matches(a, ids, n=3)})
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        listing = f"; the dataset has {len(ids)} agencies" if len(ids) > 10 or near else (
            f"; the dataset has: {', '.join(ids) or 'none'}")
        raise ParameterError(f"unknown agency id(s) {', '.join(unknown)}{hint}{listing}")
    return asked


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
