"""The engine that runs notebooks: warm kernels (kernels, kernel_state), the papermill engine on
them (warm), one render in a worker (worker), the kernel started before planning (early), the dask
plugin, the page export (export) and the sweep of what killed runs left (reap). The notebooks' API
(analysis.render.api) never imports it.

`WarmEngine` here is the `xxgk` engine as papermill's entry point sees it. papermill registers the
engines of its entry points while it is itself being imported; the real engine
(analysis.render.engine.warm.WarmEngine) subclasses papermill's, so loading it there would import
papermill from within papermill's own import. This stand-in looks up every attribute
(execute_notebook, nb_kernel_name, nb_language…) on the real engine when first used.
"""

from __future__ import annotations


class _Deferred(type):
    def __getattr__(cls, name: str):
        from analysis.render.engine.warm import WarmEngine

        return getattr(WarmEngine, name)


class WarmEngine(metaclass=_Deferred):
    """Stands in for analysis.render.engine.warm.WarmEngine (see the package's docstring)."""
