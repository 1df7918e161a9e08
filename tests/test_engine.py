"""The warm papermill engine: a page rendered after another in the same kernel equals the page
rendered alone in a fresh kernel; state a notebook leaves behind does not reach the next one; a
hung cell fails its notebook only; a dead kernel is replaced and its notebook run again; a kernel
that cannot start says why."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from fixtures.charts import synthetic
from jupyter_core.utils import run_sync
from nbformat import v4

from analysis.render import batch
from analysis.render.engine import kernels

pytestmark = pytest.mark.slow


def notebook(*cells: str, parameters: str = "marker = ''") -> nbformat.NotebookNode:
    nb = v4.new_notebook(cells=[v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
                                *(v4.new_code_cell(c) for c in cells)])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    return nb


def run(nb, cwd: Path, **kw):
    return papermill.execute_notebook(nb, None, engine_name="xxgk", cwd=str(cwd),
                                      progress_bar=False, **kw)


def texts(nb) -> list:
    """What a reader sees of each output (data and text), without timing metadata."""
    return [(c.get("execution_count"), [o.get("data", {}) | {"text": o.get("text", "")}
                                        for o in c.get("outputs", [])])
            for c in nb.cells if c.cell_type == "code"]


def test_page_after_another_equals_page_alone(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    warm = batch.render("agency_profile", agency="a-big,a-small", dataset=str(root),
                        out=tmp_path / "warm", jobs=1, quiet=True)
    alone = batch.render("agency_profile", agency="a-small", dataset=str(root),
                         out=tmp_path / "alone", jobs=1, quiet=True, isolated=True)
    assert [r["status"] for r in warm["rendered"] + alone["rendered"]] == ["ok"] * 3
    a, b = (tmp_path / o / "agency_profile" / "a-small" for o in ("warm", "alone"))
    charts = sorted(p.name for p in (b / "charts").iterdir())
    # 8 charts drawn; a-small has no 表二 rows and no content categories: 2 notes, 6 files
    assert len(charts) == 6 and charts == sorted(p.name for p in (a / "charts").iterdir())
    for name in charts:
        assert (a / "charts" / name).read_bytes() == (b / "charts" / name).read_bytes(), name
    for name in ("key_figures.csv", "flags.csv"):
        assert (a / "tables" / name).read_bytes() == (b / "tables" / name).read_bytes()
    nb_a, nb_b = (nbformat.read(f / "notebook.ipynb", as_version=4) for f in (a, b))
    assert texts(nb_a) == texts(nb_b)


LEAK = ["import os, random, warnings\nimport numpy as np, pandas as pd, matplotlib\n"
        "leaked = 1\nmatplotlib.rcParams['lines.linewidth'] = 9\nos.chdir('/')\n"
        "np.random.seed(0)\nrandom.seed(0)\nos.environ['XXGK_LEAK'] = '1'\n"
        "pd.set_option('display.max_rows', 3)\nwarnings.simplefilter('error')"]
PROBE = ["import json, os, random, warnings\nimport numpy as np, pandas as pd, matplotlib\n"
         "print(json.dumps({'leaked': 'leaked' in globals(),\n"
         "  'linewidth': matplotlib.rcParams['lines.linewidth'], 'cwd': os.getcwd(),\n"
         "  'np': float(np.random.random()), 'random': random.random(),\n"
         "  'env': os.environ.get('XXGK_LEAK'), 'rows': pd.get_option('display.max_rows'),\n"
         "  'error_filter': any(f[0] == 'error' and f[2] is Warning\n"
         "                      for f in warnings.filters)}))"]


def test_state_left_behind_does_not_reach_the_next_notebook(tmp_path):
    import random

    import numpy as np

    np.random.seed(0)
    random.seed(0)
    seeded = (float(np.random.random()), random.random())
    fresh = json.loads(run(notebook(*PROBE), tmp_path).cells[-1].outputs[0].text)
    run(notebook(*LEAK), tmp_path)
    after = run(notebook(*PROBE), tmp_path)
    seen = json.loads(after.cells[-1].outputs[0].text)
    assert seen["leaked"] is False and seen["env"] is None and seen["error_filter"] is False
    assert seen["linewidth"] == fresh["linewidth"] != 9
    assert seen["rows"] == fresh["rows"] != 3
    assert seen["cwd"] == str(tmp_path)
    assert (seen["np"], seen["random"]) != seeded and seen["np"] != fresh["np"]
    assert [c.execution_count for c in after.cells] == [1, 2]  # counting starts again


def test_a_reset_that_fails_after_a_notebook_is_done_again_before_the_next(tmp_path):
    # The reset sent after a notebook ends is not waited for; this one makes it fail once (the
    # next call works again), so the next notebook's restore must see it did not finish.
    breaks_reset = """
import analysis.render.engine.kernel_state as ks
real_reset = ks.reset
def failing_reset():
    ks.reset = real_reset
    raise RuntimeError("reset failed")
