"""compare_agencies without a year: the latest year most agencies have, said and explained; the
median the chart draws is the one its table states."""

from __future__ import annotations

import pandas as pd

from analysis import peers, tables
from analysis.dataset import schema
from analysis.dataset.dataset import Dataset


def _ds(years: dict[str, list[int]], values: dict[tuple[str, int], float]) -> Dataset:
    rows = [(f"{a}{y}", a, f"示例{a}局", y) for a, ys in years.items() for y in ys]
    reports = pd.DataFrame(rows, columns=["report_id", "agency_id", "agency", "year"]).assign(
        template="t2021")
    facts = reports.assign(indicator="request.new", breakdown="total", measure="count",
                           status="reported", source="table", location="table 三",
                           value=[values.get((a, y), 1.0) for a, y in
                                  zip(reports["agency_id"], reports["year"], strict=True)])
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def test_the_latest_year_most_agencies_have_not_the_latest_year_one_has():
    ds = _ds({"a": [2021, 2022, 2023], "b": [2021, 2022], "c": [2022], "d": [2021]}, {})
    year, why = peers.comparable_year(ds)
    assert year == 2022  # 3 of 4 have 2022; 2023 only a
    assert why == "未指定年度：取4个所选机关中多数（3个）有年报的最近年度2022年；2023年仅1个机关有年报。"
    assert peers.comparable_year(ds, ["a", "d"])[0] == 2023  # 1 of 2 is half


def test_when_no_year_has_half_the_agencies_the_year_most_have():
    ds = _ds({"a": [2012, 2024], "b": [2012, 2025], "c": [2013], "d": [2014], "e": [2015]}, {})
    year, why = peers.comparable_year(ds)
    assert year == 2012 and why.startswith("未指定年度：没有一年过半机关有年报")
    assert "2024年仅1个、2025年仅1个机关有年报" in why


def test_the_ranking_table_states_the_median_the_chart_draws():
    values = {("a", 2022): 10.0, ("b", 2022): 20.0, ("c", 2022): 60.0}
    ds = _ds({"a": [2022], "b": [2022], "c": [2022]}, values)
    t = tables.ranking(ds, "requests_received", 2022)
    assert t["所列机关中位数(图中虚线)"].tolist() == [20.0] * 3
    # each agency's own reference leaves it out: c -> median(10, 20), a -> median(20, 60)
    assert dict(zip(t["机关"], t["其他机关中位数(不含本机关)"], strict=True)) == \
        {"示例c局": 15.0, "示例b局": 35.0, "示例a局": 40.0}
    assert peers.peer_median(ds, "requests_received", 2022) == 20.0
