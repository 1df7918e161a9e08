"""`xxgk demo`: ingest the bundled data, then on one pool of workers render agency_profile for every
agency, the cross-agency notebooks once each and a briefing for every agency's latest year, and
print the path of index.html. Whatever did not change since the last demo is not done again."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import SimpleNamespace

NOTEBOOKS = ("compare_agencies", "trends", "data_quality", "agency_profile")  # longest first


def add_arguments(p: argparse.ArgumentParser) -> None:
    from analysis.render.api import paths  # light: the default folders, nothing run

    p.add_argument("--data", default=str(paths.DATA), help="folder of reports (default data/)")
    p.add_argument("--out", default=str(paths.OUTPUTS), help="output folder (default outputs/)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--force", action="store_true", help="render even when nothing changed")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def run(args: argparse.Namespace) -> int:
    from analysis.base import executor
    from analysis.base.errors import said
    from analysis.dataset.ingest import ingest

    executor.exit_on_sigterm()
    out = Path(args.out)
    if not Path(args.data).exists():
        print(f"xxgk demo: {args.data}: no such folder", file=sys.stderr)
        return 2
    try:
        summary = ingest([args.data], out / "dataset", jobs=args.jobs, progress=not args.quiet)
        print(summary.line())
        return _render_and_brief(out, args)
    except OSError as exc:
        return said(exc, "xxgk demo")


def _render_and_brief(out: Path, args: argparse.Namespace) -> int:
    from analysis.brief import build
    from analysis.render import batch, index_page, plan, summary
    from analysis.render.api import slices

    dataset = out / "dataset"
    plans = [plan.plan(plan.Request(name, "all" if name == "agency_profile" else None,
                                    dataset=str(dataset), out=out, force=args.force))
             for name in NOTEBOOKS]
    ref = SimpleNamespace(root=dataset, reports=slices.reports(dataset))
    ids = sorted(ref.reports["agency_id"].dropna().astype(str).unique())
    bp = build.plan_briefs(ref, ids, out / "briefs", force=args.force)
    briefs = build.jobs_for(dataset, bp.todo, bp.out, None, None, False)
    n = sum(len(p.jobs) for p in plans) + len(briefs)
    if n:
        with batch.executor_for(min(args.jobs, n), warm=True) as ex:
            outcome, extra = batch.render_plans(plans, ex, args.quiet, extra=briefs)
    else:  # nothing changed: no worker, no kernel, no papermill
        outcome, extra = batch.render_plans(plans, None, args.quiet)
    results = build.finish_briefs(bp, [build.result_of(job, rec) for job, rec in extra])
    failed = 0
    for name, res in zip(NOTEBOOKS, outcome, strict=True):
        failed += len(res["failed"])
        print(summary.line(name, len(res["rendered"]), len(res["skipped"]), len(res["failed"]),
                           out / name))
        for rec in res["failed"]:
            print(f"  FAILED {rec['name']}: {rec['error']}", file=sys.stderr)
    bad = [r for r in results if r.status != "ok"]
    print(summary.line("briefs", len(bp.todo) - len(bad), len(bp.kept), len(bad), bp.out))
    for r in bad:
        print(f"  FAILED {r.agency_id}: {r.error}", file=sys.stderr)
    print(index_page.write(out).resolve())
    return 1 if failed or bad else 0

