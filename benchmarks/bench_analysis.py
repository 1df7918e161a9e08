"""Analysis benchmark at scale: ~20,000 simulated reports (1,250 agencies x 16 years).

Measures, each step in a fresh process so that its peak memory is its own:
- `load_dataset` of the whole dataset (peak RSS; floor 500 MB), and of one agency's slice with
  everyone's series (what a notebook kernel loads);
- the resolver on every fact, part by part as ingest does, all concept series from the figures
  (floor 2 s on one core) and the same on a tenth of the agencies (the ratio shows the scaling);
- key figures for every agency (one vectorised pass, and one call per agency for 100 agencies);
- the calls the `compare_agencies` and `trends` notebooks make, every chart saved as PNG and SVG
  (floor 30 s each);
- `xxgk ingest` of the same corpus again, nothing changed (the dataset is checked and kept).

    .venv/bin/python benchmarks/bench_analysis.py                  # 1,250 agencies, cached
    .venv/bin/python benchmarks/bench_analysis.py --agencies 120   # a quick run

The simulated corpus and its dataset are cached under benchmarks/work/ (git-ignored) and reused.
Results are printed and written to benchmarks/analysis_results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRELUDE = """
import json, resource, sys, time
import pandas, pyarrow.parquet, matplotlib
import analysis.charts, analysis.tables, analysis.figures, analysis.dataset.store
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
base = rss()
from analysis import load_dataset, metrics, peers, tables, charts
from analysis.charts import compare, trends
root, tmp = sys.argv[1], sys.argv[2]
"""
STEPS = {
    "load_dataset": """
t = time.perf_counter(); ds = load_dataset(root); dt = time.perf_counter() - t
out = {"seconds": dt, "facts": len(ds.facts), "reports": len(ds.reports),
       "agencies": int(ds.reports["agency_id"].nunique()), "figures": len(ds.figures),
       "series": len(ds.series())}
""",
    "load_slice": """
one = str(pyarrow.parquet.read_table(root + "/reports.parquet", columns=["agency_id"])
          .column(0)[0])
t = time.perf_counter()
ds = load_dataset(root, agencies=[one], whole=["series", "reports"])
dt = time.perf_counter() - t
out = {"seconds": dt, "facts": len(ds.facts), "series": len(ds.series())}
""",
    "resolve": """
from analysis.figures import resolve
pf = pyarrow.parquet.ParquetFile(root + "/facts.parquet")
dt, n, nf = 0.0, 0, 0
for i in range(pf.num_row_groups):  # a row group is one ingest part (about 200 reports)
    facts = pf.read_row_group(i).to_pandas()
    t = time.perf_counter(); res = resolve(facts); dt += time.perf_counter() - t
    n, nf = n + len(facts), nf + len(res.figures)
out = {"seconds": dt, "facts": n, "figures": nf, "parts": pf.num_row_groups}
""",
    "series": """
from analysis.figures import build_series
from analysis.dataset import schema
figures = pyarrow.parquet.read_table(root + "/figures.parquet",
                                     read_dictionary=schema.categorical("figures")).to_pandas()
