"""The dataset folder: what is written beside the data (figures, series, vocabulary, the Frictionless
datapackage.json), the manifest that refuses a torn dataset, filters pushed down to parquet, and
the Dataset API."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest
from fixtures.charts import synthetic

from analysis import load_dataset
from analysis.dataset import package, schema
from analysis.dataset.package import DatasetError
from analysis.dataset.store import FILES, write_dataset, write_table
from analysis.figures import FIGURE_STATUSES
from analysis.model import SEVERITIES, STATUSES


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return synthetic.write(tmp_path_factory.mktemp("ds") / "dataset")


def test_every_table_and_the_vocabulary_are_written_and_described(root):
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"]: r for r in package["resources"]}
    assert set(names) == {*FILES, "indicators", "concepts", "rules", "statuses"}
    for name, file in FILES.items():
        res = names[name]
        assert res["path"] == file and res["bytes"] == (root / file).stat().st_size
        assert res["hash"].startswith("sha256:")
        described = [f["name"] for f in res["schema"]["fields"]]
        assert described == list(schema.SCHEMAS[name])
        assert all(f["description"] and f["type"] for f in res["schema"]["fields"])
        if file.endswith(".parquet"):
            assert pq.read_schema(root / file).names == described
    for name in ("indicators", "concepts", "rules", "statuses"):
        header = (root / names[name]["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f["name"] for f in names[name]["schema"]["fields"]]
    # the status of a figure printed but not placed for certain is documented where it is used
    fields = {f["name"]: f for f in names["figures"]["schema"]["fields"]}
    assert "unresolved" in fields["status"]["constraints"]["enum"]
    assert "待核" in fields["status"]["description"]
    words = pd.read_csv(root / "statuses.csv").set_index("status")["word_zh"]
    assert words["unresolved"] == "待核" and words["blank"] == "未填报"


def test_enums_in_the_description_are_the_codes_ones():
    assert schema.enum("facts", "status") == STATUSES
    assert schema.enum("flags", "severity") == SEVERITIES
    assert schema.enum("figures", "status") == FIGURE_STATUSES == schema.enum("series", "status")


def test_loaded_tables(root):
    ds = load_dataset(root)
    assert isinstance(ds.facts["indicator"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_bool_dtype(ds.facts["preferred"]) and ds.facts["preferred"].any()
    assert {"table", "row", "column", "line"} <= set(ds.facts.columns)
    assert ds.flags["agency_id"].notna().all() and ds.flags["year"].notna().all()
    assert pd.api.types.is_datetime64_any_dtype(ds.reports["published"])
    assert pq.read_schema(root / "reports.parquet").field("published").type == "date32[day]"
    # every figure that comes from a fact names it: the preferred fact of the same key and source
    key = ["report_id", "indicator", "breakdown", "measure", "source"]
    won = ds.facts[ds.facts["preferred"]][key].astype(str)
    from_facts = ds.figures[ds.figures["source"] != "derived"][key].astype(str)
    assert len(won) == len(from_facts)
    assert len(won.merge(from_facts, on=key)) == len(won)
    r = repr(ds)
    assert len(r) < 300 and "10 report(s)" in r


def test_a_table_from_another_run_is_refused_with_its_name(root, tmp_path):
    """Disk full during the final write once left a new facts.parquet beside the old reports:
    the manifest names the file that does not belong."""
    other = tmp_path / "other"
    ds = load_dataset(root)
    write_dataset(other, type(ds)(ds.reports, ds.facts[ds.facts["agency_id"] == "a-big"],
                                  ds.flags, ds.failures))
    torn = tmp_path / "torn"
    shutil.copytree(root, torn)
    shutil.copy(other / "facts.parquet", torn / "facts.parquet")
    with pytest.raises(DatasetError, match="facts.parquet"):
        load_dataset(torn)
    # a writer marks the folder before its first table: a write that stops half-way is refused
    package.begin(torn)
    with pytest.raises(DatasetError, match="did not finish"):
        load_dataset(torn)
    # a folder made by hand (no datapackage.json at all) loads, with a warning that it is unchecked
    (torn / "datapackage.json").unlink()
    with pytest.warns(UserWarning, match="not checked"):
        assert len(load_dataset(torn).facts) == (ds.facts["agency_id"] == "a-big").sum()


def test_one_table_rewritten_on_purpose_is_recorded(root, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    ds = load_dataset(copy)
    write_table(copy, "flags", ds.flags.iloc[:1])
    assert len(load_dataset(copy).flags) == 1


def test_filters_are_pushed_down(root):
    ds = load_dataset(root, agencies=["a-big"], years=[2021, 2022])
    for table in (ds.reports, ds.facts, ds.figures, ds.series(), ds.flags):
        assert set(table["agency_id"].astype(str)) <= {"a-big"}
        assert set(table["year"].astype(int)) <= {2021, 2022}
    peers = load_dataset(root, agencies=["a-big"], whole=["series", "reports"])
    assert set(peers.series()["agency_id"].astype(str)) == {"a-big", "a-small", "a-zero",
                                                            "a-blank"}
    assert set(peers.facts["agency_id"].astype(str)) == {"a-big"}
    with pytest.raises(ValueError, match="whole"):
        load_dataset(root, whole=["nope"])


def test_agencies_is_a_table_and_series_filters(root):
    ds = load_dataset(root)
    a = ds.agencies
    assert a["agency_id"].tolist() == ["a-big", "a-blank", "a-small", "a-zero"]
    assert a.set_index("agency_id").loc["a-big", "n_reports"] == 4
    s = ds.series("requests_received", agencies=["a-big"])
    assert s["value"].tolist() == [1200, 1500, 2000, 2400]
    with pytest.raises(KeyError, match="unknown concept"):
        ds.series("nope")


def test_failures_csv_is_for_people(tmp_path):
    ds = synthetic.build()
    ds.failures = schema.conform("failures", pd.DataFrame(
        {"path": ["=HYPERLINK(\"http://x\")"], "stage": ["read"], "reason": ["empty file"]}))
    write_dataset(tmp_path, ds)
    raw = (tmp_path / "failures.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"'=HYPERLINK" in raw


def _readme_block(lang: str) -> str:
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Counting and comparing"):text.index("## Layout")]
    start = section.index(f"```{lang}\n") + len(lang) + 4
    return section[start:section.index("```", start)]


def test_the_readme_query_gives_the_same_in_pandas_and_duckdb(root):
    duckdb = pytest.importorskip("duckdb")  # not a dependency: the check runs where installed
    scope: dict = {}
    exec(_readme_block("python").replace('"outputs/dataset"', repr(str(root))), scope)
    sql = _readme_block("sql").replace("outputs/dataset", str(root))
    got = duckdb.sql(sql).df().set_index("year")
    want = scope["by_year"]
    assert len(want) >= 4
    assert got["sum"].tolist() == want["sum"].tolist()
    assert got["count"].tolist() == want["count"].tolist()
