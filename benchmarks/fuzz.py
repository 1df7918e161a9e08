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
FINDINGS = HERE / "work" / "fuzz-findings"  # git-ignored
# what earlier runs of this script found, each fixed and kept as a test
FIXED = [
    "`random`: an HTML page of nothing but comments raised lxml's ParserError (\"Document is "
    "empty\"); now an empty page (tests/test_hostile.py, pathological HTML).",
    "`mutated`: a damaged PDF font width table (`/W [0 2000000000 500]`) made pdfminer build a "
    "dict of two billion entries: 24 GB, and the kernel's OOM killer took the process. PDFs are "
    "now read in a child process with at most 2 GB more (tests/hostile_corpus.py, width-bomb.pdf).",
    "`grids`: thirty 1s between a 0 and a 无 read as table 四's fifteen cells took 40 s in "
    "`split_summed` (no bound on the cuts tried); now bounded like `split_row` "
    "(tests/test_hostile.py, the summed splitter).",
]
MEMORY_FINDING = 500  # MB one input may add to the process's peak before it is a finding


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Target:
    def __init__(self, name: str, what: str, slow: float = 5.0):
        self.name, self.what, self.slow = name, what, slow
        self.runs, self.slowest = 0, 0.0
        self.findings: list[str] = []
        self.seconds = 0.0

    def observe(self, label: str, fn, keep: tuple[str, bytes] | None = None) -> None:
        """Run `fn` on one input; a finding names the input (`label`) and, for a file, keeps
        its bytes in benchmarks/work/fuzz-findings/ to reproduce it."""
        found = len(self.findings)
        peak = _peak_mb()
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # the finding, with where it broke (MemoryError included)
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.findings.append(f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:"
                                 f"{where.lineno} on {label}")
        dt = time.perf_counter() - t0
        grew = _peak_mb() - peak
        if grew > MEMORY_FINDING:
            self.findings.append(f"memory: the process peak grew by {grew:.0f} MB on {label}")
        if dt > self.slow:
            self.findings.append(f"slow: {dt:.1f}s on {label}")
        if keep and len(self.findings) > found:
            FINDINGS.mkdir(parents=True, exist_ok=True)
            name = f"{self.name}-{self.runs}{keep[0]}"
            (FINDINGS / name).write_bytes(keep[1])
            self.findings[-1] += f" (kept as benchmarks/work/fuzz-findings/{name})"
        self.runs += 1
        if dt > self.slowest:
            self.slowest = dt


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
    ap.add_argument("--memory", type=float, default=4.0,
                    help="GB of address space: past it an input fails with MemoryError, a finding "
                         "(instead of the machine's OOM killer)")
    ap.add_argument("--only", help="run only these targets (comma-separated)")
    args = ap.parse_args(argv)
    limit = int(args.memory * 1024**3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    tmp = Path(tempfile.mkdtemp(prefix="xxgk-fuzz-"))
    pool = fuzzing.seeds()

    def read(x):
        suffix, data = x
        return (fuzzing.describe(suffix, data),
                lambda: fuzzing.check_read(fuzzing.write(tmp, suffix, data)), x)

    targets = [
        (Target("random", "read_report on random bytes and text around hostile fragments"),
         fuzzing.random_files(), read),
        (Target("mutated", f"read_report on {len(pool)} real-looking reports, mutated"),
         fuzzing.mutated(pool), read),
        (Target("grids", "legacy and template table parsers on random grids"),
         fuzzing.grids(), lambda rows: (f"grid {len(rows)} rows", lambda: fuzzing.check_grid(rows),
                                        (".py", repr(rows).encode()))),
        (Target("run_on", "joined-cell readers (tables 二/三/四, legacy text tables) on run-on text"),
         fuzzing.run_on_text(), lambda t: (repr(t[:80]), lambda: fuzzing.check_run_on(t),
                                           (".txt", t.encode()))),
        (Target("splits", "cell splitter on digit runs"),
         fuzzing.token_rows(), lambda x: (repr(x)[:80], lambda: fuzzing.check_split(*x),
                                          (".py", repr(x).encode()))),
    ]
    if args.only:
        targets = [t for t in targets if t[0].name in args.only.split(",")]
    t0 = time.perf_counter()
    for target, strategy, check in targets:
        target.slow = args.slow
        _run(target, strategy, check, args.examples, args.seed)
        print(f"{target.name:8s} {target.runs:6d} inputs in {target.seconds:6.1f}s, slowest "
              f"{target.slowest:.2f}s, {len(target.findings)} finding(s)", flush=True)
    total = time.perf_counter() - t0
    peak = _peak_mb()
    _write([t for t, _, _ in targets], args, total, peak)
    return 1 if any(t.findings for t, _, _ in targets) else 0


def _write(targets: list[Target], args, total: float, peak: float) -> None:
    cmd = (f"python benchmarks/fuzz.py --examples {args.examples} --seed {args.seed} "
           f"--memory {args.memory:g}" + (f" --only {args.only}" if args.only else ""))
    lines = ["# Fuzz run: readers and table parsers", "",
             f"Command: `{cmd}` (hypothesis {__import__('hypothesis').__version__}, Python "
             f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}).", "",
             f"{sum(t.runs for t in targets)} inputs in {total:.0f} s; peak memory of the run "
             f"{peak:.0f} MB. A finding is an exception other than ReadError, a broken oracle "
             f"(a fact without its place, a value disagreeing with its status, a split of the "
             f"wrong width), an input slower than {args.slow:g} s or one that adds more than "
             f"{MEMORY_FINDING} MB to the peak memory (the address space is capped at "
             f"{args.memory:g} GB, so a runaway input fails with MemoryError).", "",
             "| target | what | inputs | seconds | slowest input (s) | findings |",
             "|---|---|---:|---:|---:|---:|"]
    for t in targets:
        lines.append(f"| {t.name} | {t.what} | {t.runs} | {t.seconds:.0f} | {t.slowest:.2f} | "
                     f"{len(t.findings)} |")
    findings = [f"- {t.name}: {f}" for t in targets for f in dict.fromkeys(t.findings)]
    lines += ["", "## Findings", "", *(findings or ["None."]), "",
              "## Found by earlier runs, fixed", "", *(f"- {f}" for f in FIXED), ""]
    text = "\n".join(lines)
    (HERE / "fuzz_results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
