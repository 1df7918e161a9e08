"""The data `make demo` ingests: the real reports (data/real/) beside the simulated 示例市
(data/sample/), each with its registry; the simulator's ground truth is a declared skip, so the
only failures are the broken files put there on purpose."""

from __future__ import annotations

import csv
from pathlib import Path

from analysis.dataset.inputs import collect, read_registries

DATA = Path(__file__).resolve().parents[1] / "data"


def test_sample_failures_are_the_broken_files_and_truth_is_skipped():
    found = collect([DATA / "sample"])
    assert found.failures == []  # the truth/*.csv were 4 failures ("unsupported file type .csv")
    skipped = {Path(s["path"]).name: s["kind"] for s in found.skips}
    assert skipped["truth"] == "truth" and skipped["agencies.csv"] == "registry"
    assert not any("/truth/" in f for f in found.files)


def test_ingesting_the_sample_fails_only_its_broken_files(tmp_path):
    from analysis.dataset.ingest import ingest

    misc = tmp_path / "sample"
    (misc / "misc").mkdir(parents=True)
    for name in ("attachment-1.txt", "notice-0.txt"):
        (misc / "misc" / name).write_bytes((DATA / "sample" / "misc" / name).read_bytes())
    (misc / "truth").mkdir()
    for name in ("facts.csv", "files.csv", "flags.csv", "missing.csv"):
        (misc / "truth" / name).write_bytes((DATA / "sample" / "truth" / name).read_bytes())
    summary = ingest([misc], tmp_path / "ds", progress=False)
    with open(tmp_path / "ds" / "failures.csv", encoding="utf-8-sig") as f:
        failed = {Path(r["path"]).name: r["reason"] for r in csv.DictReader(f)}
    assert failed == {"attachment-1.txt": "binary file (control bytes or NUL; not a text report)",
                      "notice-0.txt": "empty file"}
    assert (summary.failures, summary.skipped) == (2, 1)


def test_a_folder_named_truth_without_the_simulators_files_is_read(tmp_path):
    (tmp_path / "truth").mkdir()
    (tmp_path / "truth" / "facts.csv").write_text("x\n", encoding="utf-8")  # no files.csv
    (tmp_path / "truth" / "report.txt").write_text("报告", encoding="utf-8")
    found = collect([tmp_path])
    assert [Path(f).name for f in found.files] == ["report.txt"]
    assert [Path(f["path"]).name for f in found.failures] == ["facts.csv"]


def test_the_real_reports_ship_with_their_own_registry():
    found = collect([DATA])
    real = [f for f in found.files if "/real/" in f]
    assert len(real) == 19  # 14 pages of 平潭 and 5 reports of other agencies
    rows = read_registries([p for p in found.registries if p.parent.name == "real"])
    ids = {r["agency_id"] for r in rows}
    assert {"fj-pingtan-zone", "fj-pingtan-county"} <= ids
    with open(DATA / "real" / "README.md", encoding="utf-8") as f:
        readme = f.read()
    for name in (Path(p).name for p in real):  # each file says where it came from
        assert name.split(".")[0] in readme, name
    with open(DATA / "sample" / "agencies.csv", encoding="utf-8") as f:
        assert not ids & {r["agency_id"] for r in csv.DictReader(f)}
