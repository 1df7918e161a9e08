"""Demo benchmark: what `make demo` costs once installed (issue 13's aim: well under a minute on
two cores).

Round after round, in fresh processes as a newcomer runs it (`python -m analysis demo --data data`):
  cold: an empty output folder (ingest, every page, the cross-agency notebooks, every briefing);
  unchanged: the same command again (nothing to redo);
  forced: again with --force (everything rendered again, the dataset kept);
and, as the machine's yardstick in the same rounds, the floor of bench_render.py (plain papermill
on a minimal notebook, a fresh kernel). Seconds are the rounds' medians, each ratio the median of
the rounds' own ratios.

    .venv/bin/python benchmarks/bench_demo.py              # 3 rounds
    .venv/bin/python benchmarks/bench_demo.py --rounds 5

Outputs go to benchmarks/work/demo/ (git-ignored); results to benchmarks/demo_results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench_render import minimal_notebook, plain_papermill, xxgk

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "work" / "demo"
RUNS = ("cold", "unchanged", "forced")


def demo(*extra: str) -> float:
    """Seconds of one `demo` in a new process (it must succeed)."""
    t = time.perf_counter()
    xxgk("demo", "--data", "data", "--out", str(OUT), "--quiet", *extra)
    return time.perf_counter() - t


def one_round() -> dict:
    shutil.rmtree(OUT, ignore_errors=True)
    r = {"cold": demo(), "unchanged": demo(), "forced": demo("--force")}
    r["floor"] = plain_papermill(minimal_notebook(), [{"x": i} for i in range(3)], OUT / "floor")
    return r


def report(rounds: list[dict]) -> str:
    med = {k: statistics.median(r[k] for r in rounds) for k in (*RUNS, "floor")}
    lines = ["# Demo benchmark", "",
             f"`python benchmarks/bench_demo.py` on {platform.platform()}, {os.cpu_count()} "
             f"cores, Python {platform.python_version()}; {time.strftime('%Y-%m-%d %H:%M')}; "
             f"{len(rounds)} rounds. `xxgk demo --data data` in a new process each time; the "
             "floor (plain papermill on a minimal notebook) is measured in the same rounds as "
             "the machine's yardstick.", "",
             "| run | seconds (median) | rounds (s) | in floors (median of the rounds' ratios) |",
             "|---|---|---|---|"]
    for k in RUNS:
        each = ", ".join(f"{r[k]:.1f}" for r in rounds)
        ratio = statistics.median(r[k] / r["floor"] for r in rounds)
        lines.append(f"| {k} | {med[k]:.1f} | {each} | {ratio:.1f} |")
    floors = ", ".join(f"{r['floor']:.2f}" for r in rounds)
    lines.append(f"| floor: minimal notebook | {med['floor']:.2f} | {floors} | 1 |")
    lines += ["", "cold: empty output folder (ingest of data/, agency_profile for every agency, "
              "the three cross-agency notebooks, a briefing per agency, on two workers); "
              "unchanged: the same command again; forced: with --force. Issue 13's aim: `make "
              "demo` after install well under a minute on two cores."]
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    os.chdir(ROOT)
    rounds = []
    for i in range(args.rounds):
        rounds.append(one_round())
        print(f"round {i + 1}: " + ", ".join(f"{k} {v:.1f} s" for k, v in rounds[-1].items()),
              file=sys.stderr)
    text = report(rounds)
    print(text)
    (HERE / "demo_results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
