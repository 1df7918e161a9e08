"""Runs inside a warm kernel: import the analysis stack once, then give every notebook the state a
fresh kernel would have.

`warm_up()` imports what the notebooks use and draws one Chinese chart (fonts and caches loaded),
then takes a snapshot and freezes what it made out of the garbage collector's sight (`gc.freeze`):
the imported stack is never garbage, and IPython's `reset` runs a full collection before every
notebook, which otherwise walks all of it (about 0.1 s a page). `reset()` runs after each
notebook (sent without waiting, so it overlaps the page's export) and `restore(cwd)` before the
next (which resets there if the reset did not run to its end): the user namespace and execution
count are reset (IPython's `reset`), matplotlib rcParams and pyplot figures, the working
directory, `os.environ`, `sys.path`, warning filters and pandas options are put back, and the
random generators are re-seeded from the OS as in a new process. Imported modules stay (that is
the point), and so do the charts' shared Agg renderers with their text-metrics caches: Agg clears
a renderer before every drawing and a cached metric depends only on its text, font, size and dpi,
so a chart's bytes are those of a fresh kernel (the isolation test compares them), while the tick
labels, titles and source lines that every page repeats are measured once per kernel, not once
per page (about 0.1 s a page). A notebook that changes a module's globals is the one thing not
undone.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import warnings

WARM_MODULES = ("pandas", "numpy", "matplotlib", "matplotlib.figure", "IPython.display",
                "analysis", "analysis.charts", "analysis.tables", "analysis.metrics",
                "analysis.peers", "analysis.render.api.show")
_SNAPSHOT: dict = {}
_CLEAN: list = []  # [True] after a reset() that ran to its end, until the next restore()


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import `modules`, register the chart font and style, draw once; then snapshot the state."""
    import importlib

    for name in modules:
        importlib.import_module(name)
    if "analysis.charts" in sys.modules:
        from analysis.charts import no_data, output

        output.png_bytes(no_data("预热"), dpi=30)  # loads the CJK font's glyph tables once
    snapshot()
    gc.collect()
    gc.freeze()


def snapshot() -> None:
    """Remember the state that `restore` puts back."""
    import matplotlib

    _SNAPSHOT.update(rc=dict(matplotlib.rcParams), environ=dict(os.environ),
                     path=list(sys.path), filters=list(warnings.filters))


def reset() -> None:
    """Give the next notebook a fresh namespace and the snapshot's state (all of `restore` but
    the working directory). The engine sends it as soon as a notebook ends, without waiting, so
    that it runs while the worker writes that notebook's page; it marks the kernel clean."""
    import matplotlib

    _CLEAN.clear()
    get_ipython = sys.modules["IPython"].get_ipython
    get_ipython().reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    dict.update(matplotlib.rcParams, _SNAPSHOT["rc"])  # as rc_context does: no re-validation
    os.environ.clear()
    os.environ.update(_SNAPSHOT["environ"])
    sys.path[:] = _SNAPSHOT["path"]
    warnings.filters[:] = _SNAPSHOT["filters"]
    _reset_pandas_options()
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    _CLEAN.append(True)


def restore(cwd: str) -> None:
    """Before a notebook: `reset()` unless it ran to its end since the last notebook (it was
    not sent, or it failed), then work in `cwd`. Clean or not, the mark is used up: a notebook
    never runs on a reset that another notebook came after."""
    if not _CLEAN:
        reset()
    _CLEAN.clear()
    os.chdir(cwd)


def _reset_pandas_options() -> None:
    if "pandas" not in sys.modules:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sys.modules["pandas"].reset_option("all")


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB: the kernel's VmHWM where Linux gives
    it. Linux's ru_maxrss also counts the process this one was forked from before its exec: a
    kernel started by a 600 MB worker said 600 MB whatever it used itself. Elsewhere ru_maxrss
    (macOS reports bytes)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
