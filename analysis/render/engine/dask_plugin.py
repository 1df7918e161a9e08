"""The warm engine on a Dask cluster: each worker sets itself up for rendering when it joins, and
stops its kernels when it leaves. Workers need xxgk installed and the dataset and --out at paths
they all see (a shared file system; the dataset may also be an object-store URI)."""

from __future__ import annotations

from distributed import WorkerPlugin


class WarmKernels(WorkerPlugin):
    """Registered by `xxgk render --scheduler`; kernels start on a worker's first page."""

    name = "xxgk-warm-kernels"

    def setup(self, worker) -> None:
        from analysis.render.engine import worker as render_worker

        render_worker.init_worker()

    def teardown(self, worker) -> None:
        from analysis.render.engine import kernels

        kernels.close_all()
