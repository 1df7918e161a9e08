"""Hostile inputs, timed and weighed: each case of the hostile corpus (tests/hostile_corpus.py,
with the near-cap .docx: 190 MB of XML in a 0.6 MB file) read alone in a fresh process, then the
whole corpus through `xxgk ingest` as one process. For each: wall seconds and peak memory (the
largest single process of the tree, the reader's child included: the kernel's accounting via
wait4), and what the file became. The whole ingest must stay under 1 GB.

    .venv/bin/python benchmarks/hostile.py          # writes benchmarks/hostile_results.md
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from hostile_corpus import make  # noqa: E402  (the tests' generator, not a package)

LIMIT_MB = 1024
ONE = """
import json, sys
from analysis.dataset.batch import parse_one
r = parse_one(sys.argv[1], 120)
print(json.dumps({"became": "failure: " + r["failure"]["reason"][:70] if "failure" in r
                  else "report: " + " ".join(sorted({f["rule"] for f in r["flags"]}))[:70]}))
"""


def run(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak MB of the largest process in the tree, stdout) of one command."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = p.stdout.read()
    _, _, usage = os.wait4(p.pid, 0)
    p.returncode = 0
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, out


def cases(root: Path, want: dict) -> list[dict]:
    """Each file read alone (the reader and parser only: input rules such as the one on links
    out of the folder apply in the whole ingest below); first, start-up alone, for scale."""
    seconds, peak, _ = run([sys.executable, "-c", "import analysis.dataset.batch"])
    rows = [{"case": "(start-up only: the interpreter and the parser imported)",
             "seconds": seconds, "peak_mb": peak, "became": "-"}]
    for path in sorted(want):
        if not os.path.lexists(path) or os.path.isdir(path):
            continue  # folders and skips: part of the whole ingest below
        seconds, peak, out = run([sys.executable, "-c", ONE, path])
        became = json.loads(out)["became"] if out.strip() else "(no answer)"
        rows.append({"case": os.path.relpath(path, root), "seconds": seconds, "peak_mb": peak,
                     "became": became})
        print(f"{rows[-1]['case'][:40]:40} {seconds:6.2f} s {peak:7.0f} MB  {became}", flush=True)
    return rows


def whole(root: Path, out: Path) -> dict:
    cmd = [sys.executable, "-m", "analysis.cli", "ingest", str(root), "--out", str(out),
           "--quiet", "--time-limit", "120"]
    seconds, peak, said = run(cmd)
    return {"seconds": seconds, "peak_mb": peak, "summary": said.strip().splitlines()[0]}


REAL = Path("/work/shared/corpus")  # the development reports, where they are


def _growth(path: str) -> int:
    """In a child: bytes the resident set grew, at its peak, while the reader of `path` ran
    (the peak is reset first: a forked child inherits its parent's)."""
    from analysis.read import _read_bytes, _read_page, form_of
    from analysis.read.docx import _read as read_docx
    from analysis.read.pdf import _extract

    def vm(field: str) -> int:
        with open("/proc/self/status") as f:
            return next(int(x.split()[1]) * 1024 for x in f if x.startswith(field))

    data, p = _read_bytes(Path(path)), Path(path)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset VmHWM, the peak resident set
    start = vm("VmRSS:")
    form = form_of(p)
    if form == "pdf":
        _extract(data)
    elif form == "docx":
        read_docx(p, data)
    else:
        _read_page(p, form, data, "")
    return vm("VmHWM:") - start


def _long_pdf(path: Path) -> Path:
    """A 150-page text PDF (60 lines a page): before each page's layout objects were let go,
    its reader grew by 900 MB."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=9)
    for page in range(150):
        pdf.add_page()
        for i in range(60):
            pdf.cell(text=f"row {i} of page {page}: 12 34 56 78 90", new_x="LMARGIN",
                     new_y="NEXT")
    pdf.output(str(path))
    return path


def real_reports(tmp: Path) -> list[dict]:
    """The largest real report of each form (and a simulated .docx): what its reader takes."""
    from analysis.base.procs import MB, READ_MAX, in_child, read_budget
    from analysis.read import form_of

    files = [p for p in REAL.rglob("*") if p.is_file() and form_of(p)]
    subprocess.run([sys.executable, "-m", "analysis.cli", "simulate", "--out", str(tmp / "sim"),
                    "--agencies", "2", "--years", "2022-2023", "--forms", "docx"],
                   capture_output=True, check=False)
    files += list((tmp / "sim").rglob("*.docx"))[:2] + [_long_pdf(tmp / "long-150-pages.pdf")]
    rows, taken = [], {}
    for p in sorted(files, key=lambda f: (form_of(f), -f.stat().st_size)):
        taken[form_of(p)] = taken.get(form_of(p), 0) + 1
        if taken[form_of(p)] > 2 and not p.name.startswith("long-"):
            continue  # the two largest of each form
        grew = in_child(_growth, str(p), memory=READ_MAX) / MB
        rows.append({"form": form_of(p), "file": p.name, "kb": p.stat().st_size / 1024,
                     "grew_mb": grew, "cap_mb": read_budget(p.stat().st_size) / MB})
        print(f"{p.name[:40]:40} {grew:6.0f} MB of {rows[-1]['cap_mb']:.0f}", flush=True)
    return rows


def write(rows: list[dict], total: dict, real: list[dict]) -> Path:
    ok = total["peak_mb"] < LIMIT_MB
    lines = ["# Hostile inputs: seconds and peak memory", "",
             f"`python benchmarks/hostile.py` on {platform.machine()}, {os.cpu_count()} cores "
             f"(shared), Python {platform.python_version()}. Peak = the largest single process "
             "(the reader's child included), from the kernel's accounting of each finished run; "
             "each case in a fresh process (its first row: the interpreter with pandas and the "
             "parser loaded, for scale). Seconds are mostly start-up, on shared cores.", "",
             f"**Whole hostile ingest: {total['seconds']:.1f} s, peak {total['peak_mb']:.0f} MB "
             f"({'under' if ok else 'OVER'} the {LIMIT_MB} MB bound).** `{total['summary']}`", "",
             "| case | seconds | peak MB | became |", "| --- | ---: | ---: | --- |"]
    lines += [f"| `{r['case']!r}` | {r['seconds']:.2f} | {r['peak_mb']:.0f} | "
              f"{r['became'].replace('|', '/')} |" for r in rows]
    lines += ["", "## What real reports need", "",
              "How much the reader's resident memory grew at its peak, in a child, on the "
              "two largest development reports of each form (`../shared/corpus/`), two "
              "simulated .docx reports and a generated 150-page text PDF, against the cap for their size (the cap bounds the "
              "address space, which runs ahead of the resident set):", "",
              "| form | file | KB | grew MB | cap MB |", "| --- | --- | ---: | ---: | ---: |"]
    lines += [f"| {r['form']} | {r['file']} | {r['kb']:.0f} | {r['grew_mb']:.0f} | "
              f"{r['cap_mb']:.0f} |" for r in real]
    path = HERE / "hostile_results.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        want = make(root, docx_bomb=True)
        real = real_reports(Path(tmp))
        rows = cases(root, want)
        total = whole(root, Path(tmp) / "out")
        print(f"whole ingest: {total['seconds']:.1f} s, peak {total['peak_mb']:.0f} MB")
        print(write(rows, total, real))
    return 0 if total["peak_mb"] < LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
