"""`xxgk export` / `Dataset.wide()`: agency × year × concept, a status beside every value, the
ratios with their denominators; a round trip through pandas gives back every value and status."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.cli import main
from analysis.dataset import schema
from analysis.dataset.dataset import Dataset
from analysis.export import write
from analysis.figures.wide import headers

# agency a: 2021 and 2023 (2022 has no report); agency b: 2023 only
_F = [("r1", "a", 2021, "request.new", "total", 12.0, "reported"),
      ("r1", "a", 2021, "request.result.disclosed", "total", None, "blank"),
      ("r1", "a", 2021, "request.result.total", "total", 10.0, "reported"),
      ("r1", "a", 2021, "review.total", "all", None, "not_applicable"),
      ("r2", "a", 2023, "request.new", "total", 9.0, "reported"),
      ("r2", "a", 2023, "request.result.disclosed", "total", 6.0, "reported"),
      ("r2", "a", 2023, "request.result.total", "total", 8.0, "reported"),
      ("r2", "a", 2023, "review.total", "all", 4.0, "reported"),
      ("r2", "a", 2023, "review.corrected", "all", 1.0, "reported"),
      ("r2", "a", 2023, "review.pending", "all", 2.0, "reported"),
      ("r3", "b", 2023, "request.new", "total", 0.0, "reported"),
      ("r3", "b", 2023, "request.result.total", "total", 0.0, "reported"),
      ("r3", "b", 2023, "request.result.disclosed", "total", 0.0, "reported")]


@pytest.fixture(scope="module")
def ds() -> Dataset:
    facts = pd.DataFrame(_F, columns=["report_id", "agency_id", "year", "indicator", "breakdown",
                                      "value", "status"])
    facts = facts.assign(agency=facts["agency_id"].map({"a": "示例甲局", "b": "示例乙局"}),
                         template="t2021", measure="count", source="table", location="table 三")
    reports = facts.drop_duplicates("report_id")[["report_id", "agency_id", "agency", "year",
                                                   "template"]].reset_index(drop=True)
    return Dataset(reports, facts, schema.empty("flags"), schema.empty("failures"))


def _same(a, b) -> bool:
    return (a is None or (isinstance(a, float) and math.isnan(a))) and \
        (b is None or (isinstance(b, float) and math.isnan(b))) or a == b


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_gives_every_value_and_status_of_the_series(ds, tmp_path, suffix):
    out = write(ds.wide(), tmp_path / f"wide{suffix}")
    back = (pd.read_excel(out, sheet_name="数据") if suffix == ".xlsx"
            else pd.read_csv(out, encoding="utf-8-sig"))
    rows = {(r["机关代码"], int(r["年份"])): r for _, r in back.iterrows()}
    assert set(rows) == {("a", 2021), ("a", 2022), ("a", 2023), ("b", 2023)}
    series = ds.series()
    seen = set()
    for s in series.itertuples():
        vh, sh = headers()[str(s.concept)]
        row = rows[(str(s.agency_id), int(s.year))]
        assert row[sh] == str(s.status), (s.concept, s.year)
        assert _same(float(row[vh]), float(s.value)), (s.concept, s.year, row[vh], s.value)
        seen.add((str(s.agency_id), int(s.year), str(s.concept)))
    for (agency, year), row in rows.items():  # every other cell: absent, or no report
        for concept, (vh, sh) in headers().items():
            if (agency, year, concept) not in seen:
                assert row[sh] == ("no_report" if year == 2022 else "absent"), (agency, year, sh)
                assert math.isnan(float(row[vh]))
    assert rows[("a", 2021)]["予以公开数·状态"] == "blank"
    assert rows[("a", 2021)]["行政复议数·状态"] == "not_applicable"


def test_ratios_sit_beside_their_numerator_and_denominator(ds):
    w = ds.wide().set_index(["机关代码", "年份"])
    a23 = w.loc[("a", 2023)]  # 6 of 8 concluded requests disclosed; 1 corrected of 4 − 2 pending
    assert (a23["予以公开占比(%)"], a23["予以公开占比·分子:予以公开数"],
            a23["予以公开占比·分母:办理结果总计"]) == (75.0, 6.0, 8.0)
    assert (a23["行政复议纠错率(%)"], a23["行政复议纠错率·分母"], a23["行政复议纠错率·分母口径"]) == \
        (50.0, 2.0, "已审结数")
    assert w.loc[("a", 2021), "予以公开占比·状态"] == "blank"  # the numerator was left empty
    assert w.loc[("b", 2023), "予以公开占比·状态"] == "none_concluded"  # 0 of 0: no share
    assert math.isnan(w.loc[("b", 2023), "予以公开占比(%)"])
    assert w.loc[("a", 2022), "予以公开占比·状态"] != "reported"


def test_export_command_writes_xlsx_with_a_notes_sheet(tmp_path, capsys):
    from analysis.dataset.ingest import ingest

    src = tmp_path / "src"
    src.mkdir()
    (src / "r.txt").write_text(
        "示例市统计局2022年政府信息公开工作年度报告\n一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n",
        encoding="utf-8")
    ingest([src], tmp_path / "ds", progress=False)
    assert main(["export", "--dataset", str(tmp_path / "ds"), "--out",
                 str(tmp_path / "w.xlsx")]) == 0
    sheets = pd.read_excel(tmp_path / "w.xlsx", sheet_name=None)
    assert list(sheets) == ["数据", "说明"]
    assert "no_report" in set(sheets["说明"]["状态"])
    assert sheets["数据"]["新收政府信息公开申请数(件)"].tolist() == [5]
    assert main(["export", "--dataset", str(tmp_path / "nowhere"), "--out",
                 str(tmp_path / "w.xlsx")]) == 2
    assert "no dataset at" in capsys.readouterr().err
    assert main(["export", "--dataset", str(tmp_path / "ds"), "--out", str(tmp_path / "w.txt")]) == 2
