"""Render benchmark inside one process (bench_render.py times the whole commands): what an agency
page costs

In one process and one run, for the bundled sample's agencies and for simulated agencies:
  1. the floor: plain `papermill.execute_notebook` on a minimal notebook (import pandas and
     matplotlib, one bar chart, save a PNG), once per page;
  2. plain papermill on `agency_profile` (a fresh kernel per page, as before the warm engine);
  3. `xxgk render agency_profile --jobs 1` and 4. `--jobs 2` (warm kernels), from scratch;
then the pages of 4 are compared byte for byte (charts, tables) with those of 2 (the floor and
the plain loop may run on the first N agencies only: --plain-limit), and the page's
own time is split into analysis (figures and chart data), chart output (PNG) and the rest.
Each round also measures what two processes give on this machine at that moment (a fixed piece
of CPU work, twice in one process against once in each of two): the reference for --jobs 2.

    .venv/bin/python benchmarks/bench_render_pages.py                 # sample + 100 simulated agencies
    .venv/bin/python benchmarks/bench_render_pages.py --simulated 20  # a quicker run
    .venv/bin/python benchmarks/bench_render_pages.py --plain-limit 30  # references on 30 of 100
    .venv/bin/python benchmarks/bench_render_pages.py --at-scale benchmarks/work/analysis/dataset
        # also 20 pages of bench_analysis.py's 19,192-report dataset: memory per worker

Data and outputs go to benchmarks/work/ (git-ignored); results to benchmarks/render_pages_results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
MINIMAL = [
    "import pandas as pd\nimport matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt",
    "df = pd.DataFrame({'year': [2021, 2022, 2023], 'n': [3, 5, 4]})\n"
    "fig, ax = plt.subplots()\nax.bar(df['year'], df['n'])\nfig.savefig('chart.png')\n"
    "plt.close(fig)",
]


def xxgk(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "analysis", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def dataset(name: str, simulated: int) -> Path:
    """benchmarks/work/NAME/dataset, ingested once (sample, or `simulated` agencies); a folder
    written by an older xxgk (no datapackage.json) is ingested again."""
    ds = WORK / name / "dataset"
    if (ds / "datapackage.json").exists():
        return ds
    shutil.rmtree(ds, ignore_errors=True)
    source = ROOT / "data" / "sample"
    if simulated:
        source = WORK / name / "corpus"
        xxgk("simulate", "--out", str(source), "--agencies", str(simulated), "--years",
             "2016-2024", "--seed", "13", "--forms", "text,html,markdown")
    xxgk("ingest", str(source), "--out", str(ds), "--jobs", "2")
    return ds


def minimal_notebook():
    from nbformat import v4

    nb = v4.new_notebook(cells=[v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}),
                                *map(v4.new_code_cell, MINIMAL)])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    return nb


def plain_papermill(nb, jobs: list[dict], folder: Path) -> float:
    """Seconds per notebook, papermill's own engine in a loop (a fresh kernel each time)."""
    import papermill

    from analysis.render.engine.kernels import IpcKernelManager

    t = time.perf_counter()
    for i, params in enumerate(jobs):
        cwd = folder / str(i)
        cwd.mkdir(parents=True, exist_ok=True)
        papermill.execute_notebook(nb, str(cwd / "out.ipynb"), parameters=params, cwd=str(cwd),
                                   progress_bar=False, kernel_manager_class=IpcKernelManager)
    return (time.perf_counter() - t) / len(jobs)


def _in_two(fn, halves: list[tuple]) -> float:
    """Wall seconds of fn(*halves[0]) and fn(*halves[1]) run at once in two forked processes.
    (Not papermill's loop in two processes: a fresh kernel's start waits as much as it works,
    so two such loops overlap their waits and gave 1.5-2.8x, beyond what two cores compute.)"""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=fn, args=args) for args in halves]
    t = time.perf_counter()
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - t
    assert all(proc.exitcode == 0 for proc in procs), [proc.exitcode for proc in procs]
    return seconds


