"""The chart pack of a briefing: each chart as PNG and SVG in every briefing size, plus captions.csv
(file, title, caption, alt text in Chinese, source). Charts come from `analysis.charts`; which ones a
briefing uses, and their captions, are listed in charts.csv beside this module."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from analysis.base.files import atomic_write
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
         source: str) -> list[PackChart]:
    """Draw the selected charts in every size into `folder` and write captions.csv there."""
    from analysis import charts

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, row in enumerate(select(template), 1):
        name = row["chart"]
        item = PackChart(name, name, row["caption"], alt_text(name, ds, agency_id, year, facts))
        for size in charts.SIZES:
            fig = _draw(name, ds, agency_id, year, size)
            item.title = _title(fig, name)
            item.files[size] = charts.save(fig, folder / f"{i:02d}-{name}-{size}", size=size)
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
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CAPTION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # utf-8-sig so that Excel, where these captions are usually pasted from, reads the Chinese
    atomic_write(path, lambda p: p.write_text(buf.getvalue(), encoding="utf-8-sig"))
    return path
