"""Installed from a wheel, not only checked out: the wheel is built, installed in a fresh venv
outside the checkout (dependencies from the pip cache where it has them), and run from an empty
folder: it ingests the test fixtures, renders one agency and writes one briefing there, and
nothing lands inside site-packages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def sh(*cmd, cwd: Path, timeout: int = 900) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "XXGK_DATASET")}
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def test_wheel_installs_and_runs_from_an_empty_folder(tmp_path, fixtures):
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT,
       cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("xxgk-*.whl"))
    venv.create(tmp_path / "venv", with_pip=True)
    bin_ = tmp_path / "venv" / "bin"
    sh(bin_ / "pip", "install", "-q", wheel, cwd=tmp_path)
    site = Path(sh(bin_ / "python", "-c", "import analysis, pathlib; "
                   "print(pathlib.Path(analysis.__file__).parent)", cwd=tmp_path).strip())
    assert ROOT not in site.parents and (site / "notebooks" / "agency_profile.ipynb").is_file()
    before = sorted(p.relative_to(site) for p in site.rglob("*") if "__pycache__" not in p.parts)
    work = tmp_path / "empty"
    work.mkdir()
    xxgk = bin_ / "xxgk"
    assert sh(xxgk, "--version", cwd=work).strip() == f"xxgk {_version()}"
    sh(xxgk, "ingest", fixtures / "legacy", "--out", "ds", "--jobs", "1", cwd=work)
    reports = json.loads(sh(bin_ / "python", "-c", "import pandas as pd; print(pd.read_parquet("
                            "'ds/reports.parquet')['agency_id'].dropna().to_json("
                            "orient='values'))", cwd=work))
    agency = sorted(reports)[0]
    sh(xxgk, "render", "agency_profile", "--agency", agency, "--dataset", "ds", "--jobs", "1",
       "--quiet", cwd=work)
    sh(xxgk, "brief", "--agency", agency, "--dataset", "ds", "--jobs", "1", "--quiet", cwd=work)
    assert (work / "outputs" / "agency_profile" / agency / "report.html").is_file()
    assert list((work / "outputs" / "briefs" / agency).glob("*.docx"))
    assert (work / "outputs" / "index.html").is_file()
    after = sorted(p.relative_to(site) for p in site.rglob("*") if "__pycache__" not in p.parts)
    assert after == before  # nothing written into the installed package


def _version() -> str:
    from importlib import metadata

    return metadata.version("xxgk")  # the checkout's own install: same pyproject
