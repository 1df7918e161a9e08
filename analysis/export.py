"""`xxgk export --dataset D --out F.xlsx|F.csv`: the dataset wide, for Excel and R.

One row per agency and year, per concept its value and its status side by side, the ratios with
their numerator and denominator (`Dataset.wide()`, analysis.figures.wide). The .xlsx has a
second sheet, 说明, saying what each status means; the .csv is UTF-8 with a BOM (Excel reads it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SHEET, NOTES = "数据", "说明"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", help="dataset folder (default: outputs/dataset)")
    p.add_argument("--out", required=True, help="file to write: .xlsx or .csv")


def notes():
    """The 说明 sheet: each status id, its Chinese word and what it means."""
    import pandas as pd

    from analysis import vocab

    rows = [{"状态": r["status"], "含义": r["word_zh"] or "有数值", "说明": r["description"]}
            for r in vocab.rows("statuses.csv")]
    return pd.DataFrame(rows)


def write(df, out: Path) -> Path:
    """`df` to `out` (.xlsx with the 说明 sheet, or .csv), atomically."""
    from analysis.base.files import atomic_write

    if out.suffix.lower() == ".csv":
        return atomic_write(out, lambda p: df.to_csv(p, index=False, encoding="utf-8-sig"))

    def xlsx(p: Path) -> None:
        import pandas as pd

        with pd.ExcelWriter(p, engine="openpyxl") as w:
            df.to_excel(w, sheet_name=SHEET, index=False, freeze_panes=(1, 3))
            notes().to_excel(w, sheet_name=NOTES, index=False)

    return atomic_write(out, xlsx)


def run(args: argparse.Namespace) -> int:
    from analysis.base.errors import USAGE, said
    from analysis.dataset.store import load_dataset
    from analysis.render.api.slices import dataset_or_ingest

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        print(f"xxgk export: {out}: give a file ending in .xlsx or .csv", file=sys.stderr)
        return USAGE
    try:
        ds = load_dataset(dataset_or_ingest(args.dataset, "xxgk export"))
        wide = ds.wide()
        write(wide, out)
    except FileNotFoundError as exc:
        print(f"xxgk export: {exc}", file=sys.stderr)
        return USAGE
    except OSError as exc:
        return said(exc, "xxgk export")
    print(f"xxgk export: {len(wide)} agency-year row(s) × {wide.shape[1]} column(s) -> {out}")
    return 0
