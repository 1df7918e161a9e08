"""The kernel of a one-worker render starts before planning (analysis.render.engine.early): it boots
while planning imports pandas and reads the dataset; a run that renders nothing here stops it,
and a run that probably has nothing to render does not start one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from fixtures.charts import synthetic

from analysis.render import batch
from analysis.render.api import params
from analysis.render.engine import early, kernels, worker

# In a fresh process: note whether pandas was imported when the kernel was asked to start,
# then render two pages with one worker as `xxgk render` does (one page with --in-process runs
# in the command's own process, with no kernel process: test_render_here).
ORDER = """
import json, sys
from analysis.render.engine import kernels
seen = []
real = kernels.prestart
def prestart(*a, **k):
    seen.append("pandas" in sys.modules)
    return real(*a, **k)
kernels.prestart = prestart
from analysis import cli
code = cli.main(["render", "agency_profile", "--agency", "a-small,a-big", "--jobs", "1",
                 "--dataset", sys.argv[1], "--out", sys.argv[2], "--quiet"])
print(json.dumps({"code": code, "pandas_at_kernel_start": seen}))
"""


@pytest.mark.slow
def test_the_kernel_of_a_one_worker_run_boots_before_planning_imports_pandas(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    out = subprocess.run([sys.executable, "-c", ORDER, str(root), str(tmp_path / "out")],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["code"] == 0
    assert result["pandas_at_kernel_start"][0] is False  # the first start: before planning
    for agency in ("a-small", "a-big"):
        assert (tmp_path / "out" / "agency_profile" / agency / "report.html").is_file()


def test_a_refused_request_stops_the_kernel_started_for_it(tmp_path):
    kernels.close_all()  # this process as a new one: no worker set up, no kernel
    worker._READY.clear()
    root = synthetic.write(tmp_path / "ds")
    t = time.perf_counter()
    with pytest.raises(params.ParameterError, match="unknown agency"):
        batch.render("agency_profile", agency="no-such", dataset=str(root), out=tmp_path / "o",
                     force=True, quiet=True)
    assert time.perf_counter() - t < 30
    assert not kernels._KERNELS  # started before planning, stopped when planning refused
    assert not list(tmp_path.glob("o/agency_profile/*/report.html"))


def test_which_runs_render_in_this_process():
    assert early.one_worker("sl-city", jobs=2)
    assert early.one_worker(None, jobs=2)  # a notebook across agencies: one page
    assert early.one_worker("all", jobs=1)
    assert not early.one_worker("all", jobs=2)
    assert not early.one_worker("a,b", jobs=2)
    assert early.one_page("sl-city") and early.one_page(None)  # run here by `xxgk render`
    assert not early.one_page("all") and not early.one_page("a,b")


def test_a_run_whose_manifest_is_newer_than_its_inputs_probably_renders_nothing(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    out = tmp_path / "out"
    assert not early.probably_unchanged("agency_profile", str(root), out)  # never rendered
    manifest = out / "agency_profile" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{}", encoding="utf-8")
    assert early.probably_unchanged("agency_profile", str(root), out)
    later = manifest.stat().st_mtime + 10
    os.utime(root / "facts.parquet", (later, later))  # the dataset changed since
    assert not early.probably_unchanged("agency_profile", str(root), out)
