"""analysis.base: the folder lock, workers that die with their parent, the time limit, errors in
words, CSV files without live formulas."""

from __future__ import annotations

import csv
import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pandas as pd
import pytest
from safety_helpers import gone
from safety_helpers import holder as hold

from analysis.base import errors
from analysis.base.files import stale_temps
from analysis.base.lock import LOCK_NAME, FolderLock, FolderLocked
from analysis.base.procs import ChildDied, TimeLimit, in_child, time_limit
from analysis.base.sheets import write_csv


def test_a_second_process_is_told_who_holds_the_folder(tmp_path):
    holder = hold(tmp_path)
    try:
        with pytest.raises(FolderLocked, match=rf"in use by xxgk ingest \(pid {holder.pid} on "):
            FolderLock(tmp_path, "xxgk ingest").acquire()
    finally:
        holder.kill()
        holder.wait()
    with FolderLock(tmp_path) as lock:  # the kernel let go when the holder died
        assert lock.stale["pid"] == holder.pid  # and the record it left says so
    assert not (tmp_path / LOCK_NAME).exists()  # let go cleanly: no record left


def test_a_forked_child_does_not_keep_the_lock(tmp_path):
    lock = FolderLock(tmp_path).acquire()
    pid = os.fork()
    if pid == 0:  # the child outlives the parent's release: it must not hold the folder
        time.sleep(2)
        os._exit(0)
    try:
        lock.release()
        with FolderLock(tmp_path):
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_time_limit_stops_python_code_in_any_thread():
    def spin(seconds):
        with time_limit(seconds):
            while True:
                pass

    with pytest.raises(TimeLimit):
        spin(0.2)
    caught = []

    def in_thread():
        try:
            spin(0.2)
        except TimeLimit:
            caught.append(True)

    t = threading.Thread(target=in_thread)
    t.start()
    t.join(10)
    assert caught == [True]
    for _ in range(200):  # ending just at the deadline never raises after the block
        try:
            with time_limit(0.001):
                pass
        except TimeLimit:
            pass  # a loaded machine may pass the deadline inside the block: that is allowed
        sum(range(20000))  # but never raise here, after it


def _kill_parent(script: str, settle: float = 0.0) -> int:
    """Run `script` (it forks a child and prints its pid), `kill -9` it `settle` seconds after
    the pid is printed; return the child's pid."""
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(p.stdout.readline())
    time.sleep(settle)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    return child


def test_workers_die_with_their_parent(tmp_path):
    script = textwrap.dedent("""
        import os, sys, time
        from analysis.base.executor import die_with_parent
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            die_with_parent(parent)
            time.sleep(60)
            os._exit(0)
        print(pid, flush=True)
        time.sleep(60)
    """)
    assert gone(_kill_parent(script, settle=0.5), 5)  # by then the child has asked for a signal


def test_a_worker_whose_parent_died_before_it_asked_ends_at_once():
    """The parent is killed between the fork and the worker's request for a signal: the worker
    is already an orphan when it asks, so it must see that from the pid taken before the fork
    (an orphan waiting for jobs forever kept `kill -9`'s ingest pipes open)."""
    script = textwrap.dedent("""
        import os, time
        from analysis.base.executor import die_with_parent
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            while os.getppid() == parent:  # wait until the parent is gone, then ask
                time.sleep(0.01)
            die_with_parent(parent)
            time.sleep(60)
            os._exit(0)
        print(pid, flush=True)
        time.sleep(60)
    """)
    assert gone(_kill_parent(script), 5)


def test_errors_are_one_line_with_a_distinct_status():
    cases = {errno.ENOSPC: 74, errno.EROFS: 77, errno.EACCES: 77, errno.EEXIST: 2, errno.EIO: 75}
    for code, status in cases.items():
        got, line = errors.explain(OSError(code, os.strerror(code), "/out/facts.parquet"),
                                   "xxgk ingest")
        assert got == status and "\n" not in line
        assert line.startswith("xxgk ingest: cannot write /out/facts.parquet: ")
    assert len({s for s in cases.values()}) == 4


def test_stale_temps_are_only_atomic_write_leftovers(tmp_path):
    for name in (".facts.parquet.k2j4_x9a", ".facts.parquet.short", "facts.parquet",
                 ".notes.txt.abcdefgh", ".reports.parquet.a1b2c3d4"):
        (tmp_path / name).write_text("x")
    names = {p.name for p in stale_temps(tmp_path, {"facts.parquet", "reports.parquet"})}
    assert names == {".facts.parquet.k2j4_x9a", ".reports.parquet.a1b2c3d4"}


def test_csv_for_people_has_no_live_formulas_and_keeps_numbers(tmp_path):
    risky = ["=HYPERLINK(\"http://x\",\"点\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    df = pd.DataFrame({"text": risky, "count": [1, -2, 3, 0, 5, 6],
                       "value": [1.5, -0.25, float("nan"), 2.0, 3.0, -15.0],
                       "printed": ["-15", "+7", "1,825", "3.5%", "平潭", "—"],
                       "cat": pd.Categorical(["=1", "ok", "=1", "ok", "@x", "ok"])})
    p = write_csv(tmp_path / "t.csv", df)
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    with open(p, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows] == ["'" + t for t in risky]
    assert [r["count"] for r in rows] == ["1", "-2", "3", "0", "5", "6"]
    assert [r["value"] for r in rows] == ["1.5", "-0.25", "", "2.0", "3.0", "-15.0"]
    assert [r["printed"] for r in rows] == ["-15", "+7", "1,825", "3.5%", "平潭", "—"]
    assert [r["cat"] for r in rows] == ["'=1", "ok", "'=1", "ok", "'@x", "ok"]
    assert not any(v[:1] in "=+-@\t\r" and not v.lstrip("+-").replace(".", "").isdigit()
                   for r in rows for v in r.values() if v)


def test_csv_a_carriage_return_inside_a_cell_does_not_start_a_row(tmp_path):
    p = write_csv(tmp_path / "t.csv", pd.DataFrame({"a": ["x\r=1+1", "y\n@z"], "b": [1, 2]}))
    with open(p, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["a", "b"], ["x\r=1+1", "1"], ["y\n@z", "2"]]


def test_in_child_answers_raises_and_stays_within_its_memory():
    assert in_child(sum, [1, 2, 3], memory=200 * 1024**2) == 6
    with pytest.raises(ZeroDivisionError):
        in_child(lambda: 1 / 0, memory=200 * 1024**2)
    with pytest.raises(MemoryError):  # the child, not this process, runs out
        in_child(bytearray, 1024**3, memory=200 * 1024**2)
    with pytest.raises(ChildDied):
        in_child(lambda: os.kill(os.getpid(), signal.SIGKILL), memory=200 * 1024**2)


def test_in_child_is_stopped_by_a_time_limit_around_it():
    t0 = time.monotonic()
    with pytest.raises(TimeLimit), time_limit(0.5):
        in_child(time.sleep, 30, memory=200 * 1024**2)
    assert time.monotonic() - t0 < 15  # not the child's 30 s (15: a loaded machine forks slowly)
