"""Planning a render: the notebook's parameters checked, the agencies and year checked, one job per
page with its run key, and the pages whose key is unchanged left alone.

Planning reads the notebook as JSON and the small reports table; the facts only to hash an
agency's rows when the dataset changed (see analysis.render.manifest). It imports neither
papermill nor nbformat: a run that skips everything costs well under a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.base.safepaths import UnsafePath, check_id, inside
from analysis.render import manifest
from analysis.render.api import agencies, params, paths, slices
from analysis.render.api.params import DEFAULT_TIMEOUT
from analysis.render.engine import reap
from analysis.render.index_page import TITLES

WARM, ISOLATED = "xxgk", "nbclient"  # papermill engine names
SET_BY_RENDER = ("agency_id", "dataset", "out_dir", "pack")  # not part of a folder's name


@dataclass
class Request:
    """What `xxgk render` was asked (see batch.add_arguments)."""

    notebook: str
    agency: str | None = None
    given: dict = field(default_factory=dict)
    dataset: str | None = None
    out: str | Path = paths.OUTPUTS
    force: bool = False
    isolated: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    embed: bool = False
    pack: bool = False


@dataclass
class Plan:
    stem: str
    out: Path
    runs: dict  # the manifest: run name -> record
    jobs: list[dict]  # to run
    skipped: list[str]  # unchanged
    names: list[str]  # every run of this request, in order
    refused: list[dict] = field(default_factory=list)  # records of runs that cannot run

    @property
    def manifest(self) -> Path:
        return self.out / self.stem / "manifest.json"


def folder_name(values: dict, base: str) -> str:
    """A readable folder name for a parameter set: `all`, `level-district`,
    `sl-city--year-2020`; Chinese stays, anything else becomes `-`.

    >>> folder_name({"level": "district"}, "all"), folder_name({"year": 2020}, "sl-city")
    ('level-district', 'sl-city--year-2020')
    >>> folder_name({"parent": "淮安市", "agencies": ["a", "b"]}, "all")
    'agencies-a-b_parent-淮安市'
    """
    own = {k: v for k, v in values.items() if k not in SET_BY_RENDER}
    if not own:
        return base
    text = "_".join(f"{k}-{v if not isinstance(v, (list, tuple)) else '-'.join(map(str, v))}"
                    for k, v in sorted(own.items()))
    slug = re.sub(r"[^\w.]+", "-", text).strip("-.")[:100] or "params"
    return slug if base == "all" else f"{base}--{slug}"


def _runs(req: Request, declared: dict, dataset) -> tuple[list[tuple[str, str, dict]], object]:
    """[(run name base, title, values)] and the reports table (None when not read)."""
    values = dict(req.given)
    per_agency = "agency_id" in declared
    if req.agency and not per_agency:
        raise params.ParameterError(f"{req.notebook} is not per agency: drop --agency")
    if per_agency and not req.agency:
        raise params.ParameterError(f"{req.notebook} takes agency_id: give --agency ID|all")
    if not per_agency and "year" not in values:
        return [("all", TITLES.get(Path(req.notebook).stem, req.notebook), values)], None
    reports = slices.reports(dataset)
    if not per_agency:
        agencies.with_year(reports.assign(agency_id="the dataset"), ["the dataset"],
                           values["year"])
        return [("all", TITLES.get(Path(req.notebook).stem, req.notebook), values)], reports
    ids = agencies.choose(reports, req.agency)
    ids = agencies.with_year(reports, ids, values.get("year"), every=req.agency.strip() != "all")
    names = dict(zip(reports["agency_id"].astype(str), reports["agency"].astype(str),
                     strict=True))
    return [(a, f"{names.get(a, a)}（{a}）", {**values, "agency_id": a}) for a in ids], reports


def _job(req: Request, stem: str, source: str, declared: dict, dataset, name: str, title: str,
         values: dict) -> dict:
    folder = inside(req.out, stem, name)
    given = dict(values)
    if "dataset" in declared:
        given["dataset"] = str(dataset) if paths.is_uri(dataset) else str(Path(dataset).resolve())
    if "out_dir" in declared:
        given["out_dir"] = str(folder)
    if req.pack and "pack" in declared:
        given["pack"] = True
    params.check(Path(stem), given, declared)
    return {"name": name, "title": title, "out": str(Path(req.out).resolve()),
            "parts": [stem, name], "notebook": stem, "source": source, "parameters": given,
            "engine": ISOLATED if req.isolated else WARM, "timeout": req.timeout,
            "embed": req.embed}


def plan(req: Request) -> Plan:
    """The jobs of `req`; raises ParameterError (or FileNotFoundError) before anything runs."""
    nb = paths.notebook(req.notebook)
    source = nb.read_text(encoding="utf-8")
    declared = params.declared(nb, source)
    params.check(nb, req.given, declared)
    dataset = slices.dataset_or_ingest(req.dataset, "xxgk render")
    out = Path(req.out)
    if (out / nb.stem).is_dir():
        reap.sweep(out / nb.stem)  # what a killed render left
    runs, _ = _runs(req, declared, dataset)
    per_agency = "agency_id" in declared
    data = manifest.data_hashes(dataset, out, per_agency,
                                [v["agency_id"] for _, _, v in runs] if per_agency else None)
    code = manifest.code_hash()
    result = Plan(nb.stem, out, manifest.load(out / nb.stem / "manifest.json"), [], [], [])
    for base, title, values in runs:
        name = folder_name(values, base)
        result.names.append(name)
        try:
            if per_agency:
                check_id(base, "agency id")
            job = _job(req, nb.stem, source, declared, dataset, name, title, values)
        except UnsafePath as exc:
            result.refused.append({"name": name, "key": "", "title": title, "status": "failed",
                                   "error": str(exc), "notebook": "", "html": "", "files": []})
            continue
        keyed = {k: v for k, v in job["parameters"].items() if k not in ("dataset", "out_dir")}
        own = data["agencies"][values["agency_id"]] if per_agency else data["dataset"]
        job["key"] = manifest.run_key(source, {**keyed, "embed": req.embed}, own, code)
        folder = inside(out, nb.stem, name)
        if not req.force and manifest.is_current(result.runs.get(name), job["key"], folder):
            result.skipped.append(name)
        else:
            result.jobs.append(job)
    return result
