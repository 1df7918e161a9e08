"""Ingest: the dataset contract on disk, bad input, exit codes, resume, duplicates, cross-year checks."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis import load_dataset
from analysis.cli import main
from analysis.dataset import schema
from analysis.dataset.ingest import ingest

REPORT = """示例市统计局{year}年政府信息公开工作年度报告
一、主动公开政府信息情况
指标名称 |
单位 |
本年度数 |
同比增减(%) |
主动公开政府信息数 |
条 |
{total} |
{yoy} |
政府网站公开 |
条 |
{total} |
|
"""


def write(path, year, total, yoy=""):
    path.write_text(REPORT.format(year=year, total=total, yoy=yoy), encoding="utf-8")
    return path


def test_batch_with_bad_files_completes(fixtures, tmp_path):
    out = tmp_path / "ds"
    s = ingest([fixtures / "legacy", fixtures / "bad"], out, progress=False)
    ds = load_dataset(out)
    # 5 good legacy fixtures + truncated-2014 parse; empty, binary, bad encoding, no table and
    # the broken .docx (not a zip package) are failures with their reason
    assert s.reports == 6 and len(ds.reports) == 6
    names = ds.failures["path"].map(lambda p: p.rsplit("/", 1)[1])
    fails = dict(zip(names, ds.failures["reason"], strict=True))
    assert set(fails) == {"empty.txt", "binary.txt", "bad-encoding.txt", "no-table.txt",
                          "notes.docx"}
    assert fails["empty.txt"] == "empty file"
    assert fails["binary.txt"].startswith("binary file")
    assert fails["bad-encoding.txt"].startswith("unreadable encoding")
    assert "not a disclosure report" in fails["no-table.txt"]
    assert "not a readable .docx (not a zip package)" in fails["notes.docx"]
    assert s.failures == 5
    for name in ("reports", "facts", "flags", "failures"):
        assert schema.validate(name, getattr(ds, name)).empty


def test_dataset_columns_and_traceability(fixtures, tmp_path):
    ingest([fixtures / "legacy" / "minzheng-2012-gbk.txt"], tmp_path, progress=False)
    ds = load_dataset(tmp_path)
    assert list(ds.facts.columns) == list(schema.FACT_COLUMNS)
    row = ds.facts.query("indicator == 'proactive.total' and measure == 'cumulative' "
                         "and source == 'table'").iloc[0]
    assert (row.value, row.raw_value, row.unit, row.year) == (1200.0, "1,200", "条", 2012)
    assert row.location.startswith("table 1") and row.path.endswith("minzheng-2012-gbk.txt")
    gazette = ds.facts.query("indicator == 'proactive.channel.gazette' and measure == 'annual'")
    assert gazette.status.tolist() == ["not_applicable"] and gazette.value.isna().all()
    r = ds.reports.iloc[0]
    assert (r.agency, r.year, r.template, r.encoding, r.agency_level) == \
        ("示例县民政局", 2012, "legacy", "gb18030", "department")
    assert r.n_facts == (ds.facts.report_id == r.report_id).sum()
    assert r.n_flags == (ds.flags.report_id == r.report_id).sum()


def test_exit_codes(fixtures, tmp_path, capsys):
    assert main(["ingest", str(fixtures / "bad"), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert "5 failure(s)" in capsys.readouterr().out
    assert main(["ingest", str(fixtures / "bad"), "--out", str(tmp_path / "b"), "--strict",
                 "--quiet"]) == 1
    assert main(["ingest", str(tmp_path / "missing"), "--out", str(tmp_path / "c")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--out"])
    assert exc.value.code == 2


def test_console_script_prints_one_line_summary(fixtures, tmp_path):
    out = subprocess.run([sys.executable, "-m", "analysis.cli", "ingest",
                          str(fixtures / "legacy"), "--out", str(tmp_path)],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("ingested 5 file(s): 5 report(s)")


def test_resume_skips_done_files_and_reparses_changed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for y in range(2010, 2014):
        write(src / f"r{y}.txt", y, 100 + y - 2010)
    first = ingest([src], tmp_path / "ds", progress=False)
    assert (first.reports, first.resumed) == (4, 0)
    write(src / "r2013.txt", 2013, 999)  # changed: parsed again
    again = ingest([src], tmp_path / "ds", progress=False)
    assert (again.reports, again.resumed) == (4, 3)
    facts = load_dataset(tmp_path / "ds").facts
    total_2013 = facts.query("year == 2013 and indicator == 'proactive.total' and source == 'table'"
                             " and measure == 'annual'")
    assert total_2013.value.tolist() == [999.0]
    (src / "r2010.txt").unlink()  # removed input: gone from the dataset
    assert ingest([src], tmp_path / "ds", progress=False).reports == 3


def test_duplicate_agency_year_merged_with_differences(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src / "a.txt", 2015, 50)
    shutil.copy(src / "a.txt", src / "a-copy.txt")
    write(src / "b.md", 2015, 51)
    ingest([src], tmp_path / "ds", progress=False)
    ds = load_dataset(tmp_path / "ds")
    assert len(ds.reports) == 1
    assert ds.reports.also_paths.iloc[0].count("|") == 1  # two other files named
    (dup,) = ds.flags.query("rule == 'duplicate_report'").itertuples()
    assert "proactive.total all annual: 50 vs 51" in dup.message
    n = ds.facts.query("indicator == 'proactive.total' and measure == 'annual' and source == 'table'")
    assert len(n) == 1  # nothing double-counted


def test_stated_yoy_checked_against_previous_report(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src / "2011.txt", 2011, 100)
    write(src / "2012.txt", 2012, 150, yoy="50")  # true: +50%
    write(src / "2013.txt", 2013, 120, yoy="10")  # false: -20%
    ingest([src], tmp_path / "ds", progress=False)
    flags = load_dataset(tmp_path / "ds").flags.query("rule == 'yoy_mismatch'")
    assert len(flags) == 1
    assert (flags.expected.iloc[0], flags.found.iloc[0]) == ("-20.0", "10")
    assert flags.path.iloc[0].endswith("2013.txt")


def test_agency_registry_beside_the_corpus(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    write(src / "x.txt", 2016, 10)
    (src / "agencies.csv").write_text("agency_id,name,aliases,level,parent\n"
                                      "demo-stats,示例市统计局,示例统计局,department,示例市\n",
                                      encoding="utf-8")
    ingest([src], tmp_path / "ds", progress=False)
    r = load_dataset(tmp_path / "ds").reports.iloc[0]
    assert (r.agency_id, r.agency_level, r.parent) == ("demo-stats", "department", "示例市")


def test_load_dataset_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no facts.parquet"):
        load_dataset(tmp_path)


def test_schema_reports_every_violation_together():
    bad = schema.conform("facts", pd.DataFrame({
        "report_id": ["r", "r"], "indicator": ["x", None], "status": ["reported", "weird"],
        "value": [float("nan"), 1.0], "source": ["table", "table"], "location": ["", "l"],
        "breakdown": ["all", "all"], "measure": ["annual", "annual"]}))
    errors = schema.validate("facts", bad)
    assert {"not null", "not NaN when reported", "not empty"} <= set(errors["rule"])
    assert any(r.startswith("in (") for r in errors["rule"])
    with pytest.raises(schema.SchemaError):
        schema.require("facts", bad)


def test_written_files_have_ordinary_permissions(fixtures, tmp_path):
    ingest([fixtures / "legacy" / "jiaotong-2015.md"], tmp_path, progress=False)
    assert (tmp_path / "facts.parquet").stat().st_mode & 0o044  # readable by others, not 0600


def test_subcommand_modules_load_only_when_chosen(monkeypatch, fixtures, tmp_path):
    import analysis.cli as cli

    monkeypatch.setitem(cli.COMMANDS, "broken", ("analysis.no_such_stage_module", "x"))
    assert main(["ingest", str(fixtures / "legacy"), "--out", str(tmp_path), "--quiet"]) == 0
    assert main(["broken"]) == 2  # said clearly, not a traceback


def test_interrupted_run_resumes_without_reparsing_done_batches(tmp_path, monkeypatch):
    import analysis.dataset.batch as ing
    from analysis.dataset import parts

    src = tmp_path / "src"
    src.mkdir()
    for y in range(2010, 2017):
        write(src / f"r{y}.txt", y, 100 + y)
    monkeypatch.setattr(parts, "BATCH", 2)
    calls = []
    real = ing.process

    def flaky(path, context=()):
        if len(calls) == 5:
            raise KeyboardInterrupt  # the user presses Ctrl-C during the sixth file
        calls.append(path)
        return real(path, context)

    monkeypatch.setattr(ing, "process", flaky)
    with pytest.raises(KeyboardInterrupt):
        ingest([src], tmp_path / "ds", progress=False)
    assert not (tmp_path / "ds" / "facts.parquet").exists()  # nothing half-written
    monkeypatch.setattr(ing, "process", real)
    s = ingest([src], tmp_path / "ds", progress=False)
    assert (s.resumed, s.reports) == (5, 7)  # the five parsed before Ctrl-C were kept
    assert len(load_dataset(tmp_path / "ds").reports) == 7


def test_two_workers_give_the_same_dataset_as_one(fixtures, tmp_path):
    ingest([fixtures / "legacy", fixtures / "bad"], tmp_path / "one", jobs=1, progress=False)
    ingest([fixtures / "legacy", fixtures / "bad"], tmp_path / "two", jobs=2, progress=False)
    a, b = load_dataset(tmp_path / "one"), load_dataset(tmp_path / "two")
    key = ["path", "indicator", "breakdown", "measure", "source"]
    pd.testing.assert_frame_equal(a.facts.sort_values(key, ignore_index=True),
                                  b.facts.sort_values(key, ignore_index=True))
    assert sorted(a.failures["path"]) == sorted(b.failures["path"])


def test_duplicate_with_a_figure_blank_in_one_file_is_not_a_disagreement():
    import pandas as pd

    from analysis.dataset.assemble import merge_duplicates

    reports = pd.DataFrame({"report_id": ["r1", "r2"], "agency_id": ["a", "a"], "agency": ["甲", "甲"],
                            "year": [2024, 2024], "form": ["html", "text"], "n_facts": [3, 3],
                            "path": ["x.html", "x.txt"]})
    facts = {  # x.txt left table 二's repealed count blank (cells it could not cut)
        "r1": [("normative", 33.0), ("rules", 2.0)], "r2": [("normative", float("nan")), ("rules", 2.0)]}

    def facts_of(rid):
        return pd.DataFrame([{"indicator": i, "breakdown": "all", "measure": "repealed", "value": v,
                              "source": "table"} for i, v in facts[rid]])

    _, (flag,), dropped = merge_duplicates(reports, facts_of)
    assert dropped == {"r2"}
    assert flag["severity"] == "info"
    assert "figures agree; 1 read in one file only: normative all repealed: 33 vs nan" in flag["message"]
    facts["r2"][1] = ("rules", 3.0)  # a real disagreement is a warning
    _, (flag,), _ = merge_duplicates(reports, facts_of)
    assert flag["severity"] == "warning" and "1 figure(s) differ: rules all repealed: 2 vs 3" in flag["message"]


def _stamps(folder):
    return {f.name: f.stat().st_mtime_ns for f in folder.iterdir() if f.is_file()}


def test_an_unchanged_ingest_keeps_the_dataset_and_any_change_builds_it_again(tmp_path,
                                                                              monkeypatch):
    from analysis.dataset import assemble, package

    src, ds = tmp_path / "src", tmp_path / "ds"
    src.mkdir()
    for y in (2014, 2015):
        write(src / f"r{y}.txt", y, 100 + y - 2014)
    first = ingest([src], ds, progress=False)
    before = _stamps(ds)
    real_build = assemble.build
    builds = []

    def counting_build(*a, **kw):
        builds.append(1)
        return real_build(*a, **kw)

    monkeypatch.setattr(assemble, "build", counting_build)
    again = ingest([src], ds, progress=False)
    assert not builds  # nothing changed: the tables were checked and kept
    assert (again.reports, again.facts, again.flags, again.failures) == (
        first.reports, first.facts, first.flags, first.failures)
    assert any("kept as they are" in n for n in again.notes)
    assert {k: v for k, v in _stamps(ds).items() if k != "skipped.csv"} == {
        k: v for k, v in before.items() if k != "skipped.csv"}

    (ds / "facts.parquet").write_bytes(b"not the table it was")  # damaged since: built again
    ingest([src], ds, progress=False)
    assert len(builds) == 1 and package.verify(ds)
    assert len(load_dataset(ds).facts) == first.facts

    monkeypatch.setattr(assemble, "code_signature", lambda: "another version of xxgk")
    ingest([src], ds, progress=False)
    assert len(builds) == 2

    (src / "agencies.csv").write_text("agency_id,name,aliases,level,parent\n"
                                      "demo-stats,示例市统计局,,department,示例市\n",
                                      encoding="utf-8")
    ingest([src], ds, progress=False)  # a new registry names the agency
    assert len(builds) == 3
    assert set(load_dataset(ds).reports.agency_id) == {"demo-stats"}

    write(src / "r2015.txt", 2015, 12345)  # a report changed
    ingest([src], ds, progress=False)
    assert len(builds) == 4
    facts = load_dataset(ds).facts.query("year == 2015 and indicator == 'proactive.total' and "
                                         "source == 'table' and measure == 'annual'")
    assert facts.value.tolist() == [12345.0]
