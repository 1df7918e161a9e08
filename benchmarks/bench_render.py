"""Render benchmark, whole commands as a user runs them: `xxgk render agency_profile` timed as a
process against papermill on a minimal notebook (import pandas and matplotlib, one bar chart,
save a PNG), the two alternated in each round (the machine is shared: its speed drifts).

  one agency:   `xxgk render agency_profile --agency ONE --force`  vs  `papermill` (its CLI),
                and the same with `--in-process` (the page in the command's own process)
  N agencies:   `xxgk render … --agency all --jobs 1 --force`, and `--jobs 2`, vs a process
                running `papermill.execute_notebook` in a loop (N notebooks, or --loop-pages)
on the bundled sample (12 agencies) and on simulated agencies (--simulated). Each ratio is the
median of the rounds' own ratios (each round's runs are neighbours in time), with its spread.
With --baseline DIR (a checkout of an earlier version), the one-agency command of that version
is alternated with this one's too. Pages rendered by the warm kernels are compared byte for byte
with pages rendered with a fresh kernel each (--isolated).

    .venv/bin/python benchmarks/bench_render.py                       # sample + 100 simulated
    .venv/bin/python benchmarks/bench_render.py --simulated 0 --rounds 5 --baseline /tmp/base

Data and outputs go to benchmarks/work/ (git-ignored); results to benchmarks/render_results.md.
In-process figures (where a page's time goes, memory at scale): bench_render_pages.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))
from bench_render_pages import dataset, minimal_notebook, same_pages  # noqa: E402

XXGK = [sys.executable, "-m", "analysis"]
PAPERMILL = str(Path(sys.executable).with_name("papermill"))
LOOP = """
import sys
from pathlib import Path
import papermill
nb, folder, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    (folder / str(i)).mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(nb, str(folder / str(i) / "out.ipynb"), parameters={"x": i},
                               cwd=str(folder / str(i)), progress_bar=False, kernel_name="python3")
"""


def timed(cmd: list[str], env: dict | None = None, server: dict | None = None) -> dict:
    """Wall and CPU seconds (the process and its children: kernels, workers) of one command;
    with PYTHONPATH in `env`, run in that checkout (`python -m` puts its folder first). With a
    `server` (a render server the command gives its run to), the CPU the server and its kernel
    spent meanwhile is counted too."""
    cwd = env["PYTHONPATH"] if env else ROOT
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    held = server_cpu(server)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu + server_cpu(server) - held}


def server_cpu(server: dict | None) -> float:
    """CPU seconds of the render server's process and its living children (its kernel)."""
    if server is None:
        return 0.0
    import psutil

    proc = psutil.Process(server["proc"].pid)
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            c = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += c.user + c.system
    return total


def render_cmd(ds: Path, out: Path, agency: str, jobs: int = 2) -> list[str]:
    return [*XXGK, "render", "agency_profile", "--agency", agency, "--dataset", str(ds),
            "--out", str(out), "--jobs", str(jobs), "--force", "--quiet"]


def commands(ds: Path, label: str, one: str, loop_pages: int, pages: int,
             baseline: Path | None, served: bool = False
             ) -> dict[str, tuple[list[str], dict | None]]:
    """name -> (command, environment) of everything a round runs for this corpus."""
    folder = WORK / "whole" / label
    nb = WORK / "whole" / "minimal.ipynb"
    cmds = {"xxgk_jobs1": (render_cmd(ds, folder / "jobs1", "all", 1), None),
            "loop": ([sys.executable, "-c", LOOP, str(nb), str(folder / "loop"),
                      str(loop_pages or pages)], None),
            "xxgk_jobs2": (render_cmd(ds, folder / "jobs2", "all", 2), None)}
    if one:
        cmds = {"xxgk_one": (render_cmd(ds, folder / "one", one), None),
                "papermill_cli": ([PAPERMILL, "--cwd", str(folder / "pm"), "-k", "python3",
                                   "--no-progress-bar", str(nb), str(folder / "pm" / "out.ipynb")],
                                  None), **cmds}
        (folder / "pm").mkdir(parents=True, exist_ok=True)
    if one:  # the page in the command's own process, no kernel process
        cmds["xxgk_one_here"] = (render_cmd(ds, folder / "here", one) + ["--in-process"], None)
    if served:  # the same commands, given to a render server (`xxgk serve`) already warm
        if one:
            cmds["xxgk_one_served"] = (render_cmd(ds, folder / "served", one), None)
        cmds["xxgk_jobs1_served"] = (render_cmd(ds, folder / "served", "all", 1), None)
    if one and baseline:
        cmds["before_one"] = (render_cmd(ds, folder / "before", one),
                              dict(os.environ, PYTHONPATH=str(baseline)))
    return cmds


