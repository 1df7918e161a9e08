"""Bounded fuzz run over the readers and the table parsers (hypothesis at scale).

    python benchmarks/fuzz.py [--examples N] [--seed S] [--slow SECONDS]

Five targets, N examples each (default 2000): the whole per-file pipeline on random bytes and text
(`random`), on mutated real-looking reports from data/sample and the test fixtures (`mutated`), and
three table parsers fed directly: grids through the legacy and template parsers (`grids`), run-on
text through the joined-cell readers (`run_on`), digit runs through the cell splitter (`splits`).
A finding is an exception other than ReadError, a broken oracle (a fact without its place, a value
that disagrees with its status, a split of the wrong width) or an input slower than `--slow`
seconds. Prints the results and writes them to benchmarks/fuzz_results.md; exits 1 on a finding.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzzing  # noqa: E402

HERE = Path(__file__).resolve().parent


class Target:
    def __init__(self, name: str, what: str):
        self.name, self.what = name, what
        self.runs, self.slowest, self.slowest_input = 0, 0.0, ""
        self.findings: list[str] = []
        self.seconds = 0.0

    def observe(self, label: str, fn) -> None:
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # the finding, with where it broke
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.findings.append(f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:"
                                 f"{where.lineno} on {label}")
        dt = time.perf_counter() - t0
        self.runs += 1
        if dt > self.slowest:
            self.slowest, self.slowest_input = dt, label


def _run(target: Target, strategy, check, examples: int, rng_seed: int) -> None:
    @seed(rng_seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(x):
        target.observe(*check(x))

    t0 = time.perf_counter()
    prop()
    target.seconds = time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--slow", type=float, default=5.0, help="seconds that make an input a finding")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="xxgk-fuzz-"))
    pool = fuzzing.seeds()

    def read(x):
        suffix, data = x
        return fuzzing.describe(suffix, data), lambda: fuzzing.check_read(
            fuzzing.write(tmp, suffix, data))

    targets = [
        (Target("random", "read_report on random bytes and text around hostile fragments"),
         fuzzing.random_files(), read),
        (Target("mutated", f"read_report on {len(pool)} real-looking reports, mutated"),
         fuzzing.mutated(pool), read),
        (Target("grids", "legacy and template table parsers on random grids"),
         fuzzing.grids(), lambda rows: (f"grid {len(rows)} rows", lambda: fuzzing.check_grid(rows))),
        (Target("run_on", "joined-cell readers (tables 二/三/四, legacy text tables) on run-on text"),
         fuzzing.run_on_text(), lambda t: (repr(t[:80]), lambda: fuzzing.check_run_on(t))),
        (Target("splits", "cell splitter on digit runs"),
         fuzzing.token_rows(), lambda x: (repr(x)[:80], lambda: fuzzing.check_split(*x))),
    ]
    t0 = time.perf_counter()
    for target, strategy, check in targets:
        _run(target, strategy, check, args.examples, args.seed)
        for t in [target]:
            slow = t.slowest > args.slow
            if slow:
                t.findings.append(f"slow: {t.slowest:.1f}s on {t.slowest_input}")
            print(f"{t.name:8s} {t.runs:6d} inputs in {t.seconds:6.1f}s, slowest {t.slowest:.2f}s, "
                  f"{len(t.findings)} finding(s)", flush=True)
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _write([t for t, _, _ in targets], args, total, peak)
    return 1 if any(t.findings for t, _, _ in targets) else 0


def _write(targets: list[Target], args, total: float, peak: float) -> None:
    cmd = f"python benchmarks/fuzz.py --examples {args.examples} --seed {args.seed}"
    lines = ["# Fuzz run: readers and table parsers", "",
             f"Command: `{cmd}` (hypothesis {__import__('hypothesis').__version__}, Python "
             f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}).", "",
             f"{sum(t.runs for t in targets)} inputs in {total:.0f} s; peak memory of the run "
             f"{peak:.0f} MB. A finding is an exception other than ReadError, a broken oracle "
             f"(a fact without its place, a value disagreeing with its status, a split of the "
             f"wrong width) or an input slower than {args.slow:g} s.", "",
             "| target | what | inputs | seconds | slowest input (s) | findings |",
             "|---|---|---:|---:|---:|---:|"]
    for t in targets:
        lines.append(f"| {t.name} | {t.what} | {t.runs} | {t.seconds:.0f} | {t.slowest:.2f} | "
                     f"{len(t.findings)} |")
    findings = [f"- {t.name}: {f}" for t in targets for f in dict.fromkeys(t.findings)]
    lines += ["", "## Findings", "", *(findings or ["None."]), ""]
    text = "\n".join(lines)
    (HERE / "fuzz_results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
