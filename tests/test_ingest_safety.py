"""Ingest under attack and bad luck: one writer, damaged resume state, kills at random points,
leftover processes and temp files, errors in one line, unsafe registry ids, any executor."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from hostile_corpus import report
from safety_helpers import children, gone, holder

from analysis import load_dataset
from analysis.cli import main
from analysis.dataset import parts
from analysis.dataset.batch import Job, run_batch
from analysis.dataset.ingest import ingest

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
KEY = {"facts": ["path", "indicator", "breakdown", "measure", "source"],
       "flags": ["path", "rule", "indicator", "location", "message"], "failures": ["path"],
       "reports": ["path"]}


def _corpus(root: Path, n: int = 8) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"r{2000 + i}.txt").write_text(report(year=2000 + i, total=10 + i),
                                               encoding="utf-8")
    return root


def _same(a: Path, b: Path) -> None:
    """The two dataset folders hold the same rows (reports.parquet byte for byte)."""
    assert (a / "reports.parquet").read_bytes() == (b / "reports.parquet").read_bytes()
    x, y = load_dataset(a), load_dataset(b)
    for name, key in KEY.items():
        pd.testing.assert_frame_equal(_plain(getattr(x, name)).sort_values(key, ignore_index=True),
                                      _plain(getattr(y, name)).sort_values(key, ignore_index=True))


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns as text: their codes follow the order rows were written in."""
    cats = [c for c in df if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype({c: object for c in cats})


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis.cli", "ingest", *args, "--quiet"],
                          capture_output=True, text=True, timeout=300)


# --- one writer -----------------------------------------------------------------------------

def test_a_second_ingest_says_who_holds_the_folder_and_a_stale_lock_is_taken_over(tmp_path):
    src, out = _corpus(tmp_path / "src", 3), tmp_path / "out"
    proc = holder(out)
    try:
        second = _cli(str(src), "--out", str(out))
    finally:
        proc.kill()
        proc.wait()
    assert second.returncode == 2
    assert f"in use by xxgk ingest (pid {proc.pid} on " in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1 and "Traceback" not in second.stderr
    assert not (out / "facts.parquet").exists()
    third = _cli(str(src), "--out", str(out))  # the holder died: its lock is taken over
    assert third.returncode == 0, third.stderr
    assert f"note: took over the lock of xxgk ingest (pid {proc.pid} on " in third.stdout


# --- damaged resume state -------------------------------------------------------------------

def _first_run(tmp_path, monkeypatch, n=8):
    monkeypatch.setattr(parts, "BATCH", 2)
    src, out = _corpus(tmp_path / "src", n), tmp_path / "out"
    ingest([src], tmp_path / "clean", progress=False)
    ingest([src], out, progress=False)
    return src, out


def _cut(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", ["part cut in half", "manifest with a cut line",
                                    "part deleted", "manifest deleted"])
def test_a_damaged_part_is_parsed_again_and_said_so(tmp_path, monkeypatch, damage):
    src, out = _first_run(tmp_path, monkeypatch)
    p = out / ".parts"
    {"part cut in half": lambda: _cut(p / "facts-00001.parquet"),
     "manifest with a cut line": lambda: _cut(p / "part-00001.json"),
     "part deleted": lambda: (p / "facts-00001.parquet").unlink(),
     "manifest deleted": lambda: (p / "part-00001.json").unlink()}[damage]()
    s = ingest([src], out, progress=False)
    assert s.resumed == 6  # the two files of part 1 were parsed again, the rest kept
    said = " ".join(s.notes)
    assert ("part-00001 was damaged" in said) if "manifest deleted" not in damage else \
        ("removed 4 file(s) of unfinished or damaged parts" in said)
    _same(out, tmp_path / "clean")  # nothing dropped, nothing counted twice


