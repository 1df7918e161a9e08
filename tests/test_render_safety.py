"""Rendering text from the open web safely, and as a command should behave: data-derived text is
escaped in every page, pages work offline, outputs stay under --out, usage errors say what there
is, and a killed render leaves no process or socket behind."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from fixtures.charts import synthetic
from nbformat import v4, write

from analysis.cli import main
from analysis.dataset import package
from analysis.dataset.store import FILES, write_dataset
from analysis.render import batch
from analysis.render.api import params

SCRIPT = "<script>alert(1)</script>"
SPAM = "[点此领奖](http://spam.example) <img src=x onerror=alert(2)> www.spam.example"
FRAGILE = Path(__file__).parent / "fixtures" / "charts" / "fragile.ipynb"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The synthetic dataset with a script in an agency name and spam in a flag."""
    ds = synthetic.build()
    for table in (ds.reports, ds.facts):
        table.loc[table["agency_id"] == "a-big", "agency"] = f"大市{SCRIPT}"
    ds.flags["found"] = ds.flags["found"].astype("string")
    ds.flags.loc[ds.flags.index[0], ["message", "found"]] = [SPAM, f"=HYPERLINK({SPAM!r})"]
    root = tmp_path_factory.mktemp("hostile") / "ds"
    write_dataset(root, ds)
    return root


@pytest.fixture(scope="module")
def page(hostile, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = batch.render("agency_profile", agency="a-big", dataset=str(hostile), out=out,
                          jobs=1, quiet=True)
    assert [r["status"] for r in result["rendered"]] == ["ok"], result["rendered"]
    return out


@pytest.mark.slow
def test_data_text_is_escaped_and_never_a_link(page):
    html = (page / "agency_profile" / "a-big" / "report.html").read_text(encoding="utf-8")
    index = (page / "index.html").read_text(encoding="utf-8")
    for text in (html, index):
        assert SCRIPT not in text and "<script" not in text.lower()
        assert "&lt;script&gt;" in text  # shown, as text
    assert "onerror" not in re.sub(r"&lt;img src=x onerror", "", html)
    links = re.findall(r"<a [^>]*href=\"([^\"]*)\"", html)
    assert links and all(href.startswith("#") for href in links)  # heading anchors only


@pytest.mark.slow
def test_pages_work_offline_with_a_content_security_policy(page):
    for path in (page / "agency_profile" / "a-big" / "report.html", page / "index.html"):
        text = path.read_text(encoding="utf-8")
        assert re.search(r"<meta [^>]*http-equiv=\"Content-Security-Policy\"", text)
        assert "default-src 'none'" in text
        assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text), path
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", text), path
        assert not re.search(r"https?://(?!spam\.example)", text), path  # no URL but the spam


@pytest.mark.slow
def test_table_csvs_neutralise_formulas(page):
    flags = (page / "agency_profile" / "a-big" / "tables" / "flags.csv").read_text("utf-8-sig")
    if "HYPERLINK" in flags:  # the flags table shows what was found
        assert "'=HYPERLINK" in flags and ",=HYPERLINK" not in flags


def test_an_unsafe_agency_id_writes_nothing_outside_out(tmp_path):
    ds = synthetic.build()
    for table in (ds.reports, ds.facts):
        table.loc[table["agency_id"] == "a-zero", "agency_id"] = "../../escaped"
    write_dataset(tmp_path / "ds", ds)
    out = tmp_path / "a" / "b" / "out"
    result = batch.render(str(FRAGILE), agency="all", dataset=str(tmp_path / "ds"), out=out,
                          jobs=1, quiet=True)
    bad = [r for r in result["failed"] if r["name"] == "../../escaped"]
    assert bad and "unsafe agency id" in bad[0]["error"]
    assert not (tmp_path / "a" / "escaped").exists() and not (tmp_path / "escaped").exists()
    assert {r["name"] for r in result["rendered"] if r["status"] == "ok"} == {
        "a-big", "a-blank", "a-small"}


