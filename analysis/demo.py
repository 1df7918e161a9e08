"""`xxgk demo`: ingest the bundled data, render agency_profile for every agency and the other
notebooks once, write a briefing for every agency's latest year, and print the path of index.html."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NOTEBOOKS = ("agency_profile", "compare_agencies", "trends", "data_quality")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", help="folder of bundled reports (default data/)")
    p.add_argument("--out", default="outputs", help="output folder (default outputs/)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--force", action="store_true", help="render even when nothing changed")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    from analysis.dataset.ingest import ingest
    from analysis.render.batch import render

    out = Path(args.out)
    if not Path(args.data).exists():
        print(f"xxgk demo: {args.data}: no such folder", file=sys.stderr)
        return 2
    summary = ingest([args.data], out / "dataset", jobs=args.jobs, progress=not args.quiet)
    print(summary.line())
    failed = _briefs(out, args.quiet)  # before rendering, so index.html links them too
    index = None
    for name in NOTEBOOKS:
        result = render(name, agency="all" if name == "agency_profile" else None,
                        dataset=str(out / "dataset"), out=out, jobs=args.jobs,
                        force=args.force, quiet=args.quiet)
        failed += len(result["failed"])
        print(f"{name}: rendered {len(result['rendered'])}, unchanged "
              f"{len(result['skipped'])}, failed {len(result['failed'])}")
        for rec in result["failed"]:
            print(f"  FAILED {rec['name']}: {rec['error']}", file=sys.stderr)
        index = result["index"]
    print(Path(index).resolve())
    return 1 if failed else 0


def _briefs(out: Path, quiet: bool) -> int:
    """Word briefings and chart packs for every agency's latest year; returns the failures."""
    from analysis.brief.build import brief_many
    from analysis.dataset.store import load_dataset

    ds = load_dataset(out / "dataset")
    ids = sorted(ds.reports["agency_id"].dropna().unique())
    results = brief_many(ds, ids, out / "briefs", progress=not quiet)
    failed = [r for r in results if r.status != "ok"]
    print(f"briefs: written {len(results) - len(failed)}, failed {len(failed)} -> "
          f"{(out / 'briefs').resolve()}")
    for r in failed:
        print(f"  FAILED {r.agency_id}: {r.error}", file=sys.stderr)
    return len(failed)
