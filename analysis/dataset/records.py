"""One file -> the rows it contributes to each table, or a failure. Runs inside worker processes."""

from __future__ import annotations

import traceback
from pathlib import Path

from analysis.model import Report
from analysis.parse import agency as agencies
from analysis.read import ReadError


class NotAReport(ValueError):
    """The file was read but holds nothing of a disclosure report."""


def report_rows(rep: Report, path: str) -> dict[str, list[dict]]:
    m, rid = rep.meta, rep.report_id
    ag = agencies.resolve(m.agency) if m.agency else None
    base = {"report_id": rid, "agency": m.agency, "agency_id": m.agency_id, "year": m.year,
            "template": m.template, "path": path}
    facts = [{**base, **f.to_dict()} for f in rep.facts]
    flags = [{"report_id": rid, "path": path, **fl.to_dict()} for fl in rep.flags]
    report = {"report_id": rid, "path": path, "form": rep.doc.form, "encoding": rep.doc.encoding,
              "agency": m.agency, "agency_raw": m.agency_raw, "agency_id": m.agency_id,
              "agency_level": ag.level if ag else "", "parent": ag.parent if ag else "",
              "year": m.year, "template": m.template, "title": m.title, "published": m.published,
              "n_facts": len(facts), "n_flags": len(flags), "also_paths": ""}
    return {"reports": [report], "facts": facts, "flags": flags}


def process(path: str, context=()) -> dict:
    """Parse one file (`context`: neighbouring years' figures, see `analysis.parse.years`).
    Never raises: a failure comes back as {'failure': {...}}."""
    from analysis.pipeline import read_report

    try:
        rep = read_report(Path(path), context)
        if not rep.facts and (rep.meta.year is None or not rep.meta.agency):
            raise NotAReport("no statistics table, agency or year found: not a disclosure report")
        return report_rows(rep, path)
    except ReadError as exc:
        return {"failure": {"path": path, "stage": "read", "reason": str(exc)}}
    except NotAReport as exc:
        return {"failure": {"path": path, "stage": "parse", "reason": str(exc)}}
    except Exception as exc:  # one bad report never stops a batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        return {"failure": {"path": path, "stage": "parse", "reason": reason}}
