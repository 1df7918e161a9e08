"""Batch rendering: a failing agency does not stop the others, unknown parameters are refused
before anything runs, and a second render with nothing changed does no work."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures.charts import synthetic

from analysis.dataset import package
from analysis.dataset.store import FILES, write_table
from analysis.render import batch
from analysis.render.api import params

FRAGILE = Path(__file__).parent / "fixtures" / "charts" / "fragile.ipynb"


@pytest.fixture(scope="module")
def broken_dataset(tmp_path_factory) -> Path:
    """The synthetic dataset, except that one a-blank fact says `reported` but holds no value."""
    root = synthetic.write(tmp_path_factory.mktemp("ds"))
    facts = pd.read_parquet(root / "facts.parquet")
    bad = facts.index[(facts["agency_id"] == "a-blank") & (facts["status"] == "blank")][0]
    facts.loc[bad, "status"] = "reported"
    # write_table would refuse this (schema.require); write the parquet file directly
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)  # record the deliberate edit in the manifest load_dataset checks
    return root


def test_failed_agency_is_reported_and_the_others_rendered(broken_dataset, tmp_path):
    out = tmp_path / "out"
    result = batch.render(str(FRAGILE), agency="all", dataset=str(broken_dataset), out=out,
                          jobs=2, quiet=True)
    by_name = {r["name"]: r for r in result["rendered"]}
    assert sorted(by_name) == ["a-big", "a-blank", "a-small", "a-zero"]
    assert by_name["a-blank"]["status"] == "failed"
    assert "SchemaError" in by_name["a-blank"]["error"]
    for name in ("a-big", "a-small", "a-zero"):
        folder = out / "fragile" / name
        assert by_name[name]["status"] == "ok"
        assert (folder / "report.html").stat().st_size > 0
        if name == "a-zero":  # every request 0 (facts.csv): a one-line note, no chart file
            assert not (folder / "charts").exists()
            assert "新收政府信息公开申请数（件）：均为0" in \
                (folder / "report.html").read_text(encoding="utf-8")
            continue
        assert (folder / "charts" / "requests_by_year.png").exists()
        assert not (folder / "charts" / "requests_by_year.svg").exists()  # the page needs PNG
        html_text = (folder / "report.html").read_text(encoding="utf-8")
        assert 'src="charts/requests_by_year.png"' in html_text  # linked, not embedded
        assert "<img src=\"data:image/png" not in html_text and "src=\"data:" not in html_text
        assert "schema.require" not in html_text  # code hidden
    index = result["index"].read_text(encoding="utf-8")
    assert index.count('href="fragile/') >= 7  # 4 reports (the failed one too) + 3 notebooks
    assert "失败" in index and "SchemaError" in index

    again = batch.render(str(FRAGILE), agency="all", dataset=str(broken_dataset), out=out,
                         jobs=2, quiet=True)
    assert again["rendered"] == []
    assert sorted(again["skipped"]) == ["a-big", "a-blank", "a-small", "a-zero"]
    assert [r["name"] for r in again["failed"]] == ["a-blank"]  # still listed

    forced = batch.render(str(FRAGILE), agency="a-big", dataset=str(broken_dataset), out=out,
                          jobs=1, force=True, quiet=True)
    assert [r["name"] for r in forced["rendered"]] == ["a-big"]


def test_editing_one_agency_renders_that_agency_again(tmp_path):
    """The run key covers an agency's own rows: a changed fact re-renders its agency only, a
    flag of a third agency's report changes nothing here, a flag of the agency's report does."""
    root = synthetic.write(tmp_path / "ds")
    kw = dict(agency="a-zero,a-big", dataset=str(root), out=tmp_path / "out", jobs=1, quiet=True)
    assert len(batch.render(str(FRAGILE), **kw)["rendered"]) == 2
    facts = pd.read_parquet(root / "facts.parquet")
    facts.loc[facts.index[facts["agency_id"] == "a-big"][0], "raw_label"] = "edited"
    facts.to_parquet(root / "facts.parquet", index=False)
    package.write(root, FILES)
    again = batch.render(str(FRAGILE), **kw)
    assert [r["name"] for r in again["rendered"]] == ["a-big"] and again["skipped"] == ["a-zero"]
    flags = synthetic.build().flags
    write_table(root, "flags", flags[~flags["report_id"].str.startswith("a-small")])
    assert batch.render(str(FRAGILE), **kw)["rendered"] == []
    write_table(root, "flags", flags[~flags["report_id"].str.startswith(("a-small", "a-big"))])
    assert [r["name"] for r in batch.render(str(FRAGILE), **kw)["rendered"]] == ["a-big"]


def test_unknown_parameters_and_agencies_are_refused_before_running(tmp_path):
    root = synthetic.write(tmp_path / "ds")
    out = tmp_path / "out"
    with pytest.raises(params.ParameterError, match="unknown parameter.*colour"):
        batch.render(str(FRAGILE), agency="a-big", given={"colour": "red"}, dataset=str(root),
                     out=out)
    with pytest.raises(params.ParameterError, match="not-there"):
        batch.render(str(FRAGILE), agency="a-big,not-there", dataset=str(root), out=out)
    with pytest.raises(params.ParameterError, match="--agency"):
        batch.render(str(FRAGILE), dataset=str(root), out=out)
    assert not out.exists()  # nothing ran, nothing written


def test_parse_pairs():
    assert params.parse_pairs(["year=2022", "parent=淮安市", "agencies=['a', 'b']"]) == {
        "year": 2022, "parent": "淮安市", "agencies": ["a", "b"]}
    with pytest.raises(params.ParameterError):
        params.parse_pairs(["no-equals-sign"])