def test_temp_files_of_a_killed_run_are_removed(tmp_path, monkeypatch):
    src, out = _first_run(tmp_path, monkeypatch, n=3)
    (out / ".facts.parquet.k2j4_x9a").write_bytes(b"half")
    (out / ".parts" / ".reports-00009.parquet.a1b2c3d4").write_bytes(b"half")
    mine = out / ".notes.txt.abcdefgh"  # not ours: left alone
    mine.write_text("x")
    s = ingest([src], out, progress=False)
    assert not (out / ".facts.parquet.k2j4_x9a").exists()
    assert not (out / ".parts" / ".reports-00009.parquet.a1b2c3d4").exists()
    assert mine.exists()
    assert any("removed 1 temporary file(s)" in n for n in s.notes)
    assert any("removed 1 file(s) of unfinished or damaged parts" in n for n in s.notes)


# --- kills at random points, leftover processes -----------------------------------------------

def _sample(tmp_path, n=48) -> Path:
    files = sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".txt", ".md", ".html"))
    src = tmp_path / "src"
    src.mkdir()
    for p in files[:n]:
        shutil.copy(p, src / p.name)
    return src


def _kill_when_busy(cmd: list[str], delay: float, sig: int) -> tuple[int, list[int]]:
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    end = time.monotonic() + delay
    while time.monotonic() < end and p.poll() is None:
        workers = children(p.pid) or workers
        time.sleep(0.02)
    if p.poll() is None:
        p.send_signal(sig)
    p.communicate(timeout=60)
    return p.returncode, workers


@pytest.mark.slow
def test_killed_at_random_points_the_resumed_dataset_is_the_same(tmp_path):
    src = _sample(tmp_path)
    cmd = [sys.executable, "-m", "analysis.cli", "ingest", str(src), "--jobs", "2", "--quiet"]
    t0 = time.monotonic()
    assert subprocess.run(cmd + ["--out", str(tmp_path / "clean")], timeout=300).returncode == 0
    full = time.monotonic() - t0
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    out = tmp_path / "out"
    for _ in range(3):
        delay = rng.uniform(0.3, full)
        code, workers = _kill_when_busy(cmd + ["--out", str(out)], delay, signal.SIGKILL)
        assert code in (0, -9), f"seed {seed}"
        assert all(gone(w, 5) for w in workers), f"seed {seed}: workers outlived kill -9"
    assert subprocess.run(cmd + ["--out", str(out)], timeout=300).returncode == 0
    _same(out, tmp_path / "clean")
    left = [p.name for p in [*out.iterdir(), *(out / ".parts").iterdir()]
            if p.name.startswith(".") and p.name != ".parts"]
    assert left == [], f"seed {seed}: {left}"


