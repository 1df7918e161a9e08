"""Write tests/fixtures/converted/: two simulated reports through every real conversion tool, once.

The reports are simulated (`xxgk simulate --seed 71 --agencies 2 --years 2012-2023 --forms
html,text --no-noise`: a legacy page, sl-city-2014, and a 2021-template page, sl-city-2022), so
their true figures are known: truth.csv holds the simulator's truth for them, the source pages are
kept beside it (source/), and each form the tools made (but the 400 KB PDFs) sits in a folder named after its steps
(see real_converters.chains). tests/test_converted.py reads every form in CI, where the tools
themselves are not needed. Run again only to refresh the fixtures with newer tools:

    python benchmarks/converted_fixtures.py
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import convert_tools as ct  # noqa: E402
from real_converters import chains, made, prepare  # noqa: E402

OUT = HERE.parent / "tests" / "fixtures" / "converted"
PICK = ("sl-city/sl-city-2014.html", "sl-city/sl-city-2022.html")
SIM = ["--seed", "71", "--agencies", "2", "--years", "2012-2023", "--forms", "html,text",
       "--no-noise"]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        sim, work = Path(tmp) / "sim", Path(tmp) / "work"
        subprocess.run([sys.executable, "-m", "analysis", "simulate", "--out", str(sim), *SIM],
                       check=True, capture_output=True)
        shutil.rmtree(OUT, ignore_errors=True)
        (OUT / "source").mkdir(parents=True)
        sources = [(sim / p, {}) for p in PICK]
        prepare(sources, work, jobs=2, fresh=True)
        for src, _ in sources:
            shutil.copy(src, OUT / "source" / src.name)
            for chain in chains("html").values():
                if chain in ((), ("chromium",), ("lo-doc",)):
                    continue  # the page is source/; a PDF is 400 KB (tests/test_pdf.py reads
                    # PDFs made by fpdf2); .doc is not read (ingest's line for it is tested)
                got = made(src, chain, work)
                dest = OUT / "+".join(chain) / got.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(got, dest)
        with open(sim / "truth" / "facts.csv", encoding="utf-8", newline="") as f, \
                open(OUT / "truth.csv", "w", encoding="utf-8", newline="") as g:
            rows = [r for r in csv.DictReader(f) if r["path"] in PICK]
            w = csv.DictWriter(g, fieldnames=list(rows[0]))
            w.writeheader()
            for r in rows:
                w.writerow({**r, "path": Path(r["path"]).name})
    print(f"written {OUT}: {sum(1 for p in OUT.rglob('*') if p.is_file())} files; "
          f"tools: {', '.join(s.name for s in ct.STEPS.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
