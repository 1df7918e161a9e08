"""Parts -> the final tables: merge duplicate agency-years, resolve each report's figures, run the
cross-report checks, write every table atomically and datapackage.json (the manifest) last."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.base.files import PACKAGE, atomic_write, package_files
from analysis.check.dataset_rules import check_cumulative, check_yoy, yoy_inputs
from analysis.dataset import package, schema, settle, tidy
from analysis.dataset.store import FILES, arrow_schema, to_arrow, write_table
from analysis.figures import build_series, concepts

_PREFERRED_FORM = {"html": 0, "text": 1, "markdown": 2, "pdf": 3}


def _differences(a: pd.DataFrame, b: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Table figures the two files read differently, and those only one of them read (blank in the other)."""
    key = ["indicator", "breakdown", "measure"]
    a = a[a["source"] == "table"].set_index(key)["value"]
    b = b[b["source"] == "table"].set_index(key)["value"]
    a, b = a[~a.index.duplicated()], b[~b.index.duplicated()]
    differ, one_side = [], []
    for k in a.index.intersection(b.index):
        x, y = a[k], b[k]
        if (pd.isna(x) and pd.isna(y)) or x == y:
            continue
        said = f"{k[0]} {k[1]} {k[2]}: {x:g} vs {y:g}"
        (one_side if pd.isna(x) or pd.isna(y) else differ).append(said)
    return differ, one_side


def _merge_words(same: bool, differ: list[str], one_side: list[str]) -> str:
    if same:
        return "same content"
    words = (f"{len(differ)} figure(s) differ: " + "; ".join(differ[:10])) if differ else "figures agree"
    if one_side:
        words += f"; {len(one_side)} read in one file only: " + "; ".join(one_side[:10])
    return words


def _read_keys(facts: pd.DataFrame) -> set:
    """(indicator, breakdown, measure) of the table figures a file read a value for."""
    t = facts[(facts["source"] == "table") & facts["value"].notna()]
    return set(zip(t["indicator"], t["breakdown"], t["measure"], strict=True))


