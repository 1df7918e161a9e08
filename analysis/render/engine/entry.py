"""The `xxgk` papermill engine as papermill's entry point sees it.

papermill registers the engines of its entry points while it is itself being imported; the real
engine (analysis.render.engine.warm) subclasses papermill's, so loading it there would import
papermill from within papermill's own import. This class stands in for it and looks up every
attribute (execute_notebook, nb_kernel_name, nb_language…) on the real engine when first used.
"""

from __future__ import annotations


class _Deferred(type):
    def __getattr__(cls, name: str):
        from analysis.render.engine.warm import WarmEngine

        return getattr(WarmEngine, name)


class WarmEngine(metaclass=_Deferred):
    """Stands in for analysis.render.engine.warm.WarmEngine (see the module's docstring)."""
