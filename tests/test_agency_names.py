"""Agencies by name: --agency takes an id (any case), a name or a name it signed with; a part
several agencies share lists them; an unknown one gets near matches. Unregistered agencies keep
their full name and get a readable id; `xxgk registry` starts a registry for a corpus."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.cli import main
from analysis.parse import agency
from analysis.render.api.agencies import choose
from analysis.render.api.params import ParameterError

REPORTS = pd.DataFrame({
    "agency_id": ["qx-zone", "qx-zone", "qx-county", "qx-czj"],
    "agency": ["青溪综合实验区管理委员会", "青溪综合实验区管理委员会", "青溪县人民政府", "青溪县财政局"],
    "agency_raw": ["青溪综合实验区", "青溪综合实验区管委会", "青溪县人民政府", "县财政局"]})


def test_an_agency_by_id_in_any_case_by_name_or_by_a_name_it_signed_with():
    assert choose(REPORTS, "QX-Zone") == ["qx-zone"]
    assert choose(REPORTS, "青溪综合实验区管理委员会") == ["qx-zone"]
    assert choose(REPORTS, "青溪综合实验区管委会") == ["qx-zone"]  # as signed in one year
    assert choose(REPORTS, "财政局, qx-county") == ["qx-czj", "qx-county"]
    assert choose(REPORTS, "实验区") == ["qx-zone"]  # a part only one agency has


def test_a_name_several_agencies_share_lists_them():
    with pytest.raises(ParameterError) as err:
        choose(REPORTS, "青溪")
    msg = str(err.value)
    assert msg.startswith("青溪 matches 3 agencies:")
    assert "qx-county 青溪县人民政府" in msg and "qx-zone 青溪综合实验区管理委员会" in msg


def test_an_unknown_agency_gets_near_matches():
    with pytest.raises(ParameterError, match=r"unknown agency qx-cunty \(did you mean qx-county"):
        choose(REPORTS, "qx-cunty")
    with pytest.raises(ParameterError, match="did you mean.*青溪县财政局"):
        choose(REPORTS, "青溪市财政局")


def test_an_unregistered_agency_keeps_its_full_name_and_gets_a_readable_id():
    a = agency.resolve("福清市人民政府")
    assert (a.name, a.agency_id, a.registered) == ("福清市人民政府", "fuqingshi-renminzhengfu",
                                                   False)
    assert agency.resolve("福清市 人民政府").agency_id == a.agency_id  # stable
    assert agency.resolve("长乐区财政局").agency_id.isascii()


def test_the_package_ships_no_agencies():
    from analysis import vocab

    assert vocab.agencies() == []


def _report(folder, name, title_agency, year, signed):
    (folder / name).write_text(
        f"{title_agency}{year}年政府信息公开工作年度报告\n"
        "一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5\n"
        f"{signed}\n{year + 1}年1月20日\n", encoding="utf-8")


def test_registry_command_writes_a_starter_registry_that_ingest_then_uses(tmp_path, capsys):
    src = tmp_path / "corpus"
    src.mkdir()
    _report(src, "a.txt", "青溪市人民政府", 2022, "青溪市人民政府")
    _report(src, "b.txt", "青溪市", 2023, "青溪市人民政府")
    _report(src, "c.txt", "青溪市白沙区人民政府", 2023, "青溪市白沙区人民政府")
    _report(src, "d.txt", "青溪市教育局", 2023, "青溪市教育局")
    out = tmp_path / "agencies.csv"
    assert main(["registry", str(src), "--out", str(out)]) == 0
    assert "3 agencies in" in capsys.readouterr().out
    with open(out, encoding="utf-8") as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"青溪市人民政府", "青溪市白沙区人民政府", "青溪市教育局"}
    city = rows["青溪市人民政府"]
    assert (city["agency_id"], city["level"], city["years"], city["files"]) == \
        ("qingxishi-renminzhengfu", "city", "2022 2023", "2")
    assert (rows["青溪市白沙区人民政府"]["level"], rows["青溪市白沙区人民政府"]["parent"]) == \
        ("district", "青溪市")
    assert (rows["青溪市教育局"]["level"], rows["青溪市教育局"]["parent"]) == ("department", "青溪市")
    assert all("check" in r["check"] for r in rows.values())
    # edited and put beside the corpus, ingest uses it
    text = out.read_text(encoding="utf-8").replace("qingxishi-renminzhengfu", "qx-city")
    (src / "agencies.csv").write_text(text, encoding="utf-8")
    from analysis.dataset.ingest import ingest

    ingest([src], tmp_path / "ds", progress=False)
    r = pd.read_parquet(tmp_path / "ds" / "reports.parquet")
    assert sorted(r.loc[r["agency"] == "青溪市人民政府", "agency_id"].astype(str)) == ["qx-city"] * 2
    agency.use([], "none")


def test_a_relative_name_is_completed_by_the_full_form_the_report_prints():
    text = ("附件青溪市2021年政府信息公开工作情况统计表\n青溪市统计局认真落实……全市统计局系统……"
            "青溪市统计局门户网站……\n市统计局\n")
    a = agency.resolve("市统计局", context=text)
    assert (a.name, a.agency_id) == ("青溪市统计局", "qingxishi-tongjiju")
    # two full forms printed as often: neither is taken (the first place named is, as before)
    assert agency._printed_full("市统计局", "丙丁市统计局……甲乙市统计局") == ""
