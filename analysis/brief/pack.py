"""The charts of a briefing: each chart drawn once, written as the PNG the Word file embeds
(half_a4) and, for a full chart pack (`xxgk brief --pack`), also as SVG and in every briefing size;
plus captions.csv (file, title, caption, alt text in Chinese, source). Charts come from
`analysis.charts`; which ones a briefing uses, and their captions, are listed in charts.csv beside
this module."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.base.sheets import write_csv
from analysis.brief.alttext import alt_text

EMBED_SIZE = "half_a4"  # the chart size that fits the A4 text width (the brief embeds it)
MAX_CHARTS = 5  # charts drawn with data; one with nothing to show is a note (not counted)
CAPTION_COLUMNS = ["file", "chart", "size", "format", "title", "caption", "alt", "source"]


@dataclass
class PackChart:
    chart: str
    title: str
    caption: str
    alt: str
    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # size -> {"png", "svg"}
    note: str = ""  # a chart with nothing to show: why, in one line (no files)
    source: str = ""  # the reports the chart draws (every year of a multi-year chart)


def chart_list() -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("charts.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def select(template: str) -> list[dict[str, str]]:
    """The charts for a report of this template, in order (draw() stops at MAX_CHARTS drawn)."""
    return [r for r in chart_list() if template in r["templates"].split()]


def _draw(name: str, ds, agency_id: str, year: int, size: str):
    from analysis import charts

    fn = getattr(charts, name, None)
    if fn is None:
        raise RuntimeError(f"analysis.charts has no chart function {name!r}")
    return fn(ds, agency_id, year=year, size=size)


def draw(ds, agency_id: str, year: int, template: str, facts: pd.DataFrame, folder: Path,
         source: str, full: bool = False) -> list[PackChart]:
    """Draw the selected charts into `folder` (the embedded PNG; with `full`, every size as PNG
    and SVG) and write captions.csv there."""
    from analysis import charts

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    sizes = [EMBED_SIZE, *(s for s in charts.SIZES if s != EMBED_SIZE)] if full else [EMBED_SIZE]
    formats = ("png", "svg") if full else ("png",)
    for row in select(template):
        if sum(1 for it in out if it.files) == MAX_CHARTS:
            break
        name, i = row["chart"], sum(1 for it in out if it.files) + 1
        item = PackChart(name, name, row["caption"], alt_text(name, ds, agency_id, year, facts))
        fig = _draw(name, ds, agency_id, year, EMBED_SIZE)  # drawn once, written in each size
        item.title = charts.title_of(fig, name)
        item.source = charts.source_of(fig) or source
        out.append(item)
        if charts.empty(fig):  # nothing to show: a one-line note in the brief, no file
            item.note = f"{charts.title_of(fig, name)}：{charts.empty(fig)}。"
            continue
        for size in sizes:
            item.files[size] = charts.save(fig, folder / f"{i:02d}-{name}-{size}", size=size,
                                           formats=formats)
    _prune(folder, out)
    write_captions(folder / "captions.csv", out, source)
    return out


def _prune(folder: Path, items: list[PackChart]) -> None:
    """Remove chart files of an earlier run that this run did not write."""
    keep = {p.name for it in items for paths in it.files.values() for p in paths.values()}
    for path in [*folder.glob("*.png"), *folder.glob("*.svg")]:
        if path.name not in keep:
            path.unlink()


def write_captions(path: Path, items: list[PackChart], source: str) -> Path:
    rows = [{"file": p.name, "chart": it.chart, "size": size, "format": fmt, "title": it.title,
             "caption": it.caption, "alt": it.alt, "source": it.source or source}
            for it in items for size, paths in it.files.items() for fmt, p in paths.items()]
    # UTF-8 with BOM for Excel, where captions are pasted from; no cell runs as a formula
    return write_csv(path, pd.DataFrame(rows, columns=CAPTION_COLUMNS))
