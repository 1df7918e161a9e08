"""Briefings for one agency or many: pick the year and comparison year, draw the charts, write the
.docx. One failing agency does not stop the others; each result (or error) is listed in
`index.csv` in the output folder, merged with the agencies briefed there before.

Many agencies run in parallel workers (local processes or a Dask cluster, as `xxgk render`);
each worker reads only its agency's rows. A briefing whose inputs (the agency's rows, year,
comparison year, chart pack or not, and the code) are unchanged is not written again.

Layout of the output folder:
    {out}/{agency_id}/{agency_id}-{year}.docx
    {out}/{agency_id}/{agency_id}-{year}-charts/NN-{chart}-{size}.png[|.svg], captions.csv
    {out}/index.csv
"""

from __future__ import annotations

import csv
import traceback
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from analysis import metrics
from analysis.base.errors import stops_batch
from analysis.base.safepaths import check_id, inside
from analysis.base.sheets import write_csv
from analysis.brief import content, pack, word

INDEX_COLUMNS = ["agency_id", "agency", "year", "compare_to", "status", "docx", "charts", "error",
                 "key"]
CODE = ("brief",)  # besides what pages depend on (analysis.render.manifest.CODE)


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
    key: str = ""


def latest_year(ds, agency_id: str) -> int:
    year = metrics.latest_year(ds, agency_id)  # the one answer to "the latest year"
    if year is None:
        raise LookupError(f"{agency_id}: no report with a known year in the dataset")
    return year


def brief_agency(ds, agency_id: str, out: Path, year: int | None = None,
                 compare_to: int | None = None, full_pack: bool = False) -> Result:
    """Write the briefing (and its charts) of one agency; raises on any error."""
    year = latest_year(ds, agency_id) if year is None else int(year)
    y0 = year - 1 if compare_to is None else int(compare_to)
    if y0 == year:
        raise ValueError(f"--compare-to {y0} is the briefing year itself")
    p, rep, rep0 = content.period(ds, agency_id, year, y0)
    folder = inside(out, check_id(agency_id, "agency id"))
    stem = f"{agency_id}-{year}"
    charts = pack.draw(ds, agency_id, year, str(rep["template"]), p.facts,
                       folder / f"{stem}-charts", content.source_of(p), full=full_pack)
    body = content.build(p, rep, rep0, content.report_flags(ds, str(rep["report_id"])), charts)
    path = word.write(body, folder / f"{stem}.docx")
    return Result(agency_id, p.agency, year, y0, "ok", str(path), str(folder / f"{stem}-charts"))


def _guarded(ds, agency_id: str, out: Path, year, compare_to, full_pack: bool) -> Result:
    """brief_agency, with a failure recorded instead of raised."""
    try:
        return brief_agency(ds, agency_id, out, year, compare_to, full_pack)
    except Exception as exc:  # one agency's failure must not stop the others
        if stops_batch(exc):  # ... but a full disk stops them all, said once
            raise
        names = dict(zip(ds.reports["agency_id"], ds.reports["agency"], strict=True))
        error = f"{type(exc).__name__}: {exc} (at {last_frame(exc)})"
        return Result(agency_id, str(names.get(agency_id, "")), year, compare_to, "failed",
                      error=error)


def run_job(job: dict) -> dict:
    """In a worker: brief one agency from its own rows of the dataset."""
    from analysis.render.api import slices

    ds = slices.load(job["dataset"], [job["agency_id"]])
    res = _guarded(ds, job["agency_id"], Path(job["out"]), job["year"], job["compare_to"],
                   job["pack"])
    return asdict(res)


def in_memory(ds) -> bool:
    """A Dataset in memory is briefed in this process as it is; a reference to a dataset
    folder (root + reports, see brief.cli.plan) is briefed by workers reading their rows."""
    return hasattr(ds, "facts")


def _keys(ds, ids: list[str], out: Path, year, compare_to, full_pack: bool) -> dict[str, str]:
    """agency_id -> run key, for a dataset folder (briefings from memory are always written)."""
    if in_memory(ds):
        return {}
    from analysis.render import public

    data = public.data_hashes(ds.root, out, True, ids)["agencies"]
    code = public.code_hash(public.CODE + CODE)
    how = {"year": year, "compare_to": compare_to, "pack": full_pack}
    return {a: public.run_key("brief", how, data[a], code) for a in ids}


@dataclass
class BriefPlan:
    """Which briefings to write and which to keep (see plan_briefs)."""

    out: Path
    asked: list[str]
    todo: list[str]
    kept: dict[str, Result]  # unchanged briefings, as index.csv listed them
    before: dict[str, Result]
    keys: dict[str, str]


