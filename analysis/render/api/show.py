"""What a notebook calls to load its data and show a chart or a table: displayed inline and, when
the notebook is rendered with an `out_dir`, also written there (charts/NAME.png, tables/NAME.csv;
with `pack`, charts at print resolution and as SVG too). A chart with nothing to draw (a
`no_data` figure) is shown as a one-line note and writes no file: no page carries an empty chart.

Text from the data (agency names, titles, spam that was removed) is escaped before it reaches
HTML or Markdown: it can neither run as script nor turn into a link.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import tables
from analysis.charts import output
from analysis.charts.base import empty, title_of, what_of
from analysis.render.api import CHART_KEY, slices
from analysis.render.api.paths import dataset_dir

__all__ = ["Outputs", "dataset_dir", "load", "escape_markdown"]
PAGE_WIDTH = 960  # px: how wide a chart is shown on the page
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def load(dataset=None, agencies: list[str] | None = None):
    """The dataset a notebook works on: `dataset` (default: see dataset_dir), only the rows of
    `agencies` when given (an agency page loads its own rows, not the whole table)."""
    return slices.load(slices.dataset_or_ingest(dataset, "xxgk (notebook)"), agencies)


def _display(obj, raw: bool = False) -> None:
    try:
        from IPython.display import display
    except ImportError:  # plain Python: nothing to show
        return
    display(obj, raw=raw)


def escape_markdown(value: object) -> str:
    """Text from the data, safe inside Markdown: no HTML, no emphasis or link syntax, no autolink.

    >>> escape_markdown("<script>x</script> [赌场](http://spam.example) www.spam.example")
    '&lt;script&gt;x&lt;/script&gt; \\\\[赌场\\\\]\\\\(http:&#47;&#47;spam\\\\.example\\\\) www&#46;spam\\\\.example'
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(value)))
    text = re.sub(r"(?i)(www)\\\.", r"\1&#46;", text)
    return text.replace("://", ":&#47;&#47;")


def _escape_table(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with its text cells and column names escaped for HTML (numbers untouched)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: html.escape(v) if isinstance(v, str) else v)
    out.columns = [html.escape(c) if isinstance(c, str) else c for c in out.columns]
    return out


class Outputs:
    """Show charts and tables in a notebook; save them too when `out_dir` is set.

    >>> out = Outputs(None)  # doctest: +SKIP
    >>> out.chart(charts.requests_by_year(ds, "js-huaian"), "requests_by_year")  # doctest: +SKIP
    """

    def __init__(self, out_dir: str | Path | None = None, pack: bool = False):
        self.root = Path(out_dir) if out_dir else None
        self.dpi = output.PRINT_DPI if pack else output.PAGE_DPI
        self.formats = output.FORMATS if pack else ("png",)
        self.written: list[Path] = []

    def chart(self, fig: Figure, name: str, size: str = "slide") -> None:
        """Show the chart; with an out_dir, write it (drawn once) and show that file's PNG. A
        chart with nothing to draw is a one-line note instead (and no file)."""
        from IPython.display import Image

        title = title_of(fig, name)
        why = empty(fig)
        if why:
            self.note(f"{title}：{why}。")
            return
        if self.root:
            paths = output.save(fig, self.root / "charts" / name, size, self.dpi, self.formats)
            self.written += paths.values()
            image = Image(data=paths["png"].read_bytes(), format="png", width=PAGE_WIDTH,
                          alt=title, metadata={CHART_KEY: f"charts/{paths['png'].name}"})
        else:
            image = Image(data=output.png_bytes(fig), format="png", alt=title)
        _display(image)

    def charts(self, figs: dict[str, Figure], size: str = "slide") -> None:
        """Several charts (name -> figure) in order; those with nothing to draw are said in one
        note per reason ("主动公开渠道（条）、申请渠道（件）：该机关没有2019年前的年报。")."""
        reasons: dict[str, list[str]] = {}
        for name, fig in figs.items():
            why = empty(fig)
            if why:
                reasons.setdefault(why, []).append(what_of(fig, name))
            else:
                self.chart(fig, name, size)
        for why, whats in reasons.items():
            self.note(f"{'、'.join(whats)}：{why}。")

    def table(self, df: pd.DataFrame, name: str, caption: str = "", group: str | None = None,
              folded: str | None = None, csv: pd.DataFrame | None = None) -> None:
        """Show a table (numbers in the house format; `group` said once per group) and, with an
        out_dir, write it as tables/NAME.csv (every row whole; `csv`: a fuller table to write
        instead, e.g. with the file and text line a page leaves out). `folded`: the table is
        shown closed under that one-line summary (HTML <details>, no script), to be opened."""
        if self.root:
            self.written.append(tables.save_csv(df if csv is None else csv,
                                                self.root / "tables" / f"{name}.csv"))
        if df.empty:
            self.note(f"{caption or name}：无")
            return
        styler = tables.style(_escape_table(df), html.escape(caption),
                              html.escape(group) if group else None)
        styler.set_uuid(re.sub(r"\W", "_", name))  # same page, same bytes
        body = styler.to_html()
        if folded:
            body = (f'<details class="xxgk-folded"><summary>{html.escape(folded)}</summary>'
                    f"{body}</details>")
        _display({"text/html": body, "text/plain": df.to_string(index=False)}, raw=True)

    def table_file(self, df: pd.DataFrame, name: str, what: str) -> None:
        """A table too wide or too long for the page (a province's coverage): written whole as
        tables/NAME.csv and named in one line linking it; shown as a table only when there is
        no out_dir to write to."""
        if not self.root:
            self.table(df, name, caption=what)
            return
        path = tables.save_csv(df, self.root / "tables" / f"{name}.csv")
        self.written.append(path)
        text = f"{what}：{len(df)}行×{df.shape[1]}列，完整表格见 "
        _display({"text/html": f'<p class="xxgk-note">{html.escape(text)}<a href="tables/'
                               f'{html.escape(path.name)}">tables/{html.escape(path.name)}</a></p>',
                  "text/plain": text + f"tables/{path.name}"}, raw=True)

    def note(self, text: str) -> None:
        """A one-line note in a quieter type (text from the data escaped)."""
        _display({"text/html": f'<p class="xxgk-note">{html.escape(text)}</p>',
                  "text/plain": text}, raw=True)

    def markdown(self, text: str, **values) -> None:
        """Show `text` as Markdown, with `{name}` fields filled from `values`, escaped."""
        _display(_markdown(text.format(**{k: escape_markdown(v) for k, v in values.items()})))


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)
