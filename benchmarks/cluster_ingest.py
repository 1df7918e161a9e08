"""Ingest on a Dask cluster gives the same dataset as a local run (issue 22): a few hundred
simulated reports ingested by local worker processes (`--jobs 2`) and by a LocalCluster with two
workers (`--scheduler`), each as a whole `xxgk ingest` process, then compared table for table
(every row of reports, facts, flags, figures, series and failures; reports.parquet byte for byte).

    .venv/bin/python benchmarks/cluster_ingest.py [--agencies 20]  # writes cluster_ingest.md
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
KEYS = {"reports": ["path"], "facts": ["path", "indicator", "breakdown", "measure", "source"],
        "flags": ["path", "rule", "indicator", "location", "message"], "failures": ["path"],
        "figures": ["report_id", "indicator", "breakdown", "measure"],
        "series": ["report_id", "concept"]}


def ingest(corpus: Path, out: Path, *extra: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis.cli", "ingest", str(corpus), "--out",
                           str(out), "--quiet", *extra], capture_output=True, text=True,
                          check=True)
    return time.perf_counter() - t0, done.stdout.strip().splitlines()[0]


def plain(df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows in key order, categoricals as text (their codes follow the order rows were written)."""
    cats = [c for c in df if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype({c: object for c in cats}).sort_values(key, ignore_index=True)


def compare(a: Path, b: Path) -> dict[str, str]:
    from analysis import load_dataset

    x, y = load_dataset(a), load_dataset(b)
    said = {}
    for name, key in KEYS.items():
        left = plain(getattr(x, name) if name != "series" else x.series(), key)
        right = plain(getattr(y, name) if name != "series" else y.series(), key)
        try:
            pd.testing.assert_frame_equal(left, right)
            said[name] = f"same ({len(left)} rows)"
        except AssertionError as exc:
            said[name] = f"DIFFERENT: {str(exc).splitlines()[0]}"
    same_bytes = (a / "reports.parquet").read_bytes() == (b / "reports.parquet").read_bytes()
    said["reports.parquet"] = "byte for byte" if same_bytes else "DIFFERENT bytes"
    return said


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agencies", type=int, default=20, help="x 16 years of reports")
    args = ap.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        sim = Path(tmp) / "sim"
        subprocess.run([sys.executable, "-m", "analysis.cli", "simulate", "--out", str(sim),
                        "--agencies", str(args.agencies), "--years", "2009-2024", "--seed", "7"],
                       check=True, capture_output=True)
        corpus = sim / "corpus" if (sim / "corpus").is_dir() else sim
        local_s, local_line = ingest(corpus, Path(tmp) / "local", "--jobs", "2")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            remote_s, remote_line = ingest(corpus, Path(tmp) / "cluster", "--scheduler",
                                           cluster.scheduler_address)
        said = compare(Path(tmp) / "local", Path(tmp) / "cluster")
    lines = ["# Ingest on a Dask LocalCluster vs local processes", "",
             f"`python benchmarks/cluster_ingest.py --agencies {args.agencies}` on "
             f"{platform.machine()}, {os.cpu_count()} cores (shared with other work), Python "
             f"{platform.python_version()}. The corpus: `xxgk simulate --agencies "
             f"{args.agencies} --years 2009-2024 --seed 7`. The seconds are not a speed "
             "comparison: both runs shared the two cores with other work, and after parsing, "
             "a cluster run assembles the tables on the machine it runs from with one "
             "process (locally, two settle the neighbouring years).", "",
             "| run | seconds (whole process) | summary |", "| --- | ---: | --- |",
             f"| local, `--jobs 2` | {local_s:.1f} | {local_line} |",
             f"| LocalCluster, 2 workers x 1 thread, `--scheduler` | {remote_s:.1f} | "
             f"{remote_line} |", "", "| table | cluster vs local |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in said.items()]
    (HERE / "cluster_ingest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(v.startswith(("same", "byte")) for v in said.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
