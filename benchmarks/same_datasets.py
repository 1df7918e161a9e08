"""Do two checkouts build the same datasets? Table for table, on a simulated corpus and the real set.

A restructuring (files moved, vocabulary made data) must not change what the tool reads. This
script ingests the same reports with two checkouts of this repository, a baseline commit (checked
out into a temporary git worktree) and the current working tree, and compares the datasets table
by table: reports, facts, figures, series, flags and failures, rows sorted, every value compared as
text, columns that describe the run and not the reports left out (none today: `IGNORED`).

The reports: a simulated corpus (`xxgk simulate`, about 100 reports with every kind of noise,
written once by the current checkout; `--sim DIR` reuses one) and the real development set
(`--corpus`, default ../shared/corpus: real/ and the hand-described files beside it).

    python benchmarks/same_datasets.py [--baseline main] [--agencies 6] [--seed 0] [--sim DIR]
                                       [--corpus ../shared/corpus] [--results same_datasets.md]

Prints one line per corpus and table (rows in each, rows only in one of them, columns only in one)
and writes the same to benchmarks/same_datasets.md. Exit 1 when any table differs.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TABLES = {"reports": "reports.parquet", "facts": "facts.parquet", "figures": "figures.parquet",
          "series": "series.parquet", "flags": "flags.parquet", "failures": "failures.csv"}
IGNORED: set[str] = set()  # columns that say something about the run, not the reports
SHOWN = 3  # differing rows printed per table


def _run(cmd: list[str], root: Path, log: Path) -> None:
    """Run `cmd` with `root`'s `analysis` package first on the path; its output goes to `log`."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    with log.open("w") as f:
        done = subprocess.run(cmd, cwd=root, env=env, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode not in (0, 1):  # 1: some files failed, which the failures table shows
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}; see {log}")


def _ingest(root: Path, reports: Path, out: Path) -> None:
    _run([sys.executable, "-m", "analysis", "ingest", str(reports), "--out", str(out), "--jobs", "2",
          "--no-resume", "--quiet"], root, out.with_suffix(".log"))


def _table(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / TABLES[name]
    if not path.exists():
        return None
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return pd.read_parquet(path)


def _rows(df: pd.DataFrame, columns: list[str]) -> Counter:
    text = df[columns].astype(object).where(df[columns].notna(), "<NA>").astype(str)
    return Counter(map(tuple, text.itertuples(index=False, name=None)))


def compare(base: Path, current: Path, name: str) -> dict:
    """One table of two datasets: row counts, rows only in each (as multisets), column changes."""
    a, b = _table(base, name), _table(current, name)
    if a is None or b is None:
        return {"table": name, "base": None if a is None else len(a),
                "current": None if b is None else len(b), "only_base": [], "only_current": [],
                "columns": "missing in " + ("baseline" if a is None else "current"), "same": a is b}
    common = [c for c in a.columns if c in set(b.columns) and c not in IGNORED]
    changed = sorted(set(a.columns) ^ set(b.columns) - IGNORED)
    ra, rb = _rows(a, common), _rows(b, common)
    only_a, only_b = sorted((ra - rb).elements()), sorted((rb - ra).elements())
    return {"table": name, "base": len(a), "current": len(b), "only_base": only_a,
            "only_current": only_b, "columns": ", ".join(changed),
            "same": not only_a and not only_b and not changed}


def _lines(corpus: str, results: list[dict]) -> list[str]:
    out = []
    for r in results:
        verdict = "same" if r["same"] else "DIFFERENT"
        out.append(f"| {corpus} | {r['table']} | {r['base']} | {r['current']} | {len(r['only_base'])} "
                   f"| {len(r['only_current'])} | {r['columns'] or '-'} | {verdict} |")
    return out


def _examples(corpus: str, results: list[dict]) -> list[str]:
    out = []
    for r in results:
        for side in ("only_base", "only_current"):
            for row in r[side][:SHOWN]:
                out.append(f"- {corpus} {r['table']} {side}: {' | '.join(row)[:300]}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--baseline", default="main", help="commit, branch or tag to compare with")
    p.add_argument("--agencies", type=int, default=6, help="agencies simulated (6: about 100 reports)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--sim", help="an existing simulated corpus to use instead of simulating one")
    p.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    p.add_argument("--results", default=str(HERE / "same_datasets.md"))
    args = p.parse_args(argv)
    rev = subprocess.run(["git", "rev-parse", "--short", args.baseline], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout.strip()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, check=True,
                          capture_output=True, text=True).stdout.strip()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="same-datasets-"))
    base = work / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", str(base), rev], cwd=REPO, check=True,
                   capture_output=True)
    try:
        sim = Path(args.sim) if args.sim else work / "sim"
        if not args.sim:
            _run([sys.executable, "-m", "analysis", "simulate", "--out", str(sim), "--agencies",
                  str(args.agencies), "--seed", str(args.seed)], REPO, work / "simulate.log")
        corpora = {"simulated": sim}
        if Path(args.corpus).is_dir():
            corpora["real"] = Path(args.corpus)
        absent = [] if "real" in corpora else [f"The real development set is absent ({args.corpus}): "
                                                "not compared.", ""]
        table, examples, same = [], [], True
        for label, reports in corpora.items():
            for side, root in (("baseline", base), ("current", REPO)):
                _ingest(root, reports, work / f"{label}-{side}")
            results = [compare(work / f"{label}-baseline", work / f"{label}-current", t)
                       for t in TABLES]
            same = same and all(r["same"] for r in results)
            table += _lines(label, results)
            examples += _examples(label, results)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=REPO,
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    head_note = f"working tree at {head}" + (" (with uncommitted changes)" if subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True,
        text=True).stdout.strip() else "")
    text = "\n".join([
        "# Same datasets: a baseline checkout against the current one", "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
        f"{time.perf_counter() - started:.0f}s. Command: `python benchmarks/same_datasets.py "
        f"--baseline {args.baseline}" + (f" --sim {args.sim}" if args.sim else
                                         f" --agencies {args.agencies} --seed {args.seed}") + "`.",
        f"Baseline {rev}, current {head_note}.", "",
        "| corpus | table | rows baseline | rows current | only baseline | only current "
        "| columns in one only | verdict |", "|---|---|---|---|---|---|---|---|",
        *table, "", *absent, *(["Rows that differ (first few):", "", *examples, ""] if examples else []),
        "Every table the same." if same else "Some tables differ.", ""])
    print(text)
    Path(args.results).write_text(text, encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
