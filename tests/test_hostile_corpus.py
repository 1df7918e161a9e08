"""Every input accounted for, whatever it is: the hostile corpus through `xxgk ingest`.

The accounting rule: inputs = dataset reports (or files merged into one as duplicates) + failures +
declared skips, each input in exactly one of them, and every failure saying its real cause.
"""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest
from hostile_corpus import FORMULA_NAMES, lock_down, make, near_cap_docx, report, unlock

import analysis.base.procs as procs
import analysis.dataset.batch as batch
import analysis.dataset.inputs as inputs
import analysis.read as read
from analysis import load_dataset
from analysis.base.sheets import restore
from analysis.dataset.ingest import SKIPPED, ingest

ROOT = os.geteuid() == 0  # permissions do not stop root: simulate them where they would


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    root = tmp_path / "in"
    want = make(root)
    lock_down(root)
    if ROOT:
        _simulate_permissions(monkeypatch, root)
    real = batch.process

    def slow_for_one(path, context=()):  # a file whose parse does not end (the limit stops it)
        if path.endswith("slow.txt"):
            end = time.monotonic() + 120  # bounded: a lost TimeLimit fails the test, never hangs it
            while time.monotonic() < end:
                time.sleep(0)
            raise AssertionError("the 10 s time limit did not stop slow.txt within 120 s")
        return real(path, context)

    monkeypatch.setattr(batch, "process", slow_for_one)
    monkeypatch.setattr(procs, "READ_MAX", 200 * 1024**2)  # the bomb stops well within 3 s
    yield root, want
    unlock(root)


def _simulate_permissions(monkeypatch, root):
    real_scandir, real_open = os.scandir, open

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(root / "locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def opener(path, *args, **kw):
        if os.fspath(path) == str(root / "unreadable.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    monkeypatch.setattr(read, "open", opener, raising=False)


def _where(out) -> dict[str, list[tuple[str, str]]]:
    """Each path the dataset names -> [(list, what it says)]."""
    ds = load_dataset(out)
    found: dict[str, list[tuple[str, str]]] = {}
    rules = ds.flags.groupby("path")["rule"].agg(" ".join)
    for r in ds.reports.itertuples():
        found.setdefault(r.path, []).append(("report", rules.get(r.path, "")))
        for p in filter(None, (r.also_paths or "").split(" | ")):
            found.setdefault(p, []).append(("merged", ""))
    for f in ds.failures.itertuples():  # as the CSV holds it: formulas made inert
        found.setdefault(restore(f.path), []).append(("failure", f.reason))
    skipped = pd.read_csv(out / SKIPPED, dtype=str, encoding="utf-8-sig")
    for s in skipped.itertuples():
        found.setdefault(s.path, []).append(("skip", s.reason))
    return found


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_input_is_accounted_for_with_its_cause(corpus, tmp_path, jobs):
    root, want = corpus
    out = tmp_path / f"out{jobs}"
    t0 = time.perf_counter()
    # 10 s: a loaded machine took the width bomb past 3 s before it reached the memory cap
    s = ingest([root], out, jobs=jobs, progress=False, time_limit=10)
    assert time.perf_counter() - t0 < 90  # nothing hangs: the slow file is stopped at 10 s
    found = _where(out)
    problems = []
    for path, expect in want.items():
        got = found.get(path, [])
        if len(got) != 1:
            problems.append(f"{path!r}: in {len(got)} lists {got}")
        elif got[0][0] != expect.outcome or expect.says not in got[0][1]:
            problems.append(f"{path!r}: {got[0]} but want {expect}")
    assert not problems, "\n".join(problems)
    assert set(found) == set(want), set(found) ^ set(want)  # nothing more, nothing less
    assert s.unaccounted == []
    assert s.files == len(want) == s.reports + s.merged + s.failures + s.skipped
    assert "Traceback" not in " ".join(str(v) for v in found.values())
    assert not any(" (at " in why for got in found.values() for _, why in got)  # no parse trace


def test_a_large_file_is_refused_without_being_read(tmp_path, monkeypatch):
    opened = []
    real_open = open

    def spy(path, *args, **kw):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(read, "open", spy, raising=False)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(3 * 1024**3)
    with pytest.raises(read.ReadError, match=r"too large \(3.0 GB > 50.0 MB limit\)"):
        read.read_document(huge)
    assert str(huge) not in opened


def test_the_time_limit_stops_one_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for y in (2010, 2011):
        (src / f"r{y}.txt").write_text(report(year=y), encoding="utf-8")
    (src / "slow.txt").write_text(report(year=2012), encoding="utf-8")
    real = batch.process

    def slow(path, context=()):
        if path.endswith("slow.txt"):
            end = time.monotonic() + 60
            while time.monotonic() < end:
                pass
        return real(path, context)

    monkeypatch.setattr(batch, "process", slow)
    t0 = time.perf_counter()
    # 5 s: 100 times a small report's parse, so a loaded machine does not time out the others
    s = ingest([src], tmp_path / "ds", progress=False, time_limit=5)
    assert time.perf_counter() - t0 < 40  # the slow file alone would take 60 s
    fails = load_dataset(tmp_path / "ds").failures
    assert (s.reports, s.failures) == (2, 1)
    assert fails.stage.tolist() == ["timeout"]
    assert "took longer than 5 s" in fails.reason.iloc[0]


def test_formula_file_names_are_inert_in_failures_csv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # named as they are: the path is the bare name
    for name in FORMULA_NAMES:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "r.txt").write_text(report(), encoding="utf-8")
    ingest([*FORMULA_NAMES, "r.txt"], tmp_path / "out", progress=False)
    cells = pd.read_csv(tmp_path / "out" / "failures.csv", dtype=str, encoding="utf-8-sig")
    assert sorted(cells["path"]) == sorted("'" + n for n in FORMULA_NAMES)
    assert sorted(cells["path"].map(restore)) == sorted(FORMULA_NAMES)


# the read in a fresh process: its own peak and its reader child's, not those of every child the
# test run reaped before (RUSAGE_CHILDREN of pytest counts earlier tests' workers and kernels)
_READ_ALONE = """
import resource, sys
from analysis import read
try:
    read.read_document(sys.argv[1])
except read.ReadError as exc:
    print("refused:", exc)
peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print("peak_kb:", peak)
"""


@pytest.mark.slow
def test_a_near_cap_docx_stops_at_the_memory_cap(tmp_path):
    import subprocess
    import sys

    bomb = near_cap_docx(tmp_path / "near-cap.docx")
    assert bomb.stat().st_size < 2 * 1024**2
    t0 = time.perf_counter()
    with pytest.raises(read.ReadError, match="the memory cap"):
        read.read_document(bomb)
    assert time.perf_counter() - t0 < 60  # it ran 2 minutes and took 3.6 GB
    said = subprocess.run([sys.executable, "-c", _READ_ALONE, str(bomb)], capture_output=True,
                          text=True, timeout=120).stdout
    assert "refused:" in said and "the memory cap" in said
    peak = int(said.rsplit("peak_kb:", 1)[1])
    assert peak < 1024**2  # KB: the reading process and its reader under 1 GB
