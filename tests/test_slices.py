"""An agency's own rows: what a page loads and what its run key hashes; and a render with nothing
to do imports neither papermill nor nbformat."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
from fixtures.charts import synthetic

from analysis.dataset import package
from analysis.dataset.store import FILES
from analysis.render import batch
from analysis.render.api import slices

FRAGILE = synthetic.HERE / "fragile.ipynb"


def test_slice_is_the_agency_rows_and_digests_agree(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    full = synthetic.build()
    part = slices.load(root, ["a-big"])
    assert len(part.facts) == (full.facts["agency_id"] == "a-big").sum() > 0
    assert set(part.reports["agency_id"]) == {"a-big"}
    assert set(part.flags["report_id"].astype(str)) == set(
        full.flags.loc[full.flags["report_id"].str.startswith("a-big"), "report_id"])
    every = slices.digests(root)
    assert sorted(every) == ["a-big", "a-blank", "a-small", "a-zero"]
    assert slices.digests(root, ["a-big", "none"]) == {"a-big": every["a-big"],
                                                       "none": slices.digests(root, ["none"])["none"]}
    facts = pd.read_parquet(root / "facts.parquet").iloc[::-1]  # row order is not content
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)  # a deliberate edit, recorded in the manifest
    assert slices.digests(root) == every


def test_nothing_to_do_imports_no_papermill(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    out = tmp_path / "out"
    assert batch.render(str(FRAGILE), agency="a-zero", dataset=str(root), out=out, jobs=1,
                        quiet=True)["rendered"]
    code = ("import sys, time; from analysis.render import batch; t = time.perf_counter(); "
            f"r = batch.render({str(FRAGILE)!r}, agency='a-zero', dataset={str(root)!r}, "
            f"out={str(out)!r}, quiet=True); "
            "print(r['skipped'], 'papermill' in sys.modules, 'nbformat' in sys.modules, "
            "round(time.perf_counter() - t, 2))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    skipped, papermill, nbformat, seconds = done.stdout.rsplit(None, 3)
    assert skipped == "['a-zero']" and papermill == nbformat == "False", done.stdout


def test_an_edit_changes_that_agency_digest_only(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    before = slices.digests(root)
    facts = pd.read_parquet(root / "facts.parquet")
    row = facts.index[(facts["agency_id"] == "a-small") & facts["value"].notna()][0]
    facts.loc[row, "value"] += 1
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)  # a deliberate edit, recorded in the manifest
    after = slices.digests(root)
    assert after["a-small"] != before["a-small"]
    assert {a: d for a, d in after.items() if a != "a-small"} == {
        a: d for a, d in before.items() if a != "a-small"}
    facts = pd.concat([facts, facts.loc[[row]]], ignore_index=True)  # the same row twice
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)
    assert slices.digests(root)["a-small"] != after["a-small"]
