"""Reliability, round two (issue 24): full-width formulas, a full disk under `brief`, readers
under one memory cap, bad scheduler URLs, unrelated files kept apart, links out of the input
folder, render counts, ids with a trailing newline, a kill during a re-ingest."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.base.safepaths import UnsafePath, check_id
from analysis.base.sheets import neutralise, restore, write_csv

# --- 1. formulas in every CSV, after NFKC and leading spaces -------------------------------

@pytest.mark.parametrize("text", ["＝1+1.json", "＋cmd|' /C calc'!A0", "－2+3", "＠SUM(A1)",
                                  "  =1+1", "\u3000＝HYPERLINK(1)", "\u00a0@x"])
def test_full_width_and_spaced_formulas_are_neutralised(tmp_path, text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text
    path = write_csv(tmp_path / "f.csv", pd.DataFrame({"path": [text]}))
    cell = path.read_text(encoding="utf-8-sig").splitlines()[1].strip('"')
    assert cell.startswith("'")


@pytest.mark.parametrize("text", ["－15", "  12", "平潭 =1", "a-b", "＄100"])
def test_plain_text_and_full_width_numbers_stay_as_they_are(text):
    assert neutralise(text) == text


# --- 8. ids: `$` matched before a trailing newline -----------------------------------------

@pytest.mark.parametrize("bad", ["evil\n", "a-b\n", "x\r\n"])
def test_an_id_with_a_trailing_newline_is_unsafe(bad):
    with pytest.raises(UnsafePath):
        check_id(bad)


# --- 2. `xxgk brief` on a full disk: one line, exit 74, like ingest and render -------------

def test_brief_on_a_full_disk_says_so_once(tmp_path, capsys, monkeypatch, fixtures):
    import errno
    import os

    from fixtures.brief.synthetic import load

    from analysis.brief import word
    from analysis.cli import main
    from analysis.dataset.store import write_dataset

    write_dataset(tmp_path / "ds", load())

    def full(body, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(word, "write", full)
    assert main(["brief", "--agency", "all", "--dataset", str(tmp_path / "ds"), "--out",
                 str(tmp_path / "briefs"), "--quiet"]) == 74
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the disk is full" in err[0] and err[0].startswith("xxgk brief")


# --- 7. the render summary counts what the manifest holds ----------------------------------

@pytest.mark.slow
def test_render_summary_counts_equal_the_manifest(tmp_path, capsys):
    import re
    from pathlib import Path

    from fixtures.charts import synthetic

    from analysis.cli import main
    from analysis.dataset.store import write_dataset
    from analysis.render import manifest

    fragile = Path(__file__).parent / "fixtures" / "charts" / "fragile.ipynb"
    ds = synthetic.build()
    for table in (ds.reports, ds.facts):
        table.loc[table["agency_id"] == "a-zero", "agency_id"] = "../../escaped"
    write_dataset(tmp_path / "ds", ds)
    main(["render", str(fragile), "--agency", "all", "--dataset", str(tmp_path / "ds"),
          "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    said = re.search(r"(\d+) written, (\d+) unchanged, (\d+) failed", capsys.readouterr().out)
    runs = manifest.load(tmp_path / "out" / "fragile" / "manifest.json").values()
    ok = sum(r["status"] == "ok" for r in runs)
    assert (int(said[1]), int(said[3])) == (ok, len(runs) - ok) == (3, 1)


# --- 4. a bad --scheduler: checked before connecting, one line, nothing in --out -----------

BAD_SCHEDULERS = [("bogus://x", 2), ("http://127.0.0.1:1/x", 2), ("tcp://[::1", 2),
                  ("tcp://127.0.0.1:1", 69)]


@pytest.mark.parametrize("url,status", BAD_SCHEDULERS)
def test_a_bad_scheduler_is_one_line_naming_it_and_writes_nothing(tmp_path, capsys, url,
                                                                  status):
    import time

    from fixtures.charts import synthetic
    from hostile_corpus import report

    from analysis.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(report(), encoding="utf-8")
    ds = synthetic.write(tmp_path / "ds")
    commands = {"ingest": ["ingest", str(tmp_path / "in"), "--quiet"],
                "render": ["render", "agency_profile", "--agency", "all", "--dataset", str(ds)],
                "brief": ["brief", "--agency", "all", "--dataset", str(ds)]}
    for name, args in commands.items():
        out = tmp_path / f"out-{name}"
        t0 = time.monotonic()
        assert main([*args, "--out", str(out), "--scheduler", url, "--quiet"]) == status
        assert time.monotonic() - t0 < 15
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and url in err[0] and err[0].startswith(f"xxgk {name}:"), err
        assert not out.exists()


# --- issue 22: ingest on a Dask cluster ------------------------------------------------------

@pytest.mark.slow
def test_ingest_on_a_local_cluster_equals_a_local_run_and_resumes(tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    from test_ingest_safety import _corpus, _same

    from analysis.cli import main

    src = _corpus(tmp_path / "src", 10)
    assert main(["ingest", str(src), "--out", str(tmp_path / "local"), "--quiet"]) == 0
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        args = ["ingest", str(src), "--out", str(tmp_path / "cluster"), "--quiet",
                "--scheduler", cluster.scheduler_address]
        assert main(args) == 0
        _same(tmp_path / "local", tmp_path / "cluster")
        parts = sorted((tmp_path / "cluster" / ".parts").glob("part-*.json"))
        assert len(parts) >= 2  # one batch per worker at least: both were given work
        capsys.readouterr()
        (src / "r2010.txt").write_text((src / "r2000.txt").read_text().replace("2000", "2010"))
        assert main(args) == 0
        assert "10 resumed" in capsys.readouterr().out


# --- 6. a link out of the input folder: a failure line unless --follow-links ---------------

def test_a_link_out_of_the_input_folder_is_not_followed_unless_asked(tmp_path, capsys):
    import os

    from hostile_corpus import report

    from analysis import load_dataset
    from analysis.cli import main

    (tmp_path / "elsewhere").mkdir()
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.write_text(report(year=2016, total=33), encoding="utf-8")
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "own.txt").write_text(report(year=2015), encoding="utf-8")
    os.symlink(secret, src / "link.txt")
    (tmp_path / "far").mkdir()
    (tmp_path / "far" / "other.txt").write_text(report(year=2017, total=44), encoding="utf-8")
    os.symlink(tmp_path / "far", src / "dir-link")
    os.symlink(src / "sub" / "own.txt", src / "inside-link.txt")  # inside: read (merged)
    assert main(["ingest", str(src), "--out", str(tmp_path / "o1"), "--quiet"]) == 0
    ds = load_dataset(tmp_path / "o1")
    fails = dict(zip(ds.failures["path"], ds.failures["reason"], strict=True))
    for link in ("link.txt", "dir-link"):
        assert "outside the input folders" in fails[str(src / link)]
    assert len(ds.reports) == 1
    capsys.readouterr()
    assert main(["ingest", str(src), "--out", str(tmp_path / "o2"), "--quiet",
                 "--follow-links"]) == 0
    assert "followed 2 symbolic link(s) out of the input folders" in capsys.readouterr().out
    ds = load_dataset(tmp_path / "o2")
    assert {str(src / "link.txt"), str(src / "dir-link" / "other.txt")} <= set(
        ds.reports["path"].astype(str)) and ds.failures.empty


# --- 9. a kill during a re-ingest keeps the old dataset until the new one is whole ----------

@pytest.mark.parametrize("where", ["settle", "series", "manifest"])
def test_an_interrupted_re_ingest_leaves_the_old_dataset_loadable(tmp_path, monkeypatch, where):
    from test_ingest_safety import _corpus

    from analysis import load_dataset
    from analysis.dataset import assemble, package, settle
    from analysis.dataset.ingest import ingest

    src, out = _corpus(tmp_path / "src", 4), tmp_path / "out"
    ingest([src], out, progress=False)
    before = load_dataset(out).reports["path"].tolist()
    (src / "r2009.txt").write_text((src / "r2000.txt").read_text().replace("2000", "2009"))

    def killed(*a, **k):
        raise KeyboardInterrupt

    target = {"settle": (settle, "revise"), "series": (assemble, "_series"),
              "manifest": (package, "write")}[where]
    monkeypatch.setattr(*target, killed)
    with pytest.raises(KeyboardInterrupt):
        ingest([src], out, progress=False)
    assert load_dataset(out).reports["path"].tolist() == before
    monkeypatch.undo()
    assert ingest([src], out, progress=False).reports == 5


def test_a_kill_during_the_swap_is_finished_by_the_next_run(tmp_path, monkeypatch):
    from test_ingest_safety import _corpus

    from analysis import load_dataset
    from analysis.dataset import package
    from analysis.dataset.ingest import ingest

    src, out = _corpus(tmp_path / "src", 3), tmp_path / "out"
    ingest([src], out, progress=False)
    (src / "r2009.txt").write_text((src / "r2000.txt").read_text().replace("2000", "2009"))
    real, moved = package._move, []

    def replace(a, b):
        if len(moved) == 2:
            raise KeyboardInterrupt  # killed between two renames
        moved.append(b)
        real(a, b)

    monkeypatch.setattr(package, "_move", replace)
    with pytest.raises(KeyboardInterrupt):
        ingest([src], out, progress=False, resume=True)
    monkeypatch.undo()
    with pytest.raises(package.DatasetError):
        load_dataset(out)  # a mixed folder is refused, naming the file
    summary = ingest([src], out, progress=False)
    assert any("finished moving in the dataset" in n for n in summary.notes)
    assert len(load_dataset(out).reports) == 4


# --- 3. every reader under one memory cap --------------------------------------------------

def test_every_reader_that_can_blow_up_runs_under_the_cap(tmp_path, monkeypatch):
    import docx
    from fpdf import FPDF

    from analysis.base import procs
    from analysis.read import read_document

    calls = []
    real = procs.in_child

    def spy(fn, *args, memory):
        calls.append(memory)
        return real(fn, *args, memory=memory)

    monkeypatch.setattr(procs, "in_child", spy)
    page = "<p>示例市统计局2015年政府信息公开工作年度报告</p>" + "<p>" + "公开" * 400_000 + "</p>"
    (tmp_path / "big.html").write_text(page, encoding="utf-8")
    small = tmp_path / "small.html"
    small.write_text(page[:5000], encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("示例市统计局2015年政府信息公开工作年度报告")
    d.save(tmp_path / "r.docx")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="2015 annual report")
    pdf.output(str(tmp_path / "r.pdf"))
    for path in (tmp_path / "big.html", tmp_path / "r.docx", tmp_path / "r.pdf"):
        calls.clear()
        read_document(path)
        assert len(calls) == 1 and procs.READ_BASE <= calls[0] <= procs.READ_MAX, path
    calls.clear()
    read_document(small)  # a small page is read in the worker: no fork
    assert calls == []


# --- 5. unrelated files never merged on a title alone ----------------------------------------

def test_files_of_one_agency_year_merge_only_on_shared_figures(tmp_path):
    from hostile_corpus import report

    from analysis import load_dataset
    from analysis.dataset.ingest import ingest

    src = tmp_path / "src"
    src.mkdir()
    title = "<title>示例市统计局2004年政府信息公开工作年度报告</title>"
    spans = "<table>" + "<tr><td rowspan=200 colspan=50>x</td></tr>" * 1000 + "</table>"
    (src / "a.html").write_text(f"{title}<p>页面加载失败。</p>{spans}", encoding="utf-8")
    (src / "b.html").write_text(f"{title}<p>本页已迁移。</p>", encoding="utf-8")
    (src / "c.txt").write_text(report(year=2005, total=12), encoding="utf-8")  # the same report
    (src / "d.md").write_text(report(year=2005, total=13), encoding="utf-8")  # re-published
    ingest([src], tmp_path / "ds", progress=False)
    ds = load_dataset(tmp_path / "ds")
    by_year = ds.reports.groupby("year").size().to_dict()
    assert by_year == {2004: 2, 2005: 1}
    rules = ds.flags.groupby("path")["rule"].agg(set)
    assert "table_capped" in rules[str(src / "a.html")]  # not lost in a merge
    assert "same_agency_year" in rules[str(src / "b.html")]
    (dup,) = ds.flags.query("rule == 'duplicate_report'").itertuples()
    assert "12 vs 13" in dup.message