@pytest.mark.slow
def test_sigterm_stops_workers_and_the_next_run_resumes(tmp_path):
    src, out = _sample(tmp_path), tmp_path / "out"
    cmd = [sys.executable, "-m", "analysis.cli", "ingest", str(src), "--out", str(out),
           "--jobs", "2", "--quiet"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    while not list((out / ".parts").glob("part-*.json")):  # a part done: something to resume
        assert p.poll() is None
        workers = children(p.pid) or workers
        time.sleep(0.02)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    if p.returncode == 0:
        pytest.skip("the run finished before SIGTERM arrived")
    assert p.returncode == 143 and "interrupted" in err and "Traceback" not in err
    assert workers and all(gone(w, 5) for w in workers)
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "resumed" in again.stdout


# --- errors that speak to a person ------------------------------------------------------------

def _one_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


def test_usage_errors_and_empty_input(tmp_path, capsys):
    src = _corpus(tmp_path / "src", 2)
    (tmp_path / "file").write_text("x")
    assert main(["ingest", str(src), "--out", str(tmp_path / "file"), "--quiet"]) == 2
    assert "a file is in the way" in _one_line(capsys)
    assert main(["ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file or folder" in _one_line(capsys)
    (tmp_path / "empty").mkdir()
    assert main(["ingest", str(tmp_path / "empty"), "--out", str(tmp_path / "o2")]) == 66
    assert "no report files found" in _one_line(capsys)
    assert not (tmp_path / "o2" / "facts.parquet").exists()


@pytest.mark.parametrize("code,status,words", [(28, 74, "the disk is full"),
                                                (30, 77, "read-only file system"),
                                                (13, 77, "permission denied")])
def test_disk_full_read_only_and_permissions(tmp_path, capsys, monkeypatch, code, status, words):
    import pyarrow.parquet as pq

    src = _corpus(tmp_path / "src", 2)
    main(["ingest", str(src), "--out", str(tmp_path / "out"), "--quiet"])
    before = (tmp_path / "out" / "facts.parquet").read_bytes()
    capsys.readouterr()

    def fail(self, *a, **k):
        raise OSError(code, os.strerror(code), str(tmp_path / "out" / "facts.parquet"))

    monkeypatch.setattr(pq.ParquetWriter, "write_table", fail)
    assert main(["ingest", str(src), "--out", str(tmp_path / "out"), "--quiet",
                 "--no-resume"]) == status
    assert words in _one_line(capsys)
    assert (tmp_path / "out" / "facts.parquet").read_bytes() == before  # the old file is whole


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not stop root")
def test_a_read_only_folder_for_real(tmp_path, capsys):
    src, out = _corpus(tmp_path / "src", 2), tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["ingest", str(src), "--out", str(out), "--quiet"]) == 77
        assert "permission denied" in _one_line(capsys)
    finally:
        out.chmod(0o755)


# --- registry ids -----------------------------------------------------------------------------

@pytest.mark.parametrize("row,says", [
    ("../../../../tmp/victim,示例市统计局", "row 2: unsafe agency_id '../../../../tmp/victim'"),
    ("/etc/cron.d/x,示例市统计局", "row 2: unsafe agency_id '/etc/cron.d/x'"),
    (".hidden,示例市统计局", "row 2: unsafe agency_id '.hidden'"),
    ("ok-id,", "row 2: no name for agency_id 'ok-id'"),
])
def test_unsafe_registry_ids_are_refused_naming_the_row(tmp_path, capsys, row, says):
    src = _corpus(tmp_path / "src", 1)
    (src / "agencies.csv").write_text(f"agency_id,name\n{row}\n", encoding="utf-8")
    assert main(["ingest", str(src), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = _one_line(capsys)
    assert f"agencies.csv, {says}" in err
    assert not (tmp_path / "out" / "facts.parquet").exists()


def test_a_registry_in_gbk_or_without_its_columns_is_refused(tmp_path, capsys):
    src = _corpus(tmp_path / "src", 1)
    (src / "agencies.csv").write_bytes("agency_id,name\nx,示例市统计局\n".encode("gbk"))
    assert main(["ingest", str(src), "--out", str(tmp_path / "a"), "--quiet"]) == 2
    assert "not UTF-8" in _one_line(capsys)
    (src / "agencies.csv").write_text("id,name\nx,示例\n", encoding="utf-8")
    assert main(["ingest", str(src), "--out", str(tmp_path / "b"), "--quiet"]) == 2
    assert "no column agency_id" in _one_line(capsys)


def test_the_bundled_registry_is_checked_too(monkeypatch):
    from analysis import vocab
    from analysis.parse import agency

    assert vocab.agencies() == [] and agency._index() == {}  # the shipped one: the header only
    monkeypatch.setattr(vocab, "agencies", lambda: [{"agency_id": "../x", "name": "示例"}])
    monkeypatch.setattr(agency, "_INDEX", None)
    with pytest.raises(agency.RegistryError, match="vocab/agencies.csv, row 2: unsafe"):
        agency._index()


# --- any executor -----------------------------------------------------------------------------

def test_batches_run_on_any_executor_and_travel_by_pickle(tmp_path):
    src = _corpus(tmp_path / "src", 6)
    (src / "agencies.csv").write_text("agency_id,name\nsl-tj,示例市统计局\n", encoding="utf-8")
    ingest([src], tmp_path / "serial", progress=False)
    with ThreadPoolExecutor(2) as pool:
        ingest([src], tmp_path / "threads", jobs=2, progress=False, executor=pool)
    _same(tmp_path / "serial", tmp_path / "threads")
    assert set(load_dataset(tmp_path / "threads").reports.agency_id) == {"sl-tj"}
    job = Job((str(src / "r2000.txt"),), str(tmp_path / "p"), 0, [{"agency_id": "a", "name": "b"}])
    (tmp_path / "p").mkdir()
    assert pickle.loads(pickle.dumps(job)) == job
    assert pickle.loads(pickle.dumps(run_batch)) is run_batch
    assert run_batch(job)[1][0][0] == job.paths[0]