def measure(label: str, ds: Path, rounds: int, one: str, loop_pages: int,
            baseline: Path | None, served: bool = True) -> dict:
    from analysis.render.api import slices

    ids = sorted(slices.reports(ds)["agency_id"].dropna().astype(str).unique())
    cmds = commands(ds, label, one, loop_pages, len(ids), baseline, served)
    runs = []
    server = start_server(WORK / "whole" / label / "served") if served else None
    try:
        _rounds(label, ids, cmds, rounds, loop_pages, runs, server)
    finally:
        if server:
            stop_server(server)
    isolated = WORK / "whole" / label / "isolated"
    some = ids[:3]
    subprocess.run(render_cmd(ds, isolated, ",".join(some)) + ["--isolated"], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    compared, differ = same_pages(WORK / "whole" / label / "jobs1" / "agency_profile",
                                  isolated / "agency_profile", some)
    row = _row(label, ids, loop_pages, runs, compared=compared, differ=differ)
    if served:
        row["served_compared"], row["served_differ"] = same_pages(
            WORK / "whole" / label / "served" / "agency_profile", isolated / "agency_profile",
            some)
        row["server_start"] = server["ready"]
    return row


def start_server(out: Path) -> dict:
    """`xxgk serve --out OUT` started, and the seconds it took to say it is ready (its kernel
    started and warm)."""
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    proc = subprocess.Popen([*XXGK, "serve", "--out", str(out), "--idle", "3600"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if "rendering for" not in line:
        proc.kill()
        raise SystemExit(f"xxgk serve did not start: {line}{proc.stdout.read()}")
    return {"proc": proc, "out": out, "ready": time.perf_counter() - t}


def stop_server(server: dict) -> None:
    subprocess.run([*XXGK, "serve", "--stop", "--out", str(server["out"])], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        server["proc"].wait(timeout=60)
    except subprocess.TimeoutExpired:
        server["proc"].kill()


def _rounds(label: str, ids: list[str], cmds: dict, rounds: int, loop_pages: int, runs: list,
            server: dict | None) -> None:
    for r in range(rounds):
        names = list(cmds) if r % 2 == 0 else list(reversed(cmds))  # alternate the order too
        load = os.getloadavg()[0]
        runs.append({name: timed(*cmds[name], server if name.endswith("_served") else None)
                     for name in names})
        runs[-1]["load"] = {"wall": load, "cpu": load}  # the machine's 1-minute load, at start
        print(label, r + 1, {k: round(v["wall"], 2) for k, v in runs[-1].items()}, flush=True)
        keep(_row(label, ids, loop_pages, runs, compared=0, differ=0, partial=True,
                  **({"server_start": server["ready"]} if server else {})))


def _row(label: str, ids: list[str], loop_pages: int, runs: list, **more) -> dict:
    """A corpus's row of results (`more`: the page comparison, whether it is partial)."""
    return {"label": label, "when": time.strftime("%Y-%m-%d %H:%M"), "pages": len(ids),
            "loop_pages": loop_pages or len(ids), "runs": runs, **more}


def ratios(row: dict, a: str, b: str, per_a: int = 1, per_b: int = 1, key: str = "wall"
           ) -> list[float]:
    return [(r[a][key] / per_a) / (r[b][key] / per_b) for r in row["runs"]]


def cell(values: list[float]) -> str:
    return (f"**{statistics.median(values):.2f}×** ({min(values):.2f}–{max(values):.2f}; "
            + ", ".join(f"{v:.2f}" for v in values) + ")")


def seconds(row: dict, name: str, key: str = "wall") -> str:
    values = [r[name][key] for r in row["runs"]]
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def _pairs(r: dict) -> list[tuple[str, str, str, int, int, str]]:
    """(what, a, b, pages of a, pages of b, aim) of each ratio the row can give."""
    n, k = r["pages"], r["loop_pages"]
    out = []
    if "xxgk_one" in r["runs"][0]:
        out.append(("one agency: `xxgk render --agency ONE` / `papermill` CLI, minimal "
                    "notebook", "xxgk_one", "papermill_cli", 1, 1, "≤ 0.8×"))
    if "xxgk_one_here" in r["runs"][0]:
        out.append(("one agency, the page in the command's process: `--in-process` / without",
                    "xxgk_one_here", "xxgk_one", 1, 1, "< 1× to pay off"))
    if "xxgk_one_served" in r["runs"][0]:
        out.append(("one agency, a render server running (`xxgk serve`, started once before "
                    "the rounds): `xxgk render --agency ONE` / `papermill` CLI",
                    "xxgk_one_served", "papermill_cli", 1, 1, "≤ 0.8×"))
    if "before_one" in r["runs"][0]:
        out.append(("one agency: this version / the baseline's", "xxgk_one", "before_one", 1, 1,
                    "< 1×"))
    out.append((f"{n} agencies, one worker, per page: `xxgk render --agency all --jobs 1` / a "
                f"papermill loop over {k} minimal notebooks", "xxgk_jobs1", "loop", n, k,
                "≤ 0.6×" if n < 50 else "≤ 0.4×"))
    if "xxgk_jobs1_served" in r["runs"][0]:
        out.append((f"{n} agencies, one worker, a render server running: `xxgk render --agency "
                    f"all --jobs 1` / the papermill loop", "xxgk_jobs1_served", "loop", n, k,
                    "≤ 0.6×" if n < 50 else "≤ 0.4×"))
    out.append(("two workers' speed-up: `--jobs 1` / `--jobs 2`", "xxgk_jobs1", "xxgk_jobs2", 1,
                1, "≥ 1.7×"))
    return out


def _when(r: dict) -> str:
    loads = ", ".join(f"{x['load']['wall']:.0f}" for x in r["runs"] if "load" in x)
    return (f"{r['label']} {r.get('when', '?')} ({len(r['runs'])} rounds"
            + (f"; the machine's load average at each round's start: {loads}" if loads else "")
            + ("; the run was stopped before its last round" if r.get("partial") else "") + ")")


def report(rows: list[dict], timeline: str | None) -> str:
    lines = ["# Render benchmark: whole commands", "",
             f"`python benchmarks/bench_render.py {' '.join(sys.argv[1:])}` (rows of earlier "
             "runs kept: see each row's date) on "
             f"{platform.platform()}, {os.cpu_count()} cores (shared with other developers' "
             f"work), Python {platform.python_version()}; {time.strftime('%Y-%m-%d %H:%M')}. "
             "Every figure is a whole process, started and waited for (imports, planning, "
             "kernel starts, pages, exit); in each round the commands run one after the other, "
             "in reverse order every other round. Ratios are medians of the rounds' own ratios "
             "(min–max; each round); seconds are medians (min–max).", "",
             "| corpus | what | wall-time ratio (rounds) | CPU-time ratio (rounds) | aim |",
             "|---|---|---|---|---|"]
    for r in rows:
        for what, a, b, na, nb, aim in _pairs(r):
            wall, cpu = (cell(ratios(r, a, b, na, nb, key)) for key in ("wall", "cpu"))
            lines.append(f"| {r['label']} | {what} | {wall} | {cpu} | {aim} |")
    lines += ["", "Seconds of each command, wall (and CPU of the process and its children):", "",
              "| corpus | command | wall s | CPU s |", "|---|---|---|---|"]
    for r in rows:
        for name in (n for n in r["runs"][0] if n != "load"):
            lines.append(f"| {r['label']} | {name} | {seconds(r, name)} | "
                         f"{seconds(r, name, 'cpu')} |")
    lines += ["", "Pages equal to those of a fresh kernel per page (`--isolated`, first three "
              "agencies, charts and tables byte for byte): "
              + ", ".join(f"{r['label']} {r['compared'] - r['differ']}/{r['compared']} files"
                          for r in rows) + "."]
    served = [r for r in rows if "served_compared" in r or "server_start" in r]
    if served:
        lines += ["", "Render server (`xxgk serve --out …`, its own process, started before the "
                  "rounds and kept warm through them): seconds from its start to ready: "
                  + ", ".join(f"{r['label']} {r['server_start']:.2f}" for r in served)
                  + "; served pages equal to fresh kernels' (first three agencies): "
                  + ", ".join(f"{r['label']} {r.get('served_compared', 0) - r.get('served_differ', 0)}"
                              f"/{r.get('served_compared', 0)} files" for r in served) + "."]
    lines += ["", "Measured: " + ", ".join(map(_when, rows)) + "."]
    if timeline:
        lines += ["", "## Timeline of one agency's command", "", timeline]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--simulated", type=int, default=100, help="simulated agencies (0: none)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--loop-pages", type=int, default=25,
                   help="notebooks in the papermill loop for the simulated corpus (0: as many "
                        "as agencies); the ratio is per page")
    p.add_argument("--baseline", type=Path, help="a checkout of an earlier version")
    p.add_argument("--timeline", type=Path, help="a file with the timelines to include")
    p.add_argument("--no-sample", action="store_true",
                   help="only the simulated corpus (the sample's rows of an earlier run are kept)")
    args = p.parse_args()
    os.chdir(ROOT)
    import nbformat

    (WORK / "whole").mkdir(parents=True, exist_ok=True)
    nbformat.write(minimal_notebook(), WORK / "whole" / "minimal.ipynb")
    if args.timeline:
        TIMELINE.append(args.timeline.read_text(encoding="utf-8"))
    rows = [] if args.no_sample else [measure("sample", dataset("sample", 0), args.rounds,
                                              "sl-city", 0, args.baseline)]
    if args.simulated:
        rows.append(measure(f"simulated-{args.simulated}",
                            dataset(f"sim{args.simulated}", args.simulated), args.rounds, "",
                            args.loop_pages, None))
    for row in rows:
        keep(row)
    print(KEPT.with_suffix(".md").read_text(encoding="utf-8"))
    shutil.copy(KEPT.with_suffix(".md"), HERE / "render_results.md")


KEPT = WORK / "whole" / "rows.json"  # every corpus's last row (--simulated 0, then --no-sample)
TIMELINE: list[str] = []


def keep(row: dict) -> None:
    """Keep `row` (replacing that corpus's earlier one) and write the report of all kept rows
    beside them (a run stopped early keeps the rounds it finished)."""
    saved = json.loads(KEPT.read_text(encoding="utf-8")) if KEPT.exists() else {}
    saved[row["label"]] = row
    KEPT.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    text = report(list(saved.values()), TIMELINE[0] if TIMELINE else None)
    KEPT.with_suffix(".md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
