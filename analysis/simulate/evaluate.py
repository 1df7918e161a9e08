"""`xxgk evaluate --truth DIR --dataset DIR`: a parsed dataset against a simulated corpus's truth.

Cell-level: a true fact is found when the dataset holds the same (file, indicator, breakdown,
measure, source) with the same status and value. Precision = found-and-right / facts the dataset
holds for those files; recall = found-and-right / true facts. Reported overall, per indicator family,
per input form, per kind of noise and per way a cell was printed (joined, spaced, pipe_row…), for
table cells (the headline) and narrative figures apart.

Abstentions: a true cell the dataset leaves blank (or leaves out) while a flag `ambiguous_cells` or
`table_unaligned` on that file names its indicator (the flag's `indicator` holds one id or several
separated by `;`, `,`, `|` or spaces). The parser is required to abstain where joined cells admit more
than one split, so an abstention is not a wrong number: it is left out of precision (which counts
only values given) and counted as a miss in recall, and it is reported on its own so that misses
never hide behind it.

Flags: per rule, files that should raise it vs files that did. Also the worst reports and the files
that failed or vanished.

>>> res = evaluate("out/sim", "out/sim-ds")   # doctest: +SKIP
>>> res.precision, res.recall                  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

KEY = ["path", "indicator", "breakdown", "measure", "source"]
# Rules the simulator decides: a raise on a file whose truth lacks it is a false alarm.
CHECKED_RULES = (
    "spam_removed", "encoding_detected", "channels_vs_total", "categories_vs_total",
    "narrative_vs_table", "cumulative_lt_annual", "yoy_mismatch", "t3_identity", "t3_results_sum",
    "t3_applicants_sum", "t3_subrows_sum", "t4_block_sum", "truncated_table", "unmapped_label",
    "unparsed_value", "table_unaligned", "no_table", "agency_unknown", "agency_unregistered",
    "year_unknown", "duplicate_report", "duplicate_row", "cumulative_decreased")
ABSTAIN_RULES = ("ambiguous_cells", "table_unaligned")
_IDS = re.compile(r"[;,|\s]+")


@dataclass
class EvalResult:
    cells: pd.DataFrame  # one row per true or found fact, with `outcome`
    flags: pd.DataFrame  # per rule: expected, raised, hit, missed, false_alarm
    files: pd.DataFrame  # per truth file: expect, outcome, meta checks
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def score(self, source: str = "table") -> tuple[float, float]:
        c = self.cells[self.cells["source"] == source]
        return _ratio(c)

    def abstained(self, source: str = "table") -> int:
        """True cells the parser left blank under an ambiguous_cells / table_unaligned flag."""
        c = self.cells[self.cells["source"] == source]
        return int((c["outcome"] == "abstained").sum())

    @property
    def precision(self) -> float:
        return self.score()[0]

    @property
    def recall(self) -> float:
        return self.score()[1]


def _ratio(c: pd.DataFrame) -> tuple[float, float]:
    tp = int((c["outcome"] == "right").sum())
    found = int(c["found"].sum())
    true = int(c["true"].sum())
    return (tp / found if found else 1.0), (tp / true if true else 1.0)


def _rel(paths: pd.Series, known: set[str]) -> pd.Series:
    """Dataset paths -> truth-relative paths (longest suffix that is a truth path), else ''."""
    def one(p: str) -> str:
        parts = Path(str(p)).as_posix().split("/")
        for n in range(len(parts), 0, -1):
            cand = "/".join(parts[-n:])
            if cand in known:
                return cand
        return ""

    return paths.map(one)


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    both_nan = a.isna() & b.isna()
    close = (a - b).abs() <= 1e-6 * b.abs().clip(lower=1)
    return both_nan | close.fillna(False)


def _family(indicator: str) -> str:
    from analysis import vocab

    row = vocab.indicators().get(indicator)
    return row["family"] if row else indicator.split(".")[0]


def _table_rows() -> dict[str, list[str]]:
    """Flag indicators that name a whole one-row table: table 四's row "四" holds its 15 cells."""
    from analysis.parse.rowdefs import defs

    return {"四": [d.id for d in defs("四:column")]}