def test_usage_errors_name_what_there_is(tmp_path, capsys):
    root = synthetic.write(tmp_path / "ds")
    args = ["render", str(FRAGILE), "--dataset", str(root), "--out", str(tmp_path / "out")]
    profile = ["render", "agency_profile", "--dataset", str(root), "--out", str(tmp_path / "out")]
    assert main([*profile, "--agency", "a-big", "--year", "2030"]) == 2
    err = capsys.readouterr().err
    assert "no report for 2030" in err and "a-big has 2017" in err
    assert main([*args, "--agency", "a-bgi"]) == 2
    assert "did you mean a-big" in capsys.readouterr().err
    assert main(["render", "compare_agencies", "-p", "year=1999", "--dataset", str(root),
                 "--out", str(tmp_path / "out")]) == 2
    assert "no report for 1999" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    with pytest.raises(params.ParameterError, match="not per agency"):
        batch.render("trends", agency="a-big", dataset=str(root), out=tmp_path / "out")


def test_a_batch_where_everything_failed_is_not_a_success(tmp_path, capsys):
    ds = synthetic.build()
    ds.facts = ds.facts[ds.facts["agency_id"] == "a-blank"]
    ds.reports = ds.reports[ds.reports["agency_id"] == "a-blank"]
    root = tmp_path / "ds"
    write_dataset(root, ds)
    facts = pd.read_parquet(root / "facts.parquet")
    facts.loc[facts["status"] == "blank", "status"] = "reported"  # breaks the contract
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)  # a deliberate edit, recorded in the manifest
    assert main(["render", str(FRAGILE), "--agency", "all", "--dataset", str(root),
                 "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet"]) == 1
    assert "FAILED a-blank" in capsys.readouterr().err


@pytest.mark.slow
def test_one_folder_per_parameter_set(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    out = tmp_path / "out"
    for given in ({}, {"level": "district"}):
        result = batch.render("compare_agencies", given=given, dataset=str(root), out=out,
                              jobs=1, quiet=True)
        assert [r["status"] for r in result["rendered"]] == ["ok"]
    assert sorted(p.name for p in (out / "compare_agencies").iterdir()
                  if p.is_dir()) == ["all", "level-district"]


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_killed_render_leaves_no_process_or_socket(tmp_path, sig):
    root = synthetic.write(tmp_path / "ds")
    nb = v4.new_notebook(cells=[
        v4.new_code_cell("agency_id = ''\ndataset = None\nout_dir = None",
                         metadata={"tags": ["parameters"]}),
        v4.new_code_cell("import time\ntime.sleep(300)")])
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    write(nb, tmp_path / "hang.ipynb")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "render", str(tmp_path / "hang.ipynb"),
                             "--agency", "all", "--dataset", str(root), "--out", str(out),
                             "--jobs", "2", "--quiet"], cwd=tmp_path)
    deadline = time.time() + 90
    while time.time() < deadline and sum("ipykernel" in " ".join(p.cmdline())
                                          for p in _descendants(proc.pid)) < 2:
        time.sleep(0.5)
    family = _descendants(proc.pid)
    assert sum("ipykernel" in " ".join(p.cmdline()) for p in family) == 2, "kernels never started"
    os.kill(proc.pid, sig)
    proc.wait(timeout=30)
    gone, alive = psutil.wait_procs(family, timeout=20)
    assert not alive, [p.cmdline() for p in alive]
    leftovers = [p for p in out.rglob("*") if p.is_socket() or p.name.startswith("kernel")]
    assert not leftovers


def test_temp_files_of_a_killed_run_go_with_the_next_run(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    folder = tmp_path / "out" / "fragile" / "a-zero"
    folder.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = [folder / f".{dead}.notebook.ipynb", folder / ".report.html.ab12cd34"]
    for p in stale:
        p.write_text("half")
    os.utime(stale[1], (time.time() - 3600, time.time() - 3600))
    fresh = folder / ".report.html.zz99yy88"  # a live writer's: young, kept
    fresh.write_text("in progress")
    batch.render(str(FRAGILE), agency="a-zero", dataset=str(root), out=tmp_path / "out",
                 jobs=1, quiet=True)
    assert not any(p.exists() for p in stale) and fresh.exists()