def cpu_work(n: int = 16) -> None:
    """A fixed piece of CPU work in this process: Python arithmetic and numpy sorting."""
    import numpy as np

    rng = np.random.default_rng(0)
    for _ in range(n):
        sum(i * i for i in range(400_000))
        np.sort(rng.random(400_000))


def cpu_speed_up() -> float:
    """The same work done twice in this process, against once in each of two processes."""
    t = time.perf_counter()
    cpu_work()
    cpu_work()
    one = time.perf_counter() - t
    return one / _in_two(cpu_work, [(), ()])


def render(ds: Path, out: Path, jobs: int, agency: str = "all") -> tuple[float, list[dict]]:
    from analysis.render import batch

    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    result = batch.render("agency_profile", agency=agency, dataset=str(ds), out=out, jobs=jobs,
                          quiet=True, force=True)
    seconds = time.perf_counter() - t
    if jobs == 1:  # the worker was this process: its kernel goes, the next run boots its own
        from analysis.render.engine import kernels, worker

        kernels.close_all()
        worker._READY.clear()
    assert not result["failed"], result["failed"][:2]
    return seconds / len(result["rendered"]), result["rendered"]


def same_pages(a: Path, b: Path, ids: list[str]) -> tuple[int, int]:
    """(files compared, files that differ) between two renders of the same agencies."""
    n = bad = 0
    for agency in ids:
        for sub in ("charts", "tables"):
            for f in sorted((b / agency / sub).iterdir()):
                n += 1
                bad += f.read_bytes() != (a / agency / sub / f.name).read_bytes()
    return n, bad


def split(ds: Path, ids: list[str]) -> dict:
    """In this process, no kernel: seconds per page in analysis (tables, chart data and figure
    objects) and chart output (PNG at page resolution)."""
    from analysis import charts, metrics, tables
    from analysis.charts import output
    from analysis.render.api import slices

    names = ["proactive_by_year", "proactive_channels", "proactive_categories",
             "requests_by_year", "requests_by_channel", "requests_by_applicant",
             "request_outcomes", "reviews_and_suits", "long_series"]
    analysis = drawing = 0.0
    for agency in ids:
        t = time.perf_counter()
        sub = slices.load(ds, [agency])
        year = metrics.latest_year(sub, agency)
        tables.key_figures(sub, agency, year)
        tables.flags(sub, agency)
        figs = [getattr(charts, n)(sub, agency, year=year if "year" in n or "outcomes" in n
                                   or "suits" in n or "applicant" in n else None) for n in names]
        analysis += time.perf_counter() - t
        t = time.perf_counter()
        for fig in figs:
            output.png_bytes(fig, output.PAGE_DPI)
        drawing += time.perf_counter() - t
    return {"analysis": analysis / len(ids), "chart_output": drawing / len(ids)}


def in_cells(folder: Path) -> float:
    """Mean seconds per page spent inside the notebook's cells (papermill's cell timings); the
    rest of a page's time is the engine's: reset, messages, papermill, export, writing."""
    total = []
    for nb in folder.glob("*/notebook.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        total.append(sum(c["metadata"].get("papermill", {}).get("duration") or 0
                         for c in cells if c["cell_type"] == "code"))
    return sum(total) / len(total)


