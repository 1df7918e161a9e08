"""`xxgk render NOTEBOOK --agency ID|all`: one page per agency (or one per parameter set), each an
executed notebook, report.html (code hidden, charts linked) and charts/ and tables/, then
out/index.html.

Pages run on warm kernels (the `xxgk` papermill engine) in local worker processes, or on a Dask
cluster with --scheduler; --isolated gives every page a fresh kernel. Unknown parameters, agencies
and years are refused before anything runs; a failed page does not stop the others; pages whose
inputs did not change are skipped unless --force.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.render.api import paths
from analysis.render.api.params import DEFAULT_TIMEOUT
from analysis.render.summary import line as summary_line

if TYPE_CHECKING:
    from analysis.render.plan import Plan

# The heavy imports (papermill, nbconvert, matplotlib; pandas for planning) happen when they are
# used, so that `xxgk --help`, the other subcommands and a kernel started early do not wait.


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("notebook", help="notebook name (agency_profile, trends, …) or path")
    p.add_argument("--agency", help="agency id or name (平潭综合实验区), several separated by commas, or 'all'")
    p.add_argument("--year", type=int, help="passed to the notebook as `year`")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="any other notebook parameter (repeatable)")
    add_run_options(p, notebooks=True)
    p.add_argument("--force", action="store_true", help="render even when inputs are unchanged")
    p.add_argument("--strict", action="store_true", help="exit 1 when any run failed")
    p.add_argument("--embed", action="store_true",
                   help="one self-contained report.html (charts embedded, not linked)")
    p.add_argument("--pack", action="store_true",
                   help="charts also as SVG and at print resolution (200 dpi)")
    p.add_argument("--in-process", action="store_true", dest="in_process",
                   help="a run of one page: execute it in this process, with no kernel process "
                        "(less CPU; slower on a busy machine: benchmarks/render_results.md)")


def add_run_options(p: argparse.ArgumentParser, notebooks: bool = False) -> None:
    """Options every batch command shares (render, brief, demo); `notebooks`: those of
    commands that run notebooks."""
    p.add_argument("--dataset", help="dataset folder or URI (default: outputs/dataset in the "
                                     "working folder, ingested from data/ on first use)")
    p.add_argument("--out", default=str(paths.OUTPUTS), help="output folder (default outputs/)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on this Dask cluster instead of local processes (xxgk[cluster])")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    if notebooks:
        p.add_argument("--isolated", action="store_true",
                       help="a fresh kernel for every notebook (slower; the pages are the same)")
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=f"seconds a notebook cell may run (default {DEFAULT_TIMEOUT})")


def executor_for(jobs: int, scheduler: str | None = None, warm: bool = False):
    """The executor a batch runs on, its workers set up for rendering (with `warm`, each local
    worker's kernel starts booting as the worker starts)."""
    from analysis.base import executor
    from analysis.render.engine import worker

    plugin = None
    if scheduler:
        from analysis.render.engine.dask_plugin import WarmKernels

        plugin = WarmKernels()
    return executor.pool(jobs, scheduler, initializer=worker.init_worker, initargs=(warm,),
                         plugin=plugin)


def _failed(job: dict, error: str) -> dict:
    return {"name": job["name"], "key": job.get("key", ""), "title": job["title"],
            "status": "failed", "error": error, "notebook": "", "html": "", "files": []}


def execute(jobs: list[dict], ex: Executor, quiet: bool = False
            ) -> Iterator[tuple[dict, dict]]:
    """Submit `jobs` (render jobs, or others naming their function in "run") and yield each
    (job, record) as it finishes; a worker that died gives a failed record."""
    if not jobs:  # nothing to run: no progress bar, no worker code
        return
    from tqdm import tqdm

    from analysis.base.errors import stops_batch
    from analysis.render.engine import worker

    bar = tqdm(total=len(jobs), unit="job", file=sys.stderr, disable=quiet or not jobs)
    futures = {ex.submit(job.get("run", worker.run_one), job): job for job in jobs}
    for fut in as_completed(futures):
        job = futures[fut]
        try:
            yield job, fut.result()
        except Exception as exc:  # the worker process itself died
            if stops_batch(exc):  # a full disk: said once, by the command
                raise
            yield job, _failed(job, f"worker: {type(exc).__name__}: {exc}")
        bar.update()
    bar.close()


def record(result: Plan, rec: dict) -> None:
    """Keep a finished run in its plan's manifest (saved at once: an interrupted batch keeps
    what it finished)."""
    from analysis.render import manifest

    result.runs[rec["name"]] = rec
    manifest.save(result.manifest, result.runs)


def summary(result: Plan, rendered: Iterable[dict]) -> dict:
    rendered = list(rendered)
    failed = [result.runs[n] for n in result.names
              if result.runs.get(n, {}).get("status") != "ok"]
    return {"rendered": rendered, "skipped": list(result.skipped), "failed": failed,
            "planned": list(result.names)}


def render_plans(plans: list[Plan], ex: Executor, quiet: bool = False,
                 extra: list[dict] = ()) -> tuple[list[dict], list[tuple[dict, dict]]]:
    """Run the jobs of several plans (and `extra` jobs, e.g. briefs) on one executor; return one
    summary per plan, and (job, record) of each extra job."""
    owner = {id(j): p for p in plans for j in p.jobs}
    done: dict[int, list[dict]] = {id(p): [] for p in plans}
    others = []
    for p in plans:
        for rec in p.refused:
            record(p, rec)
            done[id(p)].append(rec)
    for job, rec in execute([j for p in plans for j in p.jobs] + list(extra), ex, quiet):
        p = owner.get(id(job))
        if p is None:
            others.append((job, rec))
            continue
        record(p, rec)
        done[id(p)].append(rec)
    for p in plans:
        if not p.manifest.exists():
            record_all(p)
    return [summary(p, done[id(p)]) for p in plans], others


def render(notebook: str, *, agency: str | None = None, given: dict | None = None,
           dataset: str | None = None, out: str | Path = paths.OUTPUTS, jobs: int = 2,
           force: bool = False, quiet: bool = False, isolated: bool = False,
           scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT,
           embed: bool = False, pack: bool = False, here: bool = False) -> dict:
    """Render and return {"rendered": [...records], "skipped": [...names], "failed": [...],
    "index": Path}. Raises params.ParameterError before running anything on a bad request.
    With `here` (`xxgk render --in-process`), a run of one page executes it in this process, with
    no kernel process (analysis.render.engine.inprocess); never from a Python session of one's
    own, whose state the page would share."""
    from analysis.base.executor import check_scheduler
    from analysis.render.engine import early

    if scheduler:  # before planning writes anything into `out`
        check_scheduler(scheduler)
    local = not (isolated or scheduler)
    here = here and local and early.here_usable()
    if local and early.one_worker(agency, jobs) and not (here and early.one_page(agency)):
        early.boot(notebook, dataset, out, force)  # overlaps planning and its imports
    from analysis.render import index_page, plan

    try:
        result = plan.plan(plan.Request(notebook, agency, dict(given or {}), dataset, out,
                                        force, isolated, timeout, embed, pack))
        workers = min(jobs, len(result.jobs))
        here = here and len(result.jobs) == 1
        if workers != 1 or scheduler or here:  # the kernel started early is not this run's
            early.stop()
        outcome = _execute_plan(result, workers, scheduler, isolated, here, quiet)
    finally:
        early.stop()
    return {**outcome, "index": index_page.write(Path(out))}


def _execute_plan(result: Plan, workers: int, scheduler: str | None, isolated: bool,
                  here: bool, quiet: bool) -> dict:
    """Run a plan's jobs (in this process's own kernel when `here`); its summary."""
    if not result.jobs:
        return render_plans([result], None, quiet)[0][0]
    if here:
        from analysis.render.engine import kernels

        with kernels.in_this_process(), executor_for(1) as ex:
            return render_plans([result], ex, quiet)[0][0]
    with executor_for(workers, scheduler, warm=not isolated) as ex:
        return render_plans([result], ex, quiet)[0][0]


def record_all(result: Plan) -> None:
    from analysis.render import manifest

    manifest.save(result.manifest, result.runs)


def servable(args: argparse.Namespace) -> bool:
    """Whether a render server (`xxgk serve`) may run this command's render: one worker here (one
    page, or --jobs 1), no cluster. False inside the server itself."""
    from analysis.render.engine import early

    return not (args.scheduler or SERVING) and early.one_worker(args.agency, args.jobs)


SERVING: list[bool] = []  # [True] in a render server: its runs are never given on


def exit_status(failed: int, total: int, strict: bool) -> int:
    """1 when everything failed (or anything, under --strict), else 0."""
    return 1 if failed and (strict or failed >= total) else 0


def run(args: argparse.Namespace) -> int:
    if servable(args):
        from analysis.render import served

        status = served.forward("render", args)
        if status is not None:
            return status
    from analysis.base import executor
    from analysis.base.errors import USAGE, said
    from analysis.base.safepaths import UnsafePath
    from analysis.render.api import params

    executor.exit_on_sigterm()  # kernels of this process (one worker) die with it

    try:
        given = params.parse_pairs(args.param)
        if args.year is not None:
            given["year"] = args.year
        result = render(args.notebook, agency=args.agency, given=given, dataset=args.dataset,
                        out=args.out, jobs=args.jobs, force=args.force, quiet=args.quiet,
                        isolated=args.isolated, scheduler=args.scheduler,
                        timeout=args.timeout, embed=args.embed, pack=args.pack,
                        here=args.in_process)
    except executor.SchedulerError as exc:
        print(f"xxgk render: {exc}", file=sys.stderr)
        return exc.status
    except (params.ParameterError, FileNotFoundError, UnsafePath, RuntimeError) as exc:
        print(f"xxgk render: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:
        return said(exc, "xxgk render")
    ok = sum(r.get("status") == "ok" for r in result["rendered"])  # as the manifest counts
    print(summary_line(args.notebook, ok, len(result["skipped"]),
                       len(result["failed"]), Path(args.out) / args.notebook))
    for rec in result["failed"]:
        print(f"  FAILED {rec['name']}: {rec['error']}", file=sys.stderr)
    print(result["index"].resolve())
    return exit_status(len(result["failed"]), len(result["planned"]), args.strict)
