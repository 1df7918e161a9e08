"""Third-party modules that cost seconds at import for a feature xxgk never calls, deferred until
that feature is first used.

`jsonschema` (imported by nbformat, so by papermill and nbconvert) imports `rfc3987_syntax` when it
is installed, and JupyterLab's jupyter-events brings it. That module compiles about 38 Lark
grammars at import: 1.3-1.8 s of every render worker's start, for the `iri` format that no
notebook schema uses (python-jsonschema/jsonschema#1428, still eager in 4.26).
`defer("rfc3987_syntax", "is_valid_syntax")` puts a stand-in in `sys.modules`. Its
`is_valid_syntax` imports the real module on the first call and answers as the real one. Any
other attribute also loads the real module, and from then on the real module is in
`sys.modules`. Nothing changes but when the cost is paid. The same holds for the parts of
nbconvert and papermill that a render never calls (HTML parsing, HTTP):
together about 0.3 s of every render process's start.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

# module -> the names its importers take with `from … import` (called, never subclassed)
SLOW = {
    "rfc3987_syntax": ("is_valid_syntax",),  # jsonschema: grammars compiled at import
    # A page's export never calls these; nbconvert and papermill import them at their top:
    "bs4": ("BeautifulSoup",),  # nbconvert's alt-text pass (the page exporter skips it)
    "requests": (),  # papermill's HTTP handler (notebooks are read and written locally)
}


class Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is needed."""

    def __init__(self, name: str, functions: tuple[str, ...], path: list[str] | None = None):
        super().__init__(name, f"{name}, imported on first use (analysis.base.lazy)")
        if path is not None:  # a package: its submodules can still be imported directly
            self.__path__ = path
        for fn in functions:
            setattr(self, fn, self._caller(fn))

    def real(self) -> types.ModuleType:
        """The real module, imported now if it was not yet."""
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return importlib.import_module(self.__name__)

    def _caller(self, fn: str):
        def call(*args, **kw):
            return getattr(self.real(), fn)(*args, **kw)

        call.__name__ = call.__qualname__ = fn
        return call

    def __getattr__(self, attr: str):
        if attr.startswith("__"):  # import machinery probing: not a reason to load
            raise AttributeError(attr)
        return getattr(self.real(), attr)


def defer(name: str, functions: tuple[str, ...]) -> bool:
    """Put a stand-in for module `name` in `sys.modules` unless it is imported already or not
    installed; returns whether it did."""
    if name in sys.modules:
        return False
    spec = importlib.util.find_spec(name)
    if spec is None:
        return False
    locations = spec.submodule_search_locations
    sys.modules[name] = Deferred(name, functions, list(locations) if locations else None)
    return True


def defer_slow_imports() -> None:
    """Defer every module of SLOW (call before importing papermill, nbformat or nbconvert)."""
    for name, functions in SLOW.items():
        defer(name, functions)
