"""Run-together cells a report leaves open, settled by the same agency's neighbouring reports.

Each file is parsed alone (in parallel, resumable). Once all are parsed, a report with an
`ambiguous_cells` flag is parsed again with what its agency's reports of the year before and the
year after print (`analysis.parse.years`: 上年结转 = last year's 结转下年度, 历年累计 runs on, 现行有效 =
last year's + made - repealed). Where that settles cells, the report's rows are replaced in the
dataset being written and an info flag `settled_across_years` names the cells and the years used;
the parts on disk keep the parse of the file alone, so a later ingest settles afresh from whatever
neighbours it then has. Two rounds, since a settled year can settle the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.base import executor
from analysis.dataset import schema
from analysis.dataset.batch import TIME_LIMIT, parse_one
from analysis.model import UNRESOLVED
from analysis.parse.years import context_facts

ROUNDS = 2
_SETTLING = ("request.carried_in", "request.carried_out", "rules", "normative")


# rows no running total links to the year before or after: table 四 (one row "四") and the
# flows of table 二; a report whose open cells are all in them is not read again
_UNLINKED = frozenset({"四", "licensing", "penalty", "coercion", "other_services", "admin_fees",
                       "procurement"})


def _ambiguous(flags: Iterable[pd.DataFrame]) -> set[str]:
    """Files with cells left open that a neighbouring year could settle."""
    out: set[str] = set()
    for f in flags:
        open_ = f[(f["rule"] == "ambiguous_cells") & ~f["indicator"].astype(str).isin(_UNLINKED)]
        out |= set(open_["path"])
    return out


def _running(facts: pd.DataFrame) -> pd.Series:
    """Printed table cells of the kinds that run on from year to year."""
    return (facts["source"] == "table") & (facts["status"] == "reported") & (
        facts["measure"].isin(["cumulative", "annual"]) | facts["indicator"].isin(_SETTLING))


def _figures(facts: pd.DataFrame) -> dict[tuple[str, int], dict[tuple[str, str, str], float]]:
    """(agency_id, year) -> {(indicator, breakdown, measure): value} of printed table cells."""
    f = facts[_running(facts) & facts["agency_id"].notna() & facts["year"].notna()]
    out: dict[tuple[str, int], dict[tuple[str, str, str], float]] = {}
    for row in f.itertuples(index=False):
        out.setdefault((str(row.agency_id), int(row.year)), {})[
            (row.indicator, row.breakdown, row.measure)] = float(row.value)
    return out


_COLUMNS = ["agency_id", "year", "path", "indicator", "breakdown", "measure", "value", "status",
            "source", "raw_value"]


def _needed(facts: pd.DataFrame, agencies: set[str], todo: set[str]) -> pd.DataFrame:
    """The facts `revise` reads: the figures that run on across years, of the agencies
    concerned, and the files to read again (their open cells counted); a few columns."""
    f = facts[facts["agency_id"].isin(agencies)]
    return f.loc[_running(f) | f["path"].isin(todo), _COLUMNS]


def _open_cells(rows: dict) -> int:
    return sum(1 for f in rows.get("facts", []) if f["status"] == UNRESOLVED)


def revise(store, paths: set[str], workers: int = 1) -> dict[str, dict]:
    """Rows (as `records.process` gives them) for each file whose open cells the neighbouring
    years settle; the files not listed keep the rows of their own parse."""
    todo = _ambiguous(store.frames("flags", paths))
    if not todo:
        return {}
    reports = pd.concat(list(store.frames("reports", paths)), ignore_index=True)
    agencies = set(reports.loc[reports["path"].isin(todo), "agency_id"].dropna())
    facts = pd.concat([_needed(f, agencies, todo) for f in store.frames("facts", paths)],
                      ignore_index=True)
    where = {r.path: (str(r.agency_id), int(r.year)) for r in reports.itertuples()
             if r.path in todo and pd.notna(r.agency_id) and pd.notna(r.year)}
    revised: dict[str, dict] = {}
    tried: dict[str, tuple] = {}  # the neighbours' figures each file was last read with
    for _ in range(ROUNDS):
        known = _figures(pd.concat([facts, *(pd.DataFrame(r["facts"]) for r in revised.values())],
                                   ignore_index=True))
        tasks = []
        for path, (agency, year) in where.items():
            before, after = known.get((agency, year - 1), {}), known.get((agency, year + 1), {})
            seen = (sorted(before.items()), sorted(after.items()))
            if (not before and not after) or tried.get(path) == seen:
                continue  # nothing to read it with, or nothing new since the last round
            tried[path] = seen
            tasks.append((path, year, before, after))
        changed = False
        for (path, year, before, after), rows in zip(tasks, _reparse_all(tasks, workers),
                                                     strict=True):
            if "failure" in rows:  # the second parse has a time limit too: keep the first
                continue
            kept = revised.get(path)
            if _open_cells(rows) < (_open_cells(kept) if kept else _own_open(facts, path)):
                _note(rows, path, year, before, after)
                revised[path] = rows
                changed = True
        if not changed:
            break
    return revised


def _reparse(task: tuple) -> dict:
    path, year, before, after = task
    return parse_one(path, TIME_LIMIT, context_facts(before, after, year))


def _reparse_all(tasks: list[tuple], workers: int) -> list[dict]:
    """The files read again with their neighbours' figures: here, or on `workers` local
    processes (the same pool ingest's batches run on)."""
    if workers <= 1 or len(tasks) < 2:
        return [_reparse(t) for t in tasks]
    with executor.pool(min(workers, len(tasks))) as ex:
        return list(ex.map(_reparse, tasks))


def _own_open(facts: pd.DataFrame, path: str) -> int:
    f = facts[facts["path"] == path]
    return int((f["status"] == UNRESOLVED).sum())


def _note(rows: dict, path: str, year: int, before: dict, after: dict) -> None:
    used = [str(y) for y, got in ((year - 1, before), (year + 1, after)) if got]
    rid = rows["reports"][0]["report_id"]
    rows["flags"].append({
        "report_id": rid, "path": path, "rule": "settled_across_years", "severity": "info",
        "indicator": "", "message": f"run-together cells settled with the {' and '.join(used)} "
                                    "report(s) of the same agency (running totals)",
        "expected": "", "found": ", ".join(used), "location": Path(path).name})


class Settled:
    """The part store as the dataset sees it once `revise` has run: the revised files' rows in
    place of their own parse (same tables, same order of use)."""

    def __init__(self, store, revised: dict[str, dict]):
        self.store, self.revised = store, revised

    def frames(self, table: str, paths: set[str]):
        for df in self.store.frames(table, paths):
            yield df[~df["path"].isin(self.revised)] if len(df) else df
        rows = [r for path, got in self.revised.items() if path in paths
                for r in got.get(table, [])]
        if rows:
            yield schema.conform(table, pd.DataFrame(rows))

    def arrow_tables(self, table: str, paths: set[str]):
        keep = pa.array(sorted(self.revised), pa.string())
        for t in self.store.arrow_tables(table, paths):
            yield t.filter(pc.invert(pc.is_in(t["path"], keep)))
        rows = [r for path, got in self.revised.items() if path in paths
                for r in got.get(table, [])]
        if rows:
            df = schema.conform(table, pd.DataFrame(rows))
            yield pa.Table.from_pandas(df, preserve_index=False)