ids = sorted(figures["agency_id"].dropna().astype(str).unique())
tenth = figures[figures["agency_id"].isin(ids[: max(1, len(ids) // 10)])]
t = time.perf_counter(); s = build_series(figures); dt = time.perf_counter() - t
t = time.perf_counter(); s10 = build_series(tenth); dt10 = time.perf_counter() - t
out = {"seconds": dt, "rows": len(s), "concepts": int(s["concept"].nunique()),
       "seconds_tenth": dt10, "ratio": dt / dt10}
""",
    "key_figures": """
ds = load_dataset(root)
t = time.perf_counter(); k = metrics.all_key_figures(ds); dt = time.perf_counter() - t
ids = sorted(ds.reports["agency_id"].dropna().astype(str).unique())[:100]
latest = metrics.latest_years(ds)
t = time.perf_counter()
for a in ids:
    metrics.key_figures(ds, a, int(latest[a]))
dt100 = time.perf_counter() - t
out = {"seconds": dt, "rows": len(k), "agencies": int(k["agency_id"].nunique()),
       "seconds_per_agency_call": dt100 / len(ids)}
""",
    "compare_agencies": """
from pathlib import Path
ds = load_dataset(root)
t = time.perf_counter()
year = metrics.latest_year(ds)
ids = peers.select_agencies(ds)
figs = [compare.ranking(ds, "requests_received", year, ids),
        compare.ranking(ds, "reviews_total", year, ids),
        compare.ranking(ds, "suits_total", year, ids),
        compare.mix(ds, "outcomes", year, ids), compare.mix(ds, "applicants", year, ids),
        compare.mix(ds, "channels", year, ids),
        compare.small_multiples(ds, "requests_received", ids)]
tabs = [tables.ranking(ds, "requests_received", year, ids), tables.mix(ds, "outcomes", year, ids)]
for i, fig in enumerate(figs):
    charts.save(fig, Path(tmp) / f"compare-{i}")
for i, df in enumerate(tabs):
    tables.save_csv(df, Path(tmp) / f"compare-{i}.csv")
dt = time.perf_counter() - t
out = {"seconds": dt, "charts": len(figs), "agencies": len(ids)}
""",
    "trends": """
from pathlib import Path
ds = load_dataset(root)
t = time.perf_counter()
figs = [trends.over_years(ds, c) for c in ("requests_received", "proactive_total",
                                           "reviews_total")]
figs += [trends.mix_over_years(ds, k) for k in ("outcomes", "channels", "request_channels",
                                                 "categories", "applicants")]
tabs = [tables.mix(ds, "outcomes", by="year")]
for i, fig in enumerate(figs):
    charts.save(fig, Path(tmp) / f"trends-{i}")
tables.save_csv(tabs[0], Path(tmp) / "trends.csv")
dt = time.perf_counter() - t
out = {"seconds": dt, "charts": len(figs)}
""",
}
EPILOGUE = """
out.update(peak_mb=rss(), imports_mb=base)
print(json.dumps(out))
"""


def prepare(work: Path, agencies: int, jobs: int) -> dict:
    """Simulate and ingest once; later runs reuse both."""
    sim, ds = work / "sim", work / "dataset"
    info = {}
    if not (sim / "truth" / "files.csv").exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis.cli", "simulate", "--out", str(sim),
                        "--agencies", str(agencies), "--years", "2009-2024", "--seed", "11",
                        "--forms", "text,markdown,html"], check=True, capture_output=True)
        info["simulate_s"] = time.perf_counter() - t
    if not (ds / "datapackage.json").exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis.cli", "ingest", str(sim), "--out", str(ds),
                        "--jobs", str(jobs), "--quiet"], check=True, capture_output=True)
        info["ingest_s"] = time.perf_counter() - t
    return info


def ingest_again(work: Path, jobs: int) -> dict:
    """`xxgk ingest` of the same corpus once more, nothing changed: seconds, and whether the
    dataset was kept (a dataset assembled by an older xxgk is assembled once first)."""
    cmd = [sys.executable, "-m", "analysis.cli", "ingest", str(work / "sim"), "--out",
           str(work / "dataset"), "--jobs", str(jobs), "--quiet"]
    for _ in range(2):
        t = time.perf_counter()
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        if "kept as they are" in done.stdout:
            return {"seconds": seconds, "kept": True}
    return {"seconds": seconds, "kept": False}


def step(name: str, root: Path, tmp: Path) -> dict:
    code = PRELUDE + STEPS[name] + EPILOGUE
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", code, str(root), str(tmp)], check=True,
                          capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(r: dict, args: argparse.Namespace, info: dict) -> str:
    ld, sl, rs, se, kf = (r[k] for k in ("load_dataset", "load_slice", "resolve", "series",
                                         "key_figures"))
    ca, tr, ia = r["compare_agencies"], r["trends"], r["ingest_again"]
    ok = lambda good: "meets" if good else "MISSES"  # noqa: E731
    lines = [
        "# Analysis benchmark", "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()} "
        f"({os.cpu_count()} CPUs, shared with other work), Python {platform.python_version()}. "
        f"Command: `python benchmarks/bench_analysis.py --agencies {args.agencies}`. "
        f"Dataset: {ld['reports']:,} reports of {ld['agencies']:,} agencies (simulated, every kind "
        f"of noise on, text/Markdown/HTML), {ld['facts']:,} facts, {ld['figures']:,} figures, "
        f"{ld['series']:,} series rows. Each step runs in a fresh process: peak RSS is that "
        "process's maximum, imports (pandas, pyarrow, matplotlib, analysis) included.", "",
        "| step | seconds | peak RSS (MB) | notes |", "|---|---|---|---|",
        f"| load_dataset, whole | {ld['seconds']:.2f} | {ld['peak_mb']:.0f} | "
        f"{ld['peak_mb'] - ld['imports_mb']:.0f} MB over the imports ({ld['imports_mb']:.0f} MB) |",
        f"| load_dataset, one agency + everyone's series | {sl['seconds']:.2f} | "
        f"{sl['peak_mb']:.0f} | {sl['facts']:,} facts, {sl['series']:,} series rows |",
        f"| resolve every fact into figures | {rs['seconds']:.2f} | {rs['peak_mb']:.0f} | "
        f"{rs['facts']:,} facts -> {rs['figures']:,} figures, part by part as ingest does "
        f"({rs['parts']} parts) |",
        f"| all concept series | {se['seconds']:.2f} | {se['peak_mb']:.0f} | {se['concepts']} "
        f"concepts, {se['rows']:,} rows; a tenth of the agencies {se['seconds_tenth']:.2f} s "
        f"(ratio {se['ratio']:.1f}) |",
        f"| key figures, every agency | {kf['seconds']:.2f} | {kf['peak_mb']:.0f} | "
        f"{kf['rows']:,} rows for {kf['agencies']:,} agencies in one pass; one call per agency "
        f"{kf['seconds_per_agency_call'] * 1000:.0f} ms |",
        f"| compare_agencies (the notebook's calls, charts saved) | {ca['seconds']:.1f} | "
        f"{ca['peak_mb']:.0f} | {ca['charts']} charts over {ca['agencies']:,} agencies |",
        f"| trends (the notebook's calls, charts saved) | {tr['seconds']:.1f} | "
        f"{tr['peak_mb']:.0f} | {tr['charts']} charts |",
        f"| `xxgk ingest` again, nothing changed | {ia['seconds']:.2f} | | "
        + ("every table checked against its sha256 and kept" if ia["kept"] else
           "**assembled again** (the inputs' key did not match)") + " |", "",
        "Floors (issue 11):",
        f"- all concept series in under 2 s on one core: {se['seconds']:.2f} s, "
        f"{ok(se['seconds'] < 2)};",
        f"- load_dataset under 500 MB: {ld['peak_mb'] - ld['imports_mb']:.0f} MB over the "
        f"imports, {ok(ld['peak_mb'] - ld['imports_mb'] < 500)} (the process peaks at "
        f"{ld['peak_mb']:.0f} MB with pandas, pyarrow, matplotlib and analysis imported: "
        f"{ok(ld['peak_mb'] < 500)} if those count);",
        f"- compare_agencies and trends each under 30 s: {ca['seconds']:.1f} s and "
        f"{tr['seconds']:.1f} s, {ok(max(ca['seconds'], tr['seconds']) < 30)}.",
    ]
    if info:
        lines.append(f"- Preparing the corpus this run: {json.dumps(info)} (seconds).")
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--agencies", type=int, default=1250)
    p.add_argument("--jobs", type=int, default=2, help="ingest workers (default 2)")
    p.add_argument("--out", default=str(HERE / "analysis_results.md"))
    args = p.parse_args()
    work = HERE / "work" / ("analysis" if args.agencies == 1250 else f"analysis-{args.agencies}")
    info = prepare(work, args.agencies, args.jobs)
    tmp = work / "charts"
    tmp.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in STEPS:
        results[name] = step(name, work / "dataset", tmp)
        print(name, json.dumps(results[name]), flush=True)
    results["ingest_again"] = ingest_again(work, args.jobs)
    print("ingest_again", json.dumps(results["ingest_again"]), flush=True)
    text = report(results, args, info)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
