"""`xxgk render NOTEBOOK --agency ID|all`: run a notebook per agency with papermill in worker
processes; write per run the executed notebook, report.html (code hidden), charts/ and tables/;
then out/index.html. Unknown parameters are refused before anything runs; a failed agency does
not stop the others; runs whose inputs did not change are skipped unless --force.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from analysis.render import paths

# The heavy imports (papermill, nbconvert, matplotlib) happen inside the functions, so that
# `xxgk --help` and the other subcommands do not pay for them.


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("notebook", help="notebook name (agency_profile, trends, …) or path")
    p.add_argument("--agency", help="agency id, several ids separated by commas, or 'all'")
    p.add_argument("--year", type=int, help="passed to the notebook as `year`")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE",
                   help="any other notebook parameter (repeatable)")
    p.add_argument("--dataset", help="dataset folder (default: outputs/dataset, ingested from "
                                     "data/ on first use)")
    p.add_argument("--out", default=str(paths.OUTPUTS), help="output folder (default outputs/)")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--force", action="store_true", help="render even when inputs are unchanged")
    p.add_argument("--strict", action="store_true", help="exit 1 when any run failed")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def plan(notebook: Path, agency: str | None, given: dict, dataset: Path, out: Path) -> list[dict]:
    """The jobs to run, parameters checked against the notebook. Raises ParameterError."""
    from analysis import load_dataset, metrics
    from analysis.render import index_page, manifest, params

    declared = params.declared(notebook)
    ds = load_dataset(dataset)
    if agency:
        known = sorted(ds.reports["agency_id"].dropna().unique())
        ids = known if agency == "all" else [a.strip() for a in agency.split(",") if a.strip()]
        missing = sorted(set(ids) - set(known))
        if missing:
            raise params.ParameterError(f"agency id(s) not in {dataset}: {', '.join(missing)}")
        runs = [(a, {**given, "agency_id": a}, f"{metrics.agency_name(ds, a)}（{a}）")
                for a in ids]
    elif "agency_id" in declared:
        raise params.ParameterError(f"{notebook.name} takes agency_id: give --agency ID|all")
    else:
        runs = [("all", dict(given), index_page.TITLES.get(notebook.stem, notebook.stem))]
    data, code = manifest.dataset_hash(dataset), manifest.code_hash()
    jobs = []
    for name, values, title in runs:
        folder = out / notebook.stem / name
        if "dataset" in declared:
            values["dataset"] = str(dataset.resolve())
        params.check(notebook, {**values, **({"out_dir": ""} if "out_dir" in declared else {})})
        key = manifest.run_key(notebook, values, data, code)
        if "out_dir" in declared:
            values["out_dir"] = str(folder.resolve())
        jobs.append({"name": name, "notebook": str(notebook), "folder": str(folder),
                     "parameters": values, "title": title, "key": key})
    return jobs


def _execute(jobs: list[dict], n_workers: int, quiet: bool):
    """Yield each job's record as it finishes, in-process for one worker, else in a pool."""
    from tqdm import tqdm

    from analysis.render import worker

    bar = tqdm(total=len(jobs), unit="notebook", file=sys.stderr, disable=quiet or not jobs)
    if n_workers <= 1:
        worker.init_worker(str(paths.ROOT))
        for job in jobs:
            bar.set_postfix_str(job["name"])
            yield worker.run_one(job)
            bar.update()
    else:
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        with ProcessPoolExecutor(n_workers, mp_context=ctx, initializer=worker.init_worker,
                                 initargs=(str(paths.ROOT),)) as pool:
            futures = {pool.submit(worker.run_one, job): job for job in jobs}
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    yield fut.result()
                except Exception as exc:  # the worker process itself died
                    yield {"name": job["name"], "key": job["key"], "title": job["title"],
                           "status": "failed", "error": f"worker: {exc!r}", "notebook": "",
                           "html": "", "files": []}
                bar.update()
    bar.close()


def render(notebook: str, *, agency: str | None = None, given: dict | None = None,
           dataset: str | None = None, out: str | Path = paths.OUTPUTS, jobs: int = 2,
           force: bool = False, quiet: bool = False) -> dict:
    """Render and return {"rendered": [...records], "skipped": [...names], "failed": [...],
    "index": Path}. Raises params.ParameterError before running anything on a bad request."""
    from analysis.render import index_page, manifest

    nb = paths.notebook(notebook)
    out = Path(out)
    planned = plan(nb, agency, dict(given or {}), paths.dataset_dir(dataset), out)
    mpath = out / nb.stem / "manifest.json"
    runs = manifest.load(mpath)
    todo = [j for j in planned if force or not manifest.is_current(
        runs.get(j["name"]), j["key"], Path(j["folder"]))]
    done = []
    for record in _execute(todo, min(jobs, len(todo)), quiet):
        runs[record["name"]] = record
        manifest.save(mpath, runs)
        done.append(record)
    if not mpath.exists():
        manifest.save(mpath, runs)
    skipped = [j["name"] for j in planned if j not in todo]
    failed = [runs[j["name"]] for j in planned if runs.get(j["name"], {}).get("status") != "ok"]
    return {"rendered": done, "skipped": skipped, "failed": failed,
            "index": index_page.write(out)}


def run(args: argparse.Namespace) -> int:
    from analysis.render import params

    given = params.parse_pairs(args.param)
    if args.year is not None:
        given["year"] = args.year
    try:
        result = render(args.notebook, agency=args.agency, given=given, dataset=args.dataset,
                        out=args.out, jobs=args.jobs, force=args.force, quiet=args.quiet)
    except (params.ParameterError, FileNotFoundError) as exc:
        print(f"xxgk render: {exc}", file=sys.stderr)
        return 2
    print(f"{args.notebook}: rendered {len(result['rendered'])}, unchanged "
          f"{len(result['skipped'])}, failed {len(result['failed'])}")
    for rec in result["failed"]:
        print(f"  FAILED {rec['name']}: {rec['error']}", file=sys.stderr)
    print(result["index"].resolve())
    return 1 if args.strict and result["failed"] else 0
