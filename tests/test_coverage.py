"""data_quality's coverage: missing years say 无报告; past LABELLED agencies the heatmap names no
row (a province fits) and points to the CSV, which the page links instead of printing."""

from __future__ import annotations

import pandas as pd

from analysis import tables
from analysis.charts import quality
from analysis.dataset import schema
from analysis.dataset.dataset import Dataset


def _ds(n: int) -> Dataset:
    rows = [(f"r{i}-{y}", f"a{i:03d}", f"示例{i}局", y, "t2021") for i in range(n)
            for y in (2021, 2023)]
    reports = pd.DataFrame(rows, columns=["report_id", "agency_id", "agency", "year", "template"])
    return Dataset(reports.assign(parent="示例市"), schema.empty("facts"), schema.empty("flags"),
                   schema.empty("failures"))


def test_a_year_without_a_report_says_so():
    t = tables.coverage(_ds(2))
    assert list(t.columns) == ["机关代码", "机关", "2021", "2022", "2023"]
    assert t["2022"].tolist() == ["无报告", "无报告"] and t["2021"].tolist() == ["2021年模板"] * 2


def test_a_province_is_drawn_without_a_name_per_row():
    few, many = quality.coverage(_ds(5)), quality.coverage(_ds(quality.LABELLED + 1))
    assert [t.get_text() for t in few.axes[0].get_yticklabels()] == [f"示例{i}局" for i in range(5)]
    assert many.axes[0].get_yticklabels() == []
    assert any("coverage.csv" in t.get_text() for t in many.texts)


def test_the_page_links_the_coverage_csv_instead_of_printing_it(tmp_path, monkeypatch):
    from analysis.render.api import show

    shown = []
    monkeypatch.setattr(show, "_display", lambda obj, raw=False: shown.append(obj))
    out = show.Outputs(tmp_path)
    out.table_file(tables.coverage(_ds(3)), "coverage", "各机关各年度的年报格式")
    (html,) = [s["text/html"] for s in shown]
    assert 'href="tables/coverage.csv"' in html and "<table" not in html
    back = pd.read_csv(tmp_path / "tables" / "coverage.csv", encoding="utf-8-sig")
    assert len(back) == 3 and back["2022"].eq("无报告").all()
