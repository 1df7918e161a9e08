"""`xxgk render --in-process` with one page runs it in the command's own process (no kernel
process: see analysis.render.engine.inprocess), and the page is the one a fresh kernel writes,
byte for byte; a cell that runs too long is still stopped there."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from fixtures.charts import synthetic
from nbformat import v4

pytestmark = pytest.mark.slow


def xxgk(*args, cwd: Path) -> tuple[subprocess.Popen, str, str]:
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *map(str, args)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=600)
    return proc, out, err


def probe(path: Path, *cells: str) -> Path:
    """A notebook across agencies (no agency_id) that prints its process id first (cells: the
    parameters, those papermill injects, the process id, then `cells`)."""
    nb = v4.new_notebook(cells=[v4.new_code_cell("dataset = ''", metadata={"tags": ["parameters"]}),
                                v4.new_code_cell("import os\nprint(os.getpid())"),
                                *(v4.new_code_cell(c) for c in cells)])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nbformat.write(nb, path)
    return path


def output(nb, code: str) -> list:
    """The outputs of the (one) cell whose code has `code`."""
    return next(c.outputs for c in nb.cells if c.cell_type == "code" and code in c.source)


def test_one_agency_page_runs_in_the_command_and_equals_a_fresh_kernels(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    args = ["render", "agency_profile", "--agency", "a-big", "--dataset", root, "--force",
            "--quiet"]
    here, _, err = xxgk(*args, "--out", tmp_path / "here", "--in-process", cwd=tmp_path)
    alone, _, _ = xxgk(*args, "--out", tmp_path / "alone", "--isolated", cwd=tmp_path)
    assert here.returncode == alone.returncode == 0, err
    assert "Debugger warning" not in err and "frozen modules" not in err
    a, b = (tmp_path / o / "agency_profile" / "a-big" for o in ("here", "alone"))
    files = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.suffix != ".ipynb"
                   and p.is_file())
    assert "report.html" in files and any(f.startswith("charts/") for f in files)
    assert files == sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.suffix != ".ipynb"
                           and p.is_file())
    for name in files:  # charts, tables and the page itself
        assert same(a / name) == same(b / name), name


def same(path: Path) -> bytes:
    """The file's bytes; in a page, the id papermill draws at random for the cell it injects
    (another one on every run, in any kernel) is left out."""
    data = path.read_bytes()
    return re.sub(rb'id="cell-id=[0-9a-f]{8}"', b'id="cell-id="', data) if path.suffix == ".html" \
        else data


def test_the_page_runs_in_the_command_process(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    nb = probe(tmp_path / "probe.ipynb", "import matplotlib\nprint(matplotlib.get_backend())")
    proc, _, err = xxgk("render", nb, "--dataset", root, "--out", tmp_path / "out", "--quiet",
                        "--in-process",
                        cwd=tmp_path)
    assert proc.returncode == 0, err
    done = nbformat.read(next((tmp_path / "out" / "probe").rglob("notebook.ipynb")), 4)
    assert output(done, "getpid")[0].text.strip() == str(proc.pid)
    assert output(done, "get_backend")[0].text.strip() == "module://matplotlib_inline.backend_inline"


def test_a_cell_that_loops_in_the_command_process_is_stopped(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    nb = probe(tmp_path / "hang.ipynb", "while True:\n    pass", "print('never')")
    t = time.monotonic()
    proc, _, err = xxgk("render", nb, "--dataset", root, "--out", tmp_path / "out", "--quiet",
                        "--in-process",
                        "--timeout", "3", cwd=tmp_path)
    assert time.monotonic() - t < 100
    assert proc.returncode == 1 and "CellTimeoutError" in err
    done = nbformat.read(next((tmp_path / "out" / "hang").rglob("notebook.ipynb")), 4)
    assert output(done, "getpid")[0].text.strip() == str(proc.pid)  # it ran here
    assert output(done, "while True")[-1].ename == "CellTimeoutError"
    assert not any("never" in str(c.get("outputs")) for c in done.cells)
    runs = json.loads((tmp_path / "out" / "hang" / "manifest.json").read_text())
    assert [r["status"] for r in runs.values()] == ["failed"]


def test_a_cell_blocked_in_a_call_fails_its_page_and_the_command_ends(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    nb = probe(tmp_path / "sleep.ipynb", "import time\ntime.sleep(300)")
    t = time.monotonic()
    proc, _, err = xxgk("render", nb, "--dataset", root, "--out", tmp_path / "out", "--quiet",
                        "--in-process",
                        "--timeout", "3", cwd=tmp_path)
    assert time.monotonic() - t < 200  # not the 300 s of the sleep
    assert proc.returncode == 1 and "CellTimeoutError" in err
    runs = json.loads((tmp_path / "out" / "sleep" / "manifest.json").read_text())
    assert [r["status"] for r in runs.values()] == ["failed"]
