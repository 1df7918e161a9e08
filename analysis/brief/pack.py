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

MAX_CHARTS = 4
CAPTION_COLUMNS = ["file", "chart", "size", "format", "title", "caption", "alt", "source"]


@dataclass
class PackChart:
    chart: str
    title: str
    caption: str
    alt: str
    files: dict[str, dict[str, Path]] = field(default_factory=dict)  # size -> {"png", "svg"}


def chart_list() -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("charts.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def select(template: str) -> list[dict[str, str]]:
    """The charts for a report of this template, in order, at most MAX_CHARTS."""
    rows = [r for r in chart_list() if template in r["templates"].split()]
    return rows[:MAX_CHARTS]


def _draw(name: str, ds, agency_id: str, year: int, size: str):
    from analysis import charts

    fn = getattr(charts, name, None)
    if fn is None:
        raise RuntimeError(f"analysis.charts has no chart function {name!r}")
    return fn(ds, agency_id, year=year, size=size)


def _title(fig, fallback: str) -> str:
    sup = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    return sup.strip() or fallback


def draw(ds, agency_id: str, year: int, template: str, facts: pd.DataFrame, folder: Path,
         source: str, full: bool = False) -> list[PackChart]:
    """Draw the selected charts into `folder` (the embedded PNG; with `full`, every size as PNG
    and SVG) and write captions.csv there."""
    from analysis import charts
    from analysis.brief.content import EMBED_SIZE as EMBEDDED  # (content imports this module)

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    sizes = [EMBEDDED, *(s for s in charts.SIZES if s != EMBEDDED)] if full else [EMBEDDED]
    formats = ("png", "svg") if full else ("png",)
    for i, row in enumerate(select(template), 1):
        name = row["chart"]
        item = PackChart(name, name, row["caption"], alt_text(name, ds, agency_id, year, facts))
        fig = _draw(name, ds, agency_id, year, EMBEDDED)  # drawn once, written in each size
        item.title = _title(fig, name)
        for size in sizes:
            item.files[size] = charts.save(fig, folder / f"{i:02d}-{name}-{size}", size=size,
                                           formats=formats)
        out.append(item)
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
             "caption": it.caption, "alt": it.alt, "source": source}
            for it in items for size, paths in it.files.items() for fmt, p in paths.items()]
    # UTF-8 with BOM for Excel, where captions are pasted from; no cell runs as a formula
    return write_csv(path, pd.DataFrame(rows, columns=CAPTION_COLUMNS))
