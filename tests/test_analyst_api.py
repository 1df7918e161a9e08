"""What an analyst meets first: dir(analysis) shows the API; the tables grouped and pivoted
behave like plain strings; index.html lists the real reports apart from the example data."""

from __future__ import annotations

import pandas as pd
from fixtures.brief.synthetic import load as load_synthetic

import analysis
from analysis.dataset.store import load_dataset, write_dataset
from analysis.render import index_page


def test_dir_lists_the_public_api():
    assert {"load_dataset", "read_report", "ingest"} <= set(dir(analysis))
    assert "TYPE_CHECKING" not in dir(analysis)


def test_series_and_reports_group_and_pivot_like_plain_strings(tmp_path):
    write_dataset(tmp_path / "ds", load_synthetic())
    ds = load_dataset(tmp_path / "ds")
    s = ds.series()
    one = s[s["agency_id"] == "test-edu"]
    counts = one[["agency_id", "status"]].value_counts()
    assert set(counts.index.get_level_values("agency_id")) == {"test-edu"} and (counts > 0).all()
    table = one.pivot_table(index="concept", columns="year", values="value", aggfunc="sum")
    assert not isinstance(table.index, pd.CategoricalIndex)
    r = ds.reports
    assert r[r["agency_id"] == "test-edu"]["agency_id"].value_counts().index.tolist() == ["test-edu"]
    assert isinstance(ds.facts["indicator"].dtype, pd.CategoricalDtype)  # the large tables: memory


def test_the_index_lists_real_reports_apart_from_the_example_data(tmp_path):
    (tmp_path / "dataset").mkdir()
    pd.DataFrame({"agency_id": ["qx-a", "sl-b", "qx-a"],
                  "path": ["data/real/qx/a-2020.txt", "data/sample/sl-b/2021.txt",
                           "data/real/qx/a-2021.txt"]}).to_parquet(
        tmp_path / "dataset" / "reports.parquet")
    heads = index_page.corpora(tmp_path)
    assert heads == {"qx-a": "真实年报", "sl-b": "示例数据"}
    runs = {a: {"name": a, "title": a, "status": "ok", "html": "report.html"} for a in heads}
    rows = "\n".join(index_page._grouped("agency_profile", runs, heads))
    assert rows.index("<h3>真实年报</h3>") < rows.index("qx-a") < rows.index("<h3>示例数据</h3>") \
        < rows.index("sl-b")
    one = pd.DataFrame({"agency_id": ["x"], "path": ["data/sample/x/2021.txt"]})
    one.to_parquet(tmp_path / "dataset" / "reports.parquet")
    assert index_page.corpora(tmp_path) == {}  # one corpus: no headings
