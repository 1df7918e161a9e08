"""real_converters.py's options, simulated corpus and results file (kept apart to stay short)."""

from __future__ import annotations

import argparse
import csv
import platform
import subprocess
import sys
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

from real_accuracy import FileScore


def options(argv: list[str] | None) -> argparse.Namespace:
    """This bench's own options; the rest (--corpus, --results) go to real_accuracy.arguments."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--sim-agencies", type=int, default=20,
                   help="simulated agencies, 2009-2024 each (0: no simulated reports)")
    p.add_argument("--sim-reports", type=int, default=0,
                   help="score an even spread of this many of them (0: all)")
    p.add_argument("--seed", type=int, default=2027)
    p.add_argument("--jobs", type=int, default=3, help="Chromium processes at once")
    p.add_argument("--score-jobs", type=int, default=2,
                   help="processes making the Python tools' forms and reading every form")
    p.add_argument("--fresh", action="store_true", help="convert again, ignoring the cache")
    args, rest = p.parse_known_args(argv)
    args.rest = rest
    return args


def simulated(root: Path, agencies: int, seed: int, n: int = 0) -> list[tuple[Path, dict]]:
    """A simulated corpus of HTML and text reports (written once per agencies/seed) and each
    report's true figures in real_accuracy's entry form; `n` > 0: an even spread of n of them."""
    stamp = root / "made-with.txt"
    want = f"agencies {agencies} seed {seed} forms html,text years 2009-2024"
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != want:
        subprocess.run([sys.executable, "-m", "analysis", "simulate", "--out", str(root),
                        "--agencies", str(agencies), "--seed", str(seed), "--forms", "html,text",
                        "--years", "2009-2024"], check=True, capture_output=True)
        stamp.write_text(want, encoding="utf-8")
    with open(root / "truth" / "files.csv", encoding="utf-8", newline="") as f:
        files = [r["path"] for r in csv.DictReader(f) if r["expect"] == "report"]
    if 0 < n < len(files):
        files = [files[k * len(files) // n] for k in range(n)]
    figures: dict[str, list[dict]] = {p: [] for p in files}
    with open(root / "truth" / "facts.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["path"] not in figures or r["status"] not in ("reported", "blank"):
                continue
            e = {k: r[k] for k in ("indicator", "breakdown", "measure", "source")}
            e.update({"value": float(r["value"])} if r["status"] == "reported" else
                     {"status": "blank"})
            figures[r["path"]].append(e)
    return [(root / p, {"file": p, "figures": figs}) for p, figs in figures.items()]


def versions() -> str:
    """The tools' versions, as they say them."""
    out = []
    for cmd in (["chromium", "--version"], ["pdftotext", "-v"], ["soffice", "--version"]):
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            line = (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, subprocess.TimeoutExpired, IndexError):
            line = "not installed"
        out.append(f"{cmd[0]}: {line}")
    for pkg in ("pdfplumber", "markitdown", "pymupdf4llm", "pymupdf"):
        try:
            out.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            out.append(f"{pkg}: not installed")
    return "; ".join(out)


def _row(form: str, scores: list[FileScore], base: dict[str, int]) -> str:
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    want = sum(base.get(s.file, 0) for s in scores)
    wrong = sum(len(s.wrong) for s in scores)
    failed = sum(bool(s.error) for s in scores)
    share = f"{right / want:.1%}" if want else "-"
    return (f"| {form} | {len(scores)} | {right} / {total} ({right / max(total, 1):.1%}) | "
            f"{share} | {wrong} | {failed} |")


def _per_file(forms: dict[str, list[FileScore]]) -> list[str]:
    names = list(forms)
    out = ["| file | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    cells: dict[str, dict[str, str]] = {}
    for form, scores in forms.items():
        for s in scores:
            mark = "not read" if s.error else f"{s.right}/{s.total}" + (
                f" **{len(s.wrong)} wrong**" if s.wrong else "")
            cells.setdefault(s.file, {})[form] = mark
    out += [f"| {f} | " + " | ".join(c.get(n, "") for n in names) + " |" for f, c in cells.items()]
    return out


def _misses(forms: dict[str, list[FileScore]], every: bool) -> list[str]:
    out = []
    for form, scores in forms.items():
        if every:
            out += [f"- {form}, {s.file}: {m}" for s in scores if not s.error for m in s.missed]
            continue
        why = Counter(m.split(": ", 1)[-1][:90] for s in scores if not s.error for m in s.missed)
        out += [f"- {form}: {n} × {w}" for w, n in why.most_common(6)]
    errors = Counter((form, s.error[:160]) for form, scores in forms.items() for s in scores
                     if s.error)
    out += ["", "Files not read, with the line they failed with:", ""]
    out += [f"- {form}: {n} file(s): `{e}`" for (form, e), n in errors.items()] or ["- none"]
    return out


def report(results: dict[str, dict[str, list[FileScore]]], bad: list[str], original: str,
           seconds: float) -> str:
    """The results file: per group the forms' scores, the floors, then the details."""
    out = ["# The real reports through the real conversion tools", "",
           f"Measured {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
           f"{seconds:.0f}s. Command: `python benchmarks/real_converters.py`.", "",
           f"Tools: {versions()}.", "",
           "Each form is read alone by xxgk and scored with real_accuracy.py's rules. "
           "*Of original*: figures right in the form over those right in the file as published "
           "(floor 98% for every lossless form, i.e. all but LibreOffice's PDF, which clips a table wider than the page, and pdftotext's reading order and pdfminer.six, whose text no longer says which numbers are whose row). *Silent wrong*: a wrong "
           "value that no flag names (floor 0). OCR'd forms are not in this bench.", ""]
    out += ["## Floors", ""] + ([f"- {b}" for b in bad] or ["All met."]) + [""]
    for group, forms in results.items():
        base = {s.file: s.right for s in forms.get(original, [])}
        out += [f"## {group}", "", "| form | files | right / total | of original | silent wrong "
                "| not read |", "|---|---|---|---|---|---|"]
        out += [_row(form, scores, base) for form, scores in forms.items()] + [""]
        out += ["### Silent wrong numbers", ""]
        out += [f"- {form}, {s.file}: {w}" for form, scores in forms.items() for s in scores
                for w in s.wrong] or ["None."]
        if group == "real":
            out += ["", "### Per file (right / total)", ""] + _per_file(forms)
        out += ["", "### Figures missed" + (", with the reason" if group == "real" else
                                           ": the commonest reasons per form"), ""]
        out += _misses(forms, group == "real") + [""]
    return "\n".join(out) + "\n"


def summary(results: dict[str, dict[str, list[FileScore]]], original: str) -> None:
    for group, forms in results.items():
        base = {s.file: s.right for s in forms.get(original, [])}
        for form, scores in forms.items():
            right, total = sum(s.right for s in scores), sum(s.total for s in scores)
            want = sum(base.get(s.file, 0) for s in scores)
            print(f"{group:9s} {form:22s} {right:6d}/{total:6d}  of original "
                  f"{right / max(want, 1):6.1%}  silent wrong {sum(len(s.wrong) for s in scores)}"
                  f"  not read {sum(bool(s.error) for s in scores)}")