def measure(label: str, ds: Path, limit: int = 0, rounds: int = 3) -> dict:
    """All of it for one corpus. The floor, `--jobs 1` and `--jobs 2` are measured `rounds`
    times in turn (floor, jobs 1, jobs 2, floor, ...), and each ratio is the median of the
    rounds' own ratios: the machine's speed drifts over minutes, a round's three runs are
    neighbours. The plain-papermill agency_profile loop (the slow reference, also the pages to
    compare) runs once; both papermill loops on the first `limit` agencies only, when given."""
    import statistics

    import nbformat

    from analysis.render.api import slices

    ids = sorted(slices.reports(ds)["agency_id"].dropna().astype(str).unique())
    some = ids[:limit] if limit else ids
    folder = WORK / label
    shutil.rmtree(folder / "plain", ignore_errors=True)
    nb = (ROOT / "analysis" / "notebooks" / "agency_profile.ipynb").read_text(encoding="utf-8")
    plain_out = folder / "plain"
    plain = plain_papermill(nbformat.reads(nb, as_version=4), [
        {"agency_id": a, "dataset": str(ds), "out_dir": str(plain_out / a)} for a in some],
        folder / "plain-nb")
    runs = []
    for _ in range(rounds):
        floor = plain_papermill(minimal_notebook(), [{"x": i} for i in range(len(some))],
                                folder / "minimal")
        one, _ = render(ds, folder / "jobs1", 1)
        two, records = render(ds, folder / "jobs2", 2)
        runs.append({"floor_s": floor, "jobs1_s": one, "jobs2_s": two,
                     "cpu_speed_up": cpu_speed_up()})
    compared, differ = same_pages(folder / "jobs2" / "agency_profile", plain_out, some)
    parts = split(ds, ids)
    parts["cells"] = in_cells(folder / "jobs1" / "agency_profile")
    peaks = {k: max((r["peak_mb"][k] or 0) for r in records) for k in ("kernel", "worker")}
    middle = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    return {"label": label, "pages": len(ids), "plain_pages": len(some), "plain_s": plain,
            **middle, "rounds": runs,
            "page_ratio": statistics.median(r["jobs1_s"] / r["floor_s"] for r in runs),
            "speed_up": statistics.median(r["jobs1_s"] / r["jobs2_s"] for r in runs),
            "relative": statistics.median(r["jobs1_s"] / r["jobs2_s"] / r["cpu_speed_up"]
                                          for r in runs),
            "compared": compared, "differ": differ,
            **parts, "peak_kernel_mb": peaks["kernel"], "peak_worker_mb": peaks["worker"]}