def abstentions(flags: pd.DataFrame) -> set[tuple[str, str]]:
    """(path, indicator) pairs an ambiguous_cells / table_unaligned flag names (a flag on table
    四's one row names its 15 cells)."""
    f = flags[flags["rule"].isin(ABSTAIN_RULES)]
    rows = _table_rows()
    return {(p, cell) for p, ids in zip(f["path"], f["indicator"].fillna(""), strict=True)
            for i in _IDS.split(str(ids)) if i for cell in rows.get(i, [i])}


def compare_cells(truth: pd.DataFrame, found: pd.DataFrame,
                  abstain: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """One row per true or found fact with its `outcome`: right, wrong, missed, extra or abstained
    (a true value left blank or out where a flag in `abstain` names the indicator)."""
    t = truth[KEY + ["value", "status", "printed"]].assign(true=True)
    f = found[KEY + ["value", "status", "location"]].assign(found=True)
    f = f.drop_duplicates(KEY)
    m = t.merge(f, on=KEY, how="outer", suffixes=("_true", "_found"))
    m["true"] = m["true"].astype("boolean").fillna(False).astype(bool)
    m["found"] = m["found"].astype("boolean").fillna(False).astype(bool)
    same = (m["status_true"] == m["status_found"]) & _same(m["value_found"], m["value_true"])
    m["outcome"] = "right"
    m.loc[m["true"] & m["found"] & ~same, "outcome"] = "wrong"
    m.loc[m["true"] & ~m["found"], "outcome"] = "missed"
    m.loc[~m["true"] & m["found"], "outcome"] = "extra"
    # a wrong value is both a false positive and a false negative
    named = pd.Series([(p, i) in (abstain or set()) for p, i in zip(m["path"], m["indicator"],
                                                                     strict=True)], index=m.index)
    blank = ~m["found"] | (m["status_found"] == "blank")
    unresolved = m["status_found"] == "unresolved"  # printed, not placed: an abstention too
    gave_up = m["true"] & named & (((m["status_true"] != "blank") & blank) | unresolved)
    m.loc[gave_up, "outcome"] = "abstained"
    m.loc[gave_up, "found"] = False  # precision counts only values given
    m["printed"] = m["printed"].fillna("").replace("", "plain").where(m["true"], "-")
    m["family"] = m["indicator"].map(_family)
    return m


def _breakdown(cells: pd.DataFrame, by: str) -> pd.DataFrame:
    rows = []
    for key, c in cells.groupby(by, dropna=False):
        p, r = _ratio(c)
        rows.append({by: key, "true": int(c["true"].sum()), "found": int(c["found"].sum()),
                     "right": int((c["outcome"] == "right").sum()),
                     "wrong": int((c["outcome"] == "wrong").sum()),
                     "missed": int((c["outcome"] == "missed").sum()),
                     "extra": int((c["outcome"] == "extra").sum()),
                     "abstained": int((c["outcome"] == "abstained").sum()),
                     "precision": round(p, 4), "recall": round(r, 4)})
    cols = [by, "true", "found", "right", "wrong", "missed", "extra", "abstained", "precision",
            "recall"]
    return pd.DataFrame(rows, columns=cols).sort_values("recall", kind="stable").reset_index(
        drop=True)


def compare_flags(truth: pd.DataFrame, raised: pd.DataFrame, tracked: set[str]) -> pd.DataFrame:
    exp = set(zip(truth["path"], truth["rule"], strict=True))
    got = {(p, r) for p, r in zip(raised["path"], raised["rule"], strict=True) if p in tracked}
    rows = []
    for rule in sorted({r for _, r in exp | got}):
        e = {p for p, r in exp if r == rule}
        g = {p for p, r in got if r == rule}
        checked = rule in CHECKED_RULES
        rows.append({"rule": rule, "checked": checked, "expected": len(e), "raised": len(g),
                     "hit": len(e & g), "missed": len(e - g),
                     "false_alarm": len(g - e) if checked else pd.NA,
                     "example_missed": min(e - g, default=""),
                     "example_false_alarm": min(g - e, default="") if checked else ""})
    return pd.DataFrame(rows)


def _files(tf: pd.DataFrame, ds, known: set[str]) -> pd.DataFrame:
    reps = ds.reports.assign(rel=_rel(ds.reports["path"], known))
    also = [p.strip() for s in ds.reports["also_paths"].dropna() for p in str(s).split("|")]
    merged = set(_rel(pd.Series(also, dtype="object"), known)) if also else set()
    fails = ds.failures.assign(rel=_rel(ds.failures["path"], known))
    out = tf.copy()
    r = reps.drop_duplicates("rel").set_index("rel")
    out["outcome"] = "vanished"
    out.loc[out["path"].isin(merged), "outcome"] = "merged"
    out.loc[out["path"].isin(r.index), "outcome"] = "report"
    out.loc[out["path"].isin(set(fails["rel"])), "outcome"] = "failure"
    got = r.reindex(out["path"])
    out["agency_ok"] = (got["agency_id"].values == out["agency_id"].values)
    out["year_ok"] = (got["year"].astype("Int64").values == pd.to_numeric(out["year"]).values)
    out["template_ok"] = (got["template"].values == out["template"].values)
    reasons = fails.drop_duplicates("rel").set_index("rel")["reason"]
    out["reason"] = out["path"].map(reasons).astype(object).fillna("")
    return out


def _worst(cells: pd.DataFrame, files: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    c = cells[cells["source"] == "table"]
    g = c.groupby("path")
    df = pd.DataFrame({"true": g["true"].sum(), "found": g["found"].sum(),
                       "errors": g["outcome"].apply(lambda s: int((s != "right").sum()))})
    bad = c[c["outcome"] != "right"].drop_duplicates("path").set_index("path")
    df["example"] = bad.apply(lambda r: f"{r['outcome']}: {r['indicator']} {r['breakdown']} "
                              f"{r['measure']} true={r['value_true']}/{r['status_true']} "
                              f"found={r['value_found']}/{r['status_found']}", axis=1)
    df = df.join(files.set_index("path")[["form", "template", "noise"]])
    df = df[df["errors"] > 0].sort_values("errors", ascending=False).head(n)
    return df.reset_index()


def _read(path: Path, optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """A truth CSV as object strings; `optional` columns (added later) default to ''."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({c: df[c].astype(object) for c in df.columns})
    for c in optional:
        if c not in out:
            out[c] = ""
    return out


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Object columns (the dataset's are pyarrow strings), so merges and maps behave alike."""
    return pd.DataFrame({c: df[c].astype(object) for c in df.columns})


def evaluate(truth_dir: str | Path, dataset_dir: str | Path) -> EvalResult:
    """Compare the dataset in `dataset_dir` with the truth written by `xxgk simulate`."""
    from analysis.dataset.store import load_dataset

    tdir = Path(truth_dir) / "truth"
    if not (tdir / "facts.csv").exists():
        raise FileNotFoundError(f"{truth_dir}: no truth/facts.csv; run `xxgk simulate` first")
    tf, tflags = _read(tdir / "files.csv"), _read(tdir / "flags.csv")
    tfacts = _read(tdir / "facts.csv", ("printed", "counts"))
    tfacts["value"] = pd.to_numeric(tfacts["value"].replace({"": None, "nan": None}))
    ds = load_dataset(dataset_dir)
    reports = tf[tf["expect"] == "report"]
    known = set(tf["path"])
    facts = ds.facts.assign(path=_rel(ds.facts["path"], known))
    facts = facts[(facts["path"] != "") & (facts["source"] != "derived")]
    facts = _plain(facts)
    facts["value"] = pd.to_numeric(facts["value"])
    flags = _plain(ds.flags.assign(path=_rel(ds.flags["path"], known)))
    cells = compare_cells(tfacts, facts, abstentions(flags))
    meta = reports.set_index("path")
    cells = cells.join(meta[["form", "template", "noise"]], on="path")
    files = _files(tf, ds, known)
    res = EvalResult(cells=cells, flags=compare_flags(tflags, flags, set(reports["path"])),
                     files=files)
    table = cells[cells["source"] == "table"]
    noise = table.assign(noise=table["noise"].fillna("").replace("", "none").str.split(";"))
    res.tables = {"family": _breakdown(table, "family"), "form": _breakdown(table, "form"),
                  "template": _breakdown(table, "template"),
                  "noise": _breakdown(noise.explode("noise"), "noise"),
                  "printed": _breakdown(table, "printed"),
                  "narrative": _breakdown(cells[cells["source"] == "narrative"], "indicator"),
                  "worst": _worst(cells, files)}
    return res


def summary(res: EvalResult) -> str:
    """A plain-text report: headline, tables per family/form/noise, flags, worst reports, files."""
    p, r = res.score("table")
    np_, nr = res.score("narrative")
    f = res.files
    rep = f[f["expect"] == "report"]
    n_true = int(res.cells.loc[res.cells["source"] == "table", "true"].sum())
    out = [f"table cells: precision {p:.4f}, recall {r:.4f} ({n_true} true cells; "
           f"{res.abstained()} abstained, counted as misses)",
           f"narrative figures: precision {np_:.4f}, recall {nr:.4f} "
           f"({res.abstained('narrative')} abstained)",
           f"reports: {int((rep['outcome'] == 'report').sum())}/{len(rep)} in the dataset; "
           f"agency right {int(rep['agency_ok'].sum())}, year right {int(rep['year_ok'].sum())}, "
           f"template right {int(rep['template_ok'].sum())}"]
    bad = f[f["expect"] == "failure"]
    out.append(f"broken files: {int((bad['outcome'] == 'failure').sum())}/{len(bad)} reported "
               "as failures")
    lost = rep[rep["outcome"] != "report"]
    for row in lost.head(10).itertuples():
        out.append(f"  not a report in the dataset: {row.path} ({row.outcome}) {row.reason}")
    cols = ["true", "found", "right", "wrong", "missed", "extra", "abstained", "precision", "recall"]
    for name in ("family", "form", "template", "noise", "printed"):
        out += ["", f"by {name}:", res.tables[name][[name] + cols].to_string(index=False)]
    out += ["", "narrative figures by indicator:",
            res.tables["narrative"][["indicator"] + cols].to_string(index=False)]
    out += ["", "flags (files):", res.flags.drop(columns=["checked"]).to_string(index=False)
            if len(res.flags) else "(none)"]
    out += ["", "worst reports:", res.tables["worst"].to_string(index=False)
            if len(res.tables["worst"]) else "(none: every table cell right)"]
    return "\n".join(out)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--truth", required=True, help="corpus folder written by `xxgk simulate`")
    p.add_argument("--dataset", required=True, help="dataset folder written by `xxgk ingest`")
    p.add_argument("--out", help="also write the tables (CSV) and summary.txt here")
    p.add_argument("--floor", type=float, default=None,
                   help="exit 1 when table-cell precision or recall is below this")


def run(args: argparse.Namespace) -> int:
    try:
        res = evaluate(args.truth, args.dataset)
    except FileNotFoundError as exc:
        print(f"xxgk evaluate: {exc}", file=sys.stderr)
        return 2
    text = summary(res)
    print(text)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "summary.txt").write_text(text + "\n", encoding="utf-8")
        for name, df in res.tables.items():
            df.to_csv(out / f"{name}.csv", index=False)
        res.flags.to_csv(out / "flags.csv", index=False)
        res.files.to_csv(out / "files.csv", index=False)
        res.cells[res.cells["outcome"] != "right"].to_csv(out / "errors.csv", index=False)
    if args.floor is not None and min(res.precision, res.recall) < args.floor:
        print(f"below the floor {args.floor}", file=sys.stderr)
        return 1
    return 0
