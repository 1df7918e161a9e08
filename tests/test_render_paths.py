"""analysis.render.api.paths only looks: with no dataset it says so and writes nothing; the command
that needs a dataset ingests the data/ folder beside it itself, and says so in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.render.api import paths


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture
def beside_data(tmp_path, fixtures, monkeypatch):
    """A working folder with a data/ folder of one report and no dataset yet."""
    (tmp_path / "data").mkdir()
    shutil.copy(fixtures / "legacy" / "jiaotong-2015.md", tmp_path / "data")
    (tmp_path / "lab").mkdir()
    monkeypatch.chdir(tmp_path / "lab")  # as a notebook opened from a folder below
    monkeypatch.delenv(paths.ENV_DATASET, raising=False)
    return tmp_path


def test_paths_find_no_dataset_and_run_nothing(beside_data):
    before = _tree(beside_data)
    with pytest.raises(paths.NoDataset, match="no dataset: run `xxgk ingest") as caught:
        paths.dataset_dir()
    assert caught.value.data == beside_data / "data"  # where an ingest would read
    assert paths.find_dataset() is None
    assert _tree(beside_data) == before  # no outputs/, no lock, nothing


def test_a_command_ingests_the_data_beside_it_and_says_so(beside_data, capsys):
    assert main(["export", "--out", "wide.csv"]) == 0
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    target = beside_data / "outputs" / "dataset"
    assert err == [f"xxgk export: no dataset yet: ingesting {beside_data / 'data'} into {target} "
                   "first"]
    assert (target / "reports.parquet").is_file() and Path("wide.csv").is_file()
    assert paths.dataset_dir() == target  # found now, still without running anything
