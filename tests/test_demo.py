"""`xxgk demo` end to end on a small folder: ingest, render every notebook, brief every agency."""

from __future__ import annotations

import csv

from analysis.cli import main
from analysis.render import batch


def test_demo_on_a_small_folder(fixtures, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    assert main(["demo", "--data", str(fixtures / "legacy"), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[0].startswith("ingested 5 file(s): 5 report(s)")
    assert printed[-1] == str((out / "index.html").resolve())
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in ("agency_profile", "compare_agencies", "trends", "data_quality"):
        assert nb in index
    assert index.count('.docx">docx</a>') == 5  # the briefings are linked too
    with open(out / "briefs" / "index.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5 and {r["status"] for r in rows} == {"ok"}
    assert len(list((out / "briefs").rglob("*.docx"))) == 5
    # a second run finds nothing changed and renders nothing again: no worker, no kernel
    def no_pool(*args, **kw):
        raise AssertionError("a worker pool started with nothing to run")

    monkeypatch.setattr(batch, "executor_for", no_pool)
    assert main(["demo", "--data", str(fixtures / "legacy"), "--out", str(out), "--quiet"]) == 0
    assert "agency_profile: 0 written, 5 unchanged, 0 failed" in capsys.readouterr().out
