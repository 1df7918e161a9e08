"""A small batch on a Dask LocalCluster (`--scheduler`): pages rendered by cluster workers through
the worker plugin equal the pages rendered locally, and briefs run there too."""

from __future__ import annotations

import pytest
from fixtures.charts import synthetic

from analysis.cli import main
from analysis.render import batch

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_pages_on_a_cluster_equal_local_pages(scheduler, tmp_path):
    root = synthetic.write(tmp_path / "ds")
    kw = dict(agency="a-big,a-small,a-zero", dataset=str(root), quiet=True)
    remote = batch.render("agency_profile", out=tmp_path / "cluster", scheduler=scheduler, **kw)
    local = batch.render("agency_profile", out=tmp_path / "local", jobs=1, **kw)
    assert [r["status"] for r in remote["rendered"] + local["rendered"]] == ["ok"] * 6
    assert {r["peak_mb"]["kernel"] is not None for r in remote["rendered"]} == {True}
    for agency in ("a-big", "a-small"):  # a-zero: every chart empty, notes only, no charts/
        a, b = (tmp_path / o / "agency_profile" / agency / "charts" for o in ("cluster", "local"))
        names = sorted(p.name for p in b.iterdir())
        assert names and names == sorted(p.name for p in a.iterdir())
        assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert main(["render", "agency_profile", "--agency", "all", "--dataset", str(root),
                 "--out", str(tmp_path / "cluster"), "--scheduler", scheduler, "--quiet"]) == 0


def test_briefs_on_a_cluster(scheduler, tmp_path, fixtures):
    from fixtures.brief.synthetic import load

    from analysis.dataset.store import write_dataset

    write_dataset(tmp_path / "ds", load())
    assert main(["brief", "--agency", "all", "--dataset", str(tmp_path / "ds"), "--out",
                 str(tmp_path / "briefs"), "--scheduler", scheduler, "--quiet"]) == 0
    assert len(list((tmp_path / "briefs").rglob("*.docx"))) == 2
