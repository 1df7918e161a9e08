"""What a notebook calls to show a chart or a table: displayed inline and, when the notebook
is rendered with an `out_dir`, also written there (charts/NAME.png|svg, tables/NAME.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import tables
from analysis.charts import output
from analysis.render.paths import dataset_dir

__all__ = ["Outputs", "dataset_dir"]


def _display(obj) -> None:
    try:
        from IPython.display import display
    except ImportError:  # plain Python: nothing to show
        return
    display(obj)


class Outputs:
    """Show charts and tables in a notebook; save them too when `out_dir` is set.

    >>> out = Outputs(None)  # doctest: +SKIP
    >>> out.chart(charts.requests_by_year(ds, "js-huaian"), "requests_by_year")  # doctest: +SKIP
    """

    def __init__(self, out_dir: str | Path | None = None, show_dpi: int = 110):
        self.root = Path(out_dir) if out_dir else None
        self.show_dpi = show_dpi
        self.written: list[Path] = []

    def chart(self, fig: Figure, name: str, size: str = "slide") -> None:
        """Show the chart; with an out_dir, write charts/NAME.png and .svg and show that PNG
        (drawn once at 200 dpi, displayed 960 px wide) instead of drawing a second one."""
        from IPython.display import Image

        title = fig._suptitle.get_text() if fig._suptitle else name
        if self.root:
            paths = output.save(fig, self.root / "charts" / name, size=size)
            self.written += paths.values()
            image = Image(data=paths["png"].read_bytes(), format="png", width=960, alt=title)
        else:
            image = Image(data=output.png_bytes(fig, self.show_dpi), format="png", alt=title)
        _display(image)

    def table(self, df: pd.DataFrame, name: str, caption: str = "") -> None:
        if self.root:
            self.written.append(tables.save_csv(df, self.root / "tables" / f"{name}.csv"))
        if df.empty:
            _display(_markdown(f"*{caption or name}：无数据*"))
        else:
            _display(tables.style(df, caption))

    def markdown(self, text: str) -> None:
        _display(_markdown(text))


def _markdown(text: str):
    from IPython.display import Markdown

    return Markdown(text)
