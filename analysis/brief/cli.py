"""`xxgk brief --agency ID|all [--year Y] [--compare-to Y0] [--out outputs/briefs/] [--dataset DIR]`

Writes, per agency, a Word briefing and a chart pack (see analysis.brief.build for the layout).
Without --year each agency's latest year is briefed; without --compare-to the year before.
Exit status: 0 when the run completed (failed agencies are listed), 1 under --strict when any
agency failed, 2 for a usage error (no dataset, unknown agency).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_DATASET = "outputs/dataset"
DEFAULT_OUT = "outputs/briefs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--agency", required=True,
                   help="agency id, several ids separated by commas, or 'all'")
    p.add_argument("--year", type=int, help="report year (default: each agency's latest)")
    p.add_argument("--compare-to", type=int, dest="compare_to",
                   help="comparison year (default: the year before)")
    p.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    p.add_argument("--dataset", default=DEFAULT_DATASET,
                   help=f"dataset folder written by `xxgk ingest` (default {DEFAULT_DATASET})")
    p.add_argument("--strict", action="store_true", help="exit 1 when any agency failed")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def agency_ids(ds, wanted: str) -> list[str]:
    """'all' or comma-separated ids -> ids; raises LookupError naming unknown ids."""
    known = [a for a in ds.agencies["agency_id"].tolist() if a]
    if wanted.strip() == "all":
        return known
    ids = [a.strip() for a in wanted.split(",") if a.strip()]
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise LookupError(f"unknown agency id(s) {', '.join(unknown)}; "
                          f"the dataset has: {', '.join(known) or 'none'}")
    return ids


def run(args: argparse.Namespace) -> int:
    from analysis.brief.build import brief_many
    from analysis.dataset.store import load_dataset

    try:
        ds = load_dataset(args.dataset)
        ids = agency_ids(ds, args.agency)
    except (FileNotFoundError, LookupError) as exc:
        print(f"xxgk brief: {exc}", file=sys.stderr)
        return 2
    results = brief_many(ds, ids, Path(args.out), args.year, args.compare_to,
                         progress=not args.quiet)
    failed = [r for r in results if r.status != "ok"]
    print(f"xxgk brief: {len(results) - len(failed)} briefing(s) written to {args.out}, "
          f"{len(failed)} failed; index: {Path(args.out) / 'index.csv'}")
    for r in failed:
        print(f"  {r.agency_id}: {r.error}", file=sys.stderr)
    return 1 if args.strict and failed else 0
