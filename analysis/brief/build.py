"""Briefings for one agency or many: pick the year and comparison year, draw the chart pack, write
the .docx. One failing agency does not stop the others; each result (or error) is listed in
`index.csv` in the output folder.

Layout of the output folder:
    {out}/{agency_id}/{agency_id}-{year}.docx
    {out}/{agency_id}/{agency_id}-{year}-charts/NN-{chart}-{size}.png|.svg, captions.csv
    {out}/index.csv
"""

from __future__ import annotations

import csv
import io
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis import metrics
from analysis.base.files import atomic_write
from analysis.brief import content, pack, word

INDEX_COLUMNS = ["agency_id", "agency", "year", "compare_to", "status", "docx", "charts", "error"]


@dataclass
class Result:
    agency_id: str
    agency: str = ""
    year: int | None = None
    compare_to: int | None = None
    status: str = "ok"  # ok | failed
    docx: str = ""
    charts: str = ""
    error: str = ""


def latest_year(ds, agency_id: str) -> int:
    year = metrics.latest_year(ds, agency_id)  # the one answer to "the latest year"
    if year is None:
        raise LookupError(f"{agency_id}: no report with a known year in the dataset")
    return year


def brief_agency(ds, agency_id: str, out: Path, year: int | None = None,
                 compare_to: int | None = None) -> Result:
    """Write the briefing and chart pack of one agency; raises on any error."""
    year = latest_year(ds, agency_id) if year is None else int(year)
    y0 = year - 1 if compare_to is None else int(compare_to)
    if y0 == year:
        raise ValueError(f"--compare-to {y0} is the briefing year itself")
    p, rep, rep0 = content.period(ds, agency_id, year, y0)
    folder = Path(out) / agency_id
    stem = f"{agency_id}-{year}"
    charts = pack.draw(ds, agency_id, year, str(rep["template"]), p.facts,
                       folder / f"{stem}-charts", content.source_of(p))
    body = content.build(p, rep, rep0, content.report_flags(ds, str(rep["report_id"])), charts)
    path = word.write(body, folder / f"{stem}.docx")
    return Result(agency_id, p.agency, year, y0, "ok", str(path), str(folder / f"{stem}-charts"))


def brief_many(ds, agency_ids: list[str], out: Path, year: int | None = None,
               compare_to: int | None = None, progress: bool = False) -> list[Result]:
    """Brief each agency in turn; an agency that fails is recorded with its error."""
    results = []
    names = dict(zip(ds.reports["agency_id"], ds.reports["agency"], strict=True))
    bar = None
    if progress and len(agency_ids) > 1:
        import sys

        from tqdm import tqdm

        bar = tqdm(total=len(agency_ids), unit="agency", file=sys.stderr, leave=False)
    for agency_id in agency_ids:
        try:
            results.append(brief_agency(ds, agency_id, out, year, compare_to))
        except Exception as exc:  # one agency's failure must not stop the others
            error = f"{type(exc).__name__}: {exc} (at {last_frame(exc)})"
            results.append(Result(agency_id, str(names.get(agency_id, "")), year, compare_to,
                                  "failed", error=error))
        if bar:
            bar.update()
    if bar:
        bar.close()
    write_index(Path(out) / "index.csv", results)
    return results


def write_index(path: Path, results: list[Result]) -> Path:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=INDEX_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        writer.writerow({k: ("" if v is None else v) for k, v in asdict(r).items()})
    atomic_write(path, lambda p: p.write_text(buf.getvalue(), encoding="utf-8-sig"))
    return path


def last_frame(exc: BaseException) -> str:
    """file:line where the error was raised, so a failed row in index.csv can be traced."""
    tb = traceback.extract_tb(exc.__traceback__)
    return f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