def at_scale(ds: Path, pages: int) -> dict:
    """Memory at scale: `pages` agencies spread over a large dataset (e.g. bench_analysis.py's
    19,192 reports), rendered with two workers; each kernel loads its agency's rows only."""
    from analysis.render.api import slices

    reports = slices.reports(ds)
    ids = sorted(reports["agency_id"].dropna().astype(str).unique())
    chosen = ids[::max(1, len(ids) // pages)][:pages]
    seconds, records = render(ds, WORK / "at-scale", 2, ",".join(chosen))
    return {"dataset": str(ds), "reports": len(reports), "agencies": len(ids),
            "pages": len(chosen), "jobs2_s": seconds,
            **{f"peak_{k}_mb": max((r["peak_mb"][k] or 0) for r in records)
               for k in ("kernel", "worker")}}


def _each(r: dict, a: str, b: str) -> str:
    """The rounds' own ratios a/b, as written in the table ("0.66, 0.71, 0.69")."""
    return ", ".join(f"{x[a] / x[b]:.2f}" for x in r["rounds"])


def report(rows: list[dict], scale: dict | None = None) -> str:
    lines = ["# Render benchmark", "",
             f"`python benchmarks/bench_render_pages.py` on {platform.platform()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}; "
             f"{time.strftime('%Y-%m-%d %H:%M')}. One process, one run: ratios are against "
             "the floor measured in the same run (the machine is shared and noisy): the floor, "
             "--jobs 1 and --jobs 2 run in turn, round after round; seconds are the rounds' "
             "medians, each ratio the median of the rounds' own ratios (listed in brackets).",
             "",
             "| corpus | pages (plain papermill on) | floor: minimal notebook (s) | "
             "plain papermill page (s) | "
             "xxgk --jobs 1 (s/page) | xxgk --jobs 2 (s/page) | page / floor, jobs 1 (rounds) | "
             "jobs 2 speed-up (rounds) | pages equal isolated | peak kernel MB | peak worker MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['pages']} ({r['plain_pages']}) | {r['floor_s']:.2f} | "
            f"{r['plain_s']:.2f} | "
            f"{r['jobs1_s']:.2f} | {r['jobs2_s']:.2f} | {r['page_ratio']:.2f}× "
            f"({_each(r, 'jobs1_s', 'floor_s')}) | "
            f"{r['speed_up']:.2f}× ({_each(r, 'jobs1_s', 'jobs2_s')}) | "
            f"{r['compared'] - r['differ']}/"
            f"{r['compared']} files | {r['peak_kernel_mb']:.0f} | {r['peak_worker_mb']:.0f} |")
    lines += ["", "What two processes give on this machine, measured in each round right after "
              "--jobs 2: a fixed piece of CPU work (Python arithmetic, numpy sorting) done twice "
              "in one process against once in each of two at the same time. On two dedicated "
              "cores it would be near 2×; on this shared machine it is what any two busy "
              "processes get. The last column is xxgk's two-worker speed-up over it, round by "
              "round (1.00: two workers do as well as two independent processes).", "",
              "| corpus | xxgk --jobs 2 speed-up (rounds) | CPU work in two processes (rounds) | "
              "xxgk / CPU work (rounds) |", "|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['speed_up']:.2f}× ({_each(r, 'jobs1_s', 'jobs2_s')}) | "
            f"{r['cpu_speed_up']:.2f}× ("
            + ", ".join(f"{x['cpu_speed_up']:.2f}" for x in r["rounds"]) + ") | "
            f"{r['relative']:.2f} ("
            + ", ".join(f"{x['jobs1_s'] / x['jobs2_s'] / x['cpu_speed_up']:.2f}"
                        for x in r["rounds"]) + ") |")
    lines += ["", "Where one page's time goes (jobs 1). Engine: the page's time outside its "
              "cells (papermill's cell timings). Analysis and chart output: the same calls "
              "measured in this process without a kernel, at another moment of the run (the "
              "machine's load moves, so the columns need not add up).", "",
              "| corpus | page (s) | engine, outside the cells (s) | in the cells (s) | "
              "analysis: figures, chart data, figure objects (s) | chart output: 9 PNG (s) | "
              "analysis share of the cells |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['label']} | {r['jobs1_s']:.2f} | {r['jobs1_s'] - r['cells']:.2f} | "
                     f"{r['cells']:.2f} | {r['analysis']:.2f} | {r['chart_output']:.2f} | "
                     f"{r['analysis'] / (r['analysis'] + r['chart_output']):.0%} |")
    lines += ["", "Notes: xxgk's seconds per page are the wall time of the whole `render` call "
              "(planning, kernel starts, every page) divided by the pages. Peak kernel MB is "
              "the largest kernel's resident peak; peak worker MB the largest worker process's "
              "(a forked worker counts the memory of the benchmark process it was forked from)."
              " Issue 13's floors: page ≤ 0.7× the floor with one worker, ≥ 1.7× with two."]
    if scale:
        lines += ["", f"At scale (`--at-scale`): {scale['pages']} agencies of a dataset of "
                  f"{scale['reports']:,} reports ({scale['agencies']:,} agencies), two workers: "
                  f"{scale['jobs2_s']:.2f} s a page; peak kernel {scale['peak_kernel_mb']:.0f} MB, "
                  f"peak worker {scale['peak_worker_mb']:.0f} MB (issue 13's aim: under 500 MB a "
                  "worker)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--simulated", type=int, default=100, help="simulated agencies (0: none)")
    p.add_argument("--at-scale", metavar="DATASET",
                   help="also render --at-scale-pages agencies of this large dataset (memory)")
    p.add_argument("--at-scale-pages", type=int, default=20)
    p.add_argument("--rounds", type=int, default=3,
                   help="floor, --jobs 1 and --jobs 2 measured this many times in turn")
    p.add_argument("--plain-limit", type=int, default=0,
                   help="run the plain-papermill references on this many agencies (0: all)")
    args = p.parse_args()
    os.chdir(ROOT)
    rows = [measure("sample", dataset("sample", 0), rounds=args.rounds)]
    if args.simulated:
        rows.append(measure(f"simulated-{args.simulated}",
                            dataset(f"sim{args.simulated}", args.simulated), args.plain_limit,
                            args.rounds))
    scale = at_scale(Path(args.at_scale), args.at_scale_pages) if args.at_scale else None
    finish(rows, scale)


def finish(rows: list[dict], scale: dict | None = None) -> None:
    (WORK / "render_rows.json").write_text(json.dumps({"rows": rows, "at_scale": scale},
                                                      indent=1), encoding="utf-8")
    text = report(rows, scale)
    print(text)
    (HERE / "render_pages_results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