ks.reset = failing_reset
"""
    run(notebook(*LEAK, breaks_reset), tmp_path)
    seen = json.loads(run(notebook(*PROBE), tmp_path).cells[-1].outputs[0].text)
    assert seen["leaked"] is False and seen["env"] is None and seen["error_filter"] is False
    assert seen["rows"] != 3 and seen["linewidth"] != 9


def test_a_hung_cell_fails_its_notebook_only(tmp_path):
    hang = notebook("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                    "time.sleep(120)")
    with pytest.raises(papermill.PapermillExecutionError, match="longer than 2 s") as err:
        run(hang, tmp_path, execution_timeout=2)
    assert err.value.ename == "CellTimeoutError"
    ok = run(notebook("print(6 * 7)"), tmp_path, execution_timeout=30)
    assert ok.cells[-1].outputs[0].text == "42\n"


def test_a_dead_kernel_is_replaced_and_the_notebook_run_again(tmp_path):
    once = notebook(f"import os, pathlib\nmark = pathlib.Path({str(tmp_path / 'died')!r})\n"
                    "if not mark.exists():\n    mark.touch()\n    os._exit(1)\nprint('second')")
    assert run(once, tmp_path).cells[-1].outputs[0].text == "second\n"
    always = notebook("import os\nos._exit(1)")
    with pytest.raises(Exception, match="died twice"):
        run(always, tmp_path)
    assert run(notebook("print('alive')"), tmp_path).cells[-1].outputs[0].text == "alive\n"


def test_a_warm_up_that_fails_is_reported(monkeypatch):
    monkeypatch.setattr(kernels, "WARM_UP", "raise ValueError('no analysis stack')")
    kernel = kernels.WarmKernel()
    try:
        with pytest.raises(kernels.KernelError, match="ValueError: no analysis stack"):
            kernel.call(kernel.ensure_started)
    finally:
        kernel.call(kernel.stop)


def test_a_kernel_that_dies_while_starting_is_reported_without_waiting_out_the_timeout(
        tmp_path, monkeypatch):
    # The warm-up is sent before the kernel listens; a kernel that never comes up must be
    # noticed by its exit (the error says so), not by the start timeout running out.
    spec = tmp_path / "kernels" / "dies"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": [sys.executable, "-c", "raise SystemExit(3)", "{connection_file}"],
         "display_name": "dies", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    kernel = kernels.WarmKernel("dies", startup_timeout=600)
    try:
        with pytest.raises(kernels.KernelError, match="died while starting"):
            kernel.call(kernel.ensure_started)
    finally:
        kernel.call(kernel.stop)


def test_a_kernel_is_stopped_without_an_interrupt_first():
    # jupyter_client sends SIGINT before it kills a kernel; a kernel that caught it printed
    # "KeyboardInterrupt caught in kernel" on the user's terminal at the end of a batch
    kernel = kernels.WarmKernel()
    sent = []
    try:
        kernel.call(kernel.ensure_started)
        real = kernel.km._async_signal_kernel

        async def record(signum):
            sent.append(signum)
            await real(signum)

        kernel.km._async_signal_kernel = record
        kernel.call(run_sync(kernel.km.interrupt_kernel))  # a timed-out cell's interrupt goes
        assert sent == [signal.SIGINT]
    finally:
        kernel.call(kernel.stop)
    assert sent == [signal.SIGINT]


def test_kernel_sockets_stay_out_of_the_notebook_folder(tmp_path):
    run(notebook("print(1)"), tmp_path)
    assert list(tmp_path.iterdir()) == []
    kernels.close_all()
    assert not [p for p in Path(kernels.tempfile.gettempdir()).glob(f"{kernels.PREFIX}*")
                if p.name.startswith(f"{kernels.PREFIX}{__import__('os').getpid()}-")]


@pytest.mark.parametrize("first", ["papermill", "the engine"])
def test_the_engine_is_registered_through_the_entry_point(first):
    # Either may be imported first: papermill loads its entry points during its own import.
    imports = ["import papermill.engines as e", "from analysis.render.engine.warm import WarmEngine"]
    code = "; ".join(imports if first == "papermill" else imports[::-1]) + (
        "; got = e.papermill_engines.get_engine('xxgk')"
        "; print(got.execute_managed_notebook == WarmEngine.execute_managed_notebook,"
        " got.execute_notebook == WarmEngine.execute_notebook, issubclass(WarmEngine, e.Engine))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["True", "True", "True"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM is Linux's")
def test_a_kernel_peak_memory_is_its_own_not_that_of_the_process_that_started_it():
    # Linux's ru_maxrss survives exec: a kernel started by a large worker reported the worker's
    # size. 300 MB held here must not show in a child that uses a few tens of MB.
    held = bytearray(300 * 2**20)
    held[::4096] = b"\1" * len(held[::4096])  # touch every page: resident, not just reserved
    code = "from analysis.render.engine.kernel_state import peak_mb; print(peak_mb())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 0 < float(out.stdout) < 200
    del held