def same_report(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two files of one agency-year hold the same report, on the evidence of their
    figures: both read table figures, and at least half of the smaller file's are figures the
    other read too (values may differ: a re-published report is flagged with what differs). A
    title alone is no evidence: two pages with the same title and no figures stay apart."""
    ka, kb = _read_keys(a), _read_keys(b)
    shared = len(ka & kb)
    return shared > 0 and 2 * shared >= min(len(ka), len(kb))


def _clusters(group: pd.DataFrame, facts_of) -> list[list]:
    """The group's rows (index labels) sorted into reports: a row joins the first report
    whose kept file has the same content hash or is `same_report`; else it starts its own."""
    facts: dict[str, pd.DataFrame] = {}

    def of(rid: str) -> pd.DataFrame:
        if rid not in facts:
            facts[rid] = facts_of(rid)
        return facts[rid]

    clusters: list[list] = []
    for i, row in group.iterrows():
        home = next((c for c in clusters if group.at[c[0], "report_id"] == row["report_id"]
                     or same_report(of(group.at[c[0], "report_id"]), of(row["report_id"]))),
                    None)
        if home is None:
            clusters.append([i])
        else:
            home.append(i)
    return clusters


def _merge_one(reports: pd.DataFrame, idx: list, facts_of, dropped_ids: set) -> dict:
    """Merge the files `idx` (the first kept) into one report; the flag saying so."""
    group = reports.loc[idx]
    keep, others = group.iloc[0], group.iloc[1:]
    diffs, one_side = [], []
    for _, o in others.iterrows():
        if o["report_id"] != keep["report_id"]:
            d, g = _differences(facts_of(keep["report_id"]), facts_of(o["report_id"]))
            diffs, one_side = diffs + d, one_side + g
            dropped_ids.add(o["report_id"])
    also = " | ".join(others["path"])
    reports.loc[idx[0], "also_paths"] = also
    what = _merge_words(group["report_id"].nunique() == 1, diffs, one_side)
    return {"report_id": keep["report_id"], "path": keep["path"], "rule": "duplicate_report",
            "severity": "warning" if diffs else "info", "indicator": "",
            "message": f"{len(group)} files hold {keep['agency']} {keep['year']}; "
                       f"kept {Path(keep['path']).name} ({what})",
            "expected": keep["path"], "found": also, "location": ""}


def _apart(reports: pd.DataFrame, first, i) -> dict:
    """The flag on a file kept as its own report beside another of the same agency-year."""
    a, b = reports.loc[first], reports.loc[i]
    return {"report_id": b["report_id"], "path": b["path"], "rule": "same_agency_year",
            "severity": "info", "indicator": "",
            "message": f"{Path(a['path']).name} also names {b['agency']} {b['year']}, but the "
                       "two files share no figures: kept as two reports",
            "expected": a["path"], "found": b["path"], "location": ""}


def merge_duplicates(reports: pd.DataFrame, facts_of) -> tuple[pd.DataFrame, list[dict], set[str]]:
    """Keep one report per content hash, and one per agency-year among files whose figures show
    them to be the same report (`same_report`); flag each merge with what differs, and each file
    of an agency-year kept apart. Returns (kept reports, new flag rows, report_ids whose facts
    are dropped).
    """
    reports = reports.assign(_rank=reports["form"].map(_PREFERRED_FORM).fillna(9))
    reports = reports.sort_values(["n_facts", "_rank", "path"], ascending=[False, True, True])
    flags, dropped_ids, drop_rows = [], set(), []
    keyed = reports["agency_id"].notna() & reports["year"].notna() & (reports["agency_id"] != "")
    # one group per agency-year; a report without agency or year groups only with its own copies
    key = (reports["agency_id"].astype(str) + "|" + reports["year"].astype(str)).where(
        keyed, "#" + reports["report_id"].astype(str))
    sizes = key.map(key.value_counts())
    groups = list(reports[sizes > 1].groupby(key[sizes > 1], sort=False).groups.values())
    for idx in groups:
        clusters = _clusters(reports.loc[idx], facts_of)
        for c in clusters:
            if len(c) > 1:
                flags.append(_merge_one(reports, c, facts_of, dropped_ids))
                drop_rows += c[1:]
        flags += [_apart(reports, clusters[0][0], c[0]) for c in clusters[1:]]
    kept = reports.drop(index=drop_rows).drop(columns="_rank")
    return kept.sort_values(["agency_id", "year", "path"], na_position="last"), flags, dropped_ids


CHUNK = 60_000  # facts resolved at once: a few parts (a call per part cost a third more)


def _resolve_chunk(tables: list[pa.Table], wf, wg, yearly: list) -> int:
    """Places, figures and the cross-year check's slim rows of some parts' facts, written; the
    figures in the order a call per part gave (part by part, each sorted by its key)."""
    frames = [t.to_pandas() for t in tables]
    facts = tidy.places(schema.conform("facts", pd.concat(frames, ignore_index=True)
                                       if len(frames) > 1 else frames[0]))
    facts, figures = tidy.figures_of(facts)
    if len(frames) > 1:  # a report's facts are in one part: its part orders its figures
        part = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
        first = pd.Series(part, index=facts["report_id"].to_numpy()).groupby(level=0).first()
        order = np.argsort(figures["report_id"].map(first).to_numpy(), kind="stable")
        figures = figures.iloc[order].reset_index(drop=True)
    wf.write_table(to_arrow("facts", facts))
    wg.write_table(to_arrow("figures", figures))
    few = facts[facts["measure"].isin(_YOY_MEASURES)]
    yearly.append(yoy_inputs(few))
    return len(facts)


_YOY_MEASURES = ["annual", "cumulative", "yoy_pct"]


def _facts_and_figures(out: Path, store, kept_paths: set[str], keep_ids: pa.Array,
                       yearly: list) -> int:
    """Stream the kept facts a few parts at a time (CHUNK): places, the resolver's figures and
    `preferred`, and the slim rows the cross-year check needs. Memory stays flat; returns the
    number of facts."""
    n = 0

    def write(facts_path: Path, figures_path: Path) -> None:
        nonlocal n
        with pq.ParquetWriter(facts_path, arrow_schema("facts")) as wf, \
                pq.ParquetWriter(figures_path, arrow_schema("figures")) as wg:
            pending, rows = [], 0
            for t in store.arrow_tables("facts", kept_paths):
                pending.append(t.filter(pc.is_in(t["report_id"], keep_ids)))
                rows += pending[-1].num_rows
                if rows >= CHUNK:
                    n += _resolve_chunk(pending, wf, wg, yearly)
                    pending, rows = [], 0
            if pending:
                n += _resolve_chunk(pending, wf, wg, yearly)

    atomic_write(out / FILES["facts"], lambda p: atomic_write(
        out / FILES["figures"], lambda q: write(p, q)))
    return n


def _series(out: Path) -> pd.DataFrame:
    """Concept series of every report, from the figures just written (only the indicators that
    concepts use are read back)."""
    wanted = sorted(concepts.rules()["indicator"].unique())
    figures = pq.read_table(out / FILES["figures"], filters=[("indicator", "in", wanted)],
                            read_dictionary=schema.categorical("figures"))
    return build_series(figures.unify_dictionaries().to_pandas())


@functools.cache
def code_signature() -> str:
    """A hash of the package's code and data files: another version of xxgk assembles anew."""
    h = hashlib.sha256()
    for f in package_files(("",), (".py", ".csv", ".txt", ".json")):
        h.update(f.relative_to(PACKAGE).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def inputs_key(store, files: list[str], failures: list[dict], registry: list[dict]) -> str:
    """What the assembled tables depend on: the code, every report file's parsed version (its
    stamp and part), the files that failed before parsing, and the agency registry."""
    h = hashlib.sha256(code_signature().encode())
    for path in sorted(files):
        st, part = store.done.get(path, (None, -1))
        h.update(f"{path}\0{st}\0{part}\n".encode("utf-8", "surrogateescape"))
    rows = sorted(json.dumps(f, sort_keys=True, ensure_ascii=False, default=str)
                  for f in failures)
    h.update(json.dumps([rows, registry], ensure_ascii=False, default=str).encode(
        "utf-8", "surrogateescape"))
    return h.hexdigest()


def kept(out: Path, key: str) -> dict[str, int] | None:
    """The counts of the dataset in `out` when it was assembled from inputs `key` and every one
    of its files still matches datapackage.json (size and sha256); None when it must be built."""
    if not (Path(out) / package.NAME).exists():
        return None
    try:
        made = (package.verify(out) or {}).get("xxgk") or {}
    except (package.DatasetError, ValueError, KeyError, TypeError):
        return None  # damaged, interrupted or from elsewhere: build it again
    counts = made.get("counts")
    return counts if made.get("inputs") == key and isinstance(counts, dict) else None


def build(out: Path, store, files: list[str], failures: list[dict], workers: int = 1,
          key: str = "") -> dict[str, int]:
    """Write the dataset folder from the parts: every table into a stage folder, datapackage.json
    last (recording `key`, the inputs' key, and the counts), then swapped into `out` whole, so
    the dataset there stays loadable until then. `workers`: local processes for the reports
    read again with their neighbouring years."""
    stage = package.stage(out)
    try:
        counts = _build(stage, store, files, failures, workers, key)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)  # the dataset in `out` is as it was
        raise
    package.swap(out)
    return counts


def _build(out: Path, store, files: list[str], failures: list[dict], workers: int,
           key: str) -> dict[str, int]:
    paths = set(files)
    store = settle.Settled(store, settle.revise(store, paths, workers))  # the neighbours settle
    reports = pd.concat([schema.empty("reports"), *store.frames("reports", paths)],
                        ignore_index=True)
    reports = schema.conform("reports", reports)

    def facts_of(rid: str) -> pd.DataFrame:
        frames = [f[f["report_id"] == rid] for f in store.frames("facts", paths)]
        return pd.concat(frames) if frames else schema.empty("facts")

    reports, dup_flags, dropped = merge_duplicates(reports, facts_of)
    kept_ids = set(reports["report_id"])
    kept_paths = set(reports["path"])
    yearly: list[tuple[pd.DataFrame, pd.DataFrame]] = []  # what the cross-year check needs, slim
    keep_ids = pa.array(sorted(kept_ids - dropped), pa.string())
    n_facts = _facts_and_figures(out, store, kept_paths, keep_ids, yearly)
    write_table(out, "series", _series(out), manifest=False)
    empty_stated, empty_slim = yoy_inputs(schema.empty("facts"))
    slim = pd.concat([empty_slim, *(a for _, a in yearly)], ignore_index=True)
    yoy = check_yoy(pd.concat([empty_stated, *(s for s, _ in yearly)], ignore_index=True), slim)
    flags = pd.concat([schema.empty("flags"), *store.frames("flags", kept_paths),
                       pd.DataFrame(dup_flags), yoy, check_cumulative(slim)], ignore_index=True)
    flags = schema.conform("flags", flags[flags["report_id"].isin(kept_ids)])
    counts = flags.groupby("report_id").size()
    reports["n_flags"] = reports["report_id"].map(counts).fillna(0).astype("int64")
    fails = pd.concat([schema.empty("failures"), pd.DataFrame(failures),
                       *store.frames("failures", paths)], ignore_index=True)
    write_table(out, "reports", reports, manifest=False)
    write_table(out, "flags", tidy.with_agency(flags, reports), manifest=False)
    write_table(out, "failures", fails, manifest=False)
    counts = {"reports": len(reports), "facts": n_facts, "flags": len(flags),
              "failures": len(fails)}
    package.write(out, FILES, {"inputs": key, "counts": counts} if key else None)
    return counts