def plan_briefs(ds, agency_ids: list[str], out: Path, year=None, compare_to=None,
                full_pack: bool = False, force: bool = False) -> BriefPlan:
    out = Path(out)
    before = read_index(out / "index.csv")
    keys = _keys(ds, agency_ids, out, year, compare_to, full_pack)
    kept = {a: before[a] for a in agency_ids
            if not force and keys.get(a) and a in before and before[a].key == keys[a]
            and before[a].status == "ok" and Path(before[a].docx).is_file()}
    return BriefPlan(out, list(agency_ids), [a for a in agency_ids if a not in kept], kept,
                     before, keys)


def finish_briefs(bp: BriefPlan, done: list[Result]) -> list[Result]:
    """Merge this run's results into index.csv (agencies briefed before stay listed)."""
    results = dict(bp.kept)
    for res in results.values():  # said apart in the summary line (not a field of index.csv)
        res.unchanged = True
    for res in done:
        res.key = bp.keys.get(res.agency_id, "") if res.status == "ok" else ""
        results[res.agency_id] = res
    write_index(bp.out / "index.csv", {**bp.before, **results}.values())
    return [results[a] for a in bp.asked]


def brief_many(ds, agency_ids: list[str], out: Path, year: int | None = None,
               compare_to: int | None = None, progress: bool = False, *, jobs: int = 1,
               scheduler: str | None = None, full_pack: bool = False,
               force: bool = False) -> list[Result]:
    """Brief each agency (in parallel when jobs > 1 or on a cluster); unchanged briefings are
    kept as they are. Returns this run's results, in the order asked."""
    if scheduler:  # before planning writes anything into `out`
        from analysis.base.executor import check_scheduler

        check_scheduler(scheduler)
    bp = plan_briefs(ds, agency_ids, out, year, compare_to, full_pack, force)
    done = list(_run(ds, bp.todo, bp.out, year, compare_to, full_pack, progress, jobs,
                     scheduler))
    return finish_briefs(bp, done)


def jobs_for(dataset, ids: list[str], out: Path, year, compare_to, full_pack: bool) -> list:
    """Worker jobs (see analysis.render.batch.execute) briefing `ids` from `dataset`."""
    return [{"run": run_job, "name": a, "title": a, "agency_id": a, "dataset": str(dataset),
             "out": str(out), "year": year, "compare_to": compare_to, "pack": full_pack}
            for a in ids]


def result_of(job: dict, rec: dict) -> Result:
    """A worker's record as a Result (a worker that died gives a failed one)."""
    if "agency_id" not in rec:
        return Result(job["agency_id"], status="failed", error=rec["error"])
    return Result(**{f.name: rec[f.name] for f in fields(Result) if f.name in rec})


def _run(ds, ids, out, year, compare_to, full_pack, progress, jobs, scheduler):
    """Results of briefing `ids`: from the rows in memory when `ds` has no folder, else in
    workers that each read their agency's rows."""
    if in_memory(ds):
        for a in ids:
            yield _guarded(ds, a, out, year, compare_to, full_pack)
        return
    if not ids:
        return
    from analysis.base import executor
    from analysis.render.public import execute

    work = jobs_for(ds.root, ids, out, year, compare_to, full_pack)
    with executor.pool(min(jobs, len(ids)), scheduler) as ex:
        for job, rec in execute(work, ex, quiet=not progress):
            yield result_of(job, rec)


def read_index(path: Path) -> dict[str, Result]:
    """The briefings listed in an index.csv written before (empty when there is none)."""
    if not Path(path).is_file():
        return {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        values = {k: r.get(k, "") for k in INDEX_COLUMNS}
        for k in ("year", "compare_to"):
            values[k] = int(values[k]) if str(values[k]).isdigit() else None
        out[values["agency_id"]] = Result(**values)
    return out


def write_index(path: Path, results) -> Path:
    rows = sorted((asdict(r) for r in results), key=lambda r: r["agency_id"])
    df = pd.DataFrame(rows, columns=INDEX_COLUMNS).astype({"year": "Int64", "compare_to": "Int64"})
    return write_csv(path, df)


def last_frame(exc: BaseException) -> str:
    """file:line where the error was raised, so a failed row in index.csv can be traced."""
    tb = traceback.extract_tb(exc.__traceback__)
    return f"{tb[-1].filename}:{tb[-1].lineno}" if tb else ""
