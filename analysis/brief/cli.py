"""`xxgk brief --agency ID|all [--year Y] [--compare-to Y0] [--out outputs/briefs/] [--dataset DIR]
[--pack] [--jobs N | --scheduler tcp://HOST:PORT] [--force]`

Writes, per agency, a Word briefing (and with --pack the chart pack: every size, PNG and SVG);
see analysis.brief.build for the layout. Without --year each agency's latest year is briefed;
without --compare-to the year before. Briefings whose inputs did not change are kept; index.csv
keeps the agencies briefed there before, and out/../index.html is refreshed.
Exit status: 0 when the run completed (failed agencies are listed), 1 when every agency failed
(or any, under --strict), 2 for a usage error (no dataset, unknown agency, a year with no report).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace

DEFAULT_OUT = "outputs/briefs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from analysis.render.public import add_run_options

    p.add_argument("--agency", required=True,
                   help="agency id or name (平潭综合实验区), several separated by commas, or 'all'")
    p.add_argument("--year", type=int, help="report year (default: each agency's latest)")
    p.add_argument("--compare-to", type=int, dest="compare_to",
                   help="comparison year (default: the year before)")
    add_run_options(p)
    p.set_defaults(out=DEFAULT_OUT)
    p.add_argument("--pack", action="store_true",
                   help="also the chart pack: every chart in every size, as PNG and SVG")
    p.add_argument("--force", action="store_true", help="write even when nothing changed")
    p.add_argument("--strict", action="store_true", help="exit 1 when any agency failed")


def plan(args: argparse.Namespace):
    """(dataset, agency ids) for the command line; raises ParameterError/FileNotFoundError."""
    from analysis.render.api import agencies, slices
    from analysis.render.api.params import ParameterError

    dataset = slices.dataset_or_ingest(args.dataset, "xxgk brief")
    reports = slices.reports(dataset)
    ids = agencies.choose(reports, args.agency)
    every = args.agency.strip() != "all"
    ids = agencies.with_year(reports, ids, args.year, every=every)
    if args.compare_to is not None:  # refused like --year: a comparison with no report is none
        if args.year is not None and args.compare_to >= args.year:
            raise ParameterError(f"--compare-to {args.compare_to} is not before --year {args.year}")
        kept = agencies.with_year(reports, ids, args.compare_to, every=every)
        ids = kept if every else ids  # under 'all', one without that year is briefed alone
    return SimpleNamespace(root=dataset, reports=reports), ids


def run(args: argparse.Namespace) -> int:
    from analysis.base.errors import USAGE, said
    from analysis.base.executor import SchedulerError
    from analysis.base.safepaths import UnsafePath
    from analysis.brief.build import brief_many
    from analysis.render import public
    from analysis.render.api import params

    try:
        ds, ids = plan(args)
        results = brief_many(ds, ids, Path(args.out), args.year, args.compare_to,
                             progress=not args.quiet, jobs=args.jobs, scheduler=args.scheduler,
                             full_pack=args.pack, force=args.force)
    except SchedulerError as exc:
        print(f"xxgk brief: {exc}", file=sys.stderr)
        return exc.status
    except (params.ParameterError, FileNotFoundError, UnsafePath) as exc:
        print(f"xxgk brief: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:
        return said(exc, "xxgk brief")
    if Path(args.out).name == "briefs":  # the layout index.html lists briefings from
        public.write_index(Path(args.out).parent)
    failed = [r for r in results if r.status != "ok"]
    kept = sum(r.status == "ok" and getattr(r, "unchanged", False) for r in results)
    print(public.summary_line("briefs", len(results) - len(failed) - kept, kept, len(failed), args.out))
    for r in failed:
        print(f"  {r.agency_id}: {r.error}", file=sys.stderr)
    return public.exit_status(len(failed), len(results), args.strict)
