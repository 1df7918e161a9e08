"""report.html from an executed notebook, in the worker that ran it (never re-read from disk).

The page uses the `xxgk` template beside this module: JupyterLab's look with the code hidden, no
script from anywhere (it works offline and on an intranet), a Content-Security-Policy, and charts
that link to their files in `charts/` (written by the notebook) unless `embed=True` asks for one
self-contained file.
"""

from __future__ import annotations

import copy
import functools
from importlib import resources
from pathlib import Path

from analysis.base.files import atomic_write
from analysis.render.api import CHART_KEY

# Pages show their own images and inline styles, nothing else: no script, no request elsewhere.
CSP = ("default-src 'none'; img-src 'self' data: file:; style-src 'unsafe-inline'; "
       "font-src 'self' data:; base-uri 'none'; form-action 'none'")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'


@functools.cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("templates", "xxgk", "page.css").read_text(
        encoding="utf-8")


@functools.cache
def exporter():
    """One exporter per process (its first use loads the templates: about a second)."""
    from analysis.base import lazy

    lazy.defer_slow_imports()
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        """HTMLExporter without its two checks that cost half of each page: re-validating the
        notebook after every preprocessor (it was validated when papermill wrote it) and
        re-parsing the page with BeautifulSoup to add alt texts (the template writes them)."""

        def _validate_preprocessor(self, nbc, preprocessor):
            return None

        def from_notebook_node(self, nb, resources=None, **kw):
            lexer = nb.metadata.get("language_info", {}).get("pygments_lexer")
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer,
                                                                  parent=self))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    with resources.as_file(resources.files(__package__).joinpath("templates")) as folder:
        templates = str(folder)
    return PageExporter(template_name="xxgk", extra_template_basedirs=[templates],
                        exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, language_code="zh")


def warm() -> None:
    """Build the exporter and render an empty page once: the template is compiled on its first
    page (about 0.3 s), which a worker can pay while its kernel boots."""
    from nbformat import v4

    exporter().from_notebook_node(v4.new_notebook(), resources={
        "metadata": {"name": ""}, "xxgk_csp": CSP, "xxgk_css": stylesheet()})


def link_charts(nb):
    """A copy of `nb` whose chart images point at their files instead of carrying the bytes."""
    nb = copy.copy(nb)
    nb.cells = copy.deepcopy(nb.cells)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("image/png", {}).get(CHART_KEY)
            if name and "image/png" in out.get("data", {}):
                out.metadata["filenames"] = {"image/png": name}
                out.data = {k: v for k, v in out.data.items() if k != "image/png"} | {
                    "image/png": ""}
    return nb


def write(nb, path: Path, title: str, embed: bool = False) -> Path:
    """Write the page for `nb` to `path` atomically; return the path."""
    page = nb if embed else link_charts(nb)
    body, _ = exporter().from_notebook_node(
        page, resources={"metadata": {"name": title}, "xxgk_csp": CSP, "xxgk_css": stylesheet()})
    return atomic_write(path, lambda p: p.write_text(body, encoding="utf-8"))
