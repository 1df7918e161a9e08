"""The notebooks: thin (a parameters cell, calls into analysis, no def/loops/paths), committed
without outputs, and each executed top to bottom by papermill on a small dataset."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from fixtures.charts import synthetic

from analysis.render import batch
from analysis.render.api import params, paths

NOTEBOOKS = sorted(Path(str(p)) for p in paths.bundled().iterdir() if p.name.endswith(".ipynb"))
NAMES = ["agency_profile", "compare_agencies", "data_quality", "trends"]


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_and_clean(path: Path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert set(params.declared(path)) >= {"dataset", "out_dir"}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.get("outputs") and cell.get("execution_count") is None, "outputs saved"
        src = cell.source
        assert not re.search(r"^\s*(def|class|for|while)\b", src, re.M), src
        assert "Path(" not in src and "/" not in re.sub(r"#.*", "", src), src
        assert len(src.splitlines()) <= 10, src


@pytest.mark.slow
def test_every_notebook_runs_for_one_agency(tmp_path):
    """papermill with injected parameters; agency_profile for the agency with every case."""
    root = synthetic.write(tmp_path / "ds")
    out = tmp_path / "out"
    for name in NAMES:
        agency = "a-big" if name == "agency_profile" else None
        result = batch.render(name, agency=agency, dataset=str(root), out=out, jobs=1,
                              quiet=True)
        assert [r["status"] for r in result["rendered"]] == ["ok"], result["rendered"]
        rec = result["rendered"][0]
        folder = out / name / rec["name"]
        nb = nbformat.read(folder / "notebook.ipynb", as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors
        pngs = [f for f in rec["files"] if f.endswith(".png")]
        assert pngs and not any(f.endswith(".svg") for f in rec["files"])  # SVG with --pack
        assert (folder / "report.html").exists()
    profile = out / "agency_profile" / "a-big"
    # the page's 8 charts, all with data for a-big (表二: 行政许可 in 2021 and 2022, facts.csv)
    assert len(list((profile / "charts").glob("*.png"))) == 8
    key = (profile / "tables" / "key_figures.csv").read_text(encoding="utf-8-sig")
    assert "新收政府信息公开申请数,2400,2000,20,件" in key  # counts as integers, not 2400.0
